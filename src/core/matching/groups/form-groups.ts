import { seededRandom } from '../../seeded-random.ts';
import { modeWeights } from '../solvers/index.ts';
import { solveGroupFlow } from './group-flow.ts';

/**
 * Forming mentoring groups from a run's pair scores (decision 031, docs/matching.md "Group matching").
 *
 * A group is identified by its mentor (a mentor leads at most one group per program). Two stages:
 *
 * 1. **Assignment** — choose which mentors open a group and place mentees so that every open group has
 *    `minSize ≤ size ≤ min(maxSize, mentor's seats)`, maximising the same objective as the pair solvers (total pair
 *    score then matched count in `optimal` mode; matched count then total in `participation`). For a given set of
 *    open groups this is a max-weight flow with lower bounds, solved exactly (group-flow.ts). The open set is
 *    enumerated whole when there are at most `exhaustiveMentors` mentors to choose from (default 10): the result is
 *    then optimal over every feasible assignment. With more mentors, every mentor with room for a group opens, and
 *    while some group cannot reach the minimum the group with fewest mentees placed (then the lowest total) closes
 *    and the flow is solved again — optimal for the open set it ends with.
 * 2. **Cohesion** — a deterministic local search (seeded order of mentees) moves one mentee to another group, or
 *    swaps two mentees of different groups (or a placed mentee with an unplaced one), whenever that raises
 *    `Σ pair scores + factor × Σ groups size × cohesion × 10000` and keeps sizes, locks and eligibility. It never
 *    changes the open groups nor the matched count, and never lowers the objective.
 *
 * Locked mentees stay with their mentor, whose group always opens (even when the locks alone cannot reach the
 * minimum: such a group is reported `belowMinimum`).
 */

export interface GroupFormingInput {
  menteeCount: number;
  mentorCount: number;
  /** Row-major mentee × mentor pair scores 0–10000; -1 = not eligible (hard rules, forbidden pairs). */
  scores: Int32Array;
  /** Per mentor: how many mentees the mentor can take now (their capacity left); capped at `maxSize`. */
  seats: ArrayLike<number>;
  minSize: number;
  maxSize: number;
  /** Mentees fixed to a mentor's group. */
  locked?: ReadonlyArray<readonly [mentee: number, mentor: number]>;
  mode?: 'optimal' | 'participation';
  /** Similarity of two mentees 0–1, for cohesion (cohesion.ts). */
  similarity?: (a: number, b: number) => number;
  /** Cohesion's multiplier in the objective (cohesionFactor of the weight); 0 = assignment only. */
  cohesionFactor?: number;
  seed?: number;
  exhaustiveMentors?: number;
}

export interface FormedGroup {
  mentor: number;
  members: number[];
  /** Places the group may have: min(maxSize, the mentor's seats). */
  seats: number;
  /** Sum of the members' pair scores (0–10000 each). */
  score: number;
  cohesion: number;
  belowMinimum: boolean;
}

export interface GroupFormingResult {
  /** Mentor (group) of each mentee, -1 = not placed. */
  mentorOf: Int32Array;
  groups: FormedGroup[];
  /** The assignment stage's result, before the cohesion step. */
  assignment: Int32Array;
  /** Σ pair scores + factor × Σ size × cohesion × 10000, after and before the cohesion step. */
  objective: number;
  objectiveBeforeCohesion: number;
  /** Whether the open set was enumerated (assignment optimal over all feasible assignments). */
  exhaustive: boolean;
  /** Moves and swaps the cohesion step made. */
  improvements: number;
}

function check(input: GroupFormingInput) {
  const { menteeCount: n, mentorCount: m, minSize, maxSize } = input;
  if (!Number.isInteger(minSize) || !Number.isInteger(maxSize) || minSize < 1 || maxSize < minSize)
    throw new RangeError(`sizes: ${minSize}..${maxSize} is not a range of group sizes`);
  if (input.scores.length !== n * m) throw new RangeError('scores: length is not mentees × mentors');
  if (input.seats.length !== m) throw new RangeError('seats: one per mentor');
  const lockedMentee = new Uint8Array(n);
  const lockedCount = new Int32Array(m);
  for (const [i, j] of input.locked ?? []) {
    if (!(i >= 0 && i < n && j >= 0 && j < m)) throw new RangeError(`locked: [${i}, ${j}] out of range`);
    if (lockedMentee[i]) throw new RangeError(`locked: mentee ${i} is locked twice`);
    lockedMentee[i] = 1;
    lockedCount[j]++;
  }
  for (let j = 0; j < m; j++)
    if (lockedCount[j]! > upperOf(input, j))
      throw new RangeError(`locked: mentor ${j} has more locked mentees than places`);
  return { lockedMentee, lockedCount };
}

