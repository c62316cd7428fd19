import type { z } from 'zod';
import type {
  CriteriaInput,
  CriteriaView,
  compareQuery,
  createMatchRunInput,
  MatchRun,
  MatchRunStats,
  PairsQuery,
  PublishResult,
  RunEditInput,
} from '../../../contracts/match-runs.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { type Criteria, defaultLevelGap, parseCriteria } from '../../../core/matching/criteria.ts';
import {
  describeRule,
  explainPair,
  explanationText,
  unmatchedReason,
  unmatchedText,
} from '../../../core/matching/explain.ts';
import { instanceFromDense, type SolveMode } from '../../../core/matching/instance.ts';
import type { MenteeProfile, MentorProfile } from '../../../core/matching/profiles.ts';
import { levelAllowed, type RuleKey } from '../../../core/matching/rules.ts';
import { buildScoringContext, type ScoringContext } from '../../../core/matching/scoring-context.ts';
import { scoreAll } from '../../../core/matching/scoring-fast-path.ts';
import { evaluatePair } from '../../../core/matching/scoring-reference.ts';
import { solve } from '../../../core/matching/solvers/index.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJob, type RunningJob } from '../../jobs/job-queue.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  loadMatchingProfiles,
  type ProgramMenteeProfile,
  type ProgramMentorProfile,
} from '../enrolments/enrolment-profiles.service.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { programForStaff } from '../programs/program-access.ts';
import {
  advanceProgramStatus,
  programCriteria,
  programType,
  saveProgramCriteria,
} from '../programs/programs.service.ts';
import { type PublishedPair, startPublishedRelationships } from '../relationships/relationships.service.ts';
import * as repo from './match-runs.repository.ts';

export const matchRunJobKind = 'match_run';

// ── Criteria ──────────────────────────────────────────────────────────────────────────────────────────────────

function criteriaView(criteria: Criteria): CriteriaView {
  return {
    weights: { ...criteria.weights },
    levelRule: { type: criteria.levelRule.type, gap: criteria.levelRule.gap ?? defaultLevelGap },
    minimumScore: criteria.minimumScore === undefined ? null : criteria.minimumScore / 100,
  };
}

function applyCriteriaInput(program: ProgramRow, input: CriteriaInput): Criteria {
  const current = programCriteria(program);
  return {
    ...current,
    weights: { ...current.weights, ...(input.weights as Partial<Criteria['weights']>) },
    levelRule: { type: programType(program), gap: input.levelRule?.gap ?? current.levelRule.gap },
    minimumScore:
      input.minimumScore === undefined
        ? current.minimumScore
        : input.minimumScore === null
          ? undefined
          : Math.round(input.minimumScore * 100),
  };
}

/** What is stored in `programs.criteria`: what `parseCriteria` reads back (previous pairs are never stored). */
function storedCriteria(criteria: Criteria) {
  return {
    weights: criteria.weights,
    levelRule: criteria.levelRule,
    ...(criteria.minimumScore === undefined ? {} : { minimumScore: criteria.minimumScore }),
    ...(criteria.mustThresholds ? { mustThresholds: criteria.mustThresholds } : {}),
  };
}

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

/** The engine's input for a program as it stands: profiles of approved enrolments not already paired. */
async function loadInput(db: Db, program: ProgramRow, criteria: Criteria) {
  const [profiles, previousPairs, paired, matchingQuestions] = await Promise.all([
    loadMatchingProfiles(db, program.organisationId, program.id),
    repo.listPreviousPersonPairs(db, program.organisationId, program.id),
    repo.listPairedMenteeEnrolments(db, program.organisationId, program.id),
    repo.listMatchingQuestionIds(db, program.id),
  ]);
  return {
    mentors: profiles.mentors,
    mentees: profiles.mentees.filter((mentee) => !paired.has(mentee.enrolmentId)),
    criteria: { ...criteria, previousPairs, matchingQuestions } satisfies Criteria,
  };
}

