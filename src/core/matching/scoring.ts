import { invalidField } from '../errors.ts';
import { isValidTimeZone, offsetAt } from '../time-zones.ts';
import {
  type Criteria,
  type CriterionKey,
  criterionKeys,
  type LevelRule,
  numericWeight,
} from './criteria.ts';
import {
  type LearningStyle,
  learningStyles,
  type MenteeProfile,
  type MentorProfile,
  normaliseTerm,
} from './profiles.ts';
import { levelAllowed, levelGap, mustRuleIndex, type RuleKey, ruleIndex, ruleKeys } from './rules.ts';
import {
  accumulateDots,
  buildPostings,
  buildTextIndex,
  cosine,
  type PostingIndex,
  type SparseVector,
} from './text-similarity.ts';

/**
 * Scores are integers: each criterion value is quantised to 0–10000 ("q"), the pair score is the weighted mean
 * of those, rounded, also 0–10000 (shown as 0–100.00). Integers make the fast path and the per-pair reference
 * agree exactly and keep solvers free of floating-point ties.
 */
export const fullScore = 10000;
/** Value of a criterion whose data is missing on either side: neither helps nor hurts the pair. */
export const neutral = 5000;
export const criterionCount = criterionKeys.length;
const C = Object.fromEntries(criterionKeys.map((key, index) => [key, index])) as Record<CriterionKey, number>;

/** `numerator / denominator` as a quantised value; one expression shared by both paths so they round alike. */
export function ratioQ(numerator: number, denominator: number): number {
  return Math.round((fullScore * numerator) / denominator);
}

/** A 0–1 value quantised to 0–10000. */
export function quantise(value: number): number {
  return Math.round(fullScore * Math.min(1, Math.max(0, value)));
}

/**
 * Fit of a level gap (mentor level − mentee level) for the program type, 0–1: one-to-one/group/flash like the
 * minimum gap g or one more, fading to 0 four levels beyond; peer like equal levels (0.5 at one apart); reverse
 * like the mentee 1–3 levels above, fading likewise.
 */
export function seniorityFit(rule: LevelRule, gap: number): number {
  if (rule.type === 'peer') return Math.max(0, 1 - Math.abs(gap) / 2);
  const distance = rule.type === 'reverse' ? -gap : gap;
  const low = rule.type === 'reverse' ? 1 : levelGap(rule);
  const high = rule.type === 'reverse' ? 3 : low + 1;
  if (distance < low) return 0;
  if (distance <= high) return 1;
  return Math.max(0, 1 - (distance - high) / 4);
}

const minuteMs = 60_000;
const workStart = 9 * 60;
const workEnd = 17 * 60;
const day = 24 * 60;

/** Minutes the 9–17 local working days of two UTC offsets overlap (0–480); the day wraps around midnight UTC. */
export function workingHoursOverlap(offsetA: number, offsetB: number): number {
  const a0 = workStart - offsetA;
  const a1 = workEnd - offsetA;
  let best = 0;
  for (const shift of [-day, 0, day]) {
    const b0 = workStart - offsetB + shift;
    const b1 = workEnd - offsetB + shift;
    best = Math.max(best, Math.min(a1, b1) - Math.max(a0, b0));
  }
  return best;
}

/** Quantised time-zone criterion from two offsets (`null` = unknown). */
export function timeZoneQ(offsetA: number | null, offsetB: number | null): number {
  if (offsetA === null || offsetB === null) return neutral;
  return ratioQ(workingHoursOverlap(offsetA, offsetB), workEnd - workStart);
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values.map(normaliseTerm).filter((value) => value !== ''))];
}

function answerList(answer: string | readonly string[] | undefined): string[] {
  if (answer === undefined) return [];
  return distinct(typeof answer === 'string' ? [answer] : answer);
}

/** Interns strings to dense ids. */
class Vocabulary {
  readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(value, id);
    }
    return id;
  }
  find(value: string | null): number {
    if (value === null) return -1;
    return this.ids.get(normaliseTerm(value)) ?? -1;
  }
}

interface QuestionIndex {
  id: string;
  words: number;
  mentorBits: Uint32Array;
  menteeBits: Uint32Array;
  menteeAnswerCount: Int32Array;
  /** Mentors per option (CSR), for the sparse row pass. */
  optionStart: Int32Array;
  optionMentor: Int32Array;
  menteeOptions: Int32Array[];
}

/**
 * Everything precomputed once per (mentors, mentees, criteria): vocabularies as ids, typed arrays per side,
 * postings for skills and goal texts, a time-zone overlap table per distinct zone pair, and per-mentee lists of
 * mentors excluded by identity rules. Building it is O(profiles); scoring a row is then O(mentors).
 */
export interface ScoringContext {
  readonly mentors: readonly MentorProfile[];
  readonly mentees: readonly MenteeProfile[];
  readonly criteria: Criteria;
  /**
   * Weight per criterion in `criterionKeys` order, in thousandths (integers; 0 = not scored). Integer weights
   * times integer values make every sum exact, so the order of additions cannot change a score.
   */
  readonly weights: Float64Array;
  readonly weightSum: number;
  /** 1 / weightSum (0 when nothing is weighted): see `roundedScore`. */
  readonly inverseWeightSum: number;
  /** Per criterion: the quantised value a `must` criterion needs, or -1 when the criterion is not a must. */
  readonly mustThreshold: Int32Array;
  readonly mentorIndexById: ReadonlyMap<string, number>;
  readonly menteeIndexById: ReadonlyMap<string, number>;
  /** `menteeId \0 mentorId` of every previous pair, for the per-pair reference. */
  readonly previousPairKeys: ReadonlySet<string>;
  /** Capacity left per mentor: capacity − current mentees. */
  readonly mentorRemaining: Int32Array;
  readonly zoneOffsets: ReadonlyMap<string, number | null>;
  readonly menteeGoals: readonly SparseVector[];
  readonly mentorGoals: readonly SparseVector[];
  /** Internal indexes of the fast path. */
  readonly index: FastIndex;
}

