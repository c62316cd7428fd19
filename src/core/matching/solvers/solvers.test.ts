import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { arcScoreOf, instanceFromArcs, type MatchingInstance, type MatchingResult } from '../instance.ts';
import { solveAssignmentDense, solveAssignmentSparse } from './assignment.ts';
import { solveAssignmentCertified } from './certified.ts';
import { autoCandidates, modeWeights, residualProblem, type SolveOptions, solve } from './index.ts';
import { solveTransposed } from './transposed.ts';

type Arc = [number, number, number];
type Lock = [number, number];

interface RawInstance {
  mentees: number;
  capacities: number[];
  arcs: Arc[];
  locked: Lock[];
}

/** Random small instance: some arcs missing, scores from a small or a wide range (ties matter), valid locks. */
function rawInstance(maxMentees: number, maxMentors: number, maxCapacity = 3): fc.Arbitrary<RawInstance> {
  return fc
    .record({
      mentees: fc.integer({ min: 0, max: maxMentees }),
      capacities: fc.array(fc.integer({ min: 1, max: maxCapacity }), { minLength: 1, maxLength: maxMentors }),
      density: fc.double({ min: 0.2, max: 1, noNaN: true }),
      scale: fc.constantFrom('wide', 'tens', 'units'),
      seed: fc.integer(),
      lockCount: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ mentees, capacities, density, scale, seed, lockCount }) => {
      let state = seed >>> 0 || 1;
      const rand = () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return (state >>> 0) / 2 ** 32;
      };
      const arcs: Arc[] = [];
      for (let i = 0; i < mentees; i++) {
        for (let j = 0; j < capacities.length; j++) {
          if (rand() >= density) continue;
          // Narrow score ranges make ties and "one more mentee vs a few points" trade-offs likely.
          const score =
            scale === 'wide'
              ? Math.floor(rand() * 10001)
              : Math.floor(rand() * 4) * (scale === 'tens' ? 10 : 1);
          arcs.push([i, j, score]);
        }
      }
      const locked: Lock[] = [];
      const used = capacities.map(() => 0);
      for (let k = 0; k < lockCount && mentees > 0; k++) {
        const i = Math.floor(rand() * mentees);
        const j = Math.floor(rand() * capacities.length);
        if (locked.some(([x]) => x === i) || used[j] >= capacities[j]) continue;
        used[j]++;
        locked.push([i, j]);
      }
      return { mentees, capacities, arcs, locked };
    });
}

function build(raw: RawInstance): MatchingInstance {
  return instanceFromArcs(raw.mentees, raw.capacities, raw.arcs, raw.locked);
}

interface BruteForce {
  optimalTotal: number;
  maxCount: number;
  participationTotal: number;
  fairMin: number;
  fairTotal: number;
}

/** Enumerates every matching that keeps the locks and respects capacities. */
function bruteForce(instance: MatchingInstance, visit?: (mentorOf: Int32Array) => void): BruteForce {
  const { mentorOf, capacity } = residualProblem(instance);
  let lockTotal = 0;
  let lockMin = Number.POSITIVE_INFINITY;
  for (const [i, j] of instance.locked ?? []) {
    const s = Math.max(0, arcScoreOf(instance, i, j));
    lockTotal += s;
    lockMin = Math.min(lockMin, s);
  }
  const best: BruteForce = {
    optimalTotal: -1,
    maxCount: -1,
    participationTotal: -1,
    fairMin: -2,
    fairTotal: -1,
  };
  const lockCount = instance.locked?.length ?? 0;
  const go = (i: number, count: number, total: number, min: number) => {
    if (i === instance.menteeCount) {
      visit?.(mentorOf);
      best.optimalTotal = Math.max(best.optimalTotal, total);
      const fairMin = count === 0 ? -1 : min;
      if (count > best.maxCount) {
        best.maxCount = count;
        best.participationTotal = total;
        best.fairMin = fairMin;
        best.fairTotal = total;
        return;
      }
      if (count < best.maxCount) return;
      best.participationTotal = Math.max(best.participationTotal, total);
      if (fairMin > best.fairMin || (fairMin === best.fairMin && total > best.fairTotal)) {
        best.fairMin = fairMin;
        best.fairTotal = total;
      }
      return;
    }
    if (mentorOf[i] >= 0 && instance.locked?.some(([x]) => x === i)) {
      go(i + 1, count, total, min);
      return;
    }
    go(i + 1, count, total, min);
    for (let a = instance.arcStart[i]; a < instance.arcStart[i + 1]; a++) {
      const j = instance.arcMentor[a];
      if (capacity[j] === 0) continue;
      capacity[j]--;
      mentorOf[i] = j;
      go(i + 1, count + 1, total + instance.arcScore[a], Math.min(min, instance.arcScore[a]));
      mentorOf[i] = -1;
      capacity[j]++;
    }
  };
  go(0, lockCount, lockTotal, lockMin);
  return best;
}

