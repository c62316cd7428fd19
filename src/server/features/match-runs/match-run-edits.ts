import type { MatchRun, MatchRunStats, RunEditInput } from '../../../contracts/match-runs.contracts.ts';
import { AppError, invalidField } from '../../../core/errors.ts';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { checkGroupRoom, groupStatsOf, isGroupProgram } from './match-run-groups.ts';
import { checkedExplanation, runScoring } from './match-run-scoring.ts';
import { statsOf } from './match-run-solve.ts';
import { toView } from './match-run-views.ts';
import type { MatchRunRow } from './match-runs.repository.ts';
import * as repo from './match-runs.repository.ts';

/**
 * Apply one staff edit to a draft run locked by the caller (reassign, swap, unmatch, lock, unlock) and refresh its
 * statistics. Refuses pairs that break an identity rule or a mentor's capacity.
 */
export async function editDraft(
  ctx: AppContext,
  tx: Db,
  program: ProgramRow,
  run: MatchRunRow,
  input: RunEditInput,
): Promise<MatchRun> {
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
        explanation: null,
      });
      break;
    }
    case 'reassign': {
      const pair = await pairOf(input.menteeEnrolmentId, 'menteeEnrolmentId');
      const scoring = await runScoring(tx, program, run, ctx.now(), [input.menteeEnrolmentId]);
      const { mentee, mentor, i, j } = scoring.find(input.menteeEnrolmentId, input.mentorEnrolmentId);
      if (!mentor || j === undefined)
        throw invalidField('mentorEnrolmentId', 'is not an approved mentor of this program');
      if (!mentee || i === undefined)
        throw invalidField('menteeEnrolmentId', 'is not an approved mentee of this program');
      const explanation = checkedExplanation(scoring, i, j);
      // A group has at most the program's maximum size (decision 031): 409 naming the group.
      if (isGroupProgram(program))
        await checkGroupRoom(tx, program, run.id, mentor, [pair.menteeEnrolmentId]);
      const taken = await repo.countMentorPairs(tx, run.id, mentor.enrolmentId, [pair.menteeEnrolmentId]);
      if (taken + (mentor.currentMentees ?? 0) >= mentor.capacity)
        throw new AppError(
          'conflict',
          `${mentor.name ?? 'The mentor'} has no capacity left (${mentor.capacity} in all)`,
          { rule: 'mentor_full' },
        );
      await repo.updatePair(tx, run.id, pair.menteeEnrolmentId, {
        mentorEnrolmentId: mentor.enrolmentId,
        score: explanation.score,
        source: 'edit',
        reason: null,
        explanation,
      });
      break;
    }
    case 'swap': {
      if (input.menteeA === input.menteeB)
        throw invalidField('menteeB', 'must be another mentee than the first');
      const a = await pairOf(input.menteeA, 'menteeA');
      const b = await pairOf(input.menteeB, 'menteeB');
      const scoring = await runScoring(tx, program, run, ctx.now(), [input.menteeA, input.menteeB]);
      const updates: [typeof a, string | null][] = [
        [a, b.mentorEnrolmentId],
        [b, a.mentorEnrolmentId],
      ];
      const planned: {
        mentee: string;
        mentor: string | null;
        explanation: ReturnType<typeof checkedExplanation> | null;
      }[] = [];
      for (const [pair, mentorEnrolmentId] of updates) {
        if (!mentorEnrolmentId) {
          planned.push({ mentee: pair.menteeEnrolmentId, mentor: null, explanation: null });
          continue;
        }
        const { i, j } = scoring.find(pair.menteeEnrolmentId, mentorEnrolmentId);
        if (i === undefined || j === undefined)
          throw new AppError('conflict', 'One of the pair is no longer enrolled');
        const explanation = checkedExplanation(scoring, i, j);
        planned.push({ mentee: pair.menteeEnrolmentId, mentor: mentorEnrolmentId, explanation });
      }
      for (const plan of planned)
        await repo.updatePair(tx, run.id, plan.mentee, {
          mentorEnrolmentId: plan.mentor,
          score: plan.explanation?.score ?? null,
          source: 'edit',
          locked: false,
          reason: plan.mentor ? null : { code: 'unmatched_by_edit', eligibleMentors: 0, removed: [] },
          explanation: plan.explanation,
        });
      break;
    }
  }
  const previous = (run.stats ?? {}) as Partial<MatchRunStats> & Record<string, unknown>;
  const stats = { ...previous, ...(await statsOf(tx, run.id, previous.mentors ?? 0)) };
  if (isGroupProgram(program)) stats.groups = await groupStatsOf(tx, program, run.id, ctx.now());
  await repo.updateRun(tx, run.id, { stats });
  return toView({ ...run, stats });
}
