import { explainPair, type PairExplanation } from './explain.ts';
import type { ScoringContext } from './scoring-context.ts';
import { createRowScratch, type RowScratch, scoreRow } from './scoring-fast-path.ts';

interface SuggestOptions {
  /** Strength of the popularity penalty: rank = score × (1 − alpha × load). Default 0.5. */
  alpha?: number;
  /** Mentors whose rank is within this many points (of 10000) of the best remaining one rotate. Default 200. */
  epsilon?: number;
  /** Seed of the rotation; the same seed gives the same suggestions. Default 0. */
  seed?: number;
  /** Live open requests per mentor (defaults to each profile's `pendingRequests`). */
  pendingRequests?: ArrayLike<number>;
  /**
   * Live capacity left per mentor, when it changed since the context was built (a mentor who took a mentee since).
   * It can only remove mentors: one who was full at build time stays out until the context is rebuilt.
   */
  remaining?: ArrayLike<number>;
  /** Mentor indexes not to suggest (e.g. already requested by this mentee). */
  exclude?: Iterable<number>;
  /** Reusable buffers when suggesting for many mentees in a row. */
  scratch?: RowScratch;
}

interface Suggestion {
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
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    hash ^= text.charCodeAt(k);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// Per-mentor facts read once per context: suggestions are asked for one mentee at a time, and reading profile
// objects in a loop over 10,000 mentors costs more than the scoring itself.
interface MentorFacts {
  hashes: Uint32Array;
  pending: Float64Array;
  current: Float64Array;
  capacity: Float64Array;
}
const mentorFactsCache = new WeakMap<ScoringContext, MentorFacts>();

function mentorFacts(context: ScoringContext): MentorFacts {
  let facts = mentorFactsCache.get(context);
  if (!facts) {
    facts = {
      hashes: Uint32Array.from(context.mentors, (mentor) => stableHash(mentor.id)),
      pending: Float64Array.from(context.mentors, (mentor) => mentor.pendingRequests ?? 0),
      current: Float64Array.from(context.mentors, (mentor) => mentor.currentMentees ?? 0),
      capacity: Float64Array.from(context.mentors, (mentor) => Math.max(1, mentor.capacity)),
    };
    mentorFactsCache.set(context, facts);
  }
  return facts;
}

/** Murmur3 finaliser of two 32-bit values: a well-spread tie-break from (mentee+seed, mentor). */
function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const indexBits = 2 ** 24;

/**
 * Top-k eligible mentors with capacity left for one mentee, spread so one popular mentor is not everyone's first:
 * rank = round(score × (1 − α·load)); then, repeatedly, among the mentors ranked within ε of the best one left,
 * the one with the smallest hash(seed, mentee, mentor) comes next. Near-equal mentors thus rotate across mentees
 * while a clearly better mentor still comes first. O(mentors log mentors) over typed arrays, no object per mentor.
 */
export function suggest(
  context: ScoringContext,
  menteeIndex: number,
  k: number,
  options: SuggestOptions = {},
): Suggestion[] {
  const alpha = Math.min(1, Math.max(0, options.alpha ?? 0.5));
  const epsilon = options.epsilon ?? 200;
  const seed = options.seed ?? 0;
  const m = context.mentors.length;
  if (m >= indexBits) throw new RangeError(`suggest: at most ${indexBits - 1} mentors`);
  const scratch = options.scratch ?? createRowScratch(context);
  const scores = new Int32Array(m);
  scoreRow(context, menteeIndex, scratch, scores);
  const excluded = new Set(options.exclude ?? []);
  const facts = mentorFacts(context);
  const livePending = options.pendingRequests;

  // One sortable number per candidate: rank in the high part, mentor index (reversed, so lower wins) in the low.
  const keys = new Float64Array(m);
  const loads = new Float64Array(m);
  let count = 0;
  for (let j = 0; j < m; j++) {
    if (scores[j] < 0 || context.mentorRemaining[j] <= 0 || excluded.has(j)) continue;
    if (options.remaining && options.remaining[j] <= 0) continue;
    const pending = livePending ? livePending[j] : facts.pending[j];
    const load = Math.min(1, (pending + facts.current[j]) / facts.capacity[j]);
    loads[j] = load;
    const rank = Math.round(scores[j] * (1 - alpha * load));
    keys[count++] = rank * indexBits + (indexBits - 1 - j);
  }
  const sorted = keys.subarray(0, count).sort().reverse();
  const rank = new Int32Array(count);
  const mentorAt = new Int32Array(count);
  for (let c = 0; c < count; c++) {
    const key = sorted[c];
    rank[c] = Math.floor(key / indexBits);
    mentorAt[c] = indexBits - 1 - (key - rank[c] * indexBits);
  }

  const hashes = facts.hashes;
  const menteeSeed = mix(stableHash(context.mentees[menteeIndex].id), seed >>> 0);
  // Hashes are needed only for mentors that enter a window; compute each once.
  const hashAt = new Uint32Array(count);
  let hashed = 0;
  const taken = new Uint8Array(count);
  const picked: number[] = [];
  let first = 0;
  while (picked.length < k) {
    while (first < count && taken[first]) first++;
    if (first >= count) break;
    const floor = rank[first] - epsilon;
    let best = -1;
    let bestHash = 0;
    for (let c = first; c < count && rank[c] >= floor; c++) {
      if (c >= hashed) {
        hashAt[c] = mix(menteeSeed, hashes[mentorAt[c]]);
        hashed = c + 1;
      }
      if (taken[c]) continue;
      if (best < 0 || hashAt[c] < bestHash) {
        best = c;
        bestHash = hashAt[c];
      }
    }
    taken[best] = 1;
    picked.push(best);
  }

  return picked.map((c) => {
    const j = mentorAt[c];
    return {
      mentorIndex: j,
      mentorId: context.mentors[j].id,
      score: scores[j],
      rank: rank[c],
      load: loads[j],
      explanation: explainPair(context, menteeIndex, j),
    };
  });
}
