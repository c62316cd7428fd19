import type {
  Home,
  HomeQuery,
  HomeRelationship,
  JoinableProgram,
  ProgramNeed,
  ProgramNeedKind,
  StaffProgram,
  WaitingItem,
  WaitingItemKind,
} from '../../../contracts/home.contracts.ts';
import { programNeedKinds } from '../../../contracts/home.contracts.ts';
import { compareWaiting } from '../../../core/home/waiting-order.ts';
import { utcToZonedTime } from '../../../core/time-zones.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import { agreementsAwaitingSignatureOf } from '../agreements/agreements.service.ts';
import { enrolmentsAwaitingApprovalByProgram } from '../enrolments/enrolments.service.ts';
import { runsReadyToPublishByProgram } from '../match-runs/match-runs.service.ts';
import { overdueActionItemsOf } from '../meetings/action-items.service.ts';
import { meetingsToRateBy, nextMeetingsOf } from '../meetings/meetings.service.ts';
import { escalationsByProgram } from '../nudges/nudges.service.ts';
import { timeZoneOfPerson } from '../people/people.service.ts';
import { programsOpenTo, programsStaffedBy } from '../programs/programs.service.ts';
import { myRelationships } from '../relationships/relationships.service.ts';
import { myRequests, requestsWaitingByProgram } from '../requests/requests.service.ts';
import {
  checkInsDueFor,
  closingSurveysDueFor,
  openRematchWishesByProgram,
} from '../surveys/surveys.service.ts';

/**
 * The home (decision 019): one read of what the caller should do next. It has no tables of its own: each kind of
 * item comes from the feature that owns it, through one set-based read per kind, always for the caller's own person
 * (or, for staff, the programs `programsStaffedBy` gives them), so nobody sees anyone else's items.
 */

const DAY = 24 * 3600 * 1000;
/** How many of each kind are read; the list shows the first WAITING_SHOWN of them all. */
const PER_KIND = 50;
const WAITING_SHOWN = 20;
/** A held meeting asks for a rating for this long; after that the moment has passed. */
const RATE_WITHIN_DAYS = 30;
/** The closing survey is asked for this long after the relationship ended. */
const CLOSING_WITHIN_DAYS = 30;
/** Staff hear of a request once it has waited this long for the mentor's answer. */
export const REQUESTS_WAITING_DAYS = 3;
const STAFF_PROGRAMS_READ = 200;
const STAFF_PROGRAMS_SHOWN = 12;
const RELATIONSHIPS_SHOWN = 50;
const JOINABLE_SHOWN = 6;

interface Clock {
  now: Date;
  timeZone: string;
  /** YYYY-MM-DD in the caller's zone. */
  today: string;
}

interface Caller {
  actor: Actor;
  organisationId: string;
  personId: string;
}

