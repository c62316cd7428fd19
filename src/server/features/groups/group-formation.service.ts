import type { Db } from '../../db/client.ts';
import * as repo from './group-formation.repository.ts';

/**
 * Groups formed by match runs (decision 031): a group program's run places mentees in mentors' groups, and
 * publishing it creates one active group per mentor, origin `match_run`. A mentor leads at most one group per
 * program, so a run identifies a group by its mentor's enrolment.
 */

/** Mentors who already lead a group that is not closed: a run gives them no new group. */
export function mentorsLeadingGroups(db: Db, programId: string): Promise<Set<string>> {
  return repo.listLiveGroupMentors(db, programId);
}

/** “Ada’s group”, made distinct from the program's other groups (“Ada’s group 2”). */
export function runGroupName(firstName: string, taken: Set<string>): string {
  const base = `${firstName}’s group`;
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base} ${k}`;
  taken.add(name);
  return name;
}

/**
 * Create the groups of a published run in the caller's transaction (one per mentor, status active, origin
 * match_run); returns each group's id and name by its mentor's enrolment. The caller has checked that none of these
 * mentors leads a live group.
 */
export async function createRunGroups(
  tx: Db,
  input: {
    organisationId: string;
    programId: string;
    runId: string;
    now: Date;
    groups: { mentorEnrolmentId: string; mentorPersonId: string; mentorFirstName: string }[];
  },
) {
  const taken = await repo.listGroupNames(tx, input.programId);
  return repo.insertRunGroups(tx, {
    ...input,
    groups: input.groups.map((group) => ({
      mentorEnrolmentId: group.mentorEnrolmentId,
      mentorPersonId: group.mentorPersonId,
      name: runGroupName(group.mentorFirstName, taken),
    })),
  });
}
