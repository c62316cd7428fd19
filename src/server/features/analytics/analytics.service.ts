/**
 * Analytics across a program and the organisation (§8, issue 12; decision 024): the program dashboard (funnel,
 * matching, monthly activity and satisfaction, goals and resources, filtered by cohort), the organisation overview,
 * their CSV exports, and the smallest group any aggregate may show. Every figure about fewer people than that is
 * returned as suppressed (null + flag), for admins and coordinators alike.
 */
import type {
  AnalyticsOverview,
  AnalyticsSettingsInput,
  AnalyticsSettingsView,
  DashboardTable,
  EndedEarlyReason,
  Figure,
  LevelBand,
  ProgramDashboard,
  ProgramDashboardQuery,
} from '../../../contracts/analytics.contracts.ts';
import { endedEarlyReasons } from '../../../contracts/analytics.contracts.ts';
import { addMonthsUtc, DAY_MS } from '../../../core/analytics/calendar.ts';
import { pairHealthThresholds } from '../../../core/analytics/pair-health.ts';
import { MIN_GROUP_SIZE_FLOOR, suppressSmallGroups } from '../../../core/analytics/suppression.ts';
import { toCsv } from '../../../core/csv-cells.ts';
import { AppError, invalidField } from '../../../core/errors.ts';
import { netPromoterScore } from '../../../core/workspace/survey-rules.ts';
import { requireActor, requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type ProgramRow, programForStaff } from '../programs/program-access.ts';
import * as repo from './analytics.repository.ts';

/** The smallest group an aggregate may describe in this organisation: its setting, never below 5. */
export async function minGroupSize(tx: Db, organisationId: string): Promise<number> {
  const row = await repo.findAnalyticsSettings(tx, organisationId);
  return Math.max(MIN_GROUP_SIZE_FLOOR, row?.minGroupSize ?? MIN_GROUP_SIZE_FLOOR);
}

/** The longest period a dashboard covers (its monthly series stays readable and its queries bounded). */
const MAX_MONTHS = 60;

const bandLimits: Record<LevelBand, [number | null, number | null]> = {
  '1-2': [1, 2],
  '3-4': [3, 4],
  '5-6': [5, 6],
  '7+': [7, null],
};

/** Figures of one organisation under its smallest shown group `k`. */
function figures(k: number) {
  const hidden: Figure = { value: null, suppressed: true };
  return {
    hidden,
    /** A count of people (or pairs): shown when zero or at least k, and only within a cohort that is shown. */
    count(value: number, cohortShown = true): Figure {
      return cohortShown && (value === 0 || value >= k) ? { value, suppressed: false } : hidden;
    },
    /** A mean, share, median or score over `people`: shown when they are at least k; null when there is nothing. */
    measure(value: number | null, people: number): Figure {
      if (people < k) return people === 0 ? { value: null, suppressed: false } : hidden;
      return { value, suppressed: false };
    },
  };
}

const round = (v: number | null, digits = 2) => (v === null ? null : Number(v.toFixed(digits)));
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);

function resolvePeriod(program: ProgramRow, query: ProgramDashboardQuery, now: Date) {
  const to = query.to ?? dayOf(now);
  const yearBack = dayOf(new Date(addMonthsUtc(dayStart(to), -12).getTime() + DAY_MS));
  const from = query.from ?? (program.startsOn && program.startsOn <= to ? program.startsOn : yearBack);
  if (from > to) throw invalidField('querystring.from', 'must be on or before the end of the period');
  const start = dayStart(from);
  const end = new Date(dayStart(to).getTime() + DAY_MS);
  if (addMonthsUtc(start, MAX_MONTHS).getTime() < end.getTime()) {
    throw invalidField('querystring.from', `the period can cover at most ${MAX_MONTHS / 12} years`);
  }
  const point = end.getTime() < now.getTime() ? end : now;
  const months: repo.MonthWindow[] = [];
  let cursor = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
  while (cursor.getTime() < end.getTime()) {
    const next = addMonthsUtc(cursor, 1);
    const ms = cursor.getTime() < start.getTime() ? start : cursor;
    const me = next.getTime() > end.getTime() ? end : next;
    months.push({
      month: cursor.toISOString().slice(0, 7),
      start: ms,
      end: me,
      point: me.getTime() < now.getTime() ? me : now,
    });
    cursor = next;
  }
  return { from, to, period: { start, end, point }, months };
}

