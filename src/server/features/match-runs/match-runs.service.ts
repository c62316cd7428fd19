import type { z } from 'zod';
import type {
  CriteriaInput,
  compareQuery,
  createMatchRunInput,
  PairsQuery,
  PublishResult,
  RunEditInput,
} from '../../../contracts/match-runs.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { restsOnNeutral } from '../../../core/matching/neutral-share.ts';
import { fullScore } from '../../../core/matching/scoring-scale.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJob, type RunningJob } from '../../jobs/job-queue.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { programForStaff } from '../programs/program-access.ts';
import { programCriteria, saveProgramCriteria } from '../programs/programs.service.ts';
import {
  applyCriteriaInput,
  criteriaPreview,
  criteriaView,
  loadInput,
  storedCriteria,
} from './match-run-criteria.ts';
import { editDraft } from './match-run-edits.ts';
import { runPairsCsv } from './match-run-export.ts';
import { isGroupProgram, runGroupsView } from './match-run-groups.ts';
import { publishDraft } from './match-run-publish.ts';
import { explainPairOfRun } from './match-run-scoring.ts';
import { type MatchRunOutcome, solveRun } from './match-run-solve.ts';
import { shown, toView } from './match-run-views.ts';
import * as repo from './match-runs.repository.ts';

const matchRunJobKind = 'match_run';

/**
 * The match-runs feature's entry points (§4): each authorises the caller as the program's staff, opens the
 * transaction and hands the work to the module of its step — criteria (match-run-criteria.ts), solving a queued run
 * (match-run-solve.ts), scoring and explaining pairs again (match-run-scoring.ts), edits (match-run-edits.ts) and
 * publishing (match-run-publish.ts).
 */

// ── Criteria ──────────────────────────────────────────────────────────────────────────────────────────────────

export async function getCriteria(ctx: AppContext, actor: Actor | null, programId: string) {
  const { program } = await programForStaff(ctx, actor, programId);
  return criteriaView(programCriteria(program));
}

export async function updateCriteria(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: CriteriaInput,
) {
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForStaff(ctx, actor, programId, tx);
    const criteria = applyCriteriaInput(program, input);
    await saveProgramCriteria(tx, program.id, storedCriteria(criteria), ctx.now());
    await recordAudit(tx, {
      organisationId: staff.organisationId,
      actorUserId: staff.userId,
      action: 'program.criteria_updated',
      targetType: 'program',
      targetId: program.id,
      details: storedCriteria(criteria),
      at: ctx.now(),
    });
    return criteriaView(criteria);
  });
}

/** Score distribution and who would have no eligible mentor under criteria not yet saved. */
export async function previewCriteria(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: CriteriaInput,
) {
  const { program } = await programForStaff(ctx, actor, programId);
  const engineInput = await loadInput(ctx.db, program, applyCriteriaInput(program, input));
  return criteriaPreview(engineInput, ctx.now());
}

// ── Runs ──────────────────────────────────────────────────────────────────────────────────────────────────────

async function runOf(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  runId: string,
  db: Db = ctx.db,
) {
  const access = await programForStaff(ctx, actor, programId, db);
  const run = await repo.findRun(db, access.actor.organisationId, access.program.id, runId);
  if (!run) throw notFound('Match run');
  return { ...access, run };
}

/** Create a run (a draft once its job has run) and queue the job. */
export async function createMatchRun(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: z.infer<typeof createMatchRunInput>,
) {
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForStaff(ctx, actor, programId, tx);
    if (program.status === 'closed') throw new AppError('conflict', 'The program is closed');
    if (isGroupProgram(program) && input.mode !== 'optimal' && input.mode !== 'participation')
      throw invalidField(
        'body.mode',
        'must be optimal or participation for a group program: groups are formed for the best total or for the most mentees placed',
      );
    if (input.baseRunId) {
      const base = await repo.findRun(tx, staff.organisationId, program.id, input.baseRunId);
      if (!base) throw invalidField('baseRunId', 'is not a run of this program');
      if (base.status !== 'draft' && base.status !== 'published')
        throw invalidField(
          'baseRunId',
          `the run is ${base.status}; only a draft or published run can be a base`,
        );
    }
    const criteria = programCriteria(program);
    const run = await repo.insertRun(tx, {
      organisationId: staff.organisationId,
      programId: program.id,
      mode: input.mode,
      seed: input.seed ?? 1,
      status: 'queued',
      progress: { phase: 'queued', percent: 0 },
      criteria: storedCriteria(criteria),
      baseRunId: input.baseRunId ?? null,
      createdBy: staff.userId,
      createdAt: ctx.now(),
    });
    await enqueueJob(tx, {
      kind: matchRunJobKind,
      payload: { runId: run.id },
      organisationId: staff.organisationId,
      runAt: ctx.now(),
      maxAttempts: 1,
    });
    await recordAudit(tx, {
      organisationId: staff.organisationId,
      actorUserId: staff.userId,
      action: 'match_run.created',
      targetType: 'match_run',
      targetId: run.id,
      details: { programId: program.id, number: run.number, mode: run.mode, baseRunId: run.baseRunId },
      at: ctx.now(),
    });
    return toView(run);
  });
}

