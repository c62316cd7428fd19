import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  formatInZone,
  isPlainDate,
  isPlainTime,
  isValidTimeZone,
  offsetAt,
  utcToZonedTime,
  zonedTimeToUtc,
} from './time-zones.ts';

const iso = (date: Date) => date.toISOString();

describe('time zones', () => {
  it('knows IANA zone names and refuses anything else', () => {
    assert.equal(isValidTimeZone('Europe/London'), true);
    assert.equal(isValidTimeZone('America/New_York'), true);
    assert.equal(isValidTimeZone('UTC'), true);
    assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
    assert.equal(isValidTimeZone(''), false);
    assert.equal(
      isValidTimeZone('+02:00 but longer than any zone name could ever be, surely not a zone'),
      false,
    );
    assert.equal(isValidTimeZone(' Europe/London'), false);
    assert.equal(isValidTimeZone('Not/AZone'), false);
    assert.equal(isValidTimeZone('Not/AZone'), false, 'the same answer once remembered');
  });

  it('gives the offset from UTC of standard, daylight-saving, half-hour and local mean times', () => {
    const january = new Date('2026-01-15T12:00:00Z');
    assert.equal(offsetAt(january, 'Asia/Kolkata'), 330 * 60_000);
    assert.equal(offsetAt(january, 'America/New_York'), -300 * 60_000);
    assert.equal(offsetAt(new Date('2026-07-15T12:00:00Z'), 'America/New_York'), -240 * 60_000);
    assert.equal(offsetAt(january, 'UTC'), 0);
    // Monrovia kept a local mean time of −0:44:30 until 1972
    assert.equal(offsetAt(new Date('1960-01-01T00:00:00Z'), 'Africa/Monrovia'), -(44 * 60 + 30) * 1000);
    assert.throws(() => offsetAt(january, 'Not/AZone'), RangeError);
  });

  it('gives offsets equal to the local wall clock minus UTC, in every zone and any year', () => {
    // The oracle: read the local date and time fields and subtract the instant.
    const wallClockOffset = (instant: number, timeZone: string) => {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }).formatToParts(instant);
      const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
      const era = parts.find((p) => p.type === 'era')?.value;
      const year = era === 'BC' || era === 'B' ? 1 - field('year') : field('year');
      const local = new Date(0);
      local.setUTCFullYear(year, field('month') - 1, field('day'));
      local.setUTCHours(field('hour'), field('minute'), field('second'), 0);
      return local.getTime() - Math.floor(instant / 1000) * 1000;
    };
    const zones = Intl.supportedValuesOf('timeZone');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
          fc.integer({ min: -8.64e13, max: 8.64e13 }),
        ),
        fc.constantFrom(...zones),
        (instant, zone) => {
          assert.equal(offsetAt(instant, zone), wallClockOffset(instant, zone), `${zone} at ${instant}`);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('checks dates and times strictly', () => {
    assert.equal(isPlainDate('2026-02-28'), true);
    assert.equal(isPlainDate('2026-02-29'), false);
    assert.equal(isPlainDate('2028-02-29'), true);
    assert.equal(isPlainDate('2026-13-01'), false);
    assert.equal(isPlainTime('00:00'), true);
    assert.equal(isPlainTime('23:59'), true);
    assert.equal(isPlainTime('24:00'), false);
    assert.equal(isPlainTime('9:30'), false);
  });

  it('converts ordinary local times in winter and summer', () => {
    assert.equal(iso(zonedTimeToUtc('2026-01-15', '14:00', 'Europe/London')), '2026-01-15T14:00:00.000Z');
    assert.equal(iso(zonedTimeToUtc('2026-07-15', '14:00', 'Europe/London')), '2026-07-15T13:00:00.000Z');
    assert.equal(iso(zonedTimeToUtc('2026-01-15', '09:30', 'America/New_York')), '2026-01-15T14:30:00.000Z');
    assert.equal(iso(zonedTimeToUtc('2026-07-15', '09:30', 'America/New_York')), '2026-07-15T13:30:00.000Z');
    assert.equal(iso(zonedTimeToUtc('2026-07-15', '09:30', 'Asia/Kolkata')), '2026-07-15T04:00:00.000Z');
    assert.equal(iso(zonedTimeToUtc('2026-07-15', '09:30', 'UTC')), '2026-07-15T09:30:00.000Z');
    // the southern hemisphere has summer time in January
    assert.equal(iso(zonedTimeToUtc('2026-01-15', '10:00', 'Australia/Sydney')), '2026-01-14T23:00:00.000Z');
    assert.equal(iso(zonedTimeToUtc('2026-07-15', '10:00', 'Australia/Sydney')), '2026-07-15T00:00:00.000Z');
  });

  it('moves a local time skipped by the spring-forward jump forward by the gap', () => {
    // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT
    assert.equal(iso(zonedTimeToUtc('2026-03-08', '01:59', 'America/New_York')), '2026-03-08T06:59:00.000Z');
    assert.equal(iso(zonedTimeToUtc('2026-03-08', '02:30', 'America/New_York')), '2026-03-08T07:30:00.000Z');
    assert.deepEqual(
      utcToZonedTime(zonedTimeToUtc('2026-03-08', '02:30', 'America/New_York'), 'America/New_York'),
      {
        date: '2026-03-08',
        time: '03:30',
      },
    );
    assert.equal(iso(zonedTimeToUtc('2026-03-08', '03:00', 'America/New_York')), '2026-03-08T07:00:00.000Z');
    // London, 29 March 2026: 01:00 GMT jumps to 02:00 BST
    assert.equal(iso(zonedTimeToUtc('2026-03-29', '01:30', 'Europe/London')), '2026-03-29T01:30:00.000Z');
    assert.equal(iso(zonedTimeToUtc('2026-03-29', '02:00', 'Europe/London')), '2026-03-29T01:00:00.000Z');
  });

  it('takes the earlier of two instants for a local time repeated when the clocks fall back', () => {
    // New York, 1 November 2026: 01:00–02:00 happens in EDT and again in EST
    assert.equal(iso(zonedTimeToUtc('2026-11-01', '01:30', 'America/New_York')), '2026-11-01T05:30:00.000Z');
    assert.equal(iso(zonedTimeToUtc('2026-11-01', '02:00', 'America/New_York')), '2026-11-01T07:00:00.000Z');
    // London, 25 October 2026: 01:00–02:00 happens in BST and again in GMT
    assert.equal(iso(zonedTimeToUtc('2026-10-25', '01:30', 'Europe/London')), '2026-10-25T00:30:00.000Z');
    assert.equal(iso(zonedTimeToUtc('2026-10-25', '02:30', 'Europe/London')), '2026-10-25T02:30:00.000Z');
  });

  it('handles zones with half-hour offsets and their own daylight saving', () => {
    // Lord Howe Island moves by 30 minutes: 02:00 → 02:30 on 5 April 2026 is a fall back
    assert.equal(offsetAt(new Date('2026-01-15T00:00:00Z'), 'Australia/Lord_Howe'), 11 * 3600_000);
    assert.equal(offsetAt(new Date('2026-07-15T00:00:00Z'), 'Australia/Lord_Howe'), 10.5 * 3600_000);
    assert.equal(
      iso(zonedTimeToUtc('2026-07-15', '12:00', 'Australia/Lord_Howe')),
      '2026-07-15T01:30:00.000Z',
    );
  });

  it('refuses what it cannot read', () => {
    assert.throws(() => zonedTimeToUtc('2026-02-30', '10:00', 'UTC'), RangeError);
    assert.throws(() => zonedTimeToUtc('2026-02-10', '25:00', 'UTC'), RangeError);
    assert.throws(() => zonedTimeToUtc('2026-02-10', '10:00', 'Nowhere/Else'), RangeError);
  });

  it('round-trips every instant on a whole minute back to the same local time', () => {
    const zones = [
      'Europe/London',
      'America/New_York',
      'Australia/Sydney',
      'Asia/Kathmandu',
      'America/St_Johns',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2040, 0, 1) / 60_000 }),
        fc.constantFrom(...zones),
        (minutes, zone) => {
          const instant = new Date(minutes * 60_000);
          const local = utcToZonedTime(instant, zone);
          const back = zonedTimeToUtc(local.date, local.time, zone);
          // equal, except during a repeated hour where the earlier instant wins
          assert.ok(back.getTime() <= instant.getTime());
          assert.ok(instant.getTime() - back.getTime() <= 3600_000);
          assert.deepEqual(utcToZonedTime(back, zone), local);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('formats an instant for a person in their zone', () => {
    assert.equal(
      formatInZone(new Date('2026-03-03T14:00:00Z'), 'Europe/London'),
      'Tue 3 Mar 2026, 14:00 GMT',
    );
    assert.match(formatInZone(new Date('2026-07-03T14:00:00Z'), 'America/New_York'), /Fri 3 Jul 2026, 10:00/);
  });
});
