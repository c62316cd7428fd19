/*
 * The fast path: one mentee against all mentors in one pass over typed arrays. Categorical criteria are table
 * look-ups by mentor class, sparse ones are accumulated by walking postings; the per-pair reference
 * (scoring-reference.ts) is the oracle it must equal exactly.
 */
import { criterionCount, criterionIndex, criterionKeys } from './criteria.ts';
import { learningStyles } from './profiles.ts';
import { levelAllowed, mustRuleIndex, ruleIndex, ruleKeys } from './rules.ts';
import type { FastIndex, ScoringContext } from './scoring-context.ts';
import { fullScore, neutral, quantise, ratioQ, roundedScore, seniorityFit } from './scoring-scale.ts';
import { accumulateDots } from './text-similarity.ts';

// Criterion positions by name, short because the row code reads them everywhere.
const C = criterionIndex;

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
