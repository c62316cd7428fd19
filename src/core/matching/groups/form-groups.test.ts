import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../seeded-random.ts';
import { emptyMentee } from '../profiles.ts';
import { cohesionFactor, cohesionModel } from './cohesion.ts';
import { assignmentValue, formGroups, type GroupFormingInput, groupObjective } from './form-groups.ts';

/** A random small instance: ≤ 7 mentees, ≤ 3 mentors, some pairs forbidden, sometimes a lock. */
function randomInstance(seed: number): GroupFormingInput {
  const random = seededRandom(seed);
  const n = 1 + Math.floor(random() * 7);
  const m = 1 + Math.floor(random() * 3);
  const minSize = 1 + Math.floor(random() * 3);
  const maxSize = minSize + Math.floor(random() * 3);
  const scores = new Int32Array(n * m);
  for (let p = 0; p < scores.length; p++) scores[p] = random() < 0.2 ? -1 : Math.floor(random() * 10001);
  const seats = Array.from({ length: m }, () => 1 + Math.floor(random() * 5));
  const locked: [number, number][] = [];
  if (random() < 0.4) {
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * m);
    if (Math.min(maxSize, seats[j]!) >= 1) locked.push([i, j]);
  }
  const similarities = Array.from({ length: n * n }, () => Math.round(random() * 100) / 100);
  const similarity = (a: number, b: number) => similarities[Math.min(a, b) * n + Math.max(a, b)]!;
  return {
    menteeCount: n,
    mentorCount: m,
    scores,
    seats,
    minSize,
    maxSize,
    locked,
    mode: random() < 0.5 ? 'optimal' : 'participation',
    similarity,
    cohesionFactor: random() < 0.5 ? 0 : random() * 2,
    seed,
  };
}

/** Every placement that keeps arcs, locks and sizes (0 or min..places; a locked mentor's group min..places). */
function bruteForce(input: GroupFormingInput) {
  const { menteeCount: n, mentorCount: m } = input;
  const lockOf = new Map((input.locked ?? []).map(([i, j]) => [i, j]));
  const lockedMentors = new Set(lockOf.values());
  let best = -1;
  let feasible = false;
  const current = new Int32Array(n).fill(-1);
  const visit = (i: number) => {
    if (i === n) {
      const sizes = new Int32Array(m);
      for (const j of current) if (j >= 0) sizes[j]++;
      for (let j = 0; j < m; j++) {
        const places = Math.min(input.maxSize, input.seats[j]!);
        if (sizes[j]! > places) return;
        if ((sizes[j]! > 0 || lockedMentors.has(j)) && sizes[j]! < input.minSize) return;
      }
      feasible = true;
      best = Math.max(best, assignmentValue(input, current));
      return;
    }
    const lock = lockOf.get(i);
    const options = lock !== undefined ? [lock] : [-1, ...Array.from({ length: m }, (_, j) => j)];
    for (const j of options) {
      if (j >= 0 && lock === undefined && input.scores[i * m + j]! < 0) continue;
      current[i] = j;
      visit(i + 1);
    }
    current[i] = -1;
  };
  visit(0);
  return { feasible, best };
}

function sizesOf(input: GroupFormingInput, mentorOf: Int32Array) {
  const sizes = new Int32Array(input.mentorCount);
  for (const j of mentorOf) if (j >= 0) sizes[j]++;
  return sizes;
}

