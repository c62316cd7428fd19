import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations, people, users } from '../../db/schema.ts';

export async function findDemoOrganisation(db: Db) {
  const rows = await db.select().from(organisations).where(eq(organisations.isDemo, true)).limit(1);
  return rows[0] ?? null;
}

export async function countOrganisations(db: Db): Promise<number> {
  const [row] = (await db.select({ n: count() }).from(organisations)) as [{ n: number }];
  return Number(row.n);
}

export async function userEmailTaken(db: Db, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return rows.length > 0;
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  const rows = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.slug, slug));
  return rows.length > 0;
}

export async function countPeople(db: Db, organisationId: string): Promise<number> {
  const [row] = (await db
    .select({ n: count() })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.status, 'active')))) as [{ n: number }];
  return Number(row.n);
}
