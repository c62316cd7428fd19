/**
 * Web-side shapes of the programs API. They follow the server's schema (§2) and are kept loose (optional fields)
 * where the contract was still being written; the server's zod contracts are the authority.
 */
export const programTypes = ['one_to_one', 'peer', 'reverse', 'group', 'flash'] as const;
export type ProgramType = (typeof programTypes)[number];
export const matchingModes = ['admin', 'self_select', 'hybrid'] as const;
export type MatchingMode = (typeof matchingModes)[number];
export const programStatuses = ['draft', 'enrolling', 'matching', 'running', 'closed'] as const;
export type ProgramStatus = (typeof programStatuses)[number];
export const meetingCadences = ['weekly', 'fortnightly', 'monthly'] as const;
export type MeetingCadence = (typeof meetingCadences)[number];

export interface ProgramCounts {
  mentors?: number;
  mentees?: number;
  pendingApproval?: number;
  waitlisted?: number;
  activeRelationships?: number;
  relationships?: number;
  [key: string]: number | undefined;
}

export interface MyEnrolmentSummary {
  id: string;
  role: 'mentor' | 'mentee';
  status: string;
}

export interface Program {
  id: string;
  name: string;
  description: string;
  goals: string;
  type: ProgramType;
  matchingMode: MatchingMode;
  status: ProgramStatus;
  startsOn: string | null;
  endsOn: string | null;
  enrolmentOpensOn: string | null;
  enrolmentClosesOn: string | null;
  meetingCadence: MeetingCadence;
  relationshipMonths: number;
  mentorDefaultCapacity: number;
  requiresApproval: boolean;
  maxOpenRequests?: number;
  requestExpiryDays?: number;
  suggestionCount?: number;
  createdAt?: string;
  updatedAt?: string;
  counts?: ProgramCounts;
  myEnrolments?: MyEnrolmentSummary[];
  canManage?: boolean;
  allowedTransitions?: ProgramStatus[];
}

export type ProgramInput = Partial<
  Pick<
    Program,
    | 'name'
    | 'description'
    | 'goals'
    | 'type'
    | 'matchingMode'
    | 'startsOn'
    | 'endsOn'
    | 'enrolmentOpensOn'
    | 'enrolmentClosesOn'
    | 'meetingCadence'
    | 'relationshipMonths'
    | 'mentorDefaultCapacity'
    | 'requiresApproval'
    | 'maxOpenRequests'
    | 'requestExpiryDays'
    | 'suggestionCount'
  >
>;

export const questionKinds = [
  'single_choice',
  'multiple_choice',
  'scale',
  'short_text',
  'long_text',
] as const;
export type QuestionKind = (typeof questionKinds)[number];
export const questionAudiences = ['both', 'mentor', 'mentee'] as const;
export type QuestionAudience = (typeof questionAudiences)[number];

export interface ProgramQuestion {
  id: string;
  position: number;
  kind: QuestionKind;
  label: string;
  help: string | null;
  options: string[];
  required: boolean;
  useInMatching: boolean;
  audience: QuestionAudience;
}

export type QuestionInput = Omit<ProgramQuestion, 'id' | 'position'> & {
  scale?: { min: number; max: number };
};

export interface Skill {
  id: string;
  name: string;
  category: string | null;
}

export interface Coordinator {
  userId: string;
  name: string;
  email: string;
}

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
