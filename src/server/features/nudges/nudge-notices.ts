import { DAY_MS } from '../../../core/analytics/calendar.ts';
import { formatInZone, isValidTimeZone } from '../../../core/time-zones.ts';
import type { NewNotification } from '../notifications/notifications.service.ts';
import { firstNameOf, requestLink, workspaceLink } from '../relationships/relationships.service.ts';
import type { DueRow } from './nudges.repository.ts';

/**
 * What each reminder and nudge says to the person who gets it, written at sending from the facts the planner kept
 * in the row's payload: a title that says what to do, a body that says why, and a link to the exact page. The
 * emailer (features/messages) turns the notice into an email with the person's preferences and waking hours.
 */

type Payload = DueRow['payload'];

const str = (payload: Payload, key: string) => String(payload[key] ?? '');
const num = (payload: Payload, key: string) => Number(payload[key] ?? 0);

function zoneOf(payload: Payload): string {
  const zone = str(payload, 'timeZone');
  return zone && isValidTimeZone(zone) ? zone : 'UTC';
}

const plainDay = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A calendar day (`YYYY-MM-DD`) as people read it, e.g. `Tue 10 March 2026`. */
function readableDay(date: string): string {
  return plainDay.format(new Date(`${date}T12:00:00Z`)).replace(/^(\w+),/, '$1');
}

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** The notice content of one due row for its one recipient (kinds sent to a person). */
export interface NoticeContent {
  kind: string;
  title: string;
  body: string;
  link: string;
  details?: string[];
  actionLabel: string;
}

