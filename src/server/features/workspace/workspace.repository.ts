import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  actionItems,
  agreementVersions,
  enrolments,
  goalMilestones,
  goals,
  meetings,
  notes,
  people,
  programs,
} from '../../db/schema.ts';

/**
 * The overview reads the other workspace features' tables directly (read-only): one page needs a little of each,
 * and going through each feature's service would authorise the same pair six times.
 */

/** What the overview shows of one part of the workspace, as the one statement below returns it (JSON). */
interface OverviewGoal {
  id: string;
  title: string;
  status: string;
  dueOn: string | null;
  progressMode: string;
  progressPercent: number;
  milestonesTotal: number;
  milestonesReached: number;
}

export interface WorkspaceOverviewFacts {
  partner: {
    id: string;
    name: string;
    email: string;
    title: string | null;
    department: string | null;
    jobFunction: string | null;
    timeZone: string | null;
    languages: string[];
  } | null;
  /** The partner's enrolment profile in this program. */
  profile: unknown;
  program: {
    id: string;
    name: string;
    meetingCadence: string;
    relationshipMonths: number;
    endsOn: string | null;
  } | null;
  /** The newest agreement version's signatures, or null when the pair saved none yet. */
  agreement: {
    version: number;
    mentorSignedAt: Date | null;
    menteeSignedAt: Date | null;
    createdAt: Date;
  } | null;
  goalCounts: { status: string; n: number }[];
  /** Open goals first (done and dropped last), then in the pair's order. */
  goals: OverviewGoal[];
  nextMeeting: {
    id: string;
    title: string;
    startsAt: Date;
    durationMinutes: number;
    timeZone: string;
    location: string | null;
    videoUrl: string | null;
    status: string;
  } | null;
  meetingCounts: { upcoming: number; held: number; lastHeldAt: Date | null };
  openActionItems: {
    id: string;
    title: string;
    dueOn: string | null;
    meetingId: string | null;
    ownerPersonId: string | null;
    ownerName: string | null;
  }[];
  actionCounts: { open: number; overdue: number };
  noteCounts: { shared: number; myPrivate: number };
  recentNotes: {
    id: string;
    visibility: string;
    authorPersonId: string;
    authorName: string;
    excerpt: string;
    length: number;
    meetingId: string | null;
    createdAt: Date;
    updatedAt: Date;
  }[];
}

interface OverviewInput {
  organisationId: string;
  relationshipId: string;
  /** The reader (one side of the pair): their own private notes count, the partner's never do. */
  readerPersonId: string;
  partnerPersonId: string;
  partnerEnrolmentId: string;
  programId: string;
  now: Date;
  /** The reader's calendar day (YYYY-MM-DD): an open action item due before it is overdue. */
  today: string;
  goals: number;
  actionItems: number;
  notes: number;
  excerptChars: number;
}

/** A JSON value from the driver (PGlite and pg parse json already; text is parsed as Drizzle's jsonb does). */
function json<T>(value: unknown): T {
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return value as T;
  }
}

const at = (value: string | null | undefined): Date | null => (value ? new Date(value) : null);

/**
 * Everything the overview shows, in one statement (one round trip instead of a dozen: on the embedded database
 * each costs the event loop as much as the query itself). Each part is a scalar sub-select; lists are limited
 * before their names are looked up, so a long history costs a sort, not a join per row. The notes parts read only
 * shared notes and the reader's own private ones.
 */
