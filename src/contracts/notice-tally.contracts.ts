import { z } from 'zod';

/**
 * Who was actually told about a change, and how, counted in people (not notices): what a bulk action or a publish
 * reports instead of "N notified". Emails are decided as the emailer will decide them a moment later, with each
 * person's preferences (decision 020).
 */
export const noticeTally = z.object({
  people: z.number().int().describe('People the change concerns'),
  byEmail: z
    .number()
    .int()
    .describe('Told in the app and by an email sent now (held until their waking hours if need be)'),
  inDigest: z.number().int().describe('Told in the app; the email waits for the digest they chose'),
  inAppOnly: z
    .number()
    .int()
    .describe('Told in the app only: they chose in-app for this kind of message, or have no email address'),
  notTold: z.number().int().describe('Not told at all: they turned this kind of message off'),
  withoutAccount: z
    .number()
    .int()
    .describe('Of the people told, those with no account yet (their email invites them to create one)'),
});
export type NoticeTally = z.infer<typeof noticeTally>;