function upperOf(input: GroupFormingInput, j: number): number {
  return Math.max(0, Math.min(input.maxSize, input.seats[j]!));
}

/** Weight of placing mentee i with mentor j in the assignment stage (mode weights of the pair solvers). */
export function arcWeight(input: GroupFormingInput, i: number, j: number): number {
  const weights = modeWeights(input.mode ?? 'optimal', input.menteeCount);
  return weights.scoreWeight * Math.max(0, input.scores[i * input.mentorCount + j]!) + weights.matchBonus;
}

/** The assignment stage's value of a placement: Σ arcWeight over placed mentees. */
export function assignmentValue(input: GroupFormingInput, mentorOf: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < mentorOf.length; i++) if (mentorOf[i]! >= 0) total += arcWeight(input, i, mentorOf[i]!);
  return total;
}

/** The full objective: Σ pair scores + factor × Σ groups size × cohesion × 10000. */
export function groupObjective(input: GroupFormingInput, mentorOf: ArrayLike<number>): number {
  const factor = input.cohesionFactor ?? 0;
  const members = new Map<number, number[]>();
  let total = 0;
  for (let i = 0; i < mentorOf.length; i++) {
    const j = mentorOf[i]!;
    if (j < 0) continue;
    total += Math.max(0, input.scores[i * input.mentorCount + j]!);
    if (!members.has(j)) members.set(j, []);
    members.get(j)!.push(i);
  }
  if (factor > 0 && input.similarity)
    for (const group of members.values())
      total += factor * 10000 * groupTerm(group.length, pairSum(group, input.similarity));
  return total;
}

function pairSum(members: readonly number[], similarity: (a: number, b: number) => number): number {
  let sum = 0;
  for (let x = 0; x < members.length; x++)
    for (let y = x + 1; y < members.length; y++) sum += similarity(members[x]!, members[y]!);
  return sum;
}

/** size × mean pairwise similarity = 2 × pair sum / (size − 1); 0 below two members. */
function groupTerm(size: number, sum: number): number {
  return size < 2 ? 0 : (2 * sum) / (size - 1);
}

