/**
 * The assignment stage of group forming (decision 031): given which mentors open a group, place mentees so that
 * every open group gets at least `lower[j]` and at most `upper[j]` mentees and the total arc weight is as large as
 * possible. A max-weight flow source → mentee (1) → mentor → sink, solved exactly by successive shortest paths with
 * Dijkstra on reduced costs. The lower bounds are met first: each mentor's first `lower[j]` units of flow earn a
 * bonus larger than any total weight, so a flow that fills every lower bound always beats one that does not, and
 * among those the weight decides. `shortfall` says how many lower-bound places stayed empty (0 = feasible).
 */

export interface GroupFlowInput {
  menteeCount: number;
  mentorCount: number;
  /** Arcs per mentee: mentor index and weight (> 0). */
  arcsOf: ReadonlyArray<ReadonlyArray<readonly [mentor: number, weight: number]>>;
  /** Per mentor; an unopened mentor has upper 0. */
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
}

export interface GroupFlowResult {
  /** Mentor of each mentee, -1 = not placed. */
  mentorOf: Int32Array;
  /** Sum of the weights of the arcs used. */
  weight: number;
  /** Lower-bound places left empty (0 when every open group reached its lower bound). */
  shortfall: number;
}

interface Edge {
  to: number;
  cap: number;
  cost: number;
  rev: number;
}

export function solveGroupFlow(input: GroupFlowInput): GroupFlowResult {
  const { menteeCount: n, mentorCount: m, arcsOf, lower, upper } = input;
  const source = 0;
  const sink = n + m + 1;
  const nodes = n + m + 2;
  const graph: Edge[][] = Array.from({ length: nodes }, () => []);
  const add = (from: number, to: number, cap: number, cost: number) => {
    graph[from]!.push({ to, cap, cost, rev: graph[to]!.length });
    graph[to]!.push({ to: from, cap: 0, cost: -cost, rev: graph[from]!.length - 1 });
  };
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (const [, w] of arcsOf[i]!) best = Math.max(best, w);
    totalWeight += best;
  }
  const bonus = totalWeight + 1;
  for (let i = 0; i < n; i++) {
    add(source, 1 + i, 1, 0);
    for (const [j, w] of arcsOf[i]!) if (upper[j]! > 0) add(1 + i, 1 + n + j, 1, -w);
  }
  for (let j = 0; j < m; j++) {
    const lo = Math.min(lower[j]!, upper[j]!);
    if (lo > 0) add(1 + n + j, sink, lo, -bonus);
    if (upper[j]! > lo) add(1 + n + j, sink, upper[j]! - lo, 0);
  }
  // Initial potentials: shortest distances in the DAG source → mentees → mentors → sink.
  const potential = new Float64Array(nodes).fill(Number.POSITIVE_INFINITY);
  potential[source] = 0;
  const order = [source];
  for (let i = 0; i < n; i++) order.push(1 + i);
  for (let j = 0; j < m; j++) order.push(1 + n + j);
  order.push(sink);
  for (const v of order) {
    if (potential[v] === Number.POSITIVE_INFINITY) continue;
    for (const e of graph[v]!)
      if (e.cap > 0 && potential[v]! + e.cost < potential[e.to]!) potential[e.to] = potential[v]! + e.cost;
  }
  for (let v = 0; v < nodes; v++) if (potential[v] === Number.POSITIVE_INFINITY) potential[v] = 0;

  const dist = new Float64Array(nodes);
  const prevNode = new Int32Array(nodes);
  const prevEdge = new Int32Array(nodes);
  const done = new Uint8Array(nodes);
  let cost = 0;
  for (;;) {
    dist.fill(Number.POSITIVE_INFINITY);
    done.fill(0);
    dist[source] = 0;
    const heap = new MinHeap();
    heap.push(0, source);
    while (heap.size > 0) {
      const [d, v] = heap.pop();
      if (done[v] || d > dist[v]!) continue;
      done[v] = 1;
      const edges = graph[v]!;
      for (let k = 0; k < edges.length; k++) {
        const e = edges[k]!;
        if (e.cap <= 0) continue;
        const nd = d + e.cost + potential[v]! - potential[e.to]!;
        if (nd < dist[e.to]! - 1e-9) {
          dist[e.to] = nd;
          prevNode[e.to] = v;
          prevEdge[e.to] = k;
          heap.push(nd, e.to);
        }
      }
    }
    if (dist[sink] === Number.POSITIVE_INFINITY) break;
    for (let v = 0; v < nodes; v++) if (dist[v]! < Number.POSITIVE_INFINITY) potential[v] += dist[v]!;
    // The path's true cost; stop once another unit no longer pays.
    const pathCost = potential[sink]! - potential[source]!;
    if (pathCost >= 0) break;
    for (let v = sink; v !== source; v = prevNode[v]!) {
      const e = graph[prevNode[v]!]![prevEdge[v]!]!;
      e.cap -= 1;
      graph[v]![e.rev]!.cap += 1;
    }
    cost += pathCost;
  }
  const mentorOf = new Int32Array(n).fill(-1);
  let weight = 0;
  for (let i = 0; i < n; i++)
    for (const e of graph[1 + i]!)
      if (e.to > n && e.to <= n + m && e.cap === 0 && e.cost <= 0) {
        mentorOf[i] = e.to - 1 - n;
        weight -= e.cost;
      }
  let shortfall = 0;
  for (let j = 0; j < m; j++) {
    const lo = Math.min(lower[j]!, upper[j]!);
    if (lo === 0) continue;
    const edge = graph[1 + n + j]!.find((e) => e.to === sink && e.cost === -bonus)!;
    shortfall += edge.cap;
  }
  void cost;
  return { mentorOf, weight, shortfall };
}

/** A binary heap of (key, value) pairs, smallest key first. */
class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];
  get size() {
    return this.keys.length;
  }
  push(key: number, value: number) {
    const keys = this.keys;
    const values = this.values;
    let i = keys.length;
    keys.push(key);
    values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }
  pop(): [number, number] {
    const keys = this.keys;
    const values = this.values;
    const top: [number, number] = [keys[0]!, values[0]!];
    const lastKey = keys.pop()!;
    const lastValue = values.pop()!;
    if (keys.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= keys.length) break;
        const right = left + 1;
        const child = right < keys.length && keys[right]! < keys[left]! ? right : left;
        if (keys[child]! >= lastKey) break;
        keys[i] = keys[child]!;
        values[i] = values[child]!;
        i = child;
      }
      keys[i] = lastKey;
      values[i] = lastValue;
    }
    return top;
  }
}
