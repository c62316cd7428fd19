import type { MatchingInstance } from '../instance.ts';

/**
 * The weighted problem both exact solvers work on, after locked pairs are taken out.
 *
 * Each mentee in `rows` is assigned either to a mentor (arc weight `score * scoreWeight + matchBonus`) or to its
 * own private "unmatched" option (weight 0); the solver maximises the total weight. Choosing the two factors gives
 * the modes: `optimal` = (weight n + 1, bonus 1) → most total score, then most mentees; `participation` =
 * (weight 1, bonus > any total) → most mentees, then most total score. Internally this is a min-cost flow with
 * cost = -weight, solved by successive shortest paths with potentials on the compact mentee × mentor graph.
 */
export interface AssignmentProblem {
  instance: MatchingInstance;
  /** Remaining capacity of each mentor (capacity minus locked pairs). */
  capacity: Int32Array;
  /** Mentees to assign, in processing order (locked mentees excluded). */
  rows: Int32Array;
  /** Arcs with a lower score are ignored (the `fair` threshold); 0 = all arcs. */
  minArcScore: number;
  scoreWeight: number;
  matchBonus: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Row r takes its arcs from instance row rowArcs[r] (the transposed solve's seats of one mentor share that
   * mentor's arcs); rows are then 0..rowArcs.length - 1. Default: row r is instance row r.
   */
  rowArcs?: Int32Array;
  /** The row-major score matrix (-1 = no arc) when the caller already has it; dense variant only. */
  denseMatrix?: Int32Array;
}

/** Number of row slots (mentorOf, potentials) a problem needs. */
function rowSlots(problem: AssignmentProblem): number {
  return problem.rowArcs ? problem.rowArcs.length : problem.instance.menteeCount;
}

/**
 * The assignment plus an optimal dual: for every arc (i, j) with i in rows, -w(i, j) - rowPotential[i] -
 * mentorPotential[j] ≥ 0, equal to 0 on assigned arcs; -rowPotential[i] ≥ 0, and = 0 for rows left unmatched;
 * mentorPotential[j] = 0 when j has spare capacity, ≤ 0 otherwise.
 */
export interface AssignmentSolution {
  mentorOf: Int32Array;
  rowPotential: Float64Array;
  mentorPotential: Float64Array;
  /** Number of shortest-path searches run after the start phase (for benchmarks). */
  searches: number;
  /**
   * False when the instance is tight and complete (everyone is placed): the "unmatched" options are then left
   * out, mentor potentials are free while a mentor has room, and the dual conditions on them do not apply.
   */
  unmatchedOptions: boolean;
}

/** Use the dense variant when at least this fraction of all mentee × mentor pairs are arcs. */
const DENSE_DENSITY_THRESHOLD = 0.25;

/** Dense matrices above this many cells would cost too much memory to build; stay sparse. */
const DENSE_MAX_CELLS = 400_000_000;

/** True when the dense variant should be used for this instance (see DENSE_DENSITY_THRESHOLD). */
export function prefersDense(instance: MatchingInstance): boolean {
  const cells = instance.menteeCount * instance.mentorCapacity.length;
  if (cells === 0 || cells > DENSE_MAX_CELLS) return false;
  return instance.arcScore.length >= DENSE_DENSITY_THRESHOLD * cells;
}

/** Row-major score matrix with -1 for missing arcs; shares arcScore when the instance is complete. */
function denseScores(instance: MatchingInstance): Int32Array {
  const n = instance.menteeCount;
  const m = instance.mentorCapacity.length;
  if (instance.arcScore.length === n * m) return instance.arcScore;
  const scores = new Int32Array(n * m).fill(-1);
  const { arcStart, arcMentor, arcScore } = instance;
  for (let i = 0; i < n; i++) {
    for (let a = arcStart[i]; a < arcStart[i + 1]; a++) scores[i * m + arcMentor[a]] = arcScore[a];
  }
  return scores;
}

/** Members of each mentor in flat arrays, so a mentor's assigned mentees can be walked and moved in O(1). */
class MentorLists {
  readonly start: Int32Array;
  readonly load: Int32Array;
  readonly members: Int32Array;
  readonly position: Int32Array;

