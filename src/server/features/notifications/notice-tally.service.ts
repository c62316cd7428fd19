import type { NoticeTally } from '../../../contracts/notice-tally.contracts.ts';
import { isUrgent } from '../../../core/messages/categories.ts';
import type { Db } from '../../db/client.ts';
import { listNoticeDeliveries, type NoticeDeliveryRow } from './notice-tally.repository.ts';
import type { NewNotification } from './notifications.repository.ts';
import { notifyPeople } from './notifications.service.ts';

type Delivery = 'email' | 'digest' | 'inApp';
const rank: Record<Delivery, number> = { inApp: 0, digest: 1, email: 2 };

/** What becomes of one notice's email, decided as the emailer (features/messages) decides it. */
function deliveryOf(row: NoticeDeliveryRow): Delivery {
  if (row.emailStatus === 'queued') return 'email';
  if (row.emailStatus === 'digest' || row.emailStatus === 'digested') return 'digest';
  if (row.emailStatus !== 'pending') return 'inApp';
  if (row.personStatus !== 'active' || !row.personEmail.includes('@')) return 'inApp';
  if ((row.digest ?? 'off') !== 'off' && !isUrgent(row.kind)) return 'digest';
  return 'email';
}

/**
 * Tell people something (`notifyPeople`, in the caller's transaction) and count, in people, how they were told:
 * by email now, in their digest, in the app only, or not at all because they turned this kind of message off. Every
 * note needs a dedupe key (the count reads the notices back by it), and all are of one organisation.
 */
export async function notifyPeopleAndTally(
  db: Db,
  notes: NewNotification[],
): Promise<{ created: number; tally: NoticeTally }> {
  const keys = notes.map((note) => {
    if (!note.dedupeKey) throw new Error(`notifyPeopleAndTally: a ${note.kind} notice has no dedupe key`);
    return note.dedupeKey;
  });
  if (new Set(notes.map((note) => note.organisationId)).size > 1)
    throw new Error('notifyPeopleAndTally: notices of one organisation at a time');
  const created = await notifyPeople(db, notes);
  if (notes.length === 0) return { created, tally: emptyTally() };
  const rows = await listNoticeDeliveries(db, notes[0]!.organisationId, keys);
  const best = new Map<string, Delivery>();
  const withAccount = new Set<string>();
  for (const row of rows) {
    const delivery = deliveryOf(row);
    const current = best.get(row.personId);
    if (!current || rank[delivery] > rank[current]) best.set(row.personId, delivery);
    if (row.accountStatus === 'active') withAccount.add(row.personId);
  }
  const recipients = new Set(notes.map((note) => note.personId));
  const tally = emptyTally();
  tally.people = recipients.size;
  for (const personId of recipients) {
    const delivery = best.get(personId);
    if (!delivery) tally.notTold++;
    else {
      if (delivery === 'email') tally.byEmail++;
      else if (delivery === 'digest') tally.inDigest++;
      else tally.inAppOnly++;
      if (!withAccount.has(personId)) tally.withoutAccount++;
    }
  }
  return { created, tally };
}

export function emptyTally(): NoticeTally {
  return { people: 0, byEmail: 0, inDigest: 0, inAppOnly: 0, notTold: 0, withoutAccount: 0 };
}
