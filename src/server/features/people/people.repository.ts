import { and, asc, count, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { PlannedPerson } from '../../../core/people/import-rows.ts';
import type { Db } from '../../db/client.ts';
import { auditLog, people, users } from '../../db/schema.ts';
import { likeContaining } from '../../db/sql-text.ts';

export type PersonRow = typeof people.$inferSelect;
export type NewPersonRow = typeof people.$inferInsert;

interface PeopleFilter {
  organisationId: string;
  /** Words of a full-text search; each matches as a prefix. */
  words: string[];
  /** The raw search lower-cased, for substring matches (parts of an email). */
  phrase: string | null;
  department?: string;
  jobFunction?: string;
  level?: number;
  location?: string;
  managerId?: string;
  statuses: string[];
  sort: 'name' | 'email' | 'title' | 'department' | 'level' | 'location' | 'hireDate';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const searchVector = sql`to_tsvector('simple', coalesce(${people.name}, '') || ' ' || coalesce(${people.email}, '') || ' ' || coalesce(${people.title}, ''))`;

function filterConditions(filter: PeopleFilter): SQL[] {
  const conditions: SQL[] = [
    eq(people.organisationId, filter.organisationId),
    inArray(people.status, filter.statuses),
  ];
  if (filter.words.length > 0 || filter.phrase) {
    const parts: SQL[] = [];
    if (filter.words.length > 0) {
      const query = filter.words.map((word) => `${word}:*`).join(' & ');
      parts.push(sql`${searchVector} @@ to_tsquery('simple', ${query})`);
    }
    if (filter.phrase) parts.push(sql`${people.searchText} like ${likeContaining(filter.phrase)}`);
    conditions.push(sql`(${sql.join(parts, sql` or `)})`);
  }
  if (filter.department !== undefined) conditions.push(eq(people.department, filter.department));
  if (filter.jobFunction !== undefined) conditions.push(eq(people.jobFunction, filter.jobFunction));
  if (filter.level !== undefined) conditions.push(eq(people.level, filter.level));
  if (filter.location !== undefined) conditions.push(eq(people.location, filter.location));
  if (filter.managerId !== undefined) conditions.push(eq(people.managerId, filter.managerId));
  return conditions;
}

const sortColumns = {
  name: sql`lower(${people.name})`,
  email: sql`lower(${people.email})`,
  title: sql`lower(${people.title})`,
  department: sql`lower(${people.department})`,
  level: sql`${people.level}`,
  location: sql`lower(${people.location})`,
  hireDate: sql`${people.hireDate}`,
} as const;

/** The columns a directory row shows (reading every column of 25 rows costs PGlite more than finding them). */
const summaryColumns = {
  id: people.id,
  name: people.name,
  email: people.email,
  title: people.title,
  department: people.department,
  jobFunction: people.jobFunction,
  level: people.level,
  location: people.location,
  status: people.status,
  managerId: people.managerId,
};
export type PersonSummaryRow = Pick<PersonRow, keyof typeof summaryColumns>;

/** One page of people matching the filter, and how many match in all. */
export async function listPeople(
  db: Db,
  filter: PeopleFilter,
): Promise<{ rows: PersonSummaryRow[]; total: number }> {
  const where = and(...filterConditions(filter));
  const direction = filter.order === 'asc' ? sql`asc` : sql`desc`;
  // The page and the count in one round trip: the count is an uncorrelated sub-select, computed once. A page past
  // the end has no row to carry it, so only then is it asked for on its own.
  const found = await db
    .select({ person: summaryColumns, total: sql<number>`(select count(*) from ${people} where ${where})` })
    .from(people)
    .where(where)
    .orderBy(
      sql`${sortColumns[filter.sort]} ${direction} nulls last`,
      asc(sql`lower(${people.name})`),
      asc(people.id),
    )
    .limit(filter.limit)
    .offset(filter.offset);
  if (found.length > 0) return { rows: found.map((row) => row.person), total: Number(found[0]!.total) };
  if (filter.offset === 0) return { rows: [], total: 0 };
  const [{ total }] = (await db.select({ total: count() }).from(people).where(where)) as [{ total: number }];
  return { rows: [], total: Number(total) };
}

/** Distinct values of the filterable columns among the organisation's active people. */
export async function peopleFacets(db: Db, organisationId: string) {
  const scope = and(eq(people.organisationId, organisationId), eq(people.status, 'active'));
  const distinct = async (
    column: typeof people.department | typeof people.jobFunction | typeof people.location,
  ) =>
    (
      await db
        .selectDistinct({ value: column })
        .from(people)
        .where(and(scope, sql`${column} is not null`))
        .orderBy(column)
    ).map((row) => row.value as string);
  const levels = await db
    .selectDistinct({ value: people.level })
    .from(people)
    .where(and(scope, sql`${people.level} is not null`))
    .orderBy(people.level);
  return {
    departments: await distinct(people.department),
    jobFunctions: await distinct(people.jobFunction),
    locations: await distinct(people.location),
    levels: levels.map((row) => row.value as number),
  };
}

export async function findPerson(db: Db, organisationId: string, id: string): Promise<PersonRow | null> {
  const rows = await db
    .select()
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findPersonByEmail(db: Db, organisationId: string, email: string) {
  const rows = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), sql`lower(${people.email}) = lower(${email})`))
    .limit(1);
  return rows[0] ?? null;
}