interface FastIndex {
  skillStart: Int32Array;
  skillMentor: Int32Array;
  menteeSkillIds: Int32Array[];
  menteeSkillWanted: Int32Array;
  goalPostings: PostingIndex;
  menteeTarget: Int32Array;
  menteeStyle: Int8Array;
  menteeLevel: Float64Array;
  zoneCount: number;
  zoneQ: Int32Array;
  menteeZone: Int32Array;
  languageWords: number;
  menteeLanguages: Uint32Array;
  menteeHasLanguage: Uint8Array;
  menteeDepartment: Int32Array;
  menteePreference: Int8Array;
  questions: QuestionIndex[];
  menteePreferred: Int32Array[];
  /*
   * Mentor attribute classes: per-row tables indexed by class replace per-pair work for categorical criteria.
   * Class 0 is "unknown" everywhere.
   */
  functionClass: Int32Array;
  functionClassCount: number;
  styleClass: Int32Array;
  levelClass: Int32Array;
  levelValues: Float64Array;
  zoneClass: Int32Array;
  languageClass: Int32Array;
  languageSets: Uint32Array;
  languageClassCount: number;
  departmentClass: Int32Array;
  departmentClassCount: number;
  mentorGoalEmpty: Uint8Array;
  mentorFull: Uint8Array;
  /** Per mentee, pairs (mentor index, rule index) of identity rules, flattened. */
  menteeBlocked: Int32Array[];
}

export interface ContextOptions {
  /** Instant whose UTC offsets are used for time zones (default: now). Pass one to make runs reproducible. */
  at?: Date;
}

function styleCode(style: LearningStyle | null): number {
  return style === null ? -1 : learningStyles.indexOf(style);
}

const preferenceCode = { any: 0, same: 1, different: 2 } as const;

