/**
 * Pair health on the program's relationships table (issue 12, §8; decision 018). The facts of every active pair of
 * the program come from one query of the facts the database keeps (decision 037); health, sorting and filtering are
 * computed in memory for the whole program (a program has at most a few thousand pairs), then the page is cut — so
 * sorting by risk and filtering by state work across pages — and only the page's names are looked up, unless the
 * sort is by name. Staff see metadata only: counts, dates, ratings, never private content.
 */
import type {
  PairHealthRowView,
  PairHealthStateName,
  ProgramPairHealthPage,
  ProgramPairHealthQuery,
} from '../../../contracts/relationships.contracts.ts';
import { DAY_MS } from '../../../core/analytics/calendar.ts';
import {
  type MeetingCadence,
  pairHealth,
  pairHealthThresholds,
} from '../../../core/analytics/pair-health.ts';
import { toCsv } from '../../../core/csv-cells.ts';
import { checkInAvailableFrom, checkInDaysOf } from '../../../core/workspace/survey-rules.ts';
import type { Actor, AppContext } from '../../context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type ProgramRow, programForStaff } from '../programs/program-access.ts';
import { listActivePairFacts, pairNames } from './pair-health.repository.ts';

const riskOrder: Record<PairHealthStateName, number> = {
  inactive: 0,
  at_risk: 1,
  needs_check_in: 2,
  on_track: 3,
};

type HealthRow = Omit<PairHealthRowView, 'mentorName' | 'menteeName'>;

async function healthRows(ctx: AppContext, program: ProgramRow): Promise<HealthRow[]> {
  const now = ctx.now();
  const facts = await listActivePairFacts(ctx.db, program.organisationId, program.id, now);
  const checkInDays = checkInDaysOf(program.surveySchedule);
  const cadence = (
    ['weekly', 'fortnightly', 'monthly'].includes(program.meetingCadence)
      ? program.meetingCadence
      : 'fortnightly'
  ) as MeetingCadence;
  return facts.map((f) => {
    const health = pairHealth(
      {
        flash: program.type === 'flash',
        cadence,
        startedAt: f.startedAt,
        lastMeetingHeldAt: f.lastMeetingHeldAt,
        nextMeetingAt: f.nextMeetingAt,
        meetingsHeld: f.meetingsHeld,
        meetingsPlanned: f.meetingsPlanned,
        lastActivityAt: f.lastActivityAt,
        agreementSigned: f.agreementStatus === 'signed',
        lastRating: f.lastRating,
        checkInOpensAt: checkInAvailableFrom(f.startedAt, checkInDays),
        checkInAnswered: f.checkInAnswers >= 2,
        checkInFit: f.checkInFit,
        rematchRequested: f.rematchRequested,
        openActionItems: f.openActionItems,
        overdueActionItems: f.overdueActionItems,
      },
      now,
      pairHealthThresholds,
    );
    return {
      relationshipId: f.id,
      menteePersonId: f.menteePersonId,
      startedAt: f.startedAt.toISOString(),
      daysSinceLastMeeting: f.lastMeetingHeldAt
        ? Math.max(0, Math.floor((now.getTime() - f.lastMeetingHeldAt.getTime()) / DAY_MS))
        : null,
      meetingsHeld: f.meetingsHeld,
      meetingsPlanned: f.meetingsPlanned,
      agreement: f.agreementStatus,
      goalProgress: f.goalProgress,
      lastRating: f.lastRating,
      checkInFit: f.checkInFit,
      openActionItems: f.openActionItems,
      state: health.state,
      reasons: health.reasons,
    };
  });
}

/** The rows with their pair's names. */
async function named(ctx: AppContext, program: ProgramRow, rows: HealthRow[]): Promise<PairHealthRowView[]> {
  const names = await pairNames(
    ctx.db,
    program.organisationId,
    rows.map((r) => r.relationshipId),
  );
  return rows.map((r) => ({ ...r, mentorName: '', menteeName: '', ...names.get(r.relationshipId) }));
}

/** Quiet first: no meeting yet counts as the longest. */
const quietness = (r: HealthRow) => r.daysSinceLastMeeting ?? Number.MAX_SAFE_INTEGER;

