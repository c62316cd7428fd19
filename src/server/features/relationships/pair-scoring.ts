import type { PairExplanationView } from '../../../contracts/requests.contracts.ts';
import {
  type Criteria,
  defaultCriteria,
  type ProgramType,
  parseCriteria,
  programTypes,
} from '../../../core/matching/criteria.ts';
import {
  describeRule,
  explainPair,
  explanationText,
  type PairExplanation,
} from '../../../core/matching/explain.ts';
import type { RuleKey } from '../../../core/matching/rules.ts';
import { buildScoringContext, type ScoringContext } from '../../../core/matching/scoring.ts';
import type { Db } from '../../db/client.ts';
import {
  loadMatchingProfiles,
  type MatchingProfiles,
  type ProgramMenteeProfile,
  type ProgramMentorProfile,
} from '../enrolments/enrolment-profiles.ts';
import type { ProgramRow } from '../programs/program-access.repository.ts';
import { listPreviousPairs } from './relationships.repository.ts';

/**
 * Scoring one mentee against a program's mentors on the fly, for self-select suggestions, requests and staff
 * reassignments: the program's criteria (defaults when none are stored, with the level rule of the program type)
 * plus the pairs that already had a relationship in this program.
 */

/** The program's criteria; stored criteria that no longer parse fall back to the defaults rather than failing. */
export function programCriteria(program: ProgramRow): Criteria {
  const type: ProgramType = (programTypes as readonly string[]).includes(program.type)
    ? (program.type as ProgramType)
    : 'one_to_one';
  if (program.criteria === null || program.criteria === undefined) {
    return defaultCriteria({ levelRule: { type } });
  }
  const parsed = parseCriteria(program.criteria);
  return parsed.ok ? parsed.value : defaultCriteria({ levelRule: { type } });
}

export interface MenteeScoring {
  profiles: MatchingProfiles;
  mentee: ProgramMenteeProfile;
  /** Mentors of the program; indexes match `context.mentors`. */
  mentors: ProgramMentorProfile[];
  context: ScoringContext;
}

/** Load the program's profiles and build a scoring context for one mentee against every mentor. */
export async function scoringForMentee(
  db: Db,
  program: ProgramRow,
  menteeEnrolmentId: string,
  at: Date,
): Promise<MenteeScoring | null> {
  const [profiles, previous] = await Promise.all([
    loadMatchingProfiles(db, program.organisationId, program.id),
    listPreviousPairs(db, program.id),
  ]);
  const mentee = profiles.mentees.find((profile) => profile.enrolmentId === menteeEnrolmentId);
  if (!mentee) return null;
  const criteria: Criteria = {
    ...programCriteria(program),
    previousPairs: previous
      .filter((pair) => pair.menteeId === mentee.personId)
      .map((pair) => [pair.menteeId, pair.mentorId] as const),
  };
  const context = buildScoringContext(profiles.mentors, [mentee], criteria, { at });
  return { profiles, mentee, mentors: profiles.mentors, context };
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
  return { index, mentor: scoring.mentors[index]!, explanation: explainPair(scoring.context, 0, index) };
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
