import type { PublishResult } from '../../../contracts/match-runs.contracts.ts';
import { describeRule } from '../../../core/matching/explain.ts';
import type { ProgramStatus } from '../../../core/programs/program-lifecycle.ts';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { loadMatchingProfiles } from '../enrolments/enrolment-profiles.service.ts';
import { createRunGroups, mentorsLeadingGroups } from '../groups/group-formation.service.ts';
import { notifyPeopleAndTally } from '../notifications/notice-tally.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { advanceProgramStatus } from '../programs/programs.service.ts';
import { matchReasons } from '../relationships/pair-scoring.service.ts';
import {
  firstNameOf,
  type PublishedPair,
  relationshipStartedNotes,
  startPublishedRelationships,
} from '../relationships/relationships.service.ts';
import { identityRuleBroken, runCriteriaOf } from './match-run-criteria.ts';
import { isGroupProgram } from './match-run-groups.ts';
import { criteriaOfRun } from './match-run-scoring.ts';
import { toView } from './match-run-views.ts';
import type { MatchRunRow } from './match-runs.repository.ts';
import * as repo from './match-runs.repository.ts';

/**
 * Publish a draft run the caller has locked: create active relationships (skipping pairs that would now exceed a
 * mentor's capacity, whose mentee already has a mentor, or that break an identity rule), notify both people of each
 * pair (and count how each was told), move an enrolling or matching program to `running` once a pair is published,
 * and audit.
 */
export async function publishDraft(
  ctx: AppContext,
  tx: Db,
  program: ProgramRow,
  run: MatchRunRow,
  actorUserId: string,
): Promise<PublishResult> {
  const now = ctx.now();

  const held = await repo.lockMentorLoads(tx, program.organisationId, program.id);
  const [pairs, profiles, previousPairs, paired] = await Promise.all([
    repo.listAllPairs(tx, run.id),
    loadMatchingProfiles(tx, program.organisationId, program.id),
    repo.listPreviousPersonPairs(tx, program.organisationId, program.id),
    repo.listPairedMenteeEnrolments(tx, program.organisationId, program.id),
  ]);
  const mentorBy = new Map(profiles.mentors.map((m) => [m.enrolmentId, m]));
  const menteeBy = new Map(profiles.mentees.map((m) => [m.enrolmentId, m]));
  const rules = {
    previousPairKeys: new Set(previousPairs.map(([mentee, mentor]) => `${mentee}\u0000${mentor}`)),
    criteria: runCriteriaOf(run, program),
  };
  const skipped: PublishResult['skipped'] = [];
  const rows: PublishedPair[] = [];
  // Locked pairs claim capacity first, then the best scores.
  const ordered = pairs
    .filter((pair) => pair.mentorEnrolmentId)
    .sort((a, b) => Number(b.locked) - Number(a.locked) || (b.score ?? 0) - (a.score ?? 0));
  for (const pair of ordered) {
    const mentorEnrolmentId = pair.mentorEnrolmentId!;
    const skip = (reason: string) =>
      skipped.push({ menteeEnrolmentId: pair.menteeEnrolmentId, mentorEnrolmentId, reason });
    const mentor = mentorBy.get(mentorEnrolmentId);
    const mentee = menteeBy.get(pair.menteeEnrolmentId);
    if (!mentor || !mentee) {
      skip('no longer enrolled');
      continue;
    }
    if (paired.has(pair.menteeEnrolmentId)) {
      skip('the mentee already has a mentor in this program');
      continue;
    }
    const broken = identityRuleBroken(rules, mentee, mentor);
    if (broken) {
      skip(describeRule(broken));
      continue;
    }
    const load = held.get(mentorEnrolmentId) ?? 0;
    if (load >= mentor.capacity) {
      skip('the mentor has no capacity left');
      continue;
    }
    held.set(mentorEnrolmentId, load + 1);
    paired.add(pair.menteeEnrolmentId);
    rows.push({
      mentorEnrolmentId,
      menteeEnrolmentId: pair.menteeEnrolmentId,
      mentorPersonId: mentor.personId,
      menteePersonId: mentee.personId,
      score: pair.score,
    });
  }
  const grouped = isGroupProgram(program);
  const formed = grouped ? await formRunGroups(tx, program, run, rows, skipped, mentorBy, now) : null;
  const created = await startPublishedRelationships(tx, {
    organisationId: program.organisationId,
    programId: program.id,
    runId: run.id,
    actorUserId: actorUserId,
    now,
    rows: formed ? formed.rows : rows,
  });
  const groupOfMentor = new Map<string, string>();
  for (const row of formed?.rows ?? [])
    groupOfMentor.set(row.mentorPersonId, formed!.groups.find((g) => g.id === row.groupId)?.name ?? '');
  const nameOf = new Map<string, string>();
  for (const m of [...profiles.mentors, ...profiles.mentees]) nameOf.set(m.personId, m.name ?? '');
  // Why each pair was matched, as the run scored it (decision 016), found by its mentee (one pair per mentee).
  const criteriaOf = await criteriaOfRun(tx, program, run);
  const explained = await repo.listMatchedPairExplanations(tx, run.id);
  const pairOfMentee = new Map(explained.map((pair) => [pair.menteeEnrolmentId, pair]));
  const menteeEnrolmentOf = new Map(rows.map((row) => [row.menteePersonId, row.menteeEnrolmentId]));
  const { created: notificationsCreated, tally: told } = await notifyPeopleAndTally(
    tx,
    created.flatMap((rel) => {
      const pair = pairOfMentee.get(menteeEnrolmentOf.get(rel.menteePersonId) ?? '');
      const criteria = pair ? criteriaOf(pair) : null;
      const mentorName = nameOf.get(rel.mentorPersonId) || null;
      const menteeName = nameOf.get(rel.menteePersonId) || null;
      const groupName = groupOfMentor.get(rel.mentorPersonId);
      return relationshipStartedNotes({
        relationship: { ...rel, organisationId: program.organisationId, programId: program.id },
        programName: program.name,
        mentorName,
        menteeName,
        reasons: criteria ? matchReasons(criteria) : [],
        dedupeKey: `publish:${rel.id}`,
        ...(groupName
          ? {
              mentee: {
                kind: 'group_started',
                title: `You are in “${groupName}” with ${mentorName ?? 'your mentor'} in ${program.name}`,
              },
              mentor: {
                kind: 'group_started',
                title: `${menteeName ?? 'A mentee'} is in your group “${groupName}” in ${program.name}`,
              },
            }
          : {}),
      });
    }),
  );
  const published = { ...run, status: 'published', publishedAt: now };
  await repo.updateRun(tx, run.id, { status: 'published', publishedAt: now });
  const programOutcome = await startProgram(tx, program, created.length, now);
  await recordAudit(tx, {
    organisationId: program.organisationId,
    actorUserId: actorUserId,
    action: 'match_run.published',
    targetType: 'match_run',
    targetId: run.id,
    details: {
      programId: program.id,
      number: run.number,
      relationships: created.length,
      skipped: skipped.length,
      ...(formed ? { groups: formed.groups.length } : {}),
      ...(programOutcome.changed
        ? { programStatus: { from: program.status, to: programOutcome.status } }
        : {}),
    },
    at: now,
  });
  return {
    run: toView(published),
    relationshipsCreated: created.length,
    skipped,
    ...(formed ? { groups: formed.groups } : {}),
    notificationsCreated,
    told,
    program: programOutcome,
  };
}

