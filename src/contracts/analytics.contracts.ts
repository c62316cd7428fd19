import { z } from 'zod';

/**
 * The program dashboard and the organisation overview (§8, issue 12; decision 024). Every figure that describes
 * people is a `figure`: a value, or null with `suppressed: true` when it would describe fewer people than the
 * organisation's smallest shown group (at least 5) — for admins and coordinators alike.
 */

/** Level bands of the cohort filter (people's `level`): 1–2, 3–4, 5–6, 7 and above. */
export const levelBands = ['1-2', '3-4', '5-6', '7+'] as const;
export type LevelBand = (typeof levelBands)[number];
export const levelBandLabels: Record<LevelBand, string> = {
  '1-2': 'Levels 1–2',
  '3-4': 'Levels 3–4',
  '5-6': 'Levels 5–6',
  '7+': 'Level 7 and above',
};

const day = z.iso.date().describe('YYYY-MM-DD');
const facet = z.string().trim().min(1).max(200);

export const programDashboardQuery = z.strictObject({
  from: day.optional().describe('first day of the period; default the program’s start or 12 months back'),
  to: day.optional().describe('last day of the period; default today'),
  department: facet.optional().describe('only participants (a pair: its mentee) of this department'),
  levelBand: z.enum(levelBands).optional().describe('only participants whose level is in this band'),
  location: facet.optional().describe('only participants at this location'),
});
export type ProgramDashboardQuery = z.infer<typeof programDashboardQuery>;

export const dashboardTables = ['funnel', 'monthly', 'ratings', 'goals', 'resources'] as const;
export type DashboardTable = (typeof dashboardTables)[number];
export const programDashboardCsvQuery = programDashboardQuery.extend({
  table: z.enum(dashboardTables).default('monthly').describe('which table of the dashboard to export'),
});
export type ProgramDashboardCsvQuery = z.infer<typeof programDashboardCsvQuery>;

/** A number describing people, or null and suppressed when the group is smaller than the smallest shown group. */
export const figure = z.object({ value: z.number().nullable(), suppressed: z.boolean() });
export type Figure = z.infer<typeof figure>;

export const endedEarlyReasons = ['left_organisation', 'inactive', 'reassigned', 'other'] as const;
export type EndedEarlyReason = (typeof endedEarlyReasons)[number];

export const programDashboard = z.object({
  program: z.object({ id: z.uuid(), name: z.string(), status: z.string(), type: z.string() }),
  period: z.object({ from: day, to: day }),
  filters: z.object({
    department: z.string().nullable(),
    levelBand: z.enum(levelBands).nullable(),
    location: z.string().nullable(),
  }),
  minGroupSize: z.number().int(),
  /** Mentees in the cohort, as at the end of the period (decision 024). */
  funnel: z.object({
    enrolled: figure,
    matched: figure,
    active: figure,
    completed: figure,
    withdrawn: figure,
    endedEarly: figure,
    endedEarlyReasons: z.array(z.object({ reason: z.enum(endedEarlyReasons), pairs: figure })),
    mentorsEnrolled: figure,
  }),
  /** Group programs only (issue 14): groups with members at the period's end, and group meetings held in it. */
  groups: z.object({ active: figure, members: figure, meanSize: figure, meetingsHeld: figure }).nullable(),
  matching: z.object({
    /** Matched mentees / enrolled mentees. */
    matchRate: figure,
    /** Median days from enrolment to the start of the first relationship, over those started in the period. */
    medianDaysToMatch: figure,
    /** Mean score (0–100) of relationships started in the period. */
    meanMatchScore: figure,
  }),
  months: z.array(
    z.object({
      month: z.string().describe('YYYY-MM'),
      activePairs: figure,
      meetingsHeld: figure,
      meetingsPerPair: figure,
      /** Share (0–1) of the pairs active at the month's end that were at risk then (approximation, decision 024). */
      atRiskShare: figure,
      meanRating: figure,
      meanCheckInFit: figure,
      nps: figure,
    }),
  ),
  ratings: z.object({
    raters: figure,
    mean: figure,
    distribution: z.array(z.object({ rating: z.number().int(), count: figure })),
  }),
  nps: z.object({ score: figure, answers: figure }),
  checkInFit: z.object({ mean: figure, answers: figure }),
  goals: z.object({ total: figure, done: figure, completionRate: figure }),
  resources: z.object({
    items: z.array(
      z.object({
        id: z.uuid(),
        title: z.string(),
        audience: z.string(),
        eligible: figure,
        completed: figure,
        completionRate: figure,
      }),
    ),
  }),
});
export type ProgramDashboard = z.infer<typeof programDashboard>;

export const overviewProgram = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.string(),
  enrolled: figure,
  activePairs: figure,
  atRiskShare: figure,
  meetingsLast30Days: figure,
  meanRating: figure,
  nps: figure,
});
export type OverviewProgram = z.infer<typeof overviewProgram>;

export const analyticsOverview = z.object({
  /** Admins: every program but drafts' figures too; a coordinator: the programs they run. */
  scope: z.enum(['organisation', 'coordinated']),
  minGroupSize: z.number().int(),
  programs: z.array(overviewProgram),
  totals: z.object({
    programs: z.number().int(),
    enrolled: figure,
    activePairs: figure,
    atRiskShare: figure,
    meetingsLast30Days: figure,
    meanRating: figure,
    nps: figure,
  }),
});
export type AnalyticsOverview = z.infer<typeof analyticsOverview>;

export const analyticsSettingsView = z.object({
  minGroupSize: z.number().int(),
});
export type AnalyticsSettingsView = z.infer<typeof analyticsSettingsView>;

export const analyticsSettingsInput = z.strictObject({
  minGroupSize: z.number().int().min(5, 'must be at least 5').max(1000, 'must be at most 1000'),
});
export type AnalyticsSettingsInput = z.infer<typeof analyticsSettingsInput>;