export function formGroups(input: GroupFormingInput): GroupFormingResult {
  const { menteeCount: n, mentorCount: m, minSize } = input;
  const { lockedMentee, lockedCount } = check(input);
  const lockedMentor = new Uint8Array(m);
  for (const [, j] of input.locked ?? []) lockedMentor[j] = 1;
  const freeMentees: number[] = [];
  for (let i = 0; i < n; i++) if (!lockedMentee[i]) freeMentees.push(i);
  const arcsOf = freeMentees.map((i) => {
    const arcs: [number, number][] = [];
    for (let j = 0; j < m; j++) if (input.scores[i * m + j]! >= 0) arcs.push([j, arcWeight(input, i, j)]);
    return arcs;
  });
  // Mentors that may open: room for a full group (or locks of their own, which always open their group).
  const optional: number[] = [];
  for (let j = 0; j < m; j++) if (!lockedMentor[j] && upperOf(input, j) >= minSize) optional.push(j);

  const solveOpen = (open: Uint8Array) => {
    const lower = new Int32Array(m);
    const upper = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      if (!open[j]) continue;
      lower[j] = Math.max(0, minSize - lockedCount[j]!);
      upper[j] = upperOf(input, j) - lockedCount[j]!;
    }
    const flow = solveGroupFlow({ menteeCount: freeMentees.length, mentorCount: m, arcsOf, lower, upper });
    return { ...flow, lower };
  };
  const baseOpen = new Uint8Array(m);
  for (let j = 0; j < m; j++) if (lockedMentor[j]) baseOpen[j] = 1;

  const limit = input.exhaustiveMentors ?? 10;
  const exhaustive = optional.length <= limit;
  let best: { open: Uint8Array; flow: ReturnType<typeof solveOpen> } | null = null;
  const better = (flow: ReturnType<typeof solveOpen>) =>
    !best ||
    flow.shortfall < best.flow.shortfall ||
    (flow.shortfall === best.flow.shortfall && flow.weight > best.flow.weight);
  if (exhaustive) {
    const lockedNeed = Array.from(lockedCount).reduce(
      (sum, c, j) => sum + (lockedMentor[j] ? Math.max(0, minSize - c) : 0),
      0,
    );
    for (let mask = 0; mask < 1 << optional.length; mask++) {
      const open = baseOpen.slice();
      let need = lockedNeed;
      for (let b = 0; b < optional.length; b++)
        if (mask & (1 << b)) {
          open[optional[b]!] = 1;
          need += minSize;
        }
      // A set needing more mentees than there are cannot be filled; the empty set is always tried.
      if (mask !== 0 && need > freeMentees.length) continue;
      const flow = solveOpen(open);
      if (better(flow)) best = { open, flow };
    }
  } else {
    const open = baseOpen.slice();
    for (const j of optional) open[j] = 1;
    for (;;) {
      const flow = solveOpen(open);
      best = { open: open.slice(), flow };
      if (flow.shortfall === 0) break;
      const placed = new Int32Array(m);
      const weight = new Float64Array(m);
      flow.mentorOf.forEach((j, k) => {
        if (j >= 0) {
          placed[j]++;
          weight[j] += arcWeight(input, freeMentees[k]!, j);
        }
      });
      let close = -1;
      for (const j of optional) {
        if (!open[j] || placed[j]! >= flow.lower[j]!) continue;
        if (
          close < 0 ||
          placed[j]! < placed[close]! ||
          (placed[j] === placed[close] && weight[j]! <= weight[close]!)
        )
          close = j;
      }
      if (close < 0) break;
      open[close] = 0;
    }
  }
  const assignment = new Int32Array(n).fill(-1);
  for (const [i, j] of input.locked ?? []) assignment[i] = j;
  best!.flow.mentorOf.forEach((j, k) => {
    assignment[freeMentees[k]!] = j;
  });
  // An opened group the flow left empty (possible only when nothing is feasible) is not a group.
  const mentorOf = assignment.slice();
  const objectiveBeforeCohesion = groupObjective(input, assignment);
  const improvements =
    (input.cohesionFactor ?? 0) > 0 && input.similarity ? improveCohesion(input, mentorOf, lockedMentee) : 0;
  return {
    mentorOf,
    groups: groupsOf(input, mentorOf),
    assignment,
    objective: groupObjective(input, mentorOf),
    objectiveBeforeCohesion,
    exhaustive,
    improvements,
  };
}

function groupsOf(input: GroupFormingInput, mentorOf: Int32Array): FormedGroup[] {
  const byMentor = new Map<number, number[]>();
  mentorOf.forEach((j, i) => {
    if (j < 0) return;
    if (!byMentor.has(j)) byMentor.set(j, []);
    byMentor.get(j)!.push(i);
  });
  return [...byMentor]
    .sort((a, b) => a[0] - b[0])
    .map(([mentor, members]) => ({
      mentor,
      members,
      seats: upperOf(input, mentor),
      score: members.reduce((sum, i) => sum + Math.max(0, input.scores[i * input.mentorCount + mentor]!), 0),
      cohesion:
        input.similarity && members.length >= 2
          ? pairSum(members, input.similarity) / ((members.length * (members.length - 1)) / 2)
          : 0,
      belowMinimum: members.length < input.minSize,
    }));
}