/** What a person reads for a reminder or nudge about their relationship (or request). */
export function personNotice(row: DueRow, now: Date): NoticeContent {
  const p = row.payload;
  const rel = row.relationshipId ?? '';
  // Named at sending, as the directory has them now (nothing personal is kept in the scheduled row).
  const partner = row.recipientPersonId === row.mentorPersonId ? row.menteeName : row.mentorName;
  const first = firstNameOf(partner);
  const meetings = workspaceLink(rel, 'meetings');
  const group = groupNotice(row, now);
  if (group) return group;
  switch (row.kind) {
    case 'meeting_reminder': {
      const when = formatInZone(new Date(str(p, 'startsAt')), zoneOf(p));
      const details = [`When: ${when}`];
      if (row.location) details.push(`Where: ${row.location}`);
      if (row.videoUrl) details.push(`Video link: ${row.videoUrl}`);
      return {
        kind: 'meeting_reminder',
        title: `Reminder: “${row.subjectTitle ?? 'Meeting'}” with ${first}, ${when}`,
        body: `Your meeting with ${partner} is coming up. The agenda is in your workspace: add what you want to talk about.`,
        link: meetings,
        details,
        actionLabel: 'Open the meeting',
      };
    }
    case 'no_first_meeting':
      return {
        kind: 'no_first_meeting',
        title: `Time to plan your first meeting with ${first}`,
        body: `You started mentoring with ${partner} in ${row.programName} ${plural(num(p, 'days'), 'day')} ago and no meeting is planned yet. Pick a time that suits you both — it takes a minute in your workspace.`,
        link: meetings,
        actionLabel: 'Plan a meeting',
      };
    case 'quiet_pair': {
      const quiet = Math.max(1, Math.floor((now.getTime() - new Date(str(p, 'anchor')).getTime()) / DAY_MS));
      const since = num(p, 'met')
        ? `You have not met ${partner} for ${plural(quiet, 'day')}`
        : `You have not met ${partner} since you started ${plural(quiet, 'day')} ago`;
      return {
        kind: 'quiet_pair',
        title: `It has been a while since you met ${first}`,
        body: `${since}, and nothing is planned. A short catch-up keeps things moving: plan your next meeting in your workspace.`,
        link: meetings,
        actionLabel: 'Plan a meeting',
      };
    }
    case 'agreement_unsigned':
      return {
        kind: 'agreement_unsigned',
        title: `Your mentoring agreement with ${first} is waiting for your signature`,
        body: `${num(p, 'partnerSigned') ? `${first} has signed it.` : 'Neither of you has signed it yet.'} Read it, change what does not suit you, and sign it in your workspace.`,
        link: workspaceLink(rel, 'agreement'),
        actionLabel: 'Read and sign the agreement',
      };
    case 'request_reminder': {
      const mentee = row.menteeName;
      return {
        kind: 'request_reminder',
        title: `${mentee} is waiting for your answer`,
        body: `${mentee} asked you to be their mentor in ${row.programName}. Accept, decline or ask a question before the request expires on ${formatInZone(new Date(str(p, 'expiresAt')), zoneOf(p))}.`,
        link: requestLink(rel),
        actionLabel: 'Answer the request',
      };
    }
    case 'survey_reminder':
      return str(p, 'surveyKind') === 'closing'
        ? {
            kind: 'survey_reminder',
            title: `Tell ${row.programName} how your mentoring with ${first} went`,
            body: `The closing survey takes two minutes, and it is still open for you. ${partner} never sees your answers.`,
            link: workspaceLink(rel),
            actionLabel: 'Fill in the closing survey',
          }
        : {
            kind: 'survey_reminder',
            title: `How is it going with ${first}? Your check-in is still open`,
            body: `One question, a minute of your time: is this a good fit? Your answer goes to the staff of ${row.programName}, never to ${partner}.`,
            link: workspaceLink(rel),
            actionLabel: 'Answer the check-in',
          };
    case 'action_item_overdue':
      return {
        kind: 'action_item_overdue',
        title: `Overdue: ${row.subjectTitle ?? 'an action item'}`,
        body: `This action item was due on ${readableDay(str(p, 'dueOn'))} and is still open. Mark it done, or agree a new date in your workspace.`,
        link: meetings,
        actionLabel: 'Open your action items',
      };
    case 'ending_soon':
      return {
        kind: 'ending_soon',
        title: `Your mentoring relationship with ${first} ends on ${readableDay(str(p, 'endsOn'))}`,
        body: `Use the time left to look back at your goals together and to agree what comes next. At the end you will be asked how it went, in a short closing survey.`,
        link: workspaceLink(rel, 'goals'),
        actionLabel: 'Review your goals',
      };
    case 'inactive_warning':
      return {
        kind: 'inactive_warning',
        title: `Your mentoring relationship with ${first} will close in ${plural(num(p, 'noticeDays'), 'day')}`,
        body: `Nothing has happened between you and ${partner} for ${plural(num(p, 'days'), 'day')}. ${row.programName} closes relationships that stay inactive: plan a meeting, or add anything to your workspace, in the next ${plural(num(p, 'noticeDays'), 'day')} to keep it open.`,
        link: meetings,
        actionLabel: 'Plan a meeting',
      };
    default:
      throw new Error(`No notice for kind ${row.kind}`);
  }
}

/** The group's page (issue 14): where its members and mentor meet, plan and sign. */
export function groupLink(groupId: string): string {
  return `/groups/${groupId}`;
}

/**
 * A nudge about a group (issue 14): the mentor's one nudge for the whole group (the planner kept one per group and
 * put its id in the payload), and any member's reminder of a group meeting. Null: not about a group.
 */
