import type { Paginated } from '../../../contracts/common.ts';
import type { MentorBrowseQuery, MentorCard } from '../../../contracts/requests.contracts.ts';
import { AppError } from '../../../core/errors.ts';
import { explainPair, type PairExplanation } from '../../../core/matching/explain.ts';
import { normaliseTerm } from '../../../core/matching/profiles.ts';
import { ruleIndex } from '../../../core/matching/rules.ts';
import type { ScoringContext } from '../../../core/matching/scoring-context.ts';
import { createRowScratch, scoreRow } from '../../../core/matching/scoring-fast-path.ts';
import { evaluatePair } from '../../../core/matching/scoring-reference.ts';
import { suggest } from '../../../core/matching/suggest.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import type { ProgramMentorProfile } from '../enrolments/enrolment-profiles.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { programForMember } from '../programs/program-access.ts';
import {
  explanationView,
  type MenteeScoring,
  scoringForMentee,
} from '../relationships/pair-scoring.service.ts';
import * as repo from './requests.repository.ts';

const selfSelectModes = ['self_select', 'hybrid'];

/** The program must let mentees choose (self-select or hybrid). */
export function assertSelfSelect(program: ProgramRow): void {
  if (!selfSelectModes.includes(program.matchingMode)) {
    throw new AppError(
      'conflict',
      'This program does not let mentees choose a mentor: program staff match its pairs',
      { matchingMode: program.matchingMode },
    );
  }
}

/** The caller's approved mentee enrolment in the program, or 403. */
export async function callerAsMentee(ctx: AppContext, actor: Actor | null, programId: string) {
  const { actor: me, program } = await programForMember(ctx, actor, programId);
  const enrolment = me.personId
    ? await repo.findEnrolmentOfPerson(ctx.db, me.organisationId, program.id, me.personId, 'mentee')
    : null;
  if (enrolment?.status !== 'approved') {
    throw new AppError('forbidden', 'Only approved mentees of this program can do this');
  }
  return { me, program, enrolment };
}

function mentorCard(
  mentor: ProgramMentorProfile,
  current: number,
  title: string | null,
  explanation: PairExplanation,
  requested: boolean,
): MentorCard {
  return {
    enrolmentId: mentor.enrolmentId,
    personId: mentor.personId,
    name: mentor.name ?? '',
    title,
    department: mentor.department,
    jobFunction: mentor.jobFunction,
    level: mentor.level,
    skillsOffered: [...mentor.skillsOffered],
    goals: mentor.goals,
    languages: [...mentor.languages],
    capacity: mentor.capacity,
    currentMentees: current,
    hasSpareCapacity: current < mentor.capacity,
    requested,
    score: explanation.score / 100,
    explanation: explanationView(explanation),
  };
}

async function menteeScoring(ctx: AppContext, actor: Actor | null, programId: string) {
  const { me, program, enrolment } = await callerAsMentee(ctx, actor, programId);
  assertSelfSelect(program);
  const scoring = await scoringForMentee(ctx.db, program, enrolment.id, ctx.now());
  if (!scoring) throw new AppError('forbidden', 'Only approved mentees of this program can do this');
  const requestedMentors = new Set(await repo.listOpenRequestMentors(ctx.db, enrolment.id));
  return { me, program, enrolment, scoring, requestedMentors };
}

/**
 * The mentors a mentee is suggested now: eligible mentors with a place left, spread so one popular mentor is not
 * everyone's first (open requests and current mentees lower a mentor's rank), leaving out mentors already asked.
 */
function pickSuggestions(scoring: MenteeScoring, requestedMentors: ReadonlySet<string>, count: number) {
  const exclude: number[] = [];
  scoring.mentors.forEach((mentor, index) => {
    if (requestedMentors.has(mentor.enrolmentId)) exclude.push(index);
  });
  return suggest(scoring.context, scoring.menteeIndex, count, {
    exclude,
    pendingRequests: scoring.pending,
    remaining: scoring.remaining,
  });
}

/** A mentee's top suggestions, with why. */
export async function suggestionsForMe(ctx: AppContext, actor: Actor | null, programId: string) {
  const { me, program, scoring, requestedMentors } = await menteeScoring(ctx, actor, programId);
  const picked = pickSuggestions(scoring, requestedMentors, program.suggestionCount);
  const titles = await repo.listTitles(
    ctx.db,
    me.organisationId,
    picked.map((s) => scoring.mentors[s.mentorIndex]!.personId),
  );
  const items = picked.map((s) => {
    const mentor = scoring.mentors[s.mentorIndex]!;
    return mentorCard(
      mentor,
      scoring.held[s.mentorIndex]!,
      titles.get(mentor.personId) ?? null,
      s.explanation,
      false,
    );
  });
  return { items, requestsLeft: Math.max(0, program.maxOpenRequests - requestedMentors.size) };
}

