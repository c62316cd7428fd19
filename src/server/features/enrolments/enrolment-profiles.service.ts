import type { EnrolmentProfile } from '../../../contracts/enrolments.contracts.ts';
import {
  type Answer,
  type DepartmentPreference,
  departmentPreferences,
  type LearningStyle,
  learningStyles,
  type MeetingMode,
  type MenteeProfile,
  type MentorProfile,
  managerChainOf,
  meetingModes,
} from '../../../core/matching/profiles.ts';
import type { Db } from '../../db/client.ts';
import * as repo from './enrolment-profiles.repository.ts';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** The stored profile JSON with every field present; tolerant of rows written by older code or by hand. */
export function readStoredProfile(json: unknown): EnrolmentProfile {
  const stored = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  return {
    skillsOffered: strings(stored.skillsOffered),
    skillsWanted: strings(stored.skillsWanted),
    skillsNote: text(stored.skillsNote),
    goals: text(stored.goals),
    targetFunction: typeof stored.targetFunction === 'string' ? stored.targetFunction : null,
    learningStyle: oneOf<LearningStyle>(learningStyles, stored.learningStyle),
    meetingMode: oneOf<MeetingMode>(meetingModes, stored.meetingMode),
    languages: strings(stored.languages),
    availability: text(stored.availability),
    departmentPreference:
      oneOf<DepartmentPreference>(departmentPreferences, stored.departmentPreference) ?? 'any',
    preferredMentorIds: strings(stored.preferredMentorIds),
    avoidPersonIds: strings(stored.avoidPersonIds),
  };
}

/** Answers as the matching engine reads them: scale numbers become strings, anything else unusable is dropped. */
export function readStoredAnswers(json: unknown): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  if (!json || typeof json !== 'object') return answers;
  for (const [questionId, value] of Object.entries(json as Record<string, unknown>)) {
    if (typeof value === 'string') answers[questionId] = value;
    else if (typeof value === 'number') answers[questionId] = String(value);
    else if (Array.isArray(value)) answers[questionId] = strings(value);
  }
  return answers;
}

export type ProgramMentorProfile = MentorProfile & { enrolmentId: string; personId: string };
export type ProgramMenteeProfile = MenteeProfile & { enrolmentId: string; personId: string };

export interface MatchingProfiles {
  mentors: ProgramMentorProfile[];
  mentees: ProgramMenteeProfile[];
}

/**
 * The matching view of a program: its approved enrolments of active people, with reporting lines computed in
 * memory from one manager map (three queries in all, whatever the size). A mentor's `currentMentees` counts
 * active relationships and proposed ones from a published match run (both hold a place); open self-select
 * requests are `pendingRequests`. Profile `id` is the person id; a mentor's `avoidIds` are the mentees they declined.
 */
export async function loadMatchingProfiles(
  db: Db,
  organisationId: string,
  programId: string,
): Promise<MatchingProfiles> {
  const [rows, links, loads] = await Promise.all([
    repo.listApprovedEnrolmentsWithPeople(db, organisationId, programId),
    repo.listManagerLinks(db, organisationId),
    repo.countMentorLoad(db, organisationId, programId),
  ]);
  const managerOf = new Map<string, string | null>();
  for (const link of links) managerOf.set(link.id, link.managerId);
  const loadOf = new Map(loads.map((load) => [load.mentorEnrolmentId, load]));

  const mentors: ProgramMentorProfile[] = [];
  const mentees: ProgramMenteeProfile[] = [];
  for (const row of rows) {
    const profile = readStoredProfile(row.profile);
    const base = {
      id: row.personId,
      enrolmentId: row.enrolmentId,
      personId: row.personId,
      name: row.name,
      level: row.level,
      department: row.department,
      jobFunction: row.jobFunction,
      managerChain: managerChainOf(row.personId, managerOf),
      goals: profile.goals,
      learningStyle: profile.learningStyle,
      meetingMode: profile.meetingMode,
      timeZone: row.timeZone,
      // What the person said in this program wins over the directory's list.
      languages: profile.languages.length > 0 ? profile.languages : row.languages,
      answers: readStoredAnswers(row.answers),
      avoidIds: profile.avoidPersonIds,
    };
    if (row.role === 'mentor') {
      const load = loadOf.get(row.enrolmentId);
      mentors.push({
        ...base,
        skillsOffered: profile.skillsOffered,
        capacity: row.capacity ?? 1,
        currentMentees: load?.held ?? 0,
        pendingRequests: load?.requests ?? 0,
      });
    } else {
      mentees.push({
        ...base,
        skillsWanted: profile.skillsWanted,
        targetFunction: profile.targetFunction,
        departmentPreference: profile.departmentPreference,
        preferredMentorIds: profile.preferredMentorIds,
      });
    }
  }
  return { mentors, mentees };
}
