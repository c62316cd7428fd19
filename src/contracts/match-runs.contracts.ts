import { z } from 'zod';
import { criterionKeys, weightLabels } from '../core/matching/criteria.ts';
import { programStatuses } from '../core/programs/program-lifecycle.ts';
import { isoDateTime, paginated, paginationQuery } from './common.ts';
import { noticeTally } from './notice-tally.contracts.ts';

/** A criterion's weight: a named level or a number from 0 to 1000 (§4). */
const weightInput = z.union([z.enum(weightLabels), z.number().min(0).max(1000)]);

const weightsShape = Object.fromEntries(criterionKeys.map((key) => [key, weightInput.optional()])) as Record<
  (typeof criterionKeys)[number],
  z.ZodOptional<typeof weightInput>
>;

/** Scores are shown 0–100.00; stored and computed as integers 0–10000. */
const shownScore = z.number().min(0).max(100);

export const criteriaInput = z.strictObject({
  weights: z.strictObject(weightsShape).optional(),
  levelRule: z
    .strictObject({
      gap: z
        .number()
        .int()
        .min(0)
        .max(20)
        .optional()
        .describe('Levels the mentor is at least above the mentee (one-to-one, group, flash)'),
    })
    .optional()
    .describe('The rule type is the program type'),
  minimumScore: shownScore.nullable().optional().describe('Pairs scoring below this (0–100) are removed'),
  cohesion: z
    .union([z.enum(['high', 'medium', 'low', 'off']), z.number().min(0).max(1000)])
    .optional()
    .describe(
      'Group programs: weight of how much a group’s mentees have in common (skills, goals, time zones)',
    ),
});
export type CriteriaInput = z.infer<typeof criteriaInput>;

export const criteriaView = z.object({
  weights: z.record(z.string(), weightInput),
  levelRule: z.object({ type: z.string(), gap: z.number().int() }),
  minimumScore: z.number().nullable(),
  cohesion: weightInput.describe('Group programs: weight of the groups’ cohesion when groups are formed'),
});
export type CriteriaView = z.infer<typeof criteriaView>;

export const criteriaPreview = z.object({
  mentees: z.number().int(),
  mentors: z.number().int(),
  eligiblePairs: z.number().int(),
  /** Ten buckets of eligible pair scores: [0,10), [10,20) … [90,100]. */
  histogram: z.array(z.object({ from: z.number(), to: z.number(), pairs: z.number().int() })),
  menteesWithoutEligibleMentor: z.number().int(),
  /** Mentees without an eligible mentor, counted under the rule that removed most of their mentors. */
  withoutEligibleByRule: z.record(z.string(), z.number().int()),
  /** Each key of `withoutEligibleByRule` in words ("must:timeZone" → must-have criterion "time zone" not met). */
  ruleReasons: z.record(z.string(), z.string()),
  /** The first 20 of those mentees by name, each with that rule in words. */
  withoutEligible: z.array(z.object({ menteeEnrolmentId: z.uuid(), name: z.string(), reason: z.string() })),
});
export type CriteriaPreview = z.infer<typeof criteriaPreview>;

export const matchModes = ['optimal', 'participation', 'fair', 'stable'] as const;
export type MatchMode = (typeof matchModes)[number];

export const createMatchRunInput = z.strictObject({
  mode: z.enum(matchModes),
  seed: z.number().int().min(0).max(2_147_483_647).optional(),
  baseRunId: z.uuid().optional().describe('Keep the locked pairs and manual edits of this run'),
});
export type CreateMatchRunInput = z.infer<typeof createMatchRunInput>;

