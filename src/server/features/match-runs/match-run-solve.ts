import type { MatchRunStats } from '../../../contracts/match-runs.contracts.ts';
import { unmatchedReason } from '../../../core/matching/explain.ts';
import { instanceFromDense, type SolveMode } from '../../../core/matching/instance.ts';
import { buildScoringContext, type ScoringContext } from '../../../core/matching/scoring-context.ts';
import { scoreAll } from '../../../core/matching/scoring-fast-path.ts';
import { solve } from '../../../core/matching/solvers/index.ts';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import type { ProgramMenteeProfile, ProgramMentorProfile } from '../enrolments/enrolment-profiles.service.ts';
import { programInOrganisation } from '../programs/program-access.ts';
import { identityRuleBroken, loadInput, runCriteriaOf } from './match-run-criteria.ts';
import { groupLockRoom, groupStatsOf, isGroupProgram, solveGroupRun } from './match-run-groups.ts';
import { storedExplanation } from './match-run-scoring.ts';
import * as repo from './match-runs.repository.ts';

/**
 * Computing a queued run: load the program's profiles, score every pair, keep the base run's locked and edited pairs
 * that still hold, solve, and save the draft with its statistics and phase timings.
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

/**
 * Compute a queued run now: load, score, solve, save the draft with its statistics. Idempotent (a run that is no
 * longer queued or running is left alone); a failure marks the run failed with the message rather than retrying,
 * because the same input fails the same way.
 */
export async function solveRun(ctx: AppContext, runId: string): Promise<MatchRunOutcome> {
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
    const program = (await programInOrganisation(ctx.db, run.organisationId, run.programId))!;
    const { mentors, mentees, criteria } = await loadInput(ctx.db, program, runCriteriaOf(run, program));
    const basePairs = run.baseRunId ? await repo.listAllPairs(ctx.db, run.baseRunId) : [];
    lap('loading');

    await phase('scoring', 25);
    const context = buildScoringContext(mentors, mentees, criteria, { at: ctx.now() });
    const matrix = scoreAll(context);
    const grouped = isGroupProgram(program);
    // A group program keeps locks within each group's places (decision 031).
    const room = grouped
      ? await groupLockRoom(ctx.db, program, mentors)
      : Array.from(context.mentorRemaining);
    const kept = keptPairs(context, mentors, mentees, basePairs, room);
    lap('scoring');

    await phase('solving', 50);
    const capacities = Array.from(context.mentorRemaining, (n) => Math.max(0, n));
    const locked = kept.map((pair) => [pair.i, pair.j] as [number, number]);
    // Exact on every eligible pair: large programs are solved on candidates whose optimality the solver proves
    // (decision 002), so there is no need to prune here.
    const result = grouped
      ? {
          mentorOf: await solveGroupRun(ctx.db, program, run, {
            scores: matrix.scores,
            mentors,
            mentees,
            locked,
            at: ctx.now(),
          }),
        }
      : solve(instanceFromDense(mentees.length, capacities, matrix.scores, locked), run.mode as SolveMode, {
          seed: run.seed,
        });
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
          explanation: null,
        };
      const keep = keptByMentee.get(i);
      // Kept with the pair so it stays true once the program moves on. Its score is the reference scorer's, equal
      // to the matrix's for an eligible pair and the only one for a kept pair below the admin's thresholds.
      const explanation = storedExplanation(context, i, j);
      return {
        menteeEnrolmentId: mentee.enrolmentId,
        mentorEnrolmentId: mentors[j]!.enrolmentId,
        score: explanation.score,
        locked: keep?.locked ?? false,
        source: keep?.edited ? 'edit' : 'solver',
        reason: null,
        explanation,
      };
    });
    await ctx.db.transaction(async (tx) => {
      await repo.replacePairs(tx, run.organisationId, runId, pairs);
      const stats = await statsOf(tx, runId, mentors.length);
      if (grouped) stats.groups = await groupStatsOf(tx, program, runId, ctx.now());
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
 * (people move in the reporting line between runs), and within `room` per mentor: the mentor's remaining capacity,
 * or a group's places in a group program.
 */
function keptPairs(
  context: ScoringContext,
  mentors: readonly ProgramMentorProfile[],
  mentees: readonly ProgramMenteeProfile[],
  basePairs: Awaited<ReturnType<typeof repo.listAllPairs>>,
  room: number[],
) {
  const menteeIndex = new Map(mentees.map((mentee, i) => [mentee.enrolmentId, i]));
  const mentorIndex = new Map(mentors.map((mentor, j) => [mentor.enrolmentId, j]));
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

export async function statsOf(db: Db, runId: string, mentors: number): Promise<MatchRunStats> {
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
    restingOnNeutral: totals.restingOnNeutral,
  };
}
