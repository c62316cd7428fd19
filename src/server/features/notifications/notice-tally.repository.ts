import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { messageSettings, notifications, people, users } from '../../db/schema.ts';

export interface NoticeDeliveryRow {
  personId: string;
  kind: string;
  emailStatus: string | null;
  personStatus: string;
  personEmail: string;
  digest: string | null;
  accountStatus: string | null;
}

/**
 * The notices with these dedupe keys, with what decides their email: the person's status and address, their digest
 * choice and their account. A person with several accounts reads once per account; the caller counts people.
 */
export async function listNoticeDeliveries(
  db: Db,
  organisationId: string,
  dedupeKeys: readonly string[],
): Promise<NoticeDeliveryRow[]> {
  const rows: NoticeDeliveryRow[] = [];
  for (let start = 0; start < dedupeKeys.length; start += 1000) {
    rows.push(
      ...(await db
        .select({
          personId: people.id,
          kind: notifications.kind,
          emailStatus: notifications.emailStatus,
          personStatus: people.status,
          personEmail: people.email,
          digest: messageSettings.digest,
          accountStatus: users.status,
        })
        .from(notifications)
        .innerJoin(people, eq(people.id, notifications.personId))
        .leftJoin(messageSettings, eq(messageSettings.personId, people.id))
        .leftJoin(users, eq(users.personId, people.id))
        .where(
          and(
            eq(notifications.organisationId, organisationId),
            inArray(notifications.dedupeKey, dedupeKeys.slice(start, start + 1000)),
          ),
        )),
    );
  }
  return rows;
}
