import { seededRandom } from '../seeded-random.ts';
import type { CareerEventKind, ExitType } from './career-events.ts';
import { generateDemoPeople } from './demo-data.ts';
import type { Demographics } from './import-rows.ts';

/** A person of the demo organisation today, as the history generator needs them. */
export interface HistoryPerson {
  id: string;
  level: number | null;
  hireDate: string | null;
  /** Took part in mentoring (a relationship of the demo programs). */
  participant: boolean;
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
/** Participants are a little more likely to be promoted each year (+6 points), the demo's true effect. */
const participantBoost = 0.06;

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
 */
function promotionsOf(
  person: string,
  level: number,
  hireDate: string,
  until: number,
  windowStart: number,
  boost: number,
  random: () => number,
): DemoEvent[] {
  const events: DemoEvent[] = [];
  let current = level;
  const earliest = Math.max(windowStart, dayMs(hireDate) + 90 * DAY_MS);
  for (let year = 0; year < YEARS && current > 1; year++) {
    const end = until - year * 365 * DAY_MS;
    const start = Math.max(earliest, end - 365 * DAY_MS);
    if (start >= end) break;
    // The level held during the year decides the chance; a promotion that year came from one level below.
    if (random() >= promotionRate(current - 1) + boost) continue;
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
 * promotions, and opt-in demographics for about 70% of people. Participants are a little more likely to be
 * promoted (+6 points a year); juniors are promoted more often and leave more often, while the demo's programs draw
 * seniors more, so a naive comparison and a like-for-like one differ.
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
    if (person.level !== null && person.hireDate !== null)
      events.push(
        ...promotionsOf(
          person.id,
          person.level,
          person.hireDate,
          todayMs - DAY_MS,
          windowStart,
          person.participant ? participantBoost : 0,
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
    events.push(...promotionsOf(key, former.level, hireDate, exitMs - DAY_MS, windowStart, 0, random));
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
