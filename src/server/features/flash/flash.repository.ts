import { and, asc, eq, gt, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, flashMentorSettings, flashPatterns, flashSlots, people } from '../../db/schema.ts';
import { likeContaining } from '../../db/sql-text.ts';

/**
 * The flash feature's SQL: its own tables (flash_mentor_settings, flash_patterns, flash_slots), and read-only looks
 * at enrolments, people, relationships, meetings and their feedback for the search, the sessions and staff's card.
 */

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export type FlashSlotRow = typeof flashSlots.$inferSelect;
export type FlashPatternRow = typeof flashPatterns.$inferSelect;
export type FlashSettingsRow = typeof flashMentorSettings.$inferSelect;

// ── Enrolments and people (read) ─────────────────────────────────────────────────────────────────────────────────

export async function findEnrolmentOfPerson(
  db: Db,
  organisationId: string,
  programId: string,
  personId: string,
  role: 'mentor' | 'mentee',
) {
  const [row] = await db
    .select({
      id: enrolments.id,
      personId: enrolments.personId,
      status: enrolments.status,
      role: enrolments.role,
      personStatus: people.status,
      timeZone: people.timeZone,
      name: people.name,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(
        eq(enrolments.organisationId, organisationId),
        eq(enrolments.programId, programId),
        eq(enrolments.personId, personId),
        eq(enrolments.role, role),
      ),
    );
  return row ?? null;
}

export async function findPersonZone(db: Db, organisationId: string, personId: string) {
  const [row] = await db
    .select({ timeZone: people.timeZone })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.id, personId)));
  return row?.timeZone ?? null;
}

// ── Settings ─────────────────────────────────────────────────────────────────────────────────────────────────────

export async function findSettings(db: Db, mentorEnrolmentId: string): Promise<FlashSettingsRow | null> {
  const [row] = await db
    .select()
    .from(flashMentorSettings)
    .where(eq(flashMentorSettings.mentorEnrolmentId, mentorEnrolmentId));
  return row ?? null;
}

/** The mentor's settings row, created with defaults the first time, locked for the caller's transaction. */
export async function lockSettings(
  tx: Db,
  defaults: { mentorEnrolmentId: string; organisationId: string; programId: string; timeZone: string },
): Promise<FlashSettingsRow> {
  await tx.insert(flashMentorSettings).values(defaults).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(flashMentorSettings)
    .where(eq(flashMentorSettings.mentorEnrolmentId, defaults.mentorEnrolmentId))
    .for('update');
  return row!;
}

export async function updateSettings(
  tx: Db,
  mentorEnrolmentId: string,
  values: { monthlyCap: number; timeZone: string; updatedAt: Date },
) {
  const [row] = await tx
    .update(flashMentorSettings)
    .set(values)
    .where(eq(flashMentorSettings.mentorEnrolmentId, mentorEnrolmentId))
    .returning();
  return row!;
}

// ── Patterns ─────────────────────────────────────────────────────────────────────────────────────────────────────

export function listPatterns(db: Db, mentorEnrolmentId: string) {
  return db
    .select()
    .from(flashPatterns)
    .where(eq(flashPatterns.mentorEnrolmentId, mentorEnrolmentId))
    .orderBy(asc(flashPatterns.weekday), asc(flashPatterns.startTime), asc(flashPatterns.createdAt));
}

export async function insertPattern(tx: Db, values: typeof flashPatterns.$inferInsert) {
  const [row] = await tx.insert(flashPatterns).values(values).returning();
  return row!;
}

export async function findPattern(db: Db, mentorEnrolmentId: string, id: string) {
  const [row] = await db
    .select()
    .from(flashPatterns)
    .where(and(eq(flashPatterns.mentorEnrolmentId, mentorEnrolmentId), eq(flashPatterns.id, id)));
  return row ?? null;
}

export async function deletePattern(tx: Db, id: string) {
  await tx.delete(flashPatterns).where(eq(flashPatterns.id, id));
}

