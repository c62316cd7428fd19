import { seededRandom } from '../seeded-random.ts';
import type { CareerEventKind, ExitType } from './career-events.ts';
import { generateDemoPeople } from './demo-data.ts';
import type { Demographics } from './import-rows.ts';

/** A person of the demo organisation today, as the history generator needs them. */
export interface HistoryPerson {
  id: string;
  level: number | null;
  hireDate: string | null;
  /** The day they first started a mentoring relationship (as mentor or mentee), or null if they never did. */
  startedOn: string | null;
  /**
   * Set for someone already gone from the organisation (inactive) who is not one of the generated former employees,
   * e.g. a past program's participant who left: the history gives them an exit after this day (their mentoring ended
   * then) and before today.
   */
  leftAfter?: string | null;
}

export interface DemoEvent {
  /** A current person's id, or a former employee's `key`. */
  person: string;
  kind: CareerEventKind;
  effectiveOn: string;
  exitType: ExitType | null;
  fromValue: string | null;
  toValue: string | null;
}

/** Someone who left during the five years: written as an inactive person with their history. */
export interface DemoLeaver {
  key: string;
  name: string;
  email: string;
  title: string;
  department: string;
  jobFunction: string;
  level: number;
  location: string;
  timeZone: string;
  hireDate: string;
  exitOn: string;
}

interface DemoHistory {
  events: DemoEvent[];
  leavers: DemoLeaver[];
  /** Opt-in answers, about 70% of people (current and former). */
  demographics: Map<string, Demographics>;
}

const DAY_MS = 86_400_000;
const YEARS = 5;
/** Promotion chance per year by level (juniors move faster), before the participation effect. */
const promotionRate = (level: number) => (level <= 3 ? 0.2 : level <= 5 ? 0.15 : level <= 7 ? 0.1 : 0.04);
/**
 * In the twelve months after their first start in mentoring, participants are a little more likely to be promoted
 * (+7 points on the yearly chance): the demo's true effect, which the outcome page should find.
 */
const participantBoost = 0.07;

const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

const genders = ['Woman', 'Man', 'Non-binary', 'Prefer to self-describe'];
const genderWeights = [47, 47, 4, 2];
const ageBands = ['Under 25', '25-34', '35-44', '45-54', '55 and over'];
const ageWeights = [8, 36, 30, 18, 8];
const ethnicities = ['Asian', 'Black', 'Mixed', 'White', 'Other'];
const ethnicityWeights = [14, 9, 6, 66, 5];

function weighted(values: readonly string[], weights: readonly number[], random: () => number): string {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let roll = random() * total;
  for (let i = 0; i < values.length; i++) {
    roll -= weights[i]!;
    if (roll < 0) return values[i]!;
  }
  return values[values.length - 1]!;
}

function demographicsFor(random: () => number): Demographics | null {
  if (random() >= 0.7) return null;
  const answers: Demographics = {};
  // Each question may be skipped on its own: opt-in means some answer only part of it.
  if (random() < 0.95) answers.gender = weighted(genders, genderWeights, random);
  if (random() < 0.9) answers.ageBand = weighted(ageBands, ageWeights, random);
  if (random() < 0.8) answers.ethnicity = weighted(ethnicities, ethnicityWeights, random);
  if (random() < 0.75) answers.disability = random() < 0.12 ? 'Yes' : 'No';
  if (random() < 0.75) answers.caringResponsibilities = random() < 0.3 ? 'Yes' : 'No';
  return Object.keys(answers).length > 0 ? answers : null;
}

/**
 * Promotions up to `level` over the years before `until`, walking back from the level held at the end: the last
 * promotion's `to` is that level, and no one drops below level 1 or is promoted before their hire (plus 3 months).
 * The time is cut into windows of a year (a shorter one at the edges), each with at most one promotion; for a
 * participant the twelve months after `startedOn` are one window, with the participation boost.
 */