function cohortOf(query: ProgramDashboardQuery): repo.Cohort {
  const [levelMin, levelMax] = query.levelBand ? bandLimits[query.levelBand] : [null, null];
  return {
    department: query.department ?? null,
    location: query.location ?? null,
    levelMin,
    levelMax,
  };
}

function cadenceOf(program: ProgramRow): keyof typeof pairHealthThresholds.quietDays {
  return program.meetingCadence === 'weekly' || program.meetingCadence === 'monthly'
    ? program.meetingCadence
    : 'fortnightly';
}

async function buildDashboard(
  ctx: AppContext,
  program: ProgramRow,
  query: ProgramDashboardQuery,
): Promise<ProgramDashboard> {
  const { from, to, period, months } = resolvePeriod(program, query, ctx.now());
  const cohort = cohortOf(query);
  const org = program.organisationId;
  const k = await minGroupSize(ctx.db, org);
  const f = figures(k);
  const [funnel, monthly, totals, resources, groups] = await Promise.all([
    repo.funnelFacts(ctx.db, org, program.id, cohort, period),
    repo.monthFacts(ctx.db, org, program.id, cohort, period, months, {
      days: pairHealthThresholds.quietDays[cadenceOf(program)],
      flash: program.type === 'flash',
      poorFit: pairHealthThresholds.poorFit,
    }),
    repo.periodFacts(ctx.db, org, program.id, cohort, period),
    repo.resourceFacts(ctx.db, org, program.id, cohort, period),
    program.type === 'group' ? repo.groupFacts(ctx.db, org, program.id, period) : null,
  ]);

  // The cohort is shown only when it has at least k mentees (or none): a filter narrowing to 3 people shows nothing
  // of them.
  const shown = funnel.enrolled >= k || funnel.enrolled === 0;
  const reasonCounts = endedEarlyReasons.map((reason) => funnel.endedEarlyReasons[reason] ?? 0);
  const nonZero = reasonCounts.flatMap((count, index) => (count > 0 ? [index] : []));
  const reasonTable = suppressSmallGroups(
    { cells: nonZero.map((index) => [reasonCounts[index]!]), columnTotals: true },
    { minGroupSize: k },
  );
  const endedEarlyFigure = f.count(funnel.endedEarly, shown);
  const reasonFigure = (index: number): Figure => {
    if (!shown) return f.hidden;
    const at = nonZero.indexOf(index);
    if (at < 0) return { value: 0, suppressed: false };
    const value = reasonTable.cells[at]![0]!;
    return value === null || endedEarlyFigure.suppressed ? f.hidden : { value, suppressed: false };
  };

  const ratingTable = suppressSmallGroups(
    { cells: [totals.distribution], groupSizes: [totals.raters] },
    { minGroupSize: k },
  );
  const ratingSum = totals.distribution.reduce((sum, c, i) => sum + c * (i + 1), 0);
  const ratingCount = totals.distribution.reduce((sum, c) => sum + c, 0);
  const npsCounts = { promoters: totals.promoters, passives: totals.passives, detractors: totals.detractors };

  return {
    program: { id: program.id, name: program.name, status: program.status, type: program.type },
    period: { from, to },
    filters: {
      department: cohort.department,
      levelBand: query.levelBand ?? null,
      location: cohort.location,
    },
    minGroupSize: k,
    funnel: {
      enrolled: f.count(funnel.enrolled, shown),
      matched: f.count(funnel.matched, shown),
      active: f.count(funnel.active, shown),
      completed: f.count(funnel.completed, shown),
      withdrawn: f.count(funnel.withdrawn, shown),
      endedEarly: endedEarlyFigure,
      endedEarlyReasons: endedEarlyReasons.map((reason: EndedEarlyReason, index) => ({
        reason,
        pairs: reasonFigure(index),
      })),
      mentorsEnrolled: f.count(funnel.mentorsEnrolled),
    },
    // Groups are counted as a whole; the months count each member's relationship (a group meeting is one meeting for
    // each member who attended).
    groups: groups && {
      active: { value: groups.groups, suppressed: false },
      members: f.count(groups.members),
      meanSize: f.measure(
        groups.groups > 0 ? round(groups.members / groups.groups, 1) : null,
        groups.members,
      ),
      meetingsHeld: { value: groups.groupMeetingsHeld, suppressed: false },
    },
    matching: {
      matchRate: f.measure(
        funnel.enrolled > 0 ? round(funnel.matched / funnel.enrolled, 4) : null,
        funnel.enrolled,
      ),
      medianDaysToMatch: f.measure(round(funnel.medianDaysToMatch, 1), funnel.firstMatches),
      meanMatchScore: f.measure(round(funnel.meanScore, 1), funnel.scored),
    },
    months: monthly.map((m) => ({
      month: m.month,
      activePairs: f.count(m.activePairs, shown),
      meetingsHeld:
        shown && (m.activePairs === 0 || m.activePairs >= k)
          ? { value: m.meetingsHeld, suppressed: false }
          : f.hidden,
      meetingsPerPair: f.measure(
        m.activePairs > 0 ? round(m.meetingsHeld / m.activePairs) : null,
        m.activePairs,
      ),
      atRiskShare: f.measure(m.pairsAtPoint > 0 ? round(m.atRisk / m.pairsAtPoint, 4) : null, m.pairsAtPoint),
      meanRating: f.measure(m.ratings > 0 ? round(m.ratingSum / m.ratings) : null, m.raters),
      meanCheckInFit: f.measure(m.fitAnswers > 0 ? round(m.fitSum / m.fitAnswers) : null, m.fitPeople),
      nps: f.measure(
        netPromoterScore({ promoters: m.promoters, passives: m.passives, detractors: m.detractors }),
        m.npsPeople,
      ),
    })),
    ratings: {
      raters: f.count(totals.raters, shown),
      mean: f.measure(ratingCount > 0 ? round(ratingSum / ratingCount) : null, totals.raters),
      distribution: totals.distribution.map((_count, i) => {
        const value = ratingTable.cells[0]![i];
        return {
          rating: i + 1,
          count: value === null || value === undefined ? f.hidden : { value, suppressed: false },
        };
      }),
    },
    nps: {
      score: f.measure(netPromoterScore(npsCounts), totals.npsPeople),
      answers: f.count(
        totals.promoters + totals.passives + totals.detractors,
        totals.npsPeople >= k || totals.npsPeople === 0,
      ),
    },
    checkInFit: {
      mean: f.measure(
        totals.fitAnswers > 0 ? round(totals.fitSum / totals.fitAnswers) : null,
        totals.fitPeople,
      ),
      answers: f.count(totals.fitAnswers, totals.fitPeople >= k || totals.fitPeople === 0),
    },
    goals: {
      total: f.measure(totals.goals, totals.goalPairs),
      done: f.measure(totals.goalsDone, totals.goalPairs),
      completionRate: f.measure(
        totals.goals > 0 ? round(totals.goalsDone / totals.goals, 4) : null,
        totals.goalPairs,
      ),
    },
    resources: {
      items: resources.map((r) => ({
        id: r.id,
        title: r.title,
        audience: r.audience,
        eligible: f.count(r.eligible),
        completed: f.measure(r.completed, r.eligible),
        completionRate: f.measure(r.eligible > 0 ? round(r.completed / r.eligible, 4) : null, r.eligible),
      })),
    },
  };
}

