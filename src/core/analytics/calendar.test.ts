import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addMonthsUtc, completedMonths, daysBetween } from './calendar.ts';

const d = (iso: string) => new Date(iso);

describe('calendar', () => {
  it('adds calendar months, keeping the time of day and clamping to the end of a shorter month', () => {
    assert.equal(addMonthsUtc(d('2024-01-15T09:30:00Z'), 12).toISOString(), '2025-01-15T09:30:00.000Z');
    assert.equal(addMonthsUtc(d('2024-01-31T00:00:00Z'), 1).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(addMonthsUtc(d('2023-01-31T00:00:00Z'), 1).toISOString(), '2023-02-28T00:00:00.000Z');
    assert.equal(addMonthsUtc(d('2024-03-31T00:00:00Z'), -1).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.throws(() => addMonthsUtc(d('2024-01-01'), 1.5), RangeError);
  });

  it('counts completed months: a year is completed on the anniversary, not the day before', () => {
    assert.equal(completedMonths(d('2020-06-15'), d('2021-06-14')), 11);
    assert.equal(completedMonths(d('2020-06-15'), d('2021-06-15')), 12);
    assert.equal(completedMonths(d('2020-01-31'), d('2020-02-29')), 1);
    assert.equal(completedMonths(d('2021-01-01'), d('2020-01-01')), 0);
    assert.equal(daysBetween(d('2024-01-01'), d('2024-01-11')), 10);
  });

  it('completedMonths(a, b) is the largest m with a + m months ≤ b (property, against brute force)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: d('2000-01-01'), max: d('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 4000 }),
        (from, days) => {
          const to = new Date(from.getTime() + days * 86_400_000);
          let brute = 0;
          while (addMonthsUtc(from, brute + 1).getTime() <= to.getTime()) brute++;
          assert.equal(completedMonths(from, to), brute);
        },
      ),
      { numRuns: 300 },
    );
  });
});
