import { explainPair, type PairExplanation } from './explain.ts';
import { createRowScratch, type RowScratch, type ScoringContext, scoreRow } from './scoring.ts';

export interface SuggestOptions {
  /** Strength of the popularity penalty: rank = score × (1 − alpha × load). Default 0.5. */
  alpha?: number;
  /** Mentors whose rank is within this many points (of 10000) of the best remaining one rotate. Default 200. */
  epsilon?: number;
  /** Seed of the rotation; the same seed gives the same suggestions. Default 0. */
  seed?: number;
  /** Live open requests per mentor (defaults to each profile's `pendingRequests`). */
  pendingRequests?: ArrayLike<number>;
  /** Mentor indexes not to suggest (e.g. already requested by this mentee). */
  exclude?: Iterable<number>;
  /** Reusable buffers when suggesting for many mentees in a row. */
  scratch?: RowScratch;
}

export interface Suggestion {
  mentorIndex: number;
  mentorId: string;
  /** Pair score 0–10000. */
  score: number;
  /** Score after the popularity penalty, used for ranking. */
  rank: number;
  /** (pending requests + current mentees) / capacity, capped at 1. */
  load: number;
  explanation: PairExplanation;
}

/** 32-bit FNV-1a of a string: a stable, seedable tie-break independent of input order. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    hash ^= text.charCodeAt(k);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Top-k eligible mentors with capacity left for one mentee, spread so one popular mentor is not everyone's first:
 * rank = score × (1 − α·load); then, repeatedly, among the mentors ranked within ε of the best one left, the one
 * with the smallest hash(seed, mentee, mentor) comes next. Near-equal mentors thus rotate across mentees while a
 * clearly better mentor still comes first. O(mentors) scoring plus O(k × window) selection.
 */
export function suggest(
  context: ScoringContext,
  menteeIndex: number,
  k: number,
  options: SuggestOptions = {},
): Suggestion[] {
  const alpha = options.alpha ?? 0.5;
  const epsilon = options.epsilon ?? 200;
  const seed = options.seed ?? 0;
  const m = context.mentors.length;
  const scratch = options.scratch ?? createRowScratch(context);
  const scores = new Int32Array(m);
  scoreRow(context, menteeIndex, scratch, scores);
  const excluded = new Set(options.exclude ?? []);

  const candidates: { j: number; score: number; rank: number; load: number }[] = [];
  for (let j = 0; j < m; j++) {
    if (scores[j] < 0 || excluded.has(j) || context.mentorRemaining[j] <= 0) continue;
    const mentor = context.mentors[j];
    const pending = options.pendingRequests?.[j] ?? mentor.pendingRequests ?? 0;
    const load = Math.min(1, (pending + (mentor.currentMentees ?? 0)) / Math.max(1, mentor.capacity));
    candidates.push({ j, score: scores[j], rank: scores[j] * (1 - alpha * load), load });
  }
  candidates.sort((a, b) => b.rank - a.rank || a.j - b.j);

  const menteeId = context.mentees[menteeIndex].id;
  const hashOf = (j: number) => stableHash(`${seed}\u0000${menteeId}\u0000${context.mentors[j].id}`);
  const taken = new Uint8Array(candidates.length);
  const picked: number[] = [];
  let first = 0;
  while (picked.length < k && first < candidates.length) {
    while (first < candidates.length && taken[first]) first++;
    if (first >= candidates.length) break;
    const floor = candidates[first].rank - epsilon;
    let best = -1;
    let bestHash = 0;
    for (let c = first; c < candidates.length && candidates[c].rank >= floor; c++) {
      if (taken[c]) continue;
      const hash = hashOf(candidates[c].j);
      if (best < 0 || hash < bestHash) {
        best = c;
        bestHash = hash;
      }
    }
    taken[best] = 1;
    picked.push(best);
  }

  return picked.map((c) => {
    const { j, score, rank, load } = candidates[c];
    return {
      mentorIndex: j,
      mentorId: context.mentors[j].id,
      score,
      rank,
      load,
      explanation: explainPair(context, menteeIndex, j),
    };
  });
}