/** Staff (admins and the program's coordinators): the program dashboard for a period and cohort. */
export async function programDashboard(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: ProgramDashboardQuery,
): Promise<ProgramDashboard> {
  const { program } = await programForStaff(ctx, actor, programId);
  return buildDashboard(ctx, program, query);
}

const cell = (fig: Figure, scale = 1): string | number =>
  fig.suppressed ? 'suppressed' : fig.value === null ? '' : round(fig.value * scale, 2)!;

const reasonWords: Record<EndedEarlyReason, string> = {
  left_organisation: 'ended early: someone left the organisation',
  inactive: 'ended early: closed after a long silence',
  reassigned: 'ended early: mentee given a new mentor',
  other: 'ended early: other reasons',
};

function dashboardRows(d: ProgramDashboard, table: DashboardTable): (string | number | null)[][] {
  switch (table) {
    case 'funnel':
      return [
        ['stage', 'mentees'],
        ['enrolled', cell(d.funnel.enrolled)],
        ['matched', cell(d.funnel.matched)],
        ['active', cell(d.funnel.active)],
        ['completed', cell(d.funnel.completed)],
        ['withdrawn', cell(d.funnel.withdrawn)],
        ['ended early', cell(d.funnel.endedEarly)],
        ...d.funnel.endedEarlyReasons.map((r) => [reasonWords[r.reason], cell(r.pairs)]),
        ['mentors enrolled', cell(d.funnel.mentorsEnrolled)],
        ['match rate percent', cell(d.matching.matchRate, 100)],
        ['median days to match', cell(d.matching.medianDaysToMatch)],
        ['mean match score', cell(d.matching.meanMatchScore)],
      ];
    case 'monthly':
      return [
        [
          'month',
          'active_pairs',
          'meetings_held',
          'meetings_per_pair',
          'at_risk_percent',
          'mean_rating',
          'mean_check_in_fit',
          'nps',
        ],
        ...d.months.map((m) => [
          m.month,
          cell(m.activePairs),
          cell(m.meetingsHeld),
          cell(m.meetingsPerPair),
          cell(m.atRiskShare, 100),
          cell(m.meanRating),
          cell(m.meanCheckInFit),
          cell(m.nps),
        ]),
      ];
    case 'ratings':
      return [
        ['rating', 'answers'],
        ...d.ratings.distribution.map((r) => [r.rating, cell(r.count)]),
        ['mean', cell(d.ratings.mean)],
        ['nps', cell(d.nps.score)],
        ['mean check-in fit', cell(d.checkInFit.mean)],
      ];
    case 'goals':
      return [
        ['measure', 'value'],
        ['goals', cell(d.goals.total)],
        ['goals done', cell(d.goals.done)],
        ['completion percent', cell(d.goals.completionRate, 100)],
      ];
    case 'resources':
      return [
        ['resource', 'audience', 'eligible', 'completed', 'completion_percent'],
        ...d.resources.items.map((r) => [
          r.title,
          r.audience,
          cell(r.eligible),
          cell(r.completed),
          cell(r.completionRate, 100),
        ]),
      ];
  }
}

