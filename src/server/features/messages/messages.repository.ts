import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * Reads for the weekly staff digest. The messages feature owns no table: these are read-only looks at other
 * features' tables, gathered per program in one set-based query each (like the pair-health facts).
 * TODO: move behind the owning features' services when they grow such reads.
 */

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Accounts that run programs: active admins, and active coordinators of a program. */
export async function staffAccounts(db: Db) {
  const result = await db.execute(sql`
    select u.id as "userId", u.organisation_id as "organisationId", u.role, u.person_id as "personId",
      u.email, u.name, p.time_zone as "timeZone", o.name as "organisationName"
    from users u
    join organisations o on o.id = u.organisation_id
    left join people p on p.id = u.person_id
    where u.status = 'active'
      and (u.role = 'admin' or exists (select 1 from program_coordinators c where c.user_id = u.id))
    order by u.organisation_id, u.id`);
  return rowsOf<{
    userId: string;
    organisationId: string;
    role: 'admin' | 'member';
    personId: string | null;
    email: string;
    name: string;
    timeZone: string | null;
    organisationName: string;
  }>(result);
}

export interface ProgramWeek {
  programId: string;
  newPairs: number;
  escalations: number;
  ratings: number;
  meanRating: number | null;
  checkIns: number;
  rematchWishes: number;
  digestEnabled: boolean;
}

/** What happened in each program since `since`: new pairs, escalations, meeting ratings, check-ins answered. */
export async function programWeeks(
  db: Db,
  organisationId: string,
  programIds: readonly string[],
  since: Date,
) {
  if (programIds.length === 0) return new Map<string, ProgramWeek>();
  const ids = sql.join(
    programIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await db.execute(sql`
    select p.id as "programId",
      (select count(*)::int from relationships r
        where r.program_id = p.id and r.started_at >= ${since}) as "newPairs",
      (select count(*)::int from scheduled_messages s
        where s.program_id = p.id and s.kind = 'escalation' and s.status = 'sent' and s.sent_at >= ${since})
        as "escalations",
      (select count(*)::int from meeting_feedback f where f.program_id = p.id and f.created_at >= ${since})
        as "ratings",
      (select avg(f.rating)::float8 from meeting_feedback f where f.program_id = p.id and f.created_at >= ${since})
        as "meanRating",
      (select count(*)::int from survey_responses v
        where v.program_id = p.id and v.kind = 'check_in' and v.created_at >= ${since}) as "checkIns",
      (select count(*)::int from survey_responses v
        where v.program_id = p.id and v.rematch_requested and v.created_at >= ${since}) as "rematchWishes",
      coalesce((select coalesce((m.nudges -> 'staff_digest' ->> 'enabled')::boolean, true)
          and not ('staff_digest' = any(m.paused_kinds))
        from program_message_settings m where m.program_id = p.id), true) as "digestEnabled"
    from programs p
    where p.organisation_id = ${organisationId} and p.id in (${ids})`);
  return new Map(rowsOf<ProgramWeek>(result).map((row) => [row.programId, row]));
}

/** When this address last got a staff digest (the outbox remembers). */
export async function lastStaffDigestTo(
  db: Db,
  organisationId: string,
  address: string,
): Promise<Date | null> {
  const result = await db.execute(sql`
    select max(created_at) as "at" from outbox
    where organisation_id = ${organisationId} and kind = 'staff_digest' and lower(to_address) = lower(${address})`);
  const at = rowsOf<{ at: Date | string | null }>(result)[0]?.at;
  return at ? new Date(at) : null;
}

/** Serialise digests for one account across processes for the rest of the transaction. */
export async function lockStaffDigest(tx: Db, userId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`staff_digest:${userId}`}, 0))`);
}
