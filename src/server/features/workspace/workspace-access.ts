import { AppError, notFound } from '../../../core/errors.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import type { RelationshipSummaryRow } from '../relationships/relationships.service.ts';
import { relationshipForActor } from '../relationships/relationships.service.ts';

/**
 * Who may read and write a pair's workspace (§6, §10). The workspace belongs to the pair: program staff see
 * relationship metadata and aggregates elsewhere, never the workspace's content, and anyone else gets the same 404
 * as for an id that does not exist. A workspace opens when the relationship becomes active and stays readable to
 * the pair after it is completed or ended early, but is then read-only.
 */

/** Statuses whose relationship has (or had) a workspace. */
const OPEN_STATUSES = new Set(['active']);
const READABLE_STATUSES = new Set(['active', 'completed', 'ended_early']);

export interface PairWorkspace {
  actor: Actor;
  row: RelationshipSummaryRow;
  relationshipId: string;
  organisationId: string;
  programId: string;
  role: 'mentor' | 'mentee';
  /** The caller's person id (one side of the pair). */
  personId: string;
  partnerPersonId: string;
  /** True once the relationship is completed or ended early: reads only. */
  readOnly: boolean;
}

/**
 * The relationship's workspace as one side of the pair sees it. `write` refuses with 409 when the workspace is
 * read-only. Staff and strangers get 404: the workspace's content is the pair's alone.
 */
export async function workspaceForPair(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  mode: 'read' | 'write',
  db: Db = ctx.db,
): Promise<PairWorkspace> {
  const access = await relationshipForActor(ctx, actor, relationshipId, db);
  if (access.role === 'staff') throw notFound('Relationship');
  const r = access.row.relationship;
  if (!READABLE_STATUSES.has(r.status)) {
    throw new AppError('conflict', 'The workspace opens when the mentor has accepted the relationship', {
      status: r.status,
    });
  }
  const readOnly = !OPEN_STATUSES.has(r.status);
  if (mode === 'write' && readOnly) {
    throw new AppError('conflict', 'This relationship has ended: its workspace is read-only', {
      status: r.status,
    });
  }
  const personId = access.role === 'mentor' ? r.mentorPersonId : r.menteePersonId;
  const partnerPersonId = access.role === 'mentor' ? r.menteePersonId : r.mentorPersonId;
  return {
    actor: access.actor,
    row: access.row,
    relationshipId: r.id,
    organisationId: r.organisationId,
    programId: r.programId,
    role: access.role,
    personId,
    partnerPersonId,
    readOnly,
  };
}
