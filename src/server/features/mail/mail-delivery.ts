import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../../context.ts';
import type { JobHandler } from '../../jobs/job-queue.ts';
import {
  countOutboxAttempt,
  findOrganisationName,
  findOutboxMessage,
  markOutboxDelivered,
  recordOutboxFailure,
} from './mail.repository.ts';
import { calendarMethodOf, isCalendar, storedAttachments, storedHeaders } from './mail-attachments.ts';

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/**
 * A calendar invitation goes as nodemailer's `icalEvent`: a `text/calendar; method=…` alternative beside the text and
 * HTML (plus the file), which is what Gmail and Outlook need to show it as an invitation with its buttons. Any other
 * attachment goes as a plain file. Only one calendar part fits a message; a second would go as a file.
 */
function attachmentsOf(stored: unknown) {
  const list = storedAttachments(stored);
  const calendar = list.find(isCalendar);
  const others = list.filter((a) => a !== calendar);
  return {
    ...(calendar
      ? {
          icalEvent: {
            method: calendarMethodOf(calendar.content),
            filename: calendar.filename,
            content: calendar.content,
          },
        }
      : {}),
    ...(others.length > 0
      ? {
          attachments: others.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: a.content,
          })),
        }
      : {}),
  };
}

/**
 * Email goes out in the organisation's name: "Acme (via Trellis) <no-reply@…>", keeping MAIL_FROM's address (the
 * one the SMTP server may send as). Without an organisation, MAIL_FROM as configured.
 */
async function senderFor(ctx: AppContext, organisationId: string | null) {
  const name = organisationId ? await findOrganisationName(ctx.db, organisationId) : null;
  if (!name) return ctx.config.mailFrom;
  const address = ctx.config.mailFrom.match(/<([^>]+)>/)?.[1] ?? ctx.config.mailFrom.trim();
  return { name: `${name} (via Trellis)`, address };
}

/**
 * The `deliver_email` job: send one outbox message through SMTP when configured, otherwise keep it in the
 * built-in mailbox. A message already delivered is skipped, so a job retried after a crash never sends twice
 * unless the crash fell between the SMTP server's acceptance and our marking it sent.
 */
export const deliverEmailJob: JobHandler = async (ctx: AppContext, job) => {
  const { outboxId } = job.payload as { outboxId: string };
  const message = await findOutboxMessage(ctx.db, outboxId);
  if (!message) return { skipped: 'message no longer exists' };
  if (message.status !== 'pending') return { skipped: `already ${message.status}` };
  await countOutboxAttempt(ctx.db, message.id);
  const smtpUrl = ctx.config.smtpUrl;
  if (!smtpUrl) {
    await markOutboxDelivered(ctx.db, { id: message.id, status: 'stored', at: ctx.now() });
    return { delivered: 'mailbox' };
  }
  try {
    const info = await transportFor(smtpUrl).sendMail({
      from: await senderFor(ctx, message.organisationId),
      to: message.toAddress,
      subject: message.subject,
      text: message.textBody,
      ...(message.htmlBody ? { html: message.htmlBody } : {}),
      ...attachmentsOf(message.attachments),
      headers: storedHeaders(message.headers),
    });
    await markOutboxDelivered(ctx.db, { id: message.id, status: 'sent', at: ctx.now() });
    return { delivered: 'smtp', messageId: info.messageId };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    await recordOutboxFailure(ctx.db, {
      id: message.id,
      error: text,
      final: job.attempt >= job.maxAttempts,
    });
    throw error;
  }
};