export async function findPersonByHrisId(db: Db, organisationId: string, hrisId: string) {
  const rows = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.hrisId, hrisId)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * `chain(id, manager_id, depth, path)`: the managers above a person, depth 1 the nearest. The path array stops the
 * walk if the data ever holds a cycle (imports and edits refuse them, but a read must never loop).
 */
function managerChainCte(organisationId: string, personId: string): SQL {
  return sql`with recursive chain(id, manager_id, depth, path) as (
      select p.id, p.manager_id, 1, array[${personId}::uuid, p.id]
      from people p
      where p.organisation_id = ${organisationId}
        and p.id = (select manager_id from people where id = ${personId} and organisation_id = ${organisationId})
      union all
      select p.id, p.manager_id, c.depth + 1, c.path || p.id
      from chain c
      join people p on p.id = c.manager_id and p.organisation_id = ${organisationId}
      where not (p.id = any(c.path)) and c.depth < 1000
    )`;
}

/**
 * The managers above a person, nearest first, up to the top (a cycle in the data stops the walk).
 */
export async function managerChain(db: Db, organisationId: string, personId: string): Promise<PersonRow[]> {
  const result = await db.execute(sql`
    ${managerChainCte(organisationId, personId)}
    select id, depth from chain order by depth`);
  const ids = (result as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(people)
    .where(and(eq(people.organisationId, organisationId), inArray(people.id, ids)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

export async function directReports(db: Db, organisationId: string, managerId: string): Promise<PersonRow[]> {
  return db
    .select()
    .from(people)
    .where(
      and(
        eq(people.organisationId, organisationId),
        eq(people.managerId, managerId),
        ne(people.status, 'erased'),
      ),
    )
    .orderBy(asc(sql`lower(${people.name})`), asc(people.id));
}

/**
 * What a person's page shows around them, in one round trip: their manager chain (nearest first, stopping at a
 * loop), their direct reports (not erased, by name) and whether they have an account.
 */
export async function personSurroundings(
  db: Db,
  organisationId: string,
  personId: string,
): Promise<{ chain: PersonSummaryRow[]; reports: PersonSummaryRow[]; hasAccount: boolean }> {
  const summary = (alias: string) =>
    sql.raw(`json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'email', ${alias}.email, 'title', ${alias}.title,
      'department', ${alias}.department, 'jobFunction', ${alias}.job_function, 'level', ${alias}.level,
      'location', ${alias}.location, 'status', ${alias}.status, 'managerId', ${alias}.manager_id)`);
  const result = await db.execute(sql`
    ${managerChainCte(organisationId, personId)}
    select
      (select coalesce(json_agg(${summary('m')} order by c.depth), '[]'::json)
         from chain c join people m on m.id = c.id) as chain,
      (select coalesce(json_agg(${summary('r')} order by lower(r.name), r.id), '[]'::json)
         from people r
         where r.organisation_id = ${organisationId} and r.manager_id = ${personId} and r.status <> 'erased') as reports,
      exists (select 1 from users u where u.organisation_id = ${organisationId} and u.person_id = ${personId})
        as has_account`);
  const row = (result as unknown as { rows: { chain: unknown; reports: unknown; has_account: boolean }[] })
    .rows[0]!;
  // PGlite parses json columns; node-postgres does too, but a driver returning text is handled all the same.
  const parse = (value: unknown) =>
    (typeof value === 'string' ? JSON.parse(value) : value) as PersonSummaryRow[];
  return { chain: parse(row.chain), reports: parse(row.reports), hasAccount: row.has_account };
}

export async function accountOfPerson(db: Db, organisationId: string, personId: string) {
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      status: users.status,
      lastSignInAt: users.lastSignInAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.personId, personId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertPerson(db: Db, values: NewPersonRow): Promise<PersonRow> {
  const [row] = await db.insert(people).values(values).returning();
  return row!;
}

export async function updatePerson(
  db: Db,
  organisationId: string,
  id: string,
  values: Partial<NewPersonRow>,
): Promise<PersonRow | null> {
  const [row] = await db
    .update(people)
    .set(values)
    .where(and(eq(people.organisationId, organisationId), eq(people.id, id)))
    .returning();
  return row ?? null;
}

/** Lock one person's row for the rest of the transaction (erasure and manager changes must not interleave). */
export async function lockPerson(db: Db, organisationId: string, id: string): Promise<PersonRow | null> {
  const rows = await db
    .select()
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.id, id)))
    .for('update');
  return rows[0] ?? null;
}

/** Move a person's direct reports to another manager (or to none). */
export async function moveReports(
  db: Db,
  organisationId: string,
  fromManagerId: string,
  toManagerId: string | null,
  now: Date,
): Promise<number> {
  const rows = await db
    .update(people)
    .set({ managerId: toManagerId, updatedAt: now })
    .where(and(eq(people.organisationId, organisationId), eq(people.managerId, fromManagerId)))
    .returning({ id: people.id });
  return rows.length;
}

export async function auditEntriesAbout(db: Db, organisationId: string, personId: string) {
  return db
    .select({
      action: auditLog.action,
      actorUserId: auditLog.actorUserId,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.organisationId, organisationId),
        eq(auditLog.targetType, 'person'),
        eq(auditLog.targetId, personId),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id));
}

/**
 * Serialise changes to one organisation's reporting lines for the rest of the transaction, so two concurrent edits
 * (or an edit and an import) cannot together create a cycle.
 */
export async function lockHierarchy(db: Db, organisationId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`people:${organisationId}`}))`);
}

// Bulk writes of an HRIS import. One JSON parameter per statement, expanded set-based by json_to_recordset: far faster than a statement per row,
// and free of the 65,535-parameter limit of multi-row VALUES.
const recordColumns = sql.raw(`(id uuid, hris_id text, email text, name text, title text, department text,
  job_function text, manager_id uuid, level integer, location text, time_zone text, languages text[], hire_date date, status text,
  demographics jsonb)`);

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
      demographics: row.demographics,
    })),
  );
}

export async function insertPeople(db: Db, organisationId: string, rows: PlannedPerson[], now: Date) {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into people (id, organisation_id, hris_id, email, name, title, department, job_function, manager_id,
      level, location, time_zone, languages, hire_date, status, demographics, created_at, updated_at)
    select t.id, ${organisationId}::uuid, t.hris_id, t.email, t.name, t.title, t.department, t.job_function,
      t.manager_id, t.level,
      t.location, t.time_zone, coalesce(t.languages, '{}'), t.hire_date, t.status, t.demographics,
      ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from json_to_recordset(${asRecords(rows)}::json) as t ${recordColumns}`);
}

export async function updatePeople(db: Db, organisationId: string, rows: PlannedPerson[], now: Date) {
  if (rows.length === 0) return;
  await db.execute(sql`
    update people p set hris_id = t.hris_id, email = t.email, name = t.name, title = t.title,
      department = t.department, job_function = t.job_function, level = t.level, location = t.location,
      time_zone = t.time_zone, languages = coalesce(t.languages, '{}'), hire_date = t.hire_date, status = t.status,
      demographics = t.demographics, updated_at = ${now.toISOString()}::timestamptz
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
