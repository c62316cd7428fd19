import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { utcToZonedTime } from '../time-zones.ts';
import { monthBounds, patternStarts, spansOverlap, weekdayOf } from './availability.ts';

const zones = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Pacific/Auckland',
  'America/Sao_Paulo',
];
const HOUR = 3_600_000;

describe('flash availability', () => {
  it('reads weekdays Monday first', () => {
    assert.equal(weekdayOf('2026-03-02'), 0);
    assert.equal(weekdayOf('2026-03-08'), 6);
  });

  it('expands a weekly pattern into the same slots as checking every hour of the six weeks (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 30),
        fc.constantFrom(...zones),
        (nowMs, weekday, hour, minute, timeZone) => {
          const now = new Date(nowMs);
          const startTime = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const got = patternStarts({ weekday, startTime, timeZone }, now, 6).map((d) => d.getTime());
          // Brute force: every half hour in the window whose local weekday and time match.
          const expected: number[] = [];
          const first = Math.floor(nowMs / (HOUR / 2)) * (HOUR / 2);
          for (let t = first; t < nowMs + 42 * 24 * HOUR; t += HOUR / 2) {
            if (t <= nowMs) continue;
            const local = utcToZonedTime(new Date(t), timeZone);
            if (local.time === startTime && weekdayOf(local.date) === weekday) expected.push(t);
          }
          // A daylight-saving gap moves a skipped time forward; a repeated time keeps the earlier one.
          const dated = (list: number[]) => list.map((t) => utcToZonedTime(new Date(t), timeZone).date);
          for (const t of got) assert.ok(t > nowMs && t < nowMs + 42 * 24 * HOUR);
          // Six weeks of absolute time hold five or six weekly starts, and a seventh when a daylight-saving change
          // inside them moves the local time an hour earlier in UTC (a Friday 04:00 start at 03:00 local six weeks
          // before a spring change: the last start falls just inside the window).
          assert.ok(got.length >= 5 && got.length <= 7, `${got.length} slots`);
          const expectedDays = [...new Set(dated(expected))];
          for (const day of expectedDays) assert.ok(dated(got).includes(day), `missing ${day}`);
          assert.equal(new Set(got).size, got.length, 'no slot twice');
        },
      ),
      // The first example: the seventh start of the comment above (fast-check found it on 2026-12-05).
      { numRuns: 200, examples: [[Date.UTC(2027, 2, 12, 8, 0, 0, 1), 4, 4, 0, 'America/New_York']] },
    );
  });

  it('tells overlapping spans from touching ones', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 2, 2, h));
    assert.ok(
      spansOverlap({ startsAt: at(10), durationMinutes: 60 }, { startsAt: at(10), durationMinutes: 30 }),
    );
    assert.ok(
      !spansOverlap({ startsAt: at(10), durationMinutes: 60 }, { startsAt: at(11), durationMinutes: 30 }),
    );
  });

  it('counts a month in the mentor’s zone', () => {
    // 23:30 UTC on 31 January is already February in Auckland.
    const { start, end, label } = monthBounds(new Date(Date.UTC(2026, 0, 31, 23, 30)), 'Pacific/Auckland');
    assert.equal(label, 'February 2026');
    assert.equal(start.toISOString(), '2026-01-31T11:00:00.000Z');
    assert.equal(end.toISOString(), '2026-02-28T11:00:00.000Z');
  });
});
