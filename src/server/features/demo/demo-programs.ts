import { learningStyles } from '../../../core/matching/profiles.ts';
import { seededRandom } from '../../../core/seeded-random.ts';
import type { Actor, AppContext } from '../../context.ts';
import { type PlannedEnrolment, writeStaffEnrolments } from '../enrolments/enrolments.service.ts';
import { createMatchRun, publishMatchRun, runMatchRunNow } from '../match-runs/match-runs.service.ts';
import { programInOrganisation } from '../programs/program-access.ts';
import { createProgram, transitionProgram } from '../programs/programs.service.ts';
import { createDemoHomes } from './demo-homes.ts';
import { listDemoPeople } from './demo-programs.repository.ts';
import { createDemoWorkspaces } from './demo-workspaces.ts';

/**
 * Two programs for the demo organisation, built through the same services an admin uses: "Engineering Leadership
 * 2027" (one-to-one, admin-matched) enrolled, matched and published, so relationships are running; and "Product
 * Mentoring Circle" (self-select) open for enrolment with mentors and some mentees. Then a few things waiting for
 * each persona's home (demo-homes.ts). Deterministic for a seed.
 */

const leadershipSkills = [
  'Leadership',
  'People management',
  'Coaching',
  'Delegation',
  'Giving feedback',
  'Conflict resolution',
  'System design',
  'Software engineering',
  'Cloud infrastructure',
  'Strategy',
  'Presenting to executives',
  'Influencing',
];
/** What the running program's participants rate themselves on at the check-in and at the end. */
const leadershipRatedSkills = ['Leadership', 'Giving feedback', 'System design', 'Presenting to executives'];
const productSkills = [
  'Product management',
  'Strategy',
  'Data analysis',
  'Design',
  'Public speaking',
  'Writing',
  'Negotiation',
  'Career planning',
  'Personal branding',
  'Marketing',
];
const menteeGoals = [
  'Step up to lead a team of engineers within the next year and learn to give feedback well',
  'Move from senior engineer to tech lead; get better at system design reviews and influencing without authority',
  'Become an engineering manager and learn hiring, one-to-ones and delegation',
  'Grow into a staff engineer role, own architecture decisions across teams',
  'Build confidence presenting to executives and explaining technical trade-offs',
  'Learn how to run projects across several teams and handle conflict calmly',
  'Switch into product management from engineering',
  'Get better at prioritisation, roadmaps and talking with customers',
  'Understand strategy and how product decisions are made by senior leaders',
];
const mentorOffers = [
  'I have led engineering teams for years and enjoy helping new managers find their feet',
  'Happy to help with system design, technical leadership and growing into staff roles',
  'I moved from engineering into management and can share what I learnt about feedback and hiring',
  'Product strategy, roadmaps and working with stakeholders across the company',
  'Presenting to executives, influencing and building a career plan',
];

function pickSome<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

interface DemoProgramsResult {
  leadershipProgramId: string;
  circleProgramId: string;
  relationships: number;
}

