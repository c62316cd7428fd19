import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type PairFacts, pairHealth, pairHealthThresholds } from './pair-health.ts';

const DAY = 86_400_000;
const now = new Date('2024-06-01T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
const inDays = (n: number) => new Date(now.getTime() + n * DAY);

/** A healthy fortnightly pair, 40 days in. */
const healthy: PairFacts = {
  flash: false,
  cadence: 'fortnightly',
  startedAt: daysAgo(40),
  lastMeetingHeldAt: daysAgo(5),
  nextMeetingAt: inDays(9),
  meetingsHeld: 3,
  meetingsPlanned: 3,
  lastActivityAt: daysAgo(2),
  agreementSigned: true,
  lastRating: 5,
  checkInOpensAt: daysAgo(10),
  checkInAnswered: true,
  checkInFit: 4,
  rematchRequested: false,
  openActionItems: 2,
  overdueActionItems: 0,
};

const codes = (facts: Partial<PairFacts>, at = now) => {
  const result = pairHealth({ ...healthy, ...facts }, at);
  return [result.state, result.reasons.map((r) => r.code)];
};

describe('pairHealth', () => {
  it('is on track with no reasons when nothing is wrong', () => {
    assert.deepEqual(pairHealth(healthy, now), { state: 'on_track', reasons: [] });
  });

  it('is at risk when quiet past the cadence threshold with nothing scheduled (weekly 14, fortnightly 21, monthly 45)', () => {
    for (const [cadence, days] of [
      ['weekly', 14],
      ['fortnightly', 21],
      ['monthly', 45],
    ] as const) {
      assert.deepEqual(codes({ cadence, lastMeetingHeldAt: daysAgo(days), nextMeetingAt: null }), [
        'on_track',
        [],
      ]);
      assert.deepEqual(codes({ cadence, lastMeetingHeldAt: daysAgo(days + 1), nextMeetingAt: null }), [
        'at_risk',
        ['quiet'],
      ]);
    }
    // A meeting on the calendar means the pair is in touch; one in the past does not count.
    assert.deepEqual(codes({ lastMeetingHeldAt: daysAgo(30), nextMeetingAt: inDays(3) }), ['on_track', []]);
    assert.deepEqual(codes({ lastMeetingHeldAt: daysAgo(30), nextMeetingAt: daysAgo(2) })[0], 'at_risk');
    const message = pairHealth({ ...healthy, lastMeetingHeldAt: daysAgo(30), nextMeetingAt: null }, now)
      .reasons[0];
    assert.equal(message.message, 'No meeting for 30 days; a fortnightly pair is quiet after 21.');
  });

  it('never calls a flash (single-session) pair quiet, nor inactive once its session took place', () => {
    assert.deepEqual(
      codes({
        flash: true,
        lastMeetingHeldAt: daysAgo(90),
        nextMeetingAt: null,
        lastActivityAt: null,
        meetingsHeld: 1,
        meetingsPlanned: 1,
      }),
      ['on_track', []],
    );
    assert.deepEqual(codes({ flash: true, agreementSigned: false, checkInAnswered: false }), [
      'on_track',
      [],
    ]);
  });

  it('is inactive after 60 days with nothing at all, even if other rules fire too', () => {
    const silent = {
      startedAt: daysAgo(100),
      lastMeetingHeldAt: daysAgo(70),
      lastActivityAt: daysAgo(60),
      nextMeetingAt: null,
    };
    assert.deepEqual(codes(silent), ['inactive', ['inactive', 'quiet']]);
    assert.deepEqual(codes({ ...silent, lastActivityAt: daysAgo(59) }), ['at_risk', ['quiet']]);
    assert.deepEqual(codes({ ...silent, nextMeetingAt: inDays(1) }), ['on_track', []]);
  });

  it('is at risk after a poor fit, a rematch request or a low meeting rating', () => {
    assert.deepEqual(codes({ checkInFit: 2 }), ['at_risk', ['poor_fit']]);
    assert.deepEqual(codes({ checkInFit: 3 }), ['on_track', []]);
    assert.deepEqual(codes({ rematchRequested: true }), ['at_risk', ['poor_fit']]);
    assert.deepEqual(codes({ lastRating: 2 }), ['at_risk', ['low_rating']]);
    assert.deepEqual(codes({ lastRating: 3 }), ['on_track', []]);
  });

  it('needs a check-in: no first meeting after 7 days, check-in unanswered 7 days after it opened, no agreement after 14', () => {
    const fresh = { startedAt: daysAgo(7), lastMeetingHeldAt: null, meetingsHeld: 0, meetingsPlanned: 0 };
    assert.deepEqual(codes({ ...fresh, nextMeetingAt: null }), ['needs_check_in', ['no_first_meeting']]);
    assert.deepEqual(codes({ ...fresh, startedAt: daysAgo(6), nextMeetingAt: null }), ['on_track', []]);
    assert.deepEqual(codes({ ...fresh, nextMeetingAt: inDays(2) }), ['on_track', []]);
    assert.deepEqual(codes({ checkInAnswered: false, checkInOpensAt: daysAgo(7) }), [
      'needs_check_in',
      ['check_in_overdue'],
    ]);
    assert.deepEqual(codes({ checkInAnswered: false, checkInOpensAt: daysAgo(6) }), ['on_track', []]);
    assert.deepEqual(codes({ agreementSigned: false, startedAt: daysAgo(14) }), [
      'needs_check_in',
      ['agreement_unsigned'],
    ]);
    assert.deepEqual(codes({ agreementSigned: false, startedAt: daysAgo(13), checkInOpensAt: null }), [
      'on_track',
      [],
    ]);
  });

  it('needs a check-in with 3 overdue action items, or fewer than half of 3+ planned meetings held', () => {
    assert.deepEqual(codes({ overdueActionItems: 3 }), ['needs_check_in', ['overdue_action_items']]);
    assert.deepEqual(codes({ overdueActionItems: 2 }), ['on_track', []]);
    assert.deepEqual(codes({ meetingsPlanned: 5, meetingsHeld: 2 }), ['needs_check_in', ['meetings_missed']]);
    assert.deepEqual(codes({ meetingsPlanned: 4, meetingsHeld: 2 }), ['on_track', []]);
    assert.deepEqual(codes({ meetingsPlanned: 2, meetingsHeld: 0 }), ['on_track', []]);
  });

  it('lists every reason that fired, the most severe first, and takes other thresholds', () => {
    const result = pairHealth({ ...healthy, overdueActionItems: 4, lastRating: 1 }, now);
    assert.equal(result.state, 'at_risk');
    assert.deepEqual(
      result.reasons.map((r) => [r.code, r.state]),
      [
        ['low_rating', 'at_risk'],
        ['overdue_action_items', 'needs_check_in'],
      ],
    );
    const stricter = {
      ...pairHealthThresholds,
      quietDays: { ...pairHealthThresholds.quietDays, fortnightly: 4 },
    };
    assert.equal(pairHealth({ ...healthy, nextMeetingAt: null }, now, stricter).state, 'at_risk');
  });

  const arbFacts = fc.record({
    flash: fc.boolean(),
    cadence: fc.constantFrom('weekly' as const, 'fortnightly' as const, 'monthly' as const),
    startedAt: fc.integer({ min: 0, max: 200 }).map(daysAgo),
    lastMeetingHeldAt: fc.option(fc.integer({ min: 0, max: 200 }).map(daysAgo), { nil: null }),
    nextMeetingAt: fc.option(fc.integer({ min: -30, max: 60 }).map(inDays), { nil: null }),
    meetingsHeld: fc.integer({ min: 0, max: 6 }),
    meetingsPlanned: fc.integer({ min: 0, max: 8 }),
    lastActivityAt: fc.option(fc.integer({ min: 0, max: 200 }).map(daysAgo), { nil: null }),
    agreementSigned: fc.boolean(),
    lastRating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    checkInOpensAt: fc.option(fc.integer({ min: -20, max: 150 }).map(daysAgo), { nil: null }),
    checkInAnswered: fc.boolean(),
    checkInFit: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    rematchRequested: fc.boolean(),
    openActionItems: fc.integer({ min: 0, max: 6 }),
    overdueActionItems: fc.integer({ min: 0, max: 6 }),
  });
  const rank = { on_track: 0, needs_check_in: 1, at_risk: 2, inactive: 3 };

  it('with no new facts, waiting never makes a pair healthier, and a flash pair is never quiet (property)', () => {
    fc.assert(
      fc.property(arbFacts, fc.integer({ min: 0, max: 120 }), (facts, wait) => {
        const before = pairHealth(facts, now);
        const after = pairHealth(facts, new Date(now.getTime() + wait * DAY));
        assert.ok(rank[after.state] >= rank[before.state]);
        for (const r of before.reasons)
          assert.ok(
            after.reasons.some((a) => a.code === r.code),
            r.code,
          );
        if (facts.flash) assert.ok(!after.reasons.some((r) => r.code === 'quiet'));
        assert.equal(before.state, before.reasons[0]?.state ?? 'on_track');
      }),
      { numRuns: 500 },
    );
  });
});
