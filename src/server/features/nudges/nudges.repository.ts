import { and, asc, count, eq, inArray, lte, sql } from 'drizzle-orm';
import type { PlannerRelationship, PlannerRequest } from '../../../core/nudges/planner.ts';
import type { Db } from '../../db/client.ts';
import { programMessageSettings, scheduledMessages } from '../../db/schema.ts';

/**
 * The nudges feature's SQL: its own tables (program_message_settings, scheduled_messages), and read-only, set-based
 * looks at the facts a program's nudges depend on — relationships, meetings, agreements, action items, surveys and
 * the workspace timeline — one statement per kind of fact for a whole program (never one query per pair), like the
 * pair-health facts (relationships/pair-health.repository.ts).
 * TODO (issue 12): move these reads behind the owning features' services when they grow set-based reads.
 */

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

// ── Settings ─────────────────────────────────────────────────────────────────────────────────────────────────────

export async function findProgramSettings(db: Db, programId: string) {
  const rows = await db
    .select()
    .from(programMessageSettings)
    .where(eq(programMessageSettings.programId, programId))
    .limit(1);
  return rows[0] ?? null;
}

export async function saveProgramSettings(
  db: Db,
  input: { organisationId: string; programId: string; nudges: unknown; pausedKinds: string[]; at: Date },
) {
  await db
    .insert(programMessageSettings)
    .values({
      programId: input.programId,
      organisationId: input.organisationId,
      nudges: input.nudges,
      pausedKinds: input.pausedKinds,
      updatedAt: input.at,
    })
    .onConflictDoUpdate({
      target: programMessageSettings.programId,
      set: { nudges: input.nudges, pausedKinds: input.pausedKinds, updatedAt: input.at },
    });
}

// ── What a tick plans for ────────────────────────────────────────────────────────────────────────────────────────

export interface ProgramToPlan {
  id: string;
  organisationId: string;
  name: string;
  meetingCadence: string;
  requestExpiryDays: number;
  relationshipMonths: number;
  endsOn: string | null;
  surveySchedule: unknown;
  nudges: unknown;
  pausedKinds: string[];
}

/**
 * Programs with something to plan: open relationships or requests, relationships that ended since `endedSince`
 * (closing-survey reminders), or scheduled rows still waiting (which may have to be cancelled).
 */
export async function listProgramsToPlan(
  db: Db,
  input: { organisationId: string | null; endedSince: Date; programId?: string },
): Promise<ProgramToPlan[]> {
  const result = await db.execute(sql`
    select p.id, p.organisation_id as "organisationId", p.name, p.meeting_cadence as "meetingCadence",
      p.request_expiry_days as "requestExpiryDays", p.relationship_months as "relationshipMonths",
      p.ends_on::text as "endsOn", p.survey_schedule as "surveySchedule",
      coalesce(m.nudges, '{}'::jsonb) as nudges, coalesce(m.paused_kinds, '{}'::text[]) as "pausedKinds"
    from programs p
    left join program_message_settings m on m.program_id = p.id
    where (${input.organisationId}::uuid is null or p.organisation_id = ${input.organisationId}::uuid)
      and (${input.programId ?? null}::uuid is null or p.id = ${input.programId ?? null}::uuid)
      and (
        exists (select 1 from relationships r where r.program_id = p.id
          and (r.status in ('active', 'proposed')
            or (r.status in ('completed', 'ended_early') and r.ended_at > ${input.endedSince.toISOString()}::timestamptz)))
        or exists (select 1 from scheduled_messages s where s.program_id = p.id and s.status = 'scheduled'))
    order by p.organisation_id, p.id`);
  return rowsOf<ProgramToPlan>(result).map((row) => ({
    ...row,
    requestExpiryDays: Number(row.requestExpiryDays),
    relationshipMonths: Number(row.relationshipMonths),
    pausedKinds: [...(row.pausedKinds ?? [])],
  }));
}

/**
 * Serialise planning of one program for the rest of the transaction; false when another process is planning it
 * right now (it will write the same rows, so this one need not wait).
 */
