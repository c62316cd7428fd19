import { randomUUID } from 'node:crypto';
import type {
  AgreementContent,
  meetingHelpedOptions,
} from '../../../contracts/workspace-shapes.contracts.ts';
import { seededRandom } from '../../../core/seeded-random.ts';
import type { Db } from '../../db/client.ts';
import * as repo from './demo-workspaces.repository.ts';

/**
 * A few months of life in the demo's running program, so every workspace and staff page has something to show:
 * each pair started 14–17 weeks ago, signed an agreement, set two SMART goals with milestones, met about every
 * two weeks (a few cancellations and a no-show), took shared and private notes, agreed action items, rated their
 * meetings and answered the 30-day check-in; one pair asked for a rematch, one ended early and two completed, with
 * closing surveys. Rows are written directly (the services would stamp everything "now"); deterministic for a seed
 * apart from the dates, which follow the clock.
 */

const DAY = 24 * 3600 * 1000;

type Helped = (typeof meetingHelpedOptions)[number];

const goalPool = [
  {
    title: 'Lead the design review of a cross-team feature',
    measurable: 'Run two design reviews end to end, with written decisions',
    achievable: 'My manager agreed to give me the next platform feature',
    relevant: 'Tech leads run reviews; I need the practice before applying',
    milestones: ['Shadow a review run by Maya', 'Run the first review', 'Run the second review alone'],
  },
  {
    title: 'Give confident, specific feedback to peers',
    measurable: 'Give structured feedback (SBI) in every sprint retro for a quarter',
    achievable: 'Retros happen every two weeks in my team',
    relevant: 'Feedback is the skill leads use most',
    milestones: ['Read the SBI guide', 'Practise on two examples with my mentor', 'Use it in three retros'],
  },
  {
    title: 'Present our roadmap to the leadership team',
    measurable: 'One 15-minute presentation with questions, rated 4/5 or better by my manager',
    achievable: 'A slot is planned in the quarterly review',
    relevant: 'Explaining trade-offs to executives is part of the next level',
    milestones: ['Outline the story', 'Dry run with my mentor', 'Present to leadership'],
  },
  {
    title: 'Prepare for the engineering manager interview loop',
    measurable: 'Complete three mock interviews and write my management philosophy',
    achievable: 'The internal posting opens next quarter',
    relevant: 'Moving into management is my career goal',
    milestones: [
      'Write my management philosophy',
      'Mock interview on hiring',
      'Mock interview on performance',
    ],
  },
  {
    title: 'Own an architecture decision record across two teams',
    measurable: 'One ADR accepted by both teams',
    achievable: 'The data pipeline migration needs one',
    relevant: 'Staff engineers drive decisions across teams',
    milestones: ['Draft the options', 'Collect feedback from both teams', 'ADR accepted'],
  },
  {
    title: 'Delegate one recurring responsibility',
    measurable: 'Hand over the release process and spend < 1 h a week on it',
    achievable: 'A teammate has asked to learn it',
    relevant: 'I need time for the work only a lead can do',
    milestones: ['Write the release checklist', 'Pair on two releases', 'Hand over fully'],
  },
];

const agendaPool = [
  '- How the last two weeks went\n- The design review next Tuesday\n- One thing to try before we meet again',
  '- Feedback from the retro\n- How to say no to extra work\n- Reading for next time',
  '- Career plan: where do I want to be in a year?\n- Skills gap\n- Next steps',
  '- Preparing the roadmap presentation\n- Likely questions from leadership',
  '- Progress on goals\n- Anything blocking\n- Agreement check: still meeting every two weeks?',
];

const sharedNotePool = [
  'We agreed to focus on running the next design review. Key advice: send the document two days ahead and name the decision you need.',
  'Talked through the retro feedback. Try the SBI model (situation, behaviour, impact) and keep it about one example.',
  'Mapped the path to tech lead: more cross-team work, one visible project, and a sponsor in the leadership team.',
  'Dry run of the presentation went well. Cut slide 4, open with the customer problem, keep numbers on one slide.',
  'Discussed saying no: offer a trade-off instead of a flat no ("I can take this if X moves to next sprint").',
  'Reviewed the ADR draft together. Add the option of doing nothing and its cost.',
];

