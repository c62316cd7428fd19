import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias, unionAll } from 'drizzle-orm/pg-core';
import { meetingHelpedOptions } from '../../../contracts/workspace-shapes.contracts.ts';
import type { Db } from '../../db/client.ts';
import {
  meetingFeedback,
  people,
  programCoordinators,
  programs,
  relationships,
  surveyResponses,
  users,
} from '../../db/schema.ts';

export type SurveyResponseRow = typeof surveyResponses.$inferSelect;
export type NewSurveyResponse = typeof surveyResponses.$inferInsert;

/** Every answer of one relationship (both sides, every kind); the service shows the caller only their own. */
export async function listResponsesOfRelationship(db: Db, relationshipId: string) {
  return db.select().from(surveyResponses).where(eq(surveyResponses.relationshipId, relationshipId));
}

/** Insert one answer; null when this person already answered this kind for this relationship. */
export async function insertResponse(db: Db, values: NewSurveyResponse): Promise<SurveyResponseRow | null> {
  const rows = await db.insert(surveyResponses).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

/** Clear the words of every survey answer a person gave (the scores stay); returns how many answers. */
export async function clearAnswerWordsOf(db: Db, organisationId: string, personId: string): Promise<number> {
  const rows = await db
    .update(surveyResponses)
    // Self-ratings of skills are scores, not words: they stay.
    .set({
      comment: '',
      shareComment: false,
      answers: sql`case when jsonb_typeof(${surveyResponses.answers} -> 'skills') = 'object'
        then jsonb_build_object('skills', ${surveyResponses.answers} -> 'skills') else '{}'::jsonb end`,
    })
    .where(and(eq(surveyResponses.organisationId, organisationId), eq(surveyResponses.personId, personId)))
    .returning({ id: surveyResponses.id });
  return rows.length;
}

/** Mark an answer resolved; null when someone else resolved it first. */
export async function markResolved(
  db: Db,
  id: string,
  userId: string,
  at: Date,
): Promise<SurveyResponseRow | null> {
  const rows = await db
    .update(surveyResponses)
    .set({ resolvedAt: at, resolvedByUserId: userId })
    .where(and(eq(surveyResponses.id, id), isNull(surveyResponses.resolvedAt)))
    .returning();
  return rows[0] ?? null;
}

/** People to tell about an answer that needs attention: the program's coordinators and the organisation's admins. */
export async function staffPersonIds(db: Db, organisationId: string, programId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ personId: users.personId })
    .from(users)
    .where(
      and(
        eq(users.organisationId, organisationId),
        isNotNull(users.personId),
        ne(users.status, 'disabled'),
        or(
          eq(users.role, 'admin'),
          inArray(
            users.id,
            db
              .select({ userId: programCoordinators.userId })
              .from(programCoordinators)
              .where(eq(programCoordinators.programId, programId)),
          ),
        ),
      ),
    );
  return rows.map((row) => row.personId).filter((id): id is string => id !== null);
}

// ── Aggregates for program staff ─────────────────────────────────────────────────────────────────────────────────

const ratingCounts = (
  column: SQL.Aliased | typeof meetingFeedback.rating | typeof surveyResponses.rating,
) => ({
  r1: sql<number>`count(*) filter (where ${column} = 1)`.mapWith(Number),
  r2: sql<number>`count(*) filter (where ${column} = 2)`.mapWith(Number),
  r3: sql<number>`count(*) filter (where ${column} = 3)`.mapWith(Number),
  r4: sql<number>`count(*) filter (where ${column} = 4)`.mapWith(Number),
  r5: sql<number>`count(*) filter (where ${column} = 5)`.mapWith(Number),
});

/** Meeting ratings of the program: count, sum, distribution and "what helped" counts. */
export async function meetingFeedbackStats(db: Db, programId: string) {
  const helped = Object.fromEntries(
    meetingHelpedOptions.map((option) => [
      option,
      sql<number>`count(*) filter (where ${option} = any(${meetingFeedback.helped}))`.mapWith(Number),
    ]),
  ) as Record<(typeof meetingHelpedOptions)[number], SQL<number>>;
  const [row] = await db
    .select({
      count: count(),
      sum: sql<number>`coalesce(sum(${meetingFeedback.rating}), 0)`.mapWith(Number),
      ...ratingCounts(meetingFeedback.rating),
      ...helped,
    })
    .from(meetingFeedback)
    .where(eq(meetingFeedback.programId, programId));
  return row!;
}

