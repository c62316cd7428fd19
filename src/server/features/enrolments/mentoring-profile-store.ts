import type { EnrolmentProfileInput, EnrolmentRole } from '../../../contracts/enrolments.contracts.ts';
import type { MentoringProfile } from '../../../contracts/mentoring-profiles.contracts.ts';
import type { Db } from '../../db/client.ts';
import { readStoredProfile } from './enrolment-profiles.service.ts';
import * as repo from './mentoring-profiles.repository.ts';

/*
 * A person's mentoring profile (issue 13 §3, decision 029): the program-independent part of their enrolments, kept
 * in `mentoring_profiles` as theirs. An enrolment's profile holds one role's fields, with `goals` meaning "your career
 * goals" for a mentee and "what you can help with" for a mentor; the person's profile keeps both roles side by side
 * (`goals` and `helpWith`), so being a mentor in one program never overwrites what they want as a mentee in another.
 */

export type MentoringProfileValues = Omit<MentoringProfile, 'source' | 'updatedAt' | 'openEnrolments'>;

export function emptyMentoringProfile(): MentoringProfileValues {
  return {
    skillsOffered: [],
    skillsWanted: [],
    skillsNote: '',
    goals: '',
    helpWith: '',
    targetFunction: null,
    learningStyle: null,
    meetingMode: null,
    languages: [],
    availability: '',
    departmentPreference: 'any',
    capacity: null,
  };
}

/** The stored JSON (and capacity column) with every field present; tolerant of anything older or hand-written. */
export function readMentoringProfile(json: unknown, capacity: number | null): MentoringProfileValues {
  const stored = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  // The enrolment reader checks every shared field; `helpWith` is the one field enrolments do not have.
  const shared = readStoredProfile(stored);
  return {
    skillsOffered: shared.skillsOffered,
    skillsWanted: shared.skillsWanted,
    skillsNote: shared.skillsNote,
    goals: shared.goals,
    helpWith: typeof stored.helpWith === 'string' ? stored.helpWith : '',
    targetFunction: shared.targetFunction,
    learningStyle: shared.learningStyle,
    meetingMode: shared.meetingMode,
    languages: shared.languages,
    availability: shared.availability,
    departmentPreference: shared.departmentPreference,
    capacity: typeof capacity === 'number' && capacity >= 1 && capacity <= 20 ? capacity : null,
  };
}

/** What `mentoring_profiles` stores: the values but the capacity, which has its column. */
export function storedMentoringProfile(values: MentoringProfileValues) {
  const { capacity: _capacity, ...profile } = values;
  return profile;
}

const sharedKeys = ['skillsNote', 'learningStyle', 'meetingMode', 'languages', 'availability'] as const;

/**
 * The profile with what one enrolment says folded in: the fields present in the enrolment's JSON (a bulk or CSV
 * enrolment stores `{}` and so changes nothing), each into the person's field for that role.
 */
export function foldEnrolment(
  base: MentoringProfileValues,
  role: EnrolmentRole,
  enrolmentJson: unknown,
  capacity: number | null | undefined,
): MentoringProfileValues {
  const raw = (enrolmentJson && typeof enrolmentJson === 'object' ? enrolmentJson : {}) as Record<
    string,
    unknown
  >;
  const read = readStoredProfile(raw);
  const given = (key: string) => raw[key] !== undefined;
  const next: MentoringProfileValues = { ...base };
  for (const key of sharedKeys) if (given(key)) (next as Record<string, unknown>)[key] = read[key];
  if (role === 'mentor') {
    if (given('skillsOffered')) next.skillsOffered = read.skillsOffered;
    if (given('goals')) next.helpWith = read.goals;
    if (typeof capacity === 'number') next.capacity = capacity;
  } else {
    if (given('skillsWanted')) next.skillsWanted = read.skillsWanted;
    if (given('goals')) next.goals = read.goals;
    if (given('targetFunction')) next.targetFunction = read.targetFunction;
    if (given('departmentPreference')) next.departmentPreference = read.departmentPreference;
  }
  return next;
}

/**
 * The profile read through from a person's enrolments, for someone who never saved one (everyone enrolled before
 * profiles were kept): each enrolment folded in from the oldest to the newest, so the latest word on each field
 * wins. Null when they never enrolled.
 */
export function profileFromEnrolments(
  newestFirst: readonly { role: string; profile: unknown; capacity: number | null }[],
): MentoringProfileValues | null {
  if (newestFirst.length === 0) return null;
  let profile = emptyMentoringProfile();
  for (const row of [...newestFirst].reverse())
    profile = foldEnrolment(profile, row.role as EnrolmentRole, row.profile, row.capacity);
  return profile;
}

/** The enrolment form's profile for one role, from the person's profile (copying it into an open enrolment). */
export function enrolmentInputFromProfile(
  values: MentoringProfileValues,
  role: EnrolmentRole,
): EnrolmentProfileInput {
  const shared = {
    skillsNote: values.skillsNote,
    learningStyle: values.learningStyle,
    meetingMode: values.meetingMode,
    languages: values.languages,
    availability: values.availability,
  };
  return role === 'mentor'
    ? {
        ...shared,
        skillsOffered: values.skillsOffered,
        goals: values.helpWith,
        ...(values.capacity === null ? {} : { capacity: values.capacity }),
      }
    : {
        ...shared,
        skillsWanted: values.skillsWanted,
        goals: values.goals,
        targetFunction: values.targetFunction,
        departmentPreference: values.departmentPreference,
      };
}

/** The person's profile as it stands: saved, else read through from their enrolments, else empty. */
export async function currentMentoringProfile(db: Db, organisationId: string, personId: string) {
  const saved = await repo.findMentoringProfile(db, organisationId, personId);
  if (saved)
    return {
      values: readMentoringProfile(saved.profile, saved.capacity),
      source: 'saved' as const,
      updatedAt: saved.updatedAt,
    };
  const rows = await repo.enrolmentProfilesOf(db, organisationId, personId);
  const read = profileFromEnrolments(rows);
  return read
    ? { values: read, source: 'enrolment' as const, updatedAt: rows[0]!.updatedAt }
    : { values: emptyMentoringProfile(), source: 'none' as const, updatedAt: null };
}

/**
 * Keep what a person just told a program (enrolling, or editing their own enrolment) as their profile, in the
 * caller's transaction: the fields given, for the enrolment's role. Staff enrolling or editing for someone else do
 * not call this: the profile is the person's own words.
 */
export async function rememberEnrolmentProfile(
  tx: Db,
  input: {
    organisationId: string;
    personId: string;
    role: EnrolmentRole;
    profile: Record<string, unknown>;
    capacity: number | null | undefined;
    at: Date;
  },
) {
  const { values } = await currentMentoringProfile(tx, input.organisationId, input.personId);
  const next = foldEnrolment(values, input.role, input.profile, input.capacity);
  await repo.upsertMentoringProfile(tx, {
    organisationId: input.organisationId,
    personId: input.personId,
    profile: storedMentoringProfile(next),
    capacity: next.capacity,
    updatedAt: input.at,
  });
}