  constructor(capacity: Int32Array, menteeCount: number) {
    const m = capacity.length;
    this.start = new Int32Array(m + 1);
    for (let j = 0; j < m; j++) this.start[j + 1] = this.start[j] + capacity[j];
    this.load = new Int32Array(m);
    this.members = new Int32Array(this.start[m]);
    this.position = new Int32Array(menteeCount);
  }

  add(mentor: number, row: number): void {
    const p = this.start[mentor] + this.load[mentor]++;
    this.members[p] = row;
    this.position[row] = p;
  }

  remove(mentor: number, row: number): void {
    const last = this.start[mentor] + --this.load[mentor];
    const p = this.position[row];
    const moved = this.members[last];
    this.members[p] = moved;
    this.position[moved] = p;
  }
}

interface Setup {
  mentorOf: Int32Array;
  u: Float64Array;
  v: Float64Array;
  lists: MentorLists;
  pending: Int32Array;
  pendingCount: number;
}

/**
 * Greedy start: every row takes its best arc (a feasible dual with v = 0 and u = -best weight makes that arc
 * tight), as long as the mentor has room. Most rows of a loose instance are settled here for one pass over arcs.
 */
function greedyStart(problem: AssignmentProblem, bestArcOf: (row: number) => number): Setup {
  const { capacity, rows, scoreWeight, matchBonus } = problem;
  const n = rowSlots(problem);
  const m = capacity.length;
  const mentorOf = new Int32Array(n).fill(-1);
  const u = new Float64Array(n);
  const v = new Float64Array(m);
  const lists = new MentorLists(capacity, n);
  const pending = new Int32Array(rows.length);
  let pendingCount = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const packed = bestArcOf(i);
    if (packed < 0) continue; // no usable arc: unmatched, u = 0 keeps the dual feasible
    const j = packed % m;
    const s = (packed - j) / m;
    u[i] = -(s * scoreWeight + matchBonus);
    if (lists.load[j] < capacity[j]) {
      lists.add(j, i);
      mentorOf[i] = j;
    } else {
      pending[pendingCount++] = i;
    }
  }
  return { mentorOf, u, v, lists, pending, pendingCount };
}

/** Moves rows along the shortest path found for `start`, ending at mentor `sink` or at `dummyRow`'s unmatched option. */
function augment(setup: Setup, path: Int32Array, start: number, sink: number, dummyRow: number): void {
  const { mentorOf, lists } = setup;
  let j: number;
  if (sink < 0) {
    // The path ends by sending dummyRow to its unmatched option; its old mentor takes the next row on the path.
    const prev = mentorOf[dummyRow];
    mentorOf[dummyRow] = -1;
    if (dummyRow === start) return;
    lists.remove(prev, dummyRow);
    j = prev;
  } else {
    j = sink;
  }
  for (;;) {
    const r = path[j];
    const prev = mentorOf[r];
    if (r !== start) lists.remove(prev, r);
    lists.add(j, r);
    mentorOf[r] = j;
    if (r === start) return;
    j = prev;
  }
}

/** True when every free mentee has a usable arc to every mentor and there are exactly as many free seats. */
function isTightComplete(problem: AssignmentProblem): boolean {
  const { instance, capacity, rows, minArcScore } = problem;
  const m = capacity.length;
  if (problem.rowArcs || minArcScore > 0 || instance.arcScore.length !== instance.menteeCount * m)
    return false;
  let seats = 0;
  for (let j = 0; j < m; j++) seats += capacity[j];
  return seats === rows.length && seats > 0;
}

