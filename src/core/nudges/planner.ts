import { addMonthsUtc, DAY_MS } from '../analytics/calendar.ts';
import { defaultWakingHours, intoWakingHours, type WakingHours } from '../messages/quiet-hours.ts';
import { isValidTimeZone, zonedTimeToUtc } from '../time-zones.ts';
import { type NudgeKind, type NudgeSettings, quietDaysForCadence } from './settings.ts';

/**
 * The nudge planner (issue 11, decision 022): from the facts of one program at one moment, every reminder and nudge
 * that is owed, each named by a cause key. The key holds the kind, the subject, the anchor the due time counts from
 * and the recipient — so the same facts always give the same key (planning again, from any process, finds the same
 * row and it is sent once), and new activity moves the anchor, which makes a new cause while the old one drops out
 * of the plan (and its scheduled row is cancelled). Pure: the time comes in as `now`.
 */

/** What a planned message is; also the kind of the notice it becomes (src/core/messages/categories.ts). */
export const plannedKinds = [
  'meeting_reminder',
  'no_first_meeting',
  'quiet_pair',
  'agreement_unsigned',
  'request_reminder',
  'survey_reminder',
  'action_item_overdue',
  'ending_soon',
  'escalation',
  'inactive_warning',
  'inactive_closure',
] as const;
export type PlannedKind = (typeof plannedKinds)[number];

/** The program setting (and pause switch) a planned kind answers to: the warning belongs to the closure. */
export function settingKindOf(kind: string): NudgeKind {
  return (kind === 'inactive_warning' ? 'inactive_closure' : kind) as NudgeKind;
}

/** The planned kinds a setting controls (its own, and the warning for the closure). */
export function plannedKindsOf(setting: NudgeKind): PlannedKind[] {
  return plannedKinds.filter((kind) => settingKindOf(kind) === setting);
}

/** A recipient. No names: what is stored is read again after an erasure (§10), so notices name people at sending. */
export interface PlannerPerson {
  id: string;
  /** IANA zone from the directory; null (or unknown) is read as UTC. */
  timeZone: string | null;
}

/**
 * A planned meeting. Titles and places are the pair's content: staff read reasons, so neither is planned with — the
 * notice reads them at sending.
 */
export interface PlannerMeeting {
  id: string;
  startsAt: Date;
  /** When the meeting was last (re)scheduled: a reminder due before that is not owed. */
  scheduledAt: Date;
  /** The group meeting this is a member's row of (issue 14): the mentor is reminded once for the group. */
  groupMeetingId?: string | null;
}

export interface PlannerActionItem {
  id: string;
  /** `YYYY-MM-DD`. */
  dueOn: string;
  /** Whose it is; null (or someone outside the pair): both sides are reminded. */
  ownerPersonId: string | null;
}

export interface PlannerRelationship {
  id: string;
  /**
   * The group this membership belongs to (issue 14): each member is nudged about their own membership, the mentor
   * once for the group (see `oncePerGroup`), and the pair agreement does not apply (the group signs its own).
   */
  groupId?: string | null;
  status: 'active' | 'completed' | 'ended_early';
  startedAt: Date;
  endedAt: Date | null;
  mentor: PlannerPerson;
  mentee: PlannerPerson;
  /** The last meeting that took place: held, or scheduled at a time now past (not cancelled, not a no-show). */
  lastMeetingAt: Date | null;
  /** Any meeting held or scheduled, past or future (cancelled ones and no-shows do not count). */
  hasMeeting: boolean;
  /** Scheduled meetings that start after now. */
  upcomingMeetings: PlannerMeeting[];
  /** The last line of the pair's workspace timeline (goals, notes, agreement…), for inactivity. */
  lastActivityAt: Date | null;
  /**
   * The current agreement: version 0 when nobody saved one yet (the template is ready to sign from the start,
   * `proposedAt` = the start); null when there is nothing to sign.
   */
  agreement: { version: number; proposedAt: Date; mentorSigned: boolean; menteeSigned: boolean } | null;
  /** `YYYY-MM-DD`: the agreement's end date, else the program's relationship length (plannedEndOn). */
  plannedEndOn: string | null;
  /** Open action items with a due date. */
  openActionItems: PlannerActionItem[];
  /** People of the pair who answered the check-in, and the closing survey. */
  checkInAnsweredBy: string[];
  closingAnsweredBy: string[];
  /** When quiet-pair nudges and inactivity warnings were sent, by anchor (the earliest send per anchor). */
  quietNudgesSent: { anchor: string; sentAt: Date }[];
  inactiveWarningsSent: { anchor: string; sentAt: Date }[];
  /**
   * A flash session (decision 034): one meeting and done, so never quiet, never waiting for a first meeting, an
   * agreement, a check-in, an end date or inactivity; only its meeting and action item reminders are owed.
   */
  flash?: boolean;
}

