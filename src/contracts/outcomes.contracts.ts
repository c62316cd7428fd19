import { z } from 'zod';
import { isoDateTime } from './common.ts';

/**
 * Outcomes (§8, decision 018 and 025): participants' promotion and retention against comparable non-participants,
 * the self-rated skills before and after, and the diversity view. Staff only: admins for any program or all of them,
 * coordinators for their own programs. Every figure about fewer people than the organisation's smallest group
 * (never below 5) is withheld.
 */

export const outcomeRole = z.enum(['mentee', 'mentor']);
export type OutcomeRole = z.infer<typeof outcomeRole>;

export const outcomesQuery = z.strictObject({
  programId: z.uuid().optional().describe('One program; omitted: every program (admins only)'),
  role: outcomeRole.default('mentee'),
  horizonMonths: z.coerce
    .number()
    .int('must be a whole number of months')
    .min(1, 'must be from 1 to 60 months')
    .max(60, 'must be from 1 to 60 months')
    .default(12),
});
export type OutcomesQuery = z.infer<typeof outcomesQuery>;

/** A rate (0–1) with its 95% interval; null when there is nobody to count. */
const rate = z.object({
  rate: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});
export type RateView = z.infer<typeof rate>;

const difference = z
  .object({ estimate: z.number(), lower: z.number(), upper: z.number() })
  .nullable()
  .describe('Participants − comparison, with Newcombe’s 95% interval; null when a group is empty');
export type DifferenceView = z.infer<typeof difference>;

const outcomeResult = z.object({
  participants: rate.extend({
    people: z.number().int(),
    events: z.number().int().describe('Promoted / still employed at the horizon'),
    withoutFollowUp: z
      .number()
      .int()
      .describe('Left out: everyone comparable to them joined mentoring before the horizon'),
  }),
  comparison: rate.extend({
    people: z.number().int().describe('Distinct people in the comparison groups'),
    records: z.number().int(),
    censoredAtJoin: z.number().int().describe('Followed only until they joined mentoring themselves'),
    effectiveSize: z.number().describe('The comparison’s effective number of people (weights and censoring)'),
  }),
  difference,
  naive: z.object({
    participants: rate.extend({ people: z.number().int() }),
    comparison: rate.extend({ people: z.number().int(), effectiveSize: z.number() }),
    difference,
  }),
});
export type OutcomeResult = z.infer<typeof outcomeResult>;

const curvePoint = z.object({
  day: z.number().int(),
  survival: z.number(),
  atRisk: z.number(),
});
export type CurvePoint = z.infer<typeof curvePoint>;

export const outcomesReport = z.object({
  programId: z.uuid().nullable(),
  programName: z.string().nullable(),
  role: outcomeRole,
  horizonMonths: z.number().int(),
  generatedAt: isoDateTime,
  /** The organisation has imported career history (hires, promotions, exits). */
  hasHistory: z.boolean(),
  minGroupSize: z.number().int(),
  /** Fewer than `minGroupSize` participants were matched: no rate is shown. */
  suppressed: z.boolean(),
  participants: z.object({
    total: z.number().int(),
    horizonNotElapsed: z.number().int().describe('Started less than the horizon ago'),
    matched: z.number().int(),
    dropped: z.object({
      noComparable: z.number().int(),
      missingData: z.number().int(),
      notEmployedAtStart: z.number().int(),
      notInDirectory: z.number().int(),
    }),
  }),
  matchingRule: z.string(),
  promotion: outcomeResult.nullable(),
  retention: outcomeResult.nullable(),
  curves: z
    .object({
      participants: z.array(curvePoint),
      comparison: z.array(curvePoint),
      participantPeople: z.number().int(),
      comparisonPeople: z.number().int(),
    })
    .nullable(),
});
export type OutcomesReport = z.infer<typeof outcomesReport>;

/** Programs the caller may analyse (admins: every program; coordinators: theirs). */
export const outcomePrograms = z.object({
  allowAll: z.boolean(),
  items: z.array(z.object({ id: z.uuid(), name: z.string(), status: z.string() })),
});
export type OutcomePrograms = z.infer<typeof outcomePrograms>;

// ── Skills before and after ──────────────────────────────────────────────────────────────────────────────────────

const meanChange = z.object({
  n: z.number().int().describe('People with a rating at the start and at the end'),
  mean: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  suppressed: z.boolean(),
});
export type MeanChangeView = z.infer<typeof meanChange>;

export const skillsChangeReport = z.object({
  programId: z.uuid(),
  skills: z.array(z.string()).describe('The skills the program asks about'),
  minGroupSize: z.number().int(),
  overall: meanChange,
  bySkill: z.array(
    meanChange.extend({
      skill: z.string(),
      meanStart: z.number().nullable(),
      meanEnd: z.number().nullable(),
    }),
  ),
  unpaired: z.number().int().describe('Ratings given only at the start or only at the end'),
});
export type SkillsChangeReport = z.infer<typeof skillsChangeReport>;

// ── Diversity ────────────────────────────────────────────────────────────────────────────────────────────────────

export const diversityQuery = z.strictObject({
  programId: z.uuid().optional(),
  role: outcomeRole.default('mentee'),
  dimension: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z][A-Za-z0-9_]{0,39}$/,
      'must be a directory attribute, such as gender, ethnicity or age band',
    )
    .default('gender'),
});
export type DiversityQuery = z.infer<typeof diversityQuery>;

const diversityCells = z.object({
  people: z.number().int().nullable(),
  participants: z.number().int().nullable(),
  matched: z.number().int().nullable(),
  matchRate: z.number().nullable(),
  followed: z.number().int().nullable().describe('Matched participants who started 12 months ago or more'),
  promoted: z.number().int().nullable(),
  promotionRate: z.number().nullable(),
  retained: z.number().int().nullable(),
  retentionRate: z.number().nullable(),
});

export const diversityReport = z.object({
  programId: z.uuid().nullable(),
  role: outcomeRole,
  dimension: z.string(),
  /** Fields found in the organisation’s self-described data. */
  dimensions: z.array(z.string()),
  minGroupSize: z.number().int(),
  /** People who shared anything for this field. */
  statedPeople: z.number().int(),
  groups: z.array(diversityCells.extend({ group: z.string(), notStated: z.boolean() })),
  total: diversityCells,
  /** Cells withheld: small groups, and the further cells that would let someone work them out. */
  hiddenCells: z.number().int(),
});
export type DiversityReport = z.infer<typeof diversityReport>;
export type DiversityRow = DiversityReport['groups'][number];
