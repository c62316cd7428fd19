import type { FieldIssue } from '../errors.ts';

/** The criteria a pair is scored on, in the fixed order used for scores, explanations and tie-breaks. */
export const criterionKeys = [
  'skills',
  'goals',
  'function',
  'learningStyle',
  'seniority',
  'timeZone',
  'language',
  'department',
  'answers',
  'preference',
] as const;
export type CriterionKey = (typeof criterionKeys)[number];
export const criterionCount = criterionKeys.length;
/** Position of each criterion in `criterionKeys`, the index of per-criterion arrays. */
export const criterionIndex: Readonly<Record<CriterionKey, number>> = Object.fromEntries(
  criterionKeys.map((key, index) => [key, index]),
) as Record<CriterionKey, number>;

export const weightLabels = ['must', 'high', 'medium', 'low', 'off'] as const;
type WeightLabel = (typeof weightLabels)[number];
/** A named weight or a number >= 0. `must` filters the pair out unless the criterion is met, and scores as `high`. */
export type Weight = WeightLabel | number;

export const programTypes = ['one_to_one', 'peer', 'reverse', 'group', 'flash'] as const;
export type ProgramType = (typeof programTypes)[number];

export interface LevelRule {
  type: ProgramType;
  /** Minimum levels the mentor is above the mentee for one-to-one, group and flash programs (default 2). */
  gap?: number;
}

export interface Criteria {
  weights: Record<CriterionKey, Weight>;
  levelRule: LevelRule;
  /** Pairs scoring below this (0–10000, i.e. 0–100.00 shown) are removed. */
  minimumScore?: number;
  /** Pairs that already had a relationship in this program: [menteeId, mentorId]. */
  previousPairs?: ReadonlyArray<readonly [string, string]>;
  /** Question ids whose answers feed the `answers` criterion; when empty or absent the criterion is off. */
  matchingQuestions?: readonly string[];
  /**
   * Value a `must` criterion has to reach, per criterion (0–1). Default: strictly above 0, i.e. "not a known
   * mismatch" — unknown data scores a neutral 0.5 and passes.
   */
  mustThresholds?: Partial<Record<CriterionKey, number>>;
  /**
   * Group programs only: weight of the group's cohesion (how much its mentees share: skills wanted, goals, time
   * zones) beside the pair scores when groups are formed (decision 031). Default `medium`; see groups/cohesion.ts.
   */
  cohesion?: Weight;
}

const namedWeights: Record<Exclude<WeightLabel, 'off'>, number> = {
  must: 5,
  high: 5,
  medium: 3,
  low: 1,
};

/** Weights a program starts with (documented in docs/matching.md). */
const defaultWeights: Readonly<Record<CriterionKey, Weight>> = {
  skills: 'high',
  goals: 'medium',
  function: 'medium',
  learningStyle: 'low',
  seniority: 'low',
  timeZone: 'medium',
  language: 'must',
  department: 'low',
  answers: 'medium',
  preference: 'high',
};

export const defaultLevelGap = 2;

/** Criteria of a new one-to-one program. */
export function defaultCriteria(overrides: Partial<Criteria> = {}): Criteria {
  return {
    weights: { ...defaultWeights, ...overrides.weights },
    levelRule: overrides.levelRule ?? { type: 'one_to_one', gap: defaultLevelGap },
    minimumScore: overrides.minimumScore,
    previousPairs: overrides.previousPairs,
    matchingQuestions: overrides.matchingQuestions,
    mustThresholds: overrides.mustThresholds,
  };
}

/** Numeric weight of a criterion in the score (0 when off). */
export function numericWeight(weight: Weight): number {
  if (typeof weight === 'number') return weight;
  return weight === 'off' ? 0 : namedWeights[weight];
}

