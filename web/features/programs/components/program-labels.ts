import type {
  MatchingMode,
  MeetingCadence,
  ProgramStatus,
  ProgramType,
  QuestionAudience,
  QuestionKind,
} from '../../../../src/contracts/programs.contracts.ts';

export const programTypeLabel: Record<ProgramType, string> = {
  one_to_one: 'One-to-one',
  peer: 'Peer',
  reverse: 'Reverse',
  group: 'Group',
  flash: 'Flash',
};
export const programTypeDescription: Record<ProgramType, string> = {
  one_to_one: 'A senior mentor and a junior mentee, at least two levels apart',
  peer: 'Colleagues at the same level (within one level) learn from each other',
  reverse: 'A junior mentor shares a skill with a more senior mentee',
  group: 'One mentor meets a small group of mentees',
  flash: 'One focused conversation, no long-term commitment',
};
export const matchingModeLabel: Record<MatchingMode, string> = {
  admin: 'Admin match',
  self_select: 'Self-select',
  hybrid: 'Hybrid',
};
export const matchingModeDescription: Record<MatchingMode, string> = {
  admin: 'You run the matcher, review the pairs and publish them',
  self_select: 'Mentees request mentors from ranked suggestions; mentors accept',
  hybrid: 'Mentees request first; you match whoever is left',
};
export const statusLabel: Record<ProgramStatus, string> = {
  draft: 'Draft',
  enrolling: 'Enrolling',
  matching: 'Matching',
  running: 'Running',
  closed: 'Closed',
};
export const statusColor: Record<ProgramStatus, string> = {
  draft: 'gray',
  enrolling: 'blue',
  matching: 'orange',
  running: 'trellis',
  closed: 'gray',
};
export const cadenceLabel: Record<MeetingCadence, string> = {
  weekly: 'Weekly',
  fortnightly: 'Every two weeks',
  monthly: 'Monthly',
};
export const questionKindLabel: Record<QuestionKind, string> = {
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  scale: 'Scale',
  short_text: 'Short text',
  long_text: 'Long text',
};
export const audienceLabel: Record<QuestionAudience, string> = {
  both: 'Mentors and mentees',
  mentor: 'Mentors only',
  mentee: 'Mentees only',
};

/** The lifecycle (§2): the forward step from each status, as the server allows by default. */
export const nextStatus: Partial<Record<ProgramStatus, ProgramStatus>> = {
  draft: 'enrolling',
  enrolling: 'matching',
  matching: 'running',
  running: 'closed',
};
export const transitionLabel: Record<ProgramStatus, string> = {
  draft: 'Back to draft',
  enrolling: 'Open enrolment',
  matching: 'Close enrolment and start matching',
  running: 'Start the program',
  closed: 'Close the program',
};