/** Check-in or closing answers of the program: count, sum, distribution, flags and NPS groups. */
export async function surveyStats(db: Db, programId: string, kind: 'check_in' | 'closing') {
  const [row] = await db
    .select({
      count: count(),
      sum: sql<number>`coalesce(sum(${surveyResponses.rating}), 0)`.mapWith(Number),
      ...ratingCounts(surveyResponses.rating),
      rematchRequested: sql<number>`count(*) filter (where ${surveyResponses.rematchRequested})`.mapWith(
        Number,
      ),
      promoters: sql<number>`count(*) filter (where ${surveyResponses.nps} >= 9)`.mapWith(Number),
      passives: sql<number>`count(*) filter (where ${surveyResponses.nps} between 7 and 8)`.mapWith(Number),
      detractors: sql<number>`count(*) filter (where ${surveyResponses.nps} <= 6)`.mapWith(Number),
    })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.programId, programId), eq(surveyResponses.kind, kind)));
  return row!;
}

/**
 * Relationships of the program that were active when their check-in opened (started at least `days` ago and not
 * ended before the check-in opened), and how many check-in answers they received.
 */
export async function checkInCoverage(db: Db, programId: string, now: Date, days: number) {
  const opensAt = sql`${relationships.startedAt} + (${days} * interval '1 day')`;
  const eligible = and(
    eq(relationships.programId, programId),
    inArray(relationships.status, ['active', 'completed', 'ended_early']),
    isNotNull(relationships.startedAt),
    sql`${opensAt} <= ${now.toISOString()}::timestamptz`,
    or(isNull(relationships.endedAt), sql`${relationships.endedAt} >= ${opensAt}`),
  );
  const [row] = await db
    .select({
      relationships: sql<number>`count(distinct ${relationships.id})`.mapWith(Number),
      answers: sql<number>`count(${surveyResponses.id})`.mapWith(Number),
    })
    .from(relationships)
    .leftJoin(
      surveyResponses,
      and(eq(surveyResponses.relationshipId, relationships.id), eq(surveyResponses.kind, 'check_in')),
    )
    .where(eligible);
  return row!;
}

/** Comments their authors shared with staff (meeting feedback, check-ins, closing surveys), newest first. */
export async function listSharedComments(db: Db, programId: string, limit: number, offset: number) {
  const meetingComments = db
    .select({
      id: meetingFeedback.id,
      source: sql<string>`'meeting'`.as('source'),
      role: meetingFeedback.role,
      rating: meetingFeedback.rating,
      comment: meetingFeedback.comment,
      createdAt: meetingFeedback.createdAt,
    })
    .from(meetingFeedback)
    .where(
      and(
        eq(meetingFeedback.programId, programId),
        eq(meetingFeedback.shareComment, true),
        ne(meetingFeedback.comment, ''),
      ),
    );
  const surveyWhere = and(
    eq(surveyResponses.programId, programId),
    inArray(surveyResponses.kind, ['check_in', 'closing']),
    eq(surveyResponses.shareComment, true),
    ne(surveyResponses.comment, ''),
  );
  const surveyComments = db
    .select({
      id: surveyResponses.id,
      source: sql<string>`${surveyResponses.kind}`.as('source'),
      role: surveyResponses.role,
      rating: surveyResponses.rating,
      comment: surveyResponses.comment,
      createdAt: surveyResponses.createdAt,
    })
    .from(surveyResponses)
    .where(surveyWhere);
  const rows = await unionAll(surveyComments, meetingComments)
    .orderBy(sql`6 desc`, sql`1 desc`)
    .limit(limit)
    .offset(offset);
  const [[m], [s]] = await Promise.all([
    db
      .select({ n: count() })
      .from(meetingFeedback)
      .where(
        and(
          eq(meetingFeedback.programId, programId),
          eq(meetingFeedback.shareComment, true),
          ne(meetingFeedback.comment, ''),
        ),
      ),
    db.select({ n: count() }).from(surveyResponses).where(surveyWhere),
  ]);
  return { rows, total: Number(m?.n ?? 0) + Number(s?.n ?? 0) };
}

