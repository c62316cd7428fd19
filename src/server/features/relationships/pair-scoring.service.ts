import type { PairExplanationView } from '../../../contracts/requests.contracts.ts';
import type { Criteria } from '../../../core/matching/criteria.ts';
import {
  describeRule,
  explainPair,
  explanationText,
  type PairExplanation,
} from '../../../core/matching/explain.ts';
import type { RuleKey } from '../../../core/matching/rules.ts';
import { buildScoringContext, type ScoringContext } from '../../../core/matching/scoring-context.ts';
import type { Db } from '../../db/client.ts';
import {
  loadMatchingProfiles,
  type MatchingProfiles,
  type ProgramMenteeProfile,
  type ProgramMentorProfile,
} from '../enrolments/enrolment-profiles.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { programCriteria } from '../programs/programs.service.ts';
import { listMentorLoads, listPreviousPairs, scoringFingerprint } from './relationships.repository.ts';

/**
 * Scoring one mentee against a program's mentors on the fly, for self-select suggestions, requests and staff
 * reassignments: the program's criteria (defaults when none are stored, with the level rule of the program type)
 * plus the pairs that already had a relationship in this program.
 */

export interface MenteeScoring {
  mentee: ProgramMenteeProfile;
  /** The mentee's index in `context.mentees`. */
  menteeIndex: number;
  /** Mentors of the program; indexes match `context.mentors`. */
  mentors: readonly ProgramMentorProfile[];
  context: ScoringContext;
  /** Live, per mentor index: places held now, places left now, open requests now. */
  held: Int32Array;
  remaining: Int32Array;
  pending: Float64Array;
}

interface ProgramScoring {
  fingerprint: string;
  profiles: MatchingProfiles;
  context: ScoringContext;
  menteeIndex: Map<string, number>;
  mentorIndex: Map<string, number>;
}

/**
 * Scoring contexts by program, rebuilt when the fingerprint of what they are built from changes (an enrolment,
 * a person, a relationship that holds a place or makes a previous pair). Building one for 10,000 mentors means
 * loading every profile and indexing every goal text, far more than scoring one mentee; open requests and places
 * held are read live on every call, so a cached context never shows a mentor as free when they filled up.
 */
const programScorings = new Map<string, ProgramScoring>();
const maxCachedPrograms = 16;

async function programScoring(db: Db, program: ProgramRow, at: Date): Promise<ProgramScoring> {
  const fingerprint = `${program.updatedAt.toISOString()}|${await scoringFingerprint(db, program.organisationId, program.id)}`;
  const cached = programScorings.get(program.id);
  if (cached && cached.fingerprint === fingerprint) {
    // Least recently used goes first when the cache is full.
    programScorings.delete(program.id);
    programScorings.set(program.id, cached);
    return cached;
  }
  const [profiles, previous] = await Promise.all([
    loadMatchingProfiles(db, program.organisationId, program.id),
    listPreviousPairs(db, program.id),
  ]);
  const criteria: Criteria = {
    ...programCriteria(program),
    previousPairs: previous.map((pair) => [pair.menteeId, pair.mentorId] as const),
  };
  const context = buildScoringContext(profiles.mentors, profiles.mentees, criteria, { at });
  const built: ProgramScoring = {
    fingerprint,
    profiles,
    context,
    menteeIndex: new Map(profiles.mentees.map((mentee, index) => [mentee.enrolmentId, index])),
    mentorIndex: new Map(profiles.mentors.map((mentor, index) => [mentor.enrolmentId, index])),
  };
  programScorings.delete(program.id);
  programScorings.set(program.id, built);
  while (programScorings.size > maxCachedPrograms) {
    programScorings.delete(programScorings.keys().next().value as string);
  }
  return built;
}