export async function workspaceOverviewFacts(db: Db, input: OverviewInput): Promise<WorkspaceOverviewFacts> {
  const rel = input.relationshipId;
  const now = input.now.toISOString();
  const readable = sql`n.relationship_id = ${rel} and (n.visibility = 'shared' or (n.visibility = 'private' and n.author_person_id = ${input.readerPersonId}))`;
  const upcoming = sql`m.status = 'scheduled' and m.starts_at + m.duration_minutes * interval '1 minute' > ${now}::timestamptz`;
  const result = await db.execute(sql`
    select
      (select json_build_object('id', p.id, 'name', p.name, 'email', p.email, 'title', p.title,
          'department', p.department, 'jobFunction', p.job_function, 'timeZone', p.time_zone, 'languages', p.languages)
        from ${people} p where p.organisation_id = ${input.organisationId} and p.id = ${input.partnerPersonId}) as partner,
      (select e.profile from ${enrolments} e where e.id = ${input.partnerEnrolmentId}) as profile,
      (select json_build_object('id', pr.id, 'name', pr.name, 'meetingCadence', pr.meeting_cadence,
          'relationshipMonths', pr.relationship_months, 'endsOn', pr.ends_on)
        from ${programs} pr where pr.id = ${input.programId}) as program,
      (select json_build_object('version', a.version, 'mentorSignedAt', a.mentor_signed_at,
          'menteeSignedAt', a.mentee_signed_at, 'createdAt', a.created_at)
        from ${agreementVersions} a where a.relationship_id = ${rel} order by a.version desc limit 1) as agreement,
      (select coalesce(json_agg(json_build_object('status', gc.status, 'n', gc.n)), '[]')
        from (select g.status, count(*) as n from ${goals} g where g.relationship_id = ${rel} group by g.status) gc
      ) as goal_counts,
      (select coalesce(json_agg(json_build_object('id', g.id, 'title', g.title, 'status', g.status, 'dueOn', g.due_on,
          'progressMode', g.progress_mode, 'progressPercent', g.progress_percent,
          'milestonesTotal', (select count(*) from ${goalMilestones} gm where gm.goal_id = g.id),
          'milestonesReached',
            (select count(*) from ${goalMilestones} gm where gm.goal_id = g.id and gm.reached_at is not null))
          order by g.closed, g.position, g.created_at), '[]')
        from (select g.*, case when g.status in ('done', 'dropped') then 1 else 0 end as closed
          from ${goals} g where g.relationship_id = ${rel}
          order by closed, g.position, g.created_at limit ${input.goals}) g) as goals,
      (select json_build_object('id', m.id, 'title', m.title, 'startsAt', m.starts_at,
          'durationMinutes', m.duration_minutes, 'timeZone', m.time_zone, 'location', m.location,
          'videoUrl', m.video_url, 'status', m.status)
        from ${meetings} m where m.relationship_id = ${rel} and ${upcoming}
        order by m.starts_at asc limit 1) as next_meeting,
      (select json_build_object('upcoming', count(*) filter (where ${upcoming}),
          'held', count(*) filter (where m.status = 'held'),
          -- When the last held meeting took place, not when someone marked it held (often days later).
          'lastHeldAt', max(m.starts_at) filter (where m.status = 'held'))
        from ${meetings} m where m.relationship_id = ${rel}) as meeting_counts,
      (select coalesce(json_agg(json_build_object('id', ai.id, 'title', ai.title, 'dueOn', ai.due_on,
          'meetingId', ai.meeting_id, 'ownerPersonId', ai.owner_person_id,
          'ownerName', (select o.name from ${people} o where o.id = ai.owner_person_id))
          order by ai.due_on asc nulls last, ai.created_at asc, ai.id asc), '[]')
        from (select * from ${actionItems} ai where ai.relationship_id = ${rel} and ai.done_at is null
          order by ai.due_on asc nulls last, ai.created_at asc, ai.id asc limit ${input.actionItems}) ai
      ) as open_action_items,
      (select json_build_object('open', count(*), 'overdue', count(*) filter (where ai.due_on < ${input.today}::date))
        from ${actionItems} ai where ai.relationship_id = ${rel} and ai.done_at is null) as action_counts,
      (select json_build_object('shared', count(*) filter (where n.visibility = 'shared'),
          'myPrivate', count(*) filter (where n.visibility = 'private'))
        from ${notes} n where ${readable}) as note_counts,
      (select coalesce(json_agg(json_build_object('id', n.id, 'visibility', n.visibility,
          'authorPersonId', n.author_person_id,
          'authorName', (select a.name from ${people} a where a.id = n.author_person_id),
          'excerpt', left(n.body, ${input.excerptChars}), 'length', char_length(n.body), 'meetingId', n.meeting_id,
          'createdAt', n.created_at, 'updatedAt', n.updated_at)
          order by n.created_at desc, n.id desc), '[]')
        from (select * from ${notes} n where ${readable} order by n.created_at desc, n.id desc limit ${input.notes}) n
      ) as recent_notes`);
  const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
  type Stamped<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null };
  const agreement = json<Stamped<
    NonNullable<WorkspaceOverviewFacts['agreement']>,
    'mentorSignedAt' | 'menteeSignedAt' | 'createdAt'
  > | null>(row.agreement);
  const next = json<Stamped<NonNullable<WorkspaceOverviewFacts['nextMeeting']>, 'startsAt'> | null>(
    row.next_meeting,
  );
  const meetingCounts = json<Stamped<WorkspaceOverviewFacts['meetingCounts'], 'lastHeldAt'>>(
    row.meeting_counts,
  );
  const recent = json<Stamped<WorkspaceOverviewFacts['recentNotes'][number], 'createdAt' | 'updatedAt'>[]>(
    row.recent_notes,
  );
  return {
    partner: json<WorkspaceOverviewFacts['partner']>(row.partner),
    profile: json<unknown>(row.profile),
    program: json<WorkspaceOverviewFacts['program']>(row.program),
    agreement: agreement
      ? {
          ...agreement,
          mentorSignedAt: at(agreement.mentorSignedAt),
          menteeSignedAt: at(agreement.menteeSignedAt),
          createdAt: at(agreement.createdAt)!,
        }
      : null,
    goalCounts: json<WorkspaceOverviewFacts['goalCounts']>(row.goal_counts),
    goals: json<OverviewGoal[]>(row.goals),
    nextMeeting: next ? { ...next, startsAt: at(next.startsAt)! } : null,
    meetingCounts: { ...meetingCounts, lastHeldAt: at(meetingCounts.lastHeldAt) },
    openActionItems: json<WorkspaceOverviewFacts['openActionItems']>(row.open_action_items),
    actionCounts: json<WorkspaceOverviewFacts['actionCounts']>(row.action_counts),
    noteCounts: json<WorkspaceOverviewFacts['noteCounts']>(row.note_counts),
    recentNotes: recent.map((note) => ({
      ...note,
      createdAt: at(note.createdAt)!,
      updatedAt: at(note.updatedAt)!,
    })),
  };
}

