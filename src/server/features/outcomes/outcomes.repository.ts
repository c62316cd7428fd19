import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * Reads for the outcomes (decision 018, 025): the organisation's directory, its HRIS career history, every start in
 * mentoring, survey self-ratings and self-described demographics — each in one set-based query, never one per
 * person (an organisation may hold 50,000 people). Dates come back as text and instants as epoch milliseconds, so
 * PGlite and PostgreSQL read the same.
 */

type Rows = Record<string, unknown>[];
const rowsOf = (result: unknown) => (result as { rows: Rows }).rows;

export interface DirectoryRow {
  id: string;
  department: string | null;
  jobFunction: string | null;
  level: number | null;
  /** YYYY-MM-DD */
  hireDate: string | null;
  status: string;
  /** When the row last changed (the day a leaver without an exit event was deactivated), epoch ms. */
  updatedAt: number;
}

/**
 * Many rows as one JSON array of arrays (a query selecting it as `j`), parsed here: for the organisation-wide reads (50,000 people) PGlite hands
 * over one text value about three times faster than as many rows (on PostgreSQL it is about the same).
 */
async function jsonRows(db: Db, query: SQL): Promise<unknown[][]> {
  const rows = rowsOf(await db.execute(query));
  return JSON.parse(String(rows[0]?.j ?? '[]')) as unknown[][];
}

/** The directory: what the outcome statistics need of every person. */
export async function listDirectory(db: Db, organisationId: string): Promise<DirectoryRow[]> {
  const rows = await jsonRows(
    db,
    sql`select coalesce(json_agg(json_build_array(id, department, job_function, level, hire_date::text, status,
          (extract(epoch from updated_at) * 1000)::float8)), '[]')::text as j
        from people where organisation_id = ${organisationId}`,
  );
  return rows.map(([id, department, jobFunction, level, hireDate, status, updatedAt]) => ({
    id: String(id),
    department: (department as string | null) ?? null,
    jobFunction: (jobFunction as string | null) ?? null,
    level: level === null || level === undefined ? null : Number(level),
    hireDate: (hireDate as string | null) ?? null,
    status: String(status),
    updatedAt: Number(updatedAt),
  }));
}

/**
 * A fingerprint of exactly what the outcome statistics read for the organisation — every directory column of
 * `listDirectory`, every event of `listCareerEvents`, every start of `listRelationshipStarts` — as row counts and sums
 * of 64-bit hashes of each row's text. Any insert, update or delete of those rows changes it (up to a hash
 * collision), so histories kept under a fingerprint can never be stale: the service computes it on every request
 * before reading, and reads again when it differs. One aggregate per table, no rows leave the database.
 */
export async function outcomeDataFingerprint(db: Db, organisationId: string): Promise<string> {
  const rows = rowsOf(
    await db.execute(sql`
      select
        (select count(*)::text || ':' || coalesce(sum(hashtextextended(
            row(id, department, job_function, level, hire_date, status, updated_at)::text, 0)), 0)::text
          from people where organisation_id = ${organisationId}) as people,
        (select count(*)::text || ':' || coalesce(sum(hashtextextended(
            row(person_id, kind, effective_on, from_value, to_value)::text, 0)), 0)::text
          from career_events
          where organisation_id = ${organisationId} and kind in ('hire', 'exit', 'promotion', 'level_change')) as events,
        (select count(*)::text || ':' || coalesce(sum(hashtextextended(
            row(program_id, mentor_person_id, mentee_person_id, started_at)::text, 0)), 0)::text
          from relationships where organisation_id = ${organisationId} and started_at is not null) as starts
    `),
  );
  const row = rows[0] ?? {};
  return `${row.people}|${row.events}|${row.starts}`;
}

export interface CareerEventRow {
  personId: string;
  kind: string;
  /** YYYY-MM-DD */
  effectiveOn: string;
  fromValue: string | null;
  toValue: string | null;
}

/** The events the histories are built from (hires, exits, promotions, level changes), by person and day. */
export async function listCareerEvents(db: Db, organisationId: string): Promise<CareerEventRow[]> {
  const rows = await jsonRows(
    db,
    sql`select coalesce(json_agg(json_build_array(person_id, kind, effective_on::text, from_value, to_value)
          order by person_id, effective_on, kind), '[]')::text as j
        from career_events
        where organisation_id = ${organisationId} and kind in ('hire', 'exit', 'promotion', 'level_change')`,
  );
  return rows.map(([personId, kind, effectiveOn, fromValue, toValue]) => ({
    personId: String(personId),
    kind: String(kind),
    effectiveOn: String(effectiveOn),
    fromValue: (fromValue as string | null) ?? null,
    toValue: (toValue as string | null) ?? null,
  }));
}

