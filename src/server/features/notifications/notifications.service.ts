import type { z } from 'zod';
import type {
  MessagePreferences,
  UnsubscribeResult,
  updateMessagePreferencesRequest,
} from '../../../contracts/messages.contracts.ts';
import type { markReadRequest, notificationsQuery } from '../../../contracts/notifications.contracts.ts';
import { AppError } from '../../../core/errors.ts';
import {
  categoryInfo,
  type DigestFrequency,
  type MessageCategory,
  type MessageChannel,
  messageCategories,
} from '../../../core/messages/categories.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { NewNotification } from './notifications.repository.ts';
import {
  claimDigestItems,
  claimPendingEmails,
  ensureMessageSettings,
  findMessageSettings,
  insertNotifications,
  latestNoticesOfKind,
  listNotifications,
  listUnreadAboutRelationship,
  markRead,
  markReadByDedupeKey,
  peopleWithDigestItems,
  setEmailStatus,
  skipPendingEmailsExcept,
  updateMessageSettings,
} from './notifications.repository.ts';
import {
  newUnsubscribeKey,
  parseUnsubscribeToken,
  unsubscribeToken,
  verifyUnsubscribeSignature,
} from './unsubscribe-links.ts';

export type { NewNotification, NotificationEmailExtras } from './notifications.repository.ts';

/**
 * Tell people something in the app; call inside the transaction of the change that caused it. A notification about
 * a relationship (or a request) names it in `relationshipId`, so the pair's workspace can find it.
 */
export async function notifyPeople(db: Db, notes: NewNotification[]): Promise<number> {
  const inserted = await insertNotifications(db, notes);
  // The emailer (features/messages) turns pending notices into emails once this transaction commits. Its job is
  // due whatever the runner's clock says (epoch), so the email goes as soon as the change is visible.
  const organisations = new Set(
    notes.filter((note) => note.email !== false).map((note) => note.organisationId),
  );
  for (const organisationId of organisations) {
    await enqueueJob(db, {
      kind: 'email_notices',
      payload: { organisationId },
      organisationId,
      runAt: new Date(0),
      maxAttempts: 8,
    });
  }
  return inserted;
}

/** A person's unread notifications of one kind about one relationship, newest first (a workspace's celebrations). */
export async function unreadNotificationsAbout(
  db: Db,
  input: { organisationId: string; personId: string; relationshipId: string; kind: string; limit: number },
) {
  return listUnreadAboutRelationship(db, input);
}

/** Mark a notification read by its dedupe key, in the caller's transaction: its reader saw it happen on screen. */
export async function markNotificationSeen(db: Db, organisationId: string, dedupeKey: string, at: Date) {
  await markReadByDedupeKey(db, organisationId, dedupeKey, at);
}

/**
 * When each of these people was last sent a notice of this kind, since an instant (a reminder that must not repeat
 * within a day reads this). People not in the map had none.
 */
export async function lastNoticeOfKind(
  db: Db,
  input: { organisationId: string; kind: string; personIds: readonly string[]; since: Date },
): Promise<Map<string, Date>> {
  const rows: { personId: string; at: Date }[] = [];
  for (let start = 0; start < input.personIds.length; start += 5000)
    rows.push(
      ...(await latestNoticesOfKind(db, {
        ...input,
        personIds: input.personIds.slice(start, start + 5000),
      })),
    );
  return new Map(rows.map((row) => [row.personId, row.at]));
}

/** The caller's own notifications. An account without a person in the directory has none. */
export async function myNotifications(
  ctx: AppContext,
  actor: Actor | null,
  query: z.infer<typeof notificationsQuery>,
) {
  const me = requireActor(actor);
  if (!me.personId) return { items: [], total: 0, unread: 0, page: query.page, pageSize: query.pageSize };
  const { items, total, unread } = await listNotifications(
    ctx.db,
    me.organisationId,
    me.personId,
    query.page,
    query.pageSize,
  );
  return {
    items: items.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      link: row.link,
      readAt: row.readAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    })),
    total,
    unread,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Mark the caller's notifications read (only ever their own). */
export async function markMyNotificationsRead(
  ctx: AppContext,
  actor: Actor | null,
  input: z.infer<typeof markReadRequest>,
): Promise<void> {
  const me = requireActor(actor);
  if (!me.personId) return;
  await markRead(ctx.db, me.organisationId, me.personId, input.ids ?? null, ctx.now());
}

// ── Message preferences, unsubscribe links and the email twin of notices (issue 11) ─────────────────────────────
// The emailer itself lives in the `messages` feature (it needs mail and accounts, which need this feature); these
// are the reads and writes of this feature's tables it goes through.

/** Notices whose email is still to be decided, locked for the caller's transaction (each is emailed once). */
export async function takePendingEmails(tx: Db, input: { organisationId: string | null; limit: number }) {
  return claimPendingEmails(tx, input);
}

/** Record what became of notices' emails: queued, digest, digested or skipped. */
export async function recordEmailOutcome(
  tx: Db,
  ids: string[],
  status: 'queued' | 'digest' | 'digested' | 'skipped',
) {
  await setEmailStatus(tx, ids, status);
}