type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates criteria from JSON (API body, CLI file); fills defaults; every issue names its field. */
export function parseCriteria(input: unknown): ParseResult<Criteria> {
  const issues: FieldIssue[] = [];
  if (input === undefined || input === null) return { ok: true, value: defaultCriteria() };
  if (!isRecord(input)) return { ok: false, issues: [{ path: '', message: 'must be an object' }] };
  const known = new Set([
    'weights',
    'levelRule',
    'minimumScore',
    'previousPairs',
    'matchingQuestions',
    'mustThresholds',
    'cohesion',
  ]);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) issues.push({ path: key, message: 'unknown field' });
  }

  const weights: Record<CriterionKey, Weight> = { ...defaultWeights };
  if (input.weights !== undefined) {
    if (!isRecord(input.weights)) issues.push({ path: 'weights', message: 'must be an object' });
    else {
      for (const [key, value] of Object.entries(input.weights)) {
        const path = `weights.${key}`;
        if (!(criterionKeys as readonly string[]).includes(key)) {
          issues.push({ path, message: `unknown criterion; expected one of ${criterionKeys.join(', ')}` });
        } else if (typeof value === 'number') {
          // Capped so integer sums of weights (in thousandths) × values stay exact.
          if (!Number.isFinite(value) || value < 0 || value > 1000) {
            issues.push({ path, message: 'must be a number from 0 to 1000' });
          } else weights[key as CriterionKey] = value;
        } else if (typeof value === 'string' && (weightLabels as readonly string[]).includes(value)) {
          weights[key as CriterionKey] = value as WeightLabel;
        } else {
          issues.push({
            path,
            message: `must be one of ${weightLabels.join(', ')} or a number from 0 to 1000`,
          });
        }
      }
    }
  }

  let levelRule: LevelRule = { type: 'one_to_one', gap: defaultLevelGap };
  if (input.levelRule !== undefined) {
    const rule = input.levelRule;
    if (!isRecord(rule)) issues.push({ path: 'levelRule', message: 'must be an object' });
    else if (typeof rule.type !== 'string' || !(programTypes as readonly string[]).includes(rule.type)) {
      issues.push({ path: 'levelRule.type', message: `must be one of ${programTypes.join(', ')}` });
    } else if (rule.gap !== undefined && (typeof rule.gap !== 'number' || !Number.isInteger(rule.gap))) {
      issues.push({ path: 'levelRule.gap', message: 'must be an integer' });
    } else {
      levelRule = {
        type: rule.type as ProgramType,
        gap: (rule.gap as number | undefined) ?? defaultLevelGap,
      };
    }
  }

  let minimumScore: number | undefined;
  if (input.minimumScore !== undefined) {
    const value = input.minimumScore;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10000) {
      issues.push({ path: 'minimumScore', message: 'must be an integer from 0 to 10000 (100.00 shown)' });
    } else minimumScore = value;
  }

  let previousPairs: [string, string][] | undefined;
  if (input.previousPairs !== undefined) {
    if (!Array.isArray(input.previousPairs))
      issues.push({ path: 'previousPairs', message: 'must be an array' });
    else {
      previousPairs = [];
      input.previousPairs.forEach((pair, index) => {
        if (
          !Array.isArray(pair) ||
          pair.length !== 2 ||
          typeof pair[0] !== 'string' ||
          typeof pair[1] !== 'string'
        ) {
          issues.push({ path: `previousPairs[${index}]`, message: 'must be [menteeId, mentorId]' });
        } else previousPairs?.push([pair[0], pair[1]]);
      });
    }
  }

  let matchingQuestions: string[] | undefined;
  if (input.matchingQuestions !== undefined) {
    const value = input.matchingQuestions;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      issues.push({ path: 'matchingQuestions', message: 'must be an array of question ids' });
    } else matchingQuestions = value as string[];
  }

  let mustThresholds: Partial<Record<CriterionKey, number>> | undefined;
  if (input.mustThresholds !== undefined) {
    if (!isRecord(input.mustThresholds))
      issues.push({ path: 'mustThresholds', message: 'must be an object' });
    else {
      mustThresholds = {};
      for (const [key, value] of Object.entries(input.mustThresholds)) {
        const path = `mustThresholds.${key}`;
        if (!(criterionKeys as readonly string[]).includes(key))
          issues.push({ path, message: 'unknown criterion' });
        else if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
          issues.push({ path, message: 'must be a number from 0 to 1' });
        } else mustThresholds[key as CriterionKey] = value;
      }
    }
  }

  let cohesion: Weight | undefined;
  if (input.cohesion !== undefined) {
    const value = input.cohesion;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1000) cohesion = value;
    else if (
      typeof value === 'string' &&
      (weightLabels as readonly string[]).includes(value) &&
      value !== 'must'
    )
      cohesion = value as WeightLabel;
    else
      issues.push({ path: 'cohesion', message: 'must be high, medium, low, off or a number from 0 to 1000' });
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      weights,
      levelRule,
      minimumScore,
      previousPairs,
      matchingQuestions,
      mustThresholds,
      ...(cohesion === undefined ? {} : { cohesion }),
    },
  };
}