/** Staff: one table of the dashboard as a CSV file (formula-safe, audited), with the same suppression. */
export async function programDashboardCsv(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: ProgramDashboardQuery & { table: DashboardTable },
): Promise<{ filename: string; body: string }> {
  const { actor: staff, program } = await programForStaff(ctx, actor, programId);
  const { table, ...filters } = query;
  const dashboard = await buildDashboard(ctx, program, filters);
  const rows = dashboardRows(dashboard, table);
  await recordAudit(ctx.db, {
    organisationId: staff.organisationId,
    actorUserId: staff.userId,
    action: 'program.dashboard_exported',
    targetType: 'program',
    targetId: program.id,
    details: {
      table,
      ...dashboard.period,
      ...Object.fromEntries(Object.entries(dashboard.filters).filter(([, v]) => v !== null)),
    },
    at: ctx.now(),
  });
  const name =
    program.name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'program';
  return {
    filename: `${name}-${table}-${dashboard.period.from}-to-${dashboard.period.to}.csv`,
    body: toCsv(rows),
  };
}

/**
 * The organisation overview: an admin sees every program, a coordinator the programs they run (anyone else: 403).
 * Figures per program and for the organisation (distinct people), suppressed like the dashboard's.
 */
export async function analyticsOverview(ctx: AppContext, actor: Actor | null): Promise<AnalyticsOverview> {
  const me = requireActor(actor);
  const scope = me.role === 'admin' ? 'organisation' : 'coordinated';
  const programs = await repo.overviewPrograms(
    ctx.db,
    me.organisationId,
    scope === 'organisation' ? null : me.userId,
  );
  if (scope === 'coordinated' && programs.length === 0) {
    throw new AppError(
      'forbidden',
      'Only the organisation’s admins and program coordinators can see the overview',
    );
  }
  const k = await minGroupSize(ctx.db, me.organisationId);
  const f = figures(k);
  const facts = await repo.overviewFacts(
    ctx.db,
    me.organisationId,
    programs.map((p) => p.id),
    ctx.now(),
    pairHealthThresholds.quietDays,
    pairHealthThresholds.poorFit,
  );
  const byId = new Map(facts.map((x) => [x.programId, x]));
  const view = (x: repo.OverviewFacts | undefined) => {
    const v = x ?? {
      programId: null,
      enrolled: 0,
      activePairs: 0,
      atRisk: 0,
      held30: 0,
      held30Pairs: 0,
      raters: 0,
      ratingSum: 0,
      ratings: 0,
      npsPeople: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
    };
    return {
      enrolled: f.count(v.enrolled),
      activePairs: f.count(v.activePairs),
      atRiskShare: f.measure(v.activePairs > 0 ? round(v.atRisk / v.activePairs, 4) : null, v.activePairs),
      meetingsLast30Days:
        v.held30Pairs === 0 || v.held30Pairs >= k ? { value: v.held30, suppressed: false } : f.hidden,
      meanRating: f.measure(v.ratings > 0 ? round(v.ratingSum / v.ratings) : null, v.raters),
      nps: f.measure(
        netPromoterScore({ promoters: v.promoters, passives: v.passives, detractors: v.detractors }),
        v.npsPeople,
      ),
    };
  };
  return {
    scope,
    minGroupSize: k,
    programs: programs.map((p) => ({ id: p.id, name: p.name, status: p.status, ...view(byId.get(p.id)) })),
    totals: { programs: programs.length, ...view(byId.get(null)) },
  };
}

