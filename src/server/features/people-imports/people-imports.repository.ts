import { and, count, desc, eq, ne, sql } from 'drizzle-orm';
import type { ExistingPerson, PlannedPerson } from '../../../core/people/import-rows.ts';
import type { Db } from '../../db/client.ts';
import { organisations, people, peopleImports } from '../../db/schema.ts';

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

/** Every person an import can match (erased people keep no keys to match on). */
export async function loadExistingPeople(db: Db, organisationId: string): Promise<ExistingPerson[]> {
  const rows = await db
    .select({
      id: people.id,
      hrisId: people.hrisId,
      email: people.email,
      name: people.name,
      title: people.title,
      department: people.department,
      jobFunction: people.jobFunction,
      level: people.level,
      location: people.location,
      timeZone: people.timeZone,
      languages: people.languages,
      hireDate: people.hireDate,
      status: people.status,
      managerId: people.managerId,
    })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), ne(people.status, 'erased')));
  return rows.map((row) => ({ ...row, status: row.status === 'inactive' ? 'inactive' : 'active' }));
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