const byName = (a = '', b = '') => a.localeCompare(b, 'en', { sensitivity: 'base' });

const factOrder: Record<'risk' | 'started' | 'last_meeting', (a: HealthRow, b: HealthRow) => number> = {
  risk: (a, b) => riskOrder[a.state] - riskOrder[b.state] || quietness(b) - quietness(a),
  started: (a, b) => b.startedAt.localeCompare(a.startedAt),
  last_meeting: (a, b) => quietness(b) - quietness(a),
};

/** Sorted as asked, then by relationship id; by name only with the names (`named`). */
function sortRows<T extends HealthRow & Partial<Pick<PairHealthRowView, 'mentorName' | 'menteeName'>>>(
  rows: T[],
  sort: ProgramPairHealthQuery['sort'],
): T[] {
  const compare = (a: T, b: T) =>
    sort === 'mentor'
      ? byName(a.mentorName, b.mentorName)
      : sort === 'mentee'
        ? byName(a.menteeName, b.menteeName)
        : factOrder[sort](a, b);
  return [...rows].sort((a, b) => compare(a, b) || a.relationshipId.localeCompare(b.relationshipId));
}

/** Staff: the program's active pairs with their health, sorted, filtered by state and paginated. */
export async function programPairHealth(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: ProgramPairHealthQuery,
): Promise<ProgramPairHealthPage> {
  const { program } = await programForStaff(ctx, actor, programId);
  const all = await healthRows(ctx, program);
  const counts: Record<PairHealthStateName, number> = {
    on_track: 0,
    needs_check_in: 0,
    at_risk: 0,
    inactive: 0,
  };
  for (const row of all) counts[row.state] += 1;
  const filtered = query.state ? all.filter((r) => r.state === query.state) : all;
  const offset = (query.page - 1) * query.pageSize;
  const items =
    query.sort === 'mentor' || query.sort === 'mentee'
      ? sortRows(await named(ctx, program, filtered), query.sort).slice(offset, offset + query.pageSize)
      : await named(ctx, program, sortRows(filtered, query.sort).slice(offset, offset + query.pageSize));
  return {
    items,
    total: filtered.length,
    page: query.page,
    pageSize: query.pageSize,
    counts,
  };
}

const stateWords: Record<PairHealthStateName, string> = {
  on_track: 'On track',
  needs_check_in: 'Needs a check-in',
  at_risk: 'At risk',
  inactive: 'Inactive',
};

/** Staff: every active pair's health as a CSV file (audited), through `toCsv` so names stay text in a spreadsheet. */
export async function programPairHealthCsv(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: Pick<ProgramPairHealthQuery, 'state' | 'sort'>,
): Promise<{ filename: string; body: string }> {
  const { actor: staff, program } = await programForStaff(ctx, actor, programId);
  const all = await healthRows(ctx, program);
  const rows = sortRows(
    await named(ctx, program, query.state ? all.filter((r) => r.state === query.state) : all),
    query.sort,
  );
  const lines: (string | number | null)[][] = [
    [
      'mentor',
      'mentee',
      'started',
      'health',
      'reasons',
      'days_since_last_meeting',
      'meetings_held',
      'meetings_planned',
      'agreement',
      'goal_progress_percent',
      'last_rating',
      'check_in_fit',
      'open_action_items',
    ],
  ];
  for (const r of rows) {
    lines.push([
      r.mentorName,
      r.menteeName,
      r.startedAt.slice(0, 10),
      stateWords[r.state],
      r.reasons.map((reason) => reason.message).join(' '),
      r.daysSinceLastMeeting,
      r.meetingsHeld,
      r.meetingsPlanned,
      r.agreement === 'waiting' ? 'waiting for signatures' : r.agreement,
      r.goalProgress,
      r.lastRating,
      r.checkInFit,
      r.openActionItems,
    ]);
  }
  await recordAudit(ctx.db, {
    organisationId: staff.organisationId,
    actorUserId: staff.userId,
    action: 'program.relationships_exported',
    targetType: 'program',
    targetId: program.id,
    details: { rows: rows.length, ...(query.state ? { state: query.state } : {}) },
    at: ctx.now(),
  });
  const name =
    program.name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'program';
  return { filename: `${name}-relationships.csv`, body: toCsv(lines) };
}
