import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PlannedMessage, type PlannerRelationship, planNudges } from './planner.ts';
import { resolveNudgeSettings } from './settings.ts';

// Issue 14: a group of k mentees is k relationships with the same mentor. Each member is nudged about their own
// membership; the mentor once for the group; a group meeting is one reminder for the mentor.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = new Date('2026-03-02T10:00:00Z');
const program = { id: 'program-1', cadence: 'fortnightly', requestExpiryDays: 7, checkInDays: 30 };

function member(n: number, overrides: Partial<PlannerRelationship> = {}): PlannerRelationship {
  return {
    id: `rel-${n}`,
    groupId: 'group-1',
    status: 'active',
    startedAt: t0,
    endedAt: null,
    mentor: { id: 'mentor-1', timeZone: 'Europe/London' },
    mentee: { id: `mentee-${n}`, timeZone: 'Europe/London' },
    lastMeetingAt: null,
    hasMeeting: false,
    upcomingMeetings: [],
    lastActivityAt: null,
    agreement: { version: 0, proposedAt: t0, mentorSigned: false, menteeSigned: false },
    plannedEndOn: '2026-09-02',
    openActionItems: [],
    checkInAnsweredBy: [],
    closingAnsweredBy: [],
    quietNudgesSent: [],
    inactiveWarningsSent: [],
    ...overrides,
  };
}

const plan = (now: Date, relationships: PlannerRelationship[]) =>
  planNudges({
    now,
    settings: resolveNudgeSettings({}),
    program,
    relationships,
    requests: [],
    horizonDays: 400,
  });

const to = (messages: PlannedMessage[], person: string, kind: string) =>
  messages.filter((m) => m.recipientPersonId === person && m.kind === kind);

describe('nudges for a group', () => {
  const members = [member(1), member(2), member(3)];

  it('nudges each member about their own membership and the mentor once for the group', () => {
    const { messages, later } = plan(t0, members);
    const all = [...messages, ...later];
    for (const kind of ['no_first_meeting', 'quiet_pair', 'ending_soon']) {
      for (const n of [1, 2, 3])
        assert.equal(to(all, `mentee-${n}`, kind).length, 1, `${kind} to mentee-${n}`);
      const mentor = to(all, 'mentor-1', kind);
      assert.equal(mentor.length, 1, `${kind}: one for the mentor, not one per member`);
      assert.equal(mentor[0]!.payload.groupId, 'group-1');
    }
    // Surveys stay per member: the mentor answers a check-in about each mentee.
    assert.equal(to(all, 'mentor-1', 'survey_reminder').length, 3);
    // Without groups, the same three relationships would give the mentor three of each.
    const pairs = members.map((m) => ({ ...m, groupId: null }));
    const pairPlan = plan(t0, pairs);
    assert.equal(to([...pairPlan.messages, ...pairPlan.later], 'mentor-1', 'quiet_pair').length, 3);
  });

  it('plans no pair agreement nudge for members: the group signs its own agreement', () => {
    const { messages, later } = plan(t0, members);
    assert.equal([...messages, ...later].filter((m) => m.kind === 'agreement_unsigned').length, 0);
    const pairs = plan(
      t0,
      members.map((m) => ({ ...m, groupId: null })),
    );
    assert.ok([...pairs.messages, ...pairs.later].some((m) => m.kind === 'agreement_unsigned'));
  });

  it('reminds the mentor once of a group meeting and each member of their own row', () => {
    const startsAt = new Date(t0.getTime() + 3 * DAY);
    const withMeeting = members.map((_m, i) =>
      member(i + 1, {
        hasMeeting: true,
        upcomingMeetings: [{ id: `meeting-${i + 1}`, startsAt, scheduledAt: t0, groupMeetingId: 'gm-1' }],
      }),
    );
    const { messages } = plan(t0, withMeeting);
    const reminders = messages.filter((m) => m.kind === 'meeting_reminder');
    const hours = new Set(reminders.map((m) => m.payload.hoursBefore));
    assert.ok(hours.size >= 1);
    assert.equal(to(reminders, 'mentor-1', 'meeting_reminder').length, hours.size);
    for (const n of [1, 2, 3])
      assert.equal(to(reminders, `mentee-${n}`, 'meeting_reminder').length, hours.size, `mentee-${n}`);
    for (const m of reminders) assert.equal(m.payload.groupMeetingId, 'gm-1');
    assert.equal(new Set(reminders.map((m) => m.causeKey)).size, reminders.length, 'cause keys are unique');
  });

  it('still nudges a member who missed the group meeting the others attended', () => {
    const met = new Date(t0.getTime() + 2 * DAY);
    const now = new Date(t0.getTime() + 20 * DAY);
    const relationships = [
      member(1, { hasMeeting: true, lastMeetingAt: met }),
      member(2, { hasMeeting: true, lastMeetingAt: met }),
      // absent: their row is a no-show, so they have not met since the start
      member(3, { hasMeeting: false, lastMeetingAt: null }),
    ];
    const { messages } = plan(now, relationships);
    assert.equal(to(messages, 'mentee-3', 'no_first_meeting').length, 1);
    assert.equal(to(messages, 'mentee-1', 'no_first_meeting').length, 0);
    // The mentor hears once (the earliest due of the group), not once per member.
    assert.ok(to(messages, 'mentor-1', 'no_first_meeting').length <= 1);
  });
});