/** A person's message settings, created (with a fresh unsubscribe key) when first needed. */
export async function messageSettingsFor(db: Db, input: { organisationId: string; personId: string }) {
  return ensureMessageSettings(db, { ...input, unsubscribeKey: newUnsubscribeKey() });
}

/** The signed one-click unsubscribe token for a person and the category of a kind of message. */
export function unsubscribeTokenFor(
  settings: { unsubscribeKey: string; personId: string },
  category: MessageCategory,
) {
  return unsubscribeToken(settings.unsubscribeKey, settings.personId, category);
}

/** People whose digest has items waiting. */
export async function peopleAwaitingDigest(db: Db, organisationId: string | null) {
  return peopleWithDigestItems(db, organisationId);
}

/** A person's notices waiting for their digest, locked for the caller's transaction. */
export async function takeDigestItems(tx: Db, personId: string) {
  return claimDigestItems(tx, personId);
}

export async function markDigestSent(tx: Db, personId: string, at: Date) {
  await updateMessageSettings(tx, personId, { lastDigestAt: at, updatedAt: at });
}

function preferencesView(
  settings: { channels: unknown; digest: string } | null,
  applies: boolean,
): MessagePreferences {
  const channels = (settings?.channels ?? {}) as Partial<Record<MessageCategory, MessageChannel>>;
  return {
    categories: messageCategories.map((category) => ({
      category,
      label: categoryInfo[category].label,
      description: categoryInfo[category].description,
      channel: channels[category] ?? categoryInfo[category].default,
      defaultChannel: categoryInfo[category].default,
    })),
    digest: (settings?.digest ?? 'off') as DigestFrequency,
    applies,
  };
}

/** The caller's message preferences (defaults until they change one). */
export async function myMessagePreferences(
  ctx: AppContext,
  actor: Actor | null,
): Promise<MessagePreferences> {
  const me = requireActor(actor);
  if (!me.personId) return preferencesView(null, false);
  return preferencesView(await findMessageSettings(ctx.db, me.personId), true);
}

/** Change the caller's message preferences; only the categories given change. */
export async function updateMyMessagePreferences(
  ctx: AppContext,
  actor: Actor | null,
  input: z.output<typeof updateMessagePreferencesRequest>,
): Promise<MessagePreferences> {
  const me = requireActor(actor);
  if (!me.personId) {
    throw new AppError(
      'conflict',
      'This account has no profile in the directory, so Trellis only sends it security email',
    );
  }
  const personId = me.personId;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const current = await messageSettingsFor(tx, { organisationId: me.organisationId, personId });
    const channels = { ...(current.channels as Record<string, MessageChannel>), ...(input.channels ?? {}) };
    await updateMessageSettings(tx, personId, {
      channels,
      ...(input.digest ? { digest: input.digest } : {}),
      updatedAt: now,
    });
    return preferencesView({ channels, digest: input.digest ?? current.digest }, true);
  });
}

const invalidLink = () =>
  new AppError(
    'not_found',
    'This unsubscribe link is not valid. Sign in to Trellis to change your email settings.',
  );

async function verifiedUnsubscribe(db: Db, token: string) {
  const parsed = parseUnsubscribeToken(token);
  if (!parsed) throw invalidLink();
  const settings = await findMessageSettings(db, parsed.personId);
  // The same answer for an unknown person and a wrong signature: the link reveals nothing about who exists.
  if (!settings || !verifyUnsubscribeSignature(settings.unsubscribeKey, parsed)) throw invalidLink();
  return { settings, category: parsed.category };
}

/** What a one-click unsubscribe link would stop (the page shows it before the person confirms). */
export async function describeUnsubscribe(ctx: AppContext, token: string): Promise<UnsubscribeResult> {
  const { settings, category } = await verifiedUnsubscribe(ctx.db, token);
  const channels = settings.channels as Partial<Record<MessageCategory, MessageChannel>>;
  return {
    category,
    label: categoryInfo[category].label,
    channel: channels[category] ?? categoryInfo[category].default,
  };
}

/**
 * Stop email of one category for the person the link was made for; no sign-in (RFC 8058 one-click). The notices
 * still appear in the app. Doing it twice is harmless.
 */
export async function unsubscribe(ctx: AppContext, token: string): Promise<UnsubscribeResult> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { settings, category } = await verifiedUnsubscribe(tx, token);
    const channels = { ...(settings.channels as Record<string, MessageChannel>) };
    if ((channels[category] ?? categoryInfo[category].default) === 'email') channels[category] = 'in_app';
    await updateMessageSettings(tx, settings.personId, { channels, updatedAt: now });
    await recordAudit(tx, {
      organisationId: settings.organisationId,
      actorUserId: null,
      action: 'messages.unsubscribed',
      targetType: 'person',
      targetId: settings.personId,
      details: { category },
      at: now,
    });
    return { category, label: categoryInfo[category].label, channel: channels[category]! };
  });
}

/**
 * The demo's history never happened: its notices are not emailed, except those to the personas one signs in as
 * (their mailbox then shows what Trellis sends). Call in the demo's transaction.
 */
export async function settleDemoNoticeEmails(tx: Db, organisationId: string, personaIds: readonly string[]) {
  await skipPendingEmailsExcept(tx, organisationId, personaIds);
}
