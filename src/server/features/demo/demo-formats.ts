import { randomUUID } from 'node:crypto';
import type {
  AgreementContent,
  meetingHelpedOptions,
} from '../../../contracts/workspace-shapes.contracts.ts';
import { seededRandom } from '../../../core/seeded-random.ts';
import { isValidTimeZone, zonedTimeToUtc } from '../../../core/time-zones.ts';
import type { Actor, AppContext } from '../../context.ts';
import { writeStaffEnrolments } from '../enrolments/enrolments.service.ts';
import { createMatchRun, publishMatchRun, runMatchRunNow } from '../match-runs/match-runs.service.ts';
import { programInOrganisation } from '../programs/program-access.ts';
import { createProgram, transitionProgram } from '../programs/programs.service.ts';
import * as repo from './demo-formats.repository.ts';

/**
 * The demo's group and flash programs (issue 14), so both formats have something to show:
 * - "New Managers Circles" (group): two mentors and eight new managers, grouped by the group matcher and published
 *   eight weeks ago; each group signed its agreement, set group goals and each member a goal of their own, met
 *   every two weeks (attendance per member, one or two absences, members' ratings), with shared notes and a meeting
 *   still to come.
 * - "Coffee chats with experts" (flash): five mentors with a weekly pattern, a monthly cap and open slots for the
 *   next three weeks; ten sessions held over the last six weeks (agenda, topic, both sides' feedback, closed), and
 *   two booked for the coming days.
 * History rows are written directly (the services would stamp everything "now"); deterministic for a seed apart from
 * the dates, which follow the clock.
 */

const DAY = 24 * 3600 * 1000;
type Helped = (typeof meetingHelpedOptions)[number];

