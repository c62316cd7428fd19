/**
 * Outcomes (§8, issue 12): participants' promotion and retention against comparable non-participants (decision 018),
 * the self-rated skills before and after, and the diversity view (decision 025). Staff only: admins for any program
 * or all programs at once, coordinators for each of their programs. The data are loaded set-based (a few queries for
 * the whole organisation), the statistics are the pure functions of `src/core/analytics`.
 */
import type {
  CurvePoint,
  DiversityQuery,
  DiversityReport,
  DiversityRow,
  MeanChangeView,
  OutcomePrograms,
  OutcomeResult,
  OutcomesQuery,
  OutcomesReport,
  SkillsChangeReport,
} from '../../../contracts/outcomes.contracts.ts';
import { addMonthsUtc } from '../../../core/analytics/calendar.ts';
import {
  type ParticipantStart,
  type PreparedPopulation,
  preparePopulation,
} from '../../../core/analytics/comparison-groups.ts';
import type { SurvivalStep } from '../../../core/analytics/kaplan-meier.ts';
import {
  analyseOutcomes,
  type OutcomeContrast,
  promotedBetween,
  retainedUntil,
} from '../../../core/analytics/outcomes.ts';
import type { DifferenceEstimate, ProportionEstimate } from '../../../core/analytics/proportions.ts';
import { type SkillRatingPair, skillsChange } from '../../../core/analytics/skills-change.ts';
import { suppressSmallGroups } from '../../../core/analytics/suppression.ts';
import { toCsv } from '../../../core/csv-cells.ts';
import { AppError } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import { minGroupSize } from '../analytics/analytics.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { programForStaff } from '../programs/program-access.ts';
import { buildHistories, type Histories, participantStarts } from './outcome-histories.ts';
import * as repo from './outcomes.repository.ts';

interface Scope {
  actor: Actor;
  program: { id: string; name: string } | null;
}

/** The programs analysed: one the caller runs, or — admins only — every program of the organisation. */
async function scopeFor(ctx: AppContext, actor: Actor | null, programId: string | undefined): Promise<Scope> {
  const signedIn = requireActor(actor);
  if (programId) {
    const { program } = await programForStaff(ctx, signedIn, programId);
    return { actor: signedIn, program: { id: program.id, name: program.name } };
  }
  if (signedIn.role !== 'admin') {
    throw new AppError(
      'forbidden',
      'Choose one of the programs you coordinate: only admins see every program at once',
    );
  }
  return { actor: signedIn, program: null };
}

/** Programs the caller may analyse: every program for admins, the programs they coordinate for others (403 if none). */
export async function outcomePrograms(ctx: AppContext, actor: Actor | null): Promise<OutcomePrograms> {
  const signedIn = requireActor(actor);
  const isAdmin = signedIn.role === 'admin';
  const items = await repo.listProgramChoices(
    ctx.db,
    signedIn.organisationId,
    isAdmin ? null : signedIn.userId,
  );
  if (!isAdmin && items.length === 0) {
    throw new AppError(
      'forbidden',
      'Only the organisation’s admins and program coordinators can see outcomes',
    );
  }
  return { allowAll: isAdmin, items };
}

export const matchingRule =
  'Each participant is compared with the people who, on the day they started, worked in the same department and ' +
  'job function, at the same level, in the same band of years since they were hired (under 1, 1–3, 3–5, 5–10, ' +
  '10 or more), and had not joined mentoring yet. Someone who joins later counts only until they join. Each ' +
  'participant’s group counts once, however many people are in it.';

const rateOf = (e: ProportionEstimate) => ({ rate: e.rate, lower: e.lower, upper: e.upper });
const differenceOf = (d: DifferenceEstimate | null) =>
  d ? { estimate: d.difference, lower: d.lower, upper: d.upper } : null;

function outcomeResult(contrast: { matched: OutcomeContrast; naive: OutcomeContrast }): OutcomeResult {
  const { matched, naive } = contrast;
  return {
    participants: {
      ...rateOf(matched.participants.estimate),
      people: matched.participants.people,
      events: matched.participants.events,
      withoutFollowUp: matched.participants.withoutFollowUp,
    },
    comparison: {
      ...rateOf(matched.comparison.estimate),
      people: matched.comparison.people,
      records: matched.comparison.records,
      censoredAtJoin: matched.comparison.censoredAtJoin,
      effectiveSize: matched.comparison.effectiveSize,
    },
    difference: differenceOf(matched.difference),
    naive: {
      participants: { ...rateOf(naive.participants.estimate), people: naive.participants.people },
      comparison: {
        ...rateOf(naive.comparison.estimate),
        people: naive.comparison.people,
        effectiveSize: naive.comparison.effectiveSize,
      },
      difference: differenceOf(naive.difference),
    },
  };
}

