import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { ExistingPerson } from '../../../core/people/import-rows.ts';
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
