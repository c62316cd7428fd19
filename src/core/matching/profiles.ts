/**
 * The matching view of a mentor and a mentee: what enrolment (§3) collected, already resolved to plain values.
 * The program service builds these from the database; the CLI builds them from CSV files.
 */

export const learningStyles = ['visual', 'auditory', 'reading', 'kinesthetic'] as const;
export type LearningStyle = (typeof learningStyles)[number];

export const meetingModes = ['in_person', 'video', 'phone', 'chat', 'any'] as const;
export type MeetingMode = (typeof meetingModes)[number];

export const departmentPreferences = ['same', 'different', 'any'] as const;
export type DepartmentPreference = (typeof departmentPreferences)[number];

/** An answer to one enrolment-form question: one choice, or several for multi-choice questions. */
export type Answer = string | readonly string[];

/** Fields both sides of a pair carry. Unknown values are `null` or empty, never guessed. */
interface ProfileBase {
  /** Person id, unique within the organisation; the same person may be a mentor in one program and a mentee in another. */
  id: string;
  name?: string;
  /** Position on the organisation's integer ladder (e.g. 1–10); `null` when unknown. */
  level: number | null;
  department: string | null;
  jobFunction: string | null;
  /** Ids of everyone above the person in the reporting line, nearest manager first. */
  managerChain: readonly string[];
  /** Free text: the mentee's career goals, or what the mentor can help with. */
  goals: string;
  learningStyle: LearningStyle | null;
  meetingMode: MeetingMode | null;
  /** IANA time zone, e.g. `Europe/Paris`; `null` when unknown. */
  timeZone: string | null;
  languages: readonly string[];
  /** Enrolment-form answers by question id. */
  answers: Readonly<Record<string, Answer>>;
  /** People this person will not be paired with (a mentee's avoid list, a mentor's declined mentees). */
  avoidIds: readonly string[];
}

export interface MentorProfile extends ProfileBase {
  skillsOffered: readonly string[];
  /** How many mentees the mentor takes in this program in total. */
  capacity: number;
  /** Mentees already paired with the mentor in this program (counts against capacity). */
  currentMentees?: number;
  /** Open self-select requests waiting for the mentor (used only to spread suggestions). */
  pendingRequests?: number;
}

export interface MenteeProfile extends ProfileBase {
  skillsWanted: readonly string[];
  /** The job function the mentee wants to grow into; `null` when not stated. */
  targetFunction: string | null;
  departmentPreference: DepartmentPreference;
  /** Mentors the mentee named as preferred. */
  preferredMentorIds: readonly string[];
}

/** A mentor profile with every optional field empty: handy for tests and for callers that fill a few fields. */
export function emptyMentor(id: string, overrides: Partial<MentorProfile> = {}): MentorProfile {
  return {
    id,
    level: null,
    department: null,
    jobFunction: null,
    managerChain: [],
    goals: '',
    learningStyle: null,
    meetingMode: null,
    timeZone: null,
    languages: [],
    answers: {},
    avoidIds: [],
    skillsOffered: [],
    capacity: 1,
    ...overrides,
  };
}

/** A mentee profile with every optional field empty. */
export function emptyMentee(id: string, overrides: Partial<MenteeProfile> = {}): MenteeProfile {
  return {
    id,
    level: null,
    department: null,
    jobFunction: null,
    managerChain: [],
    goals: '',
    learningStyle: null,
    meetingMode: null,
    timeZone: null,
    languages: [],
    answers: {},
    avoidIds: [],
    skillsWanted: [],
    targetFunction: null,
    departmentPreference: 'any',
    preferredMentorIds: [],
    ...overrides,
  };
}

/** Case- and space-insensitive key for vocabulary values (skills, languages, functions, departments, answers). */
export function normaliseTerm(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The distinct non-empty normalised terms of a profile list (skills, languages, answers). */
export function distinctTerms(values: readonly string[]): string[] {
  return [...new Set(values.map(normaliseTerm).filter((value) => value !== ''))];
}

/** The distinct normalised choices of one answer (a single choice or several). */
export function answerTerms(answer: Answer | undefined): string[] {
  if (answer === undefined) return [];
  return distinctTerms(typeof answer === 'string' ? [answer] : answer);
}

/**
 * Reporting-line ancestors from a manager map (person id -> manager id), nearest first.
 * Stops on cycles, which HRIS exports do contain, rather than looping.
 */
export function managerChainOf(personId: string, managerOf: ReadonlyMap<string, string | null>): string[] {
  const chain: string[] = [];
  const seen = new Set<string>([personId]);
  let current = managerOf.get(personId) ?? null;
  while (current !== null && !seen.has(current)) {
    chain.push(current);
    seen.add(current);
    current = managerOf.get(current) ?? null;
  }
  return chain;
}
