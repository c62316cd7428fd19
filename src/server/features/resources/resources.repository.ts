import { and, asc, count, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, programResources, relationships, resourceCompletions } from '../../db/schema.ts';

export type ResourceRow = typeof programResources.$inferSelect;
type NewResource = typeof programResources.$inferInsert;

/** The roles a person holds in a program: approved enrolments, and sides of relationships that started. */
export async function participantRoles(
  db: Db,
  programId: string,
  personId: string,
): Promise<('mentor' | 'mentee')[]> {
  const [enrolled, paired] = await Promise.all([
    db
      .select({ role: enrolments.role })
      .from(enrolments)
      .where(
        and(
          eq(enrolments.programId, programId),
          eq(enrolments.personId, personId),
          eq(enrolments.status, 'approved'),
        ),
      ),
    db
      .select({ mentorPersonId: relationships.mentorPersonId, menteePersonId: relationships.menteePersonId })
      .from(relationships)
      .where(
        and(
          eq(relationships.programId, programId),
          inArray(relationships.status, ['active', 'completed', 'ended_early']),
          or(eq(relationships.mentorPersonId, personId), eq(relationships.menteePersonId, personId)),
        ),
      ),
  ]);
  const roles = new Set<'mentor' | 'mentee'>();
  for (const row of enrolled) if (row.role === 'mentor' || row.role === 'mentee') roles.add(row.role);
  for (const row of paired) {
    if (row.mentorPersonId === personId) roles.add('mentor');
    if (row.menteePersonId === personId) roles.add('mentee');
  }
  return [...roles].sort();
}

interface ResourceFilter {
  organisationId: string;
  programId: string;
  kind?: string;
  /** Only resources for these audiences (participants); all when absent (staff). */
  audiences?: readonly string[];
  /** Whose completion `done` reports. */
  personId: string | null;
  withCounts: boolean;
  limit: number;
  offset: number;
}

/** Kinds in a fixed order (guides, prompts, training), then the program's order, then oldest first. */
const kindOrder = sql`case ${programResources.kind} when 'guide' then 0 when 'prompt' then 1 else 2 end`;

/** Qualified on purpose: drizzle leaves columns unqualified in a one-table select, and a subquery would then
 * resolve them against its own table. */
const resourceId = sql.raw('"program_resources"."id"');

export async function listResources(db: Db, filter: ResourceFilter) {
  const where = and(
    eq(programResources.organisationId, filter.organisationId),
    eq(programResources.programId, filter.programId),
    filter.kind ? eq(programResources.kind, filter.kind) : undefined,
    filter.audiences ? inArray(programResources.audience, [...filter.audiences]) : undefined,
  );
  const completedAt = filter.personId
    ? sql<Date | null>`(select ${resourceCompletions.completedAt} from ${resourceCompletions}
        where ${resourceCompletions.resourceId} = ${resourceId}
        and ${resourceCompletions.personId} = ${filter.personId})`.mapWith(resourceCompletions.completedAt)
    : sql<Date | null>`null`;
  const completionCount = filter.withCounts
    ? sql<number>`(select count(*) from ${resourceCompletions}
        where ${resourceCompletions.resourceId} = ${resourceId})`.mapWith(Number)
    : sql<number | null>`null`;
  const rows = await db
    .select({ resource: programResources, completedAt, completionCount })
    .from(programResources)
    .where(where)
    .orderBy(
      kindOrder,
      asc(programResources.position),
      asc(programResources.createdAt),
      asc(programResources.id),
    )
    .limit(filter.limit)
    .offset(filter.offset);
  const [{ total }] = (await db.select({ total: count() }).from(programResources).where(where)) as [
    { total: number },
  ];
  return { rows, total: Number(total) };
}

export async function findResource(db: Db, organisationId: string, id: string): Promise<ResourceRow | null> {
  const rows = await db
    .select()
    .from(programResources)
    .where(and(eq(programResources.organisationId, organisationId), eq(programResources.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

/** The next position at the end of the program's list of this kind. */
export async function nextPosition(db: Db, programId: string, kind: string): Promise<number> {
  const [row] = await db
    .select({ max: sql<number | null>`max(${programResources.position})` })
    .from(programResources)
    .where(and(eq(programResources.programId, programId), eq(programResources.kind, kind)));
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

export async function insertResource(tx: Db, values: NewResource): Promise<ResourceRow> {
  const [row] = await tx.insert(programResources).values(values).returning();
  return row!;
}

export async function updateResource(
  tx: Db,
  id: string,
  patch: Partial<Pick<NewResource, 'kind' | 'title' | 'body' | 'url' | 'audience' | 'position'>> & {
    updatedAt: Date;
  },
): Promise<ResourceRow | null> {
  const rows = await tx.update(programResources).set(patch).where(eq(programResources.id, id)).returning();
  return rows[0] ?? null;
}

export async function deleteResource(tx: Db, id: string): Promise<void> {
  await tx.delete(programResources).where(eq(programResources.id, id));
}

export async function countCompletions(db: Db, resourceId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(resourceCompletions)
    .where(eq(resourceCompletions.resourceId, resourceId));
  return Number(row?.n ?? 0);
}

export async function findCompletion(db: Db, resourceId: string, personId: string) {
  const rows = await db
    .select()
    .from(resourceCompletions)
    .where(and(eq(resourceCompletions.resourceId, resourceId), eq(resourceCompletions.personId, personId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Mark done; marking twice keeps the first time. */
export async function insertCompletion(
  db: Db,
  values: { organisationId: string; resourceId: string; personId: string; at: Date },
): Promise<void> {
  await db
    .insert(resourceCompletions)
    .values({
      organisationId: values.organisationId,
      resourceId: values.resourceId,
      personId: values.personId,
      completedAt: values.at,
    })
    .onConflictDoNothing();
}

export async function deleteCompletion(db: Db, resourceId: string, personId: string): Promise<void> {
  await db
    .delete(resourceCompletions)
    .where(and(eq(resourceCompletions.resourceId, resourceId), eq(resourceCompletions.personId, personId)));
}
