// A large, seeded organisation for the analytics benchmark (issue 12 §8, "fast at scale"): at scale 1, 50,000
// people with 5 years of HRIS history, 20 programs, 10,000 relationships, ~150,000 meetings and ~300,000 meeting
// ratings and survey answers, with goals, action items, agreements, activity and resource completions in proportion.
//
// Rows are made in JavaScript from one seeded PRNG (ids included, so a seed and a "now" give the same data) and
// written in batches of a few thousand rows per statement: each batch is one JSON parameter expanded by
// `json_populate_recordset` (one round trip and one parse per batch, on PGlite and PostgreSQL alike), in three
// transactions (people, programs and their history, career events). The session cookies of an admin and a
// coordinator are returned; both also get a password so a person can sign in by hand.
//
// The career history is simulated month by month so it stays consistent: people.level is the level reached after
// the last promotion / level change, a leaver is `inactive` with one exit event (voluntary or involuntary), nobody
// leaves before the end of a relationship they take part in, and mentees are somewhat more likely to be promoted
// in the 18 months after they start (mentors slightly).
import { sql } from 'drizzle-orm';
import { meetingHelpedOptions } from '../src/contracts/workspace-shapes.contracts.ts';
import type { Db } from '../src/server/db/client.ts';
import { hashPassword } from '../src/server/lib/passwords.ts';
import { hashToken, newToken } from '../src/server/lib/tokens.ts';

const DAY = 86_400_000;
const MONTH = 30.44 * DAY;
const YEAR = 365.25 * DAY;

export interface LargeOrgOptions {
  /** 1 = 50,000 people; 0.1 = 5,000 people, 2 programs' worth of pairs scaled the same way. */
  scale?: number;
  seed?: number;
  /** The instant the data is "as of" (meetings after it are scheduled); defaults to today 12:00 UTC. */
  now?: Date;
  /** Organisation slug; user emails are made from it, so two organisations need two slugs. */
  slug?: string;
  /** Rows per INSERT statement. */
  batchSize?: number;
  log?: (message: string) => void;
  /** Overrides of what `scale` gives: people, programs and relationships (meetings and ratings follow relationships). */
  people?: number;
  programs?: number;
  relationships?: number;
  /** Also sign in the mentor and the mentee of an active pair of the largest program, with notifications. */
  participants?: boolean;
}

export interface LargeOrgUser {
  userId: string;
  personId: string;
  name: string;
  email: string;
  password: string;
  cookie: string;
}

export interface LargeOrgProgram {
  id: string;
  name: string;
  status: 'running' | 'closed';
  relationships: number;
  activeRelationships: number;
}

export interface LargeOrg {
  organisationId: string;
  slug: string;
  admin: LargeOrgUser;
  coordinator: LargeOrgUser;
  programs: LargeOrgProgram[];
  /** The program with the most active pairs (the heaviest pair-health page). */
  largestProgramId: string;
  /** The closed program with self-rated skills and the most pairs (the heaviest skills-change page). */
  skillsProgramId: string;
  counts: Record<string, number>;
  seconds: number;
  phases: Record<string, number>;
  /** With `participants`: the mentor and the mentee of one active pair of the largest program, and that pair. */
  mentor?: LargeOrgUser;
  mentee?: LargeOrgUser;
  pairId?: string;
}