const firstName = (name: string) => name.split(' ')[0] ?? name;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 Mar 2026" for a plain date. */
function dayText(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

// ── What waits for the caller: one source per kind ──────────────────────────────────────────────────────────────

type WaitingSource = (ctx: AppContext, caller: Caller, clock: Clock) => Promise<WaitingItem[]>;

const waitingSources: Record<WaitingItemKind, WaitingSource> = {
  async request_to_answer(ctx, caller, clock) {
    const page = await myRequests(ctx, caller.actor, {
      direction: 'incoming',
      status: 'pending',
      page: 1,
      pageSize: PER_KIND,
    });
    return page.items.map((request) => {
      const expires = request.expiresAt ? new Date(request.expiresAt) : null;
      const mentee = request.other.name;
      return {
        id: `request_to_answer:${request.id}`,
        kind: 'request_to_answer',
        title: `Answer ${mentee}’s mentoring request`,
        why: request.infoRequested
          ? `You asked ${firstName(mentee)} for more information. Accept or decline once you know enough; a request nobody answers expires.`
          : `${firstName(mentee)} asked you to be their mentor in ${request.program.name}. A request nobody answers expires.`,
        dueOn: expires ? utcToZonedTime(expires, clock.timeZone).date : null,
        overdue: expires !== null && expires <= clock.now,
        since: request.createdAt,
        link: '/mentoring/requests',
        program: request.program,
        relationshipId: request.id,
      };
    });
  },

  // The mentee's side of a request: the mentor asked for more information and waits for the answer.
  async question_to_answer(ctx, caller, clock) {
    const page = await myRequests(ctx, caller.actor, {
      direction: 'outgoing',
      status: 'pending',
      page: 1,
      pageSize: PER_KIND,
    });
    return page.items
      .filter((request) => request.infoRequested && !request.infoAnswer)
      .map((request) => {
        const expires = request.expiresAt ? new Date(request.expiresAt) : null;
        const mentor = request.other.name;
        return {
          id: `question_to_answer:${request.id}`,
          kind: 'question_to_answer',
          title: `Answer ${mentor}’s question about your request`,
          why: `${firstName(mentor)} asked: “${request.infoRequested}” Your request waits for your answer.`,
          dueOn: expires ? utcToZonedTime(expires, clock.timeZone).date : null,
          overdue: expires !== null && expires <= clock.now,
          since: request.createdAt,
          link: `/mentoring/requests#request-${request.id}`,
          program: request.program,
          relationshipId: request.id,
        };
      });
  },

  async agreement_to_sign(ctx, caller) {
    const rows = await agreementsAwaitingSignatureOf(
      ctx.db,
      caller.organisationId,
      caller.personId,
      PER_KIND,
    );
    return rows.map((row) => {
      const partner = firstName(row.partnerName);
      const why =
        row.version === 0
          ? `Your program’s template is ready: go through it with ${partner}, change what you need and sign it.`
          : row.partnerSigned
            ? `${partner} has signed version ${row.version}. It is in force once you sign too.`
            : row.editedByPartner
              ? `${partner} changed your agreement (version ${row.version}). Read it and sign if you agree.`
              : `Version ${row.version} waits for your signature.`;
      return {
        id: `agreement_to_sign:${row.relationshipId}`,
        kind: 'agreement_to_sign',
        title: `Sign your mentoring agreement with ${row.partnerName}`,
        why,
        dueOn: null,
        overdue: false,
        since: row.since.toISOString(),
        link: row.link,
        program: row.program,
        relationshipId: row.relationshipId,
      };
    });
  },

  async check_in_due(ctx, caller, clock) {
    const due = await checkInsDueFor(ctx.db, {
      organisationId: caller.organisationId,
      personId: caller.personId,
      now: clock.now,
    });
    return due.map((survey) => ({
      id: `check_in_due:${survey.relationshipId}`,
      kind: 'check_in_due',
      title: `Answer the check-in on your mentoring with ${survey.partnerName}`,
      why: `One question: is this a good fit? Your answer goes to the program team, never to ${firstName(survey.partnerName)}.`,
      dueOn: null,
      overdue: false,
      since: survey.openedAt.toISOString(),
      link: survey.link,
      program: survey.program,
      relationshipId: survey.relationshipId,
    }));
  },

  async closing_survey_due(ctx, caller, clock) {
    const due = await closingSurveysDueFor(ctx.db, {
      organisationId: caller.organisationId,
      personId: caller.personId,
      since: new Date(clock.now.getTime() - CLOSING_WITHIN_DAYS * DAY),
    });
    return due.map((survey) => ({
      id: `closing_survey_due:${survey.relationshipId}`,
      kind: 'closing_survey_due',
      title: `Answer the closing survey on your mentoring with ${survey.partnerName}`,
      why: `Your mentoring ${survey.relationshipStatus === 'completed' ? 'was completed' : 'ended'} on ${dayText(utcToZonedTime(survey.openedAt, clock.timeZone).date)}. Tell the program team how it went.`,
      dueOn: null,
      overdue: false,
      since: survey.openedAt.toISOString(),
      link: survey.link,
      program: survey.program,
      relationshipId: survey.relationshipId,
    }));
  },

  async meeting_to_rate(ctx, caller, clock) {
    const rows = await meetingsToRateBy(ctx.db, {
      organisationId: caller.organisationId,
      personId: caller.personId,
      since: new Date(clock.now.getTime() - RATE_WITHIN_DAYS * DAY),
      limit: PER_KIND,
    });
    return rows.map((meeting) => ({
      id: `meeting_to_rate:${meeting.meetingId}`,
      kind: 'meeting_to_rate',
      title: `Rate “${meeting.title}” with ${meeting.partnerName}`,
      why: `You met on ${dayText(utcToZonedTime(meeting.startsAt, clock.timeZone).date)}. Your rating goes to the program, never to ${firstName(meeting.partnerName)}.`,
      dueOn: null,
      overdue: false,
      since: (meeting.heldAt ?? meeting.startsAt).toISOString(),
      link: meeting.link,
      program: meeting.program,
      relationshipId: meeting.relationshipId,
    }));
  },

  async action_item_overdue(ctx, caller, clock) {
    const rows = await overdueActionItemsOf(ctx.db, {
      organisationId: caller.organisationId,
      personId: caller.personId,
      today: clock.today,
      limit: PER_KIND,
    });
    return rows.map((item) => ({
      id: `action_item_overdue:${item.id}`,
      kind: 'action_item_overdue',
      title: item.title,
      why: `${item.shared ? 'An action item for both of you' : 'Your action item'} with ${item.partnerName}${
        item.meetingTitle ? `, agreed in “${item.meetingTitle}”` : ''
      }. Tick it off when it is done.`,
      dueOn: item.dueOn,
      overdue: true,
      since: `${item.dueOn}T00:00:00.000Z`,
      link: item.link,
      program: item.program,
      relationshipId: item.relationshipId,
    }));
  },
};

async function waitingFor(ctx: AppContext, caller: Caller, clock: Clock): Promise<Home['waiting']> {
  const kinds = Object.keys(waitingSources) as WaitingItemKind[];
  const lists = await Promise.all(kinds.map((kind) => waitingSources[kind](ctx, caller, clock)));
  const all = lists.flat().sort(compareWaiting);
  return { items: all.slice(0, WAITING_SHOWN), total: all.length };
}

// ── The caller's mentoring and the programs they can join ───────────────────────────────────────────────────────

async function relationshipsOf(ctx: AppContext, caller: Caller, clock: Clock): Promise<HomeRelationship[]> {
  const page = await myRelationships(ctx, caller.actor, {
    state: 'current',
    page: 1,
    pageSize: RELATIONSHIPS_SHOWN,
  });
  const next = await nextMeetingsOf(
    ctx.db,
    page.items.map((item) => item.id),
    clock.now,
    clock.timeZone,
  );
  // A group is one entry: its mentor has a relationship with each member, the first one stands for the group.
  const groupsSeen = new Set<string>();
  const items = page.items.filter((item) => {
    if (!item.groupId) return true;
    if (groupsSeen.has(item.groupId)) return false;
    groupsSeen.add(item.groupId);
    return true;
  });
  return items.map((item) => {
    const meeting = next.get(item.id);
    return {
      id: item.id,
      program: item.program,
      status: item.status,
      myRole: item.myRole,
      partner: {
        personId: item.partner.personId,
        name: item.partner.name,
        title: item.partner.title,
        department: item.partner.department,
      },
      startedAt: item.startedAt,
      nextMeeting: meeting
        ? {
            id: meeting.id,
            title: meeting.title,
            startsAt: meeting.startsAt.toISOString(),
            endsAt: meeting.endsAt.toISOString(),
            durationMinutes: meeting.durationMinutes,
            timeZone: meeting.timeZone,
            localDate: meeting.localDate,
            localTime: meeting.localTime,
            when: meeting.when,
            location: meeting.location,
            videoUrl: meeting.videoUrl,
            link: meeting.link,
          }
        : null,
      group: item.groupId ? { id: item.groupId, name: item.groupName ?? 'Your group' } : null,
      link: item.groupId ? `/groups/${item.groupId}` : `/mentoring/relationships/${item.id}`,
    };
  });
}

async function joinableFor(ctx: AppContext, caller: Caller): Promise<JoinableProgram[]> {
  const rows = await programsOpenTo(ctx.db, caller.organisationId, caller.personId, JOINABLE_SHOWN);
  return rows.map((program) => ({ ...program, link: `/mentoring/programs/${program.id}/enrol` }));
}

// ── What the caller's programs need from them (staff) ───────────────────────────────────────────────────────────

type Need = Omit<ProgramNeed, 'kind'>;
type NeedSource = (
  ctx: AppContext,
  organisationId: string,
  programIds: readonly string[],
  now: Date,
) => Promise<Map<string, Need>>;

function needsFrom<T extends { count: number; oldest: Date }>(
  counts: Map<string, T>,
  describe: (programId: string, entry: T) => { title: string; link: string },
): Map<string, Need> {
  const needs = new Map<string, Need>();
  for (const [programId, entry] of counts) {
    if (entry.count <= 0) continue;
    needs.set(programId, {
      count: entry.count,
      since: entry.oldest.toISOString(),
      ...describe(programId, entry),
    });
  }
  return needs;
}

/**
 * One source per kind of need, each a grouped read over all the caller's programs. A new kind (the nudges work's
 * escalations) is a new entry in `programNeedKinds` and here; the record's type makes forgetting either a type error.
 */
const programNeedSources: Record<ProgramNeedKind, NeedSource> = {
  async escalations(ctx, organisationId, programIds, now) {
    return needsFrom(await escalationsByProgram(ctx.db, organisationId, programIds, now), (id, e) => ({
      title: `${plural(e.count, 'pair is', 'pairs are')} still quiet after a nudge: a word from you may help`,
      link: `/programs/${id}/relationships`,
    }));
  },
  async requests_waiting(ctx, organisationId, programIds, now) {
    const before = new Date(now.getTime() - REQUESTS_WAITING_DAYS * DAY);
    return needsFrom(await requestsWaitingByProgram(ctx.db, organisationId, programIds, before), (id, e) => ({
      title: `${plural(e.count, 'request waits', 'requests wait')} more than ${REQUESTS_WAITING_DAYS} days for a mentor’s answer`,
      link: `/programs/${id}/relationships`,
    }));
  },
  async rematch_requests(ctx, organisationId, programIds) {
    return needsFrom(await openRematchWishesByProgram(ctx.db, organisationId, programIds), (id, e) => ({
      title: `${plural(e.count, 'rematch request', 'rematch requests')} to answer`,
      link: `/programs/${id}/feedback`,
    }));
  },
  async runs_to_publish(ctx, organisationId, programIds) {
    return needsFrom(await runsReadyToPublishByProgram(ctx.db, organisationId, programIds), (id, e) =>
      e.count === 1
        ? { title: `Run ${e.newest.number} is ready to publish`, link: `/programs/${id}/runs/${e.newest.id}` }
        : {
            title: `${e.count} runs are ready to publish (the newest is run ${e.newest.number})`,
            link: `/programs/${id}/runs`,
          },
    );
  },
  async enrolments_to_approve(ctx, organisationId, programIds) {
    return needsFrom(
      await enrolmentsAwaitingApprovalByProgram(ctx.db, organisationId, programIds),
      (id, e) => ({
        title: `${plural(e.count, 'enrolment', 'enrolments')} to approve`,
        link: `/programs/${id}/enrolments`,
      }),
    );
  },
};

async function staffHome(ctx: AppContext, actor: Actor, now: Date): Promise<Home['staff']> {
  const programs = await programsStaffedBy(ctx.db, actor, STAFF_PROGRAMS_READ);
  if (programs.length === 0 && actor.role !== 'admin') return null;
  const ids = programs.map((program) => program.id);
  const found = await Promise.all(
    programNeedKinds.map((kind) => programNeedSources[kind](ctx, actor.organisationId, ids, now)),
  );
  const withNeeds: StaffProgram[] = programs.map((program) => ({
    id: program.id,
    name: program.name,
    status: program.status,
    myRole: program.myRole,
    needs: programNeedKinds.flatMap((kind, k) => {
      const need = found[k]!.get(program.id);
      return need ? [{ kind, ...need }] : [];
    }),
    link: `/programs/${program.id}`,
  }));
  const oldestNeed = (program: StaffProgram) =>
    Math.min(...program.needs.map((need) => Date.parse(need.since)));
  // Programs that need something first, the longest waiting first; the rest stay newest first.
  const ordered = [
    ...withNeeds.filter((p) => p.needs.length > 0).sort((a, b) => oldestNeed(a) - oldestNeed(b)),
    ...withNeeds.filter((p) => p.needs.length === 0),
  ];
  return {
    requestsWaitingDays: REQUESTS_WAITING_DAYS,
    programs: ordered.slice(0, STAFF_PROGRAMS_SHOWN),
    total: programs.length,
  };
}

// ── The home ────────────────────────────────────────────────────────────────────────────────────────────────────

/** The caller's home: only their own items, and for staff only the programs they run. */
export async function getHome(ctx: AppContext, actor: Actor | null, query: HomeQuery): Promise<Home> {
  const me = requireActor(actor);
  const now = ctx.now();
  const timeZone =
    query.timeZone ??
    (me.personId ? await timeZoneOfPerson(ctx.db, me.organisationId, me.personId) : null) ??
    'UTC';
  const clock: Clock = { now, timeZone, today: utcToZonedTime(now, timeZone).date };
  const caller: Caller | null = me.personId
    ? { actor: me, organisationId: me.organisationId, personId: me.personId }
    : null;
  const [waiting, relationships, joinablePrograms, staff] = await Promise.all([
    caller ? waitingFor(ctx, caller, clock) : { items: [], total: 0 },
    caller ? relationshipsOf(ctx, caller, clock) : [],
    caller ? joinableFor(ctx, caller) : [],
    staffHome(ctx, me, now),
  ]);
  return { timeZone, today: clock.today, waiting, relationships, joinablePrograms, staff };
}