/** The cohesion step: first-improvement moves and swaps in a seeded order until none improves (or 50 passes). */
function improveCohesion(input: GroupFormingInput, mentorOf: Int32Array, lockedMentee: Uint8Array): number {
  const { menteeCount: n, mentorCount: m, minSize } = input;
  const sim = input.similarity!;
  const factor = input.cohesionFactor! * 10000;
  const score = (i: number, j: number) => input.scores[i * m + j]!;
  const members: number[][] = Array.from({ length: m }, () => []);
  for (let i = 0; i < n; i++) if (mentorOf[i]! >= 0) members[mentorOf[i]!]!.push(i);
  const sums = members.map((group) => pairSum(group, sim));
  const simTo = (i: number, group: readonly number[], except = -1) => {
    let sum = 0;
    for (const k of group) if (k !== i && k !== except) sum += sim(i, k);
    return sum;
  };
  const random = seededRandom(input.seed ?? 1);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = n - 1; k > 0; k--) {
    const r = Math.floor(random() * (k + 1));
    [order[k], order[r]] = [order[r]!, order[k]!];
  }
  const openGroups = () => members.map((group, j) => (group.length > 0 ? j : -1)).filter((j) => j >= 0);
  const remove = (group: number[], i: number) => group.splice(group.indexOf(i), 1);
  let improvements = 0;
  for (let pass = 0; pass < 50; pass++) {
    let improved = false;
    const groups = openGroups();
    for (const i of order) {
      const a = mentorOf[i]!;
      if (lockedMentee[i] || a < 0) continue;
      const groupA = members[a]!;
      const termA = groupTerm(groupA.length, sums[a]!);
      const sumAWithout = sums[a]! - simTo(i, groupA);
      let bestDelta = 1e-6;
      let bestMove: (() => void) | null = null;
      for (const b of groups) {
        if (b === a) continue;
        const groupB = members[b]!;
        const termB = groupTerm(groupB.length, sums[b]!);
        const sIB = score(i, b);
        // Move i from a to b.
        if (sIB >= 0 && groupA.length - 1 >= minSize && groupB.length + 1 <= upperOf(input, b)) {
          const newSumB = sums[b]! + simTo(i, groupB);
          const delta =
            sIB -
            Math.max(0, score(i, a)) +
            factor *
              (groupTerm(groupA.length - 1, sumAWithout) +
                groupTerm(groupB.length + 1, newSumB) -
                termA -
                termB);
          if (delta > bestDelta) {
            bestDelta = delta;
            bestMove = () => {
              remove(groupA, i);
              groupB.push(i);
              sums[a] = sumAWithout;
              sums[b] = newSumB;
              mentorOf[i] = b;
            };
          }
        }
        // Swap i (in a) with k (in b).
        if (sIB < 0) continue;
        for (const k of groupB) {
          if (lockedMentee[k] || score(k, a) < 0) continue;
          const newSumA = sumAWithout + simTo(k, groupA, i);
          const newSumB = sums[b]! - simTo(k, groupB) + simTo(i, groupB, k);
          const delta =
            sIB +
            score(k, a) -
            Math.max(0, score(i, a)) -
            Math.max(0, score(k, b)) +
            factor * (groupTerm(groupA.length, newSumA) + groupTerm(groupB.length, newSumB) - termA - termB);
          if (delta > bestDelta) {
            bestDelta = delta;
            bestMove = () => {
              remove(groupA, i);
              remove(groupB, k);
              groupA.push(k);
              groupB.push(i);
              sums[a] = newSumA;
              sums[b] = newSumB;
              mentorOf[i] = b;
              mentorOf[k] = a;
            };
          }
        }
      }
      // Swap i with an unplaced mentee k (same matched count).
      for (let k = 0; k < n; k++) {
        if (mentorOf[k] !== -1 || lockedMentee[k] || score(k, a) < 0) continue;
        const newSumA = sumAWithout + simTo(k, groupA, i);
        const delta =
          score(k, a) - Math.max(0, score(i, a)) + factor * (groupTerm(groupA.length, newSumA) - termA);
        if (delta > bestDelta) {
          bestDelta = delta;
          bestMove = () => {
            remove(groupA, i);
            groupA.push(k);
            sums[a] = newSumA;
            mentorOf[i] = -1;
            mentorOf[k] = a;
          };
        }
      }
      if (bestMove) {
        bestMove();
        improvements++;
        improved = true;
      }
    }
    if (!improved) break;
  }
  return improvements;
}