/** Capacities never exceeded, no pair outside the arcs unless locked, locks kept, summary consistent. */
function assertValid(instance: MatchingInstance, result: MatchingResult): void {
  const load = new Int32Array(instance.mentorCapacity.length);
  const lockedMentor = new Map((instance.locked ?? []).map(([i, j]) => [i, j]));
  let total = 0;
  let count = 0;
  for (let i = 0; i < instance.menteeCount; i++) {
    const j = result.mentorOf[i];
    if (lockedMentor.has(i)) assert.equal(j, lockedMentor.get(i), `lock of mentee ${i} kept`);
    if (j < 0) continue;
    load[j]++;
    count++;
    const s = arcScoreOf(instance, i, j);
    if (!lockedMentor.has(i)) assert.ok(s >= 0, `pair (${i}, ${j}) is an arc`);
    total += Math.max(0, s);
  }
  for (let j = 0; j < load.length; j++) assert.ok(load[j] <= instance.mentorCapacity[j], `capacity of ${j}`);
  assert.equal(result.total, total);
  assert.equal(result.matchedCount, count);
}

/** A mentee and a mentor who both prefer each other to what they have (ranks by score, lower index on ties). */
function blockingPair(instance: MatchingInstance, mentorOf: Int32Array): [number, number] | undefined {
  const n = instance.menteeCount;
  const locked = new Set((instance.locked ?? []).map(([i]) => i));
  const load = new Int32Array(instance.mentorCapacity.length);
  for (let i = 0; i < n; i++) if (mentorOf[i] >= 0) load[mentorOf[i]]++;
  // Higher = preferred: mentee compares (score, -mentor), mentor compares (score, -mentee).
  const menteeLikes = (i: number, j: number) =>
    j < 0 ? Number.NEGATIVE_INFINITY : arcScoreOf(instance, i, j) * 1000 - j;
  const mentorLikes = (j: number, i: number) => arcScoreOf(instance, i, j) * 1000 - i;
  for (let i = 0; i < n; i++) {
    if (locked.has(i)) continue;
    for (let a = instance.arcStart[i]; a < instance.arcStart[i + 1]; a++) {
      const j = instance.arcMentor[a];
      if (j === mentorOf[i] || menteeLikes(i, j) <= menteeLikes(i, mentorOf[i])) continue;
      if (load[j] < instance.mentorCapacity[j]) return [i, j];
      for (let k = 0; k < n; k++) {
        if (mentorOf[k] === j && !locked.has(k) && mentorLikes(j, i) > mentorLikes(j, k)) return [i, j];
      }
    }
  }
  return undefined;
}

const variants = ['dense', 'sparse'] as const;