/**
 * Start for tight complete instances: every seat will be filled, so a mentor's potential need not stay 0 while it
 * has room, which allows Jonker–Volgenant's augmenting row reduction (an auction with exact price steps) over
 * seats. It settles most mentees with much better potentials than the greedy start, so the Dijkstra tail is short.
 * Seat prices are then lifted to one potential per mentor (its highest seat price), keeping every arc feasible.
 */
function seatAuctionStart(problem: AssignmentProblem, scores: Int32Array): Setup {
  const { instance, capacity, rows, scoreWeight: K, matchBonus: E } = problem;
  const n = instance.menteeCount;
  const m = capacity.length;
  const seatStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) seatStart[j + 1] = seatStart[j] + capacity[j];
  const seats = seatStart[m];
  const seatMentor = new Int32Array(seats);
  for (let j = 0; j < m; j++) for (let t = seatStart[j]; t < seatStart[j + 1]; t++) seatMentor[t] = j;
  // Seat "potential" (cost-minimisation sign: it only goes down when a seat is contested).
  const price = new Float64Array(seats);
  const seatRow = new Int32Array(seats).fill(-1);
  const rowSeat = new Int32Array(n).fill(-1);
  const bestSeat = new Int32Array(m).fill(-1);
  const refresh = (j: number) => {
    // Highest price first; among equal prices a free seat, since taking it evicts nobody.
    let best = -1;
    for (let t = seatStart[j]; t < seatStart[j + 1]; t++) {
      if (
        best < 0 ||
        price[t] > price[best] ||
        (price[t] === price[best] && seatRow[t] < 0 && seatRow[best] >= 0)
      ) {
        best = t;
      }
    }
    bestSeat[j] = best;
  };
  for (let j = 0; j < m; j++) refresh(j);
  const free = Int32Array.from(rows);
  let freeCount = free.length;
  const INF = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 2 && freeCount > 0; pass++) {
    let current = 0;
    let newFree = 0;
    let rounds = 0;
    while (current < freeCount) {
      rounds++;
      const i = free[current++];
      const off = i * m;
      let v1 = INF;
      let v2 = INF;
      let j1 = -1;
      let j2 = -1;
      for (let j = 0; j < m; j++) {
        const t = bestSeat[j];
        if (t < 0) continue;
        const c = -(scores[off + j] * K + E) - price[t];
        if (c < v2) {
          if (c >= v1) {
            v2 = c;
            j2 = j;
          } else {
            v2 = v1;
            j2 = j1;
            v1 = c;
            j1 = j;
          }
        }
      }
      // The runner-up is the best seat of another mentor: seats of one mentor are interchangeable, and bidding
      // against them would only rotate equally priced seats without progress. Feasibility survives: the
      // mentor-level potential taken at the end is the highest seat price of each mentor.
      const s1 = bestSeat[j1];
      const seat2 = j2 >= 0 ? bestSeat[j2] : -1;
      let target = s1;
      let i0 = seatRow[s1];
      const lowers = v2 > v1 && v2 !== INF;
      if (rounds < current * seats) {
        if (lowers) {
          price[s1] -= v2 - v1;
        } else if (i0 >= 0 && seat2 >= 0) {
          target = seat2;
          i0 = seatRow[seat2];
        }
        if (i0 >= 0) {
          if (lowers) free[--current] = i0;
          else free[newFree++] = i0;
        }
      } else if (i0 >= 0) {
        free[newFree++] = i0;
      }
      if (i0 >= 0) rowSeat[i0] = -1;
      seatRow[target] = i;
      rowSeat[i] = target;
      refresh(seatMentor[target]);
    }
    freeCount = newFree;
  }
  const mentorOf = new Int32Array(n).fill(-1);
  const u = new Float64Array(n);
  const v = new Float64Array(m);
  // A mentor without seats is never entered; a very low potential keeps its arcs feasible for any u.
  for (let j = 0; j < m; j++) v[j] = bestSeat[j] >= 0 ? price[bestSeat[j]] : -1e15;
  const lists = new MentorLists(capacity, n);
  const pending = new Int32Array(rows.length);
  let pendingCount = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const off = i * m;
    const t = rowSeat[i];
    if (t >= 0) {
      const j = seatMentor[t];
      lists.add(j, i);
      mentorOf[i] = j;
      u[i] = -(scores[off + j] * K + E) - v[j];
    } else {
      let low = INF;
      for (let j = 0; j < m; j++) {
        const c = -(scores[off + j] * K + E) - v[j];
        if (c < low) low = c;
      }
      u[i] = low;
      pending[pendingCount++] = i;
    }
  }
  liftMentorsWithRoom(problem, scores, u, v, lists.load);
  return { mentorOf, u, v, lists, pending, pendingCount };
}