/**
 * At most ~`points` + 1 points of a Kaplan–Meier curve, on a regular grid of days from 0 to `lastDay`: the survival
 * at each grid day and the (weighted) number still followed after it.
 */
export function downsampleCurve(steps: readonly SurvivalStep[], lastDay: number, points = 60): CurvePoint[] {
  const every = Math.max(1, Math.ceil(lastDay / points));
  const out: CurvePoint[] = [];
  let index = -1;
  const initial = steps.length > 0 ? steps[0].atRisk : 0;
  for (let day = 0; ; day = Math.min(lastDay, day + every)) {
    while (index + 1 < steps.length && steps[index + 1].time <= day) index++;
    const step = index >= 0 ? steps[index] : null;
    out.push({
      day,
      survival: step ? step.survival : 1,
      atRisk: step ? Math.max(0, step.atRisk - step.events - step.censored) : initial,
    });
    if (day >= lastDay) break;
  }
  return out;
}

/** What the statistics read from the organisation's data, shaped once. */
interface OutcomeData {
  fingerprint: string;
  histories: Histories;
  /** The histories as the matching reads them (default strata). */
  prepared: PreparedPopulation;
  starts: repo.StartRow[];
}

/**
 * The shaped data of the organisations analysed lately, per database: reading and shaping 50,000 careers costs more
 * than the statistics. An entry is used only while `outcomeDataFingerprint` — computed on every request, before any
 * read — still matches, so it is never stale (decision 026, "Outcomes").
 */
const shaped = new WeakMap<object, Map<string, OutcomeData>>();
const shapedPerDatabase = 3;

async function outcomeData(ctx: AppContext, organisationId: string): Promise<OutcomeData> {
  // The fingerprint comes first: a change after it is read shows in the next request's fingerprint.
  const fingerprint = await repo.outcomeDataFingerprint(ctx.db, organisationId);
  const kept = shaped.get(ctx.db) ?? new Map<string, OutcomeData>();
  shaped.set(ctx.db, kept);
  const known = kept.get(organisationId);
  if (known && known.fingerprint === fingerprint) {
    // Most recently used last.
    kept.delete(organisationId);
    kept.set(organisationId, known);
    return known;
  }
  const [directory, events, starts] = await Promise.all([
    repo.listDirectory(ctx.db, organisationId),
    repo.listCareerEvents(ctx.db, organisationId),
    repo.listRelationshipStarts(ctx.db, organisationId),
  ]);
  const histories = buildHistories(directory, events);
  const data = { fingerprint, histories, prepared: preparePopulation(histories.population), starts };
  kept.delete(organisationId);
  kept.set(organisationId, data);
  while (kept.size > shapedPerDatabase) kept.delete(kept.keys().next().value as string);
  return data;
}

/** Everything the report is computed from. */
async function loadInputs(ctx: AppContext, scope: Scope, role: 'mentee' | 'mentor') {
  const organisationId = scope.actor.organisationId;
  const [{ histories, prepared, starts }, k, hasHistory] = await Promise.all([
    outcomeData(ctx, organisationId),
    minGroupSize(ctx.db, organisationId),
    repo.hasCareerEvents(ctx.db, organisationId),
  ]);
  const participants = participantStarts(starts, role, scope.program?.id ?? null);
  const everyone = participantStarts(starts, 'any', null);
  return { histories, prepared, participants, everyone, k, hasHistory };
}

