import type { MatchRun, MatchRunStats } from '../../../contracts/match-runs.contracts.ts';
import type { MatchRunRow } from './match-runs.repository.ts';

/** A run as the API shows it. */
export function toView(run: MatchRunRow): MatchRun {
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

/** A stored score (hundredths of a point) as the API shows it. */
export const shown = (score: number | null) => (score === null ? null : score / 100);
