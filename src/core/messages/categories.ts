/**
 * What kind of message a notice is, for the person's preferences (email / in-app / off per category) and for the
 * digest: every notification kind belongs to one category; urgent kinds are emailed at once even for people who
 * chose a digest. Security email (password resets, invitations) is not a category: it cannot be turned off.
 */

export const messageCategories = [
  'matches',
  'requests',
  'agreements',
  'meetings',
  'goals_and_actions',
  'notes',
  'surveys',
  'reminders',
  'enrolment',
  'program_staff',
] as const;
export type MessageCategory = (typeof messageCategories)[number];

export const messageChannels = ['email', 'in_app', 'off'] as const;
export type MessageChannel = (typeof messageChannels)[number];

export const digestFrequencies = ['off', 'daily', 'weekly'] as const;
export type DigestFrequency = (typeof digestFrequencies)[number];

/** How each category is described to the person choosing, and what it does by default. */
export const categoryInfo: Record<
  MessageCategory,
  { label: string; description: string; default: MessageChannel }
> = {
  matches: {
    label: 'Matches and relationships',
    description: 'You are matched, a relationship starts, ends, or a rematch is handled.',
    default: 'email',
  },
  requests: {
    label: 'Mentoring requests',
    description: 'Requests you receive or send: accepted, declined, questions, reminders and expiry.',
    default: 'email',
  },
  agreements: {
    label: 'Agreements',
    description: 'An agreement is ready to sign, changed, signed, or still waiting for you.',
    default: 'email',
  },
  meetings: {
    label: 'Meetings',
    description: 'Invitations, changes and cancellations (with a calendar file), reminders before a meeting.',
    default: 'email',
  },
  goals_and_actions: {
    label: 'Goals and action items',
    description: 'Action items assigned to you or overdue, goals added or completed, milestones.',
    default: 'email',
  },
  notes: { label: 'Shared notes', description: 'Your partner shared a note with you.', default: 'in_app' },
  surveys: {
    label: 'Check-ins and surveys',
    description: 'A check-in or closing survey is open for you, and reminders to fill it.',
    default: 'email',
  },
  reminders: {
    label: 'Nudges about your relationship',
    description: 'No first meeting yet, no meeting for a while, the relationship is ending soon.',
    default: 'email',
  },
  enrolment: {
    label: 'Enrolment',
    description:
      'A program opens for enrolment; your enrolment is approved, waitlisted, promoted or declined; reminders to complete your profile.',
    default: 'email',
  },
  program_staff: {
    label: 'Programs you run',
    description: 'Escalations about quiet pairs and the weekly digest of your programs.',
    default: 'email',
  },
};

const categoryOfKind: Record<string, MessageCategory> = {
  relationship_started: 'matches',
  relationship_ended: 'matches',
  relationship_completed: 'matches',
  relationship_reassigned: 'matches',
  reassigned: 'matches',
  rematch_handled: 'matches',
  celebration: 'goals_and_actions',
  mentoring_request: 'requests',
  request_to_answer: 'requests',
  request_accepted: 'requests',
  request_declined: 'requests',
  request_withdrawn: 'requests',
  request_expired: 'requests',
  request_info_requested: 'requests',
  request_info_answered: 'requests',
  request_reminder: 'requests',
  agreement: 'agreements',
  agreement_to_sign: 'agreements',
  agreement_edited: 'agreements',
  agreement_signed: 'agreements',
  agreement_unsigned: 'agreements',
  meeting_scheduled: 'meetings',
  meeting_rescheduled: 'meetings',
  meeting_cancelled: 'meetings',
  meeting_held: 'meetings',
  meeting_no_show: 'meetings',
  meeting_to_rate: 'meetings',
  meeting_reminder: 'meetings',
  action_item_assigned: 'goals_and_actions',
  action_item_added: 'goals_and_actions',
  action_item_done: 'goals_and_actions',
  action_item_overdue: 'goals_and_actions',
  goal_added: 'goals_and_actions',
  goal_done: 'goals_and_actions',
  milestone_reached: 'goals_and_actions',
  note_shared: 'notes',
  check_in: 'surveys',
  check_in_due: 'surveys',
  closing: 'surveys',
  closing_survey_due: 'surveys',
  survey_reminder: 'surveys',
  no_first_meeting: 'reminders',
  quiet_pair: 'reminders',
  ending_soon: 'reminders',
  inactive_warning: 'reminders',
  inactive_closed: 'matches',
  program_launch: 'enrolment',
  'enrolment.approved': 'enrolment',
  'enrolment.rejected': 'enrolment',
  'enrolment.closed': 'enrolment',
  'enrolment.promoted': 'enrolment',
  'enrolment.waitlisted': 'enrolment',
  'enrolment.profile_reminder': 'enrolment',
  escalation: 'program_staff',
  survey_attention: 'program_staff',
  staff_digest: 'program_staff',
};

/** The category of a notification kind; kinds nobody listed are relationship news. */
export function categoryOf(kind: string): MessageCategory {
  return categoryOfKind[kind] ?? 'matches';
}

/**
 * Sent at once even to people who chose a digest: they are about a time (a meeting, a deadline) or someone waits
 * for an answer. Everything else can wait for the digest.
 */
const urgentKinds = new Set([
  'relationship_started',
  'mentoring_request',
  'request_to_answer',
  'request_accepted',
  'request_info_requested',
  'request_info_answered',
  'request_reminder',
  'request_expired',
  'agreement_to_sign',
  'meeting_scheduled',
  'meeting_rescheduled',
  'meeting_cancelled',
  'meeting_reminder',
  'inactive_warning',
  'escalation',
]);

export function isUrgent(kind: string): boolean {
  return urgentKinds.has(kind);
}

/** The channel a person gets for a kind: their choice for its category, else the category's default. */
export function channelFor(
  kind: string,
  choices: Partial<Record<string, MessageChannel>> | null,
): MessageChannel {
  const category = categoryOf(kind);
  return choices?.[category] ?? categoryInfo[category].default;
}
