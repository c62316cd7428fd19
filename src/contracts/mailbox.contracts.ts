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
  createdAt: isoDateTime,
  sentAt: isoDateTime.nullable(),
});
export type MailSummary = z.infer<typeof mailSummary>;
export const mailMessage = mailSummary.extend({
  textBody: z.string(),
  htmlBody: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type MailMessage = z.infer<typeof mailMessage>;

export const mailboxQuery = z.strictObject({ ...paginationQuery, to: z.string().max(254).optional() });
export type MailboxQuery = z.infer<typeof mailboxQuery>;
