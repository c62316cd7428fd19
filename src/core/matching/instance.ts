/** Largest score a pair can have; scores are integers 0..MAX_PAIR_SCORE. */
export const MAX_PAIR_SCORE = 10000;

/** A matching problem in compact form: arcs grouped by mentee (CSR). Scores are integers 0..10000. */
export interface MatchingInstance {
  menteeCount: number;
  /** Length = mentor count. */
  mentorCapacity: Int32Array;
  /** Length menteeCount + 1; the arcs of mentee i are arcStart[i] .. arcStart[i + 1] - 1. */
  arcStart: Int32Array;
  /** Mentor of each arc, sorted ascending within a mentee, no duplicates. */
  arcMentor: Int32Array;
  /** Score of each arc. */
  arcScore: Int32Array;
  /** Pairs fixed by an admin: always kept, counted against the mentor's capacity. */
  locked?: ReadonlyArray<readonly [mentee: number, mentor: number]>;
}

export type SolveMode = 'optimal' | 'participation' | 'fair' | 'stable';

export interface MatchingResult {
  /** Mentor of each mentee, -1 = unmatched. */
  mentorOf: Int32Array;
  /** Sum of the scores of all pairs (locked pairs included). */
  total: number;
  matchedCount: number;
  /** Lowest pair score, -1 if nothing is matched. */
  minScore: number;
}

type Lock = readonly [mentee: number, mentor: number];

function checkCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${what}: ${value} is not a non-negative integer`);
}

function checkCapacities(capacities: ArrayLike<number>): Int32Array {
  const out = new Int32Array(capacities.length);
  for (let j = 0; j < capacities.length; j++) {
    const c = capacities[j];
    if (!Number.isInteger(c) || c < 0 || c > 0x3fffffff) {
      throw new RangeError(`capacities[${j}]: ${c} is not a non-negative integer`);
    }
    out[j] = c;
  }
  return out;
}

function checkScore(score: number, where: string): void {
  if (!Number.isInteger(score) || score < 0 || score > MAX_PAIR_SCORE) {
    throw new RangeError(`${where}: score ${score} is not an integer in 0..${MAX_PAIR_SCORE}`);
  }
}

/** Checks locks against the instance: indexes in range, one lock per mentee, mentor capacities respected. */
export function validateLocks(
  menteeCount: number,
  mentorCapacity: Int32Array,
  locked: ReadonlyArray<Lock> | undefined,
): void {
  if (!locked) return;
  const lockedMentee = new Uint8Array(menteeCount);
  const used = new Int32Array(mentorCapacity.length);
  for (let k = 0; k < locked.length; k++) {
    const [i, j] = locked[k];
    if (!Number.isInteger(i) || i < 0 || i >= menteeCount) {
      throw new RangeError(`locked[${k}][0]: mentee index ${i} out of range`);
    }
    if (!Number.isInteger(j) || j < 0 || j >= mentorCapacity.length) {
      throw new RangeError(`locked[${k}][1]: mentor index ${j} out of range`);
    }
    if (lockedMentee[i]) throw new RangeError(`locked[${k}]: mentee ${i} is locked twice`);
    lockedMentee[i] = 1;
    if (++used[j] > mentorCapacity[j]) {
      throw new RangeError(
        `locked[${k}]: mentor ${j} has more locked pairs than its capacity ${mentorCapacity[j]}`,
      );
    }
  }
}

/** Builds an instance from a list of [mentee, mentor, score] arcs; validates, sorts, keeps the best of duplicates. */
export function instanceFromArcs(
  menteeCount: number,
  capacities: ArrayLike<number>,
  arcs: ReadonlyArray<readonly [number, number, number]>,
  locked?: ReadonlyArray<Lock>,
): MatchingInstance {
  checkCount(menteeCount, 'mentees');
  const mentorCapacity = checkCapacities(capacities);
  const mentorCount = mentorCapacity.length;
  const counts = new Int32Array(menteeCount + 1);
  for (let k = 0; k < arcs.length; k++) {
    const arc = arcs[k];
    if (!Array.isArray(arc) || arc.length !== 3)
      throw new RangeError(`arcs[${k}]: expected [mentee, mentor, score]`);
    const [i, j, s] = arc;
    if (!Number.isInteger(i) || i < 0 || i >= menteeCount) {
      throw new RangeError(`arcs[${k}][0]: mentee index ${i} out of range`);
    }
    if (!Number.isInteger(j) || j < 0 || j >= mentorCount) {
      throw new RangeError(`arcs[${k}][1]: mentor index ${j} out of range`);
    }
    checkScore(s, `arcs[${k}][2]`);
    counts[i + 1]++;
  }
  for (let i = 0; i < menteeCount; i++) counts[i + 1] += counts[i];
  const fill = counts.slice(0, menteeCount);
  const mentorTmp = new Int32Array(arcs.length);
  const scoreTmp = new Int32Array(arcs.length);
  for (const [i, j, s] of arcs) {
    const p = fill[i]++;
    mentorTmp[p] = j;
    scoreTmp[p] = s;
  }
  // Sort each mentee's arcs by mentor and keep the highest score of duplicates (the most generous reading).
  const arcStart = new Int32Array(menteeCount + 1);
  const arcMentor = new Int32Array(arcs.length);
  const arcScore = new Int32Array(arcs.length);
  let out = 0;
  const order: number[] = [];
  for (let i = 0; i < menteeCount; i++) {
    arcStart[i] = out;
    order.length = 0;
    for (let p = counts[i]; p < counts[i + 1]; p++) order.push(p);
    order.sort((a, b) => mentorTmp[a] - mentorTmp[b] || scoreTmp[b] - scoreTmp[a]);
    let last = -1;
    for (const p of order) {
      if (mentorTmp[p] === last) continue;
      last = mentorTmp[p];
      arcMentor[out] = last;
      arcScore[out] = scoreTmp[p];
      out++;
    }
  }
  arcStart[menteeCount] = out;
  validateLocks(menteeCount, mentorCapacity, locked);
  return {
    menteeCount,
    mentorCapacity,
    arcStart,
    arcMentor: out === arcs.length ? arcMentor : arcMentor.slice(0, out),
    arcScore: out === arcs.length ? arcScore : arcScore.slice(0, out),
    locked: locked ? locked.map(([i, j]) => [i, j] as const) : undefined,
  };
}

/** Builds an instance from a row-major mentee × mentor score matrix where -1 means "no arc". */
export function instanceFromDense(
  menteeCount: number,
  capacities: ArrayLike<number>,
  scores: Int32Array,
  locked?: ReadonlyArray<Lock>,
): MatchingInstance {
  checkCount(menteeCount, 'mentees');
  const mentorCapacity = checkCapacities(capacities);
  const mentorCount = mentorCapacity.length;
  if (scores.length !== menteeCount * mentorCount) {
    throw new RangeError(
      `scores: length ${scores.length} is not mentees × mentors = ${menteeCount * mentorCount}`,
    );
  }
  let arcCount = 0;
  for (let p = 0; p < scores.length; p++) {
    const s = scores[p];
    if (s === -1) continue;
    if (s < 0 || s > MAX_PAIR_SCORE) {
      throw new RangeError(
        `scores[${Math.floor(p / mentorCount)}][${p % mentorCount}]: score ${s} is not an integer in 0..${MAX_PAIR_SCORE}`,
      );
    }
    arcCount++;
  }
  validateLocks(menteeCount, mentorCapacity, locked);
  const arcStart = new Int32Array(menteeCount + 1);
  if (arcCount === scores.length) {
    // Complete instance: the score matrix itself is the arc score array, no copy (solvers detect this layout).
    const arcMentor = new Int32Array(arcCount);
    for (let i = 0; i < menteeCount; i++) {
      arcStart[i + 1] = (i + 1) * mentorCount;
      for (let j = 0; j < mentorCount; j++) arcMentor[i * mentorCount + j] = j;
    }
    return { menteeCount, mentorCapacity, arcStart, arcMentor, arcScore: scores, locked };
  }
  const arcMentor = new Int32Array(arcCount);
  const arcScore = new Int32Array(arcCount);
  let out = 0;
  for (let i = 0; i < menteeCount; i++) {
    arcStart[i] = out;
    const row = i * mentorCount;
    for (let j = 0; j < mentorCount; j++) {
      const s = scores[row + j];
      if (s === -1) continue;
      arcMentor[out] = j;
      arcScore[out] = s;
      out++;
    }
  }
  arcStart[menteeCount] = out;
  return { menteeCount, mentorCapacity, arcStart, arcMentor, arcScore, locked };
}

/** Score of the arc (mentee, mentor), or -1 when there is no such arc (binary search in the mentee's row). */
export function arcScoreOf(instance: MatchingInstance, mentee: number, mentor: number): number {
  let lo = instance.arcStart[mentee];
  let hi = instance.arcStart[mentee + 1] - 1;
  const arcMentor = instance.arcMentor;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = arcMentor[mid];
    if (m === mentor) return instance.arcScore[mid];
    if (m < mentor) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