export interface PlannerRequest {
  id: string;
  createdAt: Date;
  /** When it expires; null: `createdAt` + the program's request expiry days. */
  expiresAt: Date | null;
  mentor: PlannerPerson;
}

export interface PlannerProgram {
  id: string;
  /** weekly | fortnightly | monthly */
  cadence: string;
  requestExpiryDays: number;
  /** Days after the start when the check-in opens. */
  checkInDays: number;
}

export interface PlannerInput {
  now: Date;
  settings: NudgeSettings;
  program: PlannerProgram;
  relationships: readonly PlannerRelationship[];
  requests: readonly PlannerRequest[];
  wakingHours?: WakingHours;
  /** Messages due up to this many days ahead are returned (default 30). */
  horizonDays?: number;
}

/** Who a planned message is for: one person, the program's staff, or both sides of the pair (a closure). */
export type PlannedRecipient = 'person' | 'staff' | 'pair';

export interface PlannedMessage {
  kind: PlannedKind;
  causeKey: string;
  /** The relationship (or request) it is about. */
  relationshipId: string;
  recipient: PlannedRecipient;
  recipientPersonId: string | null;
  /** When the cause falls due, and when to send: moved into the recipient's waking hours. */
  dueAt: Date;
  sendAt: Date;
  /** Why, in words, for the staff's view of what goes out. */
  reason: string;
  /** What the notice needs to be written at sending. */
  payload: Record<string, string | number | null>;
}

export interface NudgePlan {
  /** Messages due up to the horizon, soonest first. */
  messages: PlannedMessage[];
  /** Messages due after the horizon: not scheduled yet, but a row already scheduled for one takes its new times. */
  later: PlannedMessage[];
  /** Every cause planned, also those due after the horizon: a scheduled row with any other key is no longer owed. */
  causeKeys: Set<string>;
}

const HOUR_MS = 3_600_000;

function zoneOf(person: PlannerPerson): string {
  return person.timeZone && isValidTimeZone(person.timeZone) ? person.timeZone : 'UTC';
}

function addDaysToDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const shortDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const shortDateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** A date as staff read it in reasons, e.g. `3 Nov 2026` (UTC). */
function day(at: Date | string): string {
  return shortDate.format(typeof at === 'string' ? new Date(`${at}T00:00:00Z`) : at);
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** Whole days from `from` to `to`, rounded down. */
function daysSince(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

/**
 * The day a relationship is meant to end: the agreement's end date when the pair wrote one, else the program's
 * relationship length from the start, but never after the program's own end.
 */
export function plannedEndOn(input: {
  agreementEndDate: string | null;
  startedAt: Date;
  relationshipMonths: number;
  programEndsOn: string | null;
}): string {
  if (input.agreementEndDate) return input.agreementEndDate;
  const byLength = addMonthsUtc(input.startedAt, input.relationshipMonths).toISOString().slice(0, 10);
  return input.programEndsOn && input.programEndsOn < byLength ? input.programEndsOn : byLength;
}

/** Plan every reminder and nudge the program owes at `now`. */
/** Reminders about one item are dropped once they are this many days late (see `planNudges`). */
export const LATE_REMINDER_LIMIT_DAYS = 7;
const itemReminderKinds = new Set<string>([
  'action_item_overdue',
  'survey_reminder',
  'request_reminder',
  'meeting_reminder',
]);

export function planNudges(input: PlannerInput): NudgePlan {
  const { now, settings, program } = input;
  const hours = input.wakingHours ?? defaultWakingHours;
  const horizon = now.getTime() + (input.horizonDays ?? 30) * DAY_MS;
  const all: PlannedMessage[] = [];

  const toPerson = (
    kind: PlannedKind,
    causeKey: string,
    relationshipId: string,
    person: PlannerPerson,
    dueAt: Date,
    reason: string,
    payload: PlannedMessage['payload'],
    latest?: Date,
  ) => {
    all.push({
      kind,
      causeKey,
      relationshipId,
      recipient: 'person',
      recipientPersonId: person.id,
      dueAt,
      sendAt: intoWakingHours(dueAt, zoneOf(person), hours, latest),
      reason,
      payload: { ...payload, timeZone: zoneOf(person) },
    });
  };

  for (const rel of input.relationships) {
    const sides = [
      {
        person: rel.mentor,
        role: 'mentor',
        signed: rel.agreement?.mentorSigned,
        partnerSigned: rel.agreement?.menteeSigned,
      },
      {
        person: rel.mentee,
        role: 'mentee',
        signed: rel.agreement?.menteeSigned,
        partnerSigned: rel.agreement?.mentorSigned,
      },
    ];

    if (rel.status !== 'active') {
      // Only the closing survey is owed once a relationship is over.
      // A flash session's feedback is its meeting rating: no closing survey to remind of.
      if (!rel.flash && settings.survey_reminder.enabled && rel.endedAt) {
        const dueAt = new Date(rel.endedAt.getTime() + settings.survey_reminder.days * DAY_MS);
        for (const { person } of sides) {
          if (rel.closingAnsweredBy.includes(person.id)) continue;
          toPerson(
            'survey_reminder',
            `survey_reminder:${rel.id}:closing:${person.id}`,
            rel.id,
            person,
            dueAt,
            `Closing survey open since ${day(rel.endedAt)}, not answered after ${days(settings.survey_reminder.days)}`,
            { surveyKind: 'closing' },
          );
        }
      }
      continue;
    }

    // Meeting reminders, `hoursBefore` each upcoming meeting; never after it starts (latest = its start).
    if (settings.meeting_reminder.enabled) {
      const offsets = [...new Set(settings.meeting_reminder.hoursBefore)].sort((a, b) => b - a);
      for (const meeting of rel.upcomingMeetings) {
        if (meeting.startsAt.getTime() <= now.getTime()) continue;
        const owed = offsets
          .map((h) => ({ h, dueAt: new Date(meeting.startsAt.getTime() - h * HOUR_MS) }))
          // A meeting set up 2 hours ahead gets no "24 hours before" reminder.
          .filter(({ dueAt }) => dueAt.getTime() >= meeting.scheduledAt.getTime());
        // Of the reminders already due, only the latest is still worth sending.
        const lastDue = owed.filter(({ dueAt }) => dueAt.getTime() <= now.getTime()).at(-1);
        for (const { h, dueAt } of owed) {
          if (dueAt.getTime() <= now.getTime() && h !== lastDue?.h) continue;
          for (const { person } of sides) {
            toPerson(
              'meeting_reminder',
              `meeting_reminder:${meeting.id}:${meeting.startsAt.toISOString()}:${h}h:${person.id}`,
              rel.id,
              person,
              dueAt,
              `Meeting on ${shortDateTime.format(meeting.startsAt)} UTC: reminder ${h === 1 ? '1 hour' : `${h} hours`} before`,
              {
                meetingId: meeting.id,
                startsAt: meeting.startsAt.toISOString(),
                hoursBefore: h,
                ...(meeting.groupMeetingId ? { groupMeetingId: meeting.groupMeetingId } : {}),
              },
              meeting.startsAt,
            );
          }
        }
      }
    }

    const upcoming = rel.upcomingMeetings.some((m) => m.startsAt.getTime() > now.getTime());
    // Pair-level nudges assume a relationship of many meetings; a flash session is one (its closing is automatic).
    const ongoing = !rel.flash;

    if (ongoing && settings.no_first_meeting.enabled && !rel.hasMeeting) {
      const n = settings.no_first_meeting.days;
      const dueAt = new Date(rel.startedAt.getTime() + n * DAY_MS);
      for (const { person } of sides) {
        toPerson(
          'no_first_meeting',
          `no_first_meeting:${rel.id}:${person.id}`,
          rel.id,
          person,
          dueAt,
          `No meeting held or planned since the start on ${day(rel.startedAt)} (${days(n)})`,
          { days: n },
        );
      }
    }

    // Quiet: no meeting since the anchor and none planned. A meeting scheduled or held ends this cause.
    const quietAnchor = rel.lastMeetingAt ?? rel.startedAt;
    const quietAnchorKey = quietAnchor.toISOString();
    const quietDays = settings.quiet_pair.days ?? quietDaysForCadence(program.cadence);
    if (ongoing && settings.quiet_pair.enabled && !upcoming) {
      const dueAt = new Date(quietAnchor.getTime() + quietDays * DAY_MS);
      const since = rel.lastMeetingAt
        ? `No meeting since ${day(quietAnchor)}`
        : `No meeting since the start on ${day(quietAnchor)}`;
      for (const { person } of sides) {
        toPerson(
          'quiet_pair',
          `quiet_pair:${rel.id}:${quietAnchorKey}:${person.id}`,
          rel.id,
          person,
          dueAt,
          `${since} (${days(quietDays)})`,
          {
            anchor: quietAnchorKey,
            days: quietDays,
            met: rel.lastMeetingAt ? 1 : 0,
          },
        );
      }
    }

    // Escalation: the pair was nudged for this quiet spell and is still quiet `escalation.days` later.
    const nudged = rel.quietNudgesSent
      .filter((sent) => sent.anchor === quietAnchorKey)
      .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())[0];
    if (ongoing && settings.escalation.enabled && !upcoming && nudged) {
      const dueAt = new Date(nudged.sentAt.getTime() + settings.escalation.days * DAY_MS);
      all.push({
        kind: 'escalation',
        causeKey: `escalation:${rel.id}:${quietAnchorKey}`,
        relationshipId: rel.id,
        recipient: 'staff',
        recipientPersonId: null,
        dueAt,
        // Several staff, several zones: the emailer holds each one's email for their waking hours.
        sendAt: dueAt,
        reason: `Still no meeting since ${day(quietAnchor)}, ${days(settings.escalation.days)} after the pair was nudged on ${day(nudged.sentAt)}`,
        payload: {
          anchor: quietAnchorKey,
          quietDays: daysSince(quietAnchor, dueAt),
          nudgedAt: nudged.sentAt.toISOString(),
        },
      });
    }

    if (ongoing && settings.agreement_unsigned.enabled && rel.agreement && !rel.groupId) {
      const { version, proposedAt } = rel.agreement;
      const n = settings.agreement_unsigned.days;
      const dueAt = new Date(proposedAt.getTime() + n * DAY_MS);
      for (const { person, role, signed, partnerSigned } of sides) {
        if (signed) continue;
        const which =
          version === 0 ? 'Agreement ready since the start' : `Agreement version ${version} proposed`;
        toPerson(
          'agreement_unsigned',
          `agreement_unsigned:${rel.id}:v${version}:${person.id}`,
          rel.id,
          person,
          dueAt,
          `${which} on ${day(proposedAt)}, not signed by the ${role} after ${days(n)}`,
          { version, partnerSigned: partnerSigned ? 1 : 0 },
        );
      }
    }

    if (ongoing && settings.survey_reminder.enabled) {
      const openedAt = new Date(rel.startedAt.getTime() + program.checkInDays * DAY_MS);
      const dueAt = new Date(openedAt.getTime() + settings.survey_reminder.days * DAY_MS);
      for (const { person } of sides) {
        if (rel.checkInAnsweredBy.includes(person.id)) continue;
        toPerson(
          'survey_reminder',
          `survey_reminder:${rel.id}:check_in:${person.id}`,
          rel.id,
          person,
          dueAt,
          `Check-in open since ${day(openedAt)}, not answered after ${days(settings.survey_reminder.days)}`,
          { surveyKind: 'check_in' },
        );
      }
    }

    if (settings.action_item_overdue.enabled) {
      const n = settings.action_item_overdue.days;
      for (const item of rel.openActionItems) {
        const owners = sides.filter(({ person }) => person.id === item.ownerPersonId);
        for (const { person } of owners.length > 0 ? owners : sides) {
          // Overdue `n` days: the start of that day where the person lives.
          const dueAt = zonedTimeToUtc(addDaysToDate(item.dueOn, n), '00:00', zoneOf(person));
          toPerson(
            'action_item_overdue',
            `action_item_overdue:${item.id}:${item.dueOn}:${person.id}`,
            rel.id,
            person,
            dueAt,
            `An action item due on ${day(item.dueOn)} is still open`,
            { itemId: item.id, dueOn: item.dueOn },
          );
        }
      }
    }

    if (ongoing && settings.ending_soon.enabled && rel.plannedEndOn) {
      const n = settings.ending_soon.days;
      for (const { person } of sides) {
        const zone = zoneOf(person);
        // Not once the last day is over.
        if (zonedTimeToUtc(addDaysToDate(rel.plannedEndOn, 1), '00:00', zone).getTime() <= now.getTime())
          continue;
        const dueAt = zonedTimeToUtc(addDaysToDate(rel.plannedEndOn, -n), '00:00', zone);
        toPerson(
          'ending_soon',
          `ending_soon:${rel.id}:${rel.plannedEndOn}:${person.id}`,
          rel.id,
          person,
          dueAt,
          `The relationship is planned to end on ${day(rel.plannedEndOn)} (${days(n)} before)`,
          { endsOn: rel.plannedEndOn },
        );
      }
    }

    // Long inactive (off by default): both are warned, and the relationship closes after the notice if still so.
    if (ongoing && settings.inactive_closure.enabled && !upcoming) {
      const { days: n, noticeDays } = settings.inactive_closure;
      const anchor = new Date(
        Math.max(
          rel.startedAt.getTime(),
          rel.lastMeetingAt?.getTime() ?? 0,
          rel.lastActivityAt?.getTime() ?? 0,
        ),
      );
      const anchorKey = anchor.toISOString();
      const warnAt = new Date(anchor.getTime() + n * DAY_MS);
      for (const { person } of sides) {
        toPerson(
          'inactive_warning',
          `inactive_warning:${rel.id}:${anchorKey}:${person.id}`,
          rel.id,
          person,
          warnAt,
          `No activity since ${day(anchor)} (${days(n)}): the relationship closes ${days(noticeDays)} after this warning unless the pair meets`,
          { anchor: anchorKey, days: n, noticeDays },
        );
      }
      const warned = rel.inactiveWarningsSent
        .filter((sent) => sent.anchor === anchorKey)
        .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())[0];
      if (warned) {
        const dueAt = new Date(Math.max(warnAt.getTime(), warned.sentAt.getTime()) + noticeDays * DAY_MS);
        all.push({
          kind: 'inactive_closure',
          causeKey: `inactive_closure:${rel.id}:${anchorKey}`,
          relationshipId: rel.id,
          recipient: 'pair',
          recipientPersonId: null,
          dueAt,
          sendAt: dueAt,
          reason: `No activity since ${day(anchor)}; both were warned on ${day(warned.sentAt)}: closes after ${days(noticeDays)} of notice`,
          payload: {
            anchor: anchorKey,
            inactiveDays: daysSince(anchor, dueAt),
          },
        });
      }
    }
  }

  if (settings.request_reminder.enabled) {
    const n = settings.request_reminder.days;
    for (const request of input.requests) {
      const expiresAt =
        request.expiresAt ?? new Date(request.createdAt.getTime() + program.requestExpiryDays * DAY_MS);
      const dueAt = new Date(request.createdAt.getTime() + n * DAY_MS);
      // A reminder that would come after the request expired is not owed.
      if (dueAt.getTime() >= expiresAt.getTime() || now.getTime() >= expiresAt.getTime()) continue;
      toPerson(
        'request_reminder',
        `request_reminder:${request.id}:${request.mentor.id}`,
        request.id,
        request.mentor,
        dueAt,
        `Request waiting since ${day(request.createdAt)} (${days(n)}); it expires on ${day(expiresAt)}`,
        { expiresAt: expiresAt.toISOString() },
        expiresAt,
      );
    }
  }

  oncePerGroup(all, input.relationships);

  // A reminder about one item (an action item, a survey, a request) that is already a week late is noise, not help:
  // that happens on a first start, after a long outage or with imported history. The item still waits on the
  // person's home. Nudges about the pair as a whole (quiet, unsigned, no first meeting, closure) are still owed.
  const staleBefore = now.getTime() - LATE_REMINDER_LIMIT_DAYS * DAY_MS;
  const owed = all.filter(
    (message) => !itemReminderKinds.has(message.kind) || message.dueAt.getTime() >= staleBefore,
  );
  const sorted = owed.sort(
    (a, b) => a.sendAt.getTime() - b.sendAt.getTime() || a.causeKey.localeCompare(b.causeKey),
  );
  return {
    messages: sorted.filter((message) => message.dueAt.getTime() <= horizon),
    later: sorted.filter((message) => message.dueAt.getTime() > horizon),
    causeKeys: new Set(owed.map((message) => message.causeKey)),
  };
}