export async function tryLockProgramPlanning(tx: Db, programId: string): Promise<boolean> {
  const result = await tx.execute(
    sql`select pg_try_advisory_xact_lock(hashtextextended(${`nudges:${programId}`}, 0)) as locked`,
  );
  return Boolean(rowsOf<{ locked: boolean }>(result)[0]?.locked);
}

/** A relationship's facts as the planner reads them, plus the program's values the service needs per pair. */
export type RelationshipFactsRow = Omit<PlannerRelationship, 'plannedEndOn'> & {
  agreementEndDate: string | null;
};

/** The facts of the program's active relationships and of those that ended since `endedSince`, in a few queries. */
export async function relationshipFacts(
  db: Db,
  input: { organisationId: string; programId: string; now: Date; endedSince: Date },
): Promise<RelationshipFactsRow[]> {
  const now = input.now.toISOString();
  const { organisationId, programId } = input;
  const result = await db.execute(sql`
    with rel as (
      select * from relationships
      where organisation_id = ${organisationId} and program_id = ${programId}
        and (status = 'active'
          or (status in ('completed', 'ended_early') and ended_at > ${input.endedSince.toISOString()}::timestamptz))
    )
    select r.id, r.status, r.started_at as "startedAt", r.ended_at as "endedAt", r.origin = 'flash' as flash, r.group_id as "groupId",
      r.mentor_person_id as "mentorId", mp.time_zone as "mentorZone",
      r.mentee_person_id as "menteeId", ep.time_zone as "menteeZone",
      m.last_meeting as "lastMeetingAt", coalesce(m.any_meeting, false) as "hasMeeting",
      wa.last_activity as "lastActivityAt",
      ag.version, ag.created_at as "agreementAt", ag.mentor_signed_at as "mentorSignedAt",
      ag.mentee_signed_at as "menteeSignedAt", ag.content ->> 'endDate' as "agreementEndDate",
      coalesce(sv.check_in, '[]'::json) as "checkInAnsweredBy", coalesce(sv.closing, '[]'::json) as "closingAnsweredBy"
    from rel r
    join people mp on mp.id = r.mentor_person_id
    join people ep on ep.id = r.mentee_person_id
    left join (
      select relationship_id,
        max(case when status = 'held' then coalesce(held_at, starts_at)
                 when status = 'scheduled' and starts_at <= ${now}::timestamptz then starts_at end) as last_meeting,
        bool_or(status in ('held', 'scheduled')) as any_meeting
      from meetings where relationship_id in (select id from rel) group by relationship_id
    ) m on m.relationship_id = r.id
    left join (
      select relationship_id, max(created_at) as last_activity
      from workspace_activity where relationship_id in (select id from rel) group by relationship_id
    ) wa on wa.relationship_id = r.id
    left join lateral (
      select version, created_at, mentor_signed_at, mentee_signed_at, content from agreement_versions
      where relationship_id = r.id order by version desc limit 1
    ) ag on true
    left join (
      select relationship_id,
        json_agg(person_id::text) filter (where kind = 'check_in') as check_in,
        json_agg(person_id::text) filter (where kind = 'closing') as closing
      from survey_responses where relationship_id in (select id from rel) group by relationship_id
    ) sv on sv.relationship_id = r.id
    order by r.id`);
  const rows = rowsOf<Record<string, unknown>>(result);
  const ids = rows.map((row) => String(row.id));
  const [meetings, items, sent] = await Promise.all([
    upcomingMeetings(db, organisationId, ids, input.now),
    openActionItems(db, organisationId, ids),
    sentAnchors(db, programId),
  ]);
  const json = (v: unknown): string[] => (typeof v === 'string' ? JSON.parse(v) : ((v as string[]) ?? []));
  return rows.map((row) => {
    const id = String(row.id);
    const version = row.version === null || row.version === undefined ? null : Number(row.version);
    const startedAt = date(row.startedAt) ?? input.now;
    return {
      id,
      groupId: row.groupId ? String(row.groupId) : null,
      status: row.status as PlannerRelationship['status'],
      startedAt,
      endedAt: date(row.endedAt),
      mentor: {
        id: String(row.mentorId),
        timeZone: (row.mentorZone as string) ?? null,
      },
      mentee: {
        id: String(row.menteeId),
        timeZone: (row.menteeZone as string) ?? null,
      },
      lastMeetingAt: date(row.lastMeetingAt),
      hasMeeting: Boolean(row.hasMeeting),
      upcomingMeetings: meetings.get(id) ?? [],
      lastActivityAt: date(row.lastActivityAt),
      // Never saved: the template is ready to sign from the start (version 0).
      agreement:
        version === null
          ? { version: 0, proposedAt: startedAt, mentorSigned: false, menteeSigned: false }
          : {
              version,
              proposedAt: date(row.agreementAt) ?? startedAt,
              mentorSigned: row.mentorSignedAt !== null && row.mentorSignedAt !== undefined,
              menteeSigned: row.menteeSignedAt !== null && row.menteeSignedAt !== undefined,
            },
      agreementEndDate:
        typeof row.agreementEndDate === 'string' && row.agreementEndDate ? row.agreementEndDate : null,
      openActionItems: items.get(id) ?? [],
      checkInAnsweredBy: json(row.checkInAnsweredBy),
      closingAnsweredBy: json(row.closingAnsweredBy),
      quietNudgesSent: sent.get(`quiet_pair:${id}`) ?? [],
      inactiveWarningsSent: sent.get(`inactive_warning:${id}`) ?? [],
      flash: row.flash === true,
    };
  });
}

