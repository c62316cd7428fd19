import type {
  FlashAvailability,
  FlashBookInput,
  FlashMentorsPage,
  FlashMentorsQuery,
  FlashOpenSlot,
  FlashPattern,
  FlashPatternInput,
  FlashSession,
  FlashSessionsPage,
  FlashSessionsQuery,
  FlashSettingsInput,
  FlashSlot,
  FlashSlotInput,
  FlashSummary,
} from '../../../contracts/flash.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import {
  firstOverlap,
  monthBounds,
  PATTERN_WEEKS,
  patternStarts,
  spansOverlap,
  weekdayNames,
} from '../../../core/flash/availability.ts';
import { formatInZone, isValidTimeZone, utcToZonedTime, zonedTimeToUtc } from '../../../core/time-zones.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { scheduleMeetingIn } from '../meetings/meetings.service.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { type ProgramRow, programForMember, programForStaff } from '../programs/program-access.ts';
import {
  completeRelationshipBySystem,
  createRelationship,
  noteFor,
  workspaceLink,
} from '../relationships/relationships.service.ts';
import * as repo from './flash.repository.ts';

/**
 * Flash mentoring (issue 14, decision 034). Mentors of a flash program publish slots, by hand or as a weekly
 * pattern expanded six weeks ahead, with a cap of sessions per calendar month in their own zone. An approved mentee
 * of the program books one open slot with a topic and an agenda: in one transaction, under the mentor's settings
 * row lock, the slot is taken by a conditional UPDATE (of concurrent bookings exactly one wins), the month's cap is
 * checked, and a one-session relationship (origin `flash`, active) starts with one meeting whose invitation goes
 * to the mentor as for any pair meeting. The relationship completes itself once both sides rated the meeting, or
 * the program's `flash_close_days` after the session.
 */

export const FLASH_CLOSE_JOB = 'close_flash_sessions';
export const FLASH_TICK_JOB = 'flash_tick';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Statuses in which mentors publish slots and mentees book them. */
const openStatuses = ['enrolling', 'matching', 'running'];
const MAX_PATTERNS = 20;
const MAX_DAYS_AHEAD = 366;

function zoneOr(zone: string | null | undefined, fallback = 'UTC'): string {
  return zone && isValidTimeZone(zone) ? zone : fallback;
}

function assertFlash(program: ProgramRow) {
  if (program.type !== 'flash') {
    throw new AppError('conflict', `“${program.name}” is not a flash mentoring program`);
  }
}

const statusWords: Record<string, string> = {
  draft: 'Draft',
  enrolling: 'Enrolling',
  matching: 'Matching',
  running: 'Running',
  closed: 'Closed',
};

function assertOpen(program: ProgramRow, doing: string) {
  if (!openStatuses.includes(program.status)) {
    const status = statusWords[program.status] ?? program.status;
    throw new AppError('conflict', `This program is “${status}”, so ${doing} is not possible now`, {
      status: program.status,
    });
  }
}

/** The caller as an approved mentor of the flash program. */
async function callerAsMentor(ctx: AppContext, actor: Actor | null, programId: string, db: Db = ctx.db) {
  const { actor: me, program } = await programForMember(ctx, actor, programId, db);
  assertFlash(program);
  const enrolment = me.personId
    ? await repo.findEnrolmentOfPerson(db, me.organisationId, program.id, me.personId, 'mentor')
    : null;
  if (enrolment?.status !== 'approved') {
    throw new AppError('forbidden', 'Only approved mentors of this program can publish flash sessions');
  }
  return { me, program, enrolment };
}

/** The caller as an approved mentee of the flash program (who books sessions). */
async function callerAsParticipant(ctx: AppContext, actor: Actor | null, programId: string, db: Db = ctx.db) {
  const { actor: me, program } = await programForMember(ctx, actor, programId, db);
  assertFlash(program);
  const enrolment = me.personId
    ? await repo.findEnrolmentOfPerson(db, me.organisationId, program.id, me.personId, 'mentee')
    : null;
  if (enrolment?.status !== 'approved') {
    throw new AppError('forbidden', 'Only approved mentees of this program can book flash sessions');
  }
  return { me, program, enrolment };
}

