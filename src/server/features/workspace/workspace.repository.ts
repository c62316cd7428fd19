import { and, asc, count, desc, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  actionItems,
  agreementVersions,
  enrolments,
  goalMilestones,
  goals,
  meetings,
  notes,
  people,
  programs,
} from '../../db/schema.ts';

/**
 * The overview reads the other workspace features' tables directly (read-only): one page needs a little of each,
 * and going through each feature's service would authorise the same pair six times.
 */

export async function findPerson(db: Db, organisationId: string, personId: string) {
  const rows = await db
    .select()
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.id, personId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findEnrolmentProfile(db: Db, enrolmentId: string): Promise<unknown> {
  const rows = await db
    .select({ profile: enrolments.profile })
    .from(enrolments)
    .where(eq(enrolments.id, enrolmentId))
    .limit(1);
  return rows[0]?.profile ?? null;
}

export async function findProgramFacts(db: Db, programId: string) {
  const rows = await db
    .select({
      id: programs.id,
      name: programs.name,
      meetingCadence: programs.meetingCadence,
      relationshipMonths: programs.relationshipMonths,
      endsOn: programs.endsOn,
    })
    .from(programs)
    .where(eq(programs.id, programId))
    .limit(1);
  return rows[0] ?? null;
}

/** The newest agreement version's signatures, or null when the pair saved none yet. */
export async function latestAgreement(db: Db, relationshipId: string) {
  const rows = await db
    .select({
      version: agreementVersions.version,
      mentorSignedAt: agreementVersions.mentorSignedAt,
      menteeSignedAt: agreementVersions.menteeSignedAt,
      createdAt: agreementVersions.createdAt,
    })
    .from(agreementVersions)
    .where(eq(agreementVersions.relationshipId, relationshipId))
    .orderBy(desc(agreementVersions.version))
    .limit(1);
  return rows[0] ?? null;
}

export async function goalCountsByStatus(db: Db, relationshipId: string) {
  return db
    .select({ status: goals.status, n: count() })
    .from(goals)
    .where(eq(goals.relationshipId, relationshipId))
    .groupBy(goals.status);
}

/** Qualified on purpose: drizzle leaves columns unqualified in a one-table select, and a subquery would then
 * read its own `id`. */
const goalId = sql.raw('"goals"."id"');

/** Goals with their milestone counts: open ones first (done and dropped last), then in the pair's order. */
export async function goalSummaries(db: Db, relationshipId: string, limit: number) {
  return db
    .select({
      id: goals.id,
      title: goals.title,
      status: goals.status,
      dueOn: goals.dueOn,
      progressMode: goals.progressMode,
      progressPercent: goals.progressPercent,
      milestonesTotal:
        sql<number>`(select count(*) from ${goalMilestones} where ${goalMilestones.goalId} = ${goalId})`.mapWith(
          Number,
        ),
      milestonesReached:
        sql<number>`(select count(*) from ${goalMilestones} where ${goalMilestones.goalId} = ${goalId} and ${goalMilestones.reachedAt} is not null)`.mapWith(
          Number,
        ),
    })
    .from(goals)
    .where(eq(goals.relationshipId, relationshipId))
    .orderBy(
      sql`case when ${goals.status} in ('done', 'dropped') then 1 else 0 end`,
      asc(goals.position),
      asc(goals.createdAt),
    )
    .limit(limit);
}

/** A scheduled meeting that has not finished yet. */
const upcoming = (now: Date): SQL =>
  and(
    eq(meetings.status, 'scheduled'),
    sql`${meetings.startsAt} + ${meetings.durationMinutes} * interval '1 minute' > ${now.toISOString()}::timestamptz`,
  )!;

export async function nextMeeting(db: Db, relationshipId: string, now: Date) {
  const rows = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.relationshipId, relationshipId), upcoming(now)))
    .orderBy(asc(meetings.startsAt))
    .limit(1);
  return rows[0] ?? null;
}

export async function meetingCounts(db: Db, relationshipId: string, now: Date) {
  const [row] = await db
    .select({
      upcoming: sql<number>`count(*) filter (where ${upcoming(now)})`.mapWith(Number),
      held: sql<number>`count(*) filter (where ${meetings.status} = 'held')`.mapWith(Number),
      // When the last held meeting took place, not when someone marked it held (often days later).
      lastHeldAt:
        sql<Date | null>`max(${meetings.startsAt}) filter (where ${meetings.status} = 'held')`.mapWith(
          meetings.startsAt,
        ),
    })
    .from(meetings)
    .where(eq(meetings.relationshipId, relationshipId));
  return { upcoming: row?.upcoming ?? 0, held: row?.held ?? 0, lastHeldAt: row?.lastHeldAt ?? null };
}