/** Answers that ask staff to act: a check-in with a fit of 1–2 or a rematch wish, and every rematch request. */
const flagged = or(
  eq(surveyResponses.kind, 'rematch_request'),
  and(
    eq(surveyResponses.kind, 'check_in'),
    or(eq(surveyResponses.rematchRequested, true), sql`${surveyResponses.rating} <= 2`),
  ),
)!;

const mentorPerson = alias(people, 'mentor_person');
const menteePerson = alias(people, 'mentee_person');
const resolver = alias(users, 'resolver');

function attentionSelect(db: Db) {
  return db
    .select({
      response: surveyResponses,
      relationship: {
        status: relationships.status,
        mentorPersonId: relationships.mentorPersonId,
        menteePersonId: relationships.menteePersonId,
        mentorEnrolmentId: relationships.mentorEnrolmentId,
        menteeEnrolmentId: relationships.menteeEnrolmentId,
      },
      programName: programs.name,
      mentorName: mentorPerson.name,
      menteeName: menteePerson.name,
      resolverName: resolver.name,
    })
    .from(surveyResponses)
    .innerJoin(relationships, eq(relationships.id, surveyResponses.relationshipId))
    .innerJoin(programs, eq(programs.id, surveyResponses.programId))
    .innerJoin(mentorPerson, eq(mentorPerson.id, relationships.mentorPersonId))
    .innerJoin(menteePerson, eq(menteePerson.id, relationships.menteePersonId))
    .leftJoin(resolver, eq(resolver.id, surveyResponses.resolvedByUserId));
}

/** A page of the program's flagged answers, newest first, with both people's names. */
export async function listAttention(
  db: Db,
  input: {
    organisationId: string;
    programId: string;
    status: 'open' | 'resolved' | 'all';
    limit: number;
    offset: number;
  },
) {
  const where = and(
    eq(surveyResponses.organisationId, input.organisationId),
    eq(surveyResponses.programId, input.programId),
    flagged,
    input.status === 'open'
      ? isNull(surveyResponses.resolvedAt)
      : input.status === 'resolved'
        ? isNotNull(surveyResponses.resolvedAt)
        : undefined,
  );
  const rows = await attentionSelect(db)
    .where(where)
    .orderBy(desc(surveyResponses.createdAt), desc(surveyResponses.id))
    .limit(input.limit)
    .offset(input.offset);
  const [row] = await db.select({ n: count() }).from(surveyResponses).where(where);
  return { rows, total: Number(row?.n ?? 0) };
}

export type AttentionRow = Awaited<ReturnType<typeof listAttention>>['rows'][number];

export async function countOpenAttention(db: Db, programId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.programId, programId), flagged, isNull(surveyResponses.resolvedAt)));
  return Number(row?.n ?? 0);
}

/** One flagged answer of the organisation as the attention list shows it, or null (also when it is not flagged). */
export async function findAttention(
  db: Db,
  organisationId: string,
  id: string,
): Promise<AttentionRow | null> {
  const rows = await attentionSelect(db)
    .where(and(eq(surveyResponses.organisationId, organisationId), eq(surveyResponses.id, id), flagged))
    .limit(1);
  return rows[0] ?? null;
}

// ── Reads for the caller's home ─────────────────────────────────────────────────────────────────────────────────

const answered = (kind: 'check_in' | 'closing', personId: string) =>
  sql`exists (select 1 from ${surveyResponses} where ${surveyResponses.relationshipId} = ${relationships.id} and ${surveyResponses.personId} = ${personId} and ${surveyResponses.kind} = ${kind})`;

function pairOfPerson(db: Db) {
  return db
    .select({
      relationshipId: relationships.id,
      programId: relationships.programId,
      programName: programs.name,
      surveySchedule: programs.surveySchedule,
      mentorPersonId: relationships.mentorPersonId,
      mentorName: mentorPerson.name,
      menteeName: menteePerson.name,
      startedAt: relationships.startedAt,
      endedAt: relationships.endedAt,
      status: relationships.status,
    })
    .from(relationships)
    .innerJoin(programs, eq(programs.id, relationships.programId))
    .innerJoin(mentorPerson, eq(mentorPerson.id, relationships.mentorPersonId))
    .innerJoin(menteePerson, eq(menteePerson.id, relationships.menteePersonId));
}