function uuidList(ids: readonly string[]) {
  return sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
}

async function upcomingMeetings(db: Db, organisationId: string, relationshipIds: string[], now: Date) {
  const byRelationship = new Map<string, PlannerRelationship['upcomingMeetings']>();
  if (relationshipIds.length === 0) return byRelationship;
  const result = await db.execute(sql`
    select relationship_id as "relationshipId", id, starts_at as "startsAt", updated_at as "updatedAt",
      group_meeting_id as "groupMeetingId"
    from meetings
    where organisation_id = ${organisationId} and status = 'scheduled' and starts_at > ${now.toISOString()}::timestamptz
      and relationship_id in (${uuidList(relationshipIds)})
    order by starts_at, id`);
  for (const row of rowsOf<Record<string, unknown>>(result)) {
    const list = byRelationship.get(String(row.relationshipId)) ?? [];
    list.push({
      id: String(row.id),
      startsAt: date(row.startsAt)!,
      scheduledAt: date(row.updatedAt)!,
      groupMeetingId: row.groupMeetingId ? String(row.groupMeetingId) : null,
    });
    byRelationship.set(String(row.relationshipId), list);
  }
  return byRelationship;
}

async function openActionItems(db: Db, organisationId: string, relationshipIds: string[]) {
  const byRelationship = new Map<string, PlannerRelationship['openActionItems']>();
  if (relationshipIds.length === 0) return byRelationship;
  const result = await db.execute(sql`
    select relationship_id as "relationshipId", id, due_on::text as "dueOn", owner_person_id as "ownerPersonId"
    from action_items
    where organisation_id = ${organisationId} and done_at is null and due_on is not null
      and relationship_id in (${uuidList(relationshipIds)})
    order by due_on, id`);
  for (const row of rowsOf<Record<string, unknown>>(result)) {
    const list = byRelationship.get(String(row.relationshipId)) ?? [];
    list.push({
      id: String(row.id),
      dueOn: String(row.dueOn),
      ownerPersonId: (row.ownerPersonId as string) ?? null,
    });
    byRelationship.set(String(row.relationshipId), list);
  }
  return byRelationship;
}

/** When quiet-pair nudges and inactivity warnings were sent, per relationship and anchor (the earliest send). */
async function sentAnchors(db: Db, programId: string) {
  const result = await db.execute(sql`
    select kind, relationship_id as "relationshipId", payload ->> 'anchor' as anchor, min(sent_at) as "sentAt"
    from scheduled_messages
    where program_id = ${programId} and status = 'sent' and kind in ('quiet_pair', 'inactive_warning')
      and payload ->> 'anchor' is not null
    group by kind, relationship_id, payload ->> 'anchor'`);
  const byKey = new Map<string, { anchor: string; sentAt: Date }[]>();
  for (const row of rowsOf<Record<string, unknown>>(result)) {
    const key = `${row.kind}:${row.relationshipId}`;
    const list = byKey.get(key) ?? [];
    list.push({ anchor: String(row.anchor), sentAt: date(row.sentAt)! });
    byKey.set(key, list);
  }
  return byKey;
}