/** Score distribution and who would have no eligible mentor under criteria not yet saved. */
export async function previewCriteria(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: CriteriaInput,
) {
  const { program } = await programForStaff(ctx, actor, programId);
  const { mentors, mentees, criteria } = await loadInput(ctx.db, program, applyCriteriaInput(program, input));
  const context = buildScoringContext(mentors, mentees, criteria, { at: ctx.now() });
  const matrix = scoreAll(context);
  const buckets = new Array<number>(10).fill(0);
  for (const score of matrix.scores) if (score >= 0) buckets[Math.min(9, Math.floor(score / 1000))]++;
  const byRule: Record<string, number> = {};
  let without = 0;
  for (let i = 0; i < mentees.length; i++) {
    if (matrix.eligibleCount[i] > 0) continue;
    without++;
    const top = unmatchedReason(matrix, i).removed[0]?.rule ?? 'no_mentors';
    byRule[top] = (byRule[top] ?? 0) + 1;
  }
  return {
    mentees: mentees.length,
    mentors: mentors.length,
    eligiblePairs: matrix.eligibleCount.reduce((sum, n) => sum + n, 0),
    histogram: buckets.map((pairs, k) => ({ from: k * 10, to: k * 10 + 10, pairs })),
    menteesWithoutEligibleMentor: without,
    withoutEligibleByRule: byRule,
  };
}

// ── Runs ──────────────────────────────────────────────────────────────────────────────────────────────────────

