import { eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { analyticsSettings } from '../../db/schema.ts';

/** The organisation's analytics settings row, if one was saved. */
export async function findAnalyticsSettings(tx: Db, organisationId: string) {
  const [row] = await tx
    .select()
    .from(analyticsSettings)
    .where(eq(analyticsSettings.organisationId, organisationId));
  return row ?? null;
}

export async function saveAnalyticsSettings(tx: Db, organisationId: string, minGroupSize: number, at: Date) {
  await tx
    .insert(analyticsSettings)
    .values({ organisationId, minGroupSize, updatedAt: at })
    .onConflictDoUpdate({ target: analyticsSettings.organisationId, set: { minGroupSize, updatedAt: at } });
}

/*
 * The dashboard's figures, set-based (decision 024): each query reads the program's enrolments, relationships and
 * their meetings, ratings, surveys, goals and resources once, grouped — never one query per pair. Reads of other
 * features' tables, metadata only (counts, dates, ratings), never a comment, note or title a pair wrote.
 */

/** Who counts: the cohort filter on `people` (a pair is in it when its mentee is). */
export interface Cohort {
  department: string | null;
  levelMin: number | null;
  levelMax: number | null;
  location: string | null;
}

/** The period as instants: [start, end), and `point` = min(end, now), the moment "as at the end" is read. */
export interface Period {
  start: Date;
  end: Date;
  point: Date;
}

/** One month of the series: [start, end) clipped to the period, and the instant its at-risk share is read. */
export interface MonthWindow {
  month: string;
  start: Date;
  end: Date;
  point: Date;
}

type Row = Record<string, unknown>;
const rowsOf = (result: unknown) => (result as { rows: Row[] }).rows;
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const nullable = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

function cohortWhere(p: string, c: Cohort): SQL {
  const parts: SQL[] = [sql`true`];
  const col = (name: string) => sql.raw(`${p}.${name}`);
  if (c.department !== null) parts.push(sql`${col('department')} = ${c.department}`);
  if (c.location !== null) parts.push(sql`${col('location')} = ${c.location}`);
  if (c.levelMin !== null) parts.push(sql`${col('level')} >= ${c.levelMin}`);
  if (c.levelMax !== null) parts.push(sql`${col('level')} <= ${c.levelMax}`);
  return sql.join(parts, sql` and `);
}

/**
 * The mentees of the cohort (enrolled by the end of the period, not rejected) and their relationships that started
 * by then, as two CTEs every dashboard query starts from.
 */
function cohortCtes(
  organisationId: string,
  programId: string,
  cohort: Cohort,
  period: Period,
  extra: { column: SQL; join: SQL } = { column: sql``, join: sql`` },
): SQL {
  return sql`
    mentees as (
      select e.id, e.person_id, e.status, e.created_at from enrolments e
      join people p on p.id = e.person_id
      where e.organisation_id = ${organisationId} and e.program_id = ${programId} and e.role = 'mentee'
        and e.status <> 'rejected' and e.created_at < ${ts(period.end)} and ${cohortWhere('p', cohort)}
    ),
    rels as materialized (
      select r.id, r.mentee_enrolment_id, r.status, r.reason_code, r.score, r.started_at, r.ended_at${extra.column}
      from relationships r join mentees m on m.id = r.mentee_enrolment_id ${extra.join}
      where r.organisation_id = ${organisationId} and r.program_id = ${programId}
        and r.started_at is not null and r.started_at < ${ts(period.end)}
    )`;
}

export interface FunnelFacts {
  enrolled: number;
  withdrawn: number;
  matched: number;
  active: number;
  completed: number;
  endedEarly: number;
  endedEarlyReasons: Record<string, number>;
  mentorsEnrolled: number;
  firstMatches: number;
  medianDaysToMatch: number | null;
  scored: number;
  meanScore: number | null;
}

/** The funnel (as at the end of the period) and the matching figures (relationships started in the period). */
export async function funnelFacts(
  db: Db,
  organisationId: string,
  programId: string,
  cohort: Cohort,
  period: Period,
): Promise<FunnelFacts> {
  const end = ts(period.end);
  const start = ts(period.start);
  const result = await db.execute(sql`
    with ${cohortCtes(organisationId, programId, cohort, period)},
    firsts as (
      select f.first_start, m.created_at from (
        select mentee_enrolment_id, min(started_at) as first_start from rels group by mentee_enrolment_id
      ) f join mentees m on m.id = f.mentee_enrolment_id
      where f.first_start >= ${start}
    ),
    ended as (
      select case
          when r.reason_code = 'left_organisation' then 'left_organisation'
          when r.reason_code = 'inactive' then 'inactive'
          when exists (select 1 from relationships r2 where r2.mentee_enrolment_id = r.mentee_enrolment_id
            and r2.origin = 'reassignment' and r2.created_at >= r.ended_at - interval '1 minute'
            and r2.created_at <= r.ended_at + interval '1 minute') then 'reassigned'
          else 'other' end as reason
      from rels r where r.status = 'ended_early' and r.ended_at < ${end}
    )
    select
      (select count(*) from mentees)::int as enrolled,
      (select count(*) from mentees where status = 'withdrawn')::int as withdrawn,
      (select count(distinct mentee_enrolment_id) from rels)::int as matched,
      (select count(distinct mentee_enrolment_id) from rels
        where status in ('active', 'completed', 'ended_early') and (ended_at is null or ended_at >= ${end}))::int as active,
      (select count(distinct mentee_enrolment_id) from rels where status = 'completed' and ended_at < ${end})::int as completed,
      (select count(*) from ended)::int as ended_early,
      (select coalesce(json_object_agg(reason, c), '{}'::json) from (select reason, count(*)::int as c from ended group by reason) x) as reasons,
      (select count(*) from enrolments e join people p on p.id = e.person_id
        where e.organisation_id = ${organisationId} and e.program_id = ${programId} and e.role = 'mentor'
          and e.status <> 'rejected' and e.created_at < ${end} and ${cohortWhere('p', cohort)})::int as mentors,
      (select count(*) from firsts)::int as first_matches,
      (select percentile_cont(0.5) within group (order by greatest(0, extract(epoch from (first_start - created_at)) / 86400.0)) from firsts) as median_days,
      (select count(*) from rels where started_at >= ${start} and score is not null)::int as scored,
      (select avg(score) / 100.0 from rels where started_at >= ${start} and score is not null) as mean_score
  `);
  const row = rowsOf(result)[0]!;
  const reasons = (typeof row.reasons === 'string' ? JSON.parse(row.reasons) : row.reasons) as Record<
    string,
    number
  >;
  return {
    enrolled: n(row.enrolled),
    withdrawn: n(row.withdrawn),
    matched: n(row.matched),
    active: n(row.active),
    completed: n(row.completed),
    endedEarly: n(row.ended_early),
    endedEarlyReasons: reasons ?? {},
    mentorsEnrolled: n(row.mentors),
    firstMatches: n(row.first_matches),
    medianDaysToMatch: nullable(row.median_days),
    scored: n(row.scored),
    meanScore: nullable(row.mean_score),
  };
}

export interface MonthFacts {
  month: string;
  activePairs: number;
  meetingsHeld: number;
  pairsAtPoint: number;
  atRisk: number;
  raters: number;
  ratingSum: number;
  ratings: number;
  fitPeople: number;
  fitSum: number;
  fitAnswers: number;
  npsPeople: number;
  promoters: number;
  passives: number;
  detractors: number;
}

function monthValues(months: MonthWindow[]): SQL {
  return sql.join(
    months.map((m) => sql`(${m.month}, ${ts(m.start)}, ${ts(m.end)}, ${ts(m.point)})`),
    sql`, `,
  );
}

/**
 * Per month: pairs active in the month, meetings held, the share of pairs at risk at the month's end (decision 024:
 * no held meeting for longer than the cadence allows and none scheduled then — a meeting created before and starting
 * after that instant, not cancelled by it — or a poor fit / rematch wish answered by then; never a flash pair),
 * ratings, check-in fit and NPS answers given in the month.
 */
export async function monthFacts(
  db: Db,
  organisationId: string,
  programId: string,
  cohort: Cohort,
  period: Period,
  months: MonthWindow[],
  quiet: { days: number; flash: boolean; poorFit: number },
): Promise<MonthFacts[]> {
  if (months.length === 0) return [];
  const quietInterval = `${quiet.days + 1} days`;
  // The first poor-fit or rematch check-in of each pair, a column of rels rather than a join: PGlite misjudges how
  // many pairs there are and ran that join as a nested loop over every (pair, month) (decision 026).
  const poorSince = {
    column: sql`, pf.since as poor_since`,
    join: sql`left join (
        select s.relationship_id, min(s.created_at) as since from survey_responses s
        where s.program_id = ${programId} and s.kind = 'check_in' and (s.rating <= ${quiet.poorFit} or s.rematch_requested)
        group by s.relationship_id
      ) pf on pf.relationship_id = r.id`,
  };
  const result = await db.execute(sql`
    with ${cohortCtes(organisationId, programId, cohort, period, poorSince)},
    mo(month, ms, me, pt) as (values ${monthValues(months)}),
    held as materialized (
      select m.relationship_id, coalesce(m.held_at, m.starts_at) as at,
        to_char(coalesce(m.held_at, m.starts_at) at time zone 'UTC', 'YYYY-MM') as month
      from rels r cross join lateral (
        -- per pair through the pair's meetings index (offset 0 keeps it a per-pair read, decision 026)
        select m.relationship_id, m.held_at, m.starts_at from meetings m
        where m.relationship_id = r.id and m.status = 'held' and coalesce(m.held_at, m.starts_at) < ${ts(period.point)}
        offset 0
      ) m
    ),
    active_m as (
      select mo.month, count(r.id)::int as pairs from mo
      left join rels r on r.started_at < mo.me and (r.ended_at is null or r.ended_at >= mo.ms)
      group by mo.month
    ),
    held_m as (
      select mo.month, count(h.at)::int as held from mo
      left join held h on h.month = mo.month and h.at >= mo.ms and h.at < mo.me
      group by mo.month
    ),
    -- The last held meeting of each pair by each month's end: the latest per (pair, month), carried forward with a
    -- running maximum over the months (a month's end is after every meeting of that month, and the last month's
    -- meetings are cut at the period's end above), starting from the last one before the first month.
    held_bucket as (
      select relationship_id, month, max(at) as last from held group by relationship_id, month
    ),
    held_before as (
      select relationship_id, max(last) as last from held_bucket where month < (select min(month) from mo)
      group by relationship_id
    ),
    grid as (
      select mo.month, mo.pt, r.id, r.started_at, r.poor_since,
        greatest(hbf.last, max(hb.last) over (partition by r.id order by mo.month rows unbounded preceding)) as last_held
      from mo join rels r on r.started_at < mo.pt and (r.ended_at is null or r.ended_at >= mo.pt)
      left join held_bucket hb on hb.relationship_id = r.id and hb.month = mo.month
      left join held_before hbf on hbf.relationship_id = r.id
    ),
    risk_m as (
      select mo.month, count(g.id)::int as pairs,
        count(g.id) filter (where ${quiet.flash ? sql`false` : sql`true`} and (
          g.poor_since < g.pt or (
            coalesce(g.last_held, g.started_at) <= g.pt - ${quietInterval}::interval
            and not exists (select 1 from meetings s where s.relationship_id = g.id and s.starts_at > g.pt
              and s.created_at <= g.pt and (s.status <> 'cancelled' or s.cancelled_at > g.pt))
          )))::int as at_risk
      from mo left join grid g on g.month = mo.month
      group by mo.month
    ),
    rating_m as (
      select mo.month, count(distinct f.person_id)::int as raters, coalesce(sum(f.rating), 0)::int as total, count(f.rating)::int as answers
      from mo left join (
        select f.person_id, f.rating, f.created_at, to_char(f.created_at at time zone 'UTC', 'YYYY-MM') as month
        from meeting_feedback f join rels r on r.id = f.relationship_id
        where f.program_id = ${programId}
      ) f on f.month = mo.month and f.created_at >= mo.ms and f.created_at < mo.me
      group by mo.month
    ),
    survey_m as (
      select mo.month,
        count(distinct s.person_id) filter (where s.kind = 'check_in' and s.rating is not null)::int as fit_people,
        coalesce(sum(s.rating) filter (where s.kind = 'check_in'), 0)::int as fit_sum,
        count(s.rating) filter (where s.kind = 'check_in')::int as fit_answers,
        count(distinct s.person_id) filter (where s.kind = 'closing' and s.nps is not null)::int as nps_people,
        count(*) filter (where s.kind = 'closing' and s.nps >= 9)::int as promoters,
        count(*) filter (where s.kind = 'closing' and s.nps between 7 and 8)::int as passives,
        count(*) filter (where s.kind = 'closing' and s.nps <= 6)::int as detractors
      from mo left join (
        select s.person_id, s.kind, s.rating, s.nps, s.created_at, to_char(s.created_at at time zone 'UTC', 'YYYY-MM') as month
        from survey_responses s join rels r on r.id = s.relationship_id
        where s.program_id = ${programId}
      ) s on s.month = mo.month and s.created_at >= mo.ms and s.created_at < mo.me
      group by mo.month
    )
    select mo.month, a.pairs as active_pairs, h.held, k.pairs as pairs_at_point, k.at_risk,
      rt.raters, rt.total as rating_sum, rt.answers as ratings,
      sv.fit_people, sv.fit_sum, sv.fit_answers, sv.nps_people, sv.promoters, sv.passives, sv.detractors
    from mo
    join active_m a on a.month = mo.month
    join held_m h on h.month = mo.month
    join risk_m k on k.month = mo.month
    join rating_m rt on rt.month = mo.month
    join survey_m sv on sv.month = mo.month
    order by mo.month
  `);
  return rowsOf(result).map((r) => ({
    month: String(r.month),
    activePairs: n(r.active_pairs),
    meetingsHeld: n(r.held),
    pairsAtPoint: n(r.pairs_at_point),
    atRisk: n(r.at_risk),
    raters: n(r.raters),
    ratingSum: n(r.rating_sum),
    ratings: n(r.ratings),
    fitPeople: n(r.fit_people),
    fitSum: n(r.fit_sum),
    fitAnswers: n(r.fit_answers),
    npsPeople: n(r.nps_people),
    promoters: n(r.promoters),
    passives: n(r.passives),
    detractors: n(r.detractors),
  }));
}

/** A group program's groups (issue 14): groups with members at the period's point, and group meetings held in it. */
export interface GroupFacts {
  groups: number;
  members: number;
  groupMeetingsHeld: number;
}

export async function groupFacts(
  db: Db,
  organisationId: string,
  programId: string,
  period: Period,
): Promise<GroupFacts> {
  const point = ts(period.point);
  const result = await db.execute(sql`
    with members as (
      select r.group_id from relationships r
      where r.organisation_id = ${organisationId} and r.program_id = ${programId} and r.group_id is not null
        and r.started_at <= ${point} and (r.ended_at is null or r.ended_at > ${point})
    )
    select
      (select count(distinct group_id) from members)::int as groups,
      (select count(*) from members)::int as members,
      (select count(*) from group_meetings gm join mentoring_groups g on g.id = gm.group_id
        where g.organisation_id = ${organisationId} and g.program_id = ${programId} and gm.status = 'held'
          and coalesce(gm.held_at, gm.starts_at) >= ${ts(period.start)}
          and coalesce(gm.held_at, gm.starts_at) < ${ts(period.end)})::int as group_meetings_held`);
  const row = rowsOf(result)[0] ?? {};
  return {
    groups: Number(row.groups ?? 0),
    members: Number(row.members ?? 0),
    groupMeetingsHeld: Number(row.group_meetings_held ?? 0),
  };
}

export interface PeriodFacts {
  raters: number;
  distribution: number[];
  fitPeople: number;
  fitSum: number;
  fitAnswers: number;
  npsPeople: number;
  promoters: number;
  passives: number;
  detractors: number;
  goalPairs: number;
  goals: number;
  goalsDone: number;
}

/** Over the whole period: ratings by value, check-in fit, NPS, and the goals of the pairs active in it. */
export async function periodFacts(
  db: Db,
  organisationId: string,
  programId: string,
  cohort: Cohort,
  period: Period,
): Promise<PeriodFacts> {
  const start = ts(period.start);
  const end = ts(period.end);
  const result = await db.execute(sql`
    with ${cohortCtes(organisationId, programId, cohort, period)},
    fb as (
      select f.person_id, f.rating from meeting_feedback f join rels r on r.id = f.relationship_id
      where f.program_id = ${programId} and f.created_at >= ${start} and f.created_at < ${end}
    ),
    sv as (
      select s.person_id, s.kind, s.rating, s.nps from survey_responses s join rels r on r.id = s.relationship_id
      where s.program_id = ${programId} and s.created_at >= ${start} and s.created_at < ${end}
    ),
    gl as (
      select g.relationship_id, g.status, g.completed_at from goals g
      join rels r on r.id = g.relationship_id and (r.ended_at is null or r.ended_at >= ${start})
      where g.organisation_id = ${organisationId} and g.status <> 'dropped' and g.created_at < ${end}
    )
    select
      (select count(distinct person_id) from fb)::int as raters,
      (select coalesce(json_agg(c order by rating), '[]'::json) from (
        select v as rating, (select count(*) from fb where fb.rating = v)::int as c from generate_series(1, 5) v) d) as distribution,
      (select count(distinct person_id) from sv where kind = 'check_in' and rating is not null)::int as fit_people,
      (select coalesce(sum(rating), 0) from sv where kind = 'check_in')::int as fit_sum,
      (select count(rating) from sv where kind = 'check_in')::int as fit_answers,
      (select count(distinct person_id) from sv where kind = 'closing' and nps is not null)::int as nps_people,
      (select count(*) from sv where kind = 'closing' and nps >= 9)::int as promoters,
      (select count(*) from sv where kind = 'closing' and nps between 7 and 8)::int as passives,
      (select count(*) from sv where kind = 'closing' and nps <= 6)::int as detractors,
      (select count(distinct relationship_id) from gl)::int as goal_pairs,
      (select count(*) from gl)::int as goals,
      (select count(*) from gl where status = 'done' and (completed_at is null or completed_at < ${end}))::int as goals_done
  `);
  const row = rowsOf(result)[0]!;
  const distribution = (
    typeof row.distribution === 'string' ? JSON.parse(row.distribution) : row.distribution
  ) as number[];
  return {
    raters: n(row.raters),
    distribution: distribution.map(Number),
    fitPeople: n(row.fit_people),
    fitSum: n(row.fit_sum),
    fitAnswers: n(row.fit_answers),
    npsPeople: n(row.nps_people),
    promoters: n(row.promoters),
    passives: n(row.passives),
    detractors: n(row.detractors),
    goalPairs: n(row.goal_pairs),
    goals: n(row.goals),
    goalsDone: n(row.goals_done),
  };
}

export interface ResourceFacts {
  id: string;
  title: string;
  audience: string;
  eligible: number;
  completed: number;
}

/** Each resource of the program: the cohort's approved participants it is meant for, and how many completed it. */
export async function resourceFacts(
  db: Db,
  organisationId: string,
  programId: string,
  cohort: Cohort,
  period: Period,
): Promise<ResourceFacts[]> {
  const end = ts(period.end);
  const result = await db.execute(sql`
    with people_in as (
      select distinct e.person_id, e.role from enrolments e join people p on p.id = e.person_id
      where e.organisation_id = ${organisationId} and e.program_id = ${programId} and e.status = 'approved'
        and e.created_at < ${end} and ${cohortWhere('p', cohort)}
    )
    select pr.id, pr.title, pr.audience,
      count(distinct pi.person_id)::int as eligible,
      count(distinct rc.person_id)::int as completed
    from program_resources pr
    left join people_in pi on pr.audience = 'both' or pr.audience = pi.role
    left join resource_completions rc on rc.resource_id = pr.id and rc.person_id = pi.person_id and rc.completed_at < ${end}
    where pr.organisation_id = ${organisationId} and pr.program_id = ${programId}
    group by pr.id, pr.title, pr.audience, pr.position
    order by pr.position, pr.title
  `);
  return rowsOf(result).map((r) => ({
    id: String(r.id),
    title: String(r.title),
    audience: String(r.audience),
    eligible: n(r.eligible),
    completed: n(r.completed),
  }));
}

export interface OverviewFacts {
  /** null: the organisation's totals row. */
  programId: string | null;
  enrolled: number;
  activePairs: number;
  atRisk: number;
  held30: number;
  held30Pairs: number;
  raters: number;
  ratingSum: number;
  ratings: number;
  npsPeople: number;
  promoters: number;
  passives: number;
  detractors: number;
}

/**
 * Per program of the list (and a totals row with distinct people): people enrolled (approved), active pairs and
 * those at risk now (the dashboard's rule at `now`, with each program's cadence), meetings held in the last 30 days
 * (and by how many pairs), all meeting ratings and closing NPS answers.
 */
export async function overviewFacts(
  db: Db,
  organisationId: string,
  programIds: string[],
  now: Date,
  quietDays: Record<string, number>,
  poorFit: number,
): Promise<OverviewFacts[]> {
  if (programIds.length === 0) return [];
  const at = ts(now);
  const ids = sql`array[${sql.join(
    programIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  const cadenceDays = sql`case p.meeting_cadence when 'weekly' then ${quietDays.weekly}::int when 'monthly' then ${quietDays.monthly}::int else ${quietDays.fortnightly}::int end`;
  const result = await db.execute(sql`
    with progs as (
      select p.id, p.type, ${cadenceDays} as quiet_days from programs p
      where p.organisation_id = ${organisationId} and p.id = any(${ids})
    ),
    enrolled as (
      select e.program_id, e.person_id from enrolments e join progs p on p.id = e.program_id
      where e.organisation_id = ${organisationId} and e.status = 'approved'
    ),
    pairs as (
      select r.id, r.program_id, r.mentee_person_id, r.started_at, p.type, p.quiet_days from relationships r
      join progs p on p.id = r.program_id
      where r.organisation_id = ${organisationId} and r.status = 'active' and r.started_at <= ${at}
    ),
    risk as (
      select r.program_id, r.mentee_person_id, r.type <> 'flash' and (
        exists (select 1 from survey_responses s where s.relationship_id = r.id and s.kind = 'check_in'
          and (s.rating <= ${poorFit} or s.rematch_requested))
        or (
          not exists (select 1 from meetings s where s.relationship_id = r.id and s.starts_at > ${at} and s.status = 'scheduled')
          and coalesce(
            (select max(coalesce(h.held_at, h.starts_at)) from meetings h where h.relationship_id = r.id
              and h.status = 'held' and h.starts_at <= ${at}),
            r.started_at) <= ${at} - make_interval(days => r.quiet_days + 1)
        )) as at_risk
      from pairs r
    ),
    held as (
      select r.program_id, m.relationship_id from meetings m join relationships r on r.id = m.relationship_id
      join progs p on p.id = r.program_id
      where m.organisation_id = ${organisationId} and m.status = 'held'
        and coalesce(m.held_at, m.starts_at) > ${at} - interval '30 days' and coalesce(m.held_at, m.starts_at) <= ${at}
    ),
    -- Ratings summed per (program, person) first: the grouping sets below then count distinct people over those
    -- few rows instead of sorting every rating (decision 026).
    fb as (
      select f.program_id, f.person_id, sum(f.rating) as total, count(*) as answers
      from meeting_feedback f join progs p on p.id = f.program_id
      where f.organisation_id = ${organisationId} and f.created_at <= ${at}
      group by f.program_id, f.person_id
    ),
    nps as (
      select s.program_id, s.person_id, s.nps from survey_responses s join progs p on p.id = s.program_id
      where s.organisation_id = ${organisationId} and s.kind = 'closing' and s.nps is not null and s.created_at <= ${at}
    )
    select g.program_id,
      coalesce(e.people, 0) as enrolled, coalesce(k.pairs, 0) as active_pairs, coalesce(k.at_risk, 0) as at_risk,
      coalesce(h.held, 0) as held30, coalesce(h.pairs, 0) as held30_pairs,
      coalesce(f.raters, 0) as raters, coalesce(f.total, 0) as rating_sum, coalesce(f.answers, 0) as ratings,
      coalesce(s.people, 0) as nps_people, coalesce(s.promoters, 0) as promoters, coalesce(s.passives, 0) as passives,
      coalesce(s.detractors, 0) as detractors
    from (select id as program_id from progs union all select null) g
    left join (
      select program_id, count(distinct person_id)::int as people from enrolled group by grouping sets ((program_id), ())
    ) e on e.program_id is not distinct from g.program_id
    left join (
      select program_id, count(*)::int as pairs, count(*) filter (where at_risk)::int as at_risk
      from risk group by grouping sets ((program_id), ())
    ) k on k.program_id is not distinct from g.program_id
    left join (
      select program_id, count(*)::int as held, count(distinct relationship_id)::int as pairs
      from held group by grouping sets ((program_id), ())
    ) h on h.program_id is not distinct from g.program_id
    left join (
      select program_id, count(distinct person_id)::int as raters, sum(total)::int as total, sum(answers)::int as answers
      from fb group by grouping sets ((program_id), ())
    ) f on f.program_id is not distinct from g.program_id
    left join (
      select program_id, count(distinct person_id)::int as people,
        count(*) filter (where nps >= 9)::int as promoters, count(*) filter (where nps between 7 and 8)::int as passives,
        count(*) filter (where nps <= 6)::int as detractors
      from nps group by grouping sets ((program_id), ())
    ) s on s.program_id is not distinct from g.program_id
  `);
  return rowsOf(result).map((r) => ({
    programId: r.program_id === null ? null : String(r.program_id),
    enrolled: n(r.enrolled),
    activePairs: n(r.active_pairs),
    atRisk: n(r.at_risk),
    held30: n(r.held30),
    held30Pairs: n(r.held30_pairs),
    raters: n(r.raters),
    ratingSum: n(r.rating_sum),
    ratings: n(r.ratings),
    npsPeople: n(r.nps_people),
    promoters: n(r.promoters),
    passives: n(r.passives),
    detractors: n(r.detractors),
  }));
}

/** The programs the overview covers: every program of the organisation, or those the user coordinates. */
export async function overviewPrograms(db: Db, organisationId: string, coordinatorUserId: string | null) {
  const result = await db.execute(sql`
    select p.id, p.name, p.status from programs p
    where p.organisation_id = ${organisationId}
      ${
        coordinatorUserId === null
          ? sql``
          : sql`and exists (select 1 from program_coordinators c where c.program_id = p.id and c.user_id = ${coordinatorUserId})`
      }
    order by case p.status when 'running' then 0 when 'matching' then 1 when 'enrolling' then 2 when 'draft' then 3 else 4 end,
      p.name, p.id
  `);
  return rowsOf(result).map((r) => ({ id: String(r.id), name: String(r.name), status: String(r.status) }));
}