/** The program's requests waiting for their mentor's answer. */
export async function pendingRequests(
  db: Db,
  organisationId: string,
  programId: string,
): Promise<PlannerRequest[]> {
  const result = await db.execute(sql`
    select r.id, r.created_at as "createdAt", r.expires_at as "expiresAt", r.mentor_person_id as "mentorId",
      mp.time_zone as "mentorZone"
    from relationships r
    join people mp on mp.id = r.mentor_person_id
    where r.organisation_id = ${organisationId} and r.program_id = ${programId}
      and r.status = 'proposed' and r.origin = 'request'
    order by r.id`);
  return rowsOf<Record<string, unknown>>(result).map((row) => ({
    id: String(row.id),
    createdAt: date(row.createdAt)!,
    expiresAt: date(row.expiresAt),
    mentor: {
      id: String(row.mentorId),
      timeZone: (row.mentorZone as string) ?? null,
    },
  }));
}

// ── Scheduled messages ───────────────────────────────────────────────────────────────────────────────────────────

export type ScheduledRow = typeof scheduledMessages.$inferSelect;
export type NewScheduledRow = typeof scheduledMessages.$inferInsert;

/** The program's rows still waiting to go out. */
export async function waitingRows(db: Db, programId: string) {
  return db
    .select({
      id: scheduledMessages.id,
      causeKey: scheduledMessages.causeKey,
      kind: scheduledMessages.kind,
      relationshipId: scheduledMessages.relationshipId,
    })
    .from(scheduledMessages)
    .where(and(eq(scheduledMessages.programId, programId), eq(scheduledMessages.status, 'scheduled')))
    .orderBy(asc(scheduledMessages.id));
}

/**
 * Insert planned causes; a cause already known keeps its row. One not sent yet takes the new times, reason and
 * payload (settings or a time zone changed), and one cancelled earlier is scheduled again (its kind was switched
 * back on, or its cause came back). A sent row is never touched: each cause is sent once. Returns rows written.
 */
export async function upsertPlanned(tx: Db, rows: NewScheduledRow[], now: Date): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += 500) {
    const batch = rows.slice(start, start + 500);
    const result = await tx
      .insert(scheduledMessages)
      .values(batch)
      .onConflictDoUpdate({
        target: [scheduledMessages.organisationId, scheduledMessages.causeKey],
        set: {
          dueAt: sql`excluded.due_at`,
          sendAt: sql`excluded.send_at`,
          reason: sql`excluded.reason`,
          payload: sql`excluded.payload`,
          status: 'scheduled',
          cancelReason: null,
          updatedAt: now,
        },
        setWhere: sql`${scheduledMessages.status} <> 'sent' and (${scheduledMessages.status} = 'cancelled'
          or ${scheduledMessages.dueAt} is distinct from excluded.due_at
          or ${scheduledMessages.sendAt} is distinct from excluded.send_at
          or ${scheduledMessages.reason} is distinct from excluded.reason
          or ${scheduledMessages.payload} is distinct from excluded.payload)`,
      })
      .returning({ id: scheduledMessages.id });
    written += result.length;
  }
  return written;
}

/** Cancel waiting rows, with the reason staff read. */
export async function cancelRows(tx: Db, ids: string[], reason: string, now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await tx
    .update(scheduledMessages)
    .set({ status: 'cancelled', cancelReason: reason, updatedAt: now })
    .where(and(inArray(scheduledMessages.id, ids), eq(scheduledMessages.status, 'scheduled')))
    .returning({ id: scheduledMessages.id });
  return result.length;
}

/** Cancel a program's waiting rows of some kinds (staff switched them off). */
export async function cancelKinds(tx: Db, programId: string, kinds: string[], reason: string, now: Date) {
  if (kinds.length === 0) return 0;
  const result = await tx
    .update(scheduledMessages)
    .set({ status: 'cancelled', cancelReason: reason, updatedAt: now })
    .where(
      and(
        eq(scheduledMessages.programId, programId),
        eq(scheduledMessages.status, 'scheduled'),
        inArray(scheduledMessages.kind, kinds),
      ),
    )
    .returning({ id: scheduledMessages.id });
  return result.length;
}