/**
 * Tight complete instances only: a mentor with room may take any feasible potential, so raise it until some
 * mentee's arc to it is tight (seats left free by the auction kept potential 0, which can be far from tight).
 */
function liftMentorsWithRoom(
  problem: AssignmentProblem,
  scores: Int32Array,
  u: Float64Array,
  v: Float64Array,
  load: Int32Array,
): void {
  const { capacity, rows, scoreWeight: K, matchBonus: E } = problem;
  const m = capacity.length;
  const open: number[] = [];
  for (let j = 0; j < m; j++) if (load[j] < capacity[j]) open.push(j);
  if (open.length === 0) return;
  const slack = new Float64Array(open.length).fill(Number.POSITIVE_INFINITY);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const off = i * m;
    const ui = u[i];
    for (let q = 0; q < open.length; q++) {
      const c = -(scores[off + open[q]] * K + E) - ui;
      if (c < slack[q]) slack[q] = c;
    }
  }
  for (let q = 0; q < open.length; q++) v[open[q]] = slack[q];
}

const PROGRESS_EVERY = 256;

/** Exact solver for (nearly) complete instances: O(mentors) Dijkstra steps with a linear scan, no heap. */
export function solveAssignmentDense(problem: AssignmentProblem): AssignmentSolution {
  const { instance, capacity, minArcScore, scoreWeight: K, matchBonus: E, onProgress } = problem;
  const m = capacity.length;
  const scores = problem.denseMatrix ?? denseScores(instance);
  const rowArcs = problem.rowArcs;
  const slots = rowSlots(problem);
  // Every mentee will be placed, so the "unmatched" options are left out of the search.
  const tight = isTightComplete(problem);
  const setup = tight
    ? seatAuctionStart(problem, scores)
    : greedyStart(problem, (i) => {
        // Best arc = highest score, lowest mentor on ties; packed as score * m + mentor.
        let best = -1;
        let bestJ = -1;
        const off = (rowArcs === undefined ? i : rowArcs[i]) * m;
        for (let j = 0; j < m; j++) {
          const s = scores[off + j];
          if (s > best && s >= minArcScore) {
            best = s;
            bestJ = j;
          }
        }
        return bestJ < 0 ? -1 : best * m + bestJ;
      });
  const { mentorOf, u, v, lists, pending, pendingCount } = setup;
  const load = lists.load;
  const members = lists.members;
  const listStart = lists.start;
  const shortest = new Float64Array(m);
  const path = new Int32Array(m);
  // Unscanned mentors, compacted as they are scanned: a long search touches each mentor ~m/2 times, not m.
  const remaining = new Int32Array(m);
  const allMentors = new Int32Array(m);
  for (let j = 0; j < m; j++) allMentors[j] = j;
  const scannedCols = new Int32Array(m);
  const scannedRows = new Int32Array(slots);
  const rowDist = new Float64Array(slots);
  const INF = Number.POSITIVE_INFINITY;

  for (let q = 0; q < pendingCount; q++) {
    if (onProgress && q % PROGRESS_EVERY === 0) onProgress(q, pendingCount);
    const start = pending[q];
    shortest.fill(INF);
    remaining.set(allMentors);
    let nRem = m;
    let nSC = 0;
    let nSR = 0;
    let bestDummy = INF;
    let dummyRow = -1;
    let sink = -1;
    let minVal = 0;
    let rowBase = 0;
    let from = 0; // rows members[from .. to) of the last scanned mentor still to relax
    let to = 0;
    let row = start;
    scannedRows[nSR++] = start;
    rowDist[start] = 0;
    for (;;) {
      let lowest = INF;
      let kBest = -1;
      if (row >= 0) {
        // Relax `row`; when it is the last row of the batch, also find the closest unscanned mentor.
        const base = rowBase - u[row];
        if (base < bestDummy && !tight) {
          bestDummy = base;
          dummyRow = row;
        }
        const arcBase = base - E;
        const off = (rowArcs === undefined ? row : rowArcs[row]) * m;
        if (from < to) {
          for (let k = 0; k < nRem; k++) {
            const j = remaining[k];
            const s = scores[off + j];
            if (s < minArcScore) continue;
            const d = arcBase - s * K - v[j];
            if (d < shortest[j]) {
              shortest[j] = d;
              path[j] = row;
            }
          }
          row = members[from++];
          rowDist[row] = rowBase;
          scannedRows[nSR++] = row;
          continue;
        }
        for (let k = 0; k < nRem; k++) {
          const j = remaining[k];
          const s = scores[off + j];
          let d = shortest[j];
          if (s >= minArcScore) {
            const nd = arcBase - s * K - v[j];
            if (nd < d) {
              shortest[j] = nd;
              path[j] = row;
              d = nd;
            }
          }
          // Ties go to a mentor with room: the search ends there.
          if (d < lowest || (d === lowest && load[j] < capacity[j])) {
            lowest = d;
            kBest = k;
          }
        }
      } else {
        for (let k = 0; k < nRem; k++) {
          const d = shortest[remaining[k]];
          if (d < lowest) {
            lowest = d;
            kBest = k;
          }
        }
      }
      if (lowest === INF || bestDummy < lowest) {
        minVal = bestDummy;
        break;
      }
      const j = remaining[kBest];
      remaining[kBest] = remaining[--nRem];
      scannedCols[nSC++] = j;
      minVal = lowest;
      if (load[j] < capacity[j]) {
        sink = j;
        break;
      }
      // A full mentor: its members are reached at the same distance (their arcs to it are tight).
      rowBase = lowest;
      from = listStart[j];
      to = from + load[j];
      row = -1; // capacity 0 after locks: nothing to relax, select again
      if (from < to) {
        row = members[from++];
        rowDist[row] = rowBase;
        scannedRows[nSR++] = row;
      }
    }
    for (let k = 0; k < nSR; k++) {
      const r = scannedRows[k];
      u[r] += minVal - rowDist[r];
    }
    for (let k = 0; k < nSC; k++) {
      const j = scannedCols[k];
      if (j !== sink) v[j] -= minVal - shortest[j];
    }
    augment(setup, path, start, sink, sink < 0 ? dummyRow : -1);
  }
  if (onProgress) onProgress(pendingCount, pendingCount);
  return { mentorOf, rowPotential: u, mentorPotential: v, searches: pendingCount, unmatchedOptions: !tight };
}

