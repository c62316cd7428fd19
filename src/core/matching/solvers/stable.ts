import type { MatchingInstance } from '../instance.ts';

/**
 * Explicit preference lists for the stable solver, most preferred first. `mentee[i]` lists mentor indexes,
 * `mentor[j]` lists mentee indexes. A pair is acceptable only if it is an arc and, where a list is given, on it;
 * entries that are not arcs are ignored (the pair was excluded by a hard rule). A missing list falls back to the
 * score order (higher score first, lower index on ties).
 */
export interface StablePreferences {
  mentee?: ReadonlyArray<ReadonlyArray<number> | undefined>;
  mentor?: ReadonlyArray<ReadonlyArray<number> | undefined>;
}

function findArc(instance: MatchingInstance, mentee: number, mentor: number): number {
  let lo = instance.arcStart[mentee];
  let hi = instance.arcStart[mentee + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = instance.arcMentor[mid];
    if (x === mentor) return mid;
    if (x < mentor) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Validates explicit preference lists (indexes in range); throws a RangeError naming the bad entry. */
export function validatePreferences(
  instance: MatchingInstance,
  preferences: StablePreferences | undefined,
): void {
  if (!preferences) return;
  const n = instance.menteeCount;
  const m = instance.mentorCapacity.length;
  const check = (
    lists: StablePreferences['mentee'],
    side: string,
    count: number,
    other: number,
    otherName: string,
  ) => {
    if (!lists) return;
    if (lists.length !== count)
      throw new RangeError(`preferences.${side}: expected ${count} lists, got ${lists.length}`);
    lists.forEach((list, a) => {
      list?.forEach((x, b) => {
        if (!Number.isInteger(x) || x < 0 || x >= other) {
          throw new RangeError(`preferences.${side}[${a}][${b}]: ${otherName} index ${x} out of range`);
        }
      });
    });
  };
  check(preferences.mentee, 'mentee', n, m, 'mentor');
  check(preferences.mentor, 'mentor', m, n, 'mentee');
}

/**
 * Mentee-proposing Gale–Shapley with capacities. Rows not in `rows` (locked mentees) never propose and are never
 * evicted; `capacity` is what is left after locks. The result is stable (no mentee and mentor both prefer each
 * other to what they got) and the best stable outcome for every mentee.
 */
export function solveStable(
  instance: MatchingInstance,
  capacity: Int32Array,
  rows: Int32Array,
  preferences?: StablePreferences,
): Int32Array {
  const { menteeCount: n, arcStart, arcMentor, arcScore } = instance;
  const m = capacity.length;
  // How much each mentor likes the mentee of each arc; higher is better, -Infinity = unacceptable.
  const arcKey = new Float64Array(arcScore.length);
  for (let i = 0; i < n; i++) {
    for (let a = arcStart[i]; a < arcStart[i + 1]; a++) arcKey[a] = arcScore[a] * n + (n - 1 - i);
  }
  const mentorLists = preferences?.mentor;
  if (mentorLists) {
    // Arcs to a mentor with a list start unacceptable; listed mentees then get a key by position.
    for (let a = 0; a < arcKey.length; a++)
      if (mentorLists[arcMentor[a]]) arcKey[a] = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < m; j++) {
      mentorLists[j]?.forEach((i, position) => {
        const a = findArc(instance, i, j);
        if (a >= 0 && arcKey[a] === Number.NEGATIVE_INFINITY) arcKey[a] = -position;
      });
    }
  }
  // Each mentee's proposal order as arc indexes.
  const orderStart = new Int32Array(n + 1);
  const order: number[] = [];
  const menteeLists = preferences?.mentee;
  for (let i = 0; i < n; i++) {
    orderStart[i] = order.length;
    const list = menteeLists?.[i];
    if (list) {
      const seen = new Set<number>();
      for (const j of list) {
        const a = findArc(instance, i, j);
        if (a >= 0 && !seen.has(j)) {
          seen.add(j);
          order.push(a);
        }
      }
    } else {
      const arcs: number[] = [];
      for (let a = arcStart[i]; a < arcStart[i + 1]; a++) arcs.push(a);
      arcs.sort((x, y) => arcScore[y] - arcScore[x] || arcMentor[x] - arcMentor[y]);
      for (const a of arcs) order.push(a);
    }
  }
  orderStart[n] = order.length;

  const mentorOf = new Int32Array(n).fill(-1);
  const heldArc = new Int32Array(n).fill(-1);
  const listStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) listStart[j + 1] = listStart[j] + capacity[j];
  const held = new Int32Array(listStart[m]);
  const load = new Int32Array(m);
  const next = orderStart.slice(0, n);
  const free: number[] = [];
  for (let k = rows.length - 1; k >= 0; k--) free.push(rows[k]);
  while (free.length > 0) {
    const i = free.pop()!;
    while (next[i] < orderStart[i + 1]) {
      const a = order[next[i]++];
      const j = arcMentor[a];
      const key = arcKey[a];
      if (key === Number.NEGATIVE_INFINITY || capacity[j] === 0) continue;
      if (load[j] < capacity[j]) {
        held[listStart[j] + load[j]++] = i;
        mentorOf[i] = j;
        heldArc[i] = a;
        break;
      }
      // Full: compare with the least preferred mentee the mentor holds.
      let worstPos = -1;
      let worstKey = Number.POSITIVE_INFINITY;
      for (let p = listStart[j]; p < listStart[j] + load[j]; p++) {
        const k = arcKey[heldArc[held[p]]];
        if (k < worstKey) {
          worstKey = k;
          worstPos = p;
        }
      }
      if (key > worstKey) {
        const evicted = held[worstPos];
        held[worstPos] = i;
        mentorOf[i] = j;
        heldArc[i] = a;
        mentorOf[evicted] = -1;
        heldArc[evicted] = -1;
        free.push(evicted);
        break;
      }
    }
  }
  return mentorOf;
}
