/*
 * The scoring context: the profiles and criteria of one scoring, turned once into the ids, typed arrays and
 * postings both scoring paths read (scoring-reference.ts pair by pair, scoring-fast-path.ts row by row).
 */
import { invalidField } from '../errors.ts';
import { isValidTimeZone, offsetAt } from '../time-zones.ts';
import { type Criteria, criterionCount, criterionKeys, numericWeight } from './criteria.ts';
import {
  answerTerms,
  distinctTerms,
  type LearningStyle,
  learningStyles,
  type MenteeProfile,
  type MentorProfile,
  normaliseTerm,
} from './profiles.ts';
import { ruleIndex } from './rules.ts';
import { fullScore, timeZoneQ } from './scoring-scale.ts';
import { buildPostings, buildTextIndex, type PostingIndex, type SparseVector } from './text-similarity.ts';

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

export interface FastIndex {
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

interface ContextOptions {
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
  const offered = mentors.map((mentor) =>
    distinctTerms(mentor.skillsOffered).map((skill) => skills.id(skill)),
  );
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
    const wanted = distinctTerms(mentee.skillsWanted);
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
      zoneOffsets.set(zone, isValidTimeZone(zone) ? offsetAt(at, zone) / 60_000 : null);
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
  const mentorLanguageIds = mentors.map((mentor) =>
    distinctTerms(mentor.languages).map((l) => languages.id(l)),
  );
  const menteeLanguageIds = mentees.map((mentee) =>
    distinctTerms(mentee.languages).map((l) => languages.id(l)),
  );
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
    const mentorAnswers = mentors.map((mentor) => answerTerms(mentor.answers[id]).map((a) => options.id(a)));
    const menteeAnswers = mentees.map((mentee) => answerTerms(mentee.answers[id]).map((a) => options.id(a)));
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
