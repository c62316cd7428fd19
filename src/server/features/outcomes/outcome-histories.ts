/**
 * Each person's history for the outcome statistics (decision 018, "Service and page"), built in memory from the
 * directory and the HRIS career events: employment spans from the first hire through exits and rehires, promotion
 * dates, and the level held over time. Pure: the rows come in, the histories go out.
 */
import type { ParticipantStart, PersonHistory } from '../../../core/analytics/comparison-groups.ts';
import type { CareerEventRow, DirectoryRow, StartRow } from './outcomes.repository.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days already read, as epoch ms (five years of HRIS history hold fewer than 2,000 distinct days). */
const dayCache = new Map<string, number>();

/** A YYYY-MM-DD day as midnight UTC (read once per distinct day: 50,000 people's histories parse many). */
export function dayStart(day: string): Date {
  let ms = dayCache.get(day);
  if (ms === undefined) {
    ms = new Date(`${day}T00:00:00.000Z`).getTime();
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(day, ms);
  }
  return new Date(ms);
}

function levelOf(text: string | null): number | null {
  if (text === null) return null;
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

export interface Histories {
  population: PersonHistory[];
  /** People for whom neither a hire date nor a hire event is known: no employment can be built. */
  withoutHire: Set<string>;
}

/**
 * The histories of everyone in the directory. Employment starts at `people.hire_date` (else the first hire event);
 * an exit closes the span in force and a later hire (rehire) opens a new one. Someone who left (status inactive or
 * erased) with no exit event is taken to have left the day their record last changed, when they were deactivated.
 * Promotions are the `promotion` events; the level history is the level before the first level event (its
 * `from_value`, from the hire on) then each `promotion` / `level_change` event's `to_value`.
 */
export function buildHistories(
  directory: readonly DirectoryRow[],
  events: readonly CareerEventRow[],
): Histories {
  const byPerson = new Map<string, CareerEventRow[]>();
  for (const event of events) {
    const list = byPerson.get(event.personId);
    if (list) list.push(event);
    else byPerson.set(event.personId, [event]);
  }
  const population: PersonHistory[] = [];
  const withoutHire = new Set<string>();
  // By person id: the comparison groups list their members in that order, and a sorted population saves the sort.
  const byId = [...directory].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const person of byId) {
    const own = (byPerson.get(person.id) ?? []).sort((a, b) =>
      a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0,
    );
    const firstHireEvent = own.find((e) => e.kind === 'hire');
    const hireDay = person.hireDate ?? firstHireEvent?.effectiveOn ?? null;
    const employment: { start: Date; end: Date | null }[] = [];
    const promotions: Date[] = [];
    const levelHistory: { from: Date; level: number }[] = [];
    if (hireDay === null) withoutHire.add(person.id);
    else {
      let open: { start: Date; end: Date | null } | null = { start: dayStart(hireDay), end: null };
      employment.push(open);
      for (const event of own) {
        if (event.effectiveOn <= hireDay && event.kind === 'hire') continue;
        const at = dayStart(event.effectiveOn);
        if (event.kind === 'exit' && open && at.getTime() > open.start.getTime()) {
          open.end = at;
          open = null;
        } else if (event.kind === 'hire' && !open) {
          open = { start: at, end: null };
          employment.push(open);
        }
      }
      if (open && person.status !== 'active') {
        // Left without an exit event: the day they were deactivated (at least a day after the start).
        const left = Math.floor(person.updatedAt / DAY_MS) * DAY_MS;
        open.end = new Date(Math.max(left, open.start.getTime() + DAY_MS));
      }
    }
    const levelEvents = own.filter((e) => e.kind === 'promotion' || e.kind === 'level_change');
    for (const event of own) if (event.kind === 'promotion') promotions.push(dayStart(event.effectiveOn));
    if (levelEvents.length > 0) {
      const before = levelOf(levelEvents[0].fromValue);
      if (before !== null) levelHistory.push({ from: new Date(-8.64e15), level: before });
      for (const event of levelEvents) {
        const level = levelOf(event.toValue);
        if (level !== null) levelHistory.push({ from: dayStart(event.effectiveOn), level });
      }
    }
    population.push({
      personId: person.id,
      department: person.department,
      jobFunction: person.jobFunction,
      level: person.level,
      ...(levelHistory.length > 0 ? { levelHistory } : {}),
      hireDate: hireDay === null ? null : dayStart(hireDay),
      employment,
      promotions,
    });
  }
  return { population, withoutHire };
}

/**
 * Each person's first start in mentoring among `starts` in `role` (and `programId`, when given), as the day it fell
 * on (midnight UTC): HRIS events are days, and participants who start on one day share their comparison scans.
 */
export function participantStarts(
  starts: readonly StartRow[],
  role: 'mentee' | 'mentor' | 'any',
  programId: string | null,
): ParticipantStart[] {
  const first = new Map<string, number>();
  const add = (personId: string, at: number) => {
    const known = first.get(personId);
    if (known === undefined || at < known) first.set(personId, at);
  };
  for (const start of starts) {
    if (programId !== null && start.programId !== programId) continue;
    if (role !== 'mentor') add(start.menteePersonId, start.startedAt);
    if (role !== 'mentee') add(start.mentorPersonId, start.startedAt);
  }
  return [...first].map(([personId, at]) => ({
    personId,
    startedAt: new Date(Math.floor(at / DAY_MS) * DAY_MS),
  }));
}