const sideOf = (personId: string) =>
  or(eq(relationships.mentorPersonId, personId), eq(relationships.menteePersonId, personId))!;

/** The person's active, started relationships without their check-in answer (whether it is open yet is the service's). */
export async function listUnansweredCheckIns(db: Db, organisationId: string, personId: string) {
  return pairOfPerson(db)
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        eq(relationships.status, 'active'),
        isNotNull(relationships.startedAt),
        sideOf(personId),
        sql`not ${answered('check_in', personId)}`,
      ),
    )
    .orderBy(asc(relationships.startedAt), asc(relationships.id));
}

/** The person's relationships that ended since `since` without their closing survey answer. */
export async function listUnansweredClosings(db: Db, organisationId: string, personId: string, since: Date) {
  return pairOfPerson(db)
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        inArray(relationships.status, ['completed', 'ended_early']),
        // A flash session's feedback is its meeting rating: no closing survey (decision 034).
        sql`${relationships.origin} <> 'flash'`,
        sql`${relationships.endedAt} >= ${since.toISOString()}::timestamptz`,
        sideOf(personId),
        sql`not ${answered('closing', personId)}`,
      ),
    )
    .orderBy(asc(relationships.endedAt), asc(relationships.id));
}

/** Open rematch wishes (requests, and check-ins asking for one) of each program: one grouped query. */
export async function countOpenRematchWishes(db: Db, organisationId: string, programIds: readonly string[]) {
  if (programIds.length === 0) return [];
  return db
    .select({
      programId: surveyResponses.programId,
      count: count(),
      oldest: sql<Date>`min(${surveyResponses.createdAt})`.mapWith(surveyResponses.createdAt),
    })
    .from(surveyResponses)
    .where(
      and(
        eq(surveyResponses.organisationId, organisationId),
        inArray(surveyResponses.programId, [...programIds]),
        isNull(surveyResponses.resolvedAt),
        or(
          eq(surveyResponses.kind, 'rematch_request'),
          and(eq(surveyResponses.kind, 'check_in'), eq(surveyResponses.rematchRequested, true)),
        ),
      ),
    )
    .groupBy(surveyResponses.programId);
}

// ── Check-in notices ─────────────────────────────────────────────────────────────────────────────────────────────

/** Programs with at least one active relationship, with their survey schedules. */
export async function listProgramsWithActivePairs(db: Db) {
  return db
    .select({
      id: programs.id,
      organisationId: programs.organisationId,
      name: programs.name,
      surveySchedule: programs.surveySchedule,
    })
    .from(programs)
    .where(
      sql`exists (select 1 from ${relationships} where ${relationships.programId} = ${programs.id} and ${relationships.status} = 'active')`,
    );
}

const answeredBy = (
  kind: 'check_in' | 'closing',
  side: SQL | typeof relationships.mentorPersonId | typeof relationships.menteePersonId,
) =>
  sql<boolean>`exists (select 1 from ${surveyResponses} where ${surveyResponses.relationshipId} = ${relationships.id} and ${surveyResponses.personId} = ${side} and ${surveyResponses.kind} = ${kind})`;

/** A program's active relationships that started in (after, upTo], with whether each side answered the check-in. */
export async function listActivePairsStartedBetween(db: Db, programId: string, after: Date, upTo: Date) {
  return db
    .select({
      relationshipId: relationships.id,
      organisationId: relationships.organisationId,
      programId: relationships.programId,
      mentorPersonId: relationships.mentorPersonId,
      menteePersonId: relationships.menteePersonId,
      mentorName: mentorPerson.name,
      menteeName: menteePerson.name,
      mentorAnswered: answeredBy('check_in', relationships.mentorPersonId),
      menteeAnswered: answeredBy('check_in', relationships.menteePersonId),
    })
    .from(relationships)
    .innerJoin(mentorPerson, eq(mentorPerson.id, relationships.mentorPersonId))
    .innerJoin(menteePerson, eq(menteePerson.id, relationships.menteePersonId))
    .where(
      and(
        eq(relationships.programId, programId),
        eq(relationships.status, 'active'),
        sql`${relationships.startedAt} > ${after.toISOString()}::timestamptz`,
        sql`${relationships.startedAt} <= ${upTo.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(relationships.startedAt), asc(relationships.id));
}
