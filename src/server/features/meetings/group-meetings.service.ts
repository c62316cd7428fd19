import { randomUUID } from 'node:crypto';
import type {
  GroupAttendanceInput,
  GroupMeeting,
  GroupMeetingsPage,
  GroupMeetingsQuery,
} from '../../../contracts/group-workspace.contracts.ts';
import type {
  CreateMeetingInput,
  MeetingHelped,
  UpdateMeetingInput,
} from '../../../contracts/meetings.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { formatInZone, isValidTimeZone, utcToZonedTime } from '../../../core/time-zones.ts';
import { buildMeetingIcs } from '../../../core/workspace/ics.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import {
  currentMembers,
  currentMentees,
  type GroupMember,
  type GroupWorkspace,
  groupForMember,
  groupWorkspaceLink,
  isGroupLeader,
  lockedGroupForMember,
} from '../groups/group-access.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { recordWorkspaceActivity } from '../workspace/workspace.service.ts';
import type { GroupMeetingRow, MemberRow } from './group-meetings.repository.ts';
import * as repo from './group-meetings.repository.ts';
import { editedMeeting, slug, startFrom } from './meeting-edit.ts';
import { listFeedback, type MeetingFeedbackRow } from './meetings.repository.ts';

/**
 * A group's meetings (issue 14): the mentor or co-mentor schedules one meeting for the whole group — one
 * invitation (one iCalendar UID, SEQUENCE + 1 on every reschedule and the cancellation) to every member — and
 * records who came. Each mentee has their own row in `meetings` (with the group meeting's id) whose status is their
 * attendance, so a group meeting counts as one meeting for each of them in nudges, pair health and analytics, and
 * each rates it through their own row (POST /api/meetings/:id/feedback).
 */

const MINUTE = 60_000;

function endOf(row: { startsAt: Date; durationMinutes: number }): Date {
  return new Date(row.startsAt.getTime() + row.durationMinutes * MINUTE);
}

function attendanceOf(status: string): GroupMeeting['attendance'][number]['status'] {
  if (status === 'held') return 'attended';
  if (status === 'no_show') return 'absent';
  if (status === 'cancelled') return 'cancelled';
  return 'scheduled';
}

