import type { EnrolmentRole } from '../../../../src/contracts/enrolments.contracts.ts';
import type { MentoringProfile } from '../../../../src/contracts/mentoring-profiles.contracts.ts';
import type { ProfileValues } from './enrol-form-values.ts';

/** The fields of the enrolment form that depend on the role, from the person's profile (switching role refills them). */
export function roleFieldsFromProfile(
  role: EnrolmentRole,
  profile: MentoringProfile,
): Pick<ProfileValues, 'skills' | 'goals' | 'capacity'> {
  return role === 'mentor'
    ? { skills: profile.skillsOffered, goals: profile.helpWith, capacity: profile.capacity ?? 2 }
    : { skills: profile.skillsWanted, goals: profile.goals, capacity: 2 };
}

/** A new enrolment's form, filled in from the person's profile (issue 13 §3). */
export function prefilledProfileValues(role: EnrolmentRole, profile: MentoringProfile): ProfileValues {
  return {
    ...roleFieldsFromProfile(role, profile),
    skillsNote: profile.skillsNote,
    targetFunction: profile.targetFunction ?? '',
    learningStyle: profile.learningStyle,
    meetingMode: profile.meetingMode,
    languages: profile.languages.length > 0 ? profile.languages : ['English'],
    availability: profile.availability,
    departmentPreference: profile.departmentPreference,
  };
}