const matchRunStats = z.object({
  mentees: z.number().int(),
  mentors: z.number().int(),
  matched: z.number().int(),
  matchedPercent: z.number(),
  meanScore: z.number().nullable(),
  lowestScore: z.number().nullable(),
  unmatched: z.number().int(),
  unmatchedByReason: z.record(z.string(), z.number().int()),
  locked: z.number().int(),
  edited: z.number().int(),
  restingOnNeutral: z
    .number()
    .int()
    .optional()
    .describe('Matched pairs whose score comes mostly from criteria with missing information'),
  groups: z
    .object({
      minSize: z.number().int(),
      maxSize: z.number().int(),
      items: z.array(
        z.object({
          mentorEnrolmentId: z.uuid(),
          size: z.number().int(),
          seats: z
            .number()
            .int()
            .describe('Places the group may have: the program’s maximum or the mentor’s capacity'),
          cohesion: z.number().min(0).max(100).describe('How much its mentees have in common, 0–100'),
          why: z.string(),
          belowMinimum: z.boolean(),
        }),
      ),
    })
    .optional()
    .describe('Group programs: the groups the run forms (one per mentor)'),
});
export type MatchRunStats = z.infer<typeof matchRunStats>;

const matchRunProgress = z.object({
  phase: z.enum(['queued', 'loading', 'scoring', 'solving', 'saving', 'done']),
  percent: z.number(),
});

export const matchRun = z.object({
  id: z.uuid(),
  programId: z.uuid(),
  number: z.number().int(),
  mode: z.enum(matchModes),
  seed: z.number().int(),
  status: z.enum(['queued', 'running', 'draft', 'failed', 'published', 'discarded']),
  progress: matchRunProgress.nullable(),
  stats: matchRunStats.nullable(),
  baseRunId: z.uuid().nullable(),
  error: z.string().nullable(),
  createdAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  publishedAt: isoDateTime.nullable(),
});
export type MatchRun = z.infer<typeof matchRun>;

export const matchRunList = z.object({ items: z.array(matchRun) });
export type MatchRunList = z.infer<typeof matchRunList>;

export const runParams = z.strictObject({ id: z.uuid(), runId: z.uuid() });
export const pairParams = z.strictObject({ id: z.uuid(), runId: z.uuid(), menteeEnrolmentId: z.uuid() });

export const pairsQuery = z.strictObject({
  ...paginationQuery,
  filter: z
    .enum(['all', 'matched', 'unmatched', 'locked', 'neutral'])
    .default('all')
    .describe('neutral: matched pairs resting mostly on missing information'),
  sort: z.enum(['score', 'mentee', 'mentor']).default('score'),
  order: z.enum(['asc', 'desc']).default('desc'),
  q: z.string().trim().max(200).optional().describe('Part of the mentee’s or mentor’s name'),
});
export type PairsQuery = z.infer<typeof pairsQuery>;

const enrolledPerson = z.object({ enrolmentId: z.uuid(), personId: z.uuid(), name: z.string() });
/** Staff review pairs: the title and department tell two people of the same name apart. */
const pairedPerson = enrolledPerson.extend({
  title: z.string().nullable(),
  department: z.string().nullable(),
});

const runPair = z.object({
  mentee: pairedPerson,
  mentor: pairedPerson.nullable(),
  score: z.number().nullable().describe('0–100.00'),
  locked: z.boolean(),
  source: z.enum(['solver', 'edit']),
  reason: z.unknown().nullable().describe('Why the mentee is unmatched'),
  neutralShare: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('Share of the score from criteria with missing information; null when not known'),
  restsOnNeutral: z.boolean().describe('More than half the score comes from missing information'),
});
export type RunPair = z.infer<typeof runPair>;
export const runPairList = paginated(runPair);
export type RunPairList = z.infer<typeof runPairList>;