describe('group forming (property tests against brute force)', () => {
  it('keeps sizes, locks and hard rules, is optimal without cohesion, and the cohesion step never lowers the objective', () => {
    let compared = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const input = randomInstance(seed);
      const result = formGroups(input);
      const { menteeCount: n, mentorCount: m } = input;
      // Locks hold.
      for (const [i, j] of input.locked ?? []) assert.equal(result.mentorOf[i], j, `seed ${seed}: lock`);
      // Hard rules: never a forbidden pair outside a lock.
      const locked = new Set((input.locked ?? []).map(([i]) => i));
      for (let i = 0; i < n; i++) {
        const j = result.mentorOf[i]!;
        if (j >= 0 && !locked.has(i))
          assert.ok(input.scores[i * m + j]! >= 0, `seed ${seed}: forbidden pair`);
      }
      const truth = bruteForce(input);
      const sizes = sizesOf(input, result.mentorOf);
      for (let j = 0; j < m; j++) {
        assert.ok(sizes[j]! <= Math.min(input.maxSize, input.seats[j]!), `seed ${seed}: above max`);
        if (truth.feasible && sizes[j]! > 0)
          assert.ok(sizes[j]! >= input.minSize, `seed ${seed}: group of ${sizes[j]} below ${input.minSize}`);
      }
      // The assignment stage equals brute force.
      if (truth.feasible) {
        assert.equal(assignmentValue(input, result.assignment), truth.best, `seed ${seed}: not optimal`);
        compared++;
      }
      // The cohesion step never lowers the objective, nor the matched count.
      assert.ok(result.objective >= result.objectiveBeforeCohesion - 1e-6, `seed ${seed}: objective lowered`);
      assert.equal(
        Array.from(result.mentorOf).filter((j) => j >= 0).length,
        Array.from(result.assignment).filter((j) => j >= 0).length,
      );
      assert.ok(Math.abs(result.objective - groupObjective(input, result.mentorOf)) < 1e-6);
    }
    assert.ok(compared > 300, `only ${compared} feasible instances compared`);
  });

  it('the greedy open set (many mentors) still keeps sizes and is optimal for the groups it opens', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const input = { ...randomInstance(seed), exhaustiveMentors: 0, cohesionFactor: 0 };
      const result = formGroups(input);
      const sizes = sizesOf(input, result.mentorOf);
      const lockedMentors = new Set((input.locked ?? []).map(([, j]) => j));
      for (let j = 0; j < input.mentorCount; j++) {
        assert.ok(sizes[j]! <= Math.min(input.maxSize, input.seats[j]!), `seed ${seed}: above max`);
        if (sizes[j]! > 0 && !lockedMentors.has(j))
          assert.ok(sizes[j]! >= input.minSize, `seed ${seed}: below min`);
      }
      for (const [i, j] of input.locked ?? []) assert.equal(result.mentorOf[i], j);
    }
  });

  it('forms as many full groups as the mentees allow when every pair scores the same', () => {
    const n = 10;
    const m = 4;
    const result = formGroups({
      menteeCount: n,
      mentorCount: m,
      scores: new Int32Array(n * m).fill(5000),
      seats: [8, 8, 8, 8],
      minSize: 3,
      maxSize: 4,
    });
    const sizes = Array.from(sizesOf({ mentorCount: m } as GroupFormingInput, result.mentorOf)).filter(
      (s) => s > 0,
    );
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      10,
    );
    for (const size of sizes) assert.ok(size >= 3 && size <= 4);
  });

  it('cohesion brings mentees who want the same skills together when scores tie', () => {
    const mentees = [
      emptyMentee('a', { skillsWanted: ['Python', 'Data'] }),
      emptyMentee('b', { skillsWanted: ['Sales', 'Negotiation'] }),
      emptyMentee('c', { skillsWanted: ['Python', 'Data'] }),
      emptyMentee('d', { skillsWanted: ['Sales', 'Negotiation'] }),
    ];
    const model = cohesionModel(mentees, new Date('2026-01-01T00:00:00Z'));
    const input: GroupFormingInput = {
      menteeCount: 4,
      mentorCount: 2,
      scores: new Int32Array(8).fill(6000),
      seats: [2, 2],
      minSize: 2,
      maxSize: 2,
      similarity: model.similarity,
      cohesionFactor: cohesionFactor('high'),
      seed: 7,
    };
    const result = formGroups(input);
    assert.equal(result.mentorOf[0], result.mentorOf[2]);
    assert.equal(result.mentorOf[1], result.mentorOf[3]);
    const group = result.groups.find((g) => g.members.includes(0))!;
    assert.equal(group.cohesion, 1);
    assert.match(
      model.describe(group.members).text,
      /shared skills: Python \(2 of 2\), Data \(2 of 2\)|shared skills: Data \(2 of 2\), Python \(2 of 2\)/,
    );
  });

  it('is deterministic given the seed', () => {
    const input = randomInstance(42);
    assert.deepEqual(formGroups(input).mentorOf, formGroups(input).mentorOf);
  });
});