async function computeOutcomes(ctx: AppContext, scope: Scope, query: OutcomesQuery): Promise<OutcomesReport> {
  const { histories, prepared, participants, everyone, k, hasHistory } = await loadInputs(
    ctx,
    scope,
    query.role,
  );
  const now = ctx.now();
  const input = {
    participants,
    population: histories.population,
    prepared,
    now,
    otherParticipations: everyone,
    horizonMonths: query.horizonMonths,
  };
  // One matching for both the estimates and the curves (the costly part on a large organisation).
  const { estimates, curves: km } = analyseOutcomes(input);
  // Without a hire date nobody can be placed in employment: the statistics call that "not employed", it is missing data.
  const elapsed = (p: ParticipantStart) =>
    addMonthsUtc(p.startedAt, query.horizonMonths).getTime() <= now.getTime();
  const withoutHire = participants.filter((p) => elapsed(p) && histories.withoutHire.has(p.personId)).length;
  const dropped = estimates.participants.dropped;
  const matched = estimates.participants.matched;
  const suppressed = matched < k;
  const shown = (contrast: { matched: OutcomeContrast; naive: OutcomeContrast }) =>
    !suppressed && contrast.matched.participants.people >= k && contrast.matched.comparison.people >= k
      ? outcomeResult(contrast)
      : null;
  let curves: OutcomesReport['curves'] = null;
  if (!suppressed) {
    const lastDay = Math.round(
      (addMonthsUtc(now, query.horizonMonths).getTime() - now.getTime()) / 86_400_000,
    );
    if (km.participants.people >= k && km.comparison.people >= k) {
      curves = {
        participants: downsampleCurve(km.participants.steps, lastDay),
        comparison: downsampleCurve(km.comparison.steps, lastDay),
        participantPeople: km.participants.people,
        comparisonPeople: km.comparison.people,
      };
    }
  }
  return {
    programId: scope.program?.id ?? null,
    programName: scope.program?.name ?? null,
    role: query.role,
    horizonMonths: query.horizonMonths,
    generatedAt: now.toISOString(),
    hasHistory,
    minGroupSize: k,
    suppressed,
    participants: {
      total: estimates.participants.total,
      horizonNotElapsed: estimates.participants.horizonNotElapsed,
      matched,
      dropped: {
        noComparable: dropped.no_comparable,
        missingData: dropped.missing_data + withoutHire,
        notEmployedAtStart: dropped.not_employed_at_start - withoutHire,
        notInDirectory: dropped.not_in_population,
      },
    },
    matchingRule,
    promotion: shown(estimates.promotion),
    retention: shown(estimates.retention),
    curves,
  };
}

