import type {
  AnswersInput,
  Enrolment,
  EnrolmentProfile,
  EnrolmentProfileInput,
  EnrolmentRole,
} from '../../../../src/contracts/enrolments.contracts.ts';
import type { Question } from '../../../../src/contracts/programs.contracts.ts';

/** The profile part of the enrolment form; answers to the program's questions are kept beside it. */
export interface ProfileValues extends Record<string, unknown> {
  skills: string[];
  skillsNote: string;
  goals: string;
  targetFunction: string;
  learningStyle: string | null;
  meetingMode: string | null;
  languages: string[];
  availability: string;
  capacity: number;
  departmentPreference: EnrolmentProfile['departmentPreference'];
}

/** A new enrolment starts empty (speaking English); an existing one from what the person said before. */
export function initialProfileValues(role: EnrolmentRole, existing?: Enrolment): ProfileValues {
  const saved = existing?.profile;
  return {
    skills: (role === 'mentor' ? saved?.skillsOffered : saved?.skillsWanted) ?? [],
    skillsNote: saved?.skillsNote ?? '',
    goals: saved?.goals ?? '',
    targetFunction: saved?.targetFunction ?? '',
    learningStyle: saved?.learningStyle ?? null,
    meetingMode: saved?.meetingMode ?? null,
    languages: saved && saved.languages.length > 0 ? saved.languages : ['English'],
    availability: saved?.availability ?? '',
    capacity: existing?.capacity ?? 2,
    departmentPreference: saved?.departmentPreference ?? 'any',
  };
}

/** The profile as the API takes it: only the role's fields, blanks left out. */
export function toProfileInput(v: ProfileValues, role: EnrolmentRole): EnrolmentProfileInput {
  return {
    ...(role === 'mentor' ? { skillsOffered: v.skills, capacity: v.capacity } : { skillsWanted: v.skills }),
    skillsNote: v.skillsNote.trim() || undefined,
    goals: v.goals.trim() || undefined,
    targetFunction: role === 'mentee' ? v.targetFunction.trim() || null : undefined,
    learningStyle: (v.learningStyle as EnrolmentProfileInput['learningStyle']) ?? null,
    meetingMode: (v.meetingMode as EnrolmentProfileInput['meetingMode']) ?? null,
    languages: v.languages,
    availability: v.availability.trim() || undefined,
    departmentPreference: role === 'mentee' ? v.departmentPreference : undefined,
  };
}

/** The required questions left unanswered, keyed by question id (the server checks them again). */
export function unansweredQuestions(questions: Question[], answers: AnswersInput): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const question of questions) {
    const value = answers[question.id];
    if (
      question.required &&
      (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    )
      missing[question.id] = 'Answer this question';
  }
  return missing;
}