function groupNotice(row: DueRow, now: Date): NoticeContent | null {
  const p = row.payload;
  const groupId = str(p, 'groupId');
  const toMentor = Boolean(groupId) && row.recipientPersonId === row.mentorPersonId;
  if (row.kind === 'meeting_reminder' && (toMentor || str(p, 'groupMeetingId'))) {
    const when = formatInZone(new Date(str(p, 'startsAt')), zoneOf(p));
    const details = [`When: ${when}`];
    if (row.location) details.push(`Where: ${row.location}`);
    if (row.videoUrl) details.push(`Video link: ${row.videoUrl}`);
    return {
      kind: 'meeting_reminder',
      title: `Reminder: group meeting “${row.subjectTitle ?? 'Meeting'}”, ${when}`,
      body: `Your group in ${row.programName} meets soon. The agenda is on the group's page: add what you want to talk about.`,
      link: groupId ? groupLink(groupId) : workspaceLink(row.relationshipId ?? '', 'meetings'),
      details,
      actionLabel: 'Open the group',
    };
  }
  if (!toMentor) return null;
  const link = groupLink(groupId);
  switch (row.kind) {
    case 'no_first_meeting':
      return {
        kind: 'no_first_meeting',
        title: 'Time to plan your group’s first meeting',
        body: `Your group in ${row.programName} started ${plural(num(p, 'days'), 'day')} ago and no meeting is planned yet. Pick a time: one invitation goes to every member.`,
        link,
        actionLabel: 'Plan a group meeting',
      };
    case 'quiet_pair': {
      const quiet = Math.max(1, Math.floor((now.getTime() - new Date(str(p, 'anchor')).getTime()) / DAY_MS));
      return {
        kind: 'quiet_pair',
        title: 'It has been a while since your group met',
        body: `Your group in ${row.programName} has not met for ${plural(quiet, 'day')}, and nothing is planned. Plan the next group meeting on the group's page.`,
        link,
        actionLabel: 'Plan a group meeting',
      };
    }
    case 'ending_soon':
      return {
        kind: 'ending_soon',
        title: `Your group in ${row.programName} ends on ${readableDay(str(p, 'endsOn'))}`,
        body: 'Use the time left to look back at the group’s goals together. At the end each member is asked how it went, in a short closing survey.',
        link,
        actionLabel: 'Review the group’s goals',
      };
    case 'inactive_warning':
      return {
        kind: 'inactive_warning',
        title: `Your group in ${row.programName} has been inactive for ${plural(num(p, 'days'), 'day')}`,
        body: `${row.programName} closes memberships that stay inactive: plan a group meeting in the next ${plural(num(p, 'noticeDays'), 'day')} to keep the group going.`,
        link,
        actionLabel: 'Plan a group meeting',
      };
    default:
      return null;
  }
}

/** What each side reads once a long-inactive relationship was closed. */
export function closedNotice(row: DueRow, partnerName: string, relationshipId: string): NoticeContent {
  const days = num(row.payload, 'inactiveDays');
  return {
    kind: 'inactive_closed',
    title: `Your mentoring relationship with ${firstNameOf(partnerName)} was closed`,
    body: `There was no activity for ${plural(days, 'day')}, and nothing changed after the warning. Your workspace stays open for you to read, and the closing survey is open: two minutes to tell ${row.programName} how it went. You can join another program or ask for a new mentor whenever you are ready.`,
    link: workspaceLink(relationshipId),
    actionLabel: 'Fill in the closing survey',
  };
}

/** What the program's staff read when a nudged pair is still quiet. */
export function escalationNotice(row: DueRow): NoticeContent {
  const p = row.payload;
  const nudged = new Date(str(p, 'nudgedAt'));
  return {
    kind: 'escalation',
    title: `${row.mentorName} and ${row.menteeName} are still not meeting`,
    body: `The pair in ${row.programName} has not met for ${plural(num(p, 'quietDays'), 'day')} and has nothing planned, and nothing changed after Trellis nudged them on ${readableDay(nudged.toISOString().slice(0, 10))}. A word from you may help.`,
    link: `/programs/${row.programId}/relationships`,
    details: [`Mentor: ${row.mentorName}`, `Mentee: ${row.menteeName}`],
    actionLabel: 'See the program’s pairs',
  };
}

/** A notice for `personId` from content, about the row's relationship, once per cause (and person). */
export function toNotification(
  row: DueRow,
  personId: string,
  content: NoticeContent,
  dedupeKey: string,
): NewNotification {
  return {
    organisationId: row.organisationId,
    personId,
    kind: content.kind,
    title: content.title,
    body: content.body,
    link: content.link,
    relationshipId: row.relationshipId,
    dedupeKey,
    email: {
      programId: row.programId,
      actionLabel: content.actionLabel,
      ...(content.details ? { details: content.details } : {}),
    },
  };
}
