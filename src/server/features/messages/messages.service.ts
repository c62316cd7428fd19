import {
  categoryInfo,
  categoryOf,
  channelFor,
  isUrgent,
  type MessageChannel,
} from '../../../core/messages/categories.ts';
import { intoWakingHours } from '../../../core/messages/quiet-hours.ts';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJobUnlessQueued, type RunningJob } from '../../jobs/job-queue.ts';
import { enqueueEmail, renderDigestEmail, renderNoticeEmail } from '../mail/mail.service.ts';
import {
  markDigestSent,
  messageSettingsFor,
  type NotificationEmailExtras,
  peopleAwaitingDigest,
  recordEmailOutcome,
  takeDigestItems,
  takePendingEmails,
  unsubscribeTokenFor,
} from '../notifications/notifications.service.ts';
import { invitationForPerson } from '../users/users.service.ts';
import { sendStaffDigests } from './staff-digest.ts';
import { unsubscribeHeaders, unsubscribeLinks } from './unsubscribe-urls.ts';

/**
 * The emailer (issue 11, docs/decisions/020-messages.md): every in-app notice may have an email twin. A feature
 * calls `notifyPeople` in its transaction; the notice is stored with email status `pending` when its recipient
 * wants email for its category. This job then decides, per notice, at the moment of sending:
 * - the person's current choice for the category (email / in-app / off) — a change since the notice still counts;
 * - a digest: non-urgent notices of people who chose a daily or weekly digest wait for it;
 * - quiet hours: the email is held until the recipient's waking hours (08:00–20:00 in their zone);
 * - an invitation to create an account when the person has none (the email then carries a one-time link and is
 *   redacted for admins reading the mailbox);
 * - a signed one-click unsubscribe link for the category (List-Unsubscribe + List-Unsubscribe-Post, RFC 8058).
 * Claiming uses FOR UPDATE SKIP LOCKED, so two processes never email one notice twice.
 */

const batchSize = 100;
const fallbackZone = 'UTC';

function absolute(ctx: AppContext, link: string | null): string {
  if (!link) return `${ctx.config.publicUrl}/`;
  return /^https?:\/\//.test(link)
    ? link
    : `${ctx.config.publicUrl}${link.startsWith('/') ? '' : '/'}${link}`;
}

/** Email the notices waiting in `organisationId` (or everywhere); returns what became of them. */
export async function emailPendingNotices(
  ctx: AppContext,
  organisationId: string | null = null,
): Promise<{ queued: number; digest: number; skipped: number }> {
  const totals = { queued: 0, digest: 0, skipped: 0 };
  for (;;) {
    const handled = await ctx.db.transaction(async (tx) => {
      const rows = await takePendingEmails(tx, { organisationId, limit: batchSize });
      const now = ctx.now();
      for (const row of rows) {
        const outcome = await emailOne(ctx, tx, row, now);
        totals[outcome] += 1;
        await recordEmailOutcome(tx, [row.id], outcome);
      }
      return rows.length;
    });
    if (handled < batchSize) return totals;
  }
}

type PendingNotice = Awaited<ReturnType<typeof takePendingEmails>>[number];

async function emailOne(ctx: AppContext, tx: Db, row: PendingNotice, now: Date) {
  if (row.personStatus !== 'active' || !row.personEmail.includes('@')) return 'skipped' as const;
  const settings = await messageSettingsFor(tx, {
    organisationId: row.organisationId,
    personId: row.personId,
  });
  const channel = channelFor(row.kind, settings.channels as Partial<Record<string, MessageChannel>>);
  if (channel !== 'email') return 'skipped' as const;
  if (settings.digest !== 'off' && !isUrgent(row.kind)) {
    // The first notice to wait starts the person's first period: their digest comes a day (week) from now.
    if (!settings.lastDigestAt) await markDigestSent(tx, row.personId, now);
    return 'digest' as const;
  }

  const extras = (row.emailExtras ?? {}) as NotificationEmailExtras;
  const category = categoryOf(row.kind);
  const links = unsubscribeLinks(ctx, unsubscribeTokenFor(settings, category));
  const canSignIn = row.userStatus === 'active';
  const invitation = canSignIn
    ? null
    : await invitationForPerson(ctx, tx, {
        organisationId: row.organisationId,
        person: { id: row.personId, name: row.personName, email: row.personEmail },
        account: row.userId ? { id: row.userId, status: row.userStatus ?? 'invited' } : null,
      });
  const rendered = await renderNoticeEmail({
    organisationName: row.organisationName,
    recipientName: row.personName,
    title: row.title,
    body: row.body,
    details: extras.details,
    action: { label: extras.actionLabel ?? 'Open in Trellis', url: absolute(ctx, row.link) },
    unsubscribe: { url: links.page, categoryLabel: categoryInfo[category].label },
    ...(row.kind === 'program_launch' ? { reason: 'program_launch' as const } : {}),
    ...(invitation
      ? {
          invitation: {
            url: invitation.url,
            expiresInHours: Math.round((invitation.expiresAt.getTime() - now.getTime()) / 3_600_000),
          },
        }
      : {}),
  });
  const sendAt = intoWakingHours(now, row.timeZone ?? fallbackZone);
  await enqueueEmail(tx, {
    organisationId: row.organisationId,
    to: row.personEmail,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    ...(rendered.redacted ? { redacted: rendered.redacted } : {}),
    kind: row.kind,
    now,
    personId: row.personId,
    programId: extras.programId,
    notBefore: sendAt.getTime() > now.getTime() ? sendAt : undefined,
    attachments: extras.attachments,
    headers: unsubscribeHeaders(links.oneClick),
  });
  return 'queued' as const;
}