/** Staff: promotion and retention of the program's participants (or every program's) against comparable people. */
export async function outcomesReport(
  ctx: AppContext,
  actor: Actor | null,
  query: OutcomesQuery,
): Promise<OutcomesReport> {
  const scope = await scopeFor(ctx, actor, query.programId);
  return computeOutcomes(ctx, scope, query);
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? null : Math.round(x * 1000) / 10;

function fileName(name: string | null, suffix: string): string {
  const base =
    (name ?? 'all-programs')
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'program';
  return `${base}-${suffix}.csv`;
}

/** Staff: the outcomes report as a CSV file (audited), through `toCsv`. Percentages; withheld figures are empty. */
export async function outcomesCsv(
  ctx: AppContext,
  actor: Actor | null,
  query: OutcomesQuery,
): Promise<{ filename: string; body: string }> {
  const scope = await scopeFor(ctx, actor, query.programId);
  const report = await computeOutcomes(ctx, scope, query);
  const lines: (string | number | null)[][] = [
    ['measure', 'group', 'people', 'percent', 'lower_95', 'upper_95', 'effective_size'],
  ];
  const who = query.role === 'mentee' ? 'mentees' : 'mentors';
  for (const [measure, result] of [
    [`promoted within ${query.horizonMonths} months`, report.promotion],
    [`still employed after ${query.horizonMonths} months`, report.retention],
  ] as const) {
    if (!result) {
      lines.push([
        measure,
        `withheld: fewer than ${report.minGroupSize} people`,
        null,
        null,
        null,
        null,
        null,
      ]);
      continue;
    }
    const c = result.comparison;
    const n = result.naive;
    lines.push(
      [
        measure,
        `participating ${who}`,
        result.participants.people,
        pct(result.participants.rate),
        pct(result.participants.lower),
        pct(result.participants.upper),
        null,
      ],
      [
        measure,
        'comparable people not in mentoring',
        c.people,
        pct(c.rate),
        pct(c.lower),
        pct(c.upper),
        Math.round(c.effectiveSize * 10) / 10,
      ],
      [
        measure,
        'difference (matched), points',
        null,
        pct(result.difference?.estimate),
        pct(result.difference?.lower),
        pct(result.difference?.upper),
        null,
      ],
      [
        measure,
        'everyone not in mentoring (unadjusted)',
        n.comparison.people,
        pct(n.comparison.rate),
        pct(n.comparison.lower),
        pct(n.comparison.upper),
        Math.round(n.comparison.effectiveSize * 10) / 10,
      ],
      [
        measure,
        'difference (unadjusted), points',
        null,
        pct(n.difference?.estimate),
        pct(n.difference?.lower),
        pct(n.difference?.upper),
        null,
      ],
    );
  }
  const p = report.participants;
  lines.push(
    ['participants', 'total', p.total, null, null, null, null],
    ['participants', 'compared', p.matched, null, null, null, null],
    [
      'participants',
      `started less than ${query.horizonMonths} months ago`,
      p.horizonNotElapsed,
      null,
      null,
      null,
      null,
    ],
    ['participants', 'left out: nobody comparable', p.dropped.noComparable, null, null, null, null],
    [
      'participants',
      'left out: department, function, level or hire date missing',
      p.dropped.missingData,
      null,
      null,
      null,
      null,
    ],
    [
      'participants',
      'left out: not employed when they started',
      p.dropped.notEmployedAtStart,
      null,
      null,
      null,
      null,
    ],
    ['participants', 'left out: not in the directory', p.dropped.notInDirectory, null, null, null, null],
  );
  if (report.curves) {
    for (const point of report.curves.participants) {
      lines.push([
        'still employed (Kaplan–Meier), participants',
        `day ${point.day}`,
        null,
        pct(point.survival),
        null,
        null,
        null,
      ]);
    }
    for (const point of report.curves.comparison) {
      lines.push([
        'still employed (Kaplan–Meier), comparison',
        `day ${point.day}`,
        null,
        pct(point.survival),
        null,
        null,
        null,
      ]);
    }
  }
  await recordAudit(ctx.db, {
    organisationId: scope.actor.organisationId,
    actorUserId: scope.actor.userId,
    action: 'outcomes.exported',
    targetType: scope.program ? 'program' : 'organisation',
    targetId: scope.program?.id ?? scope.actor.organisationId,
    details: { role: query.role, horizonMonths: query.horizonMonths },
    at: ctx.now(),
  });
  return { filename: fileName(scope.program?.name ?? null, `outcomes-${query.role}s`), body: toCsv(lines) };
}

// ── Skills before and after ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Staff: the program's self-rated skills, from each participant's first check-in answer (start) and their closing
 * answer (end): the mean paired change per skill and overall with 95% intervals; figures about fewer than the
 * smallest group are withheld.
 */
export async function programSkillsChange(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
): Promise<SkillsChangeReport> {
  const { actor: staff, program } = await programForStaff(ctx, actor, programId);
  return computeSkillsChange(ctx, staff, program);
}

async function computeSkillsChange(
  ctx: AppContext,
  staff: Actor,
  program: { id: string; selfRatedSkills: string[] },
): Promise<SkillsChangeReport> {
  const [rows, k] = await Promise.all([
    repo.listSkillRatings(ctx.db, staff.organisationId, program.id),
    minGroupSize(ctx.db, staff.organisationId),
  ]);
  const asked = new Set(program.selfRatedSkills);
  // One start (the first check-in) and one end (the last closing) per person and skill.
  const ratings = new Map<string, SkillRatingPair>();
  for (const row of rows) {
    for (const [skill, value] of Object.entries(row.skills)) {
      if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5)) continue;
      const key = JSON.stringify([row.personId, skill]);
      const pair = ratings.get(key) ?? { personId: row.personId, skill, start: null, end: null };
      if (row.kind === 'check_in' && pair.start === null) pair.start = value;
      if (row.kind === 'closing') pair.end = value;
      ratings.set(key, pair);
    }
  }
  const pairs = [...ratings.values()];
  const change = skillsChange(pairs);
  const view = (c: { n: number; mean: number | null; lower: number | null; upper: number | null }) =>
    c.n >= k
      ? { n: c.n, mean: c.mean, lower: c.lower, upper: c.upper, suppressed: false }
      : { n: c.n, mean: null, lower: null, upper: null, suppressed: true };
  const meanOf = (values: number[]) =>
    values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  const skills = [...new Set([...program.selfRatedSkills, ...change.bySkill.map((s) => s.skill)])];
  return {
    programId: program.id,
    skills: program.selfRatedSkills,
    minGroupSize: k,
    overall: view(change.overall),
    bySkill: skills
      .map((skill) => {
        const found = change.bySkill.find((s) => s.skill === skill);
        const base = view(found?.change ?? { n: 0, mean: null, lower: null, upper: null });
        const paired = pairs.filter((p) => p.skill === skill && p.start !== null && p.end !== null);
        return {
          skill,
          ...base,
          meanStart: base.suppressed ? null : meanOf(paired.map((p) => p.start!)),
          meanEnd: base.suppressed ? null : meanOf(paired.map((p) => p.end!)),
        };
      })
      .filter((s) => asked.has(s.skill) || s.n > 0),
    unpaired: change.unpaired,
  };
}