describe('exact solvers against brute force (≤ 7 mentees × 5 mentors)', () => {
  for (const variant of variants) {
    it(`${variant}: optimal, participation and fair reach the brute-force optimum`, () => {
      fc.assert(
        fc.property(rawInstance(7, 5), (raw) => {
          const instance = build(raw);
          const expected = bruteForce(instance);
          const optimal = solve(instance, 'optimal', { variant });
          assertValid(instance, optimal);
          assert.equal(optimal.total, expected.optimalTotal, 'optimal total');
          const participation = solve(instance, 'participation', { variant });
          assertValid(instance, participation);
          assert.equal(participation.matchedCount, expected.maxCount, 'participation count');
          assert.equal(participation.total, expected.participationTotal, 'participation total');
          const fair = solve(instance, 'fair', { variant });
          assertValid(instance, fair);
          assert.equal(fair.matchedCount, expected.maxCount, 'fair count');
          assert.equal(fair.minScore, expected.fairMin, 'fair minimum');
          assert.equal(fair.total, expected.fairTotal, 'fair total');
        }),
        { numRuns: 250 },
      );
    });
  }

  it('tight complete instances (seat-auction start) reach the brute-force optimum', () => {
    const tightInstance = fc
      .array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 })
      .chain((capacities) => {
        const n = capacities.reduce((a, b) => a + b, 0);
        return fc.record({
          capacities: fc.constant(capacities),
          scores: fc.array(fc.integer({ min: 0, max: 5 }), {
            minLength: n * capacities.length,
            maxLength: n * capacities.length,
          }),
          lock: fc.boolean(),
        });
      })
      .filter(({ capacities }) => capacities.reduce((a, b) => a + b, 0) <= 7);
    fc.assert(
      fc.property(tightInstance, ({ capacities, scores, lock }) => {
        const n = capacities.reduce((a, b) => a + b, 0);
        const arcs: Arc[] = scores.map((s, k) => [
          Math.floor(k / capacities.length),
          k % capacities.length,
          s,
        ]);
        const lockMentor = capacities.findIndex((c) => c > 0);
        const locked: Lock[] = lock && n > 0 ? [[n - 1, lockMentor]] : [];
        const instance = instanceFromArcs(n, capacities, arcs, locked);
        const expected = bruteForce(instance);
        for (const variant of variants) {
          const optimal = solve(instance, 'optimal', { variant });
          assertValid(instance, optimal);
          assert.equal(optimal.total, expected.optimalTotal);
          const participation = solve(instance, 'participation', { variant });
          assert.equal(participation.matchedCount, expected.maxCount);
          assert.equal(participation.total, expected.participationTotal);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: same input and seed, same matching', () => {
    fc.assert(
      fc.property(
        rawInstance(7, 5),
        fc.constantFrom('optimal', 'participation', 'fair', 'stable' as const),
        (raw, mode) => {
          const a = solve(build(raw), mode, { seed: 7 });
          const b = solve(build(raw), mode, { seed: 7 });
          assert.deepEqual(Array.from(a.mentorOf), Array.from(b.mentorOf));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('stable', () => {
  it('has no blocking pair and gives every mentee its best stable mentor (brute force, ≤ 5 × 4)', () => {
    fc.assert(
      fc.property(rawInstance(5, 4, 2), (raw) => {
        const instance = build(raw);
        const result = solve(instance, 'stable');
        assertValid(instance, result);
        assert.equal(blockingPair(instance, result.mentorOf), undefined, 'no blocking pair');
        // Mentee-optimal: no stable matching gives any mentee a mentor it ranks higher.
        const rank = (i: number, j: number) =>
          j < 0 ? Number.NEGATIVE_INFINITY : arcScoreOf(instance, i, j) * 1000 - j;
        bruteForce(instance, (other) => {
          if (blockingPair(instance, other) !== undefined) return;
          for (let i = 0; i < instance.menteeCount; i++) {
            assert.ok(rank(i, other[i]) <= rank(i, result.mentorOf[i]), `mentee ${i} could do better`);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('returns the mentee-optimal matching of a textbook case with two stable matchings', () => {
    // Mentees a, b, c; mentors X, Y, Z. a: X > Y > Z, b: Y > X > Z, c: X > Y > Z; X: b > a > c, Y: a > b > c.
    // Stable matchings: {a-X, b-Y, c-Z} (mentee-optimal) and {a-Y, b-X, c-Z} (mentor-optimal).
    const arcs: Arc[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) arcs.push([i, j, 50]);
    const instance = instanceFromArcs(3, [1, 1, 1], arcs);
    const result = solve(instance, 'stable', {
      preferences: {
        mentee: [
          [0, 1, 2],
          [1, 0, 2],
          [0, 1, 2],
        ],
        mentor: [
          [1, 0, 2],
          [0, 1, 2],
          [0, 1, 2],
        ],
      },
    });
    assert.deepEqual(Array.from(result.mentorOf), [0, 1, 2]);
  });

  it('fills capacities from scores and keeps locked pairs', () => {
    // Mentor 0 (capacity 2) is everyone's favourite; it keeps its two best-scored mentees, one of them locked.
    const instance = instanceFromArcs(
      3,
      [2, 2],
      [
        [0, 0, 90],
        [0, 1, 10],
        [1, 0, 80],
        [1, 1, 20],
        [2, 0, 70],
        [2, 1, 30],
      ],
      [[2, 0]],
    );
    assert.deepEqual(Array.from(solve(instance, 'stable').mentorOf), [0, 1, 0]);
  });
});

describe('locks and validation', () => {
  it('keeps a locked pair that is not an arc, at score 0', () => {
    const instance = instanceFromArcs(2, [1, 1], [[1, 0, 100]], [[0, 0]]);
    const result = solve(instance, 'optimal');
    assert.deepEqual(Array.from(result.mentorOf), [0, -1]);
    assert.equal(result.total, 0);
  });

  it('rejects more locks on a mentor than its capacity, naming the lock', () => {
    assert.throws(
      () =>
        instanceFromArcs(
          2,
          [1],
          [],
          [
            [0, 0],
            [1, 0],
          ],
        ),
      /locked\[1\]: mentor 0 has more locked pairs than its capacity 1/,
    );
    const instance = instanceFromArcs(2, [1], []);
    assert.throws(
      () =>
        solve(
          {
            ...instance,
            locked: [
              [0, 0],
              [1, 0],
            ],
          },
          'optimal',
        ),
      RangeError,
    );
  });

  it('names the bad arc', () => {
    assert.throws(
      () => instanceFromArcs(2, [1, 1], [[0, 9, 5]]),
      /arcs\[0\]\[1\]: mentor index 9 out of range/,
    );
    assert.throws(() => instanceFromArcs(2, [1, 1], [[0, 1, 10001]]), /arcs\[0\]\[2\]/);
  });

  it('prefers matching more mentees among equal totals in optimal mode (score-0 arcs are used)', () => {
    const instance = instanceFromArcs(
      2,
      [1, 1],
      [
        [0, 0, 5],
        [1, 1, 0],
      ],
    );
    assert.equal(solve(instance, 'optimal').matchedCount, 2);
  });
});

describe('optimality certificate on larger random instances', () => {
  it('returns a feasible dual with zero reduced cost on every assigned arc (both variants, both weightings)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 120 }),
        fc.integer({ min: 3, max: 25 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.integer(),
        fc.boolean(),
        (n, m, cap, density, seed, tight) => {
          let state = seed >>> 0 || 1;
          const rand = () => {
            state = (Math.imul(state, 1103515245) + 12345) >>> 0;
            return state / 2 ** 32;
          };
          const arcs: Arc[] = [];
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < m; j++) if (rand() < density) arcs.push([i, j, Math.floor(rand() * 10001)]);
          }
          const capacities = Array.from({ length: m }, () => 1 + Math.floor(rand() * cap));
          if (tight) {
            // Complete, and exactly as many seats as mentees: exercises the seat-auction start.
            arcs.length = 0;
            for (let i = 0; i < n; i++)
              for (let j = 0; j < m; j++) arcs.push([i, j, Math.floor(rand() * 10001)]);
            let seats = capacities.reduce((a, b) => a + b, 0);
            for (let j = 0; seats !== n; j = (j + 1) % m) {
              if (seats < n) {
                capacities[j]++;
                seats++;
              } else if (capacities[j] > 0) {
                capacities[j]--;
                seats--;
              }
            }
          }
          const instance = instanceFromArcs(n, capacities, arcs);
          const residual = residualProblem(instance);
          for (const mode of ['optimal', 'participation'] as const) {
            const weights = modeWeights(mode, residual.rows.length);
            for (const solver of [solveAssignmentDense, solveAssignmentSparse]) {
              const {
                mentorOf,
                rowPotential: u,
                mentorPotential: v,
                unmatchedOptions,
              } = solver({
                instance,
                capacity: residual.capacity,
                rows: residual.rows,
                minArcScore: 0,
                ...weights,
              });
              const load = new Int32Array(m);
              for (let i = 0; i < n; i++) {
                const j = mentorOf[i];
                if (j >= 0) load[j]++;
                // The private "unmatched" option has cost 0 and potential 0.
                if (unmatchedOptions) {
                  assert.ok(-u[i] >= 0, `unmatched option of ${i}`);
                  if (j < 0) assert.equal(u[i], 0, `unmatched ${i} is tight`);
                } else {
                  assert.ok(j >= 0, `tight complete: ${i} is placed`);
                }
                for (let a = instance.arcStart[i]; a < instance.arcStart[i + 1]; a++) {
                  const k = instance.arcMentor[a];
                  const reduced =
                    -(instance.arcScore[a] * weights.scoreWeight + weights.matchBonus) - u[i] - v[k];
                  assert.ok(reduced >= 0, `reduced cost of (${i}, ${k}) = ${reduced}`);
                  if (k === j) assert.equal(reduced, 0, `assigned (${i}, ${k}) is tight`);
                }
              }
              for (let j = 0; j < m; j++) {
                assert.ok(load[j] <= capacities[j]);
                if (!unmatchedOptions) {
                  // Tight and complete: every seat is filled, so mentor potentials are unconstrained.
                  assert.equal(load[j], capacities[j], `mentor ${j} is full`);
                } else if (load[j] < capacities[j]) {
                  assert.equal(v[j], 0, `mentor ${j} with room has potential 0`);
                } else {
                  assert.ok(v[j] <= 0);
                }
              }
            }
          }
        },
      ),
      { numRuns: 40, endOnFailure: true },
    );
  });
});

/** Random instance of a few hundred mentees: scores wide or narrow (ties), some locks, any density. */
function mediumInstance(): fc.Arbitrary<MatchingInstance> {
  return fc
    .record({
      n: fc.integer({ min: 30, max: 250 }),
      m: fc.integer({ min: 3, max: 30 }),
      maxCapacity: fc.integer({ min: 1, max: 5 }),
      density: fc.double({ min: 0.05, max: 1, noNaN: true }),
      narrow: fc.boolean(),
      seed: fc.integer(),
      lockCount: fc.integer({ min: 0, max: 6 }),
    })
    .map(({ n, m, maxCapacity, density, narrow, seed, lockCount }) => {
      let state = seed >>> 0 || 1;
      const rand = () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state / 2 ** 32;
      };
      const arcs: Arc[] = [];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          if (rand() < density)
            arcs.push([i, j, narrow ? Math.floor(rand() * 5) : Math.floor(rand() * 10001)]);
        }
      }
      const capacities = Array.from({ length: m }, () => 1 + Math.floor(rand() * maxCapacity));
      const used = capacities.map(() => 0);
      const locked: Lock[] = [];
      for (let k = 0; k < lockCount; k++) {
        const i = Math.floor(rand() * n);
        const j = Math.floor(rand() * m);
        if (locked.some(([x]) => x === i) || used[j] >= capacities[j]) continue;
        used[j]++;
        locked.push([i, j]);
      }
      return instanceFromArcs(n, capacities, arcs, locked);
    });
}

describe('searching from the mentors side, and the certified candidate solve', () => {
  const settings: Array<[string, SolveOptions]> = [
    ['from mentors, dense', { orientation: 'mentors', variant: 'dense', candidates: 0 }],
    ['from mentors, sparse', { orientation: 'mentors', variant: 'sparse', candidates: 0 }],
    ['from mentees, sparse', { orientation: 'mentees', variant: 'sparse', candidates: 0 }],
    ['certified, 1 candidate', { candidates: 1 }],
    ['certified, 2 candidates, from mentors', { candidates: 2, orientation: 'mentors' }],
    ['certified, 2 candidates, from mentees', { candidates: 2, orientation: 'mentees' }],
  ];
  for (const [name, options] of settings) {
    it(`${name}: optimal, participation and fair reach the brute-force optimum`, () => {
      fc.assert(
        fc.property(fc.oneof(rawInstance(7, 5), rawInstance(7, 5, 1), rawInstance(4, 2, 3)), (raw) => {
          const instance = build(raw);
          const expected = bruteForce(instance);
          const optimal = solve(instance, 'optimal', options);
          assertValid(instance, optimal);
          assert.equal(optimal.total, expected.optimalTotal, 'optimal total');
          const participation = solve(instance, 'participation', options);
          assertValid(instance, participation);
          assert.equal(participation.matchedCount, expected.maxCount, 'participation count');
          assert.equal(participation.total, expected.participationTotal, 'participation total');
          const fair = solve(instance, 'fair', options);
          assertValid(instance, fair);
          assert.equal(fair.minScore, expected.fairMin, 'fair minimum');
          assert.equal(fair.total, expected.fairTotal, 'fair total');
        }),
        { numRuns: 200 },
      );
    });
  }

  it('the certified solve equals the solve on all arcs on larger random instances (totals and counts)', () => {
    fc.assert(
      fc.property(
        mediumInstance(),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('auto', 'mentees', 'mentors' as const),
        (instance, candidates, orientation) => {
          for (const mode of ['optimal', 'participation', 'fair'] as const) {
            const full = solve(instance, mode, { candidates: 0, orientation: 'mentees', variant: 'dense' });
            const certified = solve(instance, mode, { candidates, orientation });
            assertValid(instance, certified);
            assert.equal(certified.total, full.total, `${mode} total`);
            assert.equal(certified.matchedCount, full.matchedCount, `${mode} matched`);
            // Only the fair mode optimises the minimum; the others may pick a different one of several tied optima
            // (seed 1614284174 found one: same total and count, minimum 1 against 0).
            if (mode === 'fair') assert.equal(certified.minScore, full.minScore, `${mode} minimum`);
          }
          const residual = residualProblem(instance);
          const { rounds } = solveAssignmentCertified(
            {
              instance,
              capacity: residual.capacity,
              rows: residual.rows,
              minArcScore: 0,
              ...modeWeights('optimal', residual.rows.length),
            },
            candidates,
            orientation,
          );
          assert.ok(rounds >= 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('falls back to all arcs when the rounds run out, and still reaches the brute-force optimum', () => {
    let fallbacks = 0;
    fc.assert(
      fc.property(rawInstance(7, 5), fc.constantFrom('mentees', 'mentors' as const), (raw, orientation) => {
        const instance = build(raw);
        const expected = bruteForce(instance);
        const residual = residualProblem(instance);
        const solution = solveAssignmentCertified(
          {
            instance,
            capacity: residual.capacity,
            rows: residual.rows,
            minArcScore: 0,
            ...modeWeights('optimal', residual.rows.length),
          },
          1,
          orientation,
          1,
        );
        const mentorOf = residual.mentorOf.slice();
        for (const i of residual.rows) mentorOf[i] = solution.mentorOf[i];
        let total = 0;
        for (let i = 0; i < instance.menteeCount; i++) {
          if (mentorOf[i] >= 0) total += Math.max(0, arcScoreOf(instance, i, mentorOf[i]));
        }
        assert.equal(total, expected.optimalTotal);
        if (solution.fellBack) {
          assert.equal(solution.rounds, 2);
          fallbacks++;
        }
      }),
      { numRuns: 200 },
    );
    assert.ok(fallbacks > 0, 'some instances needed more than one candidate per mentee');
  });

  it('by default certifies candidates on large tight or mentor-scarce instances, with the all-arcs optimum', () => {
    for (const [mentees, capacity, narrow] of [
      [1200, 20, false],
      [1500, 20, true],
    ] as const) {
      let state = mentees;
      const rand = () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state / 2 ** 32;
      };
      const arcs: Arc[] = [];
      for (let i = 0; i < mentees; i++)
        for (let j = 0; j < 60; j++) arcs.push([i, j, Math.floor(rand() * (narrow ? 20 : 10001))]);
      const instance = instanceFromArcs(mentees, new Array(60).fill(capacity), arcs, [[0, 1]]);
      const residual = residualProblem(instance);
      const weights = modeWeights('optimal', residual.rows.length);
      const problem = {
        instance,
        capacity: residual.capacity,
        rows: residual.rows,
        minArcScore: 0,
        ...weights,
      };
      assert.equal(autoCandidates(problem), 15, 'a quarter of 60 arcs per mentee');
      const loose = { ...problem, capacity: residual.capacity.map((c) => c + 10) };
      assert.equal(autoCandidates(loose), 0, 'more seats than mentees: all arcs at once');
      for (const mode of ['optimal', 'participation'] as const) {
        const byDefault = solve(instance, mode);
        const allArcs = solve(instance, mode, { candidates: 0 });
        assertValid(instance, byDefault);
        assert.equal(byDefault.total, allArcs.total, `${mode} total`);
        assert.equal(byDefault.matchedCount, allArcs.matchedCount, `${mode} matched`);
      }
    }
  });

  it('is deterministic on the new paths too', () => {
    fc.assert(
      fc.property(
        mediumInstance(),
        fc.constantFrom<SolveOptions>(
          { candidates: 2, orientation: 'mentors' },
          { candidates: 2, orientation: 'mentees' },
          { candidates: 0, orientation: 'mentors', variant: 'sparse' },
        ),
        (instance, options) => {
          const a = solve(instance, 'optimal', options);
          const b = solve(instance, 'optimal', options);
          assert.deepEqual(Array.from(a.mentorOf), Array.from(b.mentorOf));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('the transposed solve returns a feasible seat-level dual, tight on every assignment', () => {
    fc.assert(
      fc.property(mediumInstance(), fc.constantFrom('dense', 'sparse' as const), (instance, variant) => {
        const residual = residualProblem(instance);
        for (const mode of ['optimal', 'participation'] as const) {
          const weights = modeWeights(mode, residual.rows.length);
          const solution = solveTransposed(
            { instance, capacity: residual.capacity, rows: residual.rows, minArcScore: 0, ...weights },
            variant,
          );
          const { mentorOf, seatStart, seatPotential: u, menteePotential: v } = solution;
          const seatOf = new Int32Array(instance.menteeCount).fill(-1);
          const load = new Int32Array(residual.capacity.length);
          for (const i of residual.rows) {
            const j = mentorOf[i];
            if (j < 0) {
              assert.equal(v[i], 0, `unmatched mentee ${i} has potential 0`);
              continue;
            }
            seatOf[i] = seatStart[j] + load[j]++;
            assert.ok(v[i] <= 0);
          }
          for (let j = 0; j < load.length; j++)
            assert.ok(load[j] <= residual.capacity[j], `capacity of ${j}`);
          for (const i of residual.rows) {
            for (let a = instance.arcStart[i]; a < instance.arcStart[i + 1]; a++) {
              const j = instance.arcMentor[a];
              const cost = -(instance.arcScore[a] * weights.scoreWeight + weights.matchBonus) - v[i];
              for (let s = seatStart[j]; s < seatStart[j + 1]; s++) {
                assert.ok(u[s] <= 0, `seat ${s} potential`);
                assert.ok(cost - u[s] >= 0, `reduced cost of (${i}, seat ${s})`);
              }
              // The mentee's own mentor: some seat of it is tight (seats of one mentor are interchangeable).
              if (mentorOf[i] === j) {
                let tight = false;
                for (let s = seatStart[j]; s < seatStart[j + 1]; s++) if (cost - u[s] === 0) tight = true;
                assert.ok(tight, `assigned (${i}, ${j}) is tight`);
              }
            }
          }
          // Empty seats have potential 0: count seats at 0 per mentor against its free places.
          for (let j = 0; j < load.length; j++) {
            let zero = 0;
            for (let s = seatStart[j]; s < seatStart[j + 1]; s++) if (u[s] === 0) zero++;
            assert.ok(zero >= residual.capacity[j] - load[j], `empty seats of ${j} at potential 0`);
          }
        }
      }),
      { numRuns: 40, endOnFailure: true },
    );
  });
});
