import { z } from 'zod';
import { digestFrequencies, messageCategories, messageChannels } from '../core/messages/categories.ts';
import { nudgeKinds } from '../core/nudges/settings.ts';
import { isoDateTime, paginated, paginationQuery } from './common.ts';

// ── A person's message preferences (GET/PUT /api/me/message-preferences) ────────────────────────────────────────

export const messageCategory = z.enum(messageCategories);
export const messageChannel = z.enum(messageChannels);
export const digestFrequency = z.enum(digestFrequencies);
export type MessageCategoryName = z.infer<typeof messageCategory>;
export type MessageChannelName = z.infer<typeof messageChannel>;
export type DigestFrequencyName = z.infer<typeof digestFrequency>;

export const messagePreferences = z.object({
  categories: z.array(
    z.object({
      category: messageCategory,
      label: z.string(),
      description: z.string(),
      channel: messageChannel,
      defaultChannel: messageChannel,
    }),
  ),
  digest: digestFrequency,
  /** False for an account with no person in the directory: nothing is sent to it but security email. */
  applies: z.boolean(),
});
export type MessagePreferences = z.infer<typeof messagePreferences>;

export const updateMessagePreferencesRequest = z.strictObject({
  channels: z.partialRecord(messageCategory, messageChannel).optional(),
  digest: digestFrequency.optional(),
});
export type UpdateMessagePreferencesRequest = z.input<typeof updateMessagePreferencesRequest>;

// ── One-click unsubscribe (no sign-in: the link is signed) ──────────────────────────────────────────────────────

export const unsubscribeParams = z.strictObject({ token: z.string().min(10).max(400) });
export const unsubscribeResult = z.object({
  category: messageCategory,
  label: z.string(),
  /** What the person now gets for that category. */
  channel: messageChannel,
});
export type UnsubscribeResult = z.infer<typeof unsubscribeResult>;

// ── A program's reminders and nudges (staff) ─────────────────────────────────────────────────────────────────────

export const nudgeKind = z.enum(nudgeKinds);
export type NudgeKindName = z.infer<typeof nudgeKind>;

const days = z.number().int().min(1).max(365);
/** What staff may change; every field optional (a missing one keeps the default). */
export const nudgeOverrides = z.strictObject({
  meeting_reminder: z
    .strictObject({
      enabled: z.boolean(),
      hoursBefore: z
        .array(
          z
            .number()
            .int()
            .min(1)
            .max(24 * 7),
        )
        .max(4),
    })
    .partial()
    .optional(),
  no_first_meeting: z.strictObject({ enabled: z.boolean(), days }).partial().optional(),
  quiet_pair: z.strictObject({ enabled: z.boolean(), days: days.nullable() }).partial().optional(),
  agreement_unsigned: z.strictObject({ enabled: z.boolean(), days }).partial().optional(),
  request_reminder: z.strictObject({ enabled: z.boolean(), days }).partial().optional(),
  survey_reminder: z.strictObject({ enabled: z.boolean(), days }).partial().optional(),
  action_item_overdue: z.strictObject({ enabled: z.boolean(), days }).partial().optional(),
  ending_soon: z.strictObject({ enabled: z.boolean(), days }).partial().optional(),
  escalation: z.strictObject({ enabled: z.boolean(), days }).partial().optional(),
  inactive_closure: z
    .strictObject({ enabled: z.boolean(), days: z.number().int().min(14).max(730), noticeDays: days })
    .partial()
    .optional(),
  staff_digest: z.strictObject({ enabled: z.boolean() }).partial().optional(),
});
export type NudgeOverridesInput = z.input<typeof nudgeOverrides>;

export const programMessageSettingsResponse = z.object({
  /** Every kind with its effective values (defaults filled in). */
  kinds: z.array(
    z.object({
      kind: nudgeKind,
      label: z.string(),
      description: z.string(),
      enabled: z.boolean(),
      paused: z.boolean(),
      /** The kind's numbers, e.g. { days: 7 } or { hoursBefore: [24, 1] }; quiet_pair.days null: from the cadence. */
      values: z.record(z.string(), z.union([z.number(), z.array(z.number()), z.null()])),
      defaults: z.record(z.string(), z.union([z.number(), z.array(z.number()), z.null(), z.boolean()])),
    }),
  ),
  /** quiet_pair's days when it follows the program's meeting cadence. */
  quietDaysFromCadence: z.number().int(),
});
export type ProgramMessageSettings = z.infer<typeof programMessageSettingsResponse>;

export const updateProgramMessageSettingsRequest = z.strictObject({
  nudges: nudgeOverrides.optional(),
  pausedKinds: z.array(nudgeKind).max(nudgeKinds.length).optional(),
});
export type UpdateProgramMessageSettingsRequest = z.input<typeof updateProgramMessageSettingsRequest>;

// ── What goes out: scheduled (next 30 days) and sent messages of a program (staff) ──────────────────────────────

export const scheduledMessagesQuery = z.strictObject({ ...paginationQuery, kind: nudgeKind.optional() });
export const scheduledMessage = z.object({
  id: z.uuid(),
  kind: z.string(),
  kindLabel: z.string(),
  recipientName: z.string(),
  relationshipId: z.uuid().nullable(),
  dueAt: isoDateTime,
  sendAt: isoDateTime,
  reason: z.string(),
  /** Its kind is paused for the program: it will not go out until resumed. */
  paused: z.boolean(),
});
export type ScheduledMessage = z.infer<typeof scheduledMessage>;
export const scheduledMessagesPage = paginated(scheduledMessage);
export type ScheduledMessagesPage = z.infer<typeof scheduledMessagesPage>;
export type ScheduledMessagesQuery = z.infer<typeof scheduledMessagesQuery>;

export const sentMessagesQuery = z.strictObject({ ...paginationQuery });
export const sentMessage = z.object({
  id: z.uuid(),
  kind: z.string(),
  recipientName: z.string().nullable(),
  toAddress: z.string(),
  subject: z.string(),
  createdAt: isoDateTime,
  sentAt: isoDateTime.nullable(),
  /** Not before this time (the recipient's quiet hours), when held back. */
  notBefore: isoDateTime.nullable(),
  status: z.enum(['pending', 'sent', 'stored', 'failed']),
});
export type SentMessage = z.infer<typeof sentMessage>;
export const sentMessagesPage = paginated(sentMessage);
export type SentMessagesPage = z.infer<typeof sentMessagesPage>;
export type SentMessagesQuery = z.infer<typeof sentMessagesQuery>;
