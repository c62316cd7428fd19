import { z } from 'zod';

/**
 * Shapes the workspace features share with each other, the web app and the demo data. Each feature's own
 * request/response schemas live in its `<feature>.contracts.ts`.
 */

export const plainDate = z.iso.date().describe('YYYY-MM-DD');

export const meetingFrequencies = ['weekly', 'fortnightly', 'monthly', 'as_needed'] as const;
export const communicationModes = ['video', 'in_person', 'phone', 'chat', 'email'] as const;

/** What a mentoring agreement says (§6); a program's template prefills it. */
export const agreementContent = z.strictObject({
  goals: z.string().trim().max(4000),
  meetingFrequency: z.enum(meetingFrequencies),
  communicationModes: z.array(z.enum(communicationModes)).max(communicationModes.length),
  confidentiality: z.string().trim().max(4000),
  groundRules: z.string().trim().max(4000),
  endDate: plainDate.nullable(),
});
export type AgreementContent = z.infer<typeof agreementContent>;

export const goalStatuses = ['not_started', 'on_track', 'at_risk', 'done', 'dropped'] as const;
export type GoalStatus = (typeof goalStatuses)[number];
export const goalProgressModes = ['percent', 'milestones'] as const;

export const meetingStatuses = ['scheduled', 'held', 'cancelled', 'no_show'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

/** "What helped" in a meeting's feedback: a short fixed list, so programs can count it. */
export const meetingHelpedOptions = [
  'advice',
  'perspective',
  'encouragement',
  'honest_feedback',
  'connections',
  'resources',
  'action_plan',
  'listening',
] as const;
export const meetingHelpedLabels: Record<(typeof meetingHelpedOptions)[number], string> = {
  advice: 'Practical advice',
  perspective: 'A new perspective',
  encouragement: 'Encouragement',
  honest_feedback: 'Honest feedback',
  connections: 'Introductions to people',
  resources: 'Useful resources',
  action_plan: 'A clear plan',
  listening: 'Being listened to',
};

export const noteVisibilities = ['shared', 'private'] as const;
export const surveyKinds = ['check_in', 'closing', 'rematch_request'] as const;
export const resourceKinds = ['guide', 'prompt', 'training'] as const;
export const resourceAudiences = ['both', 'mentor', 'mentee'] as const;