const digestPeriodMs = { daily: 24 * 3_600_000, weekly: 7 * 24 * 3_600_000 } as const;
// A digest a little early beats one a whole tick late: the hourly job may run some minutes either side.
const digestSlackMs = 30 * 60_000;

/**
 * Send the digests that are due: a person who chose a daily (weekly) digest gets one email bundling the notices
 * that waited for it, at most once a day (week), in their waking hours; none when nothing waited.
 */
export async function sendDueDigests(ctx: AppContext, organisationId: string | null = null): Promise<number> {
  const now = ctx.now();
  let sent = 0;
  for (const person of await peopleAwaitingDigest(ctx.db, organisationId)) {
    const period = digestPeriodMs[person.digest as keyof typeof digestPeriodMs];
    if (!period) continue;
    // `lastDigestAt` is also set when the first notice starts waiting, so a first digest waits a whole period too.
    if (person.lastDigestAt && now.getTime() - person.lastDigestAt.getTime() < period - digestSlackMs)
      continue;
    if (intoWakingHours(now, person.timeZone ?? fallbackZone).getTime() !== now.getTime()) continue;
    const done = await ctx.db.transaction(async (tx) => {
      const items = await takeDigestItems(tx, person.personId);
      const first = items[0];
      if (!first) return false;
      if (first.personStatus !== 'active') {
        await recordEmailOutcome(
          tx,
          items.map((item) => item.id),
          'skipped',
        );
        return false;
      }
      const settings = await messageSettingsFor(tx, {
        organisationId: first.organisationId,
        personId: first.personId,
      });
      const sections = new Map<string, { title: string; body?: string; url?: string }[]>();
      for (const item of items) {
        const label = categoryInfo[categoryOf(item.kind)].label;
        const list = sections.get(label) ?? [];
        list.push({
          title: item.title,
          ...(item.body ? { body: item.body } : {}),
          url: absolute(ctx, item.link),
        });
        sections.set(label, list);
      }
      const token = unsubscribeTokenFor(settings, categoryOf(first.kind));
      const links = unsubscribeLinks(ctx, token);
      const rendered = await renderDigestEmail({
        organisationName: first.organisationName,
        recipientName: first.personName,
        heading: person.digest === 'weekly' ? 'Your week in mentoring' : 'Your day in mentoring',
        intro: `${items.length === 1 ? 'One update' : `${items.length} updates`} since your last digest.`,
        sections: [...sections].map(([title, list]) => ({ title, items: list })),
        action: { label: 'Open Trellis', url: `${ctx.config.publicUrl}/` },
        unsubscribe: { url: `${ctx.config.publicUrl}/account/notifications`, categoryLabel: 'digest' },
      });
      await enqueueEmail(tx, {
        organisationId: first.organisationId,
        to: first.personEmail,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        kind: 'digest',
        now,
        personId: first.personId,
        headers: unsubscribeHeaders(links.oneClick),
      });
      await recordEmailOutcome(
        tx,
        items.map((item) => item.id),
        'digested',
      );
      await markDigestSent(tx, first.personId, now);
      return true;
    });
    if (done) sent += 1;
  }
  return sent;
}

/** Job `email_notices`: email the organisation's pending notices. */
export async function emailNoticesJob(ctx: AppContext, job: RunningJob) {
  return emailPendingNotices(ctx, job.organisationId);
}

const digestEveryMs = 3_600_000;

/** Make sure the hourly `send_digests` job is queued (at start-up and by each run), once however many processes. */
export async function scheduleDigests(ctx: AppContext, options: { inMs?: number } = {}): Promise<boolean> {
  const runAt = new Date(ctx.now().getTime() + (options.inMs ?? 0));
  const job = await ctx.db.transaction((tx) =>
    enqueueJobUnlessQueued(tx, { kind: 'send_digests', runAt, maxAttempts: 3 }),
  );
  return job !== null;
}

/** Job `send_digests`, hourly: email the digests that are due, then queue the next run. */
export async function sendDigestsJob(ctx: AppContext, _job: RunningJob) {
  const sent = await sendDueDigests(ctx);
  const staff = await sendStaffDigests(ctx);
  // A notice whose emailer job was lost (e.g. a process killed between commit and wake-up) is caught here too.
  const swept = await emailPendingNotices(ctx);
  return {
    sent,
    staff,
    swept,
    next: (await scheduleDigests(ctx, { inMs: digestEveryMs })) ? 'queued' : 'already queued',
  };
}
