import { sql } from 'drizzle-orm';
import type { DemoEvent, DemoLeaver, HistoryPerson } from '../../../core/people/demo-history.ts';
import type { Demographics } from '../../../core/people/import-rows.ts';
import type { Db } from '../../db/client.ts';

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * Everyone in the organisation, with the day they first started a mentoring relationship (as mentor or mentee) and,
 * for someone already inactive, the day their last relationship ended.
 */
export async function historyPeople(db: Db, organisationId: string): Promise<HistoryPerson[]> {
  const rows = rowsOf<{
    id: string;
    level: number | null;
    hire_date: string | null;
    started_on: string | null;
    left_after: string | null;
  }>(
    await db.execute(sql`
      with mentoring as (
        select person_id, min(started_at) as first_start, max(coalesce(ended_at, started_at)) as last_end
        from (
          select mentor_person_id as person_id, started_at, ended_at from relationships
          where organisation_id = ${organisationId} and started_at is not null
          union all
          select mentee_person_id, started_at, ended_at from relationships
          where organisation_id = ${organisationId} and started_at is not null
        ) r
        group by person_id
      )
      select p.id, p.level, p.hire_date::text as hire_date,
        (m.first_start at time zone 'UTC')::date::text as started_on,
        case when p.status <> 'active' then (m.last_end at time zone 'UTC')::date::text end as left_after
      from people p left join mentoring m on m.person_id = p.id
      where p.organisation_id = ${organisationId} order by p.email`),
  );
  return rows.map((r) => ({
    id: r.id,
    level: r.level,
    hireDate: r.hire_date,
    startedOn: r.started_on,
    leftAfter: r.left_after,
  }));
}

/** Former employees, inactive, with no account; returns key → id. */
export async function insertLeavers(
  db: Db,
  organisationId: string,
  leavers: Omit<DemoLeaver, 'exitOn'>[],
  now: Date,
): Promise<Map<string, string>> {
  if (leavers.length === 0) return new Map();
  const records = JSON.stringify(
    leavers.map((l) => ({
      key: l.key,
      email: l.email,
      name: l.name,
      title: l.title,
      department: l.department,
      job_function: l.jobFunction,
      level: l.level,
      location: l.location,
      time_zone: l.timeZone,
      hire_date: l.hireDate,
    })),
  );
  const rows = rowsOf<{ id: string; hris_id: string }>(
    await db.execute(sql`
      insert into people (organisation_id, hris_id, email, name, title, department, job_function, level, location,
        time_zone, hire_date, status, created_at, updated_at)
      select ${organisationId}::uuid, t.key, t.email, t.name, t.title, t.department, t.job_function, t.level,
        t.location, t.time_zone, t.hire_date, 'inactive', ${now.toISOString()}::timestamptz,
        ${now.toISOString()}::timestamptz
      from json_to_recordset(${records}::json) as t (key text, email text, name text, title text, department text,
        job_function text, level integer, location text, time_zone text, hire_date date)
      returning id, hris_id`),
  );
  return new Map(rows.map((r) => [r.hris_id, r.id]));
}

export async function insertDemoCareerEvents(
  db: Db,
  organisationId: string,
  events: (DemoEvent & { personId: string })[],
  now: Date,
) {
  if (events.length === 0) return;
  const records = JSON.stringify(
    events.map((e) => ({
      person_id: e.personId,
      kind: e.kind,
      effective_on: e.effectiveOn,
      exit_type: e.exitType,
      from_value: e.fromValue,
      to_value: e.toValue,
    })),
  );
  await db.execute(sql`
    insert into career_events (organisation_id, person_id, kind, effective_on, exit_type, from_value, to_value,
      source, created_at)
    select ${organisationId}::uuid, t.person_id, t.kind, t.effective_on, t.exit_type, t.from_value, t.to_value,
      'demo', ${now.toISOString()}::timestamptz
    from json_to_recordset(${records}::json)
      as t (person_id uuid, kind text, effective_on date, exit_type text, from_value text, to_value text)`);
}

export async function setDemographics(
  db: Db,
  organisationId: string,
  answers: { personId: string; demographics: Demographics }[],
) {
  if (answers.length === 0) return;
  const records = JSON.stringify(answers.map((a) => ({ id: a.personId, demographics: a.demographics })));
  await db.execute(sql`
    update people p set demographics = t.demographics
    from json_to_recordset(${records}::json) as t (id uuid, demographics jsonb)
    where p.id = t.id and p.organisation_id = ${organisationId}`);
}
