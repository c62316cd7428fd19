import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kaplanMeier, type SurvivalObservation, survivalAt } from './kaplan-meier.ts';

const near = (a: number, b: number) => Math.abs(a - b) < 1e-12;

/** Brute force from the definition: S(t) = Π over event times u ≤ t of (1 − events at u / weight followed to u). */
function bruteSurvival(observations: readonly SurvivalObservation[], t: number): number {
  const eventTimes = [...new Set(observations.filter((o) => o.event).map((o) => o.time))].filter(
    (u) => u <= t,
  );
  let s = 1;
  for (const u of eventTimes) {
    const atRisk = observations.filter((o) => o.time >= u).reduce((sum, o) => sum + (o.weight ?? 1), 0);
    const events = observations
      .filter((o) => o.event && o.time === u)
      .reduce((sum, o) => sum + (o.weight ?? 1), 0);
    s *= 1 - events / atRisk;
  }
  return s;
}

describe('kaplanMeier', () => {
  it('reproduces a hand-computed curve with censoring and a tie of an exit and a censoring', () => {
    // Six people: exits at 3, 5, 8 and 12; censored at 5 (same day as an exit) and 10.
    const steps = kaplanMeier([
      { time: 3, event: true },
      { time: 5, event: false },
      { time: 5, event: true },
      { time: 8, event: true },
      { time: 10, event: false },
      { time: 12, event: true },
    ]);
    assert.deepEqual(
      steps.map((s) => [s.time, s.atRisk, s.events, s.censored]),
      [
        [3, 6, 1, 0],
        [5, 5, 1, 1],
        [8, 3, 1, 0],
        [10, 2, 0, 1],
        [12, 1, 1, 0],
      ],
    );
    // 5/6; × 4/5 = 2/3 (the censored person was still at risk on day 5); × 2/3 = 4/9; unchanged; × 0.
    const expected = [5 / 6, 2 / 3, 4 / 9, 4 / 9, 0];
    steps.forEach((s, i) => {
      assert.ok(near(s.survival, expected[i]), `S(${s.time}) = ${s.survival}`);
    });
    assert.equal(survivalAt(steps, 2), 1);
    assert.ok(near(survivalAt(steps, 9), 4 / 9));
  });

  it('weighs people: two half-weight exits count as one person', () => {
    const steps = kaplanMeier([
      { time: 1, event: true, weight: 0.5 },
      { time: 1, event: true, weight: 0.5 },
      { time: 4, event: false, weight: 1 },
      { time: 6, event: true, weight: 2 },
    ]);
    assert.deepEqual(
      steps.map((s) => [s.time, s.atRisk, s.survival]),
      [
        [1, 4, 0.75],
        [4, 3, 0.75],
        [6, 2, 0],
      ],
    );
    assert.deepEqual(kaplanMeier([]), []);
    assert.throws(() => kaplanMeier([{ time: -1, event: true }]), RangeError);
  });

  const arbObservations = fc.array(
    fc.record({
      time: fc.integer({ min: 0, max: 12 }),
      event: fc.boolean(),
      weight: fc.option(
        fc.integer({ min: 1, max: 4 }).map((w) => w / 2),
        { nil: undefined },
      ),
    }),
    { maxLength: 30 },
  );

  it('agrees with the product-limit definition computed by brute force (property)', () => {
    fc.assert(
      fc.property(arbObservations, (observations) => {
        const steps = kaplanMeier(observations);
        for (let t = -1; t <= 13; t++) {
          assert.ok(near(survivalAt(steps, t), bruteSurvival(observations, t)), `S(${t})`);
        }
        for (let i = 1; i < steps.length; i++) assert.ok(steps[i].survival <= steps[i - 1].survival + 1e-15);
      }),
      { numRuns: 300 },
    );
  });

  it('without censoring is the share still without the event (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }), (times) => {
        const steps = kaplanMeier(times.map((time) => ({ time, event: true })));
        for (let t = 0; t <= 20; t++) {
          assert.ok(near(survivalAt(steps, t), times.filter((x) => x > t).length / times.length));
        }
      }),
      { numRuns: 200 },
    );
  });
});
