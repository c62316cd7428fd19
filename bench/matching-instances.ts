import { readFileSync, writeFileSync } from 'node:fs';
import type { MatchingInstance } from '../src/core/matching/instance.ts';
import { seededRandom } from '../src/core/seeded-random.ts';

/** A benchmark case: generated from a seed, never committed. */
export interface BenchCase {
  name: string;
  mentees: number;
  mentors: number;
  capacity: number;
  /** Candidates per mentee (sparse), or undefined for a complete instance. */
  candidates?: number;
  seed: number;
}

/** Uniform scores 0..10000; sparse cases give each mentee `candidates` distinct random mentors. */
export function generate(c: BenchCase): MatchingInstance {
  const rand = seededRandom(c.seed);
  const n = c.mentees;
  const m = c.mentors;
  const mentorCapacity = new Int32Array(m).fill(c.capacity);
  const degree = c.candidates === undefined ? m : Math.min(m, c.candidates);
  const arcStart = new Int32Array(n + 1);
  const arcMentor = new Int32Array(n * degree);
  const arcScore = new Int32Array(n * degree);
  const mark = new Int32Array(m).fill(-1);
  const picked: number[] = [];
  for (let i = 0; i < n; i++) {
    const off = i * degree;
    arcStart[i] = off;
    if (degree === m) {
      for (let j = 0; j < m; j++) arcMentor[off + j] = j;
    } else {
      picked.length = 0;
      while (picked.length < degree) {
        const j = Math.floor(rand() * m);
        if (mark[j] === i) continue;
        mark[j] = i;
        picked.push(j);
      }
      picked.sort((a, b) => a - b);
      for (let k = 0; k < degree; k++) arcMentor[off + k] = picked[k];
    }
    for (let k = 0; k < degree; k++) arcScore[off + k] = Math.floor(rand() * 10001);
  }
  arcStart[n] = n * degree;
  return { menteeCount: n, mentorCapacity, arcStart, arcMentor, arcScore };
}

/**
 * Binary exchange format (little-endian int32): n, m, arcCount, then capacities[m], arcStart[n + 1],
 * arcMentor[arcCount], arcScore[arcCount]. Read by the scipy and LEMON runners.
 */
export function writeInstance(path: string, instance: MatchingInstance): void {
  const n = instance.menteeCount;
  const m = instance.mentorCapacity.length;
  const arcs = instance.arcScore.length;
  const buffer = new Int32Array(3 + m + n + 1 + 2 * arcs);
  buffer[0] = n;
  buffer[1] = m;
  buffer[2] = arcs;
  let p = 3;
  buffer.set(instance.mentorCapacity, p);
  p += m;
  buffer.set(instance.arcStart, p);
  p += n + 1;
  buffer.set(instance.arcMentor, p);
  p += arcs;
  buffer.set(instance.arcScore, p);
  writeFileSync(path, new Uint8Array(buffer.buffer));
}

export function readInstance(path: string): MatchingInstance {
  const bytes = readFileSync(path);
  const data = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const n = data[0];
  const m = data[1];
  const arcs = data[2];
  let p = 3;
  const take = (k: number) => {
    const out = data.slice(p, p + k);
    p += k;
    return out;
  };
  const mentorCapacity = take(m);
  const arcStart = take(n + 1);
  const arcMentor = take(arcs);
  const arcScore = take(arcs);
  return { menteeCount: n, mentorCapacity, arcStart, arcMentor, arcScore };
}
