import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { ExistingPerson, PlannedPerson } from '../../../core/people/import-rows.ts';
import type { Db } from '../../db/client.ts';
import { organisations, peopleImports } from '../../db/schema.ts';

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

export async function listImports(db: Db, organisationId: string, limit: number, offset: number) {
  const rows = await db
    .select()
    .from(peopleImports)
    .where(eq(peopleImports.organisationId, organisationId))
    .orderBy(desc(peopleImports.createdAt), desc(peopleImports.id))
    .limit(limit)
    .offset(offset);
  const [{ total }] = (await db
    .select({ total: count() })
    .from(peopleImports)
    .where(eq(peopleImports.organisationId, organisationId))) as [{ total: number }];
  return { rows, total: Number(total) };
}

/** Serialise imports and manager edits of one organisation (same key as the people feature uses). */
export async function lockHierarchy(db: Db, organisationId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`people:${organisationId}`}))`);
}

/**
 * Every person an import can match (erased people keep no keys to match on). The rows come back as one JSON text
 * built by the database: one value to decode instead of 14 per person through the driver and the ORM's row mapping,
 * which cost seconds for 50,000 people (PGlite decodes every field in JavaScript).
 */
export async function loadExistingPeople(db: Db, organisationId: string): Promise<ExistingPerson[]> {
  const result = await db.execute(sql`
    select coalesce(json_agg(json_build_array(id, hris_id, email, name, title, department, job_function, level,
      location, time_zone, languages, hire_date, status, manager_id)), '[]')::text as people
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
    };
  }
  return existing;
}

// One JSON parameter per statement, expanded set-based by json_to_recordset: far faster than a statement per row,
// and free of the 65,535-parameter limit of multi-row VALUES.
const recordColumns = sql.raw(`(id uuid, hris_id text, email text, name text, title text, department text,
  job_function text, manager_id uuid, level integer, location text, time_zone text, languages text[], hire_date date, status text)`);

function asRecords(rows: PlannedPerson[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      hris_id: row.hrisId,
      email: row.email,
      name: row.name,
      title: row.title,
      department: row.department,
      job_function: row.jobFunction,
      manager_id: row.managerId,
      level: row.level,
      location: row.location,
      time_zone: row.timeZone,
      languages: row.languages,
      hire_date: row.hireDate,
      status: row.status,
    })),
  );
}

export async function insertPeople(db: Db, organisationId: string, rows: PlannedPerson[], now: Date) {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into people (id, organisation_id, hris_id, email, name, title, department, job_function, manager_id,
      level, location, time_zone, languages, hire_date, status, created_at, updated_at)
    select t.id, ${organisationId}::uuid, t.hris_id, t.email, t.name, t.title, t.department, t.job_function,
      t.manager_id, t.level,
      t.location, t.time_zone, coalesce(t.languages, '{}'), t.hire_date, t.status, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from json_to_recordset(${asRecords(rows)}::json) as t ${recordColumns}`);
}

export async function updatePeople(db: Db, organisationId: string, rows: PlannedPerson[], now: Date) {
  if (rows.length === 0) return;
  await db.execute(sql`
    update people p set hris_id = t.hris_id, email = t.email, name = t.name, title = t.title,
      department = t.department, job_function = t.job_function, level = t.level, location = t.location,
      time_zone = t.time_zone, languages = coalesce(t.languages, '{}'), hire_date = t.hire_date, status = t.status,
      updated_at = ${now.toISOString()}::timestamptz
    from json_to_recordset(${asRecords(rows)}::json) as t ${recordColumns}
    where p.id = t.id and p.organisation_id = ${organisationId}`);
}

/** Second pass, for existing people only: once every new row exists, point each at its new manager. */
export async function setManagers(
  db: Db,
  organisationId: string,
  changes: { id: string; managerId: string | null }[],
  now: Date,
) {
  if (changes.length === 0) return;
  await db.execute(sql`
    update people p set manager_id = t.manager_id, updated_at = ${now.toISOString()}::timestamptz
    from json_to_recordset(${JSON.stringify(changes.map((c) => ({ id: c.id, manager_id: c.managerId })))}::json)
      as t (id uuid, manager_id uuid)
    where p.id = t.id and p.organisation_id = ${organisationId}`);
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