const circleSkills = [
  'People management',
  'Giving feedback',
  'Delegation',
  'Hiring',
  'Conflict resolution',
  'Coaching',
  'Prioritisation',
];
const newManagerGoals = [
  'I just became a manager and want to learn to run good one-to-ones and give feedback',
  'Learn to delegate and stop doing all the work myself now that I lead a team',
  'Handle conflict in my new team calmly and hire my first engineer',
  'Build confidence as a first-time manager: feedback, prioritisation and saying no',
];
const expertSkills = [
  'Public speaking',
  'Negotiation',
  'Career planning',
  'Data analysis',
  'Product strategy',
  'Personal branding',
  'Writing',
  'Cloud infrastructure',
];
const agendas = [
  'I have a talk at the all-hands next month and want tips on structure and nerves.',
  'How do I prepare for my salary review? What should I ask for and how?',
  'I am thinking about moving into product: what does the day-to-day look like?',
  'Could you look at how I present data to executives and tell me what to change?',
  'I want to write a first blog post for the engineering blog: where do I start?',
  'What should a good career plan for the next two years contain?',
];
const groupGoalPool = [
  {
    title: 'Everyone runs a structured one-to-one with each report',
    measurable: 'Each member shares one agenda',
  },
  {
    title: 'Practise giving difficult feedback together',
    measurable: 'Two role-plays per member by the end',
  },
  {
    title: 'Build a shared hiring checklist',
    measurable: 'One page the group agrees on, used in a real hire',
  },
];
const memberGoalPool = [
  'Hold weekly one-to-ones with every report for two months',
  'Delegate one project end to end without stepping in',
  'Give one piece of constructive feedback each week',
  'Run my first interview loop as hiring manager',
];
const sharedNotes = [
  'Thanks all for today. The three questions for a first one-to-one: what is going well, what is in your way, how can I help? Try them this fortnight and bring one surprise next time.',
  'Role-play notes: state the behaviour, its impact, then ask. Keep it short and kind; follow up in writing.',
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function pickSome<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const zoneOf = (zone: string | null) => (zone && isValidTimeZone(zone) ? zone : 'Europe/London');

export async function createDemoFormats(ctx: AppContext, actor: Actor, seed: number) {
  const random = seededRandom(seed);
  const free = await repo.listUnenrolledPeople(ctx.db, actor.organisationId);
  const seniors = free.filter((p) => (p.level ?? 0) >= 6);
  const juniors = free.filter((p) => (p.level ?? 0) >= 2 && (p.level ?? 0) <= 4);
  const circleMentors = pickSome(seniors, 2, random);
  const flashMentors = pickSome(
    seniors.filter((p) => !circleMentors.includes(p)),
    5,
    random,
  );
  const circleMentees = pickSome(juniors, 8, random);
  const flashParticipants = pickSome(
    juniors.filter((p) => !circleMentees.includes(p)),
    12,
    random,
  );
  const groupProgramId = await createCircles(ctx, actor, random, circleMentors, circleMentees);
  const flashProgramId = await createCoffeeChats(ctx, actor, random, flashMentors, flashParticipants);
  return { groupProgramId, flashProgramId };
}

type DemoPerson = Awaited<ReturnType<typeof repo.listUnenrolledPeople>>[number];

async function createCircles(
  ctx: AppContext,
  actor: Actor,
  random: () => number,
  mentors: DemoPerson[],
  mentees: DemoPerson[],
): Promise<string> {
  const now = ctx.now();
  const started = new Date(now.getTime() - 56 * DAY);
  const program = await createProgram(ctx, actor, {
    name: 'New Managers Circles',
    description:
      'Small groups of first-time managers meet every two weeks with an experienced leader to practise one-to-ones, feedback, delegation and hiring together.',
    goals: 'Help new managers find their feet, and each other.',
    type: 'group',
    matchingMode: 'admin',
    meetingCadence: 'fortnightly',
    relationshipMonths: 4,
    mentorDefaultCapacity: 5,
    groupMinSize: 3,
    groupMaxSize: 5,
    startsOn: isoDay(started),
  });
  await transitionProgram(ctx, actor, program.id, 'enrolling');
  const row = (await programInOrganisation(ctx.db, actor.organisationId, program.id))!;
  await writeStaffEnrolments(ctx, ctx.db, actor, row, [
    ...mentors.map((p, k) => ({
      personId: p.id,
      role: 'mentor' as const,
      capacity: 5,
      path: `circles.mentors[${k}]`,
      profile: {
        skillsOffered: pickSome(circleSkills, 4, random),
        goals: 'I have led teams for years and enjoy helping new managers learn from each other',
        meetingMode: 'video',
        languages: p.languages,
      },
    })),
    ...mentees.map((p, k) => ({
      personId: p.id,
      role: 'mentee' as const,
      capacity: null,
      path: `circles.mentees[${k}]`,
      profile: {
        skillsWanted: pickSome(circleSkills, 3, random),
        goals: newManagerGoals[k % newManagerGoals.length]!,
        meetingMode: 'video',
        languages: p.languages,
      },
    })),
  ]);
  await transitionProgram(ctx, actor, program.id, 'matching');
  const run = await createMatchRun(ctx, actor, program.id, { mode: 'optimal', seed: 1 });
  await runMatchRunNow(ctx, run.id);
  await publishMatchRun(ctx, actor, program.id, run.id);

  const groups = await repo.listGroupsWithMembers(ctx.db, actor.organisationId, program.id);
  if (groups.length === 0) throw new Error('the demo group program formed no groups');
  // The admin (the persona one explores the demo as) co-mentors the first group, so its page is theirs to open.
  if (actor.personId) {
    await writeStaffEnrolments(ctx, ctx.db, actor, row, [
      {
        personId: actor.personId,
        role: 'mentor',
        capacity: 1,
        path: 'circles.coMentor',
        profile: {
          skillsOffered: ['Coaching', 'Giving feedback'],
          goals: 'Helping new managers give feedback and run their first one-to-ones',
          meetingMode: 'video',
        },
      },
    ]);
    const enrolment = (await repo.listProgramEnrolments(ctx.db, program.id)).find(
      (e) => e.personId === actor.personId && e.role === 'mentor',
    )!;
    await repo.setDemoCoMentor(ctx.db, groups[0]!.group.id, enrolment.id, actor.personId);
  }
  const rows: repo.DemoGroupHistoryRows = {
    groupStarts: [],
    memberStarts: [],
    groupMeetings: [],
    meetings: [],
    feedback: [],
    agreementVersions: [],
    signatures: [],
    groupGoals: [],
    memberGoals: [],
    notes: [],
  };
  const org = actor.organisationId;
  const helped: Helped[] = ['advice', 'perspective', 'encouragement'];
  for (const [g, { group, members }] of groups.entries()) {
    const groupStart = new Date(started.getTime() + g * DAY);
    // Meetings at 15:00 UTC on a Tuesday (the second group: Wednesday), the first in the group's second week.
    const firstMeeting = new Date(`${isoDay(new Date(groupStart.getTime() + 5 * DAY))}T15:00:00Z`);
    while (firstMeeting.getUTCDay() !== 2 + g) firstMeeting.setTime(firstMeeting.getTime() + DAY);
    rows.groupStarts.push({ id: group.id, createdAt: groupStart });
    for (const m of members) rows.memberStarts.push({ id: m.id, startedAt: groupStart });
    const everyone = [group.mentorPersonId, ...members.map((m) => m.menteePersonId)];
    // The agreement, signed by everyone in the first week.
    const versionId = randomUUID();
    const content: AgreementContent = {
      goals: 'Learn the basics of managing people by practising them together, and support each other.',
      meetingFrequency: 'fortnightly',
      communicationModes: ['video', 'chat'],
      confidentiality: 'What members share about their teams stays in the group.',
      groundRules: 'Come with one real situation each time; cameras on; start and end on time.',
      endDate: isoDay(new Date(groupStart.getTime() + 120 * DAY)),
    };
    rows.agreementVersions.push({
      id: versionId,
      organisationId: org,
      groupId: group.id,
      version: 1,
      content,
      editedByPersonId: group.mentorPersonId,
      createdAt: new Date(groupStart.getTime() + 2 * DAY),
    });
    for (const [i, personId] of everyone.entries())
      rows.signatures.push({
        organisationId: org,
        versionId,
        personId,
        signedAt: new Date(groupStart.getTime() + (2 + i * 0.3) * DAY),
      });
    for (const [i, goal] of groupGoalPool.slice(0, 2).entries())
      rows.groupGoals.push({
        organisationId: org,
        groupId: group.id,
        title: goal.title,
        measurable: goal.measurable,
        dueOn: isoDay(new Date(groupStart.getTime() + 100 * DAY)),
        status: i === 0 ? 'on_track' : 'not_started',
        progressPercent: i === 0 ? 60 : 10,
        position: i,
        createdByPersonId: group.mentorPersonId,
        createdAt: new Date(groupStart.getTime() + 3 * DAY),
        updatedAt: new Date(groupStart.getTime() + 30 * DAY),
      });
    for (const [i, m] of members.entries())
      rows.memberGoals.push({
        organisationId: org,
        relationshipId: m.id,
        title: memberGoalPool[(i + g) % memberGoalPool.length]!,
        measurable: 'Checked at each group meeting',
        status: 'on_track',
        progressMode: 'percent',
        progressPercent: 20 + Math.floor(random() * 50),
        createdByPersonId: m.menteePersonId,
        createdAt: new Date(groupStart.getTime() + 4 * DAY),
        updatedAt: new Date(groupStart.getTime() + 30 * DAY),
      });
    // A group meeting every two weeks: attendance per member, each attendee's rating, one meeting to come.
    for (let n = 0; ; n += 1) {
      const startsAt = new Date(firstMeeting.getTime() + 14 * n * DAY);
      const past = startsAt.getTime() < now.getTime() - 2 * 3600 * 1000;
      const groupMeetingId = randomUUID();
      const icsUid = `${randomUUID()}@trellis`;
      const title = `Circle ${n + 1}`;
      const agenda =
        n === 0
          ? 'Introductions; what each of us finds hardest as a new manager.'
          : 'One real situation each; role-play.';
      rows.groupMeetings.push({
        id: groupMeetingId,
        organisationId: org,
        groupId: group.id,
        organiserPersonId: group.mentorPersonId,
        title,
        startsAt,
        durationMinutes: 60,
        timeZone: 'Europe/London',
        videoUrl: 'https://meet.example.com/new-managers-circle',
        agenda,
        status: past ? 'held' : 'scheduled',
        icsUid,
        heldAt: past ? new Date(startsAt.getTime() + 3600 * 1000) : null,
        createdAt: new Date(startsAt.getTime() - 6 * DAY),
        updatedAt: new Date(startsAt.getTime() - 6 * DAY),
      });
      for (const [i, m] of members.entries()) {
        const absent = past && (n + i + g) % 7 === 3;
        const meetingId = randomUUID();
        rows.meetings.push({
          id: meetingId,
          organisationId: org,
          relationshipId: m.id,
          groupMeetingId,
          organiserPersonId: group.mentorPersonId,
          title,
          startsAt,
          durationMinutes: 60,
          timeZone: 'Europe/London',
          videoUrl: 'https://meet.example.com/new-managers-circle',
          agenda,
          status: past ? (absent ? 'no_show' : 'held') : 'scheduled',
          icsUid: `${icsUid}-${i}`,
          heldAt: past && !absent ? new Date(startsAt.getTime() + 3600 * 1000) : null,
          createdAt: new Date(startsAt.getTime() - 6 * DAY),
          updatedAt: new Date(startsAt.getTime() - 6 * DAY),
        });
        if (past && !absent && random() < 0.8)
          rows.feedback.push({
            organisationId: org,
            relationshipId: m.id,
            meetingId,
            programId: program.id,
            personId: m.menteePersonId,
            role: 'mentee',
            rating: random() < 0.7 ? 5 : 4,
            helped: pickSome(helped, 2, random),
            comment: '',
            createdAt: new Date(startsAt.getTime() + 5 * 3600 * 1000),
          });
      }
      if (n < sharedNotes.length && past)
        rows.notes.push({
          organisationId: org,
          groupId: group.id,
          authorPersonId: group.mentorPersonId,
          visibility: 'shared',
          groupMeetingId,
          body: sharedNotes[n]!,
          createdAt: new Date(startsAt.getTime() + 2 * 3600 * 1000),
          updatedAt: new Date(startsAt.getTime() + 2 * 3600 * 1000),
        });
      if (!past) break;
    }
  }
  await repo.writeDemoGroupHistory(ctx.db, rows);
  return program.id;
}

async function createCoffeeChats(
  ctx: AppContext,
  actor: Actor,
  random: () => number,
  mentors: DemoPerson[],
  participants: DemoPerson[],
): Promise<string> {
  const now = ctx.now();
  const program = await createProgram(ctx, actor, {
    name: 'Coffee chats with experts',
    description:
      'Book a 30-minute conversation with a colleague who knows a subject well: one session, no commitment. Mentors publish the times that suit them.',
    goals: 'Make expertise across the company easy to reach.',
    type: 'flash',
    matchingMode: 'self_select',
    meetingCadence: 'monthly',
    relationshipMonths: 1,
    mentorDefaultCapacity: 4,
    flashCloseDays: 7,
    startsOn: isoDay(new Date(now.getTime() - 60 * DAY)),
  });
  await transitionProgram(ctx, actor, program.id, 'enrolling');
  const row = (await programInOrganisation(ctx.db, actor.organisationId, program.id))!;
  const topicsOf = new Map<string, string[]>();
  await writeStaffEnrolments(ctx, ctx.db, actor, row, [
    ...mentors.map((p, k) => {
      const topics = pickSome(expertSkills, 3, random);
      topicsOf.set(p.id, topics);
      return {
        personId: p.id,
        role: 'mentor' as const,
        capacity: 4,
        path: `flash.mentors[${k}]`,
        profile: {
          skillsOffered: topics,
          goals: `Half an hour on ${topics.join(', ').toLowerCase()}: bring a question or a draft`,
          meetingMode: 'video',
          languages: p.languages,
        },
      };
    }),
    // The admin can book a session too.
    ...[...participants, ...(actor.personId ? [{ id: actor.personId, languages: [] as string[] }] : [])].map(
      (p, k) => ({
        personId: p.id,
        role: 'mentee' as const,
        capacity: null,
        path: `flash.participants[${k}]`,
        profile: {
          skillsWanted: pickSome(expertSkills, 2, random),
          meetingMode: 'video',
          languages: p.languages,
        },
      }),
    ),
  ]);
  // Flash programs have no matching step: the program runs once mentors and participants are in.
  await transitionProgram(ctx, actor, program.id, 'matching');
  await transitionProgram(ctx, actor, program.id, 'running');
  const enrolmentOf = new Map(
    (await repo.listProgramEnrolments(ctx.db, program.id)).map((e) => [`${e.personId}:${e.role}`, e.id]),
  );
  const org = actor.organisationId;
  const rows: repo.DemoFlashRows = {
    settings: [],
    patterns: [],
    relationships: [],
    events: [],
    slots: [],
    meetings: [],
    feedback: [],
  };
  // Each mentor: a weekly 30-minute slot (Monday to Friday in turn) in their own zone, four sessions a month.
  const weekly = mentors.map((mentor, k) => {
    const zone = zoneOf(mentor.timeZone);
    const enrolmentId = enrolmentOf.get(`${mentor.id}:mentor`)!;
    const patternId = randomUUID();
    const weekday = k % 5;
    const startTime = k % 2 === 0 ? '10:00' : '14:30';
    rows.settings.push({
      mentorEnrolmentId: enrolmentId,
      organisationId: org,
      programId: program.id,
      monthlyCap: 4,
      timeZone: zone,
    });
    rows.patterns.push({
      id: patternId,
      organisationId: org,
      programId: program.id,
      mentorEnrolmentId: enrolmentId,
      weekday,
      startTime,
      durationMinutes: 30,
      timeZone: zone,
      createdAt: new Date(now.getTime() - 50 * DAY),
    });
    return { mentor, zone, enrolmentId, patternId, weekday, startTime };
  });
  // Every occurrence from six weeks ago to three weeks ahead: past ones some booked (held), future ones open.
  let sessions = 0;
  let upcomingBooked = 0;
  for (const w of weekly) {
    for (let d = -42; d <= 21; d += 1) {
      const date = isoDay(new Date(now.getTime() + d * DAY));
      // 0 = Monday … 6 = Sunday
      if ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7 !== w.weekday) continue;
      const startsAt = zonedTimeToUtc(date, w.startTime, w.zone);
      const past = startsAt.getTime() < now.getTime() - 3600 * 1000;
      const future = startsAt.getTime() > now.getTime();
      const book = past ? sessions < 10 && random() < 0.6 : future && upcomingBooked < 2 && d <= 7;
      const slotId = randomUUID();
      if (!book) {
        if (future)
          rows.slots.push({
            id: slotId,
            organisationId: org,
            programId: program.id,
            mentorEnrolmentId: w.enrolmentId,
            mentorPersonId: w.mentor.id,
            startsAt,
            durationMinutes: 30,
            timeZone: w.zone,
            patternId: w.patternId,
            status: 'open',
            createdAt: new Date(now.getTime() - 50 * DAY),
            updatedAt: new Date(now.getTime() - 50 * DAY),
          });
        continue;
      }
      if (past) sessions += 1;
      else upcomingBooked += 1;
      const participant = participants[(sessions + upcomingBooked * 5) % participants.length]!;
      const menteeEnrolmentId = enrolmentOf.get(`${participant.id}:mentee`)!;
      const bookedAt = new Date(startsAt.getTime() - 4 * DAY);
      const endedAt = past ? new Date(startsAt.getTime() + 2 * DAY) : null;
      const relationshipId = randomUUID();
      const topic = pick(topicsOf.get(w.mentor.id) ?? expertSkills, random);
      const agenda = pick(agendas, random);
      rows.relationships.push({
        id: relationshipId,
        organisationId: org,
        programId: program.id,
        mentorEnrolmentId: w.enrolmentId,
        menteeEnrolmentId,
        mentorPersonId: w.mentor.id,
        menteePersonId: participant.id,
        status: past ? 'completed' : 'active',
        origin: 'flash',
        requestMessage: agenda,
        startedAt: bookedAt,
        endedAt,
        createdAt: bookedAt,
        updatedAt: endedAt ?? bookedAt,
      });
      rows.events.push({
        organisationId: org,
        relationshipId,
        fromStatus: null,
        toStatus: 'active',
        reason: 'booked a flash session',
        createdAt: bookedAt,
      });
      if (endedAt)
        rows.events.push({
          organisationId: org,
          relationshipId,
          fromStatus: 'active',
          toStatus: 'completed',
          reason: 'both gave feedback after the session',
          createdAt: endedAt,
        });
      rows.slots.push({
        id: slotId,
        organisationId: org,
        programId: program.id,
        mentorEnrolmentId: w.enrolmentId,
        mentorPersonId: w.mentor.id,
        startsAt,
        durationMinutes: 30,
        timeZone: w.zone,
        patternId: w.patternId,
        status: 'booked',
        bookedByPersonId: participant.id,
        relationshipId,
        topic,
        agenda,
        bookedAt,
        createdAt: new Date(now.getTime() - 50 * DAY),
        updatedAt: bookedAt,
      });
      const meetingId = randomUUID();
      rows.meetings.push({
        id: meetingId,
        organisationId: org,
        relationshipId,
        organiserPersonId: participant.id,
        title: `Coffee chat: ${topic}`,
        startsAt,
        durationMinutes: 30,
        timeZone: w.zone,
        videoUrl: 'https://meet.example.com/coffee-chat',
        agenda,
        status: past ? 'held' : 'scheduled',
        icsUid: `${randomUUID()}@trellis`,
        heldAt: past ? new Date(startsAt.getTime() + 1800 * 1000) : null,
        createdAt: bookedAt,
        updatedAt: bookedAt,
      });
      if (past)
        for (const [personId, role] of [
          [participant.id, 'mentee'],
          [w.mentor.id, 'mentor'],
        ] as const)
          rows.feedback.push({
            organisationId: org,
            relationshipId,
            meetingId,
            programId: program.id,
            personId,
            role,
            rating: random() < 0.75 ? 5 : 4,
            helped: role === 'mentee' ? ['advice', 'perspective'] : [],
            comment: '',
            createdAt: new Date(startsAt.getTime() + DAY),
          });
    }
  }
  await repo.writeDemoFlash(ctx.db, rows);
  return program.id;
}
