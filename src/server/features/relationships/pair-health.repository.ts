import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * The facts of pair health (decision 018) for every active relationship of a program, in one query: each pair's
 * row of `pair_health_facts`, which the database keeps up to date from the workspace's tables (migration 0013,
 * decision 037). What depends on the clock is counted here from the times kept: the next meeting (the first
 * scheduled start after now), the meetings planned by now (held, cancelled, no-show, and scheduled ones that have
 * started) and the overdue action items (open, due before today). Metadata only — counts, dates, ratings,
 * percentages — never a note body, agreement text or goal title.
 */
export interface PairHealthRow {
  id: string;
  menteePersonId: string;
  startedAt: Date;
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
  const today = now.toISOString().slice(0, 10);
  // One text holding the program's pairs as JSON arrays, each rendered by the database when its facts changed
  // (`facts`, migration 0014): PGlite's cost per returned cell (about 1 µs) made 281 rows of 18 columns cost twice the
  // statement itself, and rendering them as JSON on each read cost 1.4 ms of 1.9. The positions are those of `Pair`
  // below. A pair without its row yet (none is expected: the insert trigger writes it) reads as having no facts.
  // Names are not here: looking up two people per pair cost as much as the rest, and a page shows 25 (`pairNames`).
  const result = await db.execute(sql`
    select coalesce(string_agg(coalesce(f.facts, json_build_array(r.id, r.mentee_person_id, r.started_at)::text), ','), '') as pairs
    from relationships r
    left join pair_health_facts f on f.relationship_id = r.id
    where r.organisation_id = ${organisationId} and r.program_id = ${programId} and r.status = 'active'
  `);
  type Pair = [
    id: string,
    menteePersonId: string,
    startedAt: string | null,
    lastHeldAt: string | null,
    scheduledStarts: string[] | null,
    meetingsHeld: number | null,
    meetingsClosed: number | null,
    lastActivityAt: string | null,
    agreementStatus: PairHealthRow['agreementStatus'] | null,
    goalProgress: number | null,
    lastRating: number | null,
    checkInAnswers: number | null,
    checkInFit: number | null,
    rematchRequested: boolean | null,
    openActionItems: number | null,
    openActionItemDues: string[] | null,
  ];
  const [first] = (result as unknown as { rows: { pairs: unknown }[] }).rows;
  const pairs = JSON.parse(`[${String(first?.pairs ?? '')}]`) as Pair[];
  const at = now.getTime();
  return pairs.map(
    ([
      id,
      menteePersonId,
      startedAt,
      lastHeld,
      starts,
      held,
      closed,
      lastActivity,
      agreement,
      progress,
      rating,
      answers,
      fit,
      rematch,
      open,
      dues,
    ]) => {
      // What depends on the clock, counted from the times kept.
      const scheduled = (starts ?? []).map((v) => new Date(v).getTime());
      const nextAt = Math.min(...scheduled.filter((t) => t > at));
      return {
        id,
        menteePersonId,
        startedAt: date(startedAt) ?? now,
        lastMeetingHeldAt: date(lastHeld),
        nextMeetingAt: Number.isFinite(nextAt) ? new Date(nextAt) : null,
        meetingsHeld: held ?? 0,
        meetingsPlanned: (closed ?? 0) + scheduled.filter((t) => t <= at).length,
        lastActivityAt: date(lastActivity),
        agreementStatus: agreement ?? 'none',
        goalProgress: num(progress),
        lastRating: num(rating),
        checkInAnswers: answers ?? 0,
        checkInFit: num(fit),
        rematchRequested: rematch ?? false,
        openActionItems: open ?? 0,
        overdueActionItems: (dues ?? []).filter((due) => due < today).length,
      };
    },
  );
}

/** The mentor's and mentee's names of the given relationships of the organisation. */
export async function pairNames(
  db: Db,
  organisationId: string,
  relationshipIds: readonly string[],
): Promise<Map<string, { mentorName: string; menteeName: string }>> {
  const names = new Map<string, { mentorName: string; menteeName: string }>();
  if (relationshipIds.length === 0) return names;
  const result = await db.execute(sql`
    select coalesce(json_agg(json_build_array(r.id, mp.name, ep.name)), '[]') as names
    from relationships r
    join people mp on mp.id = r.mentor_person_id
    join people ep on ep.id = r.mentee_person_id
    where r.organisation_id = ${organisationId}
      and r.id = any(${`{${relationshipIds.join(',')}}`}::uuid[])
  `);
  const [first] = (result as unknown as { rows: { names: unknown }[] }).rows;
  const rows = (typeof first?.names === 'string' ? JSON.parse(first.names) : (first?.names ?? [])) as [
    string,
    string,
    string,
  ][];
  for (const [id, mentorName, menteeName] of rows) names.set(id, { mentorName, menteeName });
  return names;
}
