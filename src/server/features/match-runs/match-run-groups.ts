import type { MatchRunStats, RunGroups } from '../../../contracts/match-runs.contracts.ts';
import { AppError } from '../../../core/errors.ts';
import { unmatchedText } from '../../../core/matching/explain.ts';
import { cohesionFactor, cohesionModel } from '../../../core/matching/groups/cohesion.ts';
import { formGroups } from '../../../core/matching/groups/form-groups.ts';
import type { Db } from '../../db/client.ts';
import { loadMatchingProfiles } from '../enrolments/enrolment-profiles.service.ts';
import { mentorsLeadingGroups } from '../groups/group-formation.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { runCriteriaOf } from './match-run-criteria.ts';
import { shown } from './match-run-views.ts';
import type { MatchRunRow } from './match-runs.repository.ts';
import * as repo from './match-runs.repository.ts';

/**
 * Match runs of group programs (decision 031): the run places mentees in mentors' groups (a mentor leads at most one
 * group per program, so `match_run_pairs` keep mentee → mentor = the group), with the program's size limits and the
 * cohesion criterion; its statistics and review show groups.
 */

export function isGroupProgram(program: Pick<ProgramRow, 'type'>): boolean {
  return program.type === 'group';
}

type Mentor = { enrolmentId: string; capacity: number; currentMentees?: number };

/**
 * Places a group may have: the program's maximum, or the mentor's capacity left if smaller; none for a mentor who
 * already leads a group in the program (it grows outside runs).
 */
export function groupSeats(program: ProgramRow, mentor: Mentor, leading: ReadonlySet<string>): number {
  if (leading.has(mentor.enrolmentId) || (mentor.currentMentees ?? 0) > 0) return 0;
  return Math.max(0, Math.min(program.groupMaxSize, mentor.capacity - (mentor.currentMentees ?? 0)));
}

/** Solve a group program's run: the group former over the run's score matrix, with the kept locks. */
export async function solveGroupRun(
  db: Db,
  program: ProgramRow,
  run: MatchRunRow,
  input: {
    scores: Int32Array;
    mentors: readonly Mentor[];
    mentees: readonly Parameters<typeof cohesionModel>[0][number][];
    locked: [number, number][];
    at: Date;
  },
) {
  const leading = await mentorsLeadingGroups(db, program.id);
  const seats = input.mentors.map((mentor) => groupSeats(program, mentor, leading));
  const model = cohesionModel(input.mentees, input.at);
  const result = formGroups({
    menteeCount: input.mentees.length,
    mentorCount: input.mentors.length,
    scores: input.scores,
    seats,
    minSize: program.groupMinSize,
    maxSize: program.groupMaxSize,
    locked: input.locked,
    mode: run.mode === 'participation' ? 'participation' : 'optimal',
    similarity: model.similarity,
    cohesionFactor: cohesionFactor(runCriteriaOf(run, program).cohesion),
    seed: run.seed,
  });
  return result.mentorOf;
}

/** Room left for kept locks per mentor in a group program (the group's places). */
export async function groupLockRoom(db: Db, program: ProgramRow, mentors: readonly Mentor[]) {
  const leading = await mentorsLeadingGroups(db, program.id);
  return mentors.map((mentor) => groupSeats(program, mentor, leading));
}

/** The groups of a run as they stand (sizes, places, cohesion and why), for its statistics. */
export async function groupStatsOf(
  db: Db,
  program: ProgramRow,
  runId: string,
  at: Date,
): Promise<NonNullable<MatchRunStats['groups']>> {
  const [pairs, profiles, leading] = await Promise.all([
    repo.listAllPairs(db, runId),
    loadMatchingProfiles(db, program.organisationId, program.id),
    mentorsLeadingGroups(db, program.id),
  ]);
  const inRun = new Set(pairs.map((pair) => pair.menteeEnrolmentId));
  const mentees = profiles.mentees.filter((mentee) => inRun.has(mentee.enrolmentId));
  const menteeIndex = new Map(mentees.map((mentee, i) => [mentee.enrolmentId, i]));
  const mentorBy = new Map(profiles.mentors.map((mentor) => [mentor.enrolmentId, mentor]));
  const model = cohesionModel(mentees, at);
  const byMentor = new Map<string, number[]>();
  for (const pair of pairs) {
    const i = menteeIndex.get(pair.menteeEnrolmentId);
    if (!pair.mentorEnrolmentId || i === undefined) continue;
    if (!byMentor.has(pair.mentorEnrolmentId)) byMentor.set(pair.mentorEnrolmentId, []);
    byMentor.get(pair.mentorEnrolmentId)!.push(i);
  }
  const items = [...byMentor].map(([mentorEnrolmentId, members]) => {
    const mentor = mentorBy.get(mentorEnrolmentId);
    const { cohesion, text } = model.describe(members);
    // Seats as the run saw them: the group's own members do not count against the mentor.
    const seats = mentor
      ? Math.min(program.groupMaxSize, Math.max(0, mentor.capacity - (mentor.currentMentees ?? 0)))
      : program.groupMaxSize;
    return {
      mentorEnrolmentId,
      size: members.length,
      seats: leading.has(mentorEnrolmentId) ? 0 : seats,
      cohesion: Math.round(cohesion * 1000) / 10,
      why: text,
      belowMinimum: members.length < program.groupMinSize,
    };
  });
  items.sort((a, b) => a.mentorEnrolmentId.localeCompare(b.mentorEnrolmentId));
  return { minSize: program.groupMinSize, maxSize: program.groupMaxSize, items };
}