/** Kinds about the relationship as a whole: a group's mentor gets one of each for the group, not one per member. */
const groupLevelKinds = new Set<PlannedKind>([
  'meeting_reminder',
  'no_first_meeting',
  'quiet_pair',
  'inactive_warning',
  'ending_soon',
]);

/**
 * A group's mentor would get the same nudge once per member (a group meeting is a row for each member): keep one,
 * the earliest due, under a key of the group (and, for a meeting reminder, of the group meeting). Members keep
 * their own; surveys and action items stay per member (they are). Mutates `all`.
 */
function oncePerGroup(all: PlannedMessage[], relationships: readonly PlannerRelationship[]): void {
  const groupOf = new Map<string, { groupId: string; mentorId: string }>();
  const groupMeetingOf = new Map<string, string>();
  for (const rel of relationships) {
    if (!rel.groupId) continue;
    groupOf.set(rel.id, { groupId: rel.groupId, mentorId: rel.mentor.id });
    for (const meeting of rel.upcomingMeetings)
      if (meeting.groupMeetingId) groupMeetingOf.set(meeting.id, meeting.groupMeetingId);
  }
  if (groupOf.size === 0) return;
  const kept = new Map<string, PlannedMessage>();
  const drop = new Set<PlannedMessage>();
  for (const message of all) {
    const group = groupOf.get(message.relationshipId);
    if (!group || message.recipientPersonId !== group.mentorId || !groupLevelKinds.has(message.kind))
      continue;
    const meetingId = typeof message.payload.meetingId === 'string' ? message.payload.meetingId : null;
    const subject =
      message.kind === 'meeting_reminder'
        ? `${groupMeetingOf.get(meetingId ?? '') ?? meetingId}:${message.payload.startsAt}:${message.payload.hoursBefore}h`
        : `group-${group.groupId}`;
    const key = `${message.kind}:${subject}:${group.mentorId}`;
    message.causeKey = key;
    message.payload = { ...message.payload, groupId: group.groupId };
    const earlier = kept.get(key);
    if (!earlier) {
      kept.set(key, message);
      continue;
    }
    const first = earlier.dueAt.getTime() <= message.dueAt.getTime() ? earlier : message;
    drop.add(first === earlier ? message : earlier);
    kept.set(key, first);
  }
  for (let i = all.length - 1; i >= 0; i -= 1) if (drop.has(all[i]!)) all.splice(i, 1);
}

