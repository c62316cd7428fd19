import type { MatchingInstance } from '../instance.ts';

/**
 * Size of a maximum matching of `rows` under mentor capacities, using only arcs scored at least `minArcScore`.
 * Breadth-first augmenting paths in phases: a mentor seen by a failed search is skipped for the rest of the phase
 * (it cannot reach a free mentor while the matching is unchanged), and the final phase changes nothing, so it is exact.
 */
export function maximumMatchingSize(
  instance: MatchingInstance,
  capacity: Int32Array,
  rows: Int32Array,
  minArcScore: number,
): number {
  const { arcStart, arcMentor, arcScore } = instance;
  const m = capacity.length;
  const mentorOf = new Int32Array(instance.menteeCount).fill(-1);
  const listStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) listStart[j + 1] = listStart[j] + capacity[j];
  const load = new Int32Array(m);
  const members = new Int32Array(listStart[m]);
  const position = new Int32Array(instance.menteeCount);
  const add = (j: number, r: number) => {
    const p = listStart[j] + load[j]++;
    members[p] = r;
    position[r] = p;
  };
  const remove = (j: number, r: number) => {
    const last = listStart[j] + --load[j];
    const moved = members[last];
    members[position[r]] = moved;
    position[moved] = position[r];
  };
  let size = 0;
  const free: number[] = [];
  // Greedy start: first usable mentor with room.
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    let placed = false;
    let usable = false;
    for (let a = arcStart[i]; a < arcStart[i + 1]; a++) {
      if (arcScore[a] < minArcScore) continue;
      usable = true;
      const j = arcMentor[a];
      if (load[j] < capacity[j]) {
        add(j, i);
        mentorOf[i] = j;
        size++;
        placed = true;
        break;
      }
    }
    if (!placed && usable) free.push(i);
  }
  const visited = new Int32Array(m);
  const parentRow = new Int32Array(m);
  const queue = new Int32Array(m);
  let stamp = 0;
  let stillFree = free;
  for (;;) {
    stamp++;
    const next: number[] = [];
    let improved = false;
    for (const root of stillFree) {
      let head = 0;
      let tail = 0;
      let sink = -1;
      // Relax a row: any unseen mentor becomes reachable; a mentor with room ends the search.
      const relax = (r: number): void => {
        for (let a = arcStart[r]; a < arcStart[r + 1]; a++) {
          if (arcScore[a] < minArcScore) continue;
          const j = arcMentor[a];
          if (visited[j] === stamp) continue;
          visited[j] = stamp;
          parentRow[j] = r;
          if (load[j] < capacity[j]) {
            sink = j;
            return;
          }
          queue[tail++] = j;
        }
      };
      relax(root);
      while (sink < 0 && head < tail) {
        // A full mentor: each of its members may move elsewhere.
        const j = queue[head++];
        for (let p = listStart[j]; p < listStart[j] + load[j] && sink < 0; p++) relax(members[p]);
      }
      if (sink < 0) {
        next.push(root);
        continue;
      }
      let j = sink;
      for (;;) {
        const r = parentRow[j];
        const prev = mentorOf[r];
        if (prev >= 0) remove(prev, r);
        add(j, r);
        mentorOf[r] = j;
        if (r === root) break;
        j = prev;
      }
      size++;
      improved = true;
      // The matching changed: later searches of this phase may not trust the marks; start a new phase for them.
      stamp++;
    }
    if (!improved) return size;
    stillFree = next;
  }
}