export async function openActionItems(db: Db, relationshipId: string, today: string, limit: number) {
  const open = and(eq(actionItems.relationshipId, relationshipId), isNull(actionItems.doneAt));
  const [items, [counts]] = await Promise.all([
    db
      .select({
        id: actionItems.id,
        title: actionItems.title,
        dueOn: actionItems.dueOn,
        meetingId: actionItems.meetingId,
        ownerPersonId: actionItems.ownerPersonId,
        ownerName: people.name,
      })
      .from(actionItems)
      .leftJoin(people, eq(people.id, actionItems.ownerPersonId))
      .where(open)
      .orderBy(sql`${actionItems.dueOn} asc nulls last`, asc(actionItems.createdAt), asc(actionItems.id))
      .limit(limit),
    db
      .select({
        open: count(),
        overdue: sql<number>`count(*) filter (where ${actionItems.dueOn} < ${today}::date)`.mapWith(Number),
      })
      .from(actionItems)
      .where(open),
  ]);
  return { items, open: Number(counts?.open ?? 0), overdue: counts?.overdue ?? 0 };
}

/** What one side may read of the pair's notes: every shared note and their own private ones — never the partner's. */
const readableNotes = (relationshipId: string, personId: string): SQL =>
  and(
    eq(notes.relationshipId, relationshipId),
    or(
      eq(notes.visibility, 'shared'),
      and(eq(notes.visibility, 'private'), eq(notes.authorPersonId, personId)),
    ),
  )!;

export async function noteCounts(db: Db, relationshipId: string, personId: string) {
  const [row] = await db
    .select({
      shared: sql<number>`count(*) filter (where ${notes.visibility} = 'shared')`.mapWith(Number),
      mine: sql<number>`count(*) filter (where ${notes.visibility} = 'private')`.mapWith(Number),
    })
    .from(notes)
    .where(readableNotes(relationshipId, personId));
  return { shared: row?.shared ?? 0, myPrivate: row?.mine ?? 0 };
}

/** The latest readable notes, with the first characters of the body only. */
export async function recentNotes(
  db: Db,
  relationshipId: string,
  personId: string,
  limit: number,
  chars: number,
) {
  return db
    .select({
      id: notes.id,
      visibility: notes.visibility,
      authorPersonId: notes.authorPersonId,
      authorName: people.name,
      excerpt: sql<string>`left(${notes.body}, ${chars})`,
      length: sql<number>`char_length(${notes.body})`.mapWith(Number),
      meetingId: notes.meetingId,
      createdAt: notes.createdAt,
      updatedAt: notes.updatedAt,
    })
    .from(notes)
    .innerJoin(people, eq(people.id, notes.authorPersonId))
    .where(readableNotes(relationshipId, personId))
    .orderBy(desc(notes.createdAt), desc(notes.id))
    .limit(limit);
}

export interface TimelineRow {
  source: 'workspace' | 'relationship';
  seq: number;
  kind: string;
  summary: string;
  reason: string | null;
  details: unknown;
  fromStatus: string | null;
  toStatus: string | null;
  subjectId: string | null;
  actorPersonId: string | null;
  actorName: string | null;
  at: Date;
}

/**
 * The pair's workspace activity merged with the relationship's status history, newest first. One UNION ALL so the
 * page boundaries are right however the two interleave.
 */
export async function timeline(
  db: Db,
  organisationId: string,
  relationshipId: string,
  limit: number,
  offset: number,
): Promise<{ rows: TimelineRow[]; total: number }> {
  const union = sql`
    select 'workspace' as source, wa.id::float8 as seq, wa.kind as kind, wa.summary as summary,
      null::text as reason, null::jsonb as details, null::text as from_status, null::text as to_status,
      wa.subject_id::text as subject_id, wa.actor_person_id::text as actor_person_id, p.name as actor_name,
      (extract(epoch from wa.created_at) * 1000)::float8 as at_ms
    from workspace_activity wa
    left join people p on p.id = wa.actor_person_id
    where wa.organisation_id = ${organisationId} and wa.relationship_id = ${relationshipId}
    union all
    select 'relationship', re.id::float8, coalesce(re.details->>'kind', 'change'), '',
      re.reason, re.details, re.from_status, re.to_status,
      null::text, u.person_id::text, u.name,
      (extract(epoch from re.created_at) * 1000)::float8
    from relationship_events re
    left join users u on u.id = re.actor_user_id
    where re.organisation_id = ${organisationId} and re.relationship_id = ${relationshipId}`;
  const [page, totals] = await Promise.all([
    db.execute(
      sql`select * from (${union}) t order by at_ms desc, source desc, seq desc limit ${limit} offset ${offset}`,
    ),
    db.execute(sql`select count(*)::float8 as total from (${union}) t`),
  ]);
  const rows = (page as unknown as { rows: Record<string, unknown>[] }).rows.map(
    (row): TimelineRow => ({
      source: row.source === 'relationship' ? 'relationship' : 'workspace',
      seq: Number(row.seq),
      kind: String(row.kind),
      summary: String(row.summary ?? ''),
      reason: (row.reason as string | null) ?? null,
      details: typeof row.details === 'string' ? JSON.parse(row.details) : (row.details ?? null),
      fromStatus: (row.from_status as string | null) ?? null,
      toStatus: (row.to_status as string | null) ?? null,
      subjectId: (row.subject_id as string | null) ?? null,
      actorPersonId: (row.actor_person_id as string | null) ?? null,
      actorName: (row.actor_name as string | null) ?? null,
      at: new Date(Number(row.at_ms)),
    }),
  );
  const total = Number((totals as unknown as { rows: { total: unknown }[] }).rows[0]?.total ?? 0);
  return { rows, total };
}
