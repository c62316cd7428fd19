import { learningStyles } from '../../../core/matching/profiles.ts';
import { generateDemoPeople } from '../../../core/people/demo-data.ts';
import { seededRandom } from '../../../core/seeded-random.ts';
import type { Actor, AppContext } from '../../context.ts';
import { createProgram } from '../programs/programs.service.ts';
import { insertLeavers } from './demo-history.repository.ts';
import * as repo from './demo-past-cohort.repository.ts';
import type { DemoSchedule } from './demo-workspaces.ts';
import { createDemoWorkspaces } from './demo-workspaces.ts';

/**
 * A program that ran and closed two years ago, so the outcome pages have participants whose year after joining has
 * passed: "Emerging Leaders 2024", one-to-one, about 84 pairs who started 29 months ago (staggered over four weeks)
 * and met about monthly for six months; most completed, a few ended early. Mentees come from every department and level, seniors
 * more often (as in real programs: a confounder the like-for-like comparison has to handle); a few of them have left
 * the organisation since (their exit is in the HRIS history, demo-history.ts). The participants rated themselves on
 * the program's skills at the check-in and at the end. Deterministic for a seed (the dates follow the clock).
 */

const DAY = 24 * 3600 * 1000;
const cohortSkills = ['Leadership', 'Giving feedback', 'Influencing', 'Building confidence'];
const offered = ['Leadership', 'Coaching', 'Giving feedback', 'Influencing', 'Strategy', 'Career planning'];
const wanted = ['Leadership', 'Giving feedback', 'Influencing', 'Building confidence', 'Public speaking'];
/** Chance of joining by today's level: seniors more likely (the confounder). */
const joinWeight: Record<number, number> = { 2: 0.5, 3: 0.8, 4: 1.2, 5: 1.7, 6: 2.1 };
const MENTEES = 76;
const FORMER_MENTEES = 8;
const MENTORS = 42;

const earlyEndings = [
  (mentor: string) => `${mentor} moved to a new role with little time for mentoring`,
  () => 'Our calendars never lined up after the first two meetings',
  (mentor: string) => `${mentor} went on parental leave`,
  () => 'We agreed the pairing was not the right fit for my goals',
];

