import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PlannerRelationship, planNudges } from './planner.ts';
import { resolveNudgeSettings } from './settings.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = new Date('2026-03-02T10:00:00Z');
const program = { id: 'program-1', cadence: 'weekly', requestExpiryDays: 7, checkInDays: 30 };

/** A flash session held a day after its booking, then nothing: what a long pair would be nudged about. */
function flashPair(flash: boolean): PlannerRelationship {
  return {
    id: 'rel-1',
    status: 'active',
    startedAt: t0,
    endedAt: null,
    mentor: { id: 'mentor-1', timeZone: 'UTC' },
    mentee: { id: 'mentee-1', timeZone: 'UTC' },
    lastMeetingAt: new Date(t0.getTime() + DAY),
    hasMeeting: true,
    upcomingMeetings: [],
    lastActivityAt: null,
    agreement: { version: 0, proposedAt: t0, mentorSigned: false, menteeSigned: false },
    plannedEndOn: '2026-03-20',
    openActionItems: [],
    checkInAnsweredBy: [],
    closingAnsweredBy: [],
    quietNudgesSent: [
      { anchor: new Date(t0.getTime() + DAY).toISOString(), sentAt: new Date(t0.getTime() + 9 * DAY) },
    ],
    inactiveWarningsSent: [],
    flash,
  };
}

function kinds(flash: boolean, days: number) {
  const plan = planNudges({
    now: new Date(t0.getTime() + days * DAY),
    settings: resolveNudgeSettings({ inactive_closure: { enabled: true } }),
    program,
    relationships: [flashPair(flash)],
    requests: [],
    horizonDays: 60,
  });
  return new Set(plan.messages.map((m) => m.kind));
}

describe('nudge planner and flash sessions', () => {
  it('never nudges a flash session as quiet, nor escalates, warns of inactivity or asks for an agreement', () => {
    for (const days of [0, 10, 20, 40]) {
      const flash = kinds(true, days);
      for (const kind of [
        'quiet_pair',
        'escalation',
        'no_first_meeting',
        'agreement_unsigned',
        'survey_reminder',
        'ending_soon',
        'inactive_warning',
        'inactive_closure',
      ]) {
        assert.ok(!flash.has(kind as never), `day ${days}: ${kind}`);
      }
    }
    // Once closed, no closing survey reminder either: its feedback is the meeting's rating.
    const closed = planNudges({
      now: new Date(t0.getTime() + 20 * DAY),
      settings: resolveNudgeSettings({}),
      program,
      relationships: [{ ...flashPair(true), status: 'completed', endedAt: new Date(t0.getTime() + 8 * DAY) }],
      requests: [],
      horizonDays: 60,
    });
    assert.deepEqual(closed.messages, []);
    // The same facts on an ordinary pair are nudged: the flag is what makes the difference.
    const ordinary = kinds(false, 10);
    assert.ok(ordinary.has('quiet_pair') && ordinary.has('escalation'));
  });
});