const privateNotePool = [
  'Felt nervous before this one. Next time bring two concrete examples instead of talking in general.',
  'Remember: ask about how she handled her first month as a manager.',
  'I should be honest that the deadline for the ADR is slipping.',
];

const actionPool = [
  'Send the design document two days before the review',
  'Read the chapter on feedback in "The Manager’s Path"',
  'Draft the roadmap presentation outline',
  'Ask my manager for the next cross-team project',
  'Write down three examples of feedback I gave this sprint',
  'Introduce Ivy to the platform team lead',
  'Share the ADR template',
];

const checkInComments = [
  'Great fit so far: practical advice every time.',
  'Good conversations, we are finding our rhythm.',
  'Very helpful, especially on feedback.',
  '',
];

const closingComments = [
  'I reached both goals earlier than planned. I would recommend the program to anyone stepping up to lead.',
  'It gave me a sounding board outside my team. More structure at the start would help.',
  'Rewarding as a mentor; I learnt as much as I taught.',
];

const demoResources: {
  kind: 'guide' | 'prompt' | 'training';
  title: string;
  body: string;
  audience: 'both' | 'mentor' | 'mentee';
  url?: string;
}[] = [
  {
    kind: 'guide',
    title: 'Your first meeting: a checklist',
    audience: 'both',
    body: '## Before\n- Read each other’s profile\n- Write down what you hope to get out of the program\n\n## During\n- Agree how often and how you will meet\n- Fill in the mentoring agreement together\n- Pick one or two goals to start with\n\n## After\n- Sign the agreement\n- Schedule the next meeting before you leave',
  },
  {
    kind: 'guide',
    title: 'Writing SMART goals',
    audience: 'mentee',
    body: 'A good goal is **Specific**, **Measurable**, **Achievable**, **Relevant** and **Time-bound**.\n\n> "Get better at presenting" becomes "Present our roadmap to the leadership team by March, rated 4/5 by my manager".\n\nBreak each goal into two or three milestones with dates.',
  },
  {
    kind: 'guide',
    title: 'When a mentoring relationship is not working',
    audience: 'both',
    body: 'It happens, and it is nobody’s fault. Say so early in the 30-day check-in or ask for a rematch: the program team will find a better fit, confidentially.',
  },
  {
    kind: 'prompt',
    title: 'Career story',
    audience: 'both',
    body: 'Mentor: tell the story of a turning point in your career. What did you decide, and what would you do differently?',
  },
  {
    kind: 'prompt',
    title: 'Strengths and blind spots',
    audience: 'both',
    body: 'What are you known for at work? What feedback have you heard more than once that you have not acted on yet?',
  },
  {
    kind: 'prompt',
    title: 'The next twelve months',
    audience: 'both',
    body: 'Picture yourself a year from now, having had a great year. What changed? What is one step towards it this month?',
  },
  {
    kind: 'prompt',
    title: 'Handling conflict',
    audience: 'both',
    body: 'Describe a disagreement at work you handled well, and one you did not. What made the difference?',
  },
  {
    kind: 'training',
    title: 'Module 1: The role of a mentor',
    audience: 'mentor',
    body: 'A mentor listens more than they talk, asks open questions, shares experience (not instructions) and keeps what is said confidential.\n\n**Exercise:** write down three open questions you could ask at your first meeting.',
  },
  {
    kind: 'training',
    title: 'Module 2: Asking powerful questions',
    audience: 'mentor',
    body: 'Swap "Have you tried…?" for "What have you tried so far?" and "What would you do if you knew it would work?"',
  },
  {
    kind: 'training',
    title: 'Module 3: Giving feedback that lands',
    audience: 'mentor',
    url: 'https://hbr.org/2014/06/the-feedback-fallacy',
    body: 'Read the article, then practise the situation–behaviour–impact model with a recent example.',
  },
];

