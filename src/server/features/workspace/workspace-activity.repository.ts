import type { Db } from '../../db/client.ts';
import { workspaceActivity } from '../../db/schema.ts';

export interface NewWorkspaceActivity {
  organisationId: string;
  relationshipId: string;
  actorPersonId: string | null;
  /** e.g. agreement_edited, agreement_signed, goal_added, milestone_reached, goal_done, meeting_scheduled, … */
  kind: string;
  /** One line the pair reads on the timeline: titles only, never note bodies, never anything private. */
  summary: string;
  subjectId?: string | null;
  at: Date;
}

export async function insertWorkspaceActivity(db: Db, items: NewWorkspaceActivity[]): Promise<void> {
  if (items.length === 0) return;
  await db.insert(workspaceActivity).values(
    items.map((item) => ({
      organisationId: item.organisationId,
      relationshipId: item.relationshipId,
      actorPersonId: item.actorPersonId,
      kind: item.kind,
      summary: item.summary,
      subjectId: item.subjectId ?? null,
      createdAt: item.at,
    })),
  );
}
