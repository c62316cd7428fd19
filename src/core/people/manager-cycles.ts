import { itemsPerStep, runAllSteps, type Stepwise } from '../stepwise.ts';

/**
 * Every cycle in a "reports to" graph where each node has at most one manager (a functional graph), each cycle
 * listed once, starting from its first node in iteration order and following manager links. Linear time.
 */
export function findManagerCycles<K>(managerOf: ReadonlyMap<K, K | null>): K[][] {
  return runAllSteps(findingManagerCycles(managerOf));
}

/** `findManagerCycles` as stepwise work (see src/core/stepwise.ts). */
export function* findingManagerCycles<K>(managerOf: ReadonlyMap<K, K | null>): Stepwise<K[][]> {
  let handled = 0;
  const state = new Map<K, 1 | 2>(); // 1: on the current walk, 2: finished
  const cycles: K[][] = [];
  for (const start of managerOf.keys()) {
    if (++handled % itemsPerStep === 0) yield;
    if (state.has(start)) continue;
    const walk: K[] = [];
    let node: K | null | undefined = start;
    while (node !== null && node !== undefined && !state.has(node)) {
      state.set(node, 1);
      walk.push(node);
      node = managerOf.get(node);
    }
    if (node !== null && node !== undefined && state.get(node) === 1) {
      cycles.push(walk.slice(walk.indexOf(node)));
    }
    for (const visited of walk) state.set(visited, 2);
  }
  return cycles;
}