const mean2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/**
 * Program staff: the skills before/after table as a CSV file (formula-safe, audited), built from the same report as
 * the card: a withheld mean is written as "suppressed", never the number.
 */
export async function programSkillsChangeCsv(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
): Promise<{ filename: string; body: string }> {
  const { actor: staff, program } = await programForStaff(ctx, actor, programId);
  const report = await computeSkillsChange(ctx, staff, program);
  const figure = (c: MeanChangeView, x: number | null) => (c.suppressed ? 'suppressed' : mean2(x));
  const lines: (string | number | null)[][] = [
    ['skill', 'people_rated_twice', 'mean_start', 'mean_end', 'mean_change', 'lower_95', 'upper_95'],
    ...report.bySkill.map((s) => [
      s.skill,
      s.n,
      figure(s, s.meanStart),
      figure(s, s.meanEnd),
      figure(s, s.mean),
      figure(s, s.lower),
      figure(s, s.upper),
    ]),
    [
      'all skills',
      report.overall.n,
      null,
      null,
      figure(report.overall, report.overall.mean),
      figure(report.overall, report.overall.lower),
      figure(report.overall, report.overall.upper),
    ],
    ['ratings given only at the start or only at the end', report.unpaired, null, null, null, null, null],
  ];
  await recordAudit(ctx.db, {
    organisationId: staff.organisationId,
    actorUserId: staff.userId,
    action: 'outcomes.skills_change_exported',
    targetType: 'program',
    targetId: program.id,
    details: { skills: report.bySkill.length },
    at: ctx.now(),
  });
  return { filename: fileName(program.name, `skills-change-${dayOf(ctx.now())}`), body: toCsv(lines) };
}

// ── Diversity ────────────────────────────────────────────────────────────────────────────────────────────────────

const NOT_STATED = 'Not stated';

/**
 * Staff: the people of each self-described group (people without the field are "Not stated"), how many of them
 * take part (approved enrolment or a started relationship in the scope), how many were matched, and the outcomes of
 * those who started 12 months ago or more (promoted within 12 months, still employed at 12 months; unadjusted).
 * Every figure goes through small-group suppression with its complementary cells, totals included.
 */
export async function diversityReport(
  ctx: AppContext,
  actor: Actor | null,
  query: DiversityQuery,
): Promise<DiversityReport> {
  const scope = await scopeFor(ctx, actor, query.programId);
  return computeDiversity(ctx, scope, query);
}

