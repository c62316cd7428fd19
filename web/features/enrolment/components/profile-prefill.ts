import type { EnrolmentProfile, EnrolmentRole } from '../../../../src/contracts/enrolments.contracts.ts';
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

/** Whether an enrolment says nothing about the person yet (staff enrolled them in bulk or from a file). */
export function isBlankProfile(profile: EnrolmentProfile): boolean {
  return (
    profile.skillsOffered.length === 0 &&
    profile.skillsWanted.length === 0 &&
    profile.goals.trim() === '' &&
    profile.skillsNote.trim() === '' &&
    profile.availability.trim() === '' &&
    profile.learningStyle === null &&
    profile.meetingMode === null &&
    profile.targetFunction === null &&
    profile.languages.length === 0
  );
}

/**
 * An enrolment form filled in from the person's profile (issue 13 §3); `capacity` is the enrolment's own when it
 * has one (staff set it).
 */
export function prefilledProfileValues(
  role: EnrolmentRole,
  profile: MentoringProfile,
  capacity?: number | null,
): ProfileValues {
  const fields = roleFieldsFromProfile(role, profile);
  return {
    ...fields,
    capacity: capacity ?? fields.capacity,
    skillsNote: profile.skillsNote,
    targetFunction: profile.targetFunction ?? '',
    learningStyle: profile.learningStyle,
    meetingMode: profile.meetingMode,
    languages: profile.languages.length > 0 ? profile.languages : ['English'],
    availability: profile.availability,
    departmentPreference: profile.departmentPreference,
  };
}