/**
 * Why a scheduled message is no longer owed, in words for staff: the kind was switched off, the relationship is
 * over, or what the pair did that answered it.
 */
export function cancelReasonFor(
  kind: string,
  context: { enabled: boolean; relationshipOpen: boolean },
): string {
  if (!context.enabled) return 'Switched off for this program';
  if (!context.relationshipOpen)
    return kind === 'request_reminder'
      ? 'The request was answered, withdrawn or expired'
      : 'The relationship is no longer active';
  switch (kind) {
    case 'meeting_reminder':
      return 'The meeting was moved or cancelled, or a later reminder replaced this one';
    case 'no_first_meeting':
      return 'A meeting was planned or held';
    case 'quiet_pair':
      return 'The pair met or planned a meeting';
    case 'escalation':
      return 'The pair met or planned a meeting after the nudge';
    case 'agreement_unsigned':
      return 'The agreement was signed or changed';
    case 'request_reminder':
      return 'The request was answered, withdrawn or expired';
    case 'survey_reminder':
      return 'The survey was answered';
    case 'action_item_overdue':
      return 'The action item was done, removed or given another due date';
    case 'ending_soon':
      return 'The end date changed';
    case 'inactive_warning':
    case 'inactive_closure':
      return 'The pair was active again';
    default:
      return 'No longer needed';
  }
}
