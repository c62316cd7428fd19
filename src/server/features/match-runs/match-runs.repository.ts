import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { neutralShareThreshold } from '../../../core/matching/neutral-share.ts';
import { fullScore } from '../../../core/matching/scoring-scale.ts';
import type { Db } from '../../db/client.ts';
import {
  enrolments,
  matchRunPairs,
  matchRuns,
  people,
  programQuestions,
  relationships,
} from '../../db/schema.ts';
import { likeContaining } from '../../db/sql-text.ts';

export type MatchRunRow = typeof matchRuns.$inferSelect;
export type MatchRunPairRow = typeof matchRunPairs.$inferSelect;

/** A new run numbered next in its program; the advisory lock makes concurrent creations take turns. */
export async function insertRun(
  db: Db,
  values: Omit<typeof matchRuns.$inferInsert, 'number'>,
): Promise<MatchRunRow> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`match_runs:${values.programId}`}))`);
  const [{ next }] = (await db
    .select({ next: sql<number>`coalesce(max(${matchRuns.number}), 0) + 1`.mapWith(Number) })
    .from(matchRuns)
    .where(eq(matchRuns.programId, values.programId))) as [{ next: number }];
  const [row] = await db
    .insert(matchRuns)
    .values({ ...values, number: next })
    .returning();
  return row!;
}

export async function findRun(
  db: Db,
  organisationId: string,
  programId: string,
  runId: string,
  options: { forUpdate?: boolean } = {},
): Promise<MatchRunRow | null> {
  const query = db
    .select()
    .from(matchRuns)
    .where(
      and(
        eq(matchRuns.organisationId, organisationId),
        eq(matchRuns.programId, programId),
        eq(matchRuns.id, runId),
      ),
    )
    .limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0] ?? null;
}

/** A run by id alone: for the job, which carries only the id (the row holds its organisation). */
export async function findRunById(db: Db, runId: string): Promise<MatchRunRow | null> {
  const rows = await db.select().from(matchRuns).where(eq(matchRuns.id, runId)).limit(1);
  return rows[0] ?? null;
}

export async function listRuns(db: Db, organisationId: string, programId: string) {
  return db
    .select()
    .from(matchRuns)
    .where(and(eq(matchRuns.organisationId, organisationId), eq(matchRuns.programId, programId)))
    .orderBy(desc(matchRuns.number));
}

export async function updateRun(db: Db, runId: string, patch: Partial<typeof matchRuns.$inferInsert>) {
  await db.update(matchRuns).set(patch).where(eq(matchRuns.id, runId));
}

export interface NewPair {
  menteeEnrolmentId: string;
  mentorEnrolmentId: string | null;
  score: number | null;
  locked: boolean;
  source: 'solver' | 'edit';
  reason: unknown;
  /** A matched pair's explanation as scored (match-run-scoring.ts `storedExplanation`); null when unmatched. */
  explanation: unknown;
}

const pairColumns = sql.raw(
  '(mentee_enrolment_id uuid, mentor_enrolment_id uuid, score integer, locked boolean, source text, reason jsonb, ' +
    'explanation jsonb)',
);

/**
 * Replace the pairs of a run. One JSON parameter per batch of 5,000 rows, expanded by json_to_recordset: a
 * statement per batch instead of per row, and clear of the 65,535-parameter limit of multi-row VALUES.
 */
export async function replacePairs(
  db: Db,
  organisationId: string,
  runId: string,
  pairs: readonly NewPair[],
  onBatch?: (done: number) => Promise<void>,
) {
  await db.delete(matchRunPairs).where(eq(matchRunPairs.runId, runId));
  for (let start = 0; start < pairs.length; start += 5000) {
    const batch = pairs.slice(start, start + 5000).map((pair) => ({
      mentee_enrolment_id: pair.menteeEnrolmentId,
      mentor_enrolment_id: pair.mentorEnrolmentId,
      score: pair.score,
      locked: pair.locked,
      source: pair.source,
      reason: pair.reason ?? null,
      explanation: pair.explanation ?? null,
    }));
    await db.execute(sql`
      insert into match_run_pairs (organisation_id, run_id, mentee_enrolment_id, mentor_enrolment_id, score, locked,
        source, reason, explanation)
      select ${organisationId}::uuid, ${runId}::uuid, t.mentee_enrolment_id, t.mentor_enrolment_id, t.score, t.locked,
        t.source, t.reason, t.explanation
      from json_to_recordset(${JSON.stringify(batch)}::json) as t ${pairColumns}`);
    await onBatch?.(Math.min(pairs.length, start + 5000));
  }
}

/** Every pair of a run (for re-runs, edits' capacity checks and publishing). */
export async function listAllPairs(db: Db, runId: string) {
  return db
    .select({
      menteeEnrolmentId: matchRunPairs.menteeEnrolmentId,
      mentorEnrolmentId: matchRunPairs.mentorEnrolmentId,
      score: matchRunPairs.score,
      locked: matchRunPairs.locked,
      source: matchRunPairs.source,
    })
    .from(matchRunPairs)
    .where(eq(matchRunPairs.runId, runId));
}

/** The matched pairs of a run with their stored explanations (for the notices of a publish). */
export async function listMatchedPairExplanations(db: Db, runId: string) {
  return db
    .select({
      menteeEnrolmentId: matchRunPairs.menteeEnrolmentId,
      mentorEnrolmentId: matchRunPairs.mentorEnrolmentId,
      explanation: matchRunPairs.explanation,
    })
    .from(matchRunPairs)
    .where(and(eq(matchRunPairs.runId, runId), isNotNull(matchRunPairs.mentorEnrolmentId)));
}

export async function findPair(db: Db, runId: string, menteeEnrolmentId: string) {
  const rows = await db
    .select()
    .from(matchRunPairs)
    .where(and(eq(matchRunPairs.runId, runId), eq(matchRunPairs.menteeEnrolmentId, menteeEnrolmentId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function updatePair(
  db: Db,
  runId: string,
  menteeEnrolmentId: string,
  patch: Partial<
    Pick<MatchRunPairRow, 'mentorEnrolmentId' | 'score' | 'locked' | 'source' | 'reason' | 'explanation'>
  >,
) {
  await db
    .update(matchRunPairs)
    .set(patch)
    .where(and(eq(matchRunPairs.runId, runId), eq(matchRunPairs.menteeEnrolmentId, menteeEnrolmentId)));
}

/** Mentees paired with this mentor in the run (optionally not counting some mentees). */
export async function countMentorPairs(
  db: Db,
  runId: string,
  mentorEnrolmentId: string,
  exceptMentees: string[] = [],
) {
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(matchRunPairs)
    .where(
      and(
        eq(matchRunPairs.runId, runId),
        eq(matchRunPairs.mentorEnrolmentId, mentorEnrolmentId),
        exceptMentees.length > 0 ? notInArray(matchRunPairs.menteeEnrolmentId, exceptMentees) : undefined,
      ),
    )) as [{ n: number }];
  return n;
}

/** Counts and scores of a run's pairs, in one pass of SQL. */
export async function aggregatePairs(db: Db, runId: string) {
  const [totals] = (await db
    .select({
      mentees: sql<number>`count(*)`.mapWith(Number),
      matched: sql<number>`count(${matchRunPairs.mentorEnrolmentId})`.mapWith(Number),
      meanScore: sql<
        number | null
      >`avg(${matchRunPairs.score}) filter (where ${matchRunPairs.mentorEnrolmentId} is not null)`.mapWith(
        (value) => (value === null ? null : Number(value)),
      ),
      lowestScore: sql<
        number | null
      >`min(${matchRunPairs.score}) filter (where ${matchRunPairs.mentorEnrolmentId} is not null)`,
      locked: sql<number>`count(*) filter (where ${matchRunPairs.locked})`.mapWith(Number),
      edited: sql<number>`count(*) filter (where ${matchRunPairs.source} = 'edit')`.mapWith(Number),
      restingOnNeutral:
        sql<number>`count(*) filter (where ${matchRunPairs.mentorEnrolmentId} is not null and ${neutralShareColumn} > ${fullScore * neutralShareThreshold})`.mapWith(
          Number,
        ),
    })
    .from(matchRunPairs)
    .where(eq(matchRunPairs.runId, runId))) as [
    {
      mentees: number;
      matched: number;
      meanScore: number | null;
      lowestScore: number | null;
      locked: number;
      edited: number;
      restingOnNeutral: number;
    },
  ];
  const reasons = await db
    .select({
      code: sql<string>`coalesce(${matchRunPairs.reason}->>'code', 'unknown')`,
      n: sql<number>`count(*)`.mapWith(Number),
    })
    .from(matchRunPairs)
    .where(and(eq(matchRunPairs.runId, runId), isNull(matchRunPairs.mentorEnrolmentId)))
    .groupBy(sql`1`);
  return { ...totals, lowestScore: totals.lowestScore === null ? null : Number(totals.lowestScore), reasons };
}

const menteeEnrolment = alias(enrolments, 'mentee_enrolment');
const mentorEnrolment = alias(enrolments, 'mentor_enrolment');
const menteePerson = alias(people, 'mentee_person');
const mentorPerson = alias(people, 'mentor_person');

/** A matched pair's stored share of neutral points (0–10000), null when stored before it was kept. */
const neutralShareColumn = sql<number | null>`(${matchRunPairs.explanation}->>'neutralShare')::int`.mapWith(
  (value) => (value === null ? null : Number(value)),
);

interface PairPageInput {
  runId: string;
  filter: 'all' | 'matched' | 'unmatched' | 'locked' | 'neutral';
  sort: 'score' | 'mentee' | 'mentor';
  order: 'asc' | 'desc';
  q?: string;
  limit: number;
  offset: number;
}

/** One page of a run's pairs with both names; filtering, sorting and counting happen in the database. */
export async function pagePairs(db: Db, input: PairPageInput) {
  const pattern = input.q ? likeContaining(input.q.toLowerCase()) : null;
  const where = and(
    eq(matchRunPairs.runId, input.runId),
    input.filter === 'matched' ? isNotNull(matchRunPairs.mentorEnrolmentId) : undefined,
    input.filter === 'unmatched' ? isNull(matchRunPairs.mentorEnrolmentId) : undefined,
    input.filter === 'locked' ? eq(matchRunPairs.locked, true) : undefined,
    input.filter === 'neutral'
      ? sql`${matchRunPairs.mentorEnrolmentId} is not null and ${neutralShareColumn} > ${fullScore * neutralShareThreshold}`
      : undefined,
    pattern
      ? sql`(lower(${menteePerson.name}) like ${pattern} or lower(${mentorPerson.name}) like ${pattern})`
      : undefined,
  );
  const direction = input.order === 'asc' ? asc : desc;
  const orderBy =
    input.sort === 'score'
      ? [
          input.order === 'asc'
            ? sql`${matchRunPairs.score} asc nulls first`
            : sql`${matchRunPairs.score} desc nulls last`,
        ]
      : input.sort === 'mentee'
        ? [direction(menteePerson.name)]
        : [direction(mentorPerson.name), asc(menteePerson.name)];
  const base = () =>
    db
      .select({
        id: matchRunPairs.id,
        menteeEnrolmentId: matchRunPairs.menteeEnrolmentId,
        menteePersonId: menteeEnrolment.personId,
        menteeName: menteePerson.name,
        menteeTitle: menteePerson.title,
        menteeDepartment: menteePerson.department,
        mentorEnrolmentId: matchRunPairs.mentorEnrolmentId,
        mentorPersonId: mentorEnrolment.personId,
        mentorName: mentorPerson.name,
        mentorTitle: mentorPerson.title,
        mentorDepartment: mentorPerson.department,
        score: matchRunPairs.score,
        locked: matchRunPairs.locked,
        source: matchRunPairs.source,
        reason: matchRunPairs.reason,
        neutralShare: neutralShareColumn,
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(matchRunPairs)
      .innerJoin(menteeEnrolment, eq(menteeEnrolment.id, matchRunPairs.menteeEnrolmentId))
      .innerJoin(menteePerson, eq(menteePerson.id, menteeEnrolment.personId))
      .leftJoin(mentorEnrolment, eq(mentorEnrolment.id, matchRunPairs.mentorEnrolmentId))
      .leftJoin(mentorPerson, eq(mentorPerson.id, mentorEnrolment.personId));
  if (input.sort === 'score' && !pattern) {
    // Sorting by score needs no names: page and count on the pairs table alone, then join names for one page.
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(matchRunPairs)
      .where(where)) as [{ n: number }];
    const page = await db
      .select({ id: matchRunPairs.id })
      .from(matchRunPairs)
      .where(where)
      .orderBy(...orderBy, asc(matchRunPairs.id))
      .limit(input.limit)
      .offset(input.offset);
    if (page.length === 0) return { rows: [], total: n };
    const found = await base().where(
      inArray(
        matchRunPairs.id,
        page.map((row) => row.id),
      ),
    );
    const byId = new Map(found.map((row) => [row.id, row]));
    return { rows: page.map((row) => byId.get(row.id)!), total: n };
  }
  const rows = await base()
    .where(where)
    .orderBy(...orderBy, asc(matchRunPairs.id))
    .limit(input.limit)
    .offset(input.offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && input.offset > 0) {
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(matchRunPairs)
      .innerJoin(menteeEnrolment, eq(menteeEnrolment.id, matchRunPairs.menteeEnrolmentId))
      .innerJoin(menteePerson, eq(menteePerson.id, menteeEnrolment.personId))
      .leftJoin(mentorEnrolment, eq(mentorEnrolment.id, matchRunPairs.mentorEnrolmentId))
      .leftJoin(mentorPerson, eq(mentorPerson.id, mentorEnrolment.personId))
      .where(where)) as [{ n: number }];
    total = n;
  }
  return { rows, total };
}

interface ChangedPairRow {
  mentee_enrolment_id: string;
  mentee_person_id: string;
  mentee_name: string;
  before_enrolment_id: string | null;
  before_person_id: string | null;
  before_name: string | null;
  after_enrolment_id: string | null;
  after_person_id: string | null;
  after_name: string | null;
  score_before: number | null;
  score_after: number | null;
  total: number | string;
}

/** Mentees whose mentor differs between two runs of a program, with both mentors' names. */
export async function pageChangedPairs(db: Db, runA: string, runB: string, limit: number, offset: number) {
  const result = await db.execute<Record<string, unknown>>(sql`
    with a as (select mentee_enrolment_id, mentor_enrolment_id, score from match_run_pairs where run_id = ${runA}),
    b as (select mentee_enrolment_id, mentor_enrolment_id, score from match_run_pairs where run_id = ${runB}),
    changed as (
      select coalesce(a.mentee_enrolment_id, b.mentee_enrolment_id) as mentee, a.mentor_enrolment_id as before,
        b.mentor_enrolment_id as after, a.score as score_before, b.score as score_after
      from a full join b on a.mentee_enrolment_id = b.mentee_enrolment_id
      where a.mentor_enrolment_id is distinct from b.mentor_enrolment_id)
    select c.mentee as mentee_enrolment_id, me.person_id as mentee_person_id, mp.name as mentee_name,
      c.before as before_enrolment_id, be.person_id as before_person_id, bp.name as before_name,
      c.after as after_enrolment_id, ae.person_id as after_person_id, ap.name as after_name,
      c.score_before, c.score_after, count(*) over () as total
    from changed c
      join enrolments me on me.id = c.mentee join people mp on mp.id = me.person_id
      left join enrolments be on be.id = c.before left join people bp on bp.id = be.person_id
      left join enrolments ae on ae.id = c.after left join people ap on ap.id = ae.person_id
    order by mp.name, c.mentee
    limit ${limit} offset ${offset}`);
  const rows = (result as unknown as { rows: ChangedPairRow[] }).rows;
  return { rows, total: rows.length > 0 ? Number(rows[0]!.total) : 0 };
}

/** Matched pairs of the run with no stored explanation (a run solved before explanations were stored). */
export async function countPairsWithoutExplanation(db: Db, runId: string): Promise<number> {
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(matchRunPairs)
    .where(
      and(
        eq(matchRunPairs.runId, runId),
        isNotNull(matchRunPairs.mentorEnrolmentId),
        isNull(matchRunPairs.explanation),
      ),
    )) as [{ n: number }];
  return n;
}

/** Every pair of the run with both people's names and emails, by mentee name: for the pairs export. */
export async function listPairsForExport(db: Db, runId: string) {
  return db
    .select({
      menteeEnrolmentId: matchRunPairs.menteeEnrolmentId,
      menteeName: menteePerson.name,
      menteeEmail: menteePerson.email,
      mentorEnrolmentId: matchRunPairs.mentorEnrolmentId,
      mentorName: mentorPerson.name,
      mentorEmail: mentorPerson.email,
      score: matchRunPairs.score,
      locked: matchRunPairs.locked,
      source: matchRunPairs.source,
      reason: matchRunPairs.reason,
      explanation: matchRunPairs.explanation,
    })
    .from(matchRunPairs)
    .innerJoin(menteeEnrolment, eq(menteeEnrolment.id, matchRunPairs.menteeEnrolmentId))
    .innerJoin(menteePerson, eq(menteePerson.id, menteeEnrolment.personId))
    .leftJoin(mentorEnrolment, eq(mentorEnrolment.id, matchRunPairs.mentorEnrolmentId))
    .leftJoin(mentorPerson, eq(mentorPerson.id, mentorEnrolment.personId))
    .where(eq(matchRunPairs.runId, runId))
    .orderBy(asc(menteePerson.name), asc(matchRunPairs.id));
}

/**
 * Person pairs that already had a relationship in this program (§4 hard rule), as [menteeId, mentorId]; with
 * `createdBefore`, only relationships that existed by then (a run's explanation as it was solved).
 */
export async function listPreviousPersonPairs(
  db: Db,
  organisationId: string,
  programId: string,
  createdBefore?: Date,
) {
  const rows = await db
    .selectDistinct({ mentee: relationships.menteePersonId, mentor: relationships.mentorPersonId })
    .from(relationships)
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        eq(relationships.programId, programId),
        notInArray(relationships.status, ['declined', 'expired', 'withdrawn']),
        createdBefore ? lt(relationships.createdAt, createdBefore) : undefined,
      ),
    );
  return rows.map((row) => [row.mentee, row.mentor] as [string, string]);
}

/** Mentee enrolments that already hold a mentor in this program (active, or proposed and waiting). */
export async function listPairedMenteeEnrolments(db: Db, organisationId: string, programId: string) {
  const rows = await db
    .selectDistinct({ id: relationships.menteeEnrolmentId })
    .from(relationships)
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        eq(relationships.programId, programId),
        inArray(relationships.status, ['active', 'proposed']),
      ),
    );
  return new Set(rows.map((row) => row.id));
}

/** Places held per mentor enrolment by existing relationships of the program, taken under a row lock. */
export async function lockMentorLoads(db: Db, organisationId: string, programId: string) {
  // Lock the program's mentor enrolments so a concurrent accept or publish counts after us.
  await db.execute(
    sql`select id from ${enrolments} where ${enrolments.organisationId} = ${organisationId}
      and ${enrolments.programId} = ${programId} and ${enrolments.role} = 'mentor' order by ${enrolments.id} for update`,
  );
  const rows = await db
    .select({
      mentorEnrolmentId: relationships.mentorEnrolmentId,
      held: sql<number>`count(*)`.mapWith(Number),
    })
    .from(relationships)
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        eq(relationships.programId, programId),
        sql`(${relationships.status} = 'active' or (${relationships.status} = 'proposed' and ${relationships.origin} <> 'request'))`,
      ),
    )
    .groupBy(relationships.mentorEnrolmentId);
  return new Map(rows.map((row) => [row.mentorEnrolmentId, row.held]));
}

/** Ids of the program's form questions that feed the `answers` criterion. */
export async function listMatchingQuestionIds(db: Db, programId: string) {
  const rows = await db
    .select({ id: programQuestions.id })
    .from(programQuestions)
    .where(and(eq(programQuestions.programId, programId), eq(programQuestions.useInMatching, true)));
  return rows.map((row) => row.id);
}

/**
 * Per program: solved runs not published, newer than the program's last published run (an older draft was passed
 * over), with the newest of them: one grouped query.
 */
export async function listRunsReadyToPublish(db: Db, organisationId: string, programIds: readonly string[]) {
  if (programIds.length === 0) return [];
  return db
    .select({
      programId: matchRuns.programId,
      count: sql<number>`count(*)`.mapWith(Number),
      newestId: sql<string>`(array_agg(${matchRuns.id} order by ${matchRuns.number} desc))[1]`,
      newestNumber: sql<number>`max(${matchRuns.number})`.mapWith(Number),
      oldest: sql<Date>`min(coalesce(${matchRuns.finishedAt}, ${matchRuns.createdAt}))`.mapWith(
        matchRuns.createdAt,
      ),
    })
    .from(matchRuns)
    .where(
      and(
        eq(matchRuns.organisationId, organisationId),
        inArray(matchRuns.programId, [...programIds]),
        eq(matchRuns.status, 'draft'),
        // The outer run's program: inside the subquery the table goes by `p`, so `match_runs` names the outer one.
        sql`${matchRuns.number} > coalesce((select max(p.number) from ${matchRuns} p where p.program_id = ${matchRuns.programId} and p.status = 'published'), 0)`,
      ),
    )
    .groupBy(matchRuns.programId);
}
