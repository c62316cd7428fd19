/**
 * The reminders and nudges a program sends, with their defaults (issue 11, product spec §7). A program stores only
 * what its staff changed (`program_message_settings.nudges`); `resolveNudgeSettings` fills in the rest.
 */

export const nudgeKinds = [
  'meeting_reminder',
  'no_first_meeting',
  'quiet_pair',
  'agreement_unsigned',
  'request_reminder',
  'survey_reminder',
  'action_item_overdue',
  'ending_soon',
  'escalation',
  'inactive_closure',
  'staff_digest',
] as const;
export type NudgeKind = (typeof nudgeKinds)[number];

export interface NudgeSettings {
  /** 24 h and 1 h before the meeting, in the recipient's zone. */
  meeting_reminder: { enabled: boolean; hoursBefore: number[] };
  /** Days after the relationship started with no meeting held or scheduled. */
  no_first_meeting: { enabled: boolean; days: number };
  /** Days with no meeting held or scheduled; null: from the program's cadence (quietDaysForCadence). */
  quiet_pair: { enabled: boolean; days: number | null };
  /** Days after the agreement was proposed with a signature missing. */
  agreement_unsigned: { enabled: boolean; days: number };
  /** Days a request waits before the mentor is reminded (it expires after the program's request expiry days). */
  request_reminder: { enabled: boolean; days: number };
  /** Days after a check-in or closing survey opened without an answer. */
  survey_reminder: { enabled: boolean; days: number };
  /** Days after an action item's due date while it is still open. */
  action_item_overdue: { enabled: boolean; days: number };
  /** Days before the relationship's planned end. */
  ending_soon: { enabled: boolean; days: number };
  /** Days after a quiet-pair nudge with the pair still quiet: the program's staff are told. */
  escalation: { enabled: boolean; days: number };
  /** Off by default: after `days` inactive both are warned, and the relationship closes `noticeDays` later. */
  inactive_closure: { enabled: boolean; days: number; noticeDays: number };
  /** The weekly digest to the program's staff. */
  staff_digest: { enabled: boolean };
}

export const defaultNudgeSettings: NudgeSettings = {
  meeting_reminder: { enabled: true, hoursBefore: [24, 1] },
  no_first_meeting: { enabled: true, days: 7 },
  quiet_pair: { enabled: true, days: null },
  agreement_unsigned: { enabled: true, days: 7 },
  request_reminder: { enabled: true, days: 3 },
  survey_reminder: { enabled: true, days: 3 },
  action_item_overdue: { enabled: true, days: 1 },
  ending_soon: { enabled: true, days: 14 },
  escalation: { enabled: true, days: 7 },
  inactive_closure: { enabled: false, days: 90, noticeDays: 7 },
  staff_digest: { enabled: true },
};

/** What each kind is called where staff see and change it. */
export const nudgeKindLabels: Record<NudgeKind, string> = {
  meeting_reminder: 'Meeting reminders',
  no_first_meeting: 'No first meeting',
  quiet_pair: 'Quiet pair',
  agreement_unsigned: 'Agreement not signed',
  request_reminder: 'Request waiting for the mentor',
  survey_reminder: 'Check-in or survey not answered',
  action_item_overdue: 'Overdue action items',
  ending_soon: 'Relationship ending soon',
  escalation: 'Escalation to staff',
  inactive_closure: 'Close inactive relationships',
  staff_digest: 'Weekly staff digest',
};

/** What each kind does, in the words staff read beside its switch. */
export const nudgeKindDescriptions: Record<NudgeKind, string> = {
  meeting_reminder:
    'Both sides are reminded before each meeting, in their waking hours and never after it starts.',
  no_first_meeting:
    'Both sides are nudged when no meeting is held or planned this many days after they started.',
  quiet_pair:
    'Both sides are nudged when they have not met for this many days and have nothing planned (by default from the program’s meeting cadence).',
  agreement_unsigned:
    'Whoever has not signed the agreement is reminded this many days after it was proposed.',
  request_reminder:
    'The mentor is reminded of a request still waiting for an answer after this many days, before it expires.',
  survey_reminder:
    'Whoever has not answered the check-in or the closing survey is reminded this many days after it opened.',
  action_item_overdue:
    'Whoever owns an action item still open this many days after its due date is reminded.',
  ending_soon: 'Both sides are told this many days before the relationship’s planned end.',
  escalation:
    'The program’s coordinators (or, without any, the organisation’s admins) are told when a pair nudged for being quiet is still quiet this many days later.',
  inactive_closure:
    'Off unless switched on: both sides are warned after this many days without any activity, and the relationship is closed after the notice days if nothing happens.',
  staff_digest: 'Each Monday the program’s staff get a summary of the week.',
};

/** Days without a meeting after which a pair counts as quiet, from how often the program asks them to meet. */
export function quietDaysForCadence(cadence: string): number {
  if (cadence === 'weekly') return 14;
  if (cadence === 'monthly') return 45;
  return 21;
}

export type NudgeOverrides = { [K in NudgeKind]?: Partial<NudgeSettings[K]> };

/** The program's settings: its overrides over the defaults, kind by kind, field by field. */
export function resolveNudgeSettings(overrides: NudgeOverrides | null | undefined): NudgeSettings {
  const resolved = structuredClone(defaultNudgeSettings) as NudgeSettings;
  if (!overrides) return resolved;
  for (const kind of nudgeKinds) {
    const override = overrides[kind];
    if (override && typeof override === 'object') Object.assign(resolved[kind], override);
  }
  return resolved;
}
