import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';

const mailStatus = z.enum(['pending', 'sent', 'stored', 'failed']);

export const mailSummary = z.object({
  id: z.uuid(),
  toAddress: z.string(),
  subject: z.string(),
  kind: z.string(),
  status: mailStatus,
  /** The message carries a one-time link for its recipient: the bodies shown here have it hidden. */
  linkHidden: z.boolean(),
  /** How many files go with it (e.g. a meeting's calendar invitation). */
  attachmentCount: z.number().int().min(0),
  createdAt: isoDateTime,
  /** Held until then (the recipient's waking hours); null when it goes at once. */
  notBefore: isoDateTime.nullable(),
  sentAt: isoDateTime.nullable(),
});
export type MailSummary = z.infer<typeof mailSummary>;

const mailAttachment = z.object({
  filename: z.string(),
  contentType: z.string(),
  /** Its size in bytes. */
  size: z.number().int().min(0),
  /** A calendar invitation's method: REQUEST adds or updates the event, CANCEL removes it; null for other files. */
  calendarMethod: z.string().nullable(),
});
export type MailAttachment = z.infer<typeof mailAttachment>;

export const mailMessage = mailSummary.extend({
  textBody: z.string(),
  htmlBody: z.string().nullable(),
  lastError: z.string().nullable(),
  attachments: z.array(mailAttachment),
  /** The extra headers the message goes with, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
});
export type MailMessage = z.infer<typeof mailMessage>;

export const mailboxQuery = z.strictObject({ ...paginationQuery, to: z.string().max(254).optional() });
export type MailboxQuery = z.infer<typeof mailboxQuery>;