async function computeDiversity(
  ctx: AppContext,
  scope: Scope,
  query: DiversityQuery,
): Promise<DiversityReport> {
  const organisationId = scope.actor.organisationId;
  const programId = scope.program?.id ?? null;
  const [values, fields, enrolled, data, k] = await Promise.all([
    repo.listDemographic(ctx.db, organisationId, query.dimension),
    repo.listDemographicFields(ctx.db, organisationId),
    repo.listEnrolledPeople(ctx.db, organisationId, programId, query.role),
    // The same shaped careers as the outcome comparison (read once while nothing changes).
    outcomeData(ctx, organisationId),
    minGroupSize(ctx.db, organisationId),
  ]);
  const now = ctx.now();
  const started = new Map(
    participantStarts(data.starts, query.role, programId).map((p) => [p.personId, p.startedAt]),
  );
  const participants = new Set([...enrolled, ...started.keys()]);
  // Only the people who started are followed.
  const histories = new Map(
    data.histories.population.filter((h) => started.has(h.personId)).map((h) => [h.personId, h]),
  );

  const groups = new Map<string, number[]>();
  let statedPeople = 0;
  for (const person of values) {
    const isParticipant = participants.has(person.id);
    // The organisation today, plus anyone who took part and has since left.
    if (person.status !== 'active' && !isParticipant) continue;
    if (person.value !== null) statedPeople++;
    const group = person.value ?? NOT_STATED;
    const cells = groups.get(group) ?? [0, 0, 0, 0, 0, 0];
    cells[0]++;
    if (isParticipant) cells[1]++;
    const startedAt = started.get(person.id);
    if (startedAt) {
      cells[2]++;
      const end = addMonthsUtc(startedAt, 12);
      const history = histories.get(person.id);
      if (history && end.getTime() <= now.getTime() && retainedUntil(history, startedAt, startedAt)) {
        cells[3]++;
        if (promotedBetween(history, startedAt, end)) cells[4]++;
        if (retainedUntil(history, startedAt, end)) cells[5]++;
      }
    }
    groups.set(group, cells);
  }
  const names = [...groups.keys()].sort((a, b) =>
    a === NOT_STATED ? 1 : b === NOT_STATED ? -1 : a.localeCompare(b, 'en', { sensitivity: 'base' }),
  );
  const rows = names.map((name) => groups.get(name)!);
  if (rows.length === 0) rows.push([0, 0, 0, 0, 0, 0]);
  // Who takes part: a group is small when fewer than k of its people take part (their match rate would describe a
  // handful of people). Outcomes: when fewer than k were followed for 12 months.
  const reach = suppressSmallGroups(
    { cells: rows.map((r) => r.slice(0, 3)), groupSizes: rows.map((r) => r[1]), columnTotals: true },
    { minGroupSize: k },
  );
  const outcomes = suppressSmallGroups(
    { cells: rows.map((r) => r.slice(3, 6)), groupSizes: rows.map((r) => r[3]), columnTotals: true },
    { minGroupSize: k },
  );
  const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  const cellsOf = (first: (number | null)[], second: (number | null)[]) => ({
    people: first[0],
    participants: first[1],
    matched: first[2],
    matchRate: ratio(first[2], first[1]),
    followed: second[0],
    promoted: second[1],
    promotionRate: ratio(second[1], second[0]),
    retained: second[2],
    retentionRate: ratio(second[2], second[0]),
  });
  const result: DiversityRow[] = (names.length ? names : [NOT_STATED]).map((group, i) => ({
    group,
    notStated: group === NOT_STATED,
    ...cellsOf(reach.cells[i], outcomes.cells[i]),
  }));
  return {
    programId,
    role: query.role,
    dimension: query.dimension,
    dimensions: fields,
    minGroupSize: k,
    statedPeople,
    groups: result,
    total: cellsOf(reach.columnTotals ?? [null, null, null], outcomes.columnTotals ?? [null, null, null]),
    hiddenCells: reach.suppressed.length + outcomes.suppressed.length,
  };
}

/**
 * Staff: the diversity table as a CSV file (formula-safe, audited), built from the very report the page shows: a
 * withheld cell is written as "suppressed", never the number; a rate is withheld when either of its counts is.
 */
export async function diversityCsv(
  ctx: AppContext,
  actor: Actor | null,
  query: DiversityQuery,
): Promise<{ filename: string; body: string }> {
  const scope = await scopeFor(ctx, actor, query.programId);
  const report = await computeDiversity(ctx, scope, query);
  const count = (x: number | null) => (x === null ? 'suppressed' : x);
  const rate = (part: number | null, whole: number | null, value: number | null) =>
    part === null || whole === null ? 'suppressed' : pct(value);
  const cells = (c: DiversityReport['total']) => [
    count(c.people),
    count(c.participants),
    count(c.matched),
    rate(c.matched, c.participants, c.matchRate),
    count(c.followed),
    count(c.promoted),
    rate(c.promoted, c.followed, c.promotionRate),
    count(c.retained),
    rate(c.retained, c.followed, c.retentionRate),
  ];
  const lines: (string | number | null)[][] = [
    [
      query.dimension,
      'people',
      'participants',
      'matched',
      'match_rate_percent',
      'started_12_months_ago_or_more',
      'promoted_within_12_months',
      'promotion_rate_percent',
      'still_employed_at_12_months',
      'retention_rate_percent',
    ],
    ...report.groups.map((g) => [g.group, ...cells(g)]),
    ['Total', ...cells(report.total)],
  ];
  await recordAudit(ctx.db, {
    organisationId: scope.actor.organisationId,
    actorUserId: scope.actor.userId,
    action: 'outcomes.diversity_exported',
    targetType: scope.program ? 'program' : 'organisation',
    targetId: scope.program?.id ?? scope.actor.organisationId,
    details: { role: query.role, dimension: query.dimension, hiddenCells: report.hiddenCells },
    at: ctx.now(),
  });
  return {
    filename: fileName(
      scope.program?.name ?? null,
      `diversity-${query.dimension}-${query.role}s-${dayOf(ctx.now())}`,
    ),
    body: toCsv(lines),
  };
}
