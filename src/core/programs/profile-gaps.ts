/*
 * What an enrolment leaves matching to guess (issue 13 §4): no skills, no goals, required questions of the form
 * unanswered. Matching scores a missing value as a neutral half mark, so a program full of thin profiles is matched
 * on little evidence; staff see these before a run and can remind the people concerned.
 */
import type { FormQuestion } from './enrolment-answers.ts';

export type ProfileGap = 'skills' | 'goals' | 'questions';

/** The stored enrolment profile, as loosely as it may have been written (older rows, bulk enrolments: `{}`). */
type StoredProfile = Readonly<Record<string, unknown>>;
type StoredAnswers = Readonly<Record<string, unknown>>;

export interface ProfileGaps {
  gaps: ProfileGap[];
  /** Required questions of the person's form left unanswered. */
  unansweredQuestions: number;
  /** Nothing said at all: no skills, goals, note, style, way to meet, target function, availability or answer. */
  empty: boolean;
}

function filledText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function filledList(value: unknown): boolean {
  return Array.isArray(value) && value.some((item) => filledText(item));
}

function answered(value: unknown): boolean {
  if (typeof value === 'number') return true;
  return filledText(value) || filledList(value);
}

/** The gaps of one enrolment's profile and answers, for its role, against the program's form. */
export function profileGapsOf(
  role: 'mentor' | 'mentee',
  profile: StoredProfile,
  answers: StoredAnswers,
  questions: readonly FormQuestion[],
): ProfileGaps {
  const skills = filledList(role === 'mentor' ? profile.skillsOffered : profile.skillsWanted);
  const goals = filledText(profile.goals);
  const unansweredQuestions = questions.filter(
    (question) =>
      question.required &&
      (question.audience === 'both' || question.audience === role) &&
      !answered(answers[question.id]),
  ).length;
  const gaps: ProfileGap[] = [];
  if (!skills) gaps.push('skills');
  if (!goals) gaps.push('goals');
  if (unansweredQuestions > 0) gaps.push('questions');
  const saidAnything =
    skills ||
    goals ||
    filledText(profile.skillsNote) ||
    filledText(profile.learningStyle) ||
    filledText(profile.meetingMode) ||
    filledText(profile.availability) ||
    (role === 'mentee' && filledText(profile.targetFunction)) ||
    Object.values(answers).some(answered);
  return { gaps, unansweredQuestions, empty: !saidAnything };
}