function toView(run: repo.MatchRunRow): MatchRun {
  return {
    id: run.id,
    programId: run.programId,
    number: run.number,
    mode: run.mode as MatchRun['mode'],
    seed: run.seed,
    status: run.status as MatchRun['status'],
    progress: (run.progress as MatchRun['progress']) ?? null,
    stats: (run.stats as MatchRunStats | null) ?? null,
    baseRunId: run.baseRunId,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    publishedAt: run.publishedAt?.toISOString() ?? null,
  };
}

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
    if (input.baseRunId) {
      const base = await repo.findRun(tx, staff.organisationId, program.id, input.baseRunId);
      if (!base) throw invalidField('baseRunId', 'no run with this id in this program');
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

/**
 * Compute a queued run now: load, score, solve, save the draft with its statistics. Idempotent (a run that is no
 * longer queued or running is left alone); a failure marks the run failed with the message rather than retrying,
 * because the same input fails the same way.
 */
export type MatchRunOutcome =
  | { status: 'skipped'; runId: string }
  | { status: 'failed'; runId: string; error: string }
  | {
      status: 'draft';
      runId: string;
      milliseconds: Record<string, number>;
      cpuMilliseconds: Record<string, number>;
      totalMs: number;
    };

export async function runMatchRunNow(ctx: AppContext, runId: string): Promise<MatchRunOutcome> {
  const run = await repo.findRunById(ctx.db, runId);
  if (!run || (run.status !== 'queued' && run.status !== 'running')) return { status: 'skipped', runId };
  const started = performance.now();
  const timings: Record<string, number> = {};
  // CPU time beside wall time: on a shared machine the wall clock alone cannot tell load from work.
  const cpuTimings: Record<string, number> = {};
  let phaseStarted = started;
  let cpuStarted = process.cpuUsage();
  const phase = async (name: 'loading' | 'scoring' | 'solving' | 'saving', percent: number) => {
    await repo.updateRun(ctx.db, runId, { status: 'running', progress: { phase: name, percent } });
  };
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - phaseStarted);
    const cpu = process.cpuUsage(cpuStarted);
    cpuTimings[name] = Math.round((cpu.user + cpu.system) / 1000);
    phaseStarted = now;
    cpuStarted = process.cpuUsage();
  };
  try {
    await phase('loading', 0);
    const program = (await repo.findProgramById(ctx.db, run.organisationId, run.programId))!;
    const parsed = parseCriteria(run.criteria ?? undefined);
    const runCriteria = parsed.ok ? parsed.value : programCriteria(program);
    const { mentors, mentees, criteria } = await loadInput(ctx.db, program, {
      ...runCriteria,
      levelRule: { ...runCriteria.levelRule, type: programType(program) },
    });
    const basePairs = run.baseRunId ? await repo.listAllPairs(ctx.db, run.baseRunId) : [];
    lap('loading');

    await phase('scoring', 25);
    const context = buildScoringContext(mentors, mentees, criteria, { at: ctx.now() });
    const matrix = scoreAll(context);
    const kept = keptPairs(context, mentors, mentees, basePairs);
    lap('scoring');

    await phase('solving', 50);
    const capacities = Array.from(context.mentorRemaining, (n) => Math.max(0, n));
    const locked = kept.map((pair) => [pair.i, pair.j] as [number, number]);
    // Exact on every eligible pair: large programs are solved on candidates whose optimality the solver proves
    // (decision 002), so there is no need to prune here.
    const instance = instanceFromDense(mentees.length, capacities, matrix.scores, locked);
    const result = solve(instance, run.mode as SolveMode, { seed: run.seed });
    lap('solving');

    await phase('saving', 75);
    const keptByMentee = new Map(kept.map((pair) => [pair.i, pair]));
    const pairs: repo.NewPair[] = mentees.map((mentee, i) => {
      const j = result.mentorOf[i]!;
      if (j < 0)
        return {
          menteeEnrolmentId: mentee.enrolmentId,
          mentorEnrolmentId: null,
          score: null,
          locked: false,
          source: 'solver',
          reason: unmatchedReason(matrix, i),
        };
      const keep = keptByMentee.get(i);
      const matrixScore = matrix.scores[i * mentors.length + j]!;
      return {
        menteeEnrolmentId: mentee.enrolmentId,
        mentorEnrolmentId: mentors[j]!.enrolmentId,
        score: matrixScore >= 0 ? matrixScore : evaluatePair(context, i, j).score,
        locked: keep?.locked ?? false,
        source: keep?.edited ? 'edit' : 'solver',
        reason: null,
      };
    });
    await ctx.db.transaction(async (tx) => {
      await repo.replacePairs(tx, run.organisationId, runId, pairs);
      const stats = await statsOf(tx, runId, mentors.length);
      lap('saving');
      await repo.updateRun(tx, runId, {
        status: 'draft',
        progress: { phase: 'done', percent: 100 },
        stats: {
          ...stats,
          milliseconds: timings,
          cpuMilliseconds: cpuTimings,
          droppedLocks: basePairs.length > 0 ? droppedLocks(basePairs, kept) : 0,
        },
        finishedAt: ctx.now(),
      });
    });
    return {
      status: 'draft',
      runId,
      milliseconds: timings,
      cpuMilliseconds: cpuTimings,
      totalMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.error({ err: error, runId }, 'match run failed');
    await repo.updateRun(ctx.db, runId, { status: 'failed', error: message, finishedAt: ctx.now() });
    return { status: 'failed', runId, error: message };
  }
}

function droppedLocks(
  basePairs: Awaited<ReturnType<typeof repo.listAllPairs>>,
  kept: readonly { i: number }[],
): number {
  const wanted = basePairs.filter(
    (pair) => pair.mentorEnrolmentId && (pair.locked || pair.source === 'edit'),
  );
  return wanted.length - kept.length;
}

/**
 * The base run's locked and edited pairs that still hold: both people still enrolled, no identity rule broken
 * (people move in the reporting line between runs), and within the mentor's remaining capacity.
 */