export interface TimelineRow {
  source: 'workspace' | 'relationship';
  seq: number;
  kind: string;
  summary: string;
  reason: string | null;
  details: unknown;
  fromStatus: string | null;
  toStatus: string | null;
  subjectId: string | null;
  actorPersonId: string | null;
  actorName: string | null;
  at: Date;
}

/**
 * The pair's workspace activity merged with the relationship's status history, newest first (at one instant the
 * workspace's line first, then the later written). One UNION ALL so the page boundaries are right however the two
 * interleave, of each source's newest `offset + limit` lines only (a page can reach no further, and the index on
 * (relationship, created_at) yields them in order: a pair with thousands of lines costs what a new pair does); one
 * statement for the page and the total (joined to the page, so a page past the end still has it), and the actors'
 * names are looked up for the page's rows only, by sub-selects (cheaper to plan than joins).
 */
export async function timeline(
  db: Db,
  organisationId: string,
  relationshipId: string,
  limit: number,
  offset: number,
): Promise<{ rows: TimelineRow[]; total: number }> {
  const reach = offset + limit;
  const result = await db.execute(sql`
    with ws as (
      select 'workspace' as source, wa.id::float8 as seq, wa.kind as kind, wa.summary as summary,
        null::text as reason, null::jsonb as details, null::text as from_status, null::text as to_status,
        wa.subject_id::text as subject_id, wa.actor_person_id as actor_person_id, null::uuid as actor_user_id,
        wa.created_at as created_at
      from workspace_activity wa
      where wa.organisation_id = ${organisationId} and wa.relationship_id = ${relationshipId}
      order by wa.created_at desc, wa.id desc limit ${reach}
    ),
    re as (
      select 'relationship' as source, re.id::float8 as seq, coalesce(re.details->>'kind', 'change') as kind,
        '' as summary, re.reason, re.details, re.from_status, re.to_status,
        null::text as subject_id, null::uuid as actor_person_id, re.actor_user_id, re.created_at
      from relationship_events re
      where re.organisation_id = ${organisationId} and re.relationship_id = ${relationshipId}
      order by re.created_at desc, re.id desc limit ${reach}
    ),
    page as (
      select * from (select * from ws union all select * from re) lines
      order by created_at desc, source desc, seq desc limit ${limit} offset ${offset}
    )
    select c.total, page.source, page.seq, page.kind, page.summary, page.reason, page.details, page.from_status,
      page.to_status, page.subject_id, (extract(epoch from page.created_at) * 1000)::float8 as at_ms,
      case when page.source = 'workspace' then page.actor_person_id::text
        else (select u.person_id::text from users u where u.id = page.actor_user_id) end as actor_person_id,
      case when page.source = 'workspace' then (select p.name from people p where p.id = page.actor_person_id)
        else (select u.name from users u where u.id = page.actor_user_id) end as actor_name
    from (select
        (select count(*) from workspace_activity wa
          where wa.organisation_id = ${organisationId} and wa.relationship_id = ${relationshipId})
        + (select count(*) from relationship_events re
          where re.organisation_id = ${organisationId} and re.relationship_id = ${relationshipId})
        as total) c
    left join page on true
    order by page.created_at desc, page.source desc, page.seq desc`);
  const all = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  const rows = all
    .filter((row) => row.source !== null && row.source !== undefined)
    .map(
      (row): TimelineRow => ({
        source: row.source === 'relationship' ? 'relationship' : 'workspace',
        seq: Number(row.seq),
        kind: String(row.kind),
        summary: String(row.summary ?? ''),
        reason: (row.reason as string | null) ?? null,
        details: typeof row.details === 'string' ? JSON.parse(row.details) : (row.details ?? null),
        fromStatus: (row.from_status as string | null) ?? null,
        toStatus: (row.to_status as string | null) ?? null,
        subjectId: (row.subject_id as string | null) ?? null,
        actorPersonId: (row.actor_person_id as string | null) ?? null,
        actorName: (row.actor_name as string | null) ?? null,
        at: new Date(Number(row.at_ms)),
      }),
    );
  return { rows, total: Number(all[0]?.total ?? 0) };
}
