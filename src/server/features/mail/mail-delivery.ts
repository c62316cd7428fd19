import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../../context.ts';
import type { JobHandler } from '../../jobs/job-queue.ts';
import {
  countOutboxAttempt,
  findOutboxMessage,
  markOutboxDelivered,
  recordOutboxFailure,
} from './mail.repository.ts';

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
      from: ctx.config.mailFrom,
      to: message.toAddress,
      subject: message.subject,
      text: message.textBody,
      ...(message.htmlBody ? { html: message.htmlBody } : {}),
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