async function viewerZone(db: Db, me: Actor): Promise<string> {
  return zoneOr(me.personId ? await repo.findPersonZone(db, me.organisationId, me.personId) : null);
}

function viewed(startsAt: Date, durationMinutes: number, zone: string) {
  const local = utcToZonedTime(startsAt, zone);
  return {
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + durationMinutes * MINUTE).toISOString(),
    durationMinutes,
    localDate: local.date,
    localTime: local.time,
    when: formatInZone(startsAt, zone),
  };
}

function toSlot(row: repo.FlashSlotRow, bookerName: string | null, zone: string): FlashSlot {
  return {
    id: row.id,
    ...viewed(row.startsAt, row.durationMinutes, zone),
    timeZone: row.timeZone,
    status: row.status as FlashSlot['status'],
    patternId: row.patternId,
    booking:
      row.status === 'booked' && row.bookedAt
        ? {
            personId: row.bookedByPersonId,
            name: bookerName ?? 'Someone who left',
            topic: row.topic ?? '',
            agenda: row.agenda,
            relationshipId: row.relationshipId,
            bookedAt: row.bookedAt.toISOString(),
          }
        : null,
  };
}

function toPattern(row: repo.FlashPatternRow): FlashPattern {
  return {
    id: row.id,
    weekday: row.weekday,
    startTime: row.startTime,
    durationMinutes: row.durationMinutes,
    timeZone: row.timeZone,
  };
}

function settingsDefaults(program: ProgramRow, enrolment: { id: string; timeZone: string | null }) {
  return {
    mentorEnrolmentId: enrolment.id,
    organisationId: program.organisationId,
    programId: program.id,
    timeZone: zoneOr(enrolment.timeZone),
  };
}

/**
 * Expand the mentor's weekly patterns into slots up to six weeks ahead, in the caller's transaction (which holds
 * the mentor's settings lock): a start that already has a slot — even a cancelled one — or overlaps a live slot is
 * skipped, so running it again adds nothing and a slot the mentor cancelled stays cancelled.
 */