export interface DueRow {
  id: string;
  organisationId: string;
  organisationName: string;
  programId: string;
  programName: string;
  relationshipId: string | null;
  kind: string;
  causeKey: string;
  recipientPersonId: string | null;
  dueAt: Date;
  payload: Record<string, string | number | null>;
  /** The pair (or the request's two people) as the directory names them now. */
  mentorPersonId: string | null;
  mentorName: string;
  menteePersonId: string | null;
  menteeName: string;
  /** The meeting's or action item's title, and the meeting's place, as they are now (the pair's content). */
  subjectTitle: string | null;
  location: string | null;
  videoUrl: string | null;
}

/**
 * Claim due rows for the caller's transaction (FOR UPDATE SKIP LOCKED: another process never takes the same row,
 * and once this transaction commits they are sent). Rows of a kind paused for their program stay where they are.
 */
export async function claimDueRows(
  tx: Db,
  input: { organisationId: string | null; now: Date; limit: number },
): Promise<DueRow[]> {
  const result = await tx.execute(sql`
    select s.id, s.organisation_id as "organisationId", o.name as "organisationName", s.program_id as "programId",
      p.name as "programName", s.relationship_id as "relationshipId", s.kind, s.cause_key as "causeKey",
      s.recipient_person_id as "recipientPersonId", s.due_at as "dueAt", s.payload,
      r.mentor_person_id as "mentorPersonId", mp.name as "mentorName",
      r.mentee_person_id as "menteePersonId", ep.name as "menteeName",
      coalesce(m.title, a.title) as "subjectTitle", m.location, m.video_url as "videoUrl"
    from scheduled_messages s
    join programs p on p.id = s.program_id
    join organisations o on o.id = s.organisation_id
    left join relationships r on r.id = s.relationship_id
    left join people mp on mp.id = r.mentor_person_id
    left join people ep on ep.id = r.mentee_person_id
    left join meetings m on s.kind = 'meeting_reminder' and m.id = (s.payload ->> 'meetingId')::uuid
    left join action_items a on s.kind = 'action_item_overdue' and a.id = (s.payload ->> 'itemId')::uuid
    where s.status = 'scheduled' and s.send_at <= ${input.now.toISOString()}::timestamptz
      and (${input.organisationId}::uuid is null or s.organisation_id = ${input.organisationId}::uuid)
      and not exists (
        select 1 from program_message_settings m where m.program_id = s.program_id
          and (case when s.kind = 'inactive_warning' then 'inactive_closure' else s.kind end) = any(m.paused_kinds))
    order by s.send_at, s.id
    limit ${input.limit}
    for update of s skip locked`);
  return rowsOf<Record<string, unknown>>(result).map((row) => ({
    id: String(row.id),
    organisationId: String(row.organisationId),
    organisationName: String(row.organisationName),
    programId: String(row.programId),
    programName: String(row.programName),
    relationshipId: (row.relationshipId as string) ?? null,
    kind: String(row.kind),
    causeKey: String(row.causeKey),
    recipientPersonId: (row.recipientPersonId as string) ?? null,
    dueAt: date(row.dueAt)!,
    payload: (typeof row.payload === 'string'
      ? JSON.parse(row.payload)
      : (row.payload ?? {})) as DueRow['payload'],
    mentorPersonId: (row.mentorPersonId as string) ?? null,
    mentorName: String(row.mentorName ?? 'your mentor'),
    menteePersonId: (row.menteePersonId as string) ?? null,
    menteeName: String(row.menteeName ?? 'your mentee'),
    subjectTitle: (row.subjectTitle as string) ?? null,
    location: (row.location as string) ?? null,
    videoUrl: (row.videoUrl as string) ?? null,
  }));
}

export async function markRowsSent(tx: Db, ids: string[], now: Date) {
  if (ids.length === 0) return;
  await tx
    .update(scheduledMessages)
    .set({ status: 'sent', sentAt: now, updatedAt: now })
    .where(inArray(scheduledMessages.id, ids));
}

