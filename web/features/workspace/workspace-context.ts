import type { MyRelationship, PartySummary } from '../../../src/contracts/relationships.contracts.ts';

/** What every workspace panel is given: whose workspace it is, who is looking, and whether it can change. */
export interface WorkspaceContext {
  relationshipId: string;
  program: { id: string; name: string };
  myRole: MyRelationship['myRole'];
  me: { personId: string; name: string };
  partner: PartySummary;
  /** The relationship is completed or ended early: show everything, offer no edits. */
  readOnly: boolean;
}