async function topUpPatterns(
  tx: Db,
  mentor: { mentorEnrolmentId: string; organisationId: string; programId: string; personId: string },
  now: Date,
): Promise<number> {
  const patterns = await repo.listPatterns(tx, mentor.mentorEnrolmentId);
  if (patterns.length === 0) return 0;
  const until = new Date(now.getTime() + (PATTERN_WEEKS * 7 + 1) * DAY);
  const existing = await repo.listSlotStarts(tx, mentor.mentorEnrolmentId, now, until);
  const live = existing.filter((slot) => slot.status !== 'cancelled');
  const taken = new Set(existing.map((slot) => slot.startsAt.getTime()));
  const values: Parameters<typeof repo.insertSlots>[1] = [];
  for (const pattern of patterns) {
    for (const startsAt of patternStarts(pattern, now)) {
      const span = { startsAt, durationMinutes: pattern.durationMinutes };
      if (taken.has(startsAt.getTime()) || firstOverlap(span, live)) continue;
      taken.add(startsAt.getTime());
      live.push({ ...span, status: 'open' });
      values.push({
        organisationId: mentor.organisationId,
        programId: mentor.programId,
        mentorEnrolmentId: mentor.mentorEnrolmentId,
        mentorPersonId: mentor.personId,
        startsAt,
        durationMinutes: pattern.durationMinutes,
        timeZone: pattern.timeZone,
        patternId: pattern.id,
        status: 'open',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  return (await repo.insertSlots(tx, values)).length;
}

async function availabilityView(
  db: Db,
  program: ProgramRow,
  enrolmentId: string,
  settings: repo.FlashSettingsRow,
  now: Date,
): Promise<FlashAvailability> {
  const [patterns, slots] = await Promise.all([
    repo.listPatterns(db, enrolmentId),
    repo.listLiveSlots(db, enrolmentId, now, 300),
  ]);
  const month = monthBounds(now, settings.timeZone);
  return {
    program: { id: program.id, name: program.name },
    enrolmentId,
    monthlyCap: settings.monthlyCap,
    timeZone: settings.timeZone,
    bookedThisMonth: await repo.countBookedBetween(db, enrolmentId, month.start, month.end),
    patterns: patterns.map(toPattern),
    slots: slots.map((row) => toSlot(row.slot, row.bookerName, settings.timeZone)),
  };
}

/** The mentor's availability: settings, weekly patterns and upcoming slots (patterns topped up as it is read). */
export async function myAvailability(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
): Promise<FlashAvailability> {
  const { program, enrolment } = await callerAsMentor(ctx, actor, programId);
  const now = ctx.now();
  const settings = await ctx.db.transaction(async (tx) => {
    const locked = await repo.lockSettings(tx, settingsDefaults(program, enrolment));
    await topUpPatterns(
      tx,
      {
        mentorEnrolmentId: enrolment.id,
        organisationId: program.organisationId,
        programId: program.id,
        personId: enrolment.personId,
      },
      now,
    );
    return locked;
  });
  return availabilityView(ctx.db, program, enrolment.id, settings, now);
}

/** The mentor sets their monthly cap and time zone. */
export async function saveSettings(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: FlashSettingsInput,
): Promise<FlashAvailability> {
  const { program, enrolment } = await callerAsMentor(ctx, actor, programId);
  const now = ctx.now();
  const settings = await ctx.db.transaction(async (tx) => {
    await repo.lockSettings(tx, settingsDefaults(program, enrolment));
    return repo.updateSettings(tx, enrolment.id, { ...input, updatedAt: now });
  });
  return availabilityView(ctx.db, program, enrolment.id, settings, now);
}

/**
 * The mentor adds a slot by hand, at a local date and time in their zone (or the one named): refused in the past
 * (400 `body.startsAt`), more than a year ahead, or overlapping one of their live slots (409 naming its time).
 */
export async function addSlot(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: FlashSlotInput,
): Promise<FlashSlot> {
  const { program, enrolment } = await callerAsMentor(ctx, actor, programId);
  assertOpen(program, 'adding a slot');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const settings = await repo.lockSettings(tx, settingsDefaults(program, enrolment));
    const zone = input.timeZone ?? settings.timeZone;
    const [date, time] = input.startsAt.split('T') as [string, string];
    let startsAt: Date;
    try {
      startsAt = zonedTimeToUtc(date, time, zone);
    } catch {
      throw invalidField('body.startsAt', 'is not a valid date and time');
    }
    if (startsAt.getTime() <= now.getTime()) throw invalidField('body.startsAt', 'must be in the future');
    if (startsAt.getTime() > now.getTime() + MAX_DAYS_AHEAD * DAY) {
      throw invalidField('body.startsAt', 'must be within the next year');
    }
    const span = { startsAt, durationMinutes: input.durationMinutes };
    const live = await repo.listLiveSlots(tx, enrolment.id, new Date(startsAt.getTime() - DAY), 1000);
    const clash = live.find((row) => spansOverlap(span, row.slot));
    if (clash) {
      throw new AppError(
        'conflict',
        `This slot overlaps your ${clash.slot.status === 'booked' ? 'booked session' : 'slot'} on ${formatInZone(clash.slot.startsAt, zone)} (${clash.slot.durationMinutes} minutes)`,
        { slotId: clash.slot.id, startsAt: clash.slot.startsAt.toISOString() },
      );
    }
    const [row] = await repo.insertSlots(tx, [
      {
        organisationId: program.organisationId,
        programId: program.id,
        mentorEnrolmentId: enrolment.id,
        mentorPersonId: enrolment.personId,
        startsAt,
        durationMinutes: input.durationMinutes,
        timeZone: zone,
        status: 'open',
        createdAt: now,
        updatedAt: now,
      },
    ]);
    // The overlap check ran under the mentor's lock, so only a cancelled slot at this start could be in the way.
    if (!row) throw new AppError('conflict', 'You already have a slot at this time');
    return toSlot(row, null, zone);
  });
}

/** The mentor adds a weekly pattern; its slots for the next six weeks appear at once and are kept topped up. */
export async function addPattern(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: FlashPatternInput,
): Promise<FlashAvailability> {
  const { program, enrolment } = await callerAsMentor(ctx, actor, programId);
  assertOpen(program, 'adding a weekly pattern');
  const now = ctx.now();
  const settings = await ctx.db.transaction(async (tx) => {
    const locked = await repo.lockSettings(tx, settingsDefaults(program, enrolment));
    const patterns = await repo.listPatterns(tx, enrolment.id);
    if (patterns.length >= MAX_PATTERNS) {
      throw new AppError('conflict', `You already have ${MAX_PATTERNS} weekly patterns, the most allowed`);
    }
    const zone = input.timeZone ?? locked.timeZone;
    const same = patterns.find(
      (p) => p.weekday === input.weekday && p.startTime === input.startTime && p.timeZone === zone,
    );
    if (same) {
      throw new AppError(
        'conflict',
        `You already have a weekly slot on ${weekdayNames[input.weekday]}s at ${input.startTime}`,
        { patternId: same.id },
      );
    }
    await repo.insertPattern(tx, {
      organisationId: program.organisationId,
      programId: program.id,
      mentorEnrolmentId: enrolment.id,
      weekday: input.weekday,
      startTime: input.startTime,
      durationMinutes: input.durationMinutes,
      timeZone: zone,
      createdAt: now,
    });
    await topUpPatterns(
      tx,
      {
        mentorEnrolmentId: enrolment.id,
        organisationId: program.organisationId,
        programId: program.id,
        personId: enrolment.personId,
      },
      now,
    );
    return locked;
  });
  return availabilityView(ctx.db, program, enrolment.id, settings, now);
}

/** The mentor removes a weekly pattern: its open future slots are cancelled; booked sessions stay. */
export async function removePattern(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  patternId: string,
): Promise<FlashAvailability> {
  const { program, enrolment } = await callerAsMentor(ctx, actor, programId);
  const now = ctx.now();
  const settings = await ctx.db.transaction(async (tx) => {
    const locked = await repo.lockSettings(tx, settingsDefaults(program, enrolment));
    const pattern = await repo.findPattern(tx, enrolment.id, patternId);
    if (!pattern) throw notFound('Weekly pattern');
    await repo.cancelFutureOpenSlotsOfPattern(tx, pattern.id, now);
    await repo.deletePattern(tx, pattern.id);
    return locked;
  });
  return availabilityView(ctx.db, program, enrolment.id, settings, now);
}

/** The slot and the caller as its mentor; anyone else gets the same 404 as for a slot that does not exist. */
async function slotOfMentor(ctx: AppContext, actor: Actor | null, slotId: string) {
  const me = requireActor(actor);
  const slot = await repo.findSlot(ctx.db, me.organisationId, slotId);
  if (!slot || slot.mentorPersonId !== me.personId) throw notFound('Slot');
  return { me, slot };
}

/** The mentor cancels an open slot (a booked one is a session: it is cancelled from the pair's meetings). */
export async function cancelSlot(ctx: AppContext, actor: Actor | null, slotId: string): Promise<FlashSlot> {
  const { me, slot } = await slotOfMentor(ctx, actor, slotId);
  const now = ctx.now();
  const cancelled = await ctx.db.transaction((tx) => repo.cancelOpenSlot(tx, slot.id, now));
  if (!cancelled) {
    throw new AppError(
      'conflict',
      slot.status === 'booked' || slot.status === 'open'
        ? 'This slot was just booked: cancel the session from its meetings instead'
        : 'This slot is already cancelled',
      { status: slot.status },
    );
  }
  return toSlot(cancelled, null, zoneOr(await viewerZone(ctx.db, me), cancelled.timeZone));
}

/** Mentors of the program by skill or words, each with their soonest open slots in the viewer's zone. */
export async function searchMentors(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: FlashMentorsQuery,
): Promise<FlashMentorsPage> {
  const { actor: me, program } = await programForMember(ctx, actor, programId);
  assertFlash(program);
  const now = ctx.now();
  const zone = await viewerZone(ctx.db, me);
  const rows = await repo.searchMentors(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    now,
    skill: query.skill || undefined,
    q: query.q || undefined,
    excludePersonId: me.personId,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const slots = await repo.nextOpenSlots(
    ctx.db,
    rows.map((row) => row.enrolmentId),
    now,
    12,
  );
  const byMentor = new Map<string, FlashOpenSlot[]>();
  for (const slot of slots) {
    const list = byMentor.get(slot.mentorEnrolmentId) ?? [];
    list.push({ id: slot.id, ...viewed(slot.startsAt, slot.durationMinutes, zone) });
    byMentor.set(slot.mentorEnrolmentId, list);
  }
  const skillsOf = (value: unknown): string[] =>
    (typeof value === 'string' ? JSON.parse(value) : Array.isArray(value) ? value : []).filter(
      (s: unknown): s is string => typeof s === 'string',
    );
  return {
    items: rows.map((row) => ({
      enrolmentId: row.enrolmentId,
      personId: row.personId,
      name: row.name,
      title: row.title,
      department: row.department,
      skillsOffered: skillsOf(row.skillsOffered),
      openSlots: Number(row.openSlots),
      nextSlots: byMentor.get(row.enrolmentId) ?? [],
    })),
    total: Number(rows[0]?.total ?? 0),
    page: query.page,
    pageSize: query.pageSize,
    timeZone: zone,
  };
}

/**
 * An approved mentee books an open slot with a topic and an agenda. One transaction: the mentor's settings row is
 * locked (bookings of one mentor queue up), the slot is taken by `UPDATE … WHERE status = 'open'` (of 20 concurrent
 * bookings of a slot exactly one succeeds, the others get 409 "This slot was just booked"), the month's cap is
 * counted in the mentor's zone, then the relationship and its meeting are created and the mentor gets the
 * invitation. Anything refused leaves nothing written.
 */
export async function bookSlot(
  ctx: AppContext,
  actor: Actor | null,
  slotId: string,
  input: FlashBookInput,
): Promise<FlashSession> {
  const me = requireActor(actor);
  const found = await repo.findSlot(ctx.db, me.organisationId, slotId);
  if (!found) throw notFound('Slot');
  const { program, enrolment } = await callerAsParticipant(ctx, me, found.programId).catch(
    (error: unknown) => {
      // A slot of a program the caller may not see is a slot that does not exist.
      if (error instanceof AppError && error.code === 'not_found') throw notFound('Slot');
      throw error;
    },
  );
  assertOpen(program, 'booking a session');
  if (found.mentorPersonId === me.personId) {
    throw new AppError('conflict', 'This is your own slot: you cannot book a session with yourself');
  }
  const now = ctx.now();
  const zone = await viewerZone(ctx.db, me);
  const slotId_ = await ctx.db.transaction(async (tx) => {
    const mentor = await repo.findEnrolmentOfPerson(
      tx,
      program.organisationId,
      program.id,
      found.mentorPersonId,
      'mentor',
    );
    if (mentor?.status !== 'approved' || mentor.personStatus !== 'active') {
      throw new AppError('conflict', 'This mentor no longer takes flash sessions in this program');
    }
    const settings = await repo.lockSettings(tx, settingsDefaults(program, mentor));
    const booked = await repo.bookOpenSlot(tx, found.id, {
      bookedByPersonId: enrolment.personId,
      topic: input.topic,
      agenda: input.agenda,
      now,
    });
    if (!booked) {
      const current = await repo.findSlot(tx, me.organisationId, found.id);
      if (current?.status === 'cancelled') throw new AppError('conflict', 'The mentor cancelled this slot');
      if (current && current.startsAt.getTime() <= now.getTime() && current.status === 'open') {
        throw new AppError('conflict', 'This slot has already started: pick a later one');
      }
      throw new AppError('conflict', 'This slot was just booked: pick another time');
    }
    const month = monthBounds(booked.startsAt, settings.timeZone);
    const inMonth = await repo.countBookedBetween(tx, mentor.id, month.start, month.end);
    if (inMonth > settings.monthlyCap) {
      throw new AppError(
        'conflict',
        `${mentor.name} takes at most ${settings.monthlyCap} flash session${settings.monthlyCap === 1 ? '' : 's'} a month and ${month.label} is full: pick a slot in another month`,
        { monthlyCap: settings.monthlyCap, month: month.label },
      );
    }
    const end = new Date(booked.startsAt.getTime() + booked.durationMinutes * MINUTE);
    const clash = await repo.findPersonSessionBetween(tx, enrolment.personId, booked.startsAt, end);
    if (clash && clash.id !== booked.id) {
      throw new AppError(
        'conflict',
        `You already have a flash session at that time (${formatInZone(clash.startsAt, zone)})`,
        { slotId: clash.id },
      );
    }
    const relationship = await createRelationship(
      tx,
      {
        organisationId: program.organisationId,
        programId: program.id,
        mentorEnrolmentId: mentor.id,
        menteeEnrolmentId: enrolment.id,
        mentorPersonId: mentor.personId,
        menteePersonId: enrolment.personId,
        status: 'active',
        origin: 'flash',
        requestMessage: input.agenda,
        startedAt: now,
        createdAt: now,
        updatedAt: now,
      },
      {
        actorKind: 'mentee',
        actorUserId: me.userId,
        at: now,
        details: { slotId: booked.id, topic: input.topic },
      },
    );
    await repo.setSlotRelationship(tx, booked.id, relationship.id);
    const local = utcToZonedTime(booked.startsAt, booked.timeZone);
    await scheduleMeetingIn(ctx, tx, me, relationship.id, {
      title: `Flash session: ${input.topic}`,
      date: local.date,
      time: local.time,
      durationMinutes: booked.durationMinutes,
      timeZone: booked.timeZone,
      agenda: `## What I want from this conversation\n\n${input.agenda}\n`,
    });
    await notifyPeople(tx, [
      noteFor(relationship, 'mentee', {
        kind: 'flash_booked',
        title: `Your flash session with ${mentor.name} is booked: ${formatInZone(booked.startsAt, zone)}`,
        body: `Topic: ${input.topic}. ${mentor.name} has the invitation and your agenda. After the session, both of you rate it; the session then closes itself.`,
        link: workspaceLink(relationship.id, 'meetings'),
        dedupeKey: `flash:${booked.id}:booked`,
        email: { actionLabel: 'See your session' },
      }),
    ]);
    // The latest the relationship stays open: the program's closing days after the session ends.
    await enqueueJob(tx, {
      kind: FLASH_CLOSE_JOB,
      organisationId: program.organisationId,
      payload: { relationshipId: relationship.id },
      runAt: new Date(end.getTime() + program.flashCloseDays * DAY),
    });
    return booked.id;
  });
  const sessions = await repo.listSessions(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    personId: enrolment.personId,
    when: 'all',
    now,
    limit: 1000,
    offset: 0,
  });
  const row = sessions.find((s) => s.slotId === slotId_)!;
  return toSession(row, enrolment.personId, zone);
}

function toSession(row: repo.SessionRow, personId: string, zone: string): FlashSession {
  const myRole = row.mentorPersonId === personId ? 'mentor' : 'mentee';
  return {
    slotId: row.slotId,
    relationshipId: row.relationshipId,
    ...viewed(row.startsAt, row.durationMinutes, zone),
    timeZone: zone,
    topic: row.topic ?? '',
    agenda: row.agenda,
    myRole,
    partner:
      myRole === 'mentor'
        ? { personId: row.bookedByPersonId, name: row.bookerName ?? 'Someone who left' }
        : { personId: row.mentorPersonId, name: row.mentorName ?? 'Someone who left' },
    relationshipStatus: row.relationshipStatus,
    bookedAt: row.bookedAt.toISOString(),
  };
}

/** The caller's flash sessions in the program, as the mentor or the one who booked. */
export async function mySessions(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: FlashSessionsQuery,
): Promise<FlashSessionsPage> {
  const { actor: me, program } = await programForMember(ctx, actor, programId);
  assertFlash(program);
  const zone = await viewerZone(ctx.db, me);
  if (!me.personId)
    return { items: [], total: 0, page: query.page, pageSize: query.pageSize, timeZone: zone };
  const rows = await repo.listSessions(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    personId: me.personId,
    when: query.when,
    now: ctx.now(),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) => toSession(row, me.personId!, zone)),
    total: Number(rows[0]?.total ?? 0),
    page: query.page,
    pageSize: query.pageSize,
    timeZone: zone,
  };
}