/** Binary min-heap of (distance, mentor) with lazy deletion: stale entries are skipped when popped. */
class DistanceHeap {
  keys: Float64Array;
  values: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.values = new Int32Array(Math.max(16, capacity));
  }

  push(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const values = new Int32Array(this.size * 2);
      values.set(this.values);
      this.values = values;
    }
    const keys = this.keys;
    const values = this.values;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      values[i] = values[parent];
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Removes the top; read keys[0] / values[0] before calling. */
  pop(): void {
    const keys = this.keys;
    const values = this.values;
    const n = --this.size;
    if (n === 0) return;
    const key = keys[n];
    const value = values[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= key) break;
      keys[i] = keys[child];
      values[i] = values[child];
      i = child;
    }
    keys[i] = key;
    values[i] = value;
  }
}

/** True when no mentor takes more than one mentee (one-to-one, or the transposed solve's mentee columns). */
function hasUnitCapacities(capacity: Int32Array): boolean {
  for (let j = 0; j < capacity.length; j++) if (capacity[j] > 1) return false;
  return true;
}

function hasRoomEverywhere(capacity: Int32Array): boolean {
  for (let j = 0; j < capacity.length; j++) if (capacity[j] === 0) return false;
  return true;
}

/**
 * Start for the sparse variant when every mentor has capacity ≤ 1 (one-to-one, or the transposed solve where
 * columns are mentees): an auction with exact price steps in the manner of Jonker–Volgenant's augmenting row
 * reduction, where the rows sharing one arc list (the seats of one mentor) bid together as one bidder with that many
 * seats. A bidder takes its best mentors (by reduced cost; each seat may also stay empty at cost 0), and every mentor
 * it takes is priced so that all of them cost the same as its next best option: its seats then share one potential,
 * so identical seats never bid against each other. Prices only rise, so the dual stays feasible after every bid; a
 * mentor once taken stays taken (a bid evicts, never frees), so mentors never bid on keep potential 0 as mentors with
 * room must. Bids stop after a budget (ties can evict without raising a price); seats still free go to the Dijkstra
 * phase, and when none are left the start is already optimal.
 */
