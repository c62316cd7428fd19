import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * The facts of pair health (decision 018) for every active relationship of a program, in one query (no query per
 * pair): each kind of fact is a lateral lookup of that pair's rows through the table's index on relationship_id, so
 * the cost follows the program's pairs, not the organisation's history (grouping every meeting of the organisation
 * and scanning meeting_feedback once per pair took 60 s for 1,400 pairs among 150,000 meetings; bench/analytics).
 * The last rating is that of the latest meeting with any rating. A pair's agreement and a group's are two lateral
 * lookups (at most one finds a row), each the newest version through its index, rather than one union sorted per pair. Metadata only — counts, dates, ratings,
 * percentages — never a note body, agreement text or goal title.
 * TODO (issue 12): move the reads of meetings/agreements/goals/surveys into those features' services.
 */
export interface PairHealthRow {
  id: string;
  menteePersonId: string;
  startedAt: Date;
  mentorName: string;
  menteeName: string;
  lastMeetingHeldAt: Date | null;
  nextMeetingAt: Date | null;
  meetingsHeld: number;
  meetingsPlanned: number;
  lastActivityAt: Date | null;
  agreementStatus: 'none' | 'waiting' | 'signed';
  goalProgress: number | null;
  lastRating: number | null;
  checkInAnswers: number;
  checkInFit: number | null;
  rematchRequested: boolean;
  openActionItems: number;
  overdueActionItems: number;
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function listActivePairFacts(
  db: Db,
  organisationId: string,
  programId: string,
  now: Date,
): Promise<PairHealthRow[]> {
  const at = now.toISOString();
  const today = at.slice(0, 10);
  const result = await db.execute(sql`
    select r.id, r.mentee_person_id, r.started_at, mp.name as mentor_name, ep.name as mentee_name,
      m.last_held, m.next_at, coalesce(m.held, 0) as held, coalesce(m.planned, 0) as planned,
      wa.last_activity,
      case when coalesce(pa.version, ga.version) is null then 'none'
           when (pa.version is not null and pa.mentor_signed_at is not null and pa.mentee_signed_at is not null)
             or (ga.version is not null and ga.mentor_signed_at is not null and ga.mentee_signed_at is not null)
             then 'signed'
           else 'waiting' end as agreement_status,
      g.progress, fb.last_rating, coalesce(s.answers, 0) as check_in_answers, s.fit,
      coalesce(s.rematch, false) as rematch, coalesce(ai.open, 0) as open_items, coalesce(ai.overdue, 0) as overdue_items
    from relationships r
    join people mp on mp.id = r.mentor_person_id
    join people ep on ep.id = r.mentee_person_id
    left join lateral (
      select max(starts_at) filter (where status = 'held') as last_held,
        min(starts_at) filter (where status = 'scheduled' and starts_at > ${at}::timestamptz) as next_at,
        count(*) filter (where status = 'held')::int as held,
        count(*) filter (where status in ('held', 'cancelled', 'no_show')
          or (status = 'scheduled' and starts_at <= ${at}::timestamptz))::int as planned
      from meetings where relationship_id = r.id
    ) m on true
    left join lateral (
      select max(created_at) as last_activity from workspace_activity where relationship_id = r.id
    ) wa on true
    left join lateral (
      -- the pair's current agreement: its newest version, read backwards off the (relationship, version) index
      select version, mentor_signed_at, mentee_signed_at from agreement_versions
      where relationship_id = r.id and r.group_id is null
      order by version desc limit 1
    ) pa on true
    left join lateral (
      -- a group member (issue 14): the group's current agreement, signed by the mentor and by this member
      select v.version,
        (select sg.signed_at from group_agreement_signatures sg
          where sg.version_id = v.id and sg.person_id = r.mentor_person_id) as mentor_signed_at,
        (select sg.signed_at from group_agreement_signatures sg
          where sg.version_id = v.id and sg.person_id = r.mentee_person_id) as mentee_signed_at
      from group_agreement_versions v where v.group_id = r.group_id
      order by v.version desc limit 1
    ) ga on true
    left join lateral (
      select round(avg(progress_percent))::int as progress
      from goals where relationship_id = r.id and status <> 'dropped'
    ) g on true
    left join lateral (
      select min(f.rating)::int as last_rating from meeting_feedback f
      where f.meeting_id = (
        select mm.id from meetings mm
        where mm.relationship_id = r.id and exists (select 1 from meeting_feedback f2 where f2.meeting_id = mm.id)
        order by mm.starts_at desc limit 1)
    ) fb on true
    left join lateral (
      select count(*)::int as answers, min(rating)::int as fit, bool_or(rematch_requested) as rematch
      from survey_responses where relationship_id = r.id and kind = 'check_in'
    ) s on true
    left join lateral (
      select count(*) filter (where done_at is null)::int as open,
        count(*) filter (where done_at is null and due_on < ${today}::date)::int as overdue
      from action_items where relationship_id = r.id
    ) ai on true
    where r.organisation_id = ${organisationId} and r.program_id = ${programId} and r.status = 'active'
    order by r.started_at desc, r.id
  `);
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  return rows.map((row) => ({
    id: String(row.id),
    menteePersonId: String(row.mentee_person_id),
    startedAt: date(row.started_at) ?? now,
    mentorName: String(row.mentor_name),
    menteeName: String(row.mentee_name),
    lastMeetingHeldAt: date(row.last_held),
    nextMeetingAt: date(row.next_at),
    meetingsHeld: Number(row.held),
    meetingsPlanned: Number(row.planned),
    lastActivityAt: date(row.last_activity),
    agreementStatus: row.agreement_status as PairHealthRow['agreementStatus'],
    goalProgress: num(row.progress),
    lastRating: num(row.last_rating),
    checkInAnswers: Number(row.check_in_answers),
    checkInFit: num(row.fit),
    rematchRequested: Boolean(row.rematch),
    openActionItems: Number(row.open_items),
    overdueActionItems: Number(row.overdue_items),
  }));
}
