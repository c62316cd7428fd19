import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mentoringGroups } from '../../db/schema.ts';

/**
 * The groups a published match run forms (decision 031): one `mentoring_groups` row per group, written set-based in
 * the publishing transaction. Staff-made and self-select groups are groups.repository.ts's.
 */

export interface NewRunGroup {
  mentorEnrolmentId: string;
  mentorPersonId: string;
  name: string;
}

/** Mentors of the program who lead a group that is not closed (a mentor leads at most one per program). */
export async function listLiveGroupMentors(db: Db, programId: string): Promise<Set<string>> {
  const rows = await db
    .select({ mentorEnrolmentId: mentoringGroups.mentorEnrolmentId })
    .from(mentoringGroups)
    .where(and(eq(mentoringGroups.programId, programId), ne(mentoringGroups.status, 'closed')));
  return new Set(rows.map((row) => row.mentorEnrolmentId));
}

/** Active groups from a run; returns each new group's id and name by its mentor's enrolment. */
export async function insertRunGroups(
  tx: Db,
  input: { organisationId: string; programId: string; runId: string; now: Date; groups: NewRunGroup[] },
) {
  if (input.groups.length === 0) return new Map<string, { id: string; name: string }>();
  const rows = await tx
    .insert(mentoringGroups)
    .values(
      input.groups.map((group) => ({
        organisationId: input.organisationId,
        programId: input.programId,
        mentorEnrolmentId: group.mentorEnrolmentId,
        mentorPersonId: group.mentorPersonId,
        name: group.name,
        status: 'active',
        origin: 'match_run',
        matchRunId: input.runId,
        createdAt: input.now,
        updatedAt: input.now,
      })),
    )
    .returning({
      id: mentoringGroups.id,
      name: mentoringGroups.name,
      mentor: mentoringGroups.mentorEnrolmentId,
    });
  return new Map(rows.map((row) => [row.mentor, { id: row.id, name: row.name }]));
}

/** Names of the program's groups (any status), to keep a new group's name distinct. */
export async function listGroupNames(db: Db, programId: string) {
  const rows = await db
    .select({ name: mentoringGroups.name })
    .from(mentoringGroups)
    .where(eq(mentoringGroups.programId, programId));
  return new Set(rows.map((row) => row.name));
}