const statusWord: Record<string, string> = {
  draft: 'a draft',
  enrolling: 'enrolling',
  matching: 'in matching',
  running: 'running',
  closed: 'closed',
};

/**
 * Publishing pairs starts the program: one enrolling or matching moves to running, once at least one pair was
 * published. Otherwise it stays where it is, and the answer says why.
 */
async function startProgram(
  tx: Db,
  program: ProgramRow,
  published: number,
  now: Date,
): Promise<PublishResult['program']> {
  const from = program.status as ProgramStatus;
  if (from === 'running')
    return { status: from, changed: false, message: 'The program was already running.' };
  if (from !== 'enrolling' && from !== 'matching')
    return {
      status: from,
      changed: false,
      message: `The program is ${statusWord[from] ?? from}, so its status did not change: move it along its lifecycle from the overview.`,
    };
  if (published === 0)
    return {
      status: from,
      changed: false,
      message: `No pair was published, so the program is still ${statusWord[from]}.`,
    };
  await advanceProgramStatus(tx, program.id, from, 'running', now);
  return { status: 'running', changed: true, message: 'The program is now running.' };
}

/**
 * Group programs (decision 031): the pairs that passed the checks, by mentor, become groups. A group below the
 * program's minimum size (after those checks), above its maximum, or whose mentor already leads a group is not
 * published: its mentees are skipped with the reason. One active `mentoring_groups` row per group (origin
 * match_run), and each member's relationship carries the group's id.
 */
async function formRunGroups(
  tx: Db,
  program: ProgramRow,
  run: MatchRunRow,
  rows: PublishedPair[],
  skipped: PublishResult['skipped'],
  mentorBy: Map<string, { personId: string; name?: string | null }>,
  now: Date,
) {
  const leading = await mentorsLeadingGroups(tx, program.id);
  const byMentor = new Map<string, PublishedPair[]>();
  for (const row of rows) {
    if (!byMentor.has(row.mentorEnrolmentId)) byMentor.set(row.mentorEnrolmentId, []);
    byMentor.get(row.mentorEnrolmentId)!.push(row);
  }
  const kept: [string, PublishedPair[]][] = [];
  for (const [mentorEnrolmentId, members] of byMentor) {
    const mentorName = mentorBy.get(mentorEnrolmentId)?.name ?? 'The mentor';
    const reason = leading.has(mentorEnrolmentId)
      ? `${mentorName} already leads a group in this program`
      : members.length < program.groupMinSize
        ? `the group of ${mentorName} would have ${members.length} mentee${members.length === 1 ? '' : 's'}, fewer than the program’s minimum of ${program.groupMinSize}`
        : members.length > program.groupMaxSize
          ? `the group of ${mentorName} would have ${members.length} mentees, more than the program’s maximum of ${program.groupMaxSize}`
          : null;
    if (reason) {
      for (const member of members)
        skipped.push({ menteeEnrolmentId: member.menteeEnrolmentId, mentorEnrolmentId, reason });
      continue;
    }
    kept.push([mentorEnrolmentId, members]);
  }
  const ids = await createRunGroups(tx, {
    organisationId: program.organisationId,
    programId: program.id,
    runId: run.id,
    now,
    groups: kept.map(([mentorEnrolmentId, members]) => ({
      mentorEnrolmentId,
      mentorPersonId: members[0]!.mentorPersonId,
      mentorFirstName: mentorBy.get(mentorEnrolmentId)?.name
        ? firstNameOf(mentorBy.get(mentorEnrolmentId)?.name)
        : 'Mentor',
    })),
  });
  const groups = kept.map(([mentorEnrolmentId, members]) => ({
    id: ids.get(mentorEnrolmentId)!.id,
    name: ids.get(mentorEnrolmentId)!.name,
    mentorEnrolmentId,
    members: members.length,
  }));
  return {
    groups,
    rows: kept.flatMap(([mentorEnrolmentId, members]) =>
      members.map((member) => ({ ...member, groupId: ids.get(mentorEnrolmentId)!.id })),
    ),
  };
}