/** Precomputes the indexes scoring needs; O(total profile size). Throws `validation_failed` on duplicate ids. */
export function buildScoringContext(
  mentors: readonly MentorProfile[],
  mentees: readonly MenteeProfile[],
  criteria: Criteria,
  options: ContextOptions = {},
): ScoringContext {
  const m = mentors.length;
  const n = mentees.length;
  const at = options.at ?? new Date();
  const questionIds = [...new Set(criteria.matchingQuestions ?? [])];

  const weights = new Float64Array(criterionCount);
  const mustThreshold = new Int32Array(criterionCount).fill(-1);
  criterionKeys.forEach((key, c) => {
    const weight = criteria.weights[key] ?? 'off';
    if (key === 'answers' && questionIds.length === 0) return;
    weights[c] = Math.round(numericWeight(weight) * 1000);
    if (weight === 'must') {
      const threshold = criteria.mustThresholds?.[key];
      mustThreshold[c] = threshold === undefined ? 1 : Math.ceil(fullScore * threshold);
    }
  });
  const weightSum = weights.reduce((sum, w) => sum + w, 0);

  // Ids name people in rules (reporting line, avoidances, preferences): a duplicate would make them ambiguous.
  const indexById = (people: readonly { id: string }[], side: string) => {
    const byId = new Map<string, number>();
    people.forEach((person, index) => {
      if (byId.has(person.id)) throw invalidField(`${side}[${index}].id`, `duplicate id ${person.id}`);
      byId.set(person.id, index);
    });
    return byId;
  };
  const mentorIndexById = indexById(mentors, 'mentors');
  const menteeIndexById = indexById(mentees, 'mentees');

  const mentorRemaining = new Int32Array(m);
  mentors.forEach((mentor, j) => {
    mentorRemaining[j] = Math.max(0, mentor.capacity - (mentor.currentMentees ?? 0));
  });

  // Skills: postings of mentors per offered skill; a wanted skill nobody offers still counts in |wanted|.
  const skills = new Vocabulary();
  const offered = mentors.map((mentor) => distinct(mentor.skillsOffered).map((skill) => skills.id(skill)));
  const skillStart = new Int32Array(skills.ids.size + 1);
  for (const list of offered) for (const s of list) skillStart[s + 1]++;
  for (let s = 0; s < skills.ids.size; s++) skillStart[s + 1] += skillStart[s];
  const skillFill = skillStart.slice(0, skills.ids.size);
  const skillMentor = new Int32Array(skillStart[skills.ids.size]);
  offered.forEach((list, j) => {
    for (const s of list) skillMentor[skillFill[s]++] = j;
  });
  const menteeSkillIds: Int32Array[] = [];
  const menteeSkillWanted = new Int32Array(n);
  mentees.forEach((mentee, i) => {
    const wanted = distinct(mentee.skillsWanted);
    menteeSkillWanted[i] = wanted.length;
    menteeSkillIds.push(
      Int32Array.from(wanted.map((skill) => skills.ids.get(skill) ?? -1).filter((s) => s >= 0)),
    );
  });

  // Goals: one TF-IDF corpus over both sides, so idf reflects the whole program.
  const text = buildTextIndex([
    ...mentees.map((mentee) => mentee.goals),
    ...mentors.map((mentor) => mentor.goals),
  ]);
  const menteeGoals = text.vectors.slice(0, n);
  const mentorGoals = text.vectors.slice(n);
  const goalPostings = buildPostings(mentorGoals, text.vocabulary.size);

  const functions = new Vocabulary();
  const mentorFunction = Int32Array.from(mentors, (mentor) =>
    mentor.jobFunction === null || normaliseTerm(mentor.jobFunction) === ''
      ? -1
      : functions.id(normaliseTerm(mentor.jobFunction)),
  );
  const menteeTarget = Int32Array.from(mentees, (mentee) =>
    mentee.targetFunction === null || normaliseTerm(mentee.targetFunction) === ''
      ? -1
      : functions.id(normaliseTerm(mentee.targetFunction)),
  );

  const mentorStyle = Int8Array.from(mentors, (mentor) => styleCode(mentor.learningStyle));
  const menteeStyle = Int8Array.from(mentees, (mentee) => styleCode(mentee.learningStyle));
  const menteeLevel = Float64Array.from(mentees, (mentee) => mentee.level ?? Number.NaN);

  // Time zones: offsets once per distinct zone, overlap once per distinct zone pair.
  const zoneOffsets = new Map<string, number | null>();
  const zones = new Vocabulary();
  const zoneOf = (zone: string | null): number => {
    if (zone === null || zone === '') return -1;
    if (!zoneOffsets.has(zone))
      zoneOffsets.set(zone, isValidTimeZone(zone) ? offsetAt(at, zone) / minuteMs : null);
    return zoneOffsets.get(zone) === null ? -1 : zones.id(zone);
  };
  const mentorZone = Int32Array.from(mentors, (mentor) => zoneOf(mentor.timeZone));
  const menteeZone = Int32Array.from(mentees, (mentee) => zoneOf(mentee.timeZone));
  const zoneCount = zones.ids.size;
  const zoneList = [...zones.ids.keys()];
  const zoneQ = new Int32Array(zoneCount * zoneCount);
  for (let a = 0; a < zoneCount; a++) {
    for (let b = 0; b < zoneCount; b++) {
      zoneQ[a * zoneCount + b] = timeZoneQ(
        zoneOffsets.get(zoneList[a]) ?? null,
        zoneOffsets.get(zoneList[b]) ?? null,
      );
    }
  }

  const languages = new Vocabulary();
  const mentorLanguageIds = mentors.map((mentor) => distinct(mentor.languages).map((l) => languages.id(l)));
  const menteeLanguageIds = mentees.map((mentee) => distinct(mentee.languages).map((l) => languages.id(l)));
  const languageWords = Math.max(1, Math.ceil(languages.ids.size / 32));
  const toBits = (lists: number[][]): Uint32Array => {
    const bits = new Uint32Array(lists.length * languageWords);
    lists.forEach((list, row) => {
      for (const l of list) bits[row * languageWords + (l >>> 5)] |= 1 << (l & 31);
    });
    return bits;
  };

  const departments = new Vocabulary();
  const departmentOf = (value: string | null): number =>
    value === null || normaliseTerm(value) === '' ? -1 : departments.id(normaliseTerm(value));

  const questions: QuestionIndex[] = questionIds.map((id) => {
    const options = new Vocabulary();
    const mentorAnswers = mentors.map((mentor) => answerList(mentor.answers[id]).map((a) => options.id(a)));
    const menteeAnswers = mentees.map((mentee) => answerList(mentee.answers[id]).map((a) => options.id(a)));
    const words = Math.max(1, Math.ceil(options.ids.size / 32));
    const bitsOf = (lists: number[][]): Uint32Array => {
      const bits = new Uint32Array(lists.length * words);
      lists.forEach((list, row) => {
        for (const o of list) bits[row * words + (o >>> 5)] |= 1 << (o & 31);
      });
      return bits;
    };
    const optionStart = new Int32Array(options.ids.size + 1);
    for (const list of mentorAnswers) for (const o of list) optionStart[o + 1]++;
    for (let o = 0; o < options.ids.size; o++) optionStart[o + 1] += optionStart[o];
    const optionFill = optionStart.slice(0, options.ids.size);
    const optionMentor = new Int32Array(optionStart[options.ids.size]);
    mentorAnswers.forEach((list, j) => {
      for (const o of list) optionMentor[optionFill[o]++] = j;
    });
    return {
      id,
      words,
      mentorBits: bitsOf(mentorAnswers),
      menteeBits: bitsOf(menteeAnswers),
      menteeAnswerCount: Int32Array.from(menteeAnswers, (list) => list.length),
      optionStart,
      optionMentor,
      menteeOptions: menteeAnswers.map((list) => Int32Array.from(list)),
    };
  });

  const menteePreferred = mentees.map((mentee) =>
    Int32Array.from(
      [...new Set(mentee.preferredMentorIds)]
        .map((id) => mentorIndexById.get(id) ?? -1)
        .filter((index) => index >= 0),
    ),
  );

  // Identity rules as short per-mentee lists, so a row costs O(list) instead of a lookup per mentor.
  const declinedBy = new Map<string, number[]>();
  mentors.forEach((mentor, j) => {
    for (const id of mentor.avoidIds) {
      const list = declinedBy.get(id);
      if (list) list.push(j);
      else declinedBy.set(id, [j]);
    }
  });
  const previousBy = new Map<string, number[]>();
  for (const [menteeId, mentorId] of criteria.previousPairs ?? []) {
    const j = mentorIndexById.get(mentorId);
    if (j === undefined) continue;
    const list = previousBy.get(menteeId);
    if (list) list.push(j);
    else previousBy.set(menteeId, [j]);
  }
  const menteeBlocked = mentees.map((mentee) => {
    const flat: number[] = [];
    const add = (ids: readonly string[], rule: number) => {
      for (const id of ids) {
        const j = mentorIndexById.get(id);
        if (j !== undefined) flat.push(j, rule);
      }
    };
    add([mentee.id], ruleIndex.self);
    add(mentee.managerChain, ruleIndex.manager_chain);
    add(mentee.avoidIds, ruleIndex.mentee_avoids);
    for (const j of declinedBy.get(mentee.id) ?? []) flat.push(j, ruleIndex.mentor_declines);
    for (const j of previousBy.get(mentee.id) ?? []) flat.push(j, ruleIndex.previous_pair);
    return Int32Array.from(flat);
  });

  const levelValueList = [Number.NaN];
  const levelClassOf = new Map<number, number>();
  const levelClass = Int32Array.from(mentors, (mentor) => {
    if (mentor.level === null) return 0;
    let k = levelClassOf.get(mentor.level);
    if (k === undefined) {
      k = levelValueList.length;
      levelClassOf.set(mentor.level, k);
      levelValueList.push(mentor.level);
    }
    return k;
  });
  const mentorLanguages = toBits(mentorLanguageIds);
  const languageSetOf = new Map<string, number>();
  const languageSetList: number[] = new Array(languageWords).fill(0);
  const languageClass = Int32Array.from(mentorLanguageIds, (list, j) => {
    if (list.length === 0) return 0;
    const words = mentorLanguages.subarray(j * languageWords, (j + 1) * languageWords);
    const key = words.join(',');
    let k = languageSetOf.get(key);
    if (k === undefined) {
      k = languageSetOf.size + 1;
      languageSetOf.set(key, k);
      languageSetList.push(...words);
    }
    return k;
  });
  const mentorDepartment = Int32Array.from(mentors, (mentor) => departmentOf(mentor.department));

  return {
    mentors,
    mentees,
    criteria,
    weights,
    weightSum,
    inverseWeightSum: weightSum === 0 ? 0 : 1 / weightSum,
    mustThreshold,
    mentorIndexById,
    menteeIndexById,
    previousPairKeys: new Set((criteria.previousPairs ?? []).map(([a, b]) => `${a}\u0000${b}`)),
    mentorRemaining,
    zoneOffsets,
    menteeGoals,
    mentorGoals,
    index: {
      skillStart,
      skillMentor,
      menteeSkillIds,
      menteeSkillWanted,
      goalPostings,
      menteeTarget,
      menteeStyle,
      menteeLevel,
      zoneCount,
      zoneQ,
      menteeZone,
      languageWords,
      menteeLanguages: toBits(menteeLanguageIds),
      menteeHasLanguage: Uint8Array.from(menteeLanguageIds, (list) => (list.length > 0 ? 1 : 0)),
      menteeDepartment: Int32Array.from(mentees, (mentee) => departmentOf(mentee.department)),
      menteePreference: Int8Array.from(mentees, (mentee) => preferenceCode[mentee.departmentPreference] ?? 0),
      questions,
      menteePreferred,
      menteeBlocked,
      functionClass: mentorFunction.map((f) => f + 1),
      functionClassCount: functions.ids.size + 1,
      styleClass: Int32Array.from(mentorStyle, (style) => style + 1),
      levelClass,
      levelValues: Float64Array.from(levelValueList),
      zoneClass: mentorZone.map((zone) => zone + 1),
      languageClass,
      languageSets: Uint32Array.from(languageSetList),
      languageClassCount: languageSetOf.size + 1,
      departmentClass: mentorDepartment.map((d) => d + 1),
      departmentClassCount: departments.ids.size + 1,
      mentorGoalEmpty: Uint8Array.from(mentorGoals, (vector) => (vector.terms.length === 0 ? 1 : 0)),
      mentorFull: Uint8Array.from(mentorRemaining, (left) => (left <= 0 ? 1 : 0)),
    },
  };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Per-pair reference: reads the profiles directly. Used for explanations and as the oracle of the fast path.   */

function sameTerm(a: string | null, b: string | null): boolean | null {
  if (a === null || b === null) return null;
  const x = normaliseTerm(a);
  const y = normaliseTerm(b);
  if (x === '' || y === '') return null;
  return x === y;
}

function booleanQ(value: boolean | null): number {
  return value === null ? neutral : value ? fullScore : 0;
}

/** Quantised value (0–10000) of every criterion for one pair, in `criterionKeys` order; reads the profiles. */
export function criterionValues(
  context: ScoringContext,
  menteeIndex: number,
  mentorIndex: number,
): Int32Array {
  const mentee = context.mentees[menteeIndex];
  const mentor = context.mentors[mentorIndex];
  const q = new Int32Array(criterionCount);

  const wanted = distinct(mentee.skillsWanted);
  const offeredSet = new Set(distinct(mentor.skillsOffered));
  q[C.skills] =
    wanted.length === 0 ? neutral : ratioQ(wanted.filter((s) => offeredSet.has(s)).length, wanted.length);

  const menteeGoal = context.menteeGoals[menteeIndex];
  const mentorGoal = context.mentorGoals[mentorIndex];
  q[C.goals] =
    menteeGoal.terms.length === 0 || mentorGoal.terms.length === 0
      ? neutral
      : quantise(cosine(menteeGoal, mentorGoal));

  q[C.function] = booleanQ(sameTerm(mentee.targetFunction, mentor.jobFunction));
  q[C.learningStyle] = booleanQ(
    mentee.learningStyle === null || mentor.learningStyle === null
      ? null
      : mentee.learningStyle === mentor.learningStyle,
  );
  q[C.seniority] =
    mentee.level === null || mentor.level === null
      ? neutral
      : quantise(seniorityFit(context.criteria.levelRule, mentor.level - mentee.level));

  const offsetOf = (zone: string | null) =>
    zone === null || zone === '' ? null : (context.zoneOffsets.get(zone) ?? null);
  q[C.timeZone] = timeZoneQ(offsetOf(mentee.timeZone), offsetOf(mentor.timeZone));

  const menteeLanguages = distinct(mentee.languages);
  const mentorLanguages = new Set(distinct(mentor.languages));
  q[C.language] = booleanQ(
    menteeLanguages.length === 0 || mentorLanguages.size === 0
      ? null
      : menteeLanguages.some((l) => mentorLanguages.has(l)),
  );

  const sameDepartment = sameTerm(mentee.department, mentor.department);
  q[C.department] =
    mentee.departmentPreference === 'any' || sameDepartment === null
      ? neutral
      : booleanQ(mentee.departmentPreference === 'same' ? sameDepartment : !sameDepartment);

  let answered = 0;
  let sum = 0;
  for (const question of context.index.questions) {
    const mine = answerList(mentee.answers[question.id]);
    if (mine.length === 0) continue;
    const theirs = new Set(answerList(mentor.answers[question.id]));
    answered++;
    sum += mine.filter((a) => theirs.has(a)).length / mine.length;
  }
  q[C.answers] = answered === 0 ? neutral : Math.round(fullScore * (sum / answered));

  q[C.preference] =
    mentee.preferredMentorIds.length === 0
      ? neutral
      : mentee.preferredMentorIds.includes(mentor.id)
        ? fullScore
        : 0;
  return q;
}

/**
 * `total / weightSum` rounded half up, exactly, for integer totals: a multiply by the inverse gives an estimate
 * at most one off (ties are where floating point wobbles), which exact integer comparisons then correct.
 */
export function roundedScore(total: number, weightSum: number, inverse: number): number {
  if (weightSum === 0) return 0;
  let score = Math.floor(total * inverse + 0.5);
  const twice = 2 * total;
  if ((2 * score - 1) * weightSum > twice) score--;
  else if ((2 * score + 1) * weightSum <= twice) score++;
  return score;
}

/** Weighted mean of quantised values, rounded: the pair score 0–10000. */
export function scoreOf(context: ScoringContext, values: Int32Array): number {
  let total = 0;
  for (let c = 0; c < criterionCount; c++) total += context.weights[c] * values[c];
  return roundedScore(total, context.weightSum, context.inverseWeightSum);
}

export interface PairEvaluation {
  values: Int32Array;
  score: number;
  /** The first hard rule that removes the pair, or `null` when the pair is eligible. */
  removedBy: RuleKey | null;
}

/** Scores one pair and checks every hard rule from the profiles; the reference the fast path must equal. */
export function evaluatePair(
  context: ScoringContext,
  menteeIndex: number,
  mentorIndex: number,
): PairEvaluation {
  const mentee = context.mentees[menteeIndex];
  const mentor = context.mentors[mentorIndex];
  const values = criterionValues(context, menteeIndex, mentorIndex);
  const score = scoreOf(context, values);
  const removedBy = ((): RuleKey | null => {
    if (mentee.id === mentor.id) return 'self';
    if (mentee.managerChain.includes(mentor.id)) return 'manager_chain';
    if (mentee.avoidIds.includes(mentor.id)) return 'mentee_avoids';
    if (mentor.avoidIds.includes(mentee.id)) return 'mentor_declines';
    if (context.previousPairKeys.has(`${mentee.id}\u0000${mentor.id}`)) return 'previous_pair';
    if (mentor.capacity - (mentor.currentMentees ?? 0) <= 0) return 'mentor_full';
    if (!levelAllowed(context.criteria.levelRule, mentee.level, mentor.level)) return 'level';
    for (let c = 0; c < criterionCount; c++) {
      if (context.mustThreshold[c] >= 0 && values[c] < context.mustThreshold[c])
        return ruleKeys[mustRuleIndex(c)];
    }
    if (context.criteria.minimumScore !== undefined && score < context.criteria.minimumScore)
      return 'minimum_score';
    return null;
  })();
  return { values, score, removedBy };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Fast path: one mentee against all mentors, criterion by criterion over typed arrays.                           */

/** Reusable buffers for scoring rows (one per thread of work). */
export interface RowScratch {
  q: Int32Array;
  /** Sparse criteria (skills, goals, answers, preference) accumulate here, integer-valued. */
  sparse: Float64Array;
  dots: Float64Array;
  counts: Int32Array;
  touched: Int32Array;
  shared: Int32Array;
  rule: Int8Array;
  mustRule: Int8Array;
  /** Per class criterion (indexed by criterion), its value per mentor class, and weight × value. */
  classQ: Float64Array[];
  classWeighted: Float64Array[];
  levelAllowedTable: Uint8Array;
  goalNeutral: Float64Array;
}

/** Criteria whose value depends only on a mentor attribute class: scored by per-row tables. */
const classCriteria = [C.function, C.learningStyle, C.seniority, C.timeZone, C.language, C.department];

function classSize(ix: FastIndex, c: number): number {
  switch (c) {
    case C.function:
      return ix.functionClassCount;
    case C.learningStyle:
      return learningStyles.length + 1;
    case C.seniority:
      return ix.levelValues.length;
    case C.timeZone:
      return ix.zoneCount + 1;
    case C.language:
      return ix.languageClassCount;
    case C.department:
      return ix.departmentClassCount;
    default:
      return 0;
  }
}

function mentorClass(ix: FastIndex, c: number): Int32Array {
  switch (c) {
    case C.function:
      return ix.functionClass;
    case C.learningStyle:
      return ix.styleClass;
    case C.seniority:
      return ix.levelClass;
    case C.timeZone:
      return ix.zoneClass;
    case C.language:
      return ix.languageClass;
    default:
      return ix.departmentClass;
  }
}

/** Allocates buffers for scoring rows of `context`. */
export function createRowScratch(context: ScoringContext): RowScratch {
  const m = context.mentors.length;
  const ix = context.index;
  const sizes = criterionKeys.map((_, c) => classSize(ix, c));
  return {
    q: new Int32Array(m),
    sparse: new Float64Array(m),
    dots: new Float64Array(m),
    counts: new Int32Array(m),
    touched: new Int32Array(m),
    shared: new Int32Array(m * Math.max(1, ix.questions.length)),
    rule: new Int8Array(m),
    mustRule: new Int8Array(m),
    classQ: sizes.map((size) => new Float64Array(size)),
    classWeighted: sizes.map((size) => new Float64Array(size)),
    levelAllowedTable: new Uint8Array(ix.levelValues.length),
    goalNeutral: Float64Array.from(ix.mentorGoalEmpty, (empty) =>
      empty ? context.weights[C.goals] * neutral : 0,
    ),
  };
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Fills `scratch.q` with a sparse criterion's quantised value for every mentor; used for `must` checks. */
function fillCriterion(context: ScoringContext, c: number, i: number, scratch: RowScratch): void {
  const ix = context.index;
  const m = context.mentors.length;
  const q = scratch.q;
  switch (criterionKeys[c]) {
    case 'skills': {
      const wanted = ix.menteeSkillWanted[i];
      if (wanted === 0) {
        q.fill(neutral);
        break;
      }
      q.fill(0);
      for (const s of ix.menteeSkillIds[i]) {
        for (let p = ix.skillStart[s]; p < ix.skillStart[s + 1]; p++) q[ix.skillMentor[p]]++;
      }
      const table = new Int32Array(wanted + 1);
      for (let k = 0; k <= wanted; k++) table[k] = ratioQ(k, wanted);
      for (let j = 0; j < m; j++) q[j] = table[q[j]];
      break;
    }
    case 'goals': {
      const vector = context.menteeGoals[i];
      if (vector.terms.length === 0) {
        q.fill(neutral);
        break;
      }
      const dots = scratch.dots;
      accumulateDots(vector, ix.goalPostings, dots);
      for (let j = 0; j < m; j++) q[j] = ix.mentorGoalEmpty[j] ? neutral : quantise(dots[j]);
      dots.fill(0); // the sparse pass relies on a zeroed buffer
      break;
    }
    case 'answers': {
      const sums = scratch.dots;
      let answered = 0;
      for (const question of ix.questions) {
        const count = question.menteeAnswerCount[i];
        if (count === 0) continue;
        answered++;
        const words = question.words;
        for (let j = 0; j < m; j++) {
          let shared = 0;
          for (let w = 0; w < words; w++) {
            shared += popcount(question.menteeBits[i * words + w] & question.mentorBits[j * words + w]);
          }
          sums[j] += shared / count;
        }
      }
      if (answered === 0) q.fill(neutral);
      else for (let j = 0; j < m; j++) q[j] = Math.round(fullScore * (sums[j] / answered));
      sums.fill(0);
      break;
    }
    case 'preference': {
      if (context.mentees[i].preferredMentorIds.length === 0) {
        q.fill(neutral);
        break;
      }
      q.fill(0);
      for (const j of ix.menteePreferred[i]) q[j] = fullScore;
      break;
    }
    default:
      throw new Error(`${criterionKeys[c]} is a class criterion`);
  }
}

/**
 * Adds the sparse criteria of mentee `i` into `scratch.sparse` (mentors sharing nothing get 0 and are never
 * touched) and returns the row's constant part (criteria where the mentee stated nothing score neutral).
 */
function addSparseCriteria(context: ScoringContext, i: number, scratch: RowScratch): number {
  const ix = context.index;
  const w = context.weights;
  const { sparse, counts, touched, dots } = scratch;
  let constant = 0;

  if (w[C.skills] > 0) {
    const wanted = ix.menteeSkillWanted[i];
    if (wanted === 0) constant += w[C.skills] * neutral;
    else {
      let touchedCount = 0;
      for (const s of ix.menteeSkillIds[i]) {
        for (let p = ix.skillStart[s]; p < ix.skillStart[s + 1]; p++) {
          const j = ix.skillMentor[p];
          if (counts[j]++ === 0) touched[touchedCount++] = j;
        }
      }
      for (let t = 0; t < touchedCount; t++) {
        const j = touched[t];
        sparse[j] += w[C.skills] * ratioQ(counts[j], wanted);
        counts[j] = 0;
      }
    }
  }

  if (w[C.goals] > 0) {
    const vector = context.menteeGoals[i];
    if (vector.terms.length === 0) constant += w[C.goals] * neutral;
    else {
      // Same order of additions as `cosine`: the mentee's terms in order.
      const postings = ix.goalPostings;
      let touchedCount = 0;
      for (let k = 0; k < vector.terms.length; k++) {
        const term = vector.terms[k];
        const qw = vector.weights[k];
        for (let p = postings.start[term]; p < postings.start[term + 1]; p++) {
          const j = postings.document[p];
          if (dots[j] === 0) touched[touchedCount++] = j;
          dots[j] += qw * postings.weight[p];
        }
      }
      for (let t = 0; t < touchedCount; t++) {
        const j = touched[t];
        sparse[j] += w[C.goals] * quantise(dots[j]);
        dots[j] = 0;
      }
    }
  }

  if (w[C.answers] > 0) {
    const questions = ix.questions;
    const m = context.mentors.length;
    const shared = scratch.shared;
    let answered = 0;
    let touchedCount = 0;
    for (let qi = 0; qi < questions.length; qi++) {
      const question = questions[qi];
      if (question.menteeAnswerCount[i] === 0) continue;
      answered++;
      for (const o of question.menteeOptions[i]) {
        for (let p = question.optionStart[o]; p < question.optionStart[o + 1]; p++) {
          const j = question.optionMentor[p];
          if (counts[j]++ === 0) touched[touchedCount++] = j;
          shared[qi * m + j]++;
        }
      }
    }
    if (answered === 0) constant += w[C.answers] * neutral;
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t];
      let sum = 0;
      for (let qi = 0; qi < questions.length; qi++) {
        const count = questions[qi].menteeAnswerCount[i];
        if (count === 0) continue;
        sum += shared[qi * m + j] / count;
        shared[qi * m + j] = 0;
      }
      sparse[j] += w[C.answers] * Math.round(fullScore * (sum / answered));
      counts[j] = 0;
    }
  }

  if (w[C.preference] > 0) {
    if (context.mentees[i].preferredMentorIds.length === 0) constant += w[C.preference] * neutral;
    else for (const j of ix.menteePreferred[i]) sparse[j] += w[C.preference] * fullScore;
  }
  return constant;
}

/** Fills, for mentee `i`, each class criterion's value per mentor class (`classQ`) and weight × value. */
function fillClassTables(context: ScoringContext, i: number, scratch: RowScratch): void {
  const ix = context.index;
  const { classQ, classWeighted } = scratch;

  const fillBoolean = (c: number, known: boolean, matchClass: (k: number) => boolean) => {
    const table = classQ[c];
    table[0] = neutral;
    for (let k = 1; k < table.length; k++) table[k] = known ? (matchClass(k) ? fullScore : 0) : neutral;
  };
  const target = ix.menteeTarget[i];
  fillBoolean(C.function, target >= 0, (k) => k === target + 1);
  const style = ix.menteeStyle[i];
  fillBoolean(C.learningStyle, style >= 0, (k) => k === style + 1);
  const preference = ix.menteePreference[i];
  const department = ix.menteeDepartment[i];
  fillBoolean(
    C.department,
    preference !== 0 && department >= 0,
    (k) => (k === department + 1) === (preference === 1),
  );

  const zone = ix.menteeZone[i];
  const zoneTable = classQ[C.timeZone];
  zoneTable[0] = neutral;
  for (let k = 1; k < zoneTable.length; k++)
    zoneTable[k] = zone < 0 ? neutral : ix.zoneQ[zone * ix.zoneCount + k - 1];

  const words = ix.languageWords;
  const languageTable = classQ[C.language];
  const hasLanguage = ix.menteeHasLanguage[i] === 1;
  languageTable[0] = neutral;
  for (let k = 1; k < languageTable.length; k++) {
    let shared = 0;
    for (let x = 0; x < words; x++)
      shared |= ix.menteeLanguages[i * words + x] & ix.languageSets[k * words + x];
    languageTable[k] = !hasLanguage ? neutral : shared !== 0 ? fullScore : 0;
  }

  const level = ix.menteeLevel[i];
  const rule = context.criteria.levelRule;
  const mentee = context.mentees[i];
  const levelTable = classQ[C.seniority];
  levelTable[0] = neutral;
  scratch.levelAllowedTable[0] = 1;
  for (let k = 1; k < ix.levelValues.length; k++) {
    const mentorLevel = ix.levelValues[k];
    levelTable[k] = Number.isNaN(level) ? neutral : quantise(seniorityFit(rule, mentorLevel - level));
    scratch.levelAllowedTable[k] = levelAllowed(rule, mentee.level, mentorLevel) ? 1 : 0;
  }

  for (const c of classCriteria) {
    const weight = context.weights[c];
    const q = classQ[c];
    const weighted = classWeighted[c];
    for (let k = 0; k < q.length; k++) weighted[k] = weight * q[k];
  }
}

/**
 * Scores mentee `menteeIndex` against every mentor and applies the hard rules: `outScores[j]` gets the score or
 * -1 when removed; `scratch.rule[j]` gets 0 or 1 + the index in `ruleKeys` of the first rule that removed it;
 * `outRemovedCounts` (length `ruleKeys.length`, optional) is incremented per rule. Returns the eligible count.
 * One fused pass over the mentors: categorical criteria are table look-ups by mentor class, sparse ones were
 * accumulated beforehand by walking postings.
 */
export function scoreRow(
  context: ScoringContext,
  menteeIndex: number,
  scratch: RowScratch,
  outScores: Int32Array,
  outRemovedCounts?: Int32Array,
): number {
  const ix = context.index;
  const m = context.mentors.length;
  const { rule, mustRule, sparse, q } = scratch;
  rule.fill(0);
  sparse.fill(0);

  const blocked = ix.menteeBlocked[menteeIndex];
  // Lists hold identity rules in rule order, so the first one recorded for a mentor is the one to report.
  for (let k = 0; k < blocked.length; k += 2) {
    const j = blocked[k];
    if (rule[j] === 0) rule[j] = blocked[k + 1] + 1;
  }

  fillClassTables(context, menteeIndex, scratch);
  let anyMust = false;
  for (let c = 0; c < criterionCount; c++) {
    const threshold = context.mustThreshold[c];
    if (threshold < 0) continue;
    if (!anyMust) mustRule.fill(0);
    anyMust = true;
    const mustId = mustRuleIndex(c) + 1;
    if (classCriteria.includes(c)) {
      const table = scratch.classQ[c];
      const classes = mentorClass(ix, c);
      for (let j = 0; j < m; j++)
        if (mustRule[j] === 0 && table[classes[j]] < threshold) mustRule[j] = mustId;
    } else {
      fillCriterion(context, c, menteeIndex, scratch);
      for (let j = 0; j < m; j++) if (mustRule[j] === 0 && q[j] < threshold) mustRule[j] = mustId;
    }
  }

  const constant = addSparseCriteria(context, menteeIndex, scratch);
  const weighted = scratch.classWeighted;
  const functionTable = weighted[C.function];
  const styleTable = weighted[C.learningStyle];
  const levelTable = weighted[C.seniority];
  const zoneTable = weighted[C.timeZone];
  const languageTable = weighted[C.language];
  const departmentTable = weighted[C.department];
  const levelAllowedTable = scratch.levelAllowedTable;
  const goalNeutral = context.weights[C.goals] > 0 && context.menteeGoals[menteeIndex].terms.length > 0;
  const goalTable = scratch.goalNeutral;
  const { functionClass, styleClass, levelClass, zoneClass, languageClass, departmentClass, mentorFull } = ix;
  const inverse = context.inverseWeightSum;
  const weightSum = context.weightSum;
  const minimum = context.criteria.minimumScore ?? -1;
  const fullRule = ruleIndex.mentor_full + 1;
  const levelRuleId = ruleIndex.level + 1;
  const minimumId = ruleIndex.minimum_score + 1;
  let eligible = 0;
  for (let j = 0; j < m; j++) {
    const levelK = levelClass[j];
    let total =
      constant +
      sparse[j] +
      functionTable[functionClass[j]] +
      styleTable[styleClass[j]] +
      levelTable[levelK] +
      zoneTable[zoneClass[j]] +
      languageTable[languageClass[j]] +
      departmentTable[departmentClass[j]];
    if (goalNeutral) total += goalTable[j];
    const score = roundedScore(total, weightSum, inverse);
    let r = rule[j];
    if (r === 0) {
      if (mentorFull[j]) r = fullRule;
      else if (levelAllowedTable[levelK] === 0) r = levelRuleId;
      else if (anyMust && mustRule[j] !== 0) r = mustRule[j];
      else if (score < minimum) r = minimumId;
      rule[j] = r;
    }
    if (r === 0) {
      outScores[j] = score;
      eligible++;
    } else {
      outScores[j] = -1;
      if (outRemovedCounts) outRemovedCounts[r - 1]++;
    }
  }
  return eligible;
}

/** Scores of every pair after the hard rules, dense and row-major, with per-mentee removal counts by rule. */
export interface ScoreMatrix {
  menteeCount: number;
  mentorCount: number;
  /** `scores[i * mentorCount + j]`: 0–10000, or -1 when a hard rule removed the pair. */
  scores: Int32Array;
  /** `removedCounts[i * ruleKeys.length + r]`: mentors removed for mentee i by rule r. */
  removedCounts: Int32Array;
  eligibleCount: Int32Array;
}

/** Scores all pairs (fast path); `onProgress` is called every few hundred mentees. */
export function scoreAll(
  context: ScoringContext,
  options: { onProgress?: (done: number, total: number) => void } = {},
): ScoreMatrix {
  const n = context.mentees.length;
  const m = context.mentors.length;
  const rules = ruleKeys.length;
  const scores = new Int32Array(n * m);
  const removedCounts = new Int32Array(n * rules);
  const eligibleCount = new Int32Array(n);
  const scratch = createRowScratch(context);
  for (let i = 0; i < n; i++) {
    eligibleCount[i] = scoreRow(
      context,
      i,
      scratch,
      scores.subarray(i * m, (i + 1) * m),
      removedCounts.subarray(i * rules, (i + 1) * rules),
    );
    if (options.onProgress && (i % 500 === 499 || i === n - 1)) options.onProgress(i + 1, n);
  }
  return { menteeCount: n, mentorCount: m, scores, removedCounts, eligibleCount };
}