/** Mentors with at least one weekly pattern (in an organisation, or everywhere), for the top-up. */
export async function listMentorsWithPatterns(db: Db, organisationId?: string | null) {
  const rows = await db
    .selectDistinct({
      mentorEnrolmentId: flashPatterns.mentorEnrolmentId,
      organisationId: flashPatterns.organisationId,
      programId: flashPatterns.programId,
    })
    .from(flashPatterns)
    .where(organisationId ? eq(flashPatterns.organisationId, organisationId) : undefined);
  return rows;
}

// ── Slots ────────────────────────────────────────────────────────────────────────────────────────────────────────

/** A mentor's slots that are not cancelled and end after `from` (overlap checks, the availability page). */
export function listLiveSlots(db: Db, mentorEnrolmentId: string, from: Date, limit = 1000) {
  return db
    .select({ slot: flashSlots, bookerName: people.name })
    .from(flashSlots)
    .leftJoin(people, eq(people.id, flashSlots.bookedByPersonId))
    .where(
      and(
        eq(flashSlots.mentorEnrolmentId, mentorEnrolmentId),
        ne(flashSlots.status, 'cancelled'),
        sql`${flashSlots.startsAt} + make_interval(mins => ${flashSlots.durationMinutes}) > ${from.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(flashSlots.startsAt))
    .limit(limit);
}

/** Starts of a mentor's slots in a window, cancelled ones included (a pattern never brings back a cancelled slot). */
export async function listSlotStarts(db: Db, mentorEnrolmentId: string, from: Date, to: Date) {
  const rows = await db
    .select({
      startsAt: flashSlots.startsAt,
      durationMinutes: flashSlots.durationMinutes,
      status: flashSlots.status,
    })
    .from(flashSlots)
    .where(
      and(
        eq(flashSlots.mentorEnrolmentId, mentorEnrolmentId),
        gte(flashSlots.startsAt, new Date(from.getTime() - 24 * 3600_000)),
        lt(flashSlots.startsAt, to),
      ),
    );
  return rows;
}

export async function insertSlots(tx: Db, values: (typeof flashSlots.$inferInsert)[]) {
  if (values.length === 0) return [];
  // Two top-ups at once: the unique (mentor, start) among live slots keeps one.
  return tx.insert(flashSlots).values(values).onConflictDoNothing().returning();
}

export async function findSlot(db: Db, organisationId: string, id: string): Promise<FlashSlotRow | null> {
  const [row] = await db
    .select()
    .from(flashSlots)
    .where(and(eq(flashSlots.organisationId, organisationId), eq(flashSlots.id, id)));
  return row ?? null;
}

export async function cancelOpenSlot(tx: Db, id: string, now: Date) {
  const [row] = await tx
    .update(flashSlots)
    .set({ status: 'cancelled', updatedAt: now })
    .where(and(eq(flashSlots.id, id), eq(flashSlots.status, 'open')))
    .returning();
  return row ?? null;
}

export async function cancelFutureOpenSlotsOfPattern(tx: Db, patternId: string, now: Date) {
  const rows = await tx
    .update(flashSlots)
    .set({ status: 'cancelled', updatedAt: now })
    .where(
      and(eq(flashSlots.patternId, patternId), eq(flashSlots.status, 'open'), gt(flashSlots.startsAt, now)),
    )
    .returning({ id: flashSlots.id });
  return rows.length;
}

/**
 * Take an open, future slot: the one statement that decides a race. Of any number of concurrent bookings exactly
 * one finds it open; the others get nothing back.
 */
export async function bookOpenSlot(
  tx: Db,
  id: string,
  values: { bookedByPersonId: string; topic: string; agenda: string; now: Date },
): Promise<FlashSlotRow | null> {
  const [row] = await tx
    .update(flashSlots)
    .set({
      status: 'booked',
      bookedByPersonId: values.bookedByPersonId,
      topic: values.topic,
      agenda: values.agenda,
      bookedAt: values.now,
      updatedAt: values.now,
    })
    .where(and(eq(flashSlots.id, id), eq(flashSlots.status, 'open'), gt(flashSlots.startsAt, values.now)))
    .returning();
  return row ?? null;
}

export async function setSlotRelationship(tx: Db, id: string, relationshipId: string) {
  await tx.update(flashSlots).set({ relationshipId }).where(eq(flashSlots.id, id));
}

/** Booked sessions of a mentor starting in [start, end). */
export async function countBookedBetween(tx: Db, mentorEnrolmentId: string, start: Date, end: Date) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(flashSlots)
    .where(
      and(
        eq(flashSlots.mentorEnrolmentId, mentorEnrolmentId),
        eq(flashSlots.status, 'booked'),
        gte(flashSlots.startsAt, start),
        lt(flashSlots.startsAt, end),
      ),
    );
  return Number(row?.n ?? 0);
}

/** A session the person booked, or holds as the mentor, that overlaps [start, end). */
export async function findPersonSessionBetween(tx: Db, personId: string, start: Date, end: Date) {
  const [row] = await tx
    .select()
    .from(flashSlots)
    .where(
      and(
        eq(flashSlots.status, 'booked'),
        sql`(${flashSlots.bookedByPersonId} = ${personId} or ${flashSlots.mentorPersonId} = ${personId})`,
        lt(flashSlots.startsAt, end),
        sql`${flashSlots.startsAt} + make_interval(mins => ${flashSlots.durationMinutes}) > ${start.toISOString()}::timestamptz`,
      ),
    )
    .limit(1);
  return row ?? null;
}

// ── Search ───────────────────────────────────────────────────────────────────────────────────────────────────────

export interface MentorSearchRow {
  enrolmentId: string;
  personId: string;
  name: string;
  title: string | null;
  department: string | null;
  skillsOffered: unknown;
  openSlots: number;
  total: number;
}

/**
 * Approved mentors of the program (active people), filtered by a skill they offer and by words in their name, title
 * or skills; those with open future slots first, then by name. One statement with the total.
 */
export async function searchMentors(
  db: Db,
  input: {
    organisationId: string;
    programId: string;
    now: Date;
    skill?: string | undefined;
    q?: string | undefined;
    excludePersonId?: string | null;
    limit: number;
    offset: number;
  },
): Promise<MentorSearchRow[]> {
  const skillFilter = input.skill
    ? sql`and exists (select 1 from jsonb_array_elements_text(coalesce(e.profile -> 'skillsOffered', '[]'::jsonb)) s
        where lower(trim(s)) = lower(${input.skill}))`
    : sql``;
  const words = input.q ? likeContaining(input.q.toLowerCase()) : null;
  const wordFilter = words
    ? sql`and (lower(p.name) like ${words} or lower(coalesce(p.title, '')) like ${words}
        or lower(coalesce(e.profile ->> 'skillsOffered', '')) like ${words})`
    : sql``;
  const exclude = input.excludePersonId ? sql`and p.id <> ${input.excludePersonId}` : sql``;
  const result = await db.execute(sql`
    with m as (
      select e.id as "enrolmentId", p.id as "personId", p.name, p.title, p.department,
        coalesce(e.profile -> 'skillsOffered', '[]'::jsonb) as "skillsOffered",
        (select count(*)::int from flash_slots fs
          where fs.mentor_enrolment_id = e.id and fs.status = 'open'
            and fs.starts_at > ${input.now.toISOString()}::timestamptz) as "openSlots"
      from enrolments e join people p on p.id = e.person_id
      where e.organisation_id = ${input.organisationId} and e.program_id = ${input.programId}
        and e.role = 'mentor' and e.status = 'approved' and p.status = 'active'
        ${skillFilter} ${wordFilter} ${exclude}
    )
    select *, count(*) over ()::int as total from m
    order by ("openSlots" > 0) desc, name, "enrolmentId"
    limit ${input.limit} offset ${input.offset}`);
  return rowsOf<MentorSearchRow>(result);
}

/** The soonest open future slots of each mentor, at most `perMentor` each. */
export async function nextOpenSlots(
  db: Db,
  mentorEnrolmentIds: readonly string[],
  now: Date,
  perMentor: number,
) {
  if (mentorEnrolmentIds.length === 0) return [];
  const rows = await db
    .select()
    .from(flashSlots)
    .where(
      and(
        inArray(flashSlots.mentorEnrolmentId, [...mentorEnrolmentIds]),
        eq(flashSlots.status, 'open'),
        gt(flashSlots.startsAt, now),
      ),
    )
    .orderBy(asc(flashSlots.startsAt));
  const taken = new Map<string, number>();
  return rows.filter((row) => {
    const n = taken.get(row.mentorEnrolmentId) ?? 0;
    taken.set(row.mentorEnrolmentId, n + 1);
    return n < perMentor;
  });
}

// ── Sessions ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface SessionRow {
  slotId: string;
  relationshipId: string | null;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  topic: string | null;
  agenda: string;
  bookedAt: Date;
  mentorPersonId: string;
  mentorName: string | null;
  bookedByPersonId: string | null;
  bookerName: string | null;
  relationshipStatus: string | null;
  total: number;
}

/** The person's booked sessions in a program (as the mentor or the one who booked), soonest or latest first. */
export async function listSessions(
  db: Db,
  input: {
    organisationId: string;
    programId: string;
    personId: string;
    when: 'upcoming' | 'past' | 'all';
    now: Date;
    limit: number;
    offset: number;
  },
): Promise<SessionRow[]> {
  const now = input.now.toISOString();
  const when =
    input.when === 'upcoming'
      ? sql`and fs.starts_at + make_interval(mins => fs.duration_minutes) > ${now}::timestamptz`
      : input.when === 'past'
        ? sql`and fs.starts_at + make_interval(mins => fs.duration_minutes) <= ${now}::timestamptz`
        : sql``;
  const order = input.when === 'past' ? sql`fs.starts_at desc` : sql`fs.starts_at asc`;
  const result = await db.execute(sql`
    select fs.id as "slotId", fs.relationship_id as "relationshipId", fs.starts_at as "startsAt",
      fs.duration_minutes as "durationMinutes", fs.time_zone as "timeZone", fs.topic, fs.agenda,
      fs.booked_at as "bookedAt", fs.mentor_person_id as "mentorPersonId", mp.name as "mentorName",
      fs.booked_by_person_id as "bookedByPersonId", bp.name as "bookerName", r.status as "relationshipStatus",
      count(*) over ()::int as total
    from flash_slots fs
    join people mp on mp.id = fs.mentor_person_id
    left join people bp on bp.id = fs.booked_by_person_id
    left join relationships r on r.id = fs.relationship_id
    where fs.organisation_id = ${input.organisationId} and fs.program_id = ${input.programId}
      and fs.status = 'booked'
      and (fs.mentor_person_id = ${input.personId} or fs.booked_by_person_id = ${input.personId})
      ${when}
    order by ${order}, fs.id
    limit ${input.limit} offset ${input.offset}`);
  return rowsOf<Record<string, unknown>>(result).map((row) => ({
    ...(row as unknown as SessionRow),
    startsAt: new Date(row.startsAt as string),
    bookedAt: new Date(row.bookedAt as string),
  }));
}

// ── Staff's card ─────────────────────────────────────────────────────────────────────────────────────────────────

export async function programSummary(db: Db, organisationId: string, programId: string, now: Date) {
  const at = now.toISOString();
  const [counts] = rowsOf<{ booked: number; upcoming: number; held: number }>(
    await db.execute(sql`
      select count(*)::int as booked,
        (count(*) filter (where fs.starts_at > ${at}::timestamptz))::int as upcoming,
        (select count(distinct m.relationship_id)::int from meetings m
          join flash_slots h on h.relationship_id = m.relationship_id
          where h.program_id = ${programId} and h.organisation_id = ${organisationId} and m.status = 'held') as held
      from flash_slots fs
      where fs.organisation_id = ${organisationId} and fs.program_id = ${programId} and fs.status = 'booked'`),
  );
  const ratings = rowsOf<{ role: string; average: number | null; n: number }>(
    await db.execute(sql`
      select mf.role, avg(mf.rating)::float as average, count(*)::int as n
      from meeting_feedback mf
      join relationships r on r.id = mf.relationship_id
      where mf.organisation_id = ${organisationId} and mf.program_id = ${programId} and r.origin = 'flash'
      group by mf.role`),
  );
  const topics = rowsOf<{ topic: string; sessions: number }>(
    await db.execute(sql`
      select min(trim(fs.topic)) as topic, count(*)::int as sessions
      from flash_slots fs
      where fs.organisation_id = ${organisationId} and fs.program_id = ${programId} and fs.status = 'booked'
        and coalesce(trim(fs.topic), '') <> ''
      group by lower(trim(fs.topic))
      order by sessions desc, topic
      limit 10`),
  );
  const mentors = rowsOf<{ enrolmentId: string; personId: string; name: string; openSlots: number }>(
    await db.execute(sql`
      select fs.mentor_enrolment_id as "enrolmentId", p.id as "personId", p.name, count(*)::int as "openSlots"
      from flash_slots fs join people p on p.id = fs.mentor_person_id
      where fs.organisation_id = ${organisationId} and fs.program_id = ${programId} and fs.status = 'open'
        and fs.starts_at > ${at}::timestamptz
      group by fs.mentor_enrolment_id, p.id, p.name
      order by "openSlots" desc, p.name
      limit 50`),
  );
  return { counts: counts ?? { booked: 0, upcoming: 0, held: 0 }, ratings, topics, mentors };
}

// ── Closing ──────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Active flash relationships due to close at `now`: both sides rated the session's meeting, or the program's
 * closing days have passed since the session ended.
 */
export async function listDueFlashRelationships(
  db: Db,
  now: Date,
  limit: number,
  organisationId?: string | null,
) {
  const org = organisationId ? sql`and r.organisation_id = ${organisationId}` : sql``;
  const result = await db.execute(sql`
    select r.id, r.organisation_id as "organisationId"
    from relationships r
    join flash_slots fs on fs.relationship_id = r.id
    join programs pr on pr.id = r.program_id
    where r.status = 'active' and r.origin = 'flash' ${org}
      and (
        fs.starts_at + make_interval(mins => fs.duration_minutes) + make_interval(days => pr.flash_close_days)
          <= ${now.toISOString()}::timestamptz
        or (select count(distinct mf.person_id) from meeting_feedback mf where mf.relationship_id = r.id) >= 2
      )
    order by r.id
    limit ${limit}`);
  return rowsOf<{ id: string; organisationId: string }>(result);
}

/** The session slot of a flash relationship. */
export async function findSlotOfRelationship(db: Db, relationshipId: string) {
  const [row] = await db.select().from(flashSlots).where(eq(flashSlots.relationshipId, relationshipId));
  return row ?? null;
}

/** A mentor's enrolment with their person and program status, for the pattern top-up. */
export async function findMentorForTopUp(db: Db, mentorEnrolmentId: string) {
  const result = await db.execute(sql`
    select e.status, e.person_id as "personId", p.status as "personStatus", p.time_zone as "timeZone",
      pr.status as "programStatus"
    from enrolments e join people p on p.id = e.person_id join programs pr on pr.id = e.program_id
    where e.id = ${mentorEnrolmentId}`);
  return (
    rowsOf<{
      status: string;
      personId: string;
      personStatus: string;
      timeZone: string | null;
      programStatus: string;
    }>(result)[0] ?? null
  );
}