function groupAuctionStart(problem: AssignmentProblem): Setup {
  const { instance, capacity, rows, minArcScore, scoreWeight: K, matchBonus: E } = problem;
  const { arcStart, arcMentor, arcScore } = instance;
  const rowArcs = problem.rowArcs;
  const n = rowSlots(problem);
  const m = capacity.length;
  const sources = instance.menteeCount;
  // Rows of each bidder (rows sharing an arc list), in the order of `rows`.
  const size = new Int32Array(sources);
  for (let k = 0; k < rows.length; k++) size[rowArcs === undefined ? rows[k] : rowArcs[rows[k]]]++;
  let widest = 0;
  for (let g = 0; g < sources; g++) if (size[g] > widest) widest = size[g];
  const v = new Float64Array(m);
  const bidderPotential = new Float64Array(sources);
  const held = new Int32Array(sources);
  const owner = new Int32Array(m).fill(-1);
  const queue = new Int32Array(sources);
  const queued = new Uint8Array(sources);
  const deferred = new Uint8Array(sources);
  let head = 0;
  let queueLength = 0;
  const enqueue = (g: number) => {
    if (queued[g] || deferred[g]) return;
    queued[g] = 1;
    queue[(head + queueLength++) % sources] = g;
  };
  for (let k = 0; k < rows.length; k++) enqueue(rowArcs === undefined ? rows[k] : rowArcs[rows[k]]);
  // The best `size + 1` mentors of the current bidder, ordered by (reduced cost, class): class 0 = held by the
  // bidder, 1 = free, 2 = held by another bidder (ties go to what evicts nobody).
  const bestCost = new Float64Array(widest + 1);
  const bestMentor = new Int32Array(widest + 1);
  const bestClass = new Int32Array(widest + 1);
  let budget = 16 * queueLength + 64;
  while (queueLength > 0 && budget-- > 0) {
    const g = queue[head];
    head = (head + 1) % sources;
    queueLength--;
    queued[g] = 0;
    if (deferred[g]) continue;
    const c = size[g];
    let count = 0;
    for (let a = arcStart[g]; a < arcStart[g + 1]; a++) {
      const s = arcScore[a];
      const j = arcMentor[a];
      if (s < minArcScore || capacity[j] === 0) continue;
      const r = -(s * K + E) - v[j];
      const cls = owner[j] === g ? 0 : owner[j] < 0 ? 1 : 2;
      if (count > c && (r > bestCost[c] || (r === bestCost[c] && cls >= bestClass[c]))) continue;
      let p = count > c ? c : count++;
      while (p > 0 && (bestCost[p - 1] > r || (bestCost[p - 1] === r && bestClass[p - 1] > cls))) {
        bestCost[p] = bestCost[p - 1];
        bestMentor[p] = bestMentor[p - 1];
        bestClass[p] = bestClass[p - 1];
        p--;
      }
      bestCost[p] = r;
      bestMentor[p] = j;
      bestClass[p] = cls;
    }
    // Mentors that beat an empty seat (cost 0; a mentor the bidder holds wins the tie) are taken, up to c.
    let taken = 0;
    while (
      taken < c &&
      taken < count &&
      (bestCost[taken] < 0 || (bestCost[taken] === 0 && bestClass[taken] === 0))
    )
      taken++;
    // Every taken mentor is priced to cost what the next option costs; with an empty seat that is 0.
    const level = taken < c ? 0 : Math.min(0, count > c ? bestCost[c] : 0);
    for (let t = 0; t < taken; t++) {
      const j = bestMentor[t];
      v[j] -= level - bestCost[t];
      const previous = owner[j];
      if (previous === g) continue;
      if (previous >= 0) {
        held[previous]--;
        // Evicted at an unchanged price (a tie), the two could evict each other forever: the Dijkstra phase
        // places that one instead.
        if (level === bestCost[t]) deferred[previous] = 1;
        else enqueue(previous);
      }
      owner[j] = g;
      held[g]++;
    }
    bidderPotential[g] = level;
  }
  // Seats: each bidder's rows take its mentors in order; the rest are settled empty (potential 0, the empty seat is
  // tight) or pending when the budget ran out with the bidder still wanting more.
  const rowStart = new Int32Array(sources + 1);
  for (let g = 0; g < sources; g++) rowStart[g + 1] = rowStart[g] + size[g];
  const fill = rowStart.slice(0, sources);
  const rowsOf = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const g = rowArcs === undefined ? rows[k] : rowArcs[rows[k]];
    rowsOf[fill[g]++] = rows[k];
  }
  fill.set(rowStart.subarray(0, sources));
  const mentorOf = new Int32Array(n).fill(-1);
  const u = new Float64Array(n);
  const lists = new MentorLists(capacity, n);
  for (let j = 0; j < m; j++) {
    const g = owner[j];
    if (g < 0) continue;
    const i = rowsOf[fill[g]++];
    mentorOf[i] = j;
    lists.add(j, i);
  }
  const pending = new Int32Array(rows.length);
  let pendingCount = 0;
  for (let g = 0; g < sources; g++) {
    for (let p = rowStart[g]; p < rowStart[g + 1]; p++) {
      const i = rowsOf[p];
      u[i] = bidderPotential[g];
      if (p >= fill[g] && (queued[g] || deferred[g] || bidderPotential[g] < 0)) pending[pendingCount++] = i;
    }
  }
  // Mentors with no room (all locked) were left out of the bidding; any potential low enough keeps their arcs
  // feasible, since they have no seat to fill.
  if (!hasRoomEverywhere(capacity)) {
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k];
      const source = rowArcs === undefined ? i : rowArcs[i];
      for (let a = arcStart[source]; a < arcStart[source + 1]; a++) {
        const j = arcMentor[a];
        if (capacity[j] !== 0 || arcScore[a] < minArcScore) continue;
        const cost = -(arcScore[a] * K + E) - u[i];
        if (cost < v[j]) v[j] = cost;
      }
    }
  }
  return { mentorOf, u, v, lists, pending, pendingCount };
}