/** `count` items drawn without replacement, each with chance proportional to its weight. */
function weightedSample<T>(
  items: readonly T[],
  weight: (item: T) => number,
  count: number,
  random: () => number,
) {
  // Efraimidis–Spirakis: the largest u^(1/w) keys.
  return items
    .map((item) => ({ item, key: random() ** (1 / Math.max(1e-9, weight(item))) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, count)
    .map((entry) => entry.item);
}

function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Create the closed past program for the organisation's admin `actor`; call inside the demo's transaction. */
export async function createDemoPastCohort(ctx: AppContext, actor: Actor, seed: number) {
  const random = seededRandom(seed);
  const now = ctx.now();
  const organisationId = actor.organisationId;
  const firstStart = new Date(now);
  firstStart.setUTCMonth(firstStart.getUTCMonth() - 29);
  firstStart.setUTCHours(9, 0, 0, 0);
  const programEnd = new Date(firstStart.getTime() + 220 * DAY);
  const hiredBefore = (days: number) => isoDate(new Date(firstStart.getTime() - days * DAY));

  const program = await createProgram(ctx, actor, {
    name: 'Emerging Leaders 2024',
    description: 'A six-month one-to-one program for people stepping into their first leadership role.',
    goals: 'Help new and future leaders find their feet, with a mentor from another part of the company.',
    type: 'one_to_one',
    matchingMode: 'admin',
    meetingCadence: 'monthly',
    relationshipMonths: 6,
    mentorDefaultCapacity: 2,
    startsOn: isoDate(firstStart),
    endsOn: isoDate(programEnd),
    selfRatedSkills: cohortSkills,
  });
  await repo.closeProgramInThePast(ctx.db, program.id, {
    createdAt: new Date(firstStart.getTime() - 75 * DAY),
    closedAt: new Date(programEnd.getTime() + 14 * DAY),
  });

  const candidates = (await repo.listCohortCandidates(ctx.db, organisationId)).filter(
    (p) => p.id !== actor.personId && p.level !== null && p.hireDate !== null,
  );
  const mentors = weightedSample(
    candidates.filter((p) => p.level! >= 6 && p.level! <= 8 && p.hireDate! < hiredBefore(90)),
    () => 1,
    MENTORS,
    random,
  );
  const mentorIds = new Set(mentors.map((p) => p.id));
  const current = weightedSample(
    candidates.filter(
      (p) => !mentorIds.has(p.id) && p.level! >= 2 && p.level! <= 6 && p.hireDate! < hiredBefore(120),
    ),
    (p) => joinWeight[p.level!] ?? 0,
    MENTEES,
    random,
  );
  // Some mentees have left the organisation since: former employees, inactive, with no account.
  const alumni = weightedSample(
    generateDemoPeople({ seed: seed + 3, count: 120, domain: 'former.demo.trellis.local' }).filter(
      (p) => p.level >= 2 && p.level <= 6 && p.hireDate < hiredBefore(120),
    ),
    (p) => joinWeight[p.level] ?? 0,
    FORMER_MENTEES,
    random,
  );
  const alumniIds = await insertLeavers(
    ctx.db,
    organisationId,
    alumni.map((p) => ({ ...p, key: `alumni-${p.key}` })),
    now,
  );
  const mentees = [
    ...current,
    ...alumni.map((p) => ({
      id: alumniIds.get(`alumni-${p.key}`)!,
      email: p.email,
      department: p.department,
      jobFunction: p.jobFunction,
      level: p.level,
      hireDate: p.hireDate,
      languages: p.languages,
    })),
  ];

  // Pairing as the program team did: each mentee (most senior first) with a more senior mentor from another
  // department where one has room, two mentees per mentor.
  const load = new Map(mentors.map((m) => [m.id, 0]));
  const pairs: { mentor: (typeof mentors)[number]; mentee: (typeof mentees)[number] }[] = [];
  for (const mentee of [...mentees].sort((a, b) => b.level! - a.level! || (a.email < b.email ? -1 : 1))) {
    const open = mentors.filter((m) => load.get(m.id)! < 2);
    const fits = (m: (typeof mentors)[number]) => m.level! > mentee.level!;
    const choices = [
      open.filter((m) => fits(m) && m.department !== mentee.department),
      open.filter(fits),
      open,
    ].find((list) => list.length > 0);
    if (!choices) break;
    const mentor = choices[Math.floor(random() * choices.length)]!;
    load.set(mentor.id, load.get(mentor.id)! + 1);
    pairs.push({ mentor, mentee });
  }

  const enrolledAt = new Date(firstStart.getTime() - 45 * DAY);
  const style = () => learningStyles[Math.floor(random() * learningStyles.length)]!;
  const pickSome = (items: readonly string[], count: number) => weightedSample(items, () => 1, count, random);
  const usedMentors = mentors.filter((m) => load.get(m.id)! > 0);
  const enrolmentIds = await repo.insertCohortEnrolments(ctx.db, [
    ...usedMentors.map((p) => ({
      organisationId,
      programId: program.id,
      personId: p.id,
      role: 'mentor',
      status: 'approved',
      capacity: 2,
      profile: {
        skillsOffered: pickSome(offered, 3),
        goals: 'Happy to share what I learnt in my first years of leading people',
        learningStyle: style(),
        meetingMode: 'video',
        languages: p.languages,
      },
      enrolledBy: actor.userId,
      createdAt: enrolledAt,
      updatedAt: enrolledAt,
    })),
    ...pairs.map(({ mentee }) => ({
      organisationId,
      programId: program.id,
      personId: mentee.id,
      role: 'mentee',
      status: 'approved',
      capacity: null,
      profile: {
        skillsWanted: pickSome(wanted, 3),
        goals: 'Grow into my first leadership role with confidence',
        targetFunction: mentee.jobFunction,
        learningStyle: style(),
        meetingMode: 'video',
        languages: mentee.languages,
        departmentPreference: 'different',
      },
      enrolledBy: actor.userId,
      createdAt: enrolledAt,
      updatedAt: enrolledAt,
    })),
  ]);
  const mentorEnrolment = new Map(usedMentors.map((m, i) => [m.id, enrolmentIds[i]!]));
  await repo.insertCohortRelationships(
    ctx.db,
    pairs.map(({ mentor, mentee }, i) => ({
      organisationId,
      programId: program.id,
      mentorEnrolmentId: mentorEnrolment.get(mentor.id)!,
      menteeEnrolmentId: enrolmentIds[usedMentors.length + i]!,
      mentorPersonId: mentor.id,
      menteePersonId: mentee.id,
      status: 'active',
      origin: 'match_run',
      score: (60 + Math.floor(random() * 35)) * 100,
      // The workspace history below sets the real dates.
      startedAt: firstStart,
      createdAt: firstStart,
      updatedAt: firstStart,
    })),
    actor.userId,
  );

  // Six months each, starts staggered over four weeks; about one pair in sixteen ended early.
  const schedule: DemoSchedule = {
    startOf: (index) => new Date(firstStart.getTime() + (index % 5) * 7 * DAY + (index % 3) * 3600 * 1000),
    endingOf: (index, started, mentor) =>
      index % 16 === 9
        ? {
            status: 'ended_early',
            at: new Date(started.getTime() + (40 + (index % 4) * 15) * DAY),
            reason: earlyEndings[index % earlyEndings.length]!(mentor),
          }
        : { status: 'completed', at: new Date(started.getTime() + (182 + (index % 4)) * DAY), reason: null },
    rematchIndex: null,
    meetingEveryDays: 28,
    resourcesAt: new Date(firstStart.getTime() - 30 * DAY),
  };
  const workspaces = await createDemoWorkspaces(ctx.db, {
    organisationId,
    programId: program.id,
    now,
    seed: seed + 7,
    relationshipMonths: 6,
    selfRatedSkills: cohortSkills,
    schedule,
  });
  return { programId: program.id, pairs: pairs.length, meetings: workspaces.meetings };
}