/**
 * The organisation overview as a CSV file (formula-safe, audited), built from the very overview the page shows: the
 * same programs for the same caller, a withheld figure written as "suppressed", never the number.
 */
export async function analyticsOverviewCsv(
  ctx: AppContext,
  actor: Actor | null,
): Promise<{ filename: string; body: string }> {
  const overview = await analyticsOverview(ctx, actor);
  const me = requireActor(actor);
  const figuresOf = (x: Omit<AnalyticsOverview['totals'], 'programs'>) => [
    cell(x.enrolled),
    cell(x.activePairs),
    cell(x.atRiskShare, 100),
    cell(x.meetingsLast30Days),
    cell(x.meanRating),
    cell(x.nps),
  ];
  const rows: (string | number | null)[][] = [
    [
      'program',
      'status',
      'people_enrolled',
      'active_pairs',
      'at_risk_percent',
      'meetings_last_30_days',
      'mean_rating',
      'nps',
    ],
    ...overview.programs.map((p) => [p.name, p.status, ...figuresOf(p)]),
    [
      overview.scope === 'organisation' ? 'whole organisation' : 'your programs',
      `${overview.totals.programs} programs`,
      ...figuresOf(overview.totals),
    ],
  ];
  await recordAudit(ctx.db, {
    organisationId: me.organisationId,
    actorUserId: me.userId,
    action: 'analytics.overview_exported',
    targetType: 'organisation',
    targetId: me.organisationId,
    details: { scope: overview.scope, programs: overview.totals.programs },
    at: ctx.now(),
  });
  return { filename: `programs-overview-${dayOf(ctx.now())}.csv`, body: toCsv(rows) };
}

/** Admin: the organisation's analytics settings. */
export async function getAnalyticsSettings(
  ctx: AppContext,
  actor: Actor | null,
): Promise<AnalyticsSettingsView> {
  const admin = requireAdmin(actor);
  return { minGroupSize: await minGroupSize(ctx.db, admin.organisationId) };
}

/** Admin: change the smallest group an aggregate may show (never below 5), audited. */
export async function saveAnalyticsSettingsFor(
  ctx: AppContext,
  actor: Actor | null,
  input: AnalyticsSettingsInput,
): Promise<AnalyticsSettingsView> {
  const admin = requireAdmin(actor);
  return ctx.db.transaction(async (tx) => {
    const before = await minGroupSize(tx, admin.organisationId);
    await repo.saveAnalyticsSettings(tx, admin.organisationId, input.minGroupSize, ctx.now());
    await recordAudit(tx, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: 'analytics.settings_updated',
      targetType: 'organisation',
      targetId: admin.organisationId,
      details: { minGroupSize: { from: before, to: input.minGroupSize } },
      at: ctx.now(),
    });
    return { minGroupSize: input.minGroupSize };
  });
}