function promotionsOf(
  person: string,
  level: number,
  hireDate: string,
  until: number,
  windowStart: number,
  startedOn: string | null,
  random: () => number,
): DemoEvent[] {
  const events: DemoEvent[] = [];
  let current = level;
  const earliest = Math.max(windowStart, dayMs(hireDate) + 90 * DAY_MS);
  const year = 365 * DAY_MS;
  // Window ends, latest first: yearly back from `until`, or, for a participant, aligned on their start.
  const boostFrom = startedOn === null ? null : dayMs(startedOn);
  const boostTo = boostFrom === null ? null : Math.min(until, boostFrom + year);
  const ends: number[] = [until];
  if (boostFrom !== null && boostTo !== null && boostFrom < until) {
    for (let end = until - year; end > boostTo; end -= year) ends.push(end);
    if (boostTo < until) ends.push(boostTo);
    for (let end = boostFrom; end > earliest; end -= year) ends.push(end);
  } else {
    for (let end = until - year; end > earliest; end -= year) ends.push(end);
  }
  for (let i = 0; i < ends.length && current > 1; i++) {
    const end = ends[i]!;
    const start = Math.max(earliest, ends[i + 1] ?? end - year);
    if (start >= end) break;
    const share = Math.min(1, (end - start) / year);
    const boosted = boostFrom !== null && boostTo !== null && start >= boostFrom && end <= boostTo;
    // The level held during the window decides the chance; a promotion then came from one level below.
    const chance = (promotionRate(current - 1) + (boosted ? participantBoost : 0)) * share;
    if (random() >= chance) continue;
    const on = toDay(start + Math.floor(random() * (end - start)));
    events.push({
      person,
      kind: 'promotion',
      effectiveOn: on,
      exitType: null,
      fromValue: String(current - 1),
      toValue: String(current),
    });
    current--;
  }
  return events;
}

/**
 * Five years of HRIS history for the demo organisation (decision 023), deterministic for a seed: promotions for
 * everyone consistent with today's level, former employees who left (mostly of their own accord) with their own
 * promotions, and opt-in demographics for about 70% of people. In the year after they start, participants are a
 * little more likely to be promoted (+7 points); juniors are promoted more often and leave more often, while the demo's
 * programs draw seniors more, so a naive comparison and a like-for-like one differ. People given with `leftAfter`
 * (already inactive) get an exit between that day and today, and their promotions end before it.
 */
export function generateDemoHistory(options: {
  people: readonly HistoryPerson[];
  today: string;
  seed: number;
  domain?: string;
}): DemoHistory {
  const random = seededRandom(options.seed);
  const todayMs = dayMs(options.today);
  const windowStart = todayMs - YEARS * 365 * DAY_MS;
  const events: DemoEvent[] = [];
  const demographics = new Map<string, Demographics>();

  for (const person of options.people) {
    let until = todayMs - DAY_MS;
    if (person.leftAfter) {
      // Gone since: some day after their mentoring ended (a few weeks at least), before today.
      const from = dayMs(person.leftAfter) + 14 * DAY_MS;
      const exitMs = from + Math.floor(random() * Math.max(DAY_MS, todayMs - DAY_MS - from));
      until = exitMs - DAY_MS;
      events.push({
        person: person.id,
        kind: 'exit',
        effectiveOn: toDay(exitMs),
        exitType: random() < 0.78 ? 'voluntary' : 'involuntary',
        fromValue: null,
        toValue: null,
      });
    }
    if (person.level !== null && person.hireDate !== null)
      events.push(
        ...promotionsOf(
          person.id,
          person.level,
          person.hireDate,
          until,
          windowStart,
          person.startedOn,
          random,
        ),
      );
    const answers = demographicsFor(random);
    if (answers) demographics.set(person.id, answers);
  }

  // Former employees: about 7% of today's headcount a year, more of them junior (the generator's pyramid, with
  // department heads and the chief executive left out).
  const wanted = Math.round(options.people.length * 0.07 * YEARS);
  const pool = generateDemoPeople({
    seed: options.seed + 7,
    count: Math.max(12, wanted * 2 + 20),
    domain: options.domain ?? 'alumni.demo.trellis.local',
    // Juniors leave more often: most seniors drop out of the pool.
  }).filter((p) => p.level <= 4 || (p.level <= 7 && random() < 0.35));
  const leavers: DemoLeaver[] = [];
  for (const former of pool.slice(0, wanted)) {
    // Left some day in the five years, after at least six months (at most eight years) of service.
    const exitMs = windowStart + Math.floor(random() * (todayMs - windowStart - DAY_MS));
    const tenureDays = 180 + Math.floor(random() * (Math.min(8, 1 + former.level) * 365));
    const hireDate = toDay(exitMs - tenureDays * DAY_MS);
    const exitOn = toDay(exitMs);
    const key = `former-${former.key}`;
    leavers.push({
      key,
      name: former.name,
      email: former.email,
      title: former.title,
      department: former.department,
      jobFunction: former.jobFunction,
      level: former.level,
      location: former.location,
      timeZone: former.timeZone,
      hireDate,
      exitOn,
    });
    events.push(...promotionsOf(key, former.level, hireDate, exitMs - DAY_MS, windowStart, null, random));
    events.push({
      person: key,
      kind: 'exit',
      effectiveOn: exitOn,
      exitType: random() < 0.78 ? 'voluntary' : 'involuntary',
      fromValue: null,
      toValue: null,
    });
    const answers = demographicsFor(random);
    if (answers) demographics.set(key, answers);
  }
  return { events, leavers, demographics };
}
