import { and, count, desc, eq, ilike, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations, outbox, people } from '../../db/schema.ts';
import { likeContaining } from '../../db/sql-text.ts';

export type OutboxRow = typeof outbox.$inferSelect;

export async function insertOutboxMessage(db: Db, message: typeof outbox.$inferInsert): Promise<OutboxRow> {
  const [row] = await db.insert(outbox).values(message).returning();
  return row!;
}

export async function findOutboxMessage(db: Db, id: string): Promise<OutboxRow | null> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}

/** Once a message is delivered or given up, a one-time link in it has no reader left: keep only the redacted text. */
const forgetSecret = {
  textBody: sql`case when ${outbox.carriesSecret} then coalesce(${outbox.redactedTextBody}, ${outbox.textBody}) else ${outbox.textBody} end`,
  htmlBody: sql`case when ${outbox.carriesSecret} then ${outbox.redactedHtmlBody} else ${outbox.htmlBody} end`,
};

export async function markOutboxDelivered(
  db: Db,
  input: { id: string; status: 'sent' | 'stored'; at: Date },
) {
  await db
    .update(outbox)
    .set({ status: input.status, sentAt: input.at, lastError: null, ...forgetSecret })
    .where(eq(outbox.id, input.id));
}

export async function recordOutboxFailure(db: Db, input: { id: string; error: string; final: boolean }) {
  await db
    .update(outbox)
    .set({ lastError: input.error, ...(input.final ? { status: 'failed', ...forgetSecret } : {}) })
    .where(eq(outbox.id, input.id));
}

export async function countOutboxAttempt(db: Db, id: string) {
  await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1` })
    .where(eq(outbox.id, id));
}

export async function listOrganisationMail(
  db: Db,
  input: { organisationId: string; to?: string; limit: number; offset: number },
): Promise<{ rows: OutboxRow[]; total: number }> {
  const conditions: SQL[] = [eq(outbox.organisationId, input.organisationId)];
  if (input.to) conditions.push(ilike(outbox.toAddress, likeContaining(input.to)));
  const where = and(...conditions);
  const rows = await db
    .select()
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(input.limit)
    .offset(input.offset);
  const [{ total }] = (await db.select({ total: count() }).from(outbox).where(where)) as [{ total: number }];
  return { rows, total };
}

export async function findOrganisationMail(
  db: Db,
  input: { organisationId: string; id: string },
): Promise<OutboxRow | null> {
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.id, input.id), eq(outbox.organisationId, input.organisationId)));
  return row ?? null;
}

/** A program's messages, newest first, without their bodies: who, what, when and how far it got. */
export async function listProgramOutbox(
  db: Db,
  input: { organisationId: string; programId: string; limit: number; offset: number },
) {
  const where = and(eq(outbox.organisationId, input.organisationId), eq(outbox.programId, input.programId));
  const rows = await db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      toAddress: outbox.toAddress,
      personId: outbox.personId,
      recipientName: people.name,
      subject: outbox.subject,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      notBefore: outbox.notBefore,
      status: outbox.status,
    })
    .from(outbox)
    .leftJoin(people, eq(people.id, outbox.personId))
    .where(where)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(input.limit)
    .offset(input.offset);
  const [{ total }] = (await db.select({ total: count() }).from(outbox).where(where)) as [{ total: number }];
  return { rows, total };
}

/** The sending organisation's name, for the From line (emails go out in its name). */
export async function findOrganisationName(db: Db, organisationId: string): Promise<string | null> {
  const [row] = await db
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row?.name ?? null;
}