/** Refuses to place one more mentee in a group that has no place left (409 naming the group). */
export async function checkGroupRoom(
  db: Db,
  program: ProgramRow,
  runId: string,
  mentor: Mentor & { name?: string | null },
  exceptMentees: string[],
) {
  const taken = await repo.countMentorPairs(db, runId, mentor.enrolmentId, exceptMentees);
  const seats = Math.min(program.groupMaxSize, Math.max(0, mentor.capacity - (mentor.currentMentees ?? 0)));
  if (taken + 1 > seats)
    throw new AppError(
      'conflict',
      `${groupLabel(mentor.name)} is full: it has ${taken} of ${seats} places taken${
        seats < program.groupMaxSize
          ? ` (the mentor takes ${seats} mentees)`
          : ' (the program’s maximum group size)'
      }.`,
      { group: mentor.enrolmentId, size: taken, seats },
    );
}

function groupLabel(mentorName: string | null | undefined): string {
  return mentorName ? `${mentorName}’s group` : 'The group';
}

/** A group program's run as groups, with each group's mentees and the mentees left without a group. */
export async function runGroupsView(db: Db, program: ProgramRow, run: MatchRunRow): Promise<RunGroups> {
  const stats = (run.stats ?? {}) as Partial<MatchRunStats>;
  const statBy = new Map((stats.groups?.items ?? []).map((item) => [item.mentorEnrolmentId, item]));
  const { rows } = await repo.pagePairs(db, {
    runId: run.id,
    filter: 'all',
    sort: 'mentor',
    order: 'asc',
    limit: 100_000,
    offset: 0,
  });
  const groups = new Map<string, RunGroups['groups'][number]>();
  const unmatched: RunGroups['unmatched'] = [];
  for (const row of rows) {
    const mentee = { enrolmentId: row.menteeEnrolmentId, personId: row.menteePersonId, name: row.menteeName };
    if (!row.mentorEnrolmentId || !row.mentorPersonId) {
      const reason = (row.reason ?? null) as Parameters<typeof unmatchedText>[0] | null;
      unmatched.push({
        mentee,
        reason: !reason
          ? 'not placed'
          : (reason.code as string) === 'unmatched_by_edit'
            ? 'taken out of their group by an edit'
            : reason.code === 'mentors_at_capacity'
              ? `every group open to them (${reason.eligibleMentors} eligible mentors) was full or did not open`
              : unmatchedText(reason),
      });
      continue;
    }
    let group = groups.get(row.mentorEnrolmentId);
    if (!group) {
      const stat = statBy.get(row.mentorEnrolmentId);
      group = {
        mentor: {
          enrolmentId: row.mentorEnrolmentId,
          personId: row.mentorPersonId,
          name: row.mentorName ?? '',
        },
        size: 0,
        seats: stat?.seats ?? program.groupMaxSize,
        cohesion: stat?.cohesion ?? 0,
        why: stat?.why ?? '',
        belowMinimum: false,
        meanScore: null,
        members: [],
      };
      groups.set(row.mentorEnrolmentId, group);
    }
    group.members.push({ mentee, score: shown(row.score), locked: row.locked });
  }
  for (const group of groups.values()) {
    group.size = group.members.length;
    group.belowMinimum = group.size < program.groupMinSize;
    const scores = group.members.map((m) => m.score).filter((s): s is number => s !== null);
    group.meanScore =
      scores.length === 0
        ? null
        : Math.round((100 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 100;
    group.members.sort((a, b) => a.mentee.name.localeCompare(b.mentee.name));
  }
  unmatched.sort((a, b) => a.mentee.name.localeCompare(b.mentee.name));
  return {
    minSize: program.groupMinSize,
    maxSize: program.groupMaxSize,
    groups: [...groups.values()].sort((a, b) => a.mentor.name.localeCompare(b.mentor.name)),
    unmatched,
  };
}