// ── Seeded randomness ──────────────────────────────────────────────────────────────────────────────────────────

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;
  private readonly ids: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
    this.ids = mulberry32(seed ^ 0x5bd1e995);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let roll = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      roll -= weights[i]!;
      if (roll < 0) return items[i]!;
    }
    return items.at(-1)!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A version-4-shaped UUID from the seeded stream. */
  uuid(): string {
    let hex = '';
    for (let i = 0; i < 4; i++)
      hex += Math.floor(this.ids() * 4294967296)
        .toString(16)
        .padStart(8, '0');
    const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

// ── Vocabulary ─────────────────────────────────────────────────────────────────────────────────────────────────

const departments = [
  'Engineering',
  'Product',
  'Design',
  'Sales',
  'Marketing',
  'Customer Success',
  'Finance',
  'People',
  'Legal',
  'Operations',
  'Data',
  'Security',
] as const;
const departmentWeights = [22, 7, 4, 16, 7, 12, 5, 3, 2, 12, 6, 4];
const functionsOf: Record<string, string[]> = {
  Engineering: ['Software Engineering', 'Quality Engineering', 'Engineering Management'],
  Product: ['Product Management'],
  Design: ['Product Design', 'Research'],
  Sales: ['Account Executive', 'Sales Development', 'Sales Operations'],
  Marketing: ['Marketing', 'Content'],
  'Customer Success': ['Customer Support', 'Account Management'],
  Finance: ['Accounting', 'Financial Planning'],
  People: ['People Partner', 'Recruiting'],
  Legal: ['Legal Counsel'],
  Operations: ['Operations', 'Procurement', 'Facilities'],
  Data: ['Data Science', 'Analytics Engineering'],
  Security: ['Security Engineering'],
};
const levelNames = [
  'Associate',
  'Specialist',
  'Senior Specialist',
  'Lead',
  'Principal',
  'Manager',
  'Director',
  'Vice President',
];
const hireLevelWeights = [30, 26, 18, 12, 7, 4, 2, 1];
const locations: [string, string][] = [
  ['London', 'Europe/London'],
  ['Manchester', 'Europe/London'],
  ['Berlin', 'Europe/Berlin'],
  ['Paris', 'Europe/Paris'],
  ['Madrid', 'Europe/Madrid'],
  ['New York', 'America/New_York'],
  ['Austin', 'America/Chicago'],
  ['San Francisco', 'America/Los_Angeles'],
  ['Toronto', 'America/Toronto'],
  ['São Paulo', 'America/Sao_Paulo'],
  ['Bangalore', 'Asia/Kolkata'],
  ['Singapore', 'Asia/Singapore'],
  ['Sydney', 'Australia/Sydney'],
];
const locationWeights = [16, 5, 9, 6, 4, 14, 7, 9, 5, 4, 10, 6, 5];
const languagesOf: Record<string, string[]> = {
  Berlin: ['en', 'de'],
  Paris: ['en', 'fr'],
  Madrid: ['en', 'es'],
  'São Paulo': ['en', 'pt'],
  Bangalore: ['en', 'hi'],
};
const firstNames = [
  'Amara',
  'Ben',
  'Chen',
  'Dana',
  'Elif',
  'Farah',
  'George',
  'Hana',
  'Isaac',
  'Jade',
  'Kofi',
  'Lena',
  'Mateo',
  'Nia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Uma',
  'Victor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Aisha',
  'Bruno',
  'Clara',
  'Deepak',
  'Emma',
  'Felix',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Kira',
  'Luca',
];
const lastNames = [
  'Adeyemi',
  'Bauer',
  'Costa',
  'Dubois',
  'Evans',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Mensah',
  'Novak',
  'Okafor',
  'Patel',
  'Quispe',
  'Rossi',
  'Singh',
  'Tanaka',
  'Usman',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zhang',
  'Andersson',
  'Brown',
  'Chowdhury',
  'Diaz',
  'Eriksen',
  'Fernandes',
];
const genders = ['woman', 'man', 'non_binary', 'prefer_not_to_say'];
const genderWeights = [47, 47, 3, 3];
const ethnicities = ['asian', 'black', 'hispanic_or_latino', 'white', 'mixed', 'other', 'prefer_not_to_say'];
const ethnicityWeights = [18, 11, 9, 48, 6, 3, 5];
const ageBands = ['under_25', '25_34', '35_44', '45_54', '55_plus'];
const skillPool = [
  'Giving feedback',
  'Stakeholder management',
  'Public speaking',
  'Strategic thinking',
  'Negotiation',
  'Delegation',
  'Coaching others',
  'Prioritisation',
];
const endReasons: [string, string | null][] = [
  ['We could not find a time that worked for both of us', 'inactive'],
  ['The mentee moved to a new role with other priorities', null],
  ['The mentor took on a new team and had little time left', null],
  ['We agreed the goals were met early', null],
  ['Personal circumstances', null],
];

// ── Writing rows in batches ────────────────────────────────────────────────────────────────────────────────────

type Row = Record<string, unknown>;
const tableOrder = [
  'people',
  'users',
  'programs',
  'program_coordinators',
  'program_resources',
  'enrolments',
  'relationships',
  'relationship_events',
  'agreement_versions',
  'goals',
  'goal_milestones',
  'meetings',
  'action_items',
  'meeting_feedback',
  'survey_responses',
  'workspace_activity',
  'resource_completions',
  'career_events',
  'notifications',
] as const;
type Table = (typeof tableOrder)[number];

class BatchWriter {
  private readonly buffers = new Map<Table, Row[]>();
  readonly written = new Map<Table, number>();
  constructor(
    private readonly db: Db,
    private readonly batchSize: number,
  ) {}

  /** Buffer a row; once any table holds a batch, every buffer is written, parents before children. */
  async add(table: Table, row: Row): Promise<void> {
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = [];
      this.buffers.set(table, buffer);
    }
    buffer.push(row);
    if (buffer.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    for (const table of tableOrder) {
      const rows = this.buffers.get(table);
      if (!rows || rows.length === 0) continue;
      this.buffers.set(table, []);
      await insertRows(this.db, table, rows);
      this.written.set(table, (this.written.get(table) ?? 0) + rows.length);
    }
  }
}

/** One INSERT … SELECT of a JSON array shaped like the table's rows; omitted columns take their defaults. */
async function insertRows(db: Db, table: string, rows: Row[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  const list = sql.raw(columns.map((c) => `"${c}"`).join(', '));
  await db.execute(
    sql`insert into ${sql.raw(`"${table}"`)} (${list}) select ${list} from json_populate_recordset(null::${sql.raw(`"${table}"`)}, ${JSON.stringify(rows)}::json)`,
  );
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// ── The organisation ───────────────────────────────────────────────────────────────────────────────────────────

interface PersonSim {
  id: string;
  department: string;
  jobFunction: string;
  timeZone: string;
  hireMs: number;
  hireLevel: number;
  /** Start of the first relationship as mentee / mentor (promotion boost). */
  menteeFromMs: number;
  mentorFromMs: number;
  /** Nobody leaves before the end of their last relationship (Infinity: still active). */
  staysUntilMs: number;
}

export async function generateLargeOrganisation(db: Db, options: LargeOrgOptions = {}): Promise<LargeOrg> {
  const started = performance.now();
  const scale = options.scale ?? 1;
  const seed = options.seed ?? 12;
  const rng = new Rng(seed);
  const log = options.log ?? (() => {});
  const today = new Date();
  const now =
    options.now ?? new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12));
  const nowMs = now.getTime();
  const slug = options.slug ?? `large-org-${seed}`;
  const domain = `${slug}.example`;
  const batchSize = options.batchSize ?? 4000;
  const phases: Record<string, number> = {};
  let phaseStart = performance.now();
  const phase = (name: string) => {
    const t = performance.now();
    phases[name] = Number(((t - phaseStart) / 1000).toFixed(2));
    phaseStart = t;
    log(`  ${name}: ${phases[name]} s`);
  };

  const personCount = options.people ?? Math.max(60, Math.round(50_000 * scale));
  const relationshipTarget = options.relationships ?? Math.max(40, Math.round(10_000 * scale));
  const meetingTarget = 15 * relationshipTarget;
  const ratingTarget = 30 * relationshipTarget;
  const programCount = options.programs ?? 20;
  const windowStartMs = nowMs - 5 * YEAR;

  const organisationId = rng.uuid();
  await db.execute(
    sql`insert into organisations (id, name, slug) values (${organisationId}, ${'Large Organisation (benchmark)'}, ${slug})`,
  );

  // People: hire dates over 15 years (more of them recent), a level at hire; the career is simulated later.
  const people: PersonSim[] = [];
  const peopleRows: Row[] = [];
  for (let n = 0; n < personCount; n++) {
    const department = rng.weighted(departments, departmentWeights);
    const [location, timeZone] = rng.weighted(locations, locationWeights);
    const hireMs = Math.floor((nowMs - 15 * YEAR * rng.next() ** 1.4 - 20 * DAY) / DAY) * DAY;
    const person: PersonSim = {
      id: rng.uuid(),
      department,
      jobFunction: rng.pick(functionsOf[department]!),
      timeZone,
      hireMs,
      hireLevel: rng.weighted([1, 2, 3, 4, 5, 6, 7, 8], hireLevelWeights),
      menteeFromMs: Number.POSITIVE_INFINITY,
      mentorFromMs: Number.POSITIVE_INFINITY,
      staysUntilMs: Number.NEGATIVE_INFINITY,
    };
    people.push(person);
    const first = rng.pick(firstNames);
    const last = rng.pick(lastNames);
    peopleRows.push({
      id: person.id,
      organisation_id: organisationId,
      hris_id: `E${String(n + 1).padStart(6, '0')}`,
      email: `${first}.${last}.${n + 1}@${domain}`.toLowerCase(),
      name: `${first} ${last}`,
      department,
      job_function: person.jobFunction,
      location,
      time_zone: timeZone,
      languages: languagesOf[location] ?? ['en'],
      hire_date: isoDay(hireMs),
      demographics: rng.chance(0.7)
        ? {
            gender: rng.weighted(genders, genderWeights),
            ethnicity: rng.weighted(ethnicities, ethnicityWeights),
            age_band: rng.weighted(ageBands, [8, 34, 30, 18, 10]),
          }
        : null,
      created_at: iso(Math.max(hireMs, windowStartMs)),
    });
  }

  // Programs: one every ~7 weeks over three years; the recent ones still run. The newest is the largest.
  const cadences = ['fortnightly', 'weekly', 'fortnightly', 'monthly', 'fortnightly'] as const;
  const cadenceDays = { weekly: 7, fortnightly: 14, monthly: 30 };
  const programs = Array.from({ length: programCount }, (_, i) => {
    const months = [6, 9, 12][i % 3]!;
    const startMs = Math.floor((nowMs - 36 * MONTH + (i * 33 * MONTH) / (programCount - 1)) / DAY) * DAY;
    const endMs = startMs + months * MONTH;
    const status: 'running' | 'closed' = endMs + 14 * DAY < nowMs ? 'closed' : 'running';
    const skills = i % 2 === 0 ? [0, 1, 2].map((k) => skillPool[(i + k * 3) % skillPool.length]!) : [];
    return {
      id: rng.uuid(),
      index: i,
      name: `${['Leadership', 'Career Growth', 'New Managers', 'Technical Mentoring', 'Returners'][i % 5]} ${2000 + new Date(startMs).getUTCFullYear() - 2000} #${i + 1}`,
      months,
      startMs,
      endMs,
      status,
      cadence: cadences[i % cadences.length]!,
      skills,
      pairs: 0,
      active: 0,
    };
  });
  // Sizes: the newest program takes 15 % of the pairs, the others share the rest unevenly.
  const largest = programs.at(-1)!;
  largest.status = 'running';
  largest.cadence = 'fortnightly';
  const weights = programs.slice(0, -1).map(() => 0.5 + rng.next());
  const weightSum = weights.reduce((a, b) => a + b, 0);
  programs.forEach((p, i) => {
    p.pairs =
      p === largest
        ? Math.round(relationshipTarget * 0.15)
        : Math.max(2, Math.round((relationshipTarget * 0.85 * weights[i]!) / weightSum));
  });

  // Relationships: mentees at levels ≤ 5 at hire, mentors ≥ 3, both hired a month before the program starts.
  interface Pair {
    id: string;
    program: (typeof programs)[number];
    mentor: PersonSim;
    mentee: PersonSim;
    mentorEnrolmentId: string;
    menteeEnrolmentId: string;
    startMs: number;
    endMs: number | null;
    status: 'active' | 'completed' | 'ended_early';
    drifting: boolean;
    struggling: boolean;
  }
  const pairs: Pair[] = [];
  const enrolmentRows: Row[] = [];
  for (const program of programs) {
    const eligible = people.filter((p) => p.hireMs < program.startMs - 30 * DAY);
    const menteePool = eligible.filter((p) => p.hireLevel <= 5);
    const mentorPool = eligible.filter((p) => p.hireLevel >= 3);
    const usedMentees = new Set<PersonSim>();
    const mentorEnrolments = new Map<PersonSim, string>();
    const mentorLoad = new Map<PersonSim, number>();
    const enrolledAt = iso(program.startMs - 21 * DAY);
    const mentorList: PersonSim[] = [];
    const mentorsNeeded = Math.max(1, Math.ceil(program.pairs / 2));
    while (mentorList.length < mentorsNeeded) {
      const m = rng.pick(mentorPool);
      if (mentorEnrolments.has(m)) continue;
      const enrolmentId = rng.uuid();
      mentorEnrolments.set(m, enrolmentId);
      mentorList.push(m);
      enrolmentRows.push({
        id: enrolmentId,
        organisation_id: organisationId,
        program_id: program.id,
        person_id: m.id,
        role: 'mentor',
        status: 'approved',
        capacity: 3,
        profile: { skillsOffered: [rng.pick(skillPool), rng.pick(skillPool)] },
        created_at: enrolledAt,
        updated_at: enrolledAt,
      });
    }
    for (let k = 0; k < program.pairs; k++) {
      let mentee = rng.pick(menteePool);
      while (usedMentees.has(mentee) || mentorEnrolments.has(mentee)) mentee = rng.pick(menteePool);
      usedMentees.add(mentee);
      let mentor = mentorList[k % mentorList.length]!;
      if ((mentorLoad.get(mentor) ?? 0) >= 3) mentor = mentorList.find((m) => (mentorLoad.get(m) ?? 0) < 3)!;
      mentorLoad.set(mentor, (mentorLoad.get(mentor) ?? 0) + 1);
      const menteeEnrolmentId = rng.uuid();
      enrolmentRows.push({
        id: menteeEnrolmentId,
        organisation_id: organisationId,
        program_id: program.id,
        person_id: mentee.id,
        role: 'mentee',
        status: 'approved',
        profile: { skillsWanted: [rng.pick(skillPool)] },
        created_at: enrolledAt,
        updated_at: enrolledAt,
      });
      // The newest program still takes pairs: its starts spread over its first months.
      const spread = program === largest ? Math.min(nowMs - program.startMs - 10 * DAY, 75 * DAY) : 20 * DAY;
      const startMs = program.startMs + Math.floor(rng.next() * Math.max(DAY, spread));
      const plannedEnd = startMs + program.months * MONTH;
      let status: Pair['status'];
      let endMs: number | null = null;
      const roll = rng.next();
      if (roll < (program.status === 'closed' ? 0.14 : 0.06)) {
        status = 'ended_early';
        endMs = startMs + (30 + rng.next() * 0.7 * (Math.min(plannedEnd, nowMs) - startMs - 30 * DAY));
        if (endMs >= nowMs - DAY) endMs = nowMs - 2 * DAY;
      } else if (plannedEnd < nowMs) {
        status = 'completed';
        endMs = plannedEnd;
      } else status = 'active';
      if (endMs !== null && endMs <= startMs) endMs = startMs + DAY;
      const pair: Pair = {
        id: rng.uuid(),
        program,
        mentor,
        mentee,
        mentorEnrolmentId: mentorEnrolments.get(mentor)!,
        menteeEnrolmentId,
        startMs,
        endMs,
        status,
        drifting: status === 'active' && rng.chance(0.08),
        struggling: rng.chance(0.1),
      };
      pairs.push(pair);
      if (status === 'active') program.active++;
      mentee.menteeFromMs = Math.min(mentee.menteeFromMs, startMs);
      mentor.mentorFromMs = Math.min(mentor.mentorFromMs, startMs);
      for (const person of [mentor, mentee])
        person.staysUntilMs = Math.max(person.staysUntilMs, endMs ?? Number.POSITIVE_INFINITY);
    }
  }

  // Careers, month by month over the 5-year window: promotions (more likely for mentees after they start), a few
  // re-levellings down, exits (6 % a year, a little less for participants, never during a relationship).
  const careerRows: Row[] = [];
  const finalLevel = new Map<PersonSim, number>();
  const exited = new Set<PersonSim>();
  for (const person of people) {
    let level = person.hireLevel;
    // Before the window: promotions that happened, without events (the HRIS history starts 5 years ago).
    const preMonths = Math.max(0, Math.floor((windowStartMs - person.hireMs) / MONTH));
    for (let m = 0; m < preMonths && level < 8; m++) if (rng.chance(0.016 * (level >= 6 ? 0.5 : 1))) level++;
    if (person.hireMs >= windowStartMs)
      careerRows.push({
        kind: 'hire',
        person,
        effective_on: isoDay(person.hireMs),
        to_value: String(level),
      });
    const fromMs = Math.max(person.hireMs, windowStartMs) + 15 * DAY;
    for (let t = fromMs; t < nowMs - DAY; t += MONTH) {
      const day = Math.floor(t / DAY) * DAY;
      const sinceMentee = t - person.menteeFromMs;
      const sinceMentor = t - person.mentorFromMs;
      let hazard = 0.016 * (level >= 6 ? 0.5 : 1);
      if (sinceMentee > 0 && sinceMentee < 18 * MONTH) hazard *= 1.35;
      else if (sinceMentor > 0 && sinceMentor < 18 * MONTH) hazard *= 1.1;
      if (level < 8 && rng.chance(hazard)) {
        careerRows.push({
          kind: 'promotion',
          person,
          effective_on: isoDay(day),
          from_value: String(level),
          to_value: String(level + 1),
        });
        level++;
        continue;
      }
      if (level > 1 && rng.chance(0.0008)) {
        careerRows.push({
          kind: 'level_change',
          person,
          effective_on: isoDay(day),
          from_value: String(level),
          to_value: String(level - 1),
        });
        level--;
        continue;
      }
      const participant = person.menteeFromMs < t || person.mentorFromMs < t;
      if (t > person.staysUntilMs + 7 * DAY && rng.chance(0.005 * (participant ? 0.85 : 1))) {
        careerRows.push({
          kind: 'exit',
          person,
          effective_on: isoDay(day),
          exit_type: rng.weighted(['voluntary', 'involuntary', null], [70, 25, 5]),
        });
        exited.add(person);
        break;
      }
    }
    finalLevel.set(person, level);
  }
  // Managers: someone of a higher level in the same department.
  const seniorsOf = new Map<string, PersonSim[]>();
  for (const p of people)
    if ((finalLevel.get(p) ?? 0) >= 5 && !exited.has(p))
      seniorsOf.set(p.department, [...(seniorsOf.get(p.department) ?? []), p]);
  const managerOf = new Map<PersonSim, PersonSim>();
  for (const p of people) {
    const candidates = seniorsOf.get(p.department) ?? [];
    if (candidates.length === 0) continue;
    for (let tries = 0; tries < 6; tries++) {
      const c = rng.pick(candidates);
      if ((finalLevel.get(c) ?? 0) > (finalLevel.get(p) ?? 0)) {
        managerOf.set(p, c);
        break;
      }
    }
  }
  phase('simulated people, pairs and careers');

  const index = new Map(people.map((p, n) => [p, n]));
  const makeUser = async (
    dbx: Db,
    person: PersonSim,
    role: 'admin' | 'member',
    local: string,
  ): Promise<LargeOrgUser> => {
    const userId = rng.uuid();
    const password = `bench-${local}-${seed}`;
    const row = peopleRows[index.get(person)!]!;
    await dbx.execute(sql`insert into users (id, organisation_id, person_id, email, name, role, password_hash, status)
      values (${userId}, ${organisationId}, ${person.id}, ${`${local}@${domain}`}, ${String(row.name)}, ${role},
        ${await hashPassword(password)}, 'active')`);
    const token = newToken();
    await dbx.execute(sql`insert into sessions (token_hash, user_id, organisation_id, expires_at)
      values (${hashToken(token)}, ${userId}, ${organisationId}, ${iso(Date.now() + 7 * DAY)}::timestamptz)`);
    return {
      userId,
      personId: person.id,
      name: String(row.name),
      email: `${local}@${domain}`,
      password,
      cookie: `trellis_session=${token}`,
    };
  };
  let admin!: LargeOrgUser;
  let coordinator!: LargeOrgUser;
  await db.transaction(async (tx) => {
    const w = new BatchWriter(tx as unknown as Db, batchSize);
    for (const [n, row] of peopleRows.entries()) {
      const person = people[n]!;
      const level = finalLevel.get(person)!;
      row.level = level;
      row.title = `${levelNames[level - 1]}, ${person.jobFunction}`;
      row.status = exited.has(person) ? 'inactive' : 'active';
      await w.add('people', row);
    }
    await w.flush();
    const managers = people.flatMap((p) => {
      const m = managerOf.get(p);
      return m ? [{ id: p.id, manager_id: m.id }] : [];
    });
    for (let start = 0; start < managers.length; start += 10_000)
      await tx.execute(sql`update people set manager_id = x.manager_id
        from json_to_recordset(${JSON.stringify(managers.slice(start, start + 10_000))}::json) as x(id uuid, manager_id uuid)
        where people.id = x.id`);

    // Two accounts to sign in as: the admin (Head of People) and a coordinator of five programs.
    const staff = people.filter((p) => p.department === 'People' && !exited.has(p));
    admin = await makeUser(tx as unknown as Db, staff[0]!, 'admin', 'admin');
    coordinator = await makeUser(tx as unknown as Db, staff[1]!, 'member', 'coordinator');
  });
  phase(`people (${personCount})`);

  // Programs and everything that happened in them.
  const skillsProgram = programs
    .filter((p) => p.status === 'closed' && p.skills.length > 0)
    .sort((a, b) => b.pairs - a.pairs)[0]!;
  const helped = [...meetingHelpedOptions];
  const naturalMeetings = pairs.reduce((sum, p) => {
    const until = p.endMs ?? nowMs;
    return sum + Math.max(1, (until - p.startMs) / (cadenceDays[p.program.cadence] * DAY)) + 1;
  }, 0);
  // Drifting and ended pairs meet less than the cadence says: aim 4 % above the target.
  const stretch = naturalMeetings / (meetingTarget * 1.04);
  const counts = new Map<Table, number>();
  await db.transaction(async (tx) => {
    const w = new BatchWriter(tx as unknown as Db, batchSize);
    for (const program of programs) {
      await w.add('programs', {
        id: program.id,
        organisation_id: organisationId,
        name: program.name,
        description: 'A generated program for the analytics benchmark.',
        type: 'one_to_one',
        matching_mode: 'admin',
        status: program.status,
        starts_on: isoDay(program.startMs),
        ends_on: isoDay(program.endMs),
        enrolment_opens_on: isoDay(program.startMs - 45 * DAY),
        enrolment_closes_on: isoDay(program.startMs - 10 * DAY),
        meeting_cadence: program.cadence,
        relationship_months: program.months,
        self_rated_skills: program.skills,
        created_at: iso(program.startMs - 60 * DAY),
        updated_at: iso(Math.min(nowMs, program.endMs)),
      });
    }
    // The coordinator runs the largest program, the largest closed one with skills and three others.
    for (const program of new Set([largest, skillsProgram, ...programs.slice(0, 3)]))
      await w.add('program_coordinators', {
        organisation_id: organisationId,
        program_id: program.id,
        user_id: coordinator.userId,
      });
    const resourcesOf = new Map<string, { id: string; audience: string }[]>();
    for (const program of programs) {
      const list = (['both', 'both', 'mentor', 'mentee', 'both'] as const).map((audience, k) => ({
        id: rng.uuid(),
        audience,
        kind: (['guide', 'prompt', 'training', 'guide', 'prompt'] as const)[k]!,
        k,
      }));
      resourcesOf.set(program.id, list);
      for (const r of list)
        await w.add('program_resources', {
          id: r.id,
          organisation_id: organisationId,
          program_id: program.id,
          kind: r.kind,
          title: `${r.kind === 'training' ? 'Mentor training' : 'Guide'} ${r.k + 1}`,
          body: 'Read this before your first meeting.',
          audience: r.audience,
          position: r.k,
          created_at: iso(program.startMs - 30 * DAY),
          updated_at: iso(program.startMs - 30 * DAY),
        });
    }
    for (const row of enrolmentRows) await w.add('enrolments', row);
    await w.flush();

    // First pass: meetings and their ratings, to know how many ratings to draw to reach the target.
    let heldMeetings = 0;
    let surveyAnswers = 0;
    const completions = new Set<string>();
    for (const pair of pairs) {
      const { program } = pair;
      const until = pair.endMs ?? nowMs;
      const base = {
        organisation_id: organisationId,
        relationship_id: pair.id,
      };
      await w.add('relationships', {
        id: pair.id,
        organisation_id: organisationId,
        program_id: program.id,
        mentor_enrolment_id: pair.mentorEnrolmentId,
        mentee_enrolment_id: pair.menteeEnrolmentId,
        mentor_person_id: pair.mentor.id,
        mentee_person_id: pair.mentee.id,
        status: pair.status,
        origin: 'match_run',
        score: rng.int(4200, 9800),
        reason:
          pair.status === 'ended_early' ? endReasons[Math.floor(rng.next() * endReasons.length)]![0] : null,
        reason_code: pair.status === 'ended_early' && rng.chance(0.25) ? endReasons[0]![1] : null,
        started_at: iso(pair.startMs),
        ended_at: pair.endMs === null ? null : iso(pair.endMs),
        created_at: iso(pair.startMs - 2 * DAY),
        updated_at: iso(pair.endMs ?? pair.startMs),
      });
      await w.add('relationship_events', {
        ...base,
        from_status: 'proposed',
        to_status: 'active',
        actor_user_id: admin.userId,
        created_at: iso(pair.startMs),
      });
      if (pair.endMs !== null)
        await w.add('relationship_events', {
          ...base,
          from_status: 'active',
          to_status: pair.status,
          reason: pair.status === 'ended_early' ? 'Ended early' : null,
          details: { kind: pair.status === 'completed' ? 'complete' : 'end_early', actor: 'mentee' },
          created_at: iso(pair.endMs),
        });
      // Agreement: signed by both for most pairs; one in ten waits for the mentor.
      const signedMs = pair.startMs + 4 * DAY;
      const waiting = rng.chance(0.1);
      await w.add('agreement_versions', {
        id: rng.uuid(),
        ...base,
        version: 1,
        content: {
          goals: 'Grow into the next role.',
          meetingFrequency: program.cadence,
          communicationModes: ['video'],
          confidentiality: 'What we discuss stays between us.',
          groundRules: 'Come prepared.',
          endDate: isoDay(pair.startMs + program.months * MONTH),
        },
        edited_by_person_id: pair.mentee.id,
        mentor_signed_at: waiting || signedMs > nowMs ? null : iso(signedMs),
        mentee_signed_at: signedMs > nowMs ? null : iso(signedMs - 3600_000),
        created_at: iso(pair.startMs + 3 * DAY),
      });
      await w.add('workspace_activity', {
        ...base,
        actor_person_id: pair.mentee.id,
        kind: 'agreement_signed',
        summary: 'Agreement version 1 signed',
        created_at: iso(Math.min(signedMs, until)),
      });
      // Two goals with two milestones each.
      const elapsed = Math.min(1, (until - pair.startMs) / (program.months * MONTH));
      for (let g = 0; g < 2; g++) {
        const goalId = rng.uuid();
        const createdMs = Math.min(until, pair.startMs + (5 + g) * DAY);
        const reached = Math.max(0, Math.min(2, Math.floor(2 * elapsed + (rng.next() - 0.3))));
        const status =
          pair.status === 'ended_early' && rng.chance(0.3)
            ? 'dropped'
            : reached === 2
              ? 'done'
              : pair.struggling
                ? 'at_risk'
                : reached === 0
                  ? 'not_started'
                  : 'on_track';
        const completedMs = status === 'done' ? Math.min(until, pair.startMs + (60 + g * 20) * DAY) : null;
        await w.add('goals', {
          id: goalId,
          ...base,
          title: g === 0 ? 'Lead a project end to end' : 'Build a career plan',
          due_on: isoDay(pair.startMs + (100 + g * 40) * DAY),
          status,
          progress_mode: 'milestones',
          progress_percent: status === 'done' ? 100 : reached * 50,
          position: g,
          created_by_person_id: pair.mentee.id,
          completed_at: completedMs === null ? null : iso(completedMs),
          created_at: iso(createdMs),
          updated_at: iso(completedMs ?? createdMs),
        });
        await w.add('workspace_activity', {
          ...base,
          actor_person_id: pair.mentee.id,
          kind: 'goal_added',
          summary: 'Goal added',
          subject_id: goalId,
          created_at: iso(createdMs),
        });
        for (let m = 0; m < 2; m++) {
          const reachedMs = m < reached ? Math.min(until, pair.startMs + (25 + m * 30 + g * 6) * DAY) : null;
          await w.add('goal_milestones', {
            id: rng.uuid(),
            organisation_id: organisationId,
            goal_id: goalId,
            title: `Milestone ${m + 1}`,
            due_on: isoDay(pair.startMs + (30 + m * 30) * DAY),
            reached_at: reachedMs === null ? null : iso(reachedMs),
            position: m,
            created_at: iso(createdMs),
          });
        }
      }

      // Meetings on the program's cadence (stretched so the organisation has the target count in all); drifting
      // pairs stopped meeting two to four months ago and have nothing planned.
      const every = Math.max(3 * DAY, Math.floor(cadenceDays[program.cadence] * DAY * stretch));
      const stopMs = pair.drifting ? nowMs - (60 + rng.next() * 60) * DAY : until;
      let lastHeld: { id: string; startsAt: number } | null = null;
      let number = 0;
      for (let at = pair.startMs + 6 * DAY; ; at += every) {
        const upcoming = at > nowMs;
        if (at > stopMs && !(upcoming && pair.status === 'active' && !pair.drifting)) break;
        if (upcoming && at > nowMs + every) break;
        const startsAt = Math.floor(at / DAY) * DAY + (8 + rng.int(0, 8)) * 3600_000;
        const id = rng.uuid();
        const roll = rng.next();
        const status = upcoming
          ? 'scheduled'
          : roll < 0.05
            ? 'cancelled'
            : roll < 0.07
              ? 'no_show'
              : roll < 0.08
                ? 'scheduled'
                : 'held';
        const organiser = rng.chance(0.7) ? pair.mentor : pair.mentee;
        await w.add('meetings', {
          id,
          ...base,
          organiser_person_id: organiser.id,
          title: number++ === 0 ? 'Kick-off' : `Check-in ${number - 1}`,
          starts_at: iso(startsAt),
          duration_minutes: 45,
          time_zone: organiser.timeZone,
          status,
          ics_uid: `${id}@bench.trellis`,
          held_at: status === 'held' ? iso(startsAt + 45 * 60_000) : null,
          cancelled_at: status === 'cancelled' ? iso(startsAt - DAY) : null,
          created_at: iso(Math.max(pair.startMs, startsAt - 10 * DAY)),
          updated_at: iso(Math.min(nowMs, startsAt + 45 * 60_000)),
        });
        if (status === 'held') {
          heldMeetings++;
          lastHeld = { id, startsAt };
          (pair as Pair & { held?: { id: string; startsAt: number }[] }).held ??= [];
          (pair as Pair & { held?: { id: string; startsAt: number }[] }).held!.push({ id, startsAt });
          if (rng.chance(0.35))
            await w.add('action_items', {
              id: rng.uuid(),
              ...base,
              meeting_id: id,
              title: 'Follow up on what we discussed',
              owner_person_id: pair.mentee.id,
              due_on: isoDay(startsAt + 14 * DAY),
              done_at: rng.chance(0.8) ? iso(startsAt + 10 * DAY) : null,
              created_by_person_id: pair.mentee.id,
              created_at: iso(startsAt + 3600_000),
              updated_at: iso(startsAt + 3600_000),
            });
        }
      }
      if (lastHeld)
        await w.add('workspace_activity', {
          ...base,
          actor_person_id: pair.mentor.id,
          kind: 'meeting_scheduled',
          summary: 'Meeting scheduled',
          subject_id: lastHeld.id,
          created_at: iso(lastHeld.startsAt - 7 * DAY),
        });

      // Check-in (30 days in) and closing survey (after the end), each side; skills self-ratings where the program
      // asks for them.
      const survey = async (kind: 'check_in' | 'closing', atMs: number) => {
        for (const [role, person] of [
          ['mentor', pair.mentor],
          ['mentee', pair.mentee],
        ] as const) {
          if (!rng.chance(kind === 'check_in' ? 0.88 : 0.8)) continue;
          const low = pair.struggling && rng.chance(0.6);
          const skills =
            program.skills.length > 0 && rng.chance(0.85)
              ? Object.fromEntries(
                  program.skills.map((s) => [
                    s,
                    Math.max(
                      1,
                      Math.min(
                        5,
                        Math.round(
                          2.4 +
                            rng.next() * 1.4 +
                            (kind === 'closing' ? (role === 'mentee' ? 0.8 : 0.3) : 0) -
                            0.4,
                        ),
                      ),
                    ),
                  ]),
                )
              : null;
          surveyAnswers++;
          await w.add('survey_responses', {
            id: rng.uuid(),
            ...base,
            program_id: program.id,
            person_id: person.id,
            role,
            kind,
            rating: low ? rng.int(1, 2) : rng.weighted([3, 4, 5], [2, 5, 4]),
            nps:
              kind === 'closing' ? (low ? rng.int(0, 6) : rng.weighted([7, 8, 9, 10], [2, 3, 4, 3])) : null,
            rematch_requested: kind === 'check_in' && low && rng.chance(0.3),
            comment: '',
            answers: skills ? { skills } : {},
            created_at: iso(atMs + rng.int(0, 5) * DAY),
          });
        }
      };
      if (pair.startMs + 35 * DAY < until) await survey('check_in', pair.startMs + 30 * DAY);
      if (pair.endMs !== null && pair.endMs + 6 * DAY < nowMs) await survey('closing', pair.endMs);

      // Resource completions.
      for (const r of resourcesOf.get(program.id)!) {
        for (const [role, person] of [
          ['mentor', pair.mentor],
          ['mentee', pair.mentee],
        ] as const) {
          if (r.audience !== 'both' && r.audience !== role) continue;
          const key = `${r.id}:${person.id}`;
          if (completions.has(key) || !rng.chance(0.4)) continue;
          completions.add(key);
          await w.add('resource_completions', {
            organisation_id: organisationId,
            resource_id: r.id,
            person_id: person.id,
            completed_at: iso(Math.min(until, pair.startMs + rng.int(1, 60) * DAY)),
          });
        }
      }
    }
    await w.flush();

    // Second pass: meeting ratings, as many as needed for the rating target (each side at most once a meeting).
    const feedbackChance = Math.min(1, Math.max(0, (ratingTarget - surveyAnswers) / (2 * heldMeetings)));
    for (const pair of pairs) {
      const held = (pair as Pair & { held?: { id: string; startsAt: number }[] }).held ?? [];
      for (const meeting of held)
        for (const [role, person] of [
          ['mentor', pair.mentor],
          ['mentee', pair.mentee],
        ] as const) {
          if (!rng.chance(feedbackChance)) continue;
          const low = pair.struggling && rng.chance(0.5);
          await w.add('meeting_feedback', {
            id: rng.uuid(),
            organisation_id: organisationId,
            relationship_id: pair.id,
            meeting_id: meeting.id,
            program_id: pair.program.id,
            person_id: person.id,
            role,
            rating: low ? rng.int(1, 2) : rng.weighted([3, 4, 5], [2, 5, 5]),
            helped: [rng.pick(helped)],
            created_at: iso(meeting.startsAt + 2 * 3600_000),
          });
        }
    }
    await w.flush();
    for (const [k, v] of w.written) counts.set(k, v);
  });
  phase('programs, pairs and workspaces');

  await db.transaction(async (tx) => {
    const w = new BatchWriter(tx as unknown as Db, batchSize);
    for (const row of careerRows) {
      const { person, ...rest } = row as Row & { person: PersonSim };
      await w.add('career_events', {
        organisation_id: organisationId,
        person_id: person.id,
        source: 'csv',
        created_at: iso(nowMs - 30 * DAY),
        ...rest,
      });
    }
    await w.flush();
    for (const [k, v] of w.written) counts.set(k, v);
  });
  phase(`career events (${careerRows.length})`);

  // The mentor and the mentee of the longest-running active pair of the largest program, signed in, each with a
  // bell of 40 notifications (a quarter unread): what a participant's own pages read.
  let participantUsers: Pick<LargeOrg, 'mentor' | 'mentee' | 'pairId'> = {};
  if (options.participants) {
    const pair = pairs
      .filter((p) => p.program === largest && p.status === 'active')
      .sort((a, b) => a.startMs - b.startMs)[0]!;
    await db.transaction(async (tx) => {
      const dbx = tx as unknown as Db;
      const mentor = await makeUser(dbx, pair.mentor, 'member', 'mentor');
      const mentee = await makeUser(dbx, pair.mentee, 'member', 'mentee');
      const notices: Row[] = [];
      for (const user of [mentor, mentee])
        for (let k = 0; k < 40; k++)
          notices.push({
            id: rng.uuid(),
            organisation_id: organisationId,
            user_id: user.userId,
            person_id: user.personId,
            kind: 'meeting_scheduled',
            title: `A meeting was scheduled (${k + 1})`,
            body: 'Your pair scheduled a meeting.',
            link: `/relationships/${pair.id}`,
            relationship_id: pair.id,
            read_at: k < 30 ? iso(nowMs - (40 - k) * DAY + 3_600_000) : null,
            created_at: iso(nowMs - (40 - k) * DAY),
          });
      const w = new BatchWriter(dbx, batchSize);
      for (const row of notices) await w.add('notifications', row);
      await w.flush();
      participantUsers = { mentor, mentee, pairId: pair.id };
    });
    phase('participants');
  }

  counts.set('people', personCount);
  const programViews: LargeOrgProgram[] = programs.map((p) => ({
    id: p.id,
    name: p.name,
    status: p.status,
    relationships: p.pairs,
    activeRelationships: p.active,
  }));
  const largestProgramId = [...programViews].sort((a, b) => b.activeRelationships - a.activeRelationships)[0]!
    .id;
  return {
    organisationId,
    slug,
    admin,
    coordinator,
    programs: programViews,
    largestProgramId,
    skillsProgramId: skillsProgram.id,
    counts: Object.fromEntries(counts),
    ...participantUsers,
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    phases,
  };
}

/** ANALYZE every table the organisation filled (PostgreSQL's autovacuum would; PGlite has none). */
export async function analyzeTables(db: Db): Promise<void> {
  for (const table of tableOrder) await db.execute(sql.raw(`analyze "${table}"`));
}