export async function listMatchRuns(ctx: AppContext, actor: Actor | null, programId: string) {
  const { actor: staff, program } = await programForStaff(ctx, actor, programId);
  const runs = await repo.listRuns(ctx.db, staff.organisationId, program.id);
  return { items: runs.map(toView) };
}

export async function getMatchRun(ctx: AppContext, actor: Actor | null, programId: string, runId: string) {
  const { run } = await runOf(ctx, actor, programId, runId);
  return toView(run);
}

/** The job handler: runs the match run named in the payload. */
export async function matchRunJob(ctx: AppContext, job: RunningJob) {
  const runId = (job.payload as { runId?: unknown } | null)?.runId;
  if (typeof runId !== 'string') throw new Error('match_run job without a runId');
  return runMatchRunNow(ctx, runId);
}

export type { MatchRunOutcome };

/** Compute a queued run now (the job, the demo, benchmarks); see `solveRun`. */
export function runMatchRunNow(ctx: AppContext, runId: string): Promise<MatchRunOutcome> {
  return solveRun(ctx, runId);
}

// ── Pairs and explanations ────────────────────────────────────────────────────────────────────────────────────

export async function listRunPairs(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  runId: string,
  query: PairsQuery,
) {
  const { run } = await runOf(ctx, actor, programId, runId);
  const { rows, total } = await repo.pagePairs(ctx.db, {
    runId: run.id,
    filter: query.filter,
    sort: query.sort,
    order: query.order,
    q: query.q,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) => ({
      mentee: {
        enrolmentId: row.menteeEnrolmentId,
        personId: row.menteePersonId,
        name: row.menteeName,
        title: row.menteeTitle,
        department: row.menteeDepartment,
      },
      mentor:
        row.mentorEnrolmentId && row.mentorPersonId
          ? {
              enrolmentId: row.mentorEnrolmentId,
              personId: row.mentorPersonId,
              name: row.mentorName ?? '',
              title: row.mentorTitle,
              department: row.mentorDepartment,
            }
          : null,
      score: shown(row.score),
      locked: row.locked,
      source: row.source as 'solver' | 'edit',
      reason: row.reason ?? null,
      neutralShare: row.neutralShare === null ? null : row.neutralShare / fullScore,
      restsOnNeutral: row.neutralShare !== null && restsOnNeutral(row.neutralShare / fullScore),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function explainRunPair(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  runId: string,
  menteeEnrolmentId: string,
) {
  const { program, run } = await runOf(ctx, actor, programId, runId);
  const pair = await repo.findPair(ctx.db, run.id, menteeEnrolmentId);
  if (!pair) throw notFound('Pair');
  const explanation = await explainPairOfRun(ctx.db, program, run, pair);
  if (!isGroupProgram(program) || !pair.mentorEnrolmentId) return explanation;
  // The cohesion line of the mentee's group (decision 031).
  const stats = (run.stats ?? {}) as { groups?: { items?: GroupStat[] } };
  const group = stats.groups?.items?.find((item) => item.mentorEnrolmentId === pair.mentorEnrolmentId);
  if (!group) return explanation;
  return {
    ...explanation,
    text: `${explanation.text}; group cohesion ${group.cohesion} (${group.why})`,
    group: { size: group.size, seats: group.seats, cohesion: group.cohesion, why: group.why },
  };
}

type GroupStat = { mentorEnrolmentId: string; size: number; seats: number; cohesion: number; why: string };

/** A group program's run as groups (staff): each mentor's group with its mentees, and who has no group. */
export async function getRunGroups(ctx: AppContext, actor: Actor | null, programId: string, runId: string) {
  const { program, run } = await runOf(ctx, actor, programId, runId);
  if (!isGroupProgram(program))
    throw new AppError('conflict', 'This program matches pairs, not groups: see the run’s pairs instead');
  if (run.status !== 'draft' && run.status !== 'published')
    throw new AppError('conflict', `The run is ${run.status}: it has no groups yet`);
  return runGroupsView(ctx.db, program, run);
}

/** The run's pairs as a CSV file (staff); the export is audited, as it carries names and emails. */
export async function exportRunPairs(ctx: AppContext, actor: Actor | null, programId: string, runId: string) {
  const { actor: staff, program, run } = await runOf(ctx, actor, programId, runId);
  if (run.status !== 'draft' && run.status !== 'published')
    throw new AppError('conflict', `The run is ${run.status}: it has no pairs to export yet`);
  const file = await runPairsCsv(ctx.db, program, run);
  await recordAudit(ctx.db, {
    organisationId: staff.organisationId,
    actorUserId: staff.userId,
    action: 'match_run.pairs_exported',
    targetType: 'match_run',
    targetId: run.id,
    details: { programId: program.id, number: run.number },
    at: ctx.now(),
  });
  return file;
}

// ── Edits ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Edit a draft: reassign, swap, unmatch, lock, unlock. Refuses pairs that break a rule or a mentor's capacity. */
export async function editMatchRun(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  runId: string,
  input: RunEditInput,
) {
  return ctx.db.transaction(async (tx) => {
    const access = await programForStaff(ctx, actor, programId, tx);
    const run = await repo.findRun(tx, access.actor.organisationId, access.program.id, runId, {
      forUpdate: true,
    });
    if (!run) throw notFound('Match run');
    if (run.status !== 'draft')
      throw new AppError('conflict', `The run is ${run.status}; only a draft can be edited`);
    return editDraft(ctx, tx, access.program, run, input);
  });
}

// ── Compare ───────────────────────────────────────────────────────────────────────────────────────────────────

export async function compareMatchRuns(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: z.infer<typeof compareQuery>,
) {
  const { actor: staff, program } = await programForStaff(ctx, actor, programId);
  const [a, b] = await Promise.all([
    repo.findRun(ctx.db, staff.organisationId, program.id, query.a),
    repo.findRun(ctx.db, staff.organisationId, program.id, query.b),
  ]);
  if (!a) throw notFound('Match run a');
  if (!b) throw notFound('Match run b');
  const { rows, total } = await repo.pageChangedPairs(
    ctx.db,
    a.id,
    b.id,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  const person = (enrolmentId: string | null, personId: string | null, name: string | null) =>
    enrolmentId && personId ? { enrolmentId, personId, name: name ?? '' } : null;
  return {
    a: toView(a),
    b: toView(b),
    changed: {
      items: rows.map((row) => ({
        mentee: {
          enrolmentId: row.mentee_enrolment_id,
          personId: row.mentee_person_id,
          name: row.mentee_name,
        },
        before: person(row.before_enrolment_id, row.before_person_id, row.before_name),
        after: person(row.after_enrolment_id, row.after_person_id, row.after_name),
        scoreBefore: shown(row.score_before),
        scoreAfter: shown(row.score_after),
        scoreDelta:
          row.score_before === null || row.score_after === null
            ? null
            : (row.score_after - row.score_before) / 100,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    },
  };
}

// ── Publish ───────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Publish a draft once: under a row lock on the run, create active relationships (skipping pairs that would now
 * exceed a mentor's capacity, whose mentee already has a mentor, or that break an identity rule), notify both
 * people of each pair, move a program in `matching` to `running`, and audit. A second call gets 409.
 */
export async function publishMatchRun(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  runId: string,
): Promise<PublishResult> {
  return ctx.db.transaction(async (tx) => {
    const access = await programForStaff(ctx, actor, programId, tx);
    const program = access.program;
    const run = await repo.findRun(tx, access.actor.organisationId, program.id, runId, { forUpdate: true });
    if (!run) throw notFound('Match run');
    if (run.status !== 'draft')
      throw new AppError('conflict', `The run is ${run.status}; only a draft can be published`);
    return publishDraft(ctx, tx, program, run, access.actor.userId);
  });
}

// ── Reads for staff's home ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Per program: solved runs waiting to be published (newer than the last published one), the newest of them, and
 * since when. The caller has established that the actor runs these programs.
 */
export async function runsReadyToPublishByProgram(
  db: Db,
  organisationId: string,
  programIds: readonly string[],
): Promise<Map<string, { count: number; newest: { id: string; number: number }; oldest: Date }>> {
  const rows = await repo.listRunsReadyToPublish(db, organisationId, programIds);
  return new Map(
    rows.map((row) => [
      row.programId,
      { count: row.count, newest: { id: row.newestId, number: row.newestNumber }, oldest: row.oldest },
    ]),
  );
}