/** Staff: the program's flash card. */
export async function flashSummary(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
): Promise<FlashSummary> {
  const { program } = await programForStaff(ctx, actor, programId);
  assertFlash(program);
  const { counts, ratings, topics, mentors } = await repo.programSummary(
    ctx.db,
    program.organisationId,
    program.id,
    ctx.now(),
  );
  const average = (role: string) => {
    const row = ratings.find((r) => r.role === role);
    return row && row.average !== null ? Math.round(Number(row.average) * 10) / 10 : null;
  };
  return {
    sessionsHeld: Number(counts.held),
    upcoming: Number(counts.upcoming),
    booked: Number(counts.booked),
    averageRating: {
      mentor: average('mentor'),
      mentee: average('mentee'),
      ratings: ratings.reduce((sum, r) => sum + Number(r.n), 0),
    },
    topTopics: topics.map((t) => ({ topic: t.topic, sessions: Number(t.sessions) })),
    mentorsWithOpenSlots: mentors.map((m) => ({ ...m, openSlots: Number(m.openSlots) })),
  };
}

// ── Jobs ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Complete every flash relationship that is due (both sides rated the session, or the closing days passed), by the
 * system, telling both sides; returns how many closed. Safe to run any number of times.
 */
export async function closeDueFlashSessions(
  ctx: AppContext,
  organisationId?: string | null,
): Promise<number> {
  let closed = 0;
  for (;;) {
    const now = ctx.now();
    const due = await repo.listDueFlashRelationships(ctx.db, now, 200, organisationId);
    let progressed = 0;
    for (const row of due) {
      const done = await ctx.db.transaction(async (tx) => {
        const slot = await repo.findSlotOfRelationship(tx, row.id);
        return completeRelationshipBySystem(tx, now, row.organisationId, row.id, {
          reason: 'The flash session is over',
          title: `Your flash session${slot?.topic ? ` on “${slot.topic}”` : ''} is complete`,
          body: 'Thank you for taking part. The workspace stays readable; you can book another session any time.',
          details: { flash: true },
        });
      });
      if (done) {
        closed++;
        progressed++;
      }
    }
    if (due.length < 200 || progressed === 0) return closed;
  }
}

/** Keep every mentor's weekly patterns expanded six weeks ahead (one transaction per mentor); returns slots added. */
export async function topUpAllPatterns(ctx: AppContext, organisationId?: string | null): Promise<number> {
  let added = 0;
  const now = ctx.now();
  for (const mentor of await repo.listMentorsWithPatterns(ctx.db, organisationId)) {
    added += await ctx.db.transaction(async (tx) => {
      const enrolment = await repo.findMentorForTopUp(tx, mentor.mentorEnrolmentId);
      if (
        enrolment?.status !== 'approved' ||
        enrolment.personStatus !== 'active' ||
        !openStatuses.includes(enrolment.programStatus)
      )
        return 0;
      await repo.lockSettings(tx, {
        mentorEnrolmentId: mentor.mentorEnrolmentId,
        organisationId: mentor.organisationId,
        programId: mentor.programId,
        timeZone: zoneOr(enrolment.timeZone),
      });
      return topUpPatterns(tx, { ...mentor, personId: enrolment.personId }, now);
    });
  }
  return added;
}