const meetingComments = [
  'Very practical.',
  'Good energy today.',
  'We ran out of time; next time we start with the hardest topic.',
  'The role-play before my review helped a lot.',
  'Useful to hear how someone else handled the same stakeholder.',
  'We mostly caught up; fine, but no clear next step.',
  'Left with a concrete plan for the next two weeks.',
  'Honest feedback on my draft, exactly what I needed.',
] as const;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function firstName(name: string): string {
  return name.split(' ')[0] ?? name;
}

type Ending = { status: 'completed' | 'ended_early'; at: Date; reason: string | null };

/**
 * When each pair (in the order of their mentees' emails) started and ended, and how often they met: by default the
 * running program's (started 14–17 weeks ago, one rematch request, one ended early, two completed).
 */
export interface DemoSchedule {
  startOf(index: number): Date;
  endingOf(index: number, started: Date, mentorFirstName: string): Ending | null;
  /** The pair whose mentee asks for a rematch at the check-in, or null. */
  rematchIndex: number | null;
  meetingEveryDays: number;
  /** When the program's resources were added. */
  resourcesAt: Date;
}

function runningSchedule(now: Date): DemoSchedule {
  // The pair at this index asks for a rematch; these end early or complete.
  const endedEarlyIndex = 7;
  const completedIndexes = new Set([1, 11]);
  return {
    startOf: (index) => new Date(now.getTime() - (98 + (index % 4) * 7) * DAY - 3 * 3600 * 1000),
    endingOf: (index, started, mentor) => {
      if (index === endedEarlyIndex)
        return {
          status: 'ended_early',
          at: new Date(started.getTime() + 61 * DAY),
          reason: `${mentor} moved to a new role with little time for mentoring`,
        };
      if (completedIndexes.has(index))
        return { status: 'completed', at: new Date(started.getTime() + 92 * DAY), reason: null };
      return null;
    },
    rematchIndex: 3,
    meetingEveryDays: 14,
    resourcesAt: new Date(now.getTime() - 130 * DAY),
  };
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

/**
 * Give the demo program's published pairs workspace history: a few months of the running program by default, or
 * the whole life of a past program (`schedule`). With `selfRatedSkills`, the check-in and closing answers carry each
 * participant's self-ratings (1–5), a little higher at the end for most mentees.
 */
export async function createDemoWorkspaces(
  db: Db,
  input: {
    organisationId: string;
    programId: string;
    now: Date;
    seed: number;
    relationshipMonths: number;
    selfRatedSkills?: readonly string[];
    schedule?: DemoSchedule;
  },
): Promise<{ pairs: number; meetings: number }> {
  const random = seededRandom(input.seed);
  // Self-ratings and a past program's survey answers draw from their own sequence, so adding them leaves the rest
  // of the running program's history as it was.
  const extra = seededRandom(input.seed + 101);
  const { organisationId, programId, now } = input;
  const schedule = input.schedule ?? runningSchedule(now);
  const past = input.schedule !== undefined;
  const skills = input.selfRatedSkills ?? [];
  // Each person's self-ratings at the start, kept across their pairs (a mentor of two rates themselves once).
  const startRatings = new Map<string, Record<string, number>>();
  const ratingsAt = (personId: string, role: 'mentor' | 'mentee', kind: 'check_in' | 'closing') => {
    if (skills.length === 0) return {};
    let start = startRatings.get(personId);
    if (!start) {
      start = Object.fromEntries(
        skills.map((skill) => [
          skill,
          clamp(Math.round(1.6 + extra() * 2.6 + (role === 'mentor' ? 1 : 0)), 1, 5),
        ]),
      );
      startRatings.set(personId, start);
    }
    if (kind === 'check_in') return { skills: start };
    // By the end most mentees rate themselves a little higher; mentors much as before.
    const gain = role === 'mentee' ? [0.08, 0.47, 0.9] : [0.06, 0.85, 0.97];
    return {
      skills: Object.fromEntries(
        Object.entries(start).map(([skill, value]) => {
          const roll = extra();
          const change = roll < gain[0]! ? -1 : roll < gain[1]! ? 0 : roll < gain[2]! ? 1 : 2;
          return [skill, clamp(value + change, 1, 5)];
        }),
      ),
    };
  };
  const found = await repo.listProgramPairs(db, organisationId, programId);
  const rows: repo.DemoWorkspaceRows = {
    relationshipUpdates: [],
    relationshipEvents: [],
    agreementVersions: [],
    goals: [],
    milestones: [],
    meetings: [],
    actionItems: [],
    notes: [],
    feedback: [],
    surveys: [],
    activity: [],
    resources: [],
    completions: [],
  };

  for (const [index, resource] of demoResources.entries()) {
    rows.resources.push({
      id: randomUUID(),
      organisationId,
      programId,
      kind: resource.kind,
      title: resource.title,
      body: resource.body,
      url: resource.url ?? null,
      audience: resource.audience,
      position: index,
      createdAt: schedule.resourcesAt,
      updatedAt: schedule.resourcesAt,
    });
  }

  const rematchIndex = schedule.rematchIndex;

  for (const [index, pair] of found.entries()) {
    const started = schedule.startOf(index);
    const fit = index === rematchIndex ? 2 : 3.6 + random() * 1.4;
    const mentor = firstName(pair.mentorName);
    const mentee = firstName(pair.menteeName);
    const activity = (
      at: Date,
      actor: string | null,
      kind: string,
      summary: string,
      subjectId: string | null = null,
    ) =>
      rows.activity.push({
        organisationId,
        relationshipId: pair.relationshipId,
        actorPersonId: actor,
        kind,
        summary,
        subjectId,
        createdAt: at,
      });
    const ended = schedule.endingOf(index, started, mentor);
    const until = ended?.at ?? now;

    rows.relationshipUpdates.push({
      id: pair.relationshipId,
      createdAt: new Date(started.getTime() - 2 * DAY),
      startedAt: started,
      status: ended?.status ?? 'active',
      endedAt: ended?.at ?? null,
      reason: ended?.reason ?? null,
    });
    if (ended) {
      rows.relationshipEvents.push({
        organisationId,
        relationshipId: pair.relationshipId,
        fromStatus: 'active',
        toStatus: ended.status,
        reason: ended.reason,
        details: {
          kind: ended.status === 'completed' ? 'complete' : 'end_early',
          actor: ended.status === 'completed' ? 'mentee' : 'mentor',
        },
        createdAt: ended.at,
      });
    }

    // Agreement: signed by both within days; a few pairs edited it later and wait for the mentor to sign again.
    const template: AgreementContent = {
      goals: `${mentee} wants to grow into a leadership role: lead design reviews, give better feedback and build a career plan.`,
      meetingFrequency: schedule.meetingEveryDays >= 28 ? 'monthly' : 'fortnightly',
      communicationModes: ['video', 'chat'],
      confidentiality:
        'What we discuss stays between us unless we both agree to share it, or someone’s safety is at risk.',
      groundRules:
        'Come prepared with an agenda. Give a day’s notice to reschedule. Be honest, including about what is not working.',
      endDate: isoDate(new Date(started.getTime() + input.relationshipMonths * 30 * DAY)),
    };
    const signedAt = new Date(started.getTime() + 4 * DAY);
    rows.agreementVersions.push({
      organisationId,
      relationshipId: pair.relationshipId,
      version: 1,
      content: template,
      editedByPersonId: pair.menteePersonId,
      mentorSignedAt: signedAt,
      menteeSignedAt: new Date(signedAt.getTime() - 3600 * 1000),
      createdAt: new Date(started.getTime() + 3 * DAY),
    });
    activity(signedAt, pair.mentorPersonId, 'agreement_signed', 'Agreement version 1 signed by both');
    if (index % 6 === 2 && !ended) {
      const editedAt = new Date(started.getTime() + 45 * DAY);
      rows.agreementVersions.push({
        organisationId,
        relationshipId: pair.relationshipId,
        version: 2,
        content: {
          ...template,
          meetingFrequency: 'weekly',
          communicationModes: ['video', 'in_person', 'chat'],
        },
        editedByPersonId: pair.menteePersonId,
        mentorSignedAt: null,
        menteeSignedAt: editedAt,
        createdAt: editedAt,
      });
      activity(editedAt, pair.menteePersonId, 'agreement_edited', 'Agreement edited (version 2)');
    }

    // Two SMART goals with milestones reached as time went by.
    const elapsed = Math.min(1, (until.getTime() - started.getTime()) / (120 * DAY));
    for (let g = 0; g < 2; g++) {
      const spec = goalPool[(index + g * 3) % goalPool.length]!;
      const goalId = randomUUID();
      const created = new Date(started.getTime() + (5 + g) * DAY);
      const due = new Date(started.getTime() + (100 + g * 40) * DAY);
      const reachable = Math.floor(spec.milestones.length * (elapsed + (random() - 0.4) * 0.5) + 0.0001);
      const reached = Math.max(0, Math.min(spec.milestones.length, reachable));
      const done = reached === spec.milestones.length;
      const status = done ? 'done' : fit < 3 ? 'at_risk' : reached === 0 ? 'not_started' : 'on_track';
      const completedAt = done ? new Date(started.getTime() + (70 + g * 15) * DAY) : null;
      rows.goals.push({
        id: goalId,
        organisationId,
        relationshipId: pair.relationshipId,
        title: spec.title,
        measurable: spec.measurable,
        achievable: spec.achievable,
        relevant: spec.relevant,
        dueOn: isoDate(due),
        status,
        progressMode: 'milestones',
        progressPercent: done ? 100 : 0,
        position: g,
        createdByPersonId: pair.menteePersonId,
        completedAt,
        createdAt: created,
        updatedAt: completedAt ?? created,
      });
      activity(created, pair.menteePersonId, 'goal_added', `Goal added: ${spec.title}`, goalId);
      spec.milestones.forEach((title, m) => {
        const reachedAt = m < reached ? new Date(started.getTime() + (20 + m * 22 + g * 6) * DAY) : null;
        rows.milestones.push({
          organisationId,
          goalId,
          title,
          dueOn: isoDate(new Date(started.getTime() + (30 + m * 30 + g * 10) * DAY)),
          reachedAt,
          position: m,
          createdAt: created,
        });
        if (reachedAt)
          activity(
            reachedAt,
            pair.menteePersonId,
            'milestone_reached',
            `Milestone reached: ${title}`,
            goalId,
          );
      });
      if (completedAt)
        activity(completedAt, pair.menteePersonId, 'goal_done', `Goal done: ${spec.title}`, goalId);
    }

    // Meetings every two weeks from the first week, one upcoming for pairs still running.
    let pairMeetings = 0;
    for (let at = started.getTime() + 6 * DAY; ; at += schedule.meetingEveryDays * DAY) {
      const upcoming = at > until.getTime();
      if (upcoming && (ended || at > now.getTime() + 14 * DAY)) break;
      const startsAt = new Date(Math.floor(at / DAY) * DAY + (14 + Math.floor(random() * 4)) * 3600 * 1000);
      const meetingId = randomUUID();
      const roll = random();
      const status = upcoming ? 'scheduled' : roll < 0.08 ? 'cancelled' : roll < 0.12 ? 'no_show' : 'held';
      const title = pairMeetings++ === 0 ? 'Kick-off' : `Check-in ${pairMeetings - 1}`;
      const organiser = random() < 0.7 ? pair.mentorPersonId : pair.menteePersonId;
      // A meeting is set in its organiser's time zone.
      const zone =
        (organiser === pair.mentorPersonId ? pair.mentorTimeZone : pair.menteeTimeZone) ?? 'Europe/London';
      const end = new Date(startsAt.getTime() + 45 * 60 * 1000);
      // Scheduled ten days ahead, but never later than now: an upcoming meeting was booked in the past.
      const scheduledAt = new Date(Math.min(startsAt.getTime() - 10 * DAY, now.getTime() - 2 * 3600 * 1000));
      rows.meetings.push({
        id: meetingId,
        organisationId,
        relationshipId: pair.relationshipId,
        organiserPersonId: organiser,
        title,
        startsAt,
        durationMinutes: 45,
        timeZone: zone,
        location: null,
        videoUrl: 'https://meet.example.com/trellis-demo',
        agenda: pick(agendaPool, random),
        status,
        icsUid: `${meetingId}@trellis`,
        sequence: status === 'cancelled' ? 1 : 0,
        cancelledAt: status === 'cancelled' ? new Date(startsAt.getTime() - DAY) : null,
        heldAt: status === 'held' ? end : null,
        createdAt: scheduledAt,
        updatedAt: status === 'held' ? end : scheduledAt,
      });
      activity(scheduledAt, organiser, 'meeting_scheduled', `Meeting scheduled: ${title}`, meetingId);
      if (status === 'cancelled')
        activity(
          new Date(startsAt.getTime() - DAY),
          organiser,
          'meeting_cancelled',
          `Meeting cancelled: ${title}`,
          meetingId,
        );
      if (status !== 'held') continue;
      activity(end, pair.mentorPersonId, 'meeting_held', `Meeting held: ${title}`, meetingId);

      if (random() < 0.75) {
        const author = random() < 0.5 ? pair.menteePersonId : pair.mentorPersonId;
        rows.notes.push({
          organisationId,
          relationshipId: pair.relationshipId,
          authorPersonId: author,
          visibility: 'shared',
          meetingId,
          body: pick(sharedNotePool, random),
          createdAt: new Date(end.getTime() + 3600 * 1000),
          updatedAt: new Date(end.getTime() + 3600 * 1000),
        });
        activity(
          new Date(end.getTime() + 3600 * 1000),
          author,
          'note_shared',
          `Shared a note on ${title}`,
          meetingId,
        );
      }
      if (random() < 0.2) {
        rows.notes.push({
          organisationId,
          relationshipId: pair.relationshipId,
          authorPersonId: pair.menteePersonId,
          visibility: 'private',
          meetingId,
          body: pick(privateNotePool, random),
          createdAt: new Date(end.getTime() + 2 * 3600 * 1000),
          updatedAt: new Date(end.getTime() + 2 * 3600 * 1000),
        });
      }
      const items = 1 + Math.floor(random() * 2);
      // Consecutive entries of the pool, so one meeting never agrees the same thing twice.
      const firstAction = Math.floor(random() * actionPool.length);
      for (let a = 0; a < items; a++) {
        const dueOn = new Date(end.getTime() + 10 * DAY);
        const done = dueOn.getTime() < now.getTime() && random() < 0.8;
        rows.actionItems.push({
          organisationId,
          relationshipId: pair.relationshipId,
          meetingId,
          title: actionPool[(firstAction + a) % actionPool.length]!,
          ownerPersonId: a === 0 ? pair.menteePersonId : pair.mentorPersonId,
          dueOn: isoDate(dueOn),
          doneAt: done ? new Date(dueOn.getTime() - 2 * DAY) : null,
          createdByPersonId: pair.menteePersonId,
          createdAt: end,
          updatedAt: done ? new Date(dueOn.getTime() - 2 * DAY) : end,
        });
      }
      for (const [personId, role] of [
        [pair.mentorPersonId, 'mentor'],
        [pair.menteePersonId, 'mentee'],
      ] as const) {
        if (random() > 0.85) continue;
        const rating = Math.max(1, Math.min(5, Math.round(fit + (random() - 0.5) * 1.6)));
        const helped: Helped[] = (
          [
            'advice',
            'perspective',
            'encouragement',
            'honest_feedback',
            'action_plan',
            'listening',
            'connections',
            'resources',
          ] as Helped[]
        ).filter((option) => random() < (option === 'connections' || option === 'resources' ? 0.12 : 0.3));
        rows.feedback.push({
          organisationId,
          relationshipId: pair.relationshipId,
          meetingId,
          programId,
          personId,
          role,
          rating,
          helped: helped.length > 0 ? helped : ['advice'],
          comment: random() < 0.25 ? pick(meetingComments, random) : '',
          shareComment: random() < 0.5,
          createdAt: new Date(end.getTime() + 5 * 3600 * 1000),
        });
      }
    }

    // The 30-day check-in, answered by most people; one mentee asks for a rematch.
    const checkInAt = new Date(started.getTime() + 31 * DAY);
    for (const [personId, role] of [
      [pair.mentorPersonId, 'mentor'],
      [pair.menteePersonId, 'mentee'],
    ] as const) {
      const rematch = index === rematchIndex && role === 'mentee';
      if (!rematch && random() > 0.9) continue;
      rows.surveys.push({
        organisationId,
        relationshipId: pair.relationshipId,
        programId,
        personId,
        role,
        kind: 'check_in',
        rating: rematch ? 2 : Math.max(3, Math.min(5, Math.round(fit + (random() - 0.3)))),
        nps: null,
        rematchRequested: rematch,
        answers: ratingsAt(personId, role, 'check_in'),
        comment: rematch
          ? 'We get on well, but my mentor works on a very different stack and cannot help with my goals.'
          : pick(checkInComments, random),
        shareComment: rematch || random() < 0.5,
        createdAt: new Date(checkInAt.getTime() + (role === 'mentor' ? 0 : DAY)),
      });
    }
    if (ended) {
      for (const [personId, role] of [
        [pair.mentorPersonId, 'mentor'],
        [pair.menteePersonId, 'mentee'],
      ] as const) {
        let nps = ended.status === 'completed' ? 8 + Math.floor(random() * 3) : 5 + Math.floor(random() * 4);
        let rating = ended.status === 'completed' ? 5 : 3;
        if (past) {
          // A whole cohort's answers vary with how well the pair got on.
          const early = ended.status === 'ended_early' ? 1.5 : 0;
          rating = clamp(Math.round(fit - early + (extra() - 0.5) * 1.2), 1, 5);
          nps = clamp(Math.round(fit * 2 - 0.6 - early * 2 + (extra() - 0.5) * 3), 0, 10);
        }
        rows.surveys.push({
          organisationId,
          relationshipId: pair.relationshipId,
          programId,
          personId,
          role,
          kind: 'closing',
          rating,
          nps,
          rematchRequested: false,
          answers: ratingsAt(personId, role, 'closing'),
          comment: pick(closingComments, random),
          shareComment: true,
          createdAt: new Date(ended.at.getTime() + 2 * DAY),
        });
      }
    }

    // Participants work through the library: the mentee reads the guides, the mentor the training.
    for (const resource of rows.resources) {
      for (const [personId, role] of [
        [pair.mentorPersonId, 'mentor'],
        [pair.menteePersonId, 'mentee'],
      ] as const) {
        if (resource.audience !== 'both' && resource.audience !== role) continue;
        if (random() < 0.45)
          rows.completions.push({
            organisationId,
            resourceId: resource.id!,
            personId,
            completedAt: new Date(started.getTime() + (3 + Math.floor(random() * 60)) * DAY),
          });
      }
    }
  }
  // A person mentoring two mentees completes a training module once.
  const seen = new Set<string>();
  rows.completions = rows.completions.filter((row) => {
    const key = `${row.resourceId}:${row.personId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  await repo.writeDemoWorkspaceRows(db, rows);
  return { pairs: found.length, meetings: rows.meetings.length };
}
