import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { people } from '../../db/schema.ts';

/** The demo organisation's active people with what picking mentors and mentees needs. */
export async function listDemoPeople(db: Db, organisationId: string) {
  return db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      department: people.department,
      jobFunction: people.jobFunction,
      level: people.level,
      languages: people.languages,
    })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.status, 'active')))
    .orderBy(asc(people.email));
}
