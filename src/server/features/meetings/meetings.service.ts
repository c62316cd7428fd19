import { randomUUID } from 'node:crypto';
import type {
  CreateMeetingInput,
  Meeting,
  MeetingFeedbackInput,
  MeetingHelped,
  MeetingsPage,
  MeetingsQuery,
  UpdateMeetingInput,
} from '../../../contracts/meetings.contracts.ts';
import type { MeetingStatus } from '../../../contracts/workspace-shapes.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { formatInZone, isValidTimeZone, utcToZonedTime } from '../../../core/time-zones.ts';
import { buildMeetingIcs } from '../../../core/workspace/ics.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { recordWorkspaceActivity } from '../workspace/workspace.service.ts';
import { type PairWorkspace, workspaceForPair } from '../workspace/workspace-access.ts';
import { groupInvitationForRow } from './group-meetings.service.ts';
import { editedMeeting, slug, startFrom } from './meeting-edit.ts';
import type { MeetingFeedbackRow, MeetingRow } from './meetings.repository.ts';
import * as repo from './meetings.repository.ts';

/**
 * Meetings of a pair (§6): either side schedules, reschedules, cancels and marks a meeting held or missed; each
 * change goes on the pair's timeline and tells the partner. A meeting is stored as a UTC instant plus the zone it
 * was scheduled in, so the .ics and every person's screen show the same moment in their own local time.
 */

const MINUTE = 60_000;
/** The flash feature's job that closes flash sessions' relationships (features/flash/flash-jobs.ts). */
const FLASH_CLOSE_JOB = 'close_flash_sessions';

export function meetingsLink(relationshipId: string): string {
  return `/mentoring/relationships/${relationshipId}/meetings`;
}

function endOf(row: MeetingRow): Date {
  return new Date(row.startsAt.getTime() + row.durationMinutes * MINUTE);
}

function personName(ws: PairWorkspace, personId: string | null): string | null {
  const r = ws.row.relationship;
  if (personId === r.mentorPersonId) return ws.row.mentorName;
  if (personId === r.menteePersonId) return ws.row.menteeName;
  return null;
}

