import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { seededRandom } from '../seeded-random.ts';
import { pairedMeanChange, type SkillRatingPair, skillsChange } from './skills-change.ts';

const close = (a: number | null, b: number, tolerance = 1e-6) =>
  assert.ok(a !== null && Math.abs(a - b) < tolerance, `expected ${b}, got ${a}`);

describe('pairedMeanChange', () => {
  it("reproduces Student's sleep data (Cushny & Peebles; R's t.test paired: 1.58, 95% CI 0.7001 to 2.4599)", () => {
    const extraSleep = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4];
    const change = pairedMeanChange(extraSleep);
    close(change.mean, 1.58);
    close(change.lower, 0.7001142, 1e-6);
    close(change.upper, 2.4598858, 1e-6);
    assert.equal(change.n, 10);
  });

  it('has a mean but no interval for one pair, and nothing for none', () => {
    assert.deepEqual(pairedMeanChange([2]), {
      n: 1,
      mean: 2,
      sd: null,
      lower: null,
      upper: null,
      level: 0.95,
    });
    assert.deepEqual(pairedMeanChange([]), {
      n: 0,
      mean: null,
      sd: null,
      lower: null,
      upper: null,
      level: 0.95,
    });
  });

  it('moves with a shift of every change and contains the mean (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: -3, max: 3 }),
        (changes, shift) => {
          const a = pairedMeanChange(changes);
          const b = pairedMeanChange(changes.map((c) => c + shift));
          close(b.mean, a.mean! + shift, 1e-9);
          close(b.lower, a.lower! + shift, 1e-9);
          assert.ok(a.lower! <= a.mean! && a.mean! <= a.upper!);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('covers the true mean change in about 95% of seeded samples of 8 people', () => {
    const random = seededRandom(5);
    let covered = 0;
    const runs = 4000;
    for (let r = 0; r < runs; r++) {
      // Normal changes (Box–Muller), mean 0.6, sd 1.
      const changes = Array.from({ length: 8 }, () => {
        const u = 1 - random();
        return 0.6 + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
      });
      const c = pairedMeanChange(changes);
      if (c.lower! <= 0.6 && 0.6 <= c.upper!) covered++;
    }
    assert.ok(Math.abs(covered / runs - 0.95) < 0.015, `coverage ${covered / runs}`);
  });
});

describe('skillsChange', () => {
  const pairs: SkillRatingPair[] = [
    { personId: 'ana', skill: 'Negotiation', start: 2, end: 4 },
    { personId: 'ana', skill: 'Public speaking', start: 3, end: 3 },
    { personId: 'ben', skill: 'Negotiation', start: 1, end: 2 },
    { personId: 'ben', skill: 'Public speaking', start: 2, end: 4 },
    { personId: 'cy', skill: 'Negotiation', start: 3, end: 3 },
    { personId: 'cy', skill: 'Public speaking', start: 4, end: null },
    { personId: 'dee', skill: 'Public speaking', start: null, end: null },
  ];

  it('averages per skill, and overall per person first (each person counts once)', () => {
    const result = skillsChange(pairs);
    assert.deepEqual(
      result.bySkill.map((s) => [s.skill, s.change.n, s.change.mean]),
      [
        ['Negotiation', 3, 1],
        ['Public speaking', 2, 1],
      ],
    );
    // ana (2 + 0) / 2 = 1, ben (1 + 2) / 2 = 1.5, cy 0 → mean 2.5 / 3
    assert.equal(result.overall.n, 3);
    close(result.overall.mean, 2.5 / 3, 1e-12);
    assert.equal(result.unpaired, 1);
  });

  it('refuses ratings outside 1–5 and a skill rated twice by one person', () => {
    assert.throws(() => skillsChange([{ personId: 'a', skill: 's', start: 0, end: 3 }]), RangeError);
    assert.throws(() => skillsChange([{ personId: 'a', skill: 's', start: 2, end: 3.5 }]), RangeError);
    assert.throws(() => skillsChange([pairs[0], pairs[0]]), RangeError);
  });

  it('agrees with a brute force grouping (property)', () => {
    const arbPair = fc.record({
      personId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      skill: fc.constantFrom('x', 'y', 'z'),
      start: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      end: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbPair, { selector: (p) => `${p.personId}/${p.skill}` }), (list) => {
        const result = skillsChange(list);
        const complete = list.filter((p) => p.start !== null && p.end !== null);
        for (const { skill, change } of result.bySkill) {
          const diffs = complete.filter((p) => p.skill === skill).map((p) => p.end! - p.start!);
          assert.deepEqual(change, pairedMeanChange(diffs));
        }
        const people = [...new Set(complete.map((p) => p.personId))];
        const means = people.map((id) => {
          const diffs = complete.filter((p) => p.personId === id).map((p) => p.end! - p.start!);
          return diffs.reduce((a, b) => a + b, 0) / diffs.length;
        });
        assert.equal(result.overall.n, means.length);
        if (means.length > 0)
          close(result.overall.mean, means.reduce((a, b) => a + b, 0) / means.length, 1e-12);
      }),
      { numRuns: 200 },
    );
  });
});
