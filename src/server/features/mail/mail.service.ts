import type { Paginated } from '../../../contracts/common.ts';
import { notFound } from '../../../core/errors.ts';
import { requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import {
  findOrganisationMail,
  insertOutboxMessage,
  listOrganisationMail,
  type OutboxRow,
} from './mail.repository.ts';

/** The wording of the emails other features send, rendered by the mail feature. */
export { invitationEmail, passwordResetEmail } from './mail-templates.ts';

interface EmailToSend {
  organisationId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Why the message exists, e.g. `invitation`, `password_reset`. */
  kind: string;
  /** The app's clock (`ctx.now()`), so the delivery job is due at once by the runner's clock too. */
  now?: Date;
}

/**
 * Put an email in the transactional outbox, in the caller's transaction: the message exists if and only if the
 * change that caused it commits. A `deliver_email` job then sends it (SMTP) or keeps it in the built-in mailbox.
 */
export async function enqueueEmail(tx: Db, email: EmailToSend): Promise<OutboxRow> {
  const message = await insertOutboxMessage(tx, {
    organisationId: email.organisationId,
    toAddress: email.to,
    subject: email.subject,
    textBody: email.text,
    htmlBody: email.html ?? null,
    kind: email.kind,
    ...(email.now ? { createdAt: email.now } : {}),
  });
  await enqueueJob(tx, {
    kind: 'deliver_email',
    payload: { outboxId: message.id },
    organisationId: email.organisationId,
    runAt: email.now,
    maxAttempts: 8,
  });
  return message;
}

// An admin reading the mailbox must not be able to take over another account with a reset link that was
// already delivered to its owner by SMTP (see docs/decisions/004-accounts-email-jobs.md).
const hiddenBody =
  'This message held a one-time password reset link; it was delivered by email and is hidden here.';

function toMailMessage(row: OutboxRow) {
  const hide = row.kind === 'password_reset' && row.status === 'sent';
  return {
    id: row.id,
    toAddress: row.toAddress,
    subject: row.subject,
    kind: row.kind,
    status: row.status as 'pending' | 'sent' | 'stored' | 'failed',
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    textBody: hide ? hiddenBody : row.textBody,
    htmlBody: hide ? null : row.htmlBody,
    lastError: row.lastError,
  };
}

export type MailMessage = ReturnType<typeof toMailMessage>;
export type MailSummary = Omit<MailMessage, 'textBody' | 'htmlBody' | 'lastError'>;

/** The organisation's outgoing mail, newest first (the built-in mailbox when no SMTP server is configured). */
export async function listMailbox(
  ctx: AppContext,
  actor: Actor | null,
  input: { page: number; pageSize: number; to?: string },
): Promise<Paginated<MailSummary>> {
  const admin = requireAdmin(actor);
  const { rows, total } = await listOrganisationMail(ctx.db, {
    organisationId: admin.organisationId,
    to: input.to?.trim() || undefined,
    limit: input.pageSize,
    offset: (input.page - 1) * input.pageSize,
  });
  const items = rows.map((row) => {
    const { textBody: _t, htmlBody: _h, lastError: _e, ...summary } = toMailMessage(row);
    return summary;
  });
  return { items, total, page: input.page, pageSize: input.pageSize };
}

export async function getMailMessage(
  ctx: AppContext,
  actor: Actor | null,
  input: { id: string },
): Promise<MailMessage> {
  const admin = requireAdmin(actor);
  const row = await findOrganisationMail(ctx.db, { organisationId: admin.organisationId, id: input.id });
  if (!row) throw notFound('Message');
  return toMailMessage(row);
}
