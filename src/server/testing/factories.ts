import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { organisations, people, sessions, users } from '../db/schema.ts';
import { hashToken, newToken } from '../lib/tokens.ts';

/** Small builders for test rows: each returns the inserted row; pass only what the test cares about. */

export async function createOrganisation(db: Db, overrides: Partial<typeof organisations.$inferInsert> = {}) {
  const suffix = randomUUID().slice(0, 8);
  const [row] = await db
    .insert(organisations)
    .values({ name: `Org ${suffix}`, slug: `org-${suffix}`, ...overrides })
    .returning();
  return row!;
}

export async function createPerson(
  db: Db,
  organisationId: string,
  overrides: Partial<typeof people.$inferInsert> = {},
) {
  const suffix = randomUUID().slice(0, 8);
  const [row] = await db
    .insert(people)
    .values({ organisationId, name: `Person ${suffix}`, email: `person-${suffix}@example.com`, ...overrides })
    .returning();
  return row!;
}

/** An active account with a live session; `cookie` goes in the `cookie` header of app.inject. */
export async function createSignedInUser(
  db: Db,
  organisationId: string,
  overrides: Partial<typeof users.$inferInsert> = {},
) {
  const suffix = randomUUID().slice(0, 8);
  const [user] = await db
    .insert(users)
    .values({
      organisationId,
      email: `user-${suffix}@example.com`,
      name: `User ${suffix}`,
      role: 'member',
      status: 'active',
      ...overrides,
    })
    .returning();
  const token = newToken();
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId: user!.id,
    organisationId,
    expiresAt: new Date(Date.now() + 24 * 3600 * 1000),
  });
  return { user: user!, cookie: `trellis_session=${token}` };
}

/** Two organisations, each with an admin and a member, for authorisation and tenancy tests. */
export async function createTwoOrganisations(db: Db) {
  const org = await createOrganisation(db);
  const other = await createOrganisation(db);
  return {
    org,
    other,
    admin: await createSignedInUser(db, org.id, { role: 'admin' }),
    member: await createSignedInUser(db, org.id, { role: 'member' }),
    otherAdmin: await createSignedInUser(db, other.id, { role: 'admin' }),
  };
}