/**
 * Who a mentee would be suggested next, best first, for a notice (their request expired): the same suggestions as
 * their "Find a mentor" page (less `leaveOut`), at most `count`. None when the program does not let mentees choose or the mentee is
 * not an approved mentee of it. The caller has the program; no one is authorised here.
 */
export async function nextSuggestedMentors(
  db: Db,
  program: ProgramRow,
  menteeEnrolmentId: string,
  at: Date,
  count: number,
  /** Mentor enrolments not to offer (e.g. the one who let the request expire). */
  leaveOut: readonly string[] = [],
): Promise<{ enrolmentId: string; personId: string; name: string }[]> {
  if (!selfSelectModes.includes(program.matchingMode)) return [];
  const scoring = await scoringForMentee(db, program, menteeEnrolmentId, at);
  if (!scoring) return [];
  const requested = new Set([...(await repo.listOpenRequestMentors(db, menteeEnrolmentId)), ...leaveOut]);
  return pickSuggestions(scoring, requested, count).map((s) => {
    const mentor = scoring.mentors[s.mentorIndex]!;
    return { enrolmentId: mentor.enrolmentId, personId: mentor.personId, name: mentor.name ?? '' };
  });
}

function matchesFilters(mentor: ProgramMentorProfile, query: MentorBrowseQuery): boolean {
  if (query.department && normaliseTerm(mentor.department ?? '') !== normaliseTerm(query.department))
    return false;
  if (query.skill) {
    const wanted = normaliseTerm(query.skill);
    if (!mentor.skillsOffered.some((skill) => normaliseTerm(skill) === wanted)) return false;
  }
  if (query.q) {
    const needle = normaliseTerm(query.q);
    const haystack = normaliseTerm(
      [
        mentor.name ?? '',
        mentor.jobFunction ?? '',
        mentor.department ?? '',
        mentor.goals,
        ...mentor.skillsOffered,
      ].join(' '),
    );
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

/** Every mentor that passes the hard rules for this mentee (full ones included, flagged), best score first. */
function eligibleMentors(scoring: MenteeScoring) {
  const { context } = scoring;
  const scratch = createRowScratch(context);
  const scores = new Int32Array(context.mentors.length);
  scoreRow(context, scoring.menteeIndex, scratch, scores);
  const fullRule = ruleIndex.mentor_full + 1;
  // Full is reported before later rules (level, musts, minimum score): re-check those with capacity ignored.
  let relaxed: ScoringContext | null = null;
  const eligible: { index: number; score: number }[] = [];
  for (let j = 0; j < scores.length; j++) {
    if (scores[j]! >= 0) eligible.push({ index: j, score: scores[j]! });
    else if (scratch.rule[j] === fullRule) {
      relaxed ??= {
        ...context,
        mentors: context.mentors.map((mentor) => ({ ...mentor, currentMentees: 0 })),
      };
      const evaluation = evaluatePair(relaxed, scoring.menteeIndex, j);
      if (evaluation.removedBy === null) eligible.push({ index: j, score: evaluation.score });
    }
  }
  return eligible;
}

/** Browse the program's mentors eligible for the caller (a mentee), filtered, best score first, paginated. */
export async function browseMentors(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: MentorBrowseQuery,
): Promise<Paginated<MentorCard>> {
  const { me, scoring, requestedMentors } = await menteeScoring(ctx, actor, programId);
  let rows = eligibleMentors(scoring).filter((row) => matchesFilters(scoring.mentors[row.index]!, query));
  if (query.spareCapacity === 'true') {
    rows = rows.filter((row) => scoring.remaining[row.index]! > 0);
  }
  rows.sort((a, b) => b.score - a.score || a.index - b.index);
  const start = (query.page - 1) * query.pageSize;
  const page = rows.slice(start, start + query.pageSize);
  const titles = await repo.listTitles(
    ctx.db,
    me.organisationId,
    page.map((row) => scoring.mentors[row.index]!.personId),
  );
  const items = page.map((row) => {
    const mentor = scoring.mentors[row.index]!;
    const explanation = explainPair(scoring.context, scoring.menteeIndex, row.index);
    // A full mentor is still shown with the score of the pair, not as removed.
    const shown = explanation.removedBy === 'mentor_full' ? { ...explanation, removedBy: null } : explanation;
    return mentorCard(
      mentor,
      scoring.held[row.index]!,
      titles.get(mentor.personId) ?? null,
      shown,
      requestedMentors.has(mentor.enrolmentId),
    );
  });
  return { items, total: rows.length, page: query.page, pageSize: query.pageSize };
}
