import type { Paginated } from '../../../contracts/common.ts';
import { notFound } from '../../../core/errors.ts';
import { requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  findOrganisationMail,
  insertOutboxMessage,
  listOrganisationMail,
  listProgramOutbox,
  type OutboxRow,
} from './mail.repository.ts';
import { calendarMethodOf, isCalendar, storedAttachments, storedHeaders } from './mail-attachments.ts';

/** The wording of the emails other features send, rendered by the mail feature. */
export {
  invitationEmail,
  passwordChangedEmail,
  passwordResetEmail,
  passwordResetNoticeEmail,
} from './mail-templates.tsx';
export { renderDigestEmail, renderNoticeEmail } from './notice-emails.tsx';

interface EmailToSend {
  organisationId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * The message with its secret (a one-time link) hidden. Given for every email that carries one: admins reading
   * the mailbox only ever get this version, and the real one is overwritten by it once delivered.
   */
  redacted?: { text: string; html?: string };
  /** Why the message exists, e.g. `invitation`, `password_reset`. */
  kind: string;
  /** The app's clock (`ctx.now()`), so the delivery job is due at once by the runner's clock too. */
  now?: Date;
  /**
   * Text attachments, e.g. a meeting's `.ics` invitation (`text/calendar; method=REQUEST`): a calendar file is
   * delivered as the message's calendar part, so mail clients show it as an invitation.
   */
  attachments?: { filename: string; contentType: string; content: string }[];
  /** Extra headers, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058). */
  headers?: Record<string, string>;
  /** The recipient in the directory and the program it is about, for the staff's view of a program's messages. */
  personId?: string;
  programId?: string;
  /** Held until then (the recipient's waking hours); the delivery job runs at that time. */
  notBefore?: Date;
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
    carriesSecret: Boolean(email.redacted),
    redactedTextBody: email.redacted?.text ?? null,
    redactedHtmlBody: email.redacted?.html ?? null,
    ...(email.now ? { createdAt: email.now } : {}),
    attachments: email.attachments ?? null,
    headers: email.headers ?? null,
    personId: email.personId ?? null,
    programId: email.programId ?? null,
    notBefore: email.notBefore ?? null,
  });
  // Held messages wait for their time; a not-before already past changes nothing.
  const held = email.notBefore && (!email.now || email.notBefore.getTime() > email.now.getTime());
  await enqueueJob(tx, {
    kind: 'deliver_email',
    payload: { outboxId: message.id },
    organisationId: email.organisationId,
    runAt: held ? email.notBefore : email.now,
    maxAttempts: 8,
  });
  return message;
}

/** One message of a program, as the staff's "sent messages" view shows it: never its bodies. */
export interface ProgramMailRow {
  id: string;
  /** Why it was sent: a notice kind (`meeting_scheduled`), a nudge kind, `staff_digest`… */
  kind: string;
  toAddress: string;
  /** The recipient in the directory, when known; `recipientName` is theirs (null once they are erased). */
  personId: string | null;
  recipientName: string | null;
  subject: string;
  createdAt: string;
  sentAt: string | null;
  /** Held until then (the recipient's waking hours); null when it went at once. */
  notBefore: string | null;
  status: 'pending' | 'sent' | 'stored' | 'failed';
}

/**
 * The messages sent (or held, or failed) about one program, newest first, for its staff. The caller checks that
 * the actor may see the program (`programForStaff`); this only scopes by organisation and program.
 */
export async function listProgramMail(
  db: Db,
  input: { organisationId: string; programId: string; limit: number; offset: number },
): Promise<{ rows: ProgramMailRow[]; total: number }> {
  const { rows, total } = await listProgramOutbox(db, input);
  return {
    total,
    rows: rows.map((row) => ({
      ...row,
      status: row.status as ProgramMailRow['status'],
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
      notBefore: row.notBefore?.toISOString() ?? null,
    })),
  };
}

// A one-time link is for its recipient only: an admin reading the mailbox could otherwise take over the account
// (and read its private notes). Whatever the delivery status, the mailbox shows the redacted version
// (docs/decisions/015-accounts-security.md).
const hiddenBody = 'This message held a one-time link; only its recipient can use it, so it is hidden here.';

function toMailMessage(row: OutboxRow) {
  const hide = row.carriesSecret;
  const attachments = storedAttachments(row.attachments);
  return {
    id: row.id,
    toAddress: row.toAddress,
    subject: row.subject,
    kind: row.kind,
    status: row.status as 'pending' | 'sent' | 'stored' | 'failed',
    linkHidden: hide,
    attachmentCount: attachments.length,
    createdAt: row.createdAt.toISOString(),
    notBefore: row.notBefore?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    textBody: hide ? (row.redactedTextBody ?? hiddenBody) : row.textBody,
    htmlBody: hide ? row.redactedHtmlBody : row.htmlBody,
    lastError: row.lastError,
    // Names, types and sizes only: what went with the message, not the files themselves.
    attachments: attachments.map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      size: Buffer.byteLength(file.content, 'utf8'),
      calendarMethod: isCalendar(file) ? calendarMethodOf(file.content) : null,
    })),
    headers: Object.entries(storedHeaders(row.headers)).map(([name, value]) => ({ name, value })),
  };
}

export type MailMessage = ReturnType<typeof toMailMessage>;
export type MailSummary = Omit<
  MailMessage,
  'textBody' | 'htmlBody' | 'lastError' | 'attachments' | 'headers'
>;

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
    const {
      textBody: _t,
      htmlBody: _h,
      lastError: _e,
      attachments: _a,
      headers: _hd,
      ...summary
    } = toMailMessage(row);
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
  if (row.carriesSecret) {
    // Redacted, yet who opened a message meant to carry someone's key is worth knowing.
    await recordAudit(ctx.db, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: 'mailbox.secret_message_read',
      targetType: 'email',
      targetId: row.id,
      details: { to: row.toAddress, kind: row.kind, status: row.status },
      at: ctx.now(),
    });
  }
  return toMailMessage(row);
}