/** The meeting as the caller sees it: their own rating, and only whether the partner rated. */
function toMeeting(row: MeetingRow, ws: PairWorkspace, feedback: MeetingFeedbackRow[], now: Date): Meeting {
  const local = utcToZonedTime(row.startsAt, row.timeZone);
  const mine = feedback.find((f) => f.meetingId === row.id && f.personId === ws.personId);
  const organiserName = personName(ws, row.organiserPersonId);
  return {
    id: row.id,
    relationshipId: row.relationshipId,
    title: row.title,
    startsAt: row.startsAt.toISOString(),
    endsAt: endOf(row).toISOString(),
    durationMinutes: row.durationMinutes,
    timeZone: row.timeZone,
    localDate: local.date,
    localTime: local.time,
    location: row.location,
    videoUrl: row.videoUrl,
    agenda: row.agenda,
    status: row.status as MeetingStatus,
    sequence: row.sequence,
    organiser:
      row.organiserPersonId && organiserName
        ? { personId: row.organiserPersonId, name: organiserName }
        : null,
    hasStarted: row.startsAt.getTime() <= now.getTime(),
    myFeedback: mine
      ? {
          rating: mine.rating,
          helped: mine.helped as MeetingHelped[],
          comment: mine.comment,
          shareComment: mine.shareComment,
          createdAt: mine.createdAt.toISOString(),
        }
      : null,
    partnerHasRated: feedback.some((f) => f.meetingId === row.id && f.personId === ws.partnerPersonId),
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    heldAt: row.heldAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function meetingView(db: Db, row: MeetingRow, ws: PairWorkspace, now: Date): Promise<Meeting> {
  return toMeeting(row, ws, await repo.listFeedback(db, [row.id]), now);
}

/**
 * The meeting and the caller's place in its pair. A meeting of another pair or organisation is the same 404 as
 * one that does not exist; `write` refuses with 409 once the relationship has ended.
 */
async function meetingForPair(
  ctx: AppContext,
  actor: Actor | null,
  meetingId: string,
  mode: 'read' | 'write',
  db: Db = ctx.db,
): Promise<{ meeting: MeetingRow; ws: PairWorkspace }> {
  const me = requireActor(actor);
  const meeting = await repo.findMeeting(db, me.organisationId, meetingId);
  if (!meeting) throw notFound('Meeting');
  try {
    const ws = await workspaceForPair(ctx, me, meeting.relationshipId, mode, db);
    return { meeting, ws };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw notFound('Meeting');
    throw error;
  }
}

/**
 * Inside a transaction: check access, then lock the meeting so concurrent changes queue up. A member's row of a
 * group meeting changes only from the group (its reschedule, cancellation and attendance are everyone's).
 */
async function lockedMeetingForPair(tx: Db, ctx: AppContext, actor: Actor | null, meetingId: string) {
  const { ws } = await meetingForPair(ctx, actor, meetingId, 'write', tx);
  const meeting = await repo.lockMeeting(tx, meetingId);
  if (!meeting) throw notFound('Meeting');
  if (meeting.groupMeetingId) {
    throw new AppError('conflict', 'This is a group meeting: change it from the group');
  }
  return { meeting, ws };
}

async function pairPeople(db: Db, ws: PairWorkspace) {
  const rows = await repo.findPeople(db, ws.organisationId, [ws.personId, ws.partnerPersonId]);
  return new Map(rows.map((row) => [row.id, row]));
}

/** The zone a person reads times in: their directory zone when it is a real one, else the meeting's. */
function zoneOf(person: { timeZone: string | null } | undefined, row: MeetingRow): string {
  return person?.timeZone && isValidTimeZone(person.timeZone) ? person.timeZone : row.timeZone;
}

/**
 * The meeting as an iCalendar document (RFC 5545): the same UID for its whole life, its current SEQUENCE, METHOD
 * CANCEL once cancelled. The download and the emails of every change carry it, so calendars update one event.
 */
async function invitationOf(
  ctx: AppContext,
  db: Db,
  ws: PairWorkspace,
  meeting: MeetingRow,
): Promise<string> {
  const r = ws.row.relationship;
  const people = await repo.findPeople(db, ws.organisationId, [r.mentorPersonId, r.menteePersonId]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const mentor = byId.get(r.mentorPersonId);
  const mentee = byId.get(r.menteePersonId);
  const organiser = (meeting.organiserPersonId && byId.get(meeting.organiserPersonId)) || mentor || mentee;
  const link = `${ctx.config.publicUrl}${meetingsLink(ws.relationshipId)}`;
  const description = [
    meeting.agenda.trim(),
    meeting.videoUrl ? `Video call: ${meeting.videoUrl}` : '',
    `Mentoring workspace (${ws.row.programName}): ${link}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  return buildMeetingIcs({
    uid: meeting.icsUid,
    sequence: meeting.sequence,
    cancelled: meeting.status === 'cancelled',
    start: meeting.startsAt,
    end: endOf(meeting),
    stamp: ctx.now(),
    summary: meeting.title,
    description,
    location: meeting.location ?? meeting.videoUrl,
    url: link,
    organizer: { name: organiser?.name ?? 'Trellis', email: organiser?.email ?? 'no-reply@trellis.invalid' },
    attendees: [mentor, mentee]
      .filter((p): p is NonNullable<typeof p> => Boolean(p))
      .map((p) => ({ name: p.name, email: p.email })),
  });
}

type MeetingChange = 'meeting_scheduled' | 'meeting_rescheduled' | 'meeting_cancelled';

/**
 * Put a change on the pair's timeline and tell the partner: the time in their own zone, where, and the calendar
 * file (an invitation, an update with a higher SEQUENCE, or a cancellation) attached to the email.
 */
async function tellPartnerOfChange(
  ctx: AppContext,
  tx: Db,
  ws: PairWorkspace,
  row: MeetingRow,
  change: { kind: MeetingChange; summary: string; previousStart?: Date },
  now: Date,
) {
  await recordWorkspaceActivity(tx, [
    {
      organisationId: ws.organisationId,
      relationshipId: ws.relationshipId,
      actorPersonId: ws.personId,
      kind: change.kind,
      summary: change.summary,
      subjectId: row.id,
      at: now,
    },
  ]);
  const partner = (await pairPeople(tx, ws)).get(ws.partnerPersonId);
  const zone = zoneOf(partner, row);
  const when = formatInZone(row.startsAt, zone);
  const where = [row.location, row.videoUrl ? `video call ${row.videoUrl}` : null]
    .filter(Boolean)
    .join(' · ');
  const who = ws.actor.name;
  const cancelled = change.kind === 'meeting_cancelled';
  const text = {
    meeting_scheduled: {
      title: `${who} invited you to a meeting: ${row.title}`,
      body: `${when}, ${row.durationMinutes} minutes${where ? ` · ${where}` : ''}. Add it to your calendar with the invitation.`,
    },
    meeting_rescheduled: {
      title: `${who} moved your meeting: ${row.title}`,
      body: `Now ${when}, ${row.durationMinutes} minutes${where ? ` · ${where}` : ''}${
        change.previousStart ? ` (was ${formatInZone(change.previousStart, zone)})` : ''
      }. The updated invitation replaces the one in your calendar.`,
    },
    meeting_cancelled: {
      title: `${who} cancelled your meeting: ${row.title}`,
      body: `It was planned for ${when}. The cancellation removes it from your calendar; schedule a new time in your workspace.`,
    },
  }[change.kind];
  const details = cancelled
    ? []
    : [
        `When: ${when} (${row.durationMinutes} minutes)`,
        ...(row.location ? [`Where: ${row.location}`] : []),
        ...(row.videoUrl ? [`Video call: ${row.videoUrl}`] : []),
        ...(row.agenda.trim() ? ['The agenda is in your workspace.'] : []),
      ];
  await notifyPeople(tx, [
    {
      organisationId: ws.organisationId,
      personId: ws.partnerPersonId,
      kind: change.kind,
      title: text.title,
      body: text.body,
      link: meetingsLink(ws.relationshipId),
      relationshipId: ws.relationshipId,
      // One notice per version of the meeting: SEQUENCE rises with every reschedule and the cancellation.
      dedupeKey: `meeting:${row.id}:${change.kind}:${row.sequence}`,
      email: {
        programId: ws.programId,
        details,
        actionLabel: 'See your meetings',
        attachments: [
          {
            filename: 'invite.ics',
            contentType: `text/calendar; method=${cancelled ? 'CANCEL' : 'REQUEST'}; charset=UTF-8`,
            content: await invitationOf(ctx, tx, ws, row),
          },
        ],
      },
    },
  ]);
}

/** Put a change that sends no calendar file on the timeline and tell the partner. */
async function tellPartnerAndTimeline(
  tx: Db,
  ws: PairWorkspace,
  row: MeetingRow,
  event: { kind: string; summary: string; title: string; body: string },
  now: Date,
) {
  await recordWorkspaceActivity(tx, [
    {
      organisationId: ws.organisationId,
      relationshipId: ws.relationshipId,
      actorPersonId: ws.personId,
      kind: event.kind,
      summary: event.summary,
      subjectId: row.id,
      at: now,
    },
  ]);
  await notifyPeople(tx, [
    {
      organisationId: ws.organisationId,
      personId: ws.partnerPersonId,
      kind: event.kind,
      title: event.title,
      body: event.body,
      link: meetingsLink(ws.relationshipId),
      relationshipId: ws.relationshipId,
      dedupeKey: `meeting:${row.id}:${event.kind}`,
      email: { programId: ws.programId },
    },
  ]);
}

/** The pair's meetings, upcoming or past, with the caller's own ratings. */
export async function listMeetings(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  query: MeetingsQuery,
): Promise<MeetingsPage> {
  const ws = await workspaceForPair(ctx, actor, relationshipId, 'read');
  const now = ctx.now();
  const { rows, total } = await repo.listMeetings(
    ctx.db,
    relationshipId,
    query.when,
    now,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  const feedback = await repo.listFeedback(
    ctx.db,
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) => toMeeting(row, ws, feedback, now)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    readOnly: ws.readOnly,
  };
}

/** Schedule a meeting: the caller organises it, in their own time zone unless they name another. */
export async function createMeeting(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  input: CreateMeetingInput,
): Promise<Meeting> {
  return ctx.db.transaction((tx) => scheduleMeetingIn(ctx, tx, actor, relationshipId, input));
}

/**
 * Schedule a meeting in the caller's transaction, as `createMeeting` does (the partner gets the invitation and its
 * .ics): for a feature that starts a relationship and its meeting together (a flash booking).
 */
export async function scheduleMeetingIn(
  ctx: AppContext,
  tx: Db,
  actor: Actor | null,
  relationshipId: string,
  input: CreateMeetingInput,
): Promise<Meeting> {
  const ws = await workspaceForPair(ctx, actor, relationshipId, 'write', tx);
  const now = ctx.now();
  const me = (await pairPeople(tx, ws)).get(ws.personId);
  const timeZone = input.timeZone ?? (me?.timeZone && isValidTimeZone(me.timeZone) ? me.timeZone : 'UTC');
  const startsAt = startFrom(input.date, input.time, timeZone, 'body.date');
  const row = await repo.insertMeeting(tx, {
    organisationId: ws.organisationId,
    relationshipId: ws.relationshipId,
    organiserPersonId: ws.personId,
    title: input.title,
    startsAt,
    durationMinutes: input.durationMinutes,
    timeZone,
    location: input.location ?? null,
    videoUrl: input.videoUrl ?? null,
    agenda: input.agenda,
    status: 'scheduled',
    icsUid: `${randomUUID()}@trellis`,
    sequence: 0,
    createdAt: now,
    updatedAt: now,
  });
  await tellPartnerOfChange(
    ctx,
    tx,
    ws,
    row,
    { kind: 'meeting_scheduled', summary: `${ws.actor.name} scheduled the meeting “${row.title}”` },
    now,
  );
  return toMeeting(row, ws, [], now);
}

/** One meeting of the caller's pair. */
export async function getMeeting(ctx: AppContext, actor: Actor | null, meetingId: string): Promise<Meeting> {
  const { meeting, ws } = await meetingForPair(ctx, actor, meetingId, 'read');
  return meetingView(ctx.db, meeting, ws, ctx.now());
}

/**
 * Edit a scheduled meeting. A new date, time, duration, zone or place is a reschedule: SEQUENCE + 1 so calendars
 * replace the event, a timeline line and a notification to the partner. Title and agenda edits are quiet.
 */
export async function updateMeeting(
  ctx: AppContext,
  actor: Actor | null,
  meetingId: string,
  input: UpdateMeetingInput,
): Promise<Meeting> {
  return ctx.db.transaction(async (tx) => {
    const { meeting, ws } = await lockedMeetingForPair(tx, ctx, actor, meetingId);
    if (meeting.status !== 'scheduled') {
      throw new AppError('conflict', 'Only a scheduled meeting can be changed', { status: meeting.status });
    }
    const now = ctx.now();
    const { fields, rescheduled } = editedMeeting(meeting, input);
    const updated = await repo.updateMeeting(tx, meeting.id, { ...fields, updatedAt: now });
    if (rescheduled) {
      await tellPartnerOfChange(
        ctx,
        tx,
        ws,
        updated,
        {
          kind: 'meeting_rescheduled',
          summary: `${ws.actor.name} rescheduled the meeting “${updated.title}”`,
          ...(fields.startsAt.getTime() !== meeting.startsAt.getTime()
            ? { previousStart: meeting.startsAt }
            : {}),
        },
        now,
      );
    }
    return meetingView(tx, updated, ws, now);
  });
}

/** Cancel a scheduled meeting: the .ics turns into a cancellation (METHOD:CANCEL, SEQUENCE + 1). */
export async function cancelMeeting(
  ctx: AppContext,
  actor: Actor | null,
  meetingId: string,
): Promise<Meeting> {
  return ctx.db.transaction(async (tx) => {
    const { meeting, ws } = await lockedMeetingForPair(tx, ctx, actor, meetingId);
    if (meeting.status !== 'scheduled') {
      throw new AppError('conflict', 'Only a scheduled meeting can be cancelled', { status: meeting.status });
    }
    const now = ctx.now();
    const updated = await repo.updateMeeting(tx, meeting.id, {
      status: 'cancelled',
      cancelledAt: now,
      sequence: meeting.sequence + 1,
      updatedAt: now,
    });
    await tellPartnerOfChange(
      ctx,
      tx,
      ws,
      updated,
      { kind: 'meeting_cancelled', summary: `${ws.actor.name} cancelled the meeting “${updated.title}”` },
      now,
    );
    return meetingView(tx, updated, ws, now);
  });
}

/**
 * After its start, a scheduled meeting becomes held or no-show; a no-show marked by mistake can still become held.
 * Anything else (a cancelled meeting, a future one, a held one marked missed) is a 409.
 */
export async function markMeeting(
  ctx: AppContext,
  actor: Actor | null,
  meetingId: string,
  to: 'held' | 'no_show',
): Promise<Meeting> {
  return ctx.db.transaction(async (tx) => {
    const { meeting, ws } = await lockedMeetingForPair(tx, ctx, actor, meetingId);
    const now = ctx.now();
    const allowedFrom = to === 'held' ? ['scheduled', 'no_show'] : ['scheduled'];
    if (!allowedFrom.includes(meeting.status)) {
      throw new AppError(
        'conflict',
        to === 'held'
          ? 'Only a scheduled or missed meeting can be marked held'
          : 'Only a scheduled meeting can be marked missed',
        { status: meeting.status },
      );
    }
    if (meeting.startsAt.getTime() > now.getTime()) {
      throw new AppError('conflict', 'This meeting has not started yet', { startsAt: meeting.startsAt });
    }
    const updated = await repo.updateMeeting(tx, meeting.id, {
      status: to,
      heldAt: to === 'held' ? now : null,
      updatedAt: now,
    });
    if (to === 'held') {
      await tellPartnerAndTimeline(
        tx,
        ws,
        updated,
        {
          kind: 'meeting_held',
          summary: `${ws.actor.name} marked the meeting “${updated.title}” as held`,
          title: `How was “${updated.title}”? Rate the meeting`,
          body: `${ws.actor.name} marked it as held. Your rating goes to the program, never to your partner.`,
        },
        now,
      );
    } else {
      await recordWorkspaceActivity(tx, [
        {
          organisationId: ws.organisationId,
          relationshipId: ws.relationshipId,
          actorPersonId: ws.personId,
          kind: 'meeting_no_show',
          summary: `${ws.actor.name} marked the meeting “${updated.title}” as missed`,
          subjectId: updated.id,
          at: now,
        },
      ]);
    }
    return meetingView(tx, updated, ws, now);
  });
}

/** Append one of the program's discussion prompts to the agenda, as a Markdown section. */
export async function addAgendaPrompt(
  ctx: AppContext,
  actor: Actor | null,
  meetingId: string,
  resourceId: string,
): Promise<Meeting> {
  return ctx.db.transaction(async (tx) => {
    const { meeting, ws } = await lockedMeetingForPair(tx, ctx, actor, meetingId);
    if (meeting.status !== 'scheduled') {
      throw new AppError('conflict', 'Only a scheduled meeting’s agenda can be changed', {
        status: meeting.status,
      });
    }
    const prompt = await repo.findPrompt(tx, ws.programId, resourceId, ws.role);
    if (!prompt) throw notFound('Discussion prompt');
    const section = [`## ${prompt.title.trim()}`, prompt.body.trim()].filter(Boolean).join('\n\n');
    const agenda = meeting.agenda.trim() ? `${meeting.agenda.trimEnd()}\n\n${section}\n` : `${section}\n`;
    if (agenda.length > 20_000) throw invalidField('body.resourceId', 'would make the agenda too long');
    const now = ctx.now();
    const updated = await repo.updateMeeting(tx, meeting.id, { agenda, updatedAt: now });
    return meetingView(tx, updated, ws, now);
  });
}

/**
 * Rate a held meeting, once per person. Allowed after the relationship ended too (the meeting happened); the
 * rating goes to the program, aggregated, and never to the partner.
 */
export async function rateMeeting(
  ctx: AppContext,
  actor: Actor | null,
  meetingId: string,
  input: MeetingFeedbackInput,
): Promise<Meeting> {
  return ctx.db.transaction(async (tx) => {
    const { meeting, ws } = await meetingForPair(ctx, actor, meetingId, 'read', tx);
    if (meeting.status !== 'held') {
      throw new AppError('conflict', 'Only a meeting marked as held can be rated', {
        status: meeting.status,
      });
    }
    const now = ctx.now();
    const inserted = await repo.insertFeedback(tx, {
      organisationId: ws.organisationId,
      relationshipId: ws.relationshipId,
      meetingId: meeting.id,
      programId: ws.programId,
      personId: ws.personId,
      role: ws.role,
      rating: input.rating,
      helped: input.helped,
      comment: input.comment,
      shareComment: input.shareComment,
      createdAt: now,
    });
    if (!inserted) throw new AppError('conflict', 'You have already rated this meeting');
    // A flash session's relationship closes once both sides gave feedback (decision 034): the flash job checks.
    if (ws.row.relationship.origin === 'flash') {
      await enqueueJob(tx, {
        kind: FLASH_CLOSE_JOB,
        organisationId: ws.organisationId,
        payload: { relationshipId: ws.relationshipId },
        runAt: now,
      });
    }
    return meetingView(tx, meeting, ws, now);
  });
}

/** The meeting as an iCalendar invitation (or cancellation) for either side's calendar. */
export async function meetingIcs(
  ctx: AppContext,
  actor: Actor | null,
  meetingId: string,
): Promise<{ filename: string; body: string }> {
  const { meeting, ws } = await meetingForPair(ctx, actor, meetingId, 'read');
  // A member's row of a group meeting: the group's one invitation (its UID), so calendars keep one event.
  const group = meeting.groupMeetingId
    ? await groupInvitationForRow(ctx, actor, meeting.groupMeetingId)
    : null;
  const body = group ?? (await invitationOf(ctx, ctx.db, ws, meeting));
  const local = utcToZonedTime(meeting.startsAt, meeting.timeZone);
  return { filename: `${slug(meeting.title)}-${local.date}.ics`, body };
}

/** For action items: a meeting of this relationship, or a field error naming `body.meetingId`. */
export async function meetingOfPair(db: Db, relationshipId: string, meetingId: string): Promise<MeetingRow> {
  const row = await repo.meetingOfRelationship(db, relationshipId, meetingId);
  if (!row) throw invalidField('body.meetingId', 'is not a meeting of this relationship');
  return row;
}

/** Erasure (§10), in the caller's transaction: the words of the person's meeting ratings go, the scores stay. */
export async function eraseRatingWordsOf(db: Db, organisationId: string, personId: string): Promise<number> {
  return repo.clearFeedbackCommentsOf(db, organisationId, personId);
}

// ── Reads for the caller's home (the caller passes the signed-in person's own ids) ───────────────────────────────

/** A relationship's next meeting as one person sees it: its local date and time in their zone. */
export interface NextMeeting {
  id: string;
  relationshipId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  /** The zone the local date and time are in (the viewer's). */
  timeZone: string;
  localDate: string;
  localTime: string;
  /** e.g. `Tue 3 Mar 2026, 14:00 GMT` in the viewer's zone. */
  when: string;
  location: string | null;
  videoUrl: string | null;
  link: string;
}

/** The next meeting (scheduled, not finished) of each of these relationships, in the viewer's zone: one query. */
export async function nextMeetingsOf(
  db: Db,
  relationshipIds: readonly string[],
  now: Date,
  timeZone: string,
): Promise<Map<string, NextMeeting>> {
  const rows = await repo.listNextMeetings(db, relationshipIds, now);
  return new Map(
    rows.map((row) => {
      const local = utcToZonedTime(row.startsAt, timeZone);
      return [
        row.relationshipId,
        {
          id: row.id,
          relationshipId: row.relationshipId,
          title: row.title,
          startsAt: row.startsAt,
          endsAt: endOf(row),
          durationMinutes: row.durationMinutes,
          timeZone,
          localDate: local.date,
          localTime: local.time,
          when: formatInZone(row.startsAt, timeZone),
          location: row.location,
          videoUrl: row.videoUrl,
          link: meetingsLink(row.relationshipId),
        },
      ];
    }),
  );
}

/** A held meeting the person has not rated yet. */
export interface MeetingToRate {
  meetingId: string;
  title: string;
  startsAt: Date;
  heldAt: Date | null;
  relationshipId: string;
  program: { id: string; name: string };
  partnerName: string;
  link: string;
}

/** Held meetings of the person's relationships, started since `since`, that they have not rated: one query. */
export async function meetingsToRateBy(
  db: Db,
  input: { organisationId: string; personId: string; since: Date; limit: number },
): Promise<MeetingToRate[]> {
  const rows = await repo.listUnratedHeldMeetings(db, input);
  return rows.map((row) => ({
    meetingId: row.meetingId,
    title: row.title,
    startsAt: row.startsAt,
    heldAt: row.heldAt,
    relationshipId: row.relationshipId,
    program: { id: row.programId, name: row.programName },
    partnerName: row.mentorPersonId === input.personId ? row.menteeName : row.mentorName,
    link: meetingsLink(row.relationshipId),
  }));
}
