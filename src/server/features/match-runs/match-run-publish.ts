import type { PublishResult } from '../../../contracts/match-runs.contracts.ts';
import { describeRule } from '../../../core/matching/explain.ts';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { loadMatchingProfiles } from '../enrolments/enrolment-profiles.service.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { advanceProgramStatus } from '../programs/programs.service.ts';
import { type PublishedPair, startPublishedRelationships } from '../relationships/relationships.service.ts';
import { identityRuleBroken, runCriteriaOf } from './match-run-criteria.ts';
import { toView } from './match-run-views.ts';
import type { MatchRunRow } from './match-runs.repository.ts';
import * as repo from './match-runs.repository.ts';

/**
 * Publish a draft run the caller has locked: create active relationships (skipping pairs that would now exceed a
 * mentor's capacity, whose mentee already has a mentor, or that break an identity rule), notify both people of each
 * pair, move a program in `matching` to `running`, and audit.
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
  const created = await startPublishedRelationships(tx, {
    organisationId: program.organisationId,
    programId: program.id,
    runId: run.id,
    actorUserId: actorUserId,
    now,
    rows,
  });
  const nameOf = new Map<string, string>();
  for (const m of [...profiles.mentors, ...profiles.mentees]) nameOf.set(m.personId, m.name ?? '');
  const notificationsCreated = await notifyPeople(
    tx,
    created.flatMap((rel) => [
      {
        organisationId: program.organisationId,
        personId: rel.mentorPersonId,
        kind: 'relationship_started',
        title: `You are mentoring ${nameOf.get(rel.menteePersonId) ?? 'a new mentee'} in ${program.name}`,
        body: 'Say hello and agree when to meet first.',
        link: `/relationships/${rel.id}`,
        relationshipId: rel.id,
        dedupeKey: `publish:${rel.id}:${rel.mentorPersonId}`,
      },
      {
        organisationId: program.organisationId,
        personId: rel.menteePersonId,
        kind: 'relationship_started',
        title: `${nameOf.get(rel.mentorPersonId) ?? 'A mentor'} is your mentor in ${program.name}`,
        body: 'Say hello and agree when to meet first.',
        link: `/relationships/${rel.id}`,
        relationshipId: rel.id,
        dedupeKey: `publish:${rel.id}:${rel.menteePersonId}`,
      },
    ]),
  );
  const published = { ...run, status: 'published', publishedAt: now };
  await repo.updateRun(tx, run.id, { status: 'published', publishedAt: now });
  await advanceProgramStatus(tx, program.id, 'matching', 'running', now);
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
    },
    at: now,
  });
  return { run: toView(published), relationshipsCreated: created.length, skipped, notificationsCreated };
}