/** The program's scoring context (cached) for one mentee, with live capacity and open requests per mentor. */
export async function scoringForMentee(
  db: Db,
  program: ProgramRow,
  menteeEnrolmentId: string,
  at: Date,
): Promise<MenteeScoring | null> {
  const [scoring, loads] = await Promise.all([
    programScoring(db, program, at),
    listMentorLoads(db, program.id),
  ]);
  const menteeIndex = scoring.menteeIndex.get(menteeEnrolmentId);
  if (menteeIndex === undefined) return null;
  const mentors = scoring.profiles.mentors;
  const held = new Int32Array(mentors.length);
  const pending = new Float64Array(mentors.length);
  for (const load of loads) {
    const index = scoring.mentorIndex.get(load.mentorEnrolmentId);
    if (index === undefined) continue;
    held[index] = load.held;
    pending[index] = load.requests;
  }
  const remaining = Int32Array.from(mentors, (mentor, index) => mentor.capacity - held[index]!);
  return {
    mentee: scoring.profiles.mentees[menteeIndex]!,
    menteeIndex,
    mentors,
    context: scoring.context,
    held,
    remaining,
    pending,
  };
}

/** An explanation on the 0–100 scale people see. */
export function explanationView(explanation: PairExplanation): PairExplanationView {
  return {
    score: explanation.score / 100,
    removedBy: explanation.removedBy,
    summary: explanationText(explanation),
    criteria: explanation.criteria
      .filter((criterion) => criterion.numericWeight > 0)
      .map((criterion) => ({
        criterion: criterion.criterion,
        value: criterion.value,
        weight: criterion.weight,
        points: criterion.points / 100,
        detail: criterion.detail,
      })),
  };
}

/** Explain one pair of the scoring (mentor by enrolment id); null when the mentor is not an approved mentor. */
export function explainMentor(scoring: MenteeScoring, mentorEnrolmentId: string) {
  const index = scoring.mentors.findIndex((mentor) => mentor.enrolmentId === mentorEnrolmentId);
  if (index < 0) return null;
  const explanation = explainPair(scoring.context, scoring.menteeIndex, index);
  // Capacity is judged on the live count, not on the cached context's.
  const full = scoring.remaining[index]! <= 0;
  let removedBy: RuleKey | null = explanation.removedBy;
  if (removedBy === null && full) removedBy = 'mentor_full';
  else if (removedBy === 'mentor_full' && !full) removedBy = null;
  return { index, mentor: scoring.mentors[index]!, explanation: { ...explanation, removedBy } };
}

/** Why a pair is refused, in words a mentee or staff member understands. */
export function ruleMessage(rule: RuleKey): string {
  switch (rule) {
    case 'self':
      return 'You cannot be your own mentor';
    case 'manager_chain':
      return 'This mentor is in the mentee’s reporting line (a manager or above) and cannot mentor them';
    case 'mentor_full':
      return 'The mentor is full: they have no place left in this program';
    default:
      return `This mentor is not eligible for this mentee: ${describeRule(rule)}`;
  }
}

/** What each criterion is called where people read why they were paired (the web app's labels). */
const reasonLabels: Record<string, string> = {
  skills: 'Skills',
  goals: 'Career goals',
  function: 'Target function',
  learningStyle: 'Learning style',
  seniority: 'Seniority gap',
  timeZone: 'Time zone overlap',
  language: 'Shared language',
  department: 'Department preference',
  answers: 'Custom answers',
  preference: 'Stated preferences',
};

/**
 * Why a pair fits, as lines for the people of the pair (a notice's email details): the criteria that earned the most
 * points and were better than neutral, each with its detail, as the workspace's "why" list shows them.
 */
export function matchReasons(
  criteria: readonly { criterion: string; value: number; points: number; detail: string }[],
  limit = 3,
): string[] {
  const top = criteria
    .filter((c) => c.points > 0 && c.value > 0.5)
    .sort((a, b) => b.points - a.points)
    .slice(0, limit);
  if (top.length === 0) return ['A fair all-round fit: no single criterion stands out.'];
  return top.map(
    (c) =>
      `${reasonLabels[c.criterion] ?? c.criterion}: ${c.detail.charAt(0).toUpperCase()}${c.detail.slice(1)}`,
  );
}