/** Exact solver for candidate-pruned instances: CSR arcs, Dijkstra with a binary heap, early exit at a free mentor. */
export function solveAssignmentSparse(problem: AssignmentProblem): AssignmentSolution {
  const { instance, capacity, minArcScore, scoreWeight: K, matchBonus: E, onProgress } = problem;
  const m = capacity.length;
  const { arcStart, arcMentor, arcScore } = instance;
  const rowArcs = problem.rowArcs;
  const slots = rowSlots(problem);
  const setup = hasUnitCapacities(capacity)
    ? groupAuctionStart(problem)
    : greedyStart(problem, (r) => {
        const i = rowArcs === undefined ? r : rowArcs[r];
        let best = -1;
        let bestJ = -1;
        for (let a = arcStart[i]; a < arcStart[i + 1]; a++) {
          const s = arcScore[a];
          if (s > best && s >= minArcScore) {
            best = s;
            bestJ = arcMentor[a];
          }
        }
        return bestJ < 0 ? -1 : best * m + bestJ;
      });
  const { mentorOf, u, v, lists, pending, pendingCount } = setup;
  const load = lists.load;
  const members = lists.members;
  const listStart = lists.start;
  const shortest = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const path = new Int32Array(m);
  const scanned = new Uint8Array(m);
  const touched = new Int32Array(m);
  const scannedCols = new Int32Array(m);
  const scannedRows = new Int32Array(slots);
  const rowDist = new Float64Array(slots);
  const heap = new DistanceHeap(1024);

  for (let q = 0; q < pendingCount; q++) {
    if (onProgress && q % PROGRESS_EVERY === 0) onProgress(q, pendingCount);
    const start = pending[q];
    let nTouched = 0;
    let nSC = 0;
    let nSR = 0;
    let bestDummy = Number.POSITIVE_INFINITY;
    let dummyRow = -1;
    let sink = -1;
    let minVal = 0;
    heap.size = 0;
    scannedRows[nSR++] = start;
    rowDist[start] = 0;
    let rowsFrom = 0; // rows scannedRows[rowsFrom..nSR) still need relaxing
    for (;;) {
      for (; rowsFrom < nSR; rowsFrom++) {
        const row = scannedRows[rowsFrom];
        const base = rowDist[row] - u[row];
        if (base < bestDummy) {
          bestDummy = base;
          dummyRow = row;
        }
        const source = rowArcs === undefined ? row : rowArcs[row];
        for (let a = arcStart[source]; a < arcStart[source + 1]; a++) {
          const s = arcScore[a];
          if (s < minArcScore) continue;
          const j = arcMentor[a];
          if (scanned[j]) continue;
          const d = base - s * K - E - v[j];
          if (d < shortest[j]) {
            if (shortest[j] === Number.POSITIVE_INFINITY) touched[nTouched++] = j;
            shortest[j] = d;
            path[j] = row;
            heap.push(d, j);
          }
        }
      }
      let j = -1;
      let lowest = Number.POSITIVE_INFINITY;
      while (heap.size > 0) {
        const top = heap.values[0];
        const key = heap.keys[0];
        if (scanned[top] || key > shortest[top]) {
          heap.pop();
          continue;
        }
        j = top;
        lowest = key;
        break;
      }
      if (j < 0 || bestDummy < lowest) {
        minVal = bestDummy;
        break;
      }
      heap.pop();
      scanned[j] = 1;
      scannedCols[nSC++] = j;
      minVal = lowest;
      if (load[j] < capacity[j]) {
        sink = j;
        break;
      }
      for (let p = listStart[j], end = listStart[j] + load[j]; p < end; p++) {
        const r = members[p];
        rowDist[r] = lowest;
        scannedRows[nSR++] = r;
      }
    }
    for (let k = 0; k < nSR; k++) {
      const r = scannedRows[k];
      u[r] += minVal - rowDist[r];
    }
    for (let k = 0; k < nSC; k++) {
      const j = scannedCols[k];
      if (j !== sink) v[j] -= minVal - shortest[j];
      scanned[j] = 0;
    }
    for (let k = 0; k < nTouched; k++) shortest[touched[k]] = Number.POSITIVE_INFINITY;
    augment(setup, path, start, sink, sink < 0 ? dummyRow : -1);
  }
  if (onProgress) onProgress(pendingCount, pendingCount);
  return { mentorOf, rowPotential: u, mentorPotential: v, searches: pendingCount, unmatchedOptions: true };
}