/** The program's staff who hear of escalations: its active coordinators, or the organisation's admins if none. */
export async function escalationRecipients(db: Db, organisationId: string, programId: string) {
  const result = await db.execute(sql`
    with coordinators as (
      select u.id, u.person_id, u.email, u.name from users u
      join program_coordinators c on c.user_id = u.id
      where c.program_id = ${programId} and u.organisation_id = ${organisationId} and u.status = 'active'
    )
    select id as "userId", person_id as "personId", email, name from coordinators
    union all
    select u.id, u.person_id, u.email, u.name from users u
    where u.organisation_id = ${organisationId} and u.role = 'admin' and u.status = 'active'
      and not exists (select 1 from coordinators)
    order by 1`);
  return rowsOf<{ userId: string; personId: string | null; email: string; name: string }>(result);
}

// ── The staff's view ─────────────────────────────────────────────────────────────────────────────────────────────

export interface ScheduledViewRow {
  id: string;
  kind: string;
  recipientName: string | null;
  /** The pair's names, for rows addressed to both (a closure). */
  pairNames: string | null;
  relationshipId: string | null;
  dueAt: Date;
  sendAt: Date;
  reason: string;
}

/** A program's waiting rows due to go out before `until`, soonest first. */
export async function listWaiting(
  db: Db,
  input: { programId: string; until: Date; kinds: string[] | null; limit: number; offset: number },
): Promise<{ rows: ScheduledViewRow[]; total: number }> {
  const where = and(
    eq(scheduledMessages.programId, input.programId),
    eq(scheduledMessages.status, 'scheduled'),
    lte(scheduledMessages.sendAt, input.until),
    input.kinds ? inArray(scheduledMessages.kind, input.kinds.length > 0 ? input.kinds : ['-']) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: scheduledMessages.id,
        kind: scheduledMessages.kind,
        recipientName: sql<
          string | null
        >`(select name from people where people.id = ${scheduledMessages.recipientPersonId})`,
        pairNames: sql<string | null>`(select mp.name || ' and ' || ep.name from relationships r
          join people mp on mp.id = r.mentor_person_id join people ep on ep.id = r.mentee_person_id
          where r.id = ${scheduledMessages.relationshipId})`,
        relationshipId: scheduledMessages.relationshipId,
        dueAt: scheduledMessages.dueAt,
        sendAt: scheduledMessages.sendAt,
        reason: scheduledMessages.reason,
      })
      .from(scheduledMessages)
      .where(where)
      .orderBy(asc(scheduledMessages.sendAt), asc(scheduledMessages.id))
      .limit(input.limit)
      .offset(input.offset),
    db.select({ total: count() }).from(scheduledMessages).where(where),
  ]);
  return {
    rows,
    total: totals[0]?.total ?? 0,
  };
}

/**
 * Escalations sent since `since` per program whose pair is still active and still quiet: no meeting was scheduled
 * or held since the escalation went out. (Reads the meetings and relationships tables: the staff home's need.)
 */
export async function countOpenEscalations(
  db: Db,
  organisationId: string,
  programIds: readonly string[],
  since: Date,
) {
  if (programIds.length === 0) return [];
  const ids = sql.join(
    programIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await db.execute(sql`
    select s.program_id as "programId", count(distinct s.relationship_id)::int as "count",
      min(s.sent_at) as "oldest"
    from scheduled_messages s
    join relationships r on r.id = s.relationship_id and r.status = 'active'
    where s.organisation_id = ${organisationId} and s.program_id in (${ids})
      and s.kind = 'escalation' and s.status = 'sent' and s.sent_at >= ${since}
      and not exists (
        select 1 from meetings m
        where m.relationship_id = s.relationship_id and m.status in ('scheduled', 'held')
          and (m.created_at >= s.sent_at or m.held_at >= s.sent_at))
    group by s.program_id`);
  return (
    result as unknown as { rows: { programId: string; count: number; oldest: Date | string }[] }
  ).rows.map((row) => ({ programId: row.programId, count: Number(row.count), oldest: new Date(row.oldest) }));
}