function keptPairs(
  context: ScoringContext,
  mentors: readonly ProgramMentorProfile[],
  mentees: readonly ProgramMenteeProfile[],
  basePairs: Awaited<ReturnType<typeof repo.listAllPairs>>,
) {
  const menteeIndex = new Map(mentees.map((mentee, i) => [mentee.enrolmentId, i]));
  const mentorIndex = new Map(mentors.map((mentor, j) => [mentor.enrolmentId, j]));
  const room = Array.from(context.mentorRemaining);
  const kept: { i: number; j: number; locked: boolean; edited: boolean }[] = [];
  // Locked pairs first: when capacity is short they win over plain edits.
  const candidates = basePairs
    .filter((pair) => pair.mentorEnrolmentId && (pair.locked || pair.source === 'edit'))
    .sort((a, b) => Number(b.locked) - Number(a.locked));
  for (const pair of candidates) {
    const i = menteeIndex.get(pair.menteeEnrolmentId);
    const j = mentorIndex.get(pair.mentorEnrolmentId!);
    if (i === undefined || j === undefined) continue;
    if (identityRuleBroken(context, mentees[i]!, mentors[j]!) !== null) continue;
    if (room[j]! <= 0) continue;
    room[j]!--;
    kept.push({ i, j, locked: pair.locked, edited: pair.source === 'edit' });
  }
  return kept;
}

/**
 * The first identity rule the pair breaks, or null: the reporting line, avoid lists, previous pairs and the level
 * rule of the program type, checked from the profiles whatever the weights say. No edit or lock overrides these and
 * publishing re-checks them; `must` criteria and the minimum score are the admin's own settings, so a deliberate
 * edit may go below them.
 */
function identityRuleBroken(
  context: Pick<ScoringContext, 'previousPairKeys' | 'criteria'>,
  mentee: MenteeProfile,
  mentor: MentorProfile,
): RuleKey | null {
  if (mentee.id === mentor.id) return 'self';
  if (mentee.managerChain.includes(mentor.id)) return 'manager_chain';
  if (mentee.avoidIds.includes(mentor.id)) return 'mentee_avoids';
  if (mentor.avoidIds.includes(mentee.id)) return 'mentor_declines';
  if (context.previousPairKeys.has(`${mentee.id}\u0000${mentor.id}`)) return 'previous_pair';
  if (!levelAllowed(context.criteria.levelRule, mentee.level, mentor.level)) return 'level';
  return null;
}

async function statsOf(db: Db, runId: string, mentors: number): Promise<MatchRunStats> {
  const totals = await repo.aggregatePairs(db, runId);
  return {
    mentees: totals.mentees,
    mentors,
    matched: totals.matched,
    matchedPercent: totals.mentees === 0 ? 0 : Math.round((10000 * totals.matched) / totals.mentees) / 100,
    meanScore: totals.meanScore === null ? null : Math.round(totals.meanScore) / 100,
    lowestScore: totals.lowestScore === null ? null : totals.lowestScore / 100,
    unmatched: totals.mentees - totals.matched,
    unmatchedByReason: Object.fromEntries(totals.reasons.map((row) => [row.code, row.n])),
    locked: totals.locked,
    edited: totals.edited,
  };
}

// ── Pairs and explanations ────────────────────────────────────────────────────────────────────────────────────

const shown = (score: number | null) => (score === null ? null : score / 100);

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
      mentee: { enrolmentId: row.menteeEnrolmentId, personId: row.menteePersonId, name: row.menteeName },
      mentor:
        row.mentorEnrolmentId && row.mentorPersonId
          ? { enrolmentId: row.mentorEnrolmentId, personId: row.mentorPersonId, name: row.mentorName ?? '' }
          : null,
      score: shown(row.score),
      locked: row.locked,
      source: row.source as 'solver' | 'edit',
      reason: row.reason ?? null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

function runCriteriaOf(run: repo.MatchRunRow, program: ProgramRow): Criteria {
  const parsed = parseCriteria(run.criteria ?? undefined);
  const criteria = parsed.ok ? parsed.value : programCriteria(program);
  return { ...criteria, levelRule: { ...criteria.levelRule, type: programType(program) } };
}

/**
 * The run's scoring context rebuilt over the program's current profiles (goal-text weights depend on everyone's
 * texts, so a pair is scored among all the others, as in the run). Mentees already paired are left out, as in a
 * run, except the ones asked about.
 */