/** Create the demo programs for the organisation's admin `actor`; call inside the demo's transaction. */
export async function createDemoPrograms(
  ctx: AppContext,
  actor: Actor,
  seed: number,
): Promise<DemoProgramsResult> {
  const random = seededRandom(seed);
  const all = await listDemoPeople(ctx.db, actor.organisationId);
  const everyone = all.filter((p) => p.id !== actor.personId);
  const adminPerson = all.find((p) => p.id === actor.personId);
  // The program has been running for about fifteen weeks, so its workspaces have history (demo-workspaces.ts).
  const today = ctx.now();
  const startsOn = new Date(today.getTime() - 106 * 24 * 3600 * 1000);
  const endsOn = new Date(startsOn);
  endsOn.setUTCMonth(endsOn.getUTCMonth() + 6);
  const engineers = everyone.filter((p) => p.department === 'Engineering');
  const seniorEngineers = engineers.filter((p) => (p.level ?? 0) >= 6);
  const juniorEngineers = engineers.filter((p) => (p.level ?? 0) >= 2 && (p.level ?? 0) <= 4);
  const style = () => learningStyles[Math.floor(random() * learningStyles.length)]!;

  // ── Engineering Leadership 2027: matched and running ─────────────────────────────────────────────────────
  const leadership = await createProgram(ctx, actor, {
    name: 'Engineering Leadership 2027',
    description:
      'A six-month one-to-one program pairing engineers who want to lead with experienced leaders.',
    goals: 'Grow the next generation of engineering leads and managers.',
    type: 'one_to_one',
    matchingMode: 'admin',
    meetingCadence: 'fortnightly',
    relationshipMonths: 6,
    mentorDefaultCapacity: 2,
    startsOn: startsOn.toISOString().slice(0, 10),
    endsOn: endsOn.toISOString().slice(0, 10),
    selfRatedSkills: leadershipRatedSkills,
  });
  const leadershipMentors = pickSome(seniorEngineers, 20, random);
  const leadershipMentees = pickSome(juniorEngineers, 36, random);
  await transitionProgram(ctx, actor, leadership.id, 'enrolling');
  const leadershipProgram = (await programInOrganisation(ctx.db, actor.organisationId, leadership.id))!;
  // The demo admin (Head of People) mentors too, so whoever explores the demo has mentees and workspaces of their own.
  if (adminPerson) leadershipMentors.unshift(adminPerson);
  const planned: PlannedEnrolment[] = [
    ...leadershipMentors.map((p, k) => ({
      personId: p.id,
      role: 'mentor' as const,
      capacity: 2,
      path: `leadership.mentors[${k}]`,
      profile: {
        skillsOffered:
          p === adminPerson
            ? ['Leadership', 'People management', 'Coaching', 'Giving feedback']
            : pickSome(leadershipSkills, 4, random),
        goals: mentorOffers[Math.floor(random() * 3)]!,
        learningStyle: style(),
        meetingMode: 'video',
        languages: p.languages,
      },
    })),
    ...leadershipMentees.map((p, k) => ({
      personId: p.id,
      role: 'mentee' as const,
      capacity: null,
      path: `leadership.mentees[${k}]`,
      profile: {
        skillsWanted: pickSome(leadershipSkills, 3, random),
        goals: menteeGoals[Math.floor(random() * 6)]!,
        targetFunction: p.jobFunction,
        learningStyle: style(),
        meetingMode: 'video',
        languages: p.languages,
        departmentPreference: random() < 0.3 ? 'different' : 'any',
      },
    })),
  ];
  await writeStaffEnrolments(ctx, ctx.db, actor, leadershipProgram, planned);
  await transitionProgram(ctx, actor, leadership.id, 'matching');
  const run = await createMatchRun(ctx, actor, leadership.id, { mode: 'optimal', seed: 1 });
  await runMatchRunNow(ctx, run.id);
  const published = await publishMatchRun(ctx, actor, leadership.id, run.id);
  await createDemoWorkspaces(ctx.db, {
    organisationId: actor.organisationId,
    programId: leadership.id,
    now: today,
    seed: seed + 7,
    relationshipMonths: 6,
    selfRatedSkills: leadershipRatedSkills,
  });

  // ── Product Mentoring Circle: self-select, enrolling ─────────────────────────────────────────────────────
  const circle = await createProgram(ctx, actor, {
    name: 'Product Mentoring Circle',
    description: 'Mentees browse product mentors, request the ones they like, and mentors accept.',
    goals: 'Spread product thinking across the company.',
    type: 'one_to_one',
    matchingMode: 'self_select',
    meetingCadence: 'monthly',
    relationshipMonths: 4,
    mentorDefaultCapacity: 3,
    // The program team approves who joins: the demo has people waiting for it (demo-homes.ts).
    requiresApproval: true,
  });
  await transitionProgram(ctx, actor, circle.id, 'enrolling');
  const taken = new Set([...leadershipMentors, ...leadershipMentees].map((p) => p.id));
  const free = everyone.filter((p) => !taken.has(p.id));
  const circleMentors = pickSome(
    free.filter(
      (p) => (p.level ?? 0) >= 6 && ['Product', 'Design', 'Marketing'].includes(p.department ?? ''),
    ),
    8,
    random,
  );
  const circleMentees = pickSome(
    free.filter((p) => (p.level ?? 0) >= 2 && (p.level ?? 0) <= 4),
    12,
    random,
  );
  const circleProgram = (await programInOrganisation(ctx.db, actor.organisationId, circle.id))!;
  await writeStaffEnrolments(ctx, ctx.db, actor, circleProgram, [
    ...circleMentors.map((p, k) => ({
      personId: p.id,
      role: 'mentor' as const,
      capacity: 3,
      path: `circle.mentors[${k}]`,
      profile: {
        skillsOffered: pickSome(productSkills, 4, random),
        goals: mentorOffers[3 + Math.floor(random() * 2)]!,
        learningStyle: style(),
        meetingMode: 'any',
        languages: p.languages,
      },
    })),
    ...circleMentees.map((p, k) => ({
      personId: p.id,
      role: 'mentee' as const,
      capacity: null,
      path: `circle.mentees[${k}]`,
      profile: {
        skillsWanted: pickSome(productSkills, 3, random),
        goals: menteeGoals[6 + Math.floor(random() * 3)]!,
        targetFunction: 'Product Management',
        learningStyle: style(),
        meetingMode: 'video',
        languages: p.languages,
        departmentPreference: 'different',
      },
    })),
  ]);
  await createDemoHomes(ctx, {
    organisationId: actor.organisationId,
    admin: { personId: actor.personId, name: actor.name },
    leadershipProgramId: leadership.id,
    circleProgramId: circle.id,
  });
  return {
    leadershipProgramId: leadership.id,
    circleProgramId: circle.id,
    relationships: published.relationshipsCreated,
  };
}
