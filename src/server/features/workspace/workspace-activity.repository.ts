import { and, eq } from 'drizzle-orm';
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

/** Whether the pair's timeline already has a line of this kind about this subject. */
export async function hasWorkspaceActivity(
  db: Db,
  relationshipId: string,
  kind: string,
  subjectId: string,
): Promise<boolean> {
  const rows = await db
    .select({ id: workspaceActivity.id })
    .from(workspaceActivity)
    .where(
      and(
        eq(workspaceActivity.relationshipId, relationshipId),
        eq(workspaceActivity.kind, kind),
        eq(workspaceActivity.subjectId, subjectId),
      ),
    )
    .limit(1);
  return rows.length > 0;
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