async function runScoring(
  db: Db,
  program: ProgramRow,
  run: repo.MatchRunRow,
  at: Date,
  menteeEnrolmentIds: readonly string[],
) {
  const [profiles, previousPairs, paired, matchingQuestions] = await Promise.all([
    loadMatchingProfiles(db, program.organisationId, program.id),
    repo.listPreviousPersonPairs(db, program.organisationId, program.id),
    repo.listPairedMenteeEnrolments(db, program.organisationId, program.id),
    repo.listMatchingQuestionIds(db, program.id),
  ]);
  const mentees = profiles.mentees.filter(
    (m) => !paired.has(m.enrolmentId) || menteeEnrolmentIds.includes(m.enrolmentId),
  );
  const criteria = { ...runCriteriaOf(run, program), previousPairs, matchingQuestions };
  const context = buildScoringContext(profiles.mentors, mentees, criteria, { at });
  const menteeIndex = new Map(mentees.map((m, i) => [m.enrolmentId, i]));
  const mentorIndex = new Map(profiles.mentors.map((m, j) => [m.enrolmentId, j]));
  return {
    context,
    mentees,
    mentors: profiles.mentors,
    find(menteeEnrolmentId: string, mentorEnrolmentId: string) {
      const i = menteeIndex.get(menteeEnrolmentId);
      const j = mentorIndex.get(mentorEnrolmentId);
      return {
        i,
        j,
        mentee: i === undefined ? undefined : mentees[i],
        mentor: j === undefined ? undefined : profiles.mentors[j],
      };
    },
  };
}
type RunScoring = Awaited<ReturnType<typeof runScoring>>;

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
  if (!pair.mentorEnrolmentId) {
    const reason = (pair.reason ?? { code: 'unknown', eligibleMentors: 0, removed: [] }) as {
      code: string;
      eligibleMentors: number;
      removed: { rule: RuleKey; removed: number }[];
    };
    const text =
      reason.code === 'unmatched_by_edit'
        ? 'unmatched by an edit'
        : unmatchedText(reason as Parameters<typeof unmatchedText>[0]);
    return {
      menteeEnrolmentId,
      mentorEnrolmentId: null,
      matched: false,
      score: null,
      text,
      criteria: [],
      unmatched: {
        code: reason.code,
        eligibleMentors: reason.eligibleMentors ?? 0,
        removed: (reason.removed ?? []).map((entry) => ({
          rule: entry.rule,
          description: describeRule(entry.rule),
          removed: entry.removed,
        })),
      },
    };
  }
  const scoring = await runScoring(ctx.db, program, run, ctx.now(), [menteeEnrolmentId]);
  const { i, j } = scoring.find(menteeEnrolmentId, pair.mentorEnrolmentId);
  if (i === undefined || j === undefined)
    throw new AppError('conflict', 'One of the pair is no longer enrolled in the program');
  const explanation = explainPair(scoring.context, i, j);
  return {
    menteeEnrolmentId,
    mentorEnrolmentId: pair.mentorEnrolmentId,
    matched: true,
    score: shown(pair.score),
    text: explanationText(explanation),
    criteria: explanation.criteria.map((c) => ({
      criterion: c.criterion,
      value: c.value,
      weight: c.weight,
      points: c.points / 100,
      detail: c.detail,
    })),
    unmatched: null,
  };
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
    const program = access.program;

    const pairOf = async (menteeEnrolmentId: string, field: string) => {
      const pair = await repo.findPair(tx, run.id, menteeEnrolmentId);
      if (!pair) throw invalidField(field, 'this mentee is not in the run');
      return pair;
    };

    switch (input.action) {
      case 'lock':
      case 'unlock': {
        const pair = await pairOf(input.menteeEnrolmentId, 'menteeEnrolmentId');
        if (input.action === 'lock' && !pair.mentorEnrolmentId)
          throw new AppError('conflict', 'Only a matched pair can be locked; reassign the mentee first');
        await repo.updatePair(tx, run.id, pair.menteeEnrolmentId, { locked: input.action === 'lock' });
        break;
      }
      case 'unmatch': {
        const pair = await pairOf(input.menteeEnrolmentId, 'menteeEnrolmentId');
        await repo.updatePair(tx, run.id, pair.menteeEnrolmentId, {
          mentorEnrolmentId: null,
          score: null,
          locked: false,
          source: 'edit',
          reason: { code: 'unmatched_by_edit', eligibleMentors: 0, removed: [] },
        });
        break;
      }
      case 'reassign': {
        const pair = await pairOf(input.menteeEnrolmentId, 'menteeEnrolmentId');
        const scoring = await runScoring(tx, program, run, ctx.now(), [input.menteeEnrolmentId]);
        const { mentee, mentor, i, j } = scoring.find(input.menteeEnrolmentId, input.mentorEnrolmentId);
        if (!mentor || j === undefined)
          throw invalidField('mentorEnrolmentId', 'not an approved mentor enrolment of this program');
        if (!mentee || i === undefined)
          throw invalidField('menteeEnrolmentId', 'not an approved mentee enrolment of this program');
        const score = checkedScore(scoring, i, j);
        const taken = await repo.countMentorPairs(tx, run.id, mentor.enrolmentId, [pair.menteeEnrolmentId]);
        if (taken + (mentor.currentMentees ?? 0) >= mentor.capacity)
          throw new AppError(
            'conflict',
            `${mentor.name ?? 'The mentor'} has no capacity left (${mentor.capacity} in all)`,
            { rule: 'mentor_full' },
          );
        await repo.updatePair(tx, run.id, pair.menteeEnrolmentId, {
          mentorEnrolmentId: mentor.enrolmentId,
          score,
          source: 'edit',
          reason: null,
        });
        break;
      }
      case 'swap': {
        if (input.menteeA === input.menteeB) throw invalidField('menteeB', 'must differ from menteeA');
        const a = await pairOf(input.menteeA, 'menteeA');
        const b = await pairOf(input.menteeB, 'menteeB');
        const scoring = await runScoring(tx, program, run, ctx.now(), [input.menteeA, input.menteeB]);
        const updates: [typeof a, string | null][] = [
          [a, b.mentorEnrolmentId],
          [b, a.mentorEnrolmentId],
        ];
        const planned: { mentee: string; mentor: string | null; score: number | null }[] = [];
        for (const [pair, mentorEnrolmentId] of updates) {
          if (!mentorEnrolmentId) {
            planned.push({ mentee: pair.menteeEnrolmentId, mentor: null, score: null });
            continue;
          }
          const { i, j } = scoring.find(pair.menteeEnrolmentId, mentorEnrolmentId);
          if (i === undefined || j === undefined)
            throw new AppError('conflict', 'One of the pair is no longer enrolled');
          const score = checkedScore(scoring, i, j);
          planned.push({ mentee: pair.menteeEnrolmentId, mentor: mentorEnrolmentId, score });
        }
        for (const plan of planned)
          await repo.updatePair(tx, run.id, plan.mentee, {
            mentorEnrolmentId: plan.mentor,
            score: plan.score,
            source: 'edit',
            locked: false,
            reason: plan.mentor ? null : { code: 'unmatched_by_edit', eligibleMentors: 0, removed: [] },
          });
        break;
      }
    }
    const previous = (run.stats ?? {}) as Partial<MatchRunStats> & Record<string, unknown>;
    const stats = { ...previous, ...(await statsOf(tx, run.id, previous.mentors ?? 0)) };
    await repo.updateRun(tx, run.id, { stats });
    return toView({ ...run, stats });
  });
}

/** The pair's score, or a 409 naming the identity rule it breaks. */
function checkedScore(scoring: RunScoring, i: number, j: number) {
  const mentee = scoring.mentees[i]!;
  const mentor = scoring.mentors[j]!;
  const broken = identityRuleBroken(scoring.context, mentee, mentor);
  if (broken)
    throw new AppError(
      'conflict',
      `${mentor.name ?? 'This mentor'} cannot mentor ${mentee.name ?? 'this mentee'}: ${describeRule(broken)}`,
      { rule: broken },
    );
  return evaluatePair(scoring.context, i, j).score;
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
      actorUserId: access.actor.userId,
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
      actorUserId: access.actor.userId,
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
  });
}