export async function hasCareerEvents(db: Db, organisationId: string): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(
      sql`select exists (select 1 from career_events where organisation_id = ${organisationId}) as has`,
    ),
  );
  return Boolean(rows[0]?.has);
}

export interface StartRow {
  programId: string;
  mentorPersonId: string;
  menteePersonId: string;
  /** epoch ms */
  startedAt: number;
}

/** Every relationship that started, in every program of the organisation. */
export async function listRelationshipStarts(db: Db, organisationId: string): Promise<StartRow[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select program_id, mentor_person_id, mentee_person_id, (extract(epoch from started_at) * 1000)::float8 as started_at
      from relationships
      where organisation_id = ${organisationId} and started_at is not null
    `),
  );
  return rows.map((r) => ({
    programId: String(r.program_id),
    mentorPersonId: String(r.mentor_person_id),
    menteePersonId: String(r.mentee_person_id),
    startedAt: Number(r.started_at),
  }));
}

export interface ProgramChoice {
  id: string;
  name: string;
  status: string;
}

/** Programs of the organisation (not drafts), all of them or those `userId` coordinates. */
export async function listProgramChoices(
  db: Db,
  organisationId: string,
  coordinatorUserId: string | null,
): Promise<ProgramChoice[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select p.id, p.name, p.status from programs p
      where p.organisation_id = ${organisationId}
        ${
          coordinatorUserId === null
            ? sql``
            : sql`and exists (select 1 from program_coordinators c where c.program_id = p.id and c.user_id = ${coordinatorUserId})`
        }
      order by lower(p.name), p.id
    `),
  );
  return rows.map((r) => ({ id: String(r.id), name: String(r.name), status: String(r.status) }));
}

export interface SkillRatingRow {
  personId: string;
  kind: 'check_in' | 'closing';
  relationshipId: string;
  /** epoch ms */
  createdAt: number;
  skills: Record<string, unknown>;
}

/** Check-in and closing answers of the program that carry self-ratings. */
export async function listSkillRatings(
  db: Db,
  organisationId: string,
  programId: string,
): Promise<SkillRatingRow[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select person_id, kind, relationship_id, (extract(epoch from created_at) * 1000)::float8 as created_at,
        answers -> 'skills' as skills
      from survey_responses
      where organisation_id = ${organisationId} and program_id = ${programId}
        and kind in ('check_in', 'closing') and jsonb_typeof(answers -> 'skills') = 'object'
      order by created_at, id
    `),
  );
  return rows.map((r) => ({
    personId: String(r.person_id),
    kind: r.kind as SkillRatingRow['kind'],
    relationshipId: String(r.relationship_id),
    createdAt: Number(r.created_at),
    skills: (typeof r.skills === 'string' ? JSON.parse(r.skills) : r.skills) as Record<string, unknown>,
  }));
}

export interface DemographicRow {
  id: string;
  status: string;
  /** The person's self-described value for the dimension, as text, or null. */
  value: string | null;
}

/** Every person's value for one self-described field (people without it read null). */
export async function listDemographic(
  db: Db,
  organisationId: string,
  dimension: string,
): Promise<DemographicRow[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select id, status,
        case when jsonb_typeof(demographics) = 'object' and jsonb_typeof(demographics -> ${dimension}) in ('string', 'number', 'boolean')
          then nullif(btrim(demographics ->> ${dimension}), '') end as value
      from people where organisation_id = ${organisationId}
    `),
  );
  return rows.map((r) => ({
    id: String(r.id),
    status: String(r.status),
    value: (r.value as string | null) ?? null,
  }));
}

/** The self-described fields present in the organisation, by name. */
export async function listDemographicFields(db: Db, organisationId: string): Promise<string[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select distinct k.key from people p, jsonb_object_keys(p.demographics) as k(key)
      where p.organisation_id = ${organisationId} and jsonb_typeof(p.demographics) = 'object'
      order by k.key limit 50
    `),
  );
  return rows.map((r) => String(r.key));
}

/** People enrolled (approved) in the programs, by role; `programId` null: every program. */
export async function listEnrolledPeople(
  db: Db,
  organisationId: string,
  programId: string | null,
  role: string,
): Promise<string[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select distinct person_id from enrolments
      where organisation_id = ${organisationId} and role = ${role} and status = 'approved'
        ${programId === null ? sql`` : sql`and program_id = ${programId}`}
    `),
  );
  return rows.map((r) => String(r.person_id));
}
