import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { CareerEventValues } from '../../../core/people/career-events.ts';
import type { ExistingPerson } from '../../../core/people/import-rows.ts';
import type { Db } from '../../db/client.ts';
import { careerEvents, organisations, peopleImports } from '../../db/schema.ts';

export type ImportRow = typeof peopleImports.$inferSelect;

export async function insertImport(db: Db, values: typeof peopleImports.$inferInsert): Promise<ImportRow> {
  const [row] = await db.insert(peopleImports).values(values).returning();
  return row!;
}

export async function updateImport(
  db: Db,
  id: string,
  values: Partial<typeof peopleImports.$inferInsert>,
): Promise<ImportRow> {
  const [row] = await db.update(peopleImports).set(values).where(eq(peopleImports.id, id)).returning();
  return row!;
}

export async function findImport(db: Db, organisationId: string, id: string): Promise<ImportRow | null> {
  const rows = await db
    .select()
    .from(peopleImports)
    .where(and(eq(peopleImports.organisationId, organisationId), eq(peopleImports.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function listImports(
  db: Db,
  organisationId: string,
  limit: number,
  offset: number,
  kind?: 'people' | 'career_events',
) {
  const where = and(
    eq(peopleImports.organisationId, organisationId),
    kind ? eq(peopleImports.kind, kind) : undefined,
  );
  const rows = await db
    .select()
    .from(peopleImports)
    .where(where)
    .orderBy(desc(peopleImports.createdAt), desc(peopleImports.id))
    .limit(limit)
    .offset(offset);
  const [{ total }] = (await db.select({ total: count() }).from(peopleImports).where(where)) as [
    { total: number },
  ];
  return { rows, total: Number(total) };
}

/**
 * Every person an import can match (erased people keep no keys to match on). The rows come back as one JSON text
 * built by the database: one value to decode instead of 14 per person through the driver and the ORM's row mapping,
 * which cost seconds for 50,000 people (PGlite decodes every field in JavaScript).
 */
export async function loadExistingPeople(db: Db, organisationId: string): Promise<ExistingPerson[]> {
  const result = await db.execute(sql`
    select coalesce(json_agg(json_build_array(id, hris_id, email, name, title, department, job_function, level,
      location, time_zone, languages, hire_date, status, manager_id, demographics)), '[]')::text as people
    from people where organisation_id = ${organisationId} and status <> 'erased'`);
  const [row] = (result as unknown as { rows: { people: string }[] }).rows;
  const tuples = JSON.parse(row?.people ?? '[]') as [
    string,
    string | null,
    string,
    string,
    string | null,
    string | null,
    string | null,
    number | null,
    string | null,
    string | null,
    string[] | null,
    string | null,
    string,
    string | null,
    Record<string, string> | null,
  ][];
  const existing: ExistingPerson[] = new Array(tuples.length);
  for (let i = 0; i < tuples.length; i++) {
    const t = tuples[i]!;
    existing[i] = {
      id: t[0],
      hrisId: t[1],
      email: t[2],
      name: t[3],
      title: t[4],
      department: t[5],
      jobFunction: t[6],
      level: t[7],
      location: t[8],
      timeZone: t[9],
      languages: t[10] ?? [],
      hireDate: t[11],
      status: t[12] === 'inactive' ? 'inactive' : 'active',
      managerId: t[13],
      demographics: t[14],
    };
  }
  return existing;
}

export async function listOrganisations(db: Db) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      slug: organisations.slug,
      isDemo: organisations.isDemo,
    })
    .from(organisations)
    .orderBy(organisations.createdAt);
}

/** The people a career events file may name: HRIS id and lower-case email → id (erased people are gone). */
export async function careerPeopleIndex(db: Db, organisationId: string) {
  const rows = await db.execute(sql`
    select id, hris_id, lower(email) as email from people
    where organisation_id = ${organisationId} and status <> 'erased'`);
  const byHrisId = new Map<string, string>();
  const byEmail = new Map<string, string>();
  for (const row of (rows as unknown as { rows: { id: string; hris_id: string | null; email: string }[] })
    .rows) {
    if (row.hris_id) byHrisId.set(row.hris_id, row.id);
    byEmail.set(row.email, row.id);
  }
  return { byHrisId, byEmail };
}

/** The events already recorded for these (person, kind, day) keys, to tell new, changed and unchanged apart. */
export async function existingCareerEvents(db: Db, organisationId: string, events: CareerEventValues[]) {
  if (events.length === 0) return [];
  const keys = JSON.stringify(
    events.map((e) => ({ person_id: e.personId, kind: e.kind, effective_on: e.effectiveOn })),
  );
  const result = await db.execute(sql`
    select c.person_id, c.kind, c.effective_on::text as effective_on, c.exit_type, c.from_value, c.to_value
    from career_events c
    join json_to_recordset(${keys}::json) as k (person_id uuid, kind text, effective_on date)
      on c.person_id = k.person_id and c.kind = k.kind and c.effective_on = k.effective_on
    where c.organisation_id = ${organisationId}`);
  return (
    result as unknown as {
      rows: {
        person_id: string;
        kind: string;
        effective_on: string;
        exit_type: string | null;
        from_value: string | null;
        to_value: string | null;
      }[];
    }
  ).rows;
}

/**
 * Write events, one set-based statement: a (person, kind, day) already recorded takes the new values (an import
 * corrects its own history), so importing the same events again changes nothing.
 */
export async function upsertCareerEvents(
  db: Db,
  organisationId: string,
  events: CareerEventValues[],
  source: 'csv' | 'people_import' | 'demo',
  importId: string | null,
  now: Date,
) {
  if (events.length === 0) return;
  const records = JSON.stringify(
    events.map((e) => ({
      person_id: e.personId,
      kind: e.kind,
      effective_on: e.effectiveOn,
      exit_type: e.exitType,
      from_value: e.fromValue,
      to_value: e.toValue,
    })),
  );
  await db.execute(sql`
    insert into career_events (organisation_id, person_id, kind, effective_on, exit_type, from_value, to_value,
      source, import_id, created_at)
    select ${organisationId}::uuid, t.person_id, t.kind, t.effective_on, t.exit_type, t.from_value, t.to_value,
      ${source}, ${importId}::uuid, ${now.toISOString()}::timestamptz
    from json_to_recordset(${records}::json)
      as t (person_id uuid, kind text, effective_on date, exit_type text, from_value text, to_value text)
    on conflict (organisation_id, person_id, kind, effective_on) do update set
      exit_type = excluded.exit_type, from_value = excluded.from_value, to_value = excluded.to_value,
      source = excluded.source, import_id = excluded.import_id
    where (career_events.exit_type, career_events.from_value, career_events.to_value)
      is distinct from (excluded.exit_type, excluded.from_value, excluded.to_value)`);
}

/** One person's career events, oldest first. */
export async function careerEventsOfPerson(db: Db, organisationId: string, personId: string) {
  return db
    .select()
    .from(careerEvents)
    .where(and(eq(careerEvents.organisationId, organisationId), eq(careerEvents.personId, personId)))
    .orderBy(careerEvents.effectiveOn, careerEvents.kind);
}

export async function personExists(db: Db, organisationId: string, personId: string): Promise<boolean> {
  const rows = await db.execute(
    sql`select 1 from people where organisation_id = ${organisationId} and id = ${personId} and status <> 'erased'`,
  );
  return (rows as unknown as { rows: unknown[] }).rows.length > 0;
}