function toGroupMeeting(
  row: GroupMeetingRow,
  ws: GroupWorkspace,
  memberRows: MemberRow[],
  rated: Map<string, MeetingFeedbackRow>,
  now: Date,
): GroupMeeting {
  const local = utcToZonedTime(row.startsAt, row.timeZone);
  const byRelationship = new Map(
    ws.members.filter((m) => m.relationshipId).map((m) => [m.relationshipId as string, m]),
  );
  const mine = memberRows.find((r) => r.groupMeetingId === row.id && r.relationshipId === ws.relationshipId);
  const organiser = ws.members.find((m) => m.personId === row.organiserPersonId);
  const feedback = mine ? rated.get(mine.id) : undefined;
  // Leaders see every mentee's attendance; a mentee sees their own. In the order of the members.
  const order = new Map(ws.members.map((m, index) => [m.relationshipId, index]));
  const attendance = [...memberRows]
    .sort((x, y) => (order.get(x.relationshipId) ?? 0) - (order.get(y.relationshipId) ?? 0))
    .filter((r) => r.groupMeetingId === row.id && (isGroupLeader(ws) || r.id === mine?.id))
    .flatMap((r) => {
      const member = byRelationship.get(r.relationshipId);
      return member
        ? [
            {
              personId: member.personId,
              name: member.name,
              relationshipId: r.relationshipId,
              status: attendanceOf(r.status),
            },
          ]
        : [];
    });
  return {
    id: row.id,
    groupId: row.groupId,
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
    status: row.status as GroupMeeting['status'],
    sequence: row.sequence,
    organiser: organiser ? { personId: organiser.personId, name: organiser.name } : null,
    hasStarted: row.startsAt.getTime() <= now.getTime(),
    attendance,
    myMeetingId: mine?.id ?? null,
    myStatus: mine ? attendanceOf(mine.status) : null,
    iRated: mine ? rated.has(mine.id) : false,
    myFeedback: feedback
      ? {
          rating: feedback.rating,
          helped: feedback.helped as MeetingHelped[],
          comment: feedback.comment,
          shareComment: feedback.shareComment,
          createdAt: feedback.createdAt.toISOString(),
        }
      : null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    heldAt: row.heldAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The meetings as the caller sees them: member rows and the caller's own ratings read in two queries. */
async function viewsOf(
  db: Db,
  ws: GroupWorkspace,
  rows: GroupMeetingRow[],
  now: Date,
): Promise<GroupMeeting[]> {
  const memberRows = await repo.listMemberRows(
    db,
    rows.map((r) => r.id),
  );
  const mine = memberRows.filter((r) => r.relationshipId === ws.relationshipId).map((r) => r.id);
  const rated = new Map(
    (await listFeedback(db, mine)).filter((f) => f.personId === ws.personId).map((f) => [f.meetingId, f]),
  );
  return rows.map((row) => toGroupMeeting(row, ws, memberRows, rated, now));
}

/** For the group's overview: its next meeting as the caller sees it (the caller has authorised the group). */
export async function nextGroupMeetingOf(
  db: Db,
  ws: GroupWorkspace,
  now: Date,
): Promise<GroupMeeting | null> {
  const row = await repo.findNextGroupMeeting(db, ws.groupId, now);
  return row ? ((await viewsOf(db, ws, [row], now))[0] ?? null) : null;
}

function requireLeader(ws: GroupWorkspace, what: string) {
  if (!isGroupLeader(ws)) {
    throw new AppError('forbidden', `Only the group’s mentor or co-mentor can ${what}`);
  }
}

function zoneOf(person: { timeZone: string | null } | undefined, fallback: string): string {
  return person?.timeZone && isValidTimeZone(person.timeZone) ? person.timeZone : fallback;
}

/** The group meeting as one iCalendar event: its one UID, its SEQUENCE, every current member an attendee. */
function invitationOf(ctx: AppContext, ws: GroupWorkspace, meeting: GroupMeetingRow): string {
  const members = currentMembers(ws);
  const organiser =
    ws.members.find((m) => m.personId === meeting.organiserPersonId) ??
    ws.members.find((m) => m.role === 'mentor');
  const link = `${ctx.config.publicUrl}${groupWorkspaceLink(ws.groupId)}`;
  const description = [
    meeting.agenda.trim(),
    meeting.videoUrl ? `Video call: ${meeting.videoUrl}` : '',
    `Group workspace (${ws.group.name}, ${ws.programName}): ${link}`,
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
    organizer: {
      name: organiser?.name ?? 'Trellis',
      email: organiser?.email || 'no-reply@trellis.invalid',
    },
    attendees: members.filter((m) => m.email).map((m) => ({ name: m.name, email: m.email })),
  });
}

type MeetingChange = 'meeting_scheduled' | 'meeting_rescheduled' | 'meeting_cancelled';

/**
 * Tell every other current member of a change, each in their own time zone, with the one calendar file (an
 * invitation, an update with a higher SEQUENCE, or a cancellation); and put it on each mentee's timeline.
 */
async function tellMembers(
  ctx: AppContext,
  tx: Db,
  ws: GroupWorkspace,
  row: GroupMeetingRow,
  change: { kind: MeetingChange; previousStart?: Date },
  now: Date,
) {
  const verb = {
    meeting_scheduled: 'scheduled',
    meeting_rescheduled: 'rescheduled',
    meeting_cancelled: 'cancelled',
  }[change.kind];
  await recordWorkspaceActivity(
    tx,
    currentMentees(ws).map((m) => ({
      organisationId: ws.organisationId,
      relationshipId: m.relationshipId,
      actorPersonId: ws.personId,
      kind: change.kind,
      summary: `${ws.actor.name} ${verb} the group meeting “${row.title}”`,
      subjectId: row.id,
      at: now,
    })),
  );
  const cancelled = change.kind === 'meeting_cancelled';
  const ics = invitationOf(ctx, ws, row);
  const where = [row.location, row.videoUrl ? `video call ${row.videoUrl}` : null]
    .filter(Boolean)
    .join(' · ');
  const who = ws.actor.name;
  const notices = currentMembers(ws)
    .filter((m) => m.personId !== ws.personId)
    .map((m: GroupMember) => {
      const zone = zoneOf(m, row.timeZone);
      const when = formatInZone(row.startsAt, zone);
      const text = {
        meeting_scheduled: {
          title: `${who} invited your group to a meeting: ${row.title}`,
          body: `${when}, ${row.durationMinutes} minutes${where ? ` · ${where}` : ''}, with everyone in “${ws.group.name}”. Add it to your calendar with the invitation.`,
        },
        meeting_rescheduled: {
          title: `${who} moved your group meeting: ${row.title}`,
          body: `Now ${when}, ${row.durationMinutes} minutes${where ? ` · ${where}` : ''}${
            change.previousStart ? ` (was ${formatInZone(change.previousStart, zone)})` : ''
          }. The updated invitation replaces the one in your calendar.`,
        },
        meeting_cancelled: {
          title: `${who} cancelled your group meeting: ${row.title}`,
          body: `It was planned for ${when}. The cancellation removes it from your calendar.`,
        },
      }[change.kind];
      return {
        organisationId: ws.organisationId,
        personId: m.personId,
        kind: change.kind,
        title: text.title,
        body: text.body,
        link: groupWorkspaceLink(ws.groupId, 'meetings'),
        relationshipId: m.relationshipId,
        dedupeKey: `group-meeting:${row.id}:${change.kind}:${row.sequence}:${m.personId}`,
        email: {
          programId: ws.programId,
          details: cancelled
            ? []
            : [
                `When: ${when} (${row.durationMinutes} minutes)`,
                ...(row.location ? [`Where: ${row.location}`] : []),
                ...(row.videoUrl ? [`Video call: ${row.videoUrl}`] : []),
                ...(row.agenda.trim() ? ['The agenda is in your group’s workspace.'] : []),
              ],
          actionLabel: 'See your group’s meetings',
          attachments: [
            {
              filename: 'invite.ics',
              contentType: `text/calendar; method=${cancelled ? 'CANCEL' : 'REQUEST'}; charset=UTF-8`,
              content: ics,
            },
          ],
        },
      };
    });
  await notifyPeople(tx, notices);
}

export async function listGroupMeetings(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  query: GroupMeetingsQuery,
): Promise<GroupMeetingsPage> {
  const ws = await groupForMember(ctx, actor, groupId, 'read');
  const now = ctx.now();
  const { rows, total } = await repo.listGroupMeetings(
    ctx.db,
    ws.groupId,
    query.when,
    now,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return {
    items: await viewsOf(ctx.db, ws, rows, now),
    total,
    page: query.page,
    pageSize: query.pageSize,
    readOnly: ws.readOnly,
  };
}

/** The mentor or co-mentor schedules a meeting of the whole group: a row for each mentee, one invitation to all. */
export async function createGroupMeeting(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  input: CreateMeetingInput,
): Promise<GroupMeeting> {
  requireLeader(await groupForMember(ctx, actor, groupId, 'write'), 'schedule a group meeting');
  return ctx.db.transaction(async (tx) => {
    const ws = await lockedGroupForMember(ctx, actor, groupId, tx);
    const mentees = currentMentees(ws);
    if (mentees.length === 0) {
      throw new AppError(
        'conflict',
        'This group has no mentees yet: schedule its meetings once someone joins',
      );
    }
    const now = ctx.now();
    const me = ws.members.find((m) => m.personId === ws.personId);
    const timeZone = input.timeZone ?? zoneOf(me, 'UTC');
    const startsAt = startFrom(input.date, input.time, timeZone, 'body.date');
    const uid = randomUUID();
    const fields = {
      organisationId: ws.organisationId,
      organiserPersonId: ws.personId,
      title: input.title,
      startsAt,
      durationMinutes: input.durationMinutes,
      timeZone,
      location: input.location ?? null,
      videoUrl: input.videoUrl ?? null,
      agenda: input.agenda,
      status: 'scheduled',
      sequence: 0,
      createdAt: now,
      updatedAt: now,
    };
    const row = await repo.insertGroupMeeting(tx, {
      ...fields,
      groupId: ws.groupId,
      icsUid: `${uid}@trellis`,
    });
    await repo.insertMemberRows(
      tx,
      mentees.map((m, index) => ({
        ...fields,
        relationshipId: m.relationshipId,
        groupMeetingId: row.id,
        // Each row needs its own UID; the invitation every member gets carries the group meeting's.
        icsUid: `${uid}-${index + 1}@trellis`,
      })),
    );
    await tellMembers(ctx, tx, ws, row, { kind: 'meeting_scheduled' }, now);
    return (await viewsOf(tx, ws, [row], now))[0]!;
  });
}

async function lockedMeeting(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  meetingId: string,
  tx: Db,
  what: string,
) {
  const ws = await lockedGroupForMember(ctx, actor, groupId, tx);
  const meeting = await repo.lockGroupMeeting(tx, ws.groupId, meetingId);
  if (!meeting) throw notFound('Meeting');
  requireLeader(ws, what);
  return { ws, meeting };
}

/** A new date, time, duration, zone or place reschedules it for everyone (SEQUENCE + 1); title and agenda are quiet. */
export async function updateGroupMeeting(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  meetingId: string,
  input: UpdateMeetingInput,
): Promise<GroupMeeting> {
  await groupForMember(ctx, actor, groupId, 'write');
  return ctx.db.transaction(async (tx) => {
    const { ws, meeting } = await lockedMeeting(ctx, actor, groupId, meetingId, tx, 'change a group meeting');
    if (meeting.status !== 'scheduled') {
      throw new AppError('conflict', 'Only a scheduled meeting can be changed', { status: meeting.status });
    }
    const now = ctx.now();
    const { fields, rescheduled } = editedMeeting(meeting, input);
    const patch = { ...fields, updatedAt: now };
    const updated = await repo.updateGroupMeeting(tx, meeting.id, patch);
    await repo.updateMemberRows(tx, meeting.id, patch);
    if (rescheduled) {
      await tellMembers(
        ctx,
        tx,
        ws,
        updated,
        {
          kind: 'meeting_rescheduled',
          ...(fields.startsAt.getTime() !== meeting.startsAt.getTime()
            ? { previousStart: meeting.startsAt }
            : {}),
        },
        now,
      );
    }
    return (await viewsOf(tx, ws, [updated], now))[0]!;
  });
}

/** Cancel for everyone: the invitation becomes a cancellation (METHOD:CANCEL, SEQUENCE + 1). */
export async function cancelGroupMeeting(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  meetingId: string,
): Promise<GroupMeeting> {
  await groupForMember(ctx, actor, groupId, 'write');
  return ctx.db.transaction(async (tx) => {
    const { ws, meeting } = await lockedMeeting(ctx, actor, groupId, meetingId, tx, 'cancel a group meeting');
    if (meeting.status !== 'scheduled') {
      throw new AppError('conflict', 'Only a scheduled meeting can be cancelled', { status: meeting.status });
    }
    const now = ctx.now();
    const patch = { status: 'cancelled', cancelledAt: now, sequence: meeting.sequence + 1, updatedAt: now };
    const updated = await repo.updateGroupMeeting(tx, meeting.id, patch);
    await repo.updateMemberRows(tx, meeting.id, patch);
    await tellMembers(ctx, tx, ws, updated, { kind: 'meeting_cancelled' }, now);
    return (await viewsOf(tx, ws, [updated], now))[0]!;
  });
}

/**
 * Record who came, once the meeting has started: each mentee invited and still in the group is named, attended
 * (their row becomes held) or not (no_show); the group meeting becomes held. It can be corrected later, except
 * for someone who has already rated the meeting they attended.
 */
export async function recordGroupAttendance(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  meetingId: string,
  input: GroupAttendanceInput,
): Promise<GroupMeeting> {
  await groupForMember(ctx, actor, groupId, 'write');
  return ctx.db.transaction(async (tx) => {
    const { ws, meeting } = await lockedMeeting(ctx, actor, groupId, meetingId, tx, 'record attendance');
    if (meeting.status === 'cancelled') {
      throw new AppError('conflict', 'This meeting was cancelled: there is no attendance to record');
    }
    const now = ctx.now();
    if (meeting.startsAt.getTime() > now.getTime()) {
      throw new AppError('conflict', 'This meeting has not started yet', { startsAt: meeting.startsAt });
    }
    const rows = await repo.listMemberRows(tx, [meeting.id]);
    const invited = currentMentees(ws).flatMap((m) => {
      const row = rows.find((r) => r.relationshipId === m.relationshipId);
      return row ? [{ member: m, row }] : [];
    });
    const answers = new Map<string, boolean>();
    input.attendance.forEach((line, index) => {
      if (!invited.some((i) => i.member.personId === line.personId)) {
        throw invalidField(
          `body.attendance.${index}.personId`,
          'is not a member of the group invited to this meeting',
        );
      }
      answers.set(line.personId, line.attended);
    });
    const missing = invited.filter((i) => !answers.has(i.member.personId));
    if (missing.length > 0) {
      throw invalidField(
        'body.attendance',
        `must say whether each member came: ${missing.map((i) => i.member.name).join(', ')} is missing`,
      );
    }
    // Each mentee's own rating of their row (the mentor's, through the pair routes, says nothing of who came).
    const menteeOf = new Map(invited.map((i) => [i.row.id, i.member.personId]));
    const rated = new Set(
      (await listFeedback(tx, [...menteeOf.keys()]))
        .filter((f) => menteeOf.get(f.meetingId) === f.personId)
        .map((f) => f.meetingId),
    );
    for (const { member, row } of invited) {
      const attended = answers.get(member.personId)!;
      if (!attended && rated.has(row.id)) {
        throw new AppError('conflict', `${member.name} has already rated this meeting, so they were there`);
      }
      const status = attended ? 'held' : 'no_show';
      if (row.status === status) continue;
      await repo.setMemberAttendance(tx, row.id, { status, heldAt: attended ? now : null, updatedAt: now });
    }
    const updated = await repo.updateGroupMeeting(tx, meeting.id, {
      status: 'held',
      heldAt: meeting.heldAt ?? now,
      updatedAt: now,
    });
    await recordWorkspaceActivity(
      tx,
      invited.map(({ member, row }) => ({
        organisationId: ws.organisationId,
        relationshipId: member.relationshipId,
        actorPersonId: ws.personId,
        kind: answers.get(member.personId) ? 'meeting_held' : 'meeting_no_show',
        summary: answers.get(member.personId)
          ? `${member.name} attended the group meeting “${meeting.title}”`
          : `${member.name} missed the group meeting “${meeting.title}”`,
        subjectId: row.id,
        at: now,
      })),
    );
    await notifyPeople(
      tx,
      invited
        .filter(({ member, row }) => answers.get(member.personId) && !rated.has(row.id))
        .map(({ member }) => ({
          organisationId: ws.organisationId,
          personId: member.personId,
          kind: 'meeting_held',
          title: `How was “${meeting.title}”? Rate the meeting`,
          body: `${ws.actor.name} recorded that you came. Your rating goes to the program, never to the group.`,
          link: groupWorkspaceLink(ws.groupId, 'meetings'),
          relationshipId: member.relationshipId,
          dedupeKey: `group-meeting:${meeting.id}:held:${member.personId}`,
          email: { programId: ws.programId },
        })),
    );
    return (await viewsOf(tx, ws, [updated], now))[0]!;
  });
}

/** The group meeting's invitation (or cancellation), the same event every member got by email. */
export async function groupMeetingIcs(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  meetingId: string,
): Promise<{ filename: string; body: string }> {
  const ws = await groupForMember(ctx, actor, groupId, 'read');
  const meeting = await repo.findGroupMeeting(ctx.db, ws.groupId, meetingId);
  if (!meeting) throw notFound('Meeting');
  const local = utcToZonedTime(meeting.startsAt, meeting.timeZone);
  return { filename: `${slug(meeting.title)}-${local.date}.ics`, body: invitationOf(ctx, ws, meeting) };
}

/**
 * A member's row of a group meeting, downloaded through the pair routes: the group's invitation (its UID), so a
 * calendar keeps one event. Null when the caller no longer reads the group.
 */
export async function groupInvitationForRow(
  ctx: AppContext,
  actor: Actor | null,
  groupMeetingId: string,
): Promise<string | null> {
  const meeting = await repo.findGroupMeetingById(ctx.db, groupMeetingId);
  if (!meeting) return null;
  try {
    return invitationOf(ctx, await groupForMember(ctx, actor, meeting.groupId, 'read'), meeting);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}
