import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * Reads for a program's launch email: who of the directory would get it, with what decides it — their account,
 * their enrolment in the program, whether they got it already, their choice for enrolment messages. Read-only looks
 * at other features' tables (people, users, enrolments, notifications, message settings), set-based; the messages
 * feature owns no table.
 */

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export interface LaunchCandidateRow {
  personId: string;
  name: string;
  email: string;
  status: string;
  /** The status of the account tied to the person in this organisation, if any. */
  accountStatus: string | null;
  enrolled: boolean;
  alreadySent: boolean;
  /** Their choice for enrolment messages (null: the default). */
  channel: string | null;
}

/** The dedupe keys of a program's launch notices start so; the rest names the person and the send. */
export function launchKeyPrefix(programId: string): string {
  return `program-launch:${programId}:`;
}

/**
 * The people of the organisation an audience names, with what decides whether they get the launch email: all active
 * people, those of some departments and levels, or those holding some addresses (lower case; any status). Ordered
 * by id; `afterId` and `limit` read them a slice at a time.
 */
export async function launchCandidates(
  db: Db,
  input: {
    organisationId: string;
    programId: string;
    audience:
      | { kind: 'everyone' }
      | { kind: 'directory'; departments: readonly string[]; levels: readonly number[] }
      | { kind: 'emails'; emails: readonly string[] };
    afterId?: string;
    limit?: number;
  },
): Promise<LaunchCandidateRow[]> {
  const { audience } = input;
  const filters: SQL[] = [sql`p.organisation_id = ${input.organisationId}`];
  if (audience.kind === 'emails') {
    if (audience.emails.length === 0) return [];
    filters.push(
      sql`lower(p.email) = any(${sql.raw('array[')}${sql.join(
        audience.emails.map((email) => sql`${email}`),
        sql`, `,
      )}${sql.raw(']::text[]')})`,
    );
  } else {
    filters.push(sql`p.status = 'active'`);
    if (audience.kind === 'directory') {
      if (audience.departments.length > 0)
        filters.push(
          sql`p.department in (${sql.join(
            audience.departments.map((department) => sql`${department}`),
            sql`, `,
          )})`,
        );
      if (audience.levels.length > 0)
        filters.push(
          sql`p.level in (${sql.join(
            audience.levels.map((level) => sql`${level}`),
            sql`, `,
          )})`,
        );
    }
  }
  if (input.afterId) filters.push(sql`p.id > ${input.afterId}`);
  const prefix = `${launchKeyPrefix(input.programId)}%`;
  const result = await db.execute(sql`
    select p.id as "personId", p.name, p.email, p.status,
      (select u.status from users u where u.organisation_id = p.organisation_id and u.person_id = p.id
        order by (u.status = 'active') desc limit 1) as "accountStatus",
      exists (select 1 from enrolments e where e.program_id = ${input.programId} and e.person_id = p.id
        and e.status in ('pending_approval', 'approved', 'waitlisted')) as "enrolled",
      exists (select 1 from notifications n where n.person_id = p.id and n.organisation_id = p.organisation_id
        and n.kind = 'program_launch' and n.dedupe_key like ${prefix}) as "alreadySent",
      (select m.channels ->> 'enrolment' from message_settings m where m.person_id = p.id) as "channel"
    from people p
    where ${sql.join(filters, sql` and `)}
    order by p.id
    ${input.limit ? sql`limit ${input.limit}` : sql``}`);
  return rowsOf<LaunchCandidateRow>(result);
}

/** How many people got the program's launch email, and when (and by whom) it was last sent. */
export async function launchSent(db: Db, input: { organisationId: string; programId: string }) {
  const prefix = `${launchKeyPrefix(input.programId)}%`;
  const told = await db.execute(sql`
    select count(distinct n.person_id)::int as "sentTo"
    from notifications n
    where n.organisation_id = ${input.organisationId} and n.kind = 'program_launch' and n.dedupe_key like ${prefix}`);
  const last = await db.execute(sql`
    select a.created_at as "at", u.name as "by"
    from audit_log a left join users u on u.id = a.actor_user_id
    where a.organisation_id = ${input.organisationId} and a.action = 'program.launch_email_sent'
      and a.target_type = 'program' and a.target_id = ${input.programId}
    order by a.created_at desc, a.id desc limit 1`);
  const [count] = rowsOf<{ sentTo: number }>(told);
  const [latest] = rowsOf<{ at: Date | string; by: string | null }>(last);
  return {
    sentTo: Number(count?.sentTo ?? 0),
    lastSentAt: latest ? new Date(latest.at) : null,
    lastSentBy: latest?.by ?? null,
  };
}