export const pairExplanation = z.object({
  menteeEnrolmentId: z.uuid(),
  mentorEnrolmentId: z.uuid().nullable(),
  matched: z.boolean(),
  score: z.number().nullable(),
  text: z.string(),
  criteria: z.array(
    z.object({
      criterion: z.string(),
      value: z.number(),
      neutral: z
        .boolean()
        .nullable()
        .describe('Scored the neutral 0.5 because information is missing; null for older runs'),
      weight: weightInput,
      points: z.number().describe('0–100.00; the points add up to the score'),
      detail: z.string(),
    }),
  ),
  neutralShare: z.number().min(0).max(1).nullable().describe('Share of the score from neutral criteria'),
  restsOnNeutral: z.boolean(),
  neutralWarning: z.string().nullable().describe('Why a pair resting on missing information needs a look'),
  group: z
    .object({ size: z.number().int(), seats: z.number().int(), cohesion: z.number(), why: z.string() })
    .nullable()
    .optional()
    .describe('Group programs: the group the mentee is placed in and its cohesion'),
  /** Unmatched mentees: the reason code and how many mentors each rule removed. */
  unmatched: z
    .object({
      code: z.string(),
      eligibleMentors: z.number().int(),
      removed: z.array(z.object({ rule: z.string(), description: z.string(), removed: z.number().int() })),
    })
    .nullable(),
});
export type PairExplanation = z.infer<typeof pairExplanation>;

/** A group program's run seen as groups: one per mentor, with its mentees, and the mentees left without a group. */
export const runGroups = z.object({
  minSize: z.number().int(),
  maxSize: z.number().int(),
  groups: z.array(
    z.object({
      mentor: enrolledPerson,
      size: z.number().int(),
      seats: z.number().int(),
      cohesion: z.number().min(0).max(100),
      why: z.string().describe('What the mentees have in common, in words'),
      belowMinimum: z.boolean().describe('Fewer mentees than the program’s minimum: not published as it is'),
      meanScore: z.number().nullable(),
      members: z.array(
        z.object({ mentee: enrolledPerson, score: z.number().nullable(), locked: z.boolean() }),
      ),
    }),
  ),
  unmatched: z.array(z.object({ mentee: enrolledPerson, reason: z.string() })),
});
export type RunGroups = z.infer<typeof runGroups>;

export const runEditInput = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('reassign'), menteeEnrolmentId: z.uuid(), mentorEnrolmentId: z.uuid() }),
  z.strictObject({ action: z.literal('swap'), menteeA: z.uuid(), menteeB: z.uuid() }),
  z.strictObject({ action: z.literal('unmatch'), menteeEnrolmentId: z.uuid() }),
  z.strictObject({ action: z.literal('lock'), menteeEnrolmentId: z.uuid() }),
  z.strictObject({ action: z.literal('unlock'), menteeEnrolmentId: z.uuid() }),
]);
export type RunEditInput = z.infer<typeof runEditInput>;

export const compareQuery = z.strictObject({
  ...paginationQuery,
  a: z.uuid(),
  b: z.uuid(),
});

export const compareResult = z.object({
  a: matchRun,
  b: matchRun,
  changed: paginated(
    z.object({
      mentee: enrolledPerson,
      before: enrolledPerson.nullable(),
      after: enrolledPerson.nullable(),
      scoreBefore: z.number().nullable(),
      scoreAfter: z.number().nullable(),
      scoreDelta: z.number().nullable(),
    }),
  ),
});
export type CompareResult = z.infer<typeof compareResult>;

export const publishResult = z.object({
  run: matchRun,
  relationshipsCreated: z.number().int(),
  /** Pairs not published, with why (mentor capacity taken since the run, mentee already paired, a rule now broken). */
  skipped: z.array(
    z.object({ menteeEnrolmentId: z.uuid(), mentorEnrolmentId: z.uuid(), reason: z.string() }),
  ),
  groups: z
    .array(
      z.object({ id: z.uuid(), name: z.string(), mentorEnrolmentId: z.uuid(), members: z.number().int() }),
    )
    .optional()
    .describe(
      'Group programs: the groups formed (a group below the minimum size is skipped, its mentees listed)',
    ),
  notificationsCreated: z.number().int().describe('Notices written (a mentor of three gets three)'),
  told: noticeTally.describe('The people of the new pairs, and how each was actually told'),
  program: z
    .object({
      status: z.enum(programStatuses).describe('The program’s status after publishing'),
      changed: z.boolean(),
      message: z.string().describe('What happened to the program’s status, or why nothing did'),
    })
    .describe('Publishing moves an enrolling or matching program to running once pairs are published'),
});
export type PublishResult = z.infer<typeof publishResult>;
