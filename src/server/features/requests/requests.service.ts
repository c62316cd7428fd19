import type { Paginated } from '../../../contracts/common.ts';
import type {
  CreateRequestInput,
  DeclineRequestInput,
  MyRequestsQuery,
  PairExplanationView,
  RequestItem,
} from '../../../contracts/requests.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { programForMember, programInOrganisation } from '../programs/program-access.ts';
import {
  explainMentor,
  explanationView,
  matchReasons,
  ruleMessage,
  scoringForMentee,
} from '../relationships/pair-scoring.service.ts';
import type { RelationshipRow, RelationshipSummaryRow } from '../relationships/relationships.service.ts';
import {
  addRelationshipNote,
  applyTransition,
  assertTransition,
  createRelationship,
  findMentorLink,
  firstNameOf,
  listRelationshipPage,
  lockMenteeEnrolment,
  lockMentorWithPlace,
  lockOtherPendingRequests,
  lockRelationshipRow,
  menteeHasMentor,
  noteFor,
  partyOf,
  relationshipForActor,
  relationshipHistory,
  relationshipStartedNotes,
  requestLink,
} from '../relationships/relationships.service.ts';
import * as repo from './requests.repository.ts';
import { assertSelfSelect, callerAsMentee, nextSuggestedMentors } from './suggestions.service.ts';

const EXPIRE_REQUESTS_JOB = 'expire_requests';

const acceptingStatuses = ['enrolling', 'matching', 'running'];
const dayMs = 24 * 3600 * 1000;

const declineLabels: Record<DeclineRequestInput['reasonCode'], string> = {
  no_capacity: 'No capacity right now',
  not_a_fit: 'Not the right fit',
  timing: 'The timing does not work',
  other: 'Other',
};

interface RequestExtras {
  explanation: PairExplanationView | null;
  infoRequested: string | null;
  infoAnswer: string | null;
}

function toRequestItem(
  row: RelationshipSummaryRow,
  direction: 'incoming' | 'outgoing',
  extras: RequestExtras,
): RequestItem {
  const r = row.relationship;
  return {
    id: r.id,
    program: { id: r.programId, name: row.programName },
    direction,
    status: r.status as RequestItem['status'],
    other: partyOf(row, direction === 'incoming' ? 'mentee' : 'mentor'),
    message: r.requestMessage,
    score: r.score === null ? null : r.score / 100,
    explanation: extras.explanation,
    infoRequested: extras.infoRequested,
    infoAnswer: extras.infoAnswer,
    reason: r.reason,
    reasonCode: r.reasonCode,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * The explanation saved when the request was made, the mentor's latest question and the mentee's answer to it, per
 * request (history events, oldest first: a new question starts without an answer).
 */
async function requestExtras(db: Db, organisationId: string, ids: readonly string[]) {
  const extras = new Map<string, RequestExtras>();
  for (const id of ids) extras.set(id, { explanation: null, infoRequested: null, infoAnswer: null });
  for (const event of await relationshipHistory(db, organisationId, ids)) {
    const details = (event.details ?? {}) as Record<string, unknown>;
    const entry = extras.get(event.relationshipId)!;
    if (details.kind === 'created' && details.explanation)
      entry.explanation = details.explanation as PairExplanationView;
    if (details.kind === 'info_requested' && typeof details.message === 'string') {
      entry.infoRequested = details.message;
      entry.infoAnswer = null;
    }
    if (details.kind === 'info_answered' && typeof details.message === 'string')
      entry.infoAnswer = details.message;
  }
  return extras;
}

/** Why the pair fits, from the explanation saved with the request, as lines for a notice's email. */
function reasonsOf(explanation: PairExplanationView | null | undefined): string[] {
  return explanation ? matchReasons(explanation.criteria) : [];
}

/**
 * A mentee asks a mentor (§4 self-select): refused when the program is not taking requests, the pair breaks a hard
 * rule (reporting line, level, avoid lists, previous pair), the mentor is full, the mentee already has a mentor,
 * already asked this mentor, or has the program's maximum of open requests. The mentor is told in the app, and
 * an expiry job is queued for the request's deadline.
 */
export async function createRequest(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: CreateRequestInput,
): Promise<RequestItem> {
  const { me, program, enrolment } = await callerAsMentee(ctx, actor, programId);
  assertSelfSelect(program);
  if (!acceptingStatuses.includes(program.status)) {
    throw new AppError('conflict', `This program is not taking requests while it is ${program.status}`, {
      status: program.status,
    });
  }
  const now = ctx.now();
  const scoring = await scoringForMentee(ctx.db, program, enrolment.id, now);
  const pair = scoring ? explainMentor(scoring, input.mentorEnrolmentId) : null;
  if (!pair) throw invalidField('body.mentorEnrolmentId', 'is not an approved mentor of this program');
  const rule = pair.explanation.removedBy;
  if (rule) throw new AppError('conflict', ruleMessage(rule), { rule });

  const id = await ctx.db.transaction(async (tx) => {
    await lockMentorWithPlace(tx, program, pair.mentor.enrolmentId);
    await lockMenteeEnrolment(tx, me.organisationId, enrolment.id);
    if (await menteeHasMentor(tx, enrolment.id)) {
      throw new AppError('conflict', 'You already have a mentor in this program');
    }
    const open = await repo.listOpenRequestMentors(tx, enrolment.id);
    if (open.includes(pair.mentor.enrolmentId)) {
      throw new AppError('conflict', 'You already have an open request to this mentor');
    }
    if (open.length >= program.maxOpenRequests) {
      throw new AppError(
        'conflict',
        `You already have ${open.length} open request${open.length === 1 ? '' : 's'}, the most this program allows; withdraw one or wait for an answer`,
        { maxOpenRequests: program.maxOpenRequests },
      );
    }
    const expiresAt = new Date(now.getTime() + program.requestExpiryDays * dayMs);
    const row = await createRelationship(
      tx,
      {
        organisationId: program.organisationId,
        programId: program.id,
        mentorEnrolmentId: pair.mentor.enrolmentId,
        menteeEnrolmentId: enrolment.id,
        mentorPersonId: pair.mentor.personId,
        menteePersonId: enrolment.personId,
        status: 'proposed',
        origin: 'request',
        score: pair.explanation.score,
        requestMessage: input.message,
        expiresAt,
        createdAt: now,
        updatedAt: now,
      },
      {
        actorKind: 'mentee',
        actorUserId: me.userId,
        at: now,
        details: { message: input.message, explanation: explanationView(pair.explanation) },
      },
    );
    await notifyPeople(tx, [
      noteFor(row, 'mentor', {
        kind: 'mentoring_request',
        title: `${me.name} asks you to be their mentor in ${program.name}`,
        body: `“${input.message}” Accept, decline or ask ${firstNameOf(me.name)} a question within ${program.requestExpiryDays} day${program.requestExpiryDays === 1 ? '' : 's'}; after that the request expires.`,
        link: requestLink(row.id),
        dedupeKey: `request:${row.id}:created`,
        email: {
          details: ['Why Trellis suggested you:', ...reasonsOf(explanationView(pair.explanation))],
          actionLabel: 'Answer the request',
        },
      }),
    ]);
    await scheduleRequestExpiry(tx, row);
    return row.id;
  });
  const [item] = await requestItems(ctx.db, me, [id]);
  return item!;
}

/** Queue, in the caller's transaction, the job that expires an open request at its deadline. */
export async function scheduleRequestExpiry(
  tx: Db,
  request: { id: string; organisationId: string; expiresAt: Date | null },
): Promise<void> {
  if (!request.expiresAt) return;
  await enqueueJob(tx, {
    kind: EXPIRE_REQUESTS_JOB,
    organisationId: request.organisationId,
    payload: { relationshipId: request.id },
    runAt: request.expiresAt,
  });
}

async function requestItems(db: Db, me: Actor, ids: string[]): Promise<RequestItem[]> {
  const { rows } = await listRelationshipPage(db, {
    organisationId: me.organisationId,
    ids,
    limit: ids.length,
    offset: 0,
  });
  const extras = await requestExtras(db, me.organisationId, ids);
  return rows.map((row) =>
    toRequestItem(
      row,
      row.relationship.mentorPersonId === me.personId ? 'incoming' : 'outgoing',
      extras.get(row.relationship.id)!,
    ),
  );
}

/** The caller's requests: incoming (as a mentor) and outgoing (as a mentee), newest first. */
export async function myRequests(
  ctx: AppContext,
  actor: Actor | null,
  query: MyRequestsQuery,
): Promise<Paginated<RequestItem>> {
  const me = requireActor(actor);
  if (!me.personId) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const { rows, total } = await listRelationshipPage(ctx.db, {
    organisationId: me.organisationId,
    personId: me.personId,
    ...(query.direction ? { side: query.direction === 'incoming' ? 'mentor' : 'mentee' } : {}),
    origin: 'request',
    ...(query.status === 'pending' ? { statuses: ['proposed'] } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const extras = await requestExtras(
    ctx.db,
    me.organisationId,
    rows.map((row) => row.relationship.id),
  );
  return {
    items: rows.map((row) =>
      toRequestItem(
        row,
        row.relationship.mentorPersonId === me.personId ? 'incoming' : 'outgoing',
        extras.get(row.relationship.id)!,
      ),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The request and who the caller is in it; a relationship that did not start as a request is not one. */
async function requestForActor(ctx: AppContext, actor: Actor | null, id: string) {
  const found = await relationshipForActor(ctx, actor, id);
  if (found.row.relationship.origin !== 'request') throw notFound('Request');
  return found;
}

/**
 * The mentor (or staff) accepts. Under the mentor's enrolment lock the places held are counted, so concurrent
 * accepts never overbook; the mentee's other open requests in the program are then withdrawn by the system.
 */
export async function acceptRequest(ctx: AppContext, actor: Actor | null, id: string): Promise<RequestItem> {
  const { actor: me, row, role } = await requestForActor(ctx, actor, id);
  assertTransition(row.relationship.status, { event: 'accept', actorKind: role });
  const extras = await requestExtras(ctx.db, me.organisationId, [id]);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const { program } = await programForMember(ctx, me, row.relationship.programId, tx);
    // Lock order everywhere: mentor enrolment, mentee enrolment, relationships.
    await lockMentorWithPlace(tx, program, row.relationship.mentorEnrolmentId);
    await lockMenteeEnrolment(tx, me.organisationId, row.relationship.menteeEnrolmentId);
    const locked = await lockRelationshipRow(tx, me.organisationId, id);
    assertTransition(locked.status, { event: 'accept', actorKind: role });
    if (await menteeHasMentor(tx, locked.menteeEnrolmentId, locked.id)) {
      throw new AppError('conflict', 'The mentee already has a mentor in this program');
    }
    const accepted = await applyTransition(tx, now, locked, {
      event: 'accept',
      actorKind: role,
      actorUserId: me.userId,
    });
    const others = await lockOtherPendingRequests(tx, locked.menteeEnrolmentId, locked.id);
    for (const other of others) {
      const withdrawn = await applyTransition(tx, now, other, {
        event: 'withdraw',
        actorKind: 'system',
        actorUserId: null,
        reason: 'The mentee’s request to another mentor was accepted',
        details: { acceptedRelationshipId: locked.id },
      });
      await notifyPeople(tx, [
        noteFor(withdrawn, 'mentor', {
          kind: 'request_withdrawn',
          title: `A request to you in ${program.name} was withdrawn: the mentee found a mentor`,
          body: 'Nothing to do: another mentor accepted them first.',
          link: requestLink(withdrawn.id),
          dedupeKey: `request:${withdrawn.id}:withdrawn`,
        }),
        noteFor(withdrawn, 'mentee', {
          kind: 'request_withdrawn',
          title: `Your other open request in ${program.name} was withdrawn now that you have a mentor`,
          link: requestLink(withdrawn.id),
          dedupeKey: `request:${withdrawn.id}:withdrawn:mentee`,
          // The acceptance itself is the news worth an email.
          email: false,
        }),
      ]);
    }
    await notifyPeople(
      tx,
      relationshipStartedNotes({
        relationship: accepted,
        programName: program.name,
        mentorName: row.mentorName,
        menteeName: row.menteeName,
        reasons: reasonsOf(extras.get(id)?.explanation),
        dedupeKey: `request:${id}:accepted`,
        mentee: {
          kind: 'request_accepted',
          title: `${row.mentorName} accepted your request: they are your mentor in ${program.name}`,
        },
        mentor: {
          title:
            role === 'staff'
              ? `Program staff accepted ${row.menteeName}’s request on your behalf: you are their mentor in ${program.name}`
              : `You are mentoring ${row.menteeName} in ${program.name}`,
        },
      }),
    );
  });
  const [item] = await requestItems(ctx.db, me, [id]);
  return item!;
}

/** The mentor (or staff) declines with a reason from a fixed list; the mentee is told. */
export async function declineRequest(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: DeclineRequestInput,
): Promise<RequestItem> {
  const { actor: me, role, row } = await requestForActor(ctx, actor, id);
  const reason = input.reason?.trim() ? input.reason.trim() : declineLabels[input.reasonCode];
  await ctx.db.transaction(async (tx) => {
    const locked = await lockRelationshipRow(tx, me.organisationId, id);
    const declined = await applyTransition(tx, ctx.now(), locked, {
      event: 'decline',
      actorKind: role,
      actorUserId: me.userId,
      reason,
      reasonCode: input.reasonCode,
    });
    await notifyPeople(tx, [
      noteFor(declined, 'mentee', {
        kind: 'request_declined',
        title: `${row.mentorName} declined your request in ${row.programName}`,
        body: `“${reason}” You can ask another mentor: your suggestions are waiting.`,
        link: findMentorLink(declined.programId),
        dedupeKey: `request:${id}:declined`,
        email: { actionLabel: 'Find another mentor' },
      }),
    ]);
  });
  const [item] = await requestItems(ctx.db, me, [id]);
  return item!;
}

/** The mentor asks the mentee for more before deciding: a history event and a notification; still proposed. */
export async function askForInformation(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  message: string,
): Promise<RequestItem> {
  const { actor: me, role, row } = await requestForActor(ctx, actor, id);
  if (role === 'mentee')
    throw new AppError('forbidden', 'Only the mentor can ask the mentee for more information');
  await ctx.db.transaction(async (tx) => {
    const locked = await lockRelationshipRow(tx, me.organisationId, id);
    if (locked.status !== 'proposed') {
      throw new AppError('conflict', `A ${locked.status.replace('_', ' ')} request cannot be asked about`, {
        status: locked.status,
      });
    }
    const now = ctx.now();
    await addRelationshipNote(tx, now, locked, {
      kind: 'info_requested',
      actorKind: role,
      actorUserId: me.userId,
      message,
    });
    await notifyPeople(tx, [
      noteFor(locked, 'mentee', {
        kind: 'request_info_requested',
        title: `${row.mentorName} would like to know more before answering your request`,
        body: `“${message}” Answer on your requests page; ${firstNameOf(row.mentorName)} decides once they have read it.`,
        link: requestLink(id),
        dedupeKey: `request:${id}:info_requested:${now.getTime()}`,
        email: { actionLabel: 'Answer the question' },
      }),
    ]);
  });
  const [item] = await requestItems(ctx.db, me, [id]);
  return item!;
}

/**
 * The mentee answers the mentor's open question: a history event (`info_answered`) and a notification to the
 * mentor. Only the mentee, only while the request is proposed and a question waits for its answer.
 */
export async function answerInformationRequest(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  message: string,
): Promise<RequestItem> {
  const { actor: me, role, row } = await requestForActor(ctx, actor, id);
  if (role !== 'mentee') throw new AppError('forbidden', 'Only the mentee can answer the mentor’s question');
  await ctx.db.transaction(async (tx) => {
    const locked = await lockRelationshipRow(tx, me.organisationId, id);
    if (locked.status !== 'proposed') {
      throw new AppError('conflict', `A ${locked.status.replace('_', ' ')} request cannot be answered`, {
        status: locked.status,
      });
    }
    // Read under the row lock, so two answers at once cannot both find the question open.
    const open = (await requestExtras(tx, me.organisationId, [id])).get(id)!;
    if (!open.infoRequested || open.infoAnswer !== null) {
      throw new AppError(
        'conflict',
        open.infoRequested
          ? 'You have already answered this question'
          : 'The mentor has not asked you a question',
      );
    }
    const now = ctx.now();
    await addRelationshipNote(tx, now, locked, {
      kind: 'info_answered',
      actorKind: 'mentee',
      actorUserId: me.userId,
      message,
    });
    await notifyPeople(tx, [
      noteFor(locked, 'mentor', {
        kind: 'request_info_answered',
        title: `${row.menteeName} answered your question about their request`,
        body: `You asked: “${open.infoRequested}” They answered: “${message}” You can now accept or decline the request.`,
        link: requestLink(id),
        dedupeKey: `request:${id}:info_answered:${now.getTime()}`,
        email: { actionLabel: 'Answer the request' },
      }),
    ]);
  });
  const [item] = await requestItems(ctx.db, me, [id]);
  return item!;
}

/** The mentee (or staff) takes a request back; the mentor is told. */
export async function withdrawRequest(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
): Promise<RequestItem> {
  const { actor: me, role, row } = await requestForActor(ctx, actor, id);
  await ctx.db.transaction(async (tx) => {
    const locked = await lockRelationshipRow(tx, me.organisationId, id);
    const withdrawn = await applyTransition(tx, ctx.now(), locked, {
      event: 'withdraw',
      actorKind: role,
      actorUserId: me.userId,
    });
    await notifyPeople(tx, [
      noteFor(withdrawn, 'mentor', {
        kind: 'request_withdrawn',
        title: `${row.menteeName} withdrew their request`,
        body:
          role === 'staff' ? 'Program staff withdrew it on their behalf. Nothing to do.' : 'Nothing to do.',
        link: requestLink(id),
        dedupeKey: `request:${id}:withdrawn`,
      }),
    ]);
  });
  const [item] = await requestItems(ctx.db, me, [id]);
  return item!;
}

/**
 * What an expired request tells each side: the mentee that nobody answered and who they could ask next (their
 * next suggestions, named, with a link to ask them), the mentor that it closed.
 */
async function expiryNotes(tx: Db, row: RelationshipRow, now: Date) {
  const [names, program] = await Promise.all([
    listRelationshipPage(tx, { organisationId: row.organisationId, ids: [row.id], limit: 1, offset: 0 }),
    programInOrganisation(tx, row.organisationId, row.programId),
  ]);
  const summary = names.rows[0];
  const mentorName = summary?.mentorName ?? 'The mentor';
  const menteeName = summary?.menteeName ?? 'A mentee';
  const programName = program?.name ?? 'the program';
  const next =
    program && acceptingStatuses.includes(program.status)
      ? await nextSuggestedMentors(tx, program, row.menteeEnrolmentId, now, 3, [row.mentorEnrolmentId])
      : [];
  const nextNames = next.map((mentor) => mentor.name).filter(Boolean);
  return [
    noteFor(row, 'mentee', {
      kind: 'request_expired',
      title: `Your request to ${mentorName} in ${programName} expired without an answer`,
      body:
        nextNames.length > 0
          ? `You can ask another mentor now. Suggested for you: ${listInWords(nextNames)}.`
          : 'You can ask another mentor now: browse the program’s mentors to find one.',
      link: program ? findMentorLink(program.id) : requestLink(row.id),
      dedupeKey: `request:${row.id}:expired`,
      email: {
        details: nextNames.length > 0 ? ['Suggested for you next:', ...nextNames] : [],
        actionLabel: 'Ask another mentor',
      },
    }),
    noteFor(row, 'mentor', {
      kind: 'request_expired',
      title: `${menteeName}’s request to you in ${programName} expired without an answer`,
      body: 'Nothing to do: they can ask another mentor.',
      link: requestLink(row.id),
      dedupeKey: `request:${row.id}:expired:mentor`,
      email: false,
    }),
  ];
}

/** "A", "A and B", "A, B and C". */
function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Expire every open request past its deadline (by the system), telling the mentee; returns how many. */
export async function expireDueRequests(ctx: AppContext, organisationId?: string | null): Promise<number> {
  let expired = 0;
  for (;;) {
    const now = ctx.now();
    const due = await repo.listDueRequests(ctx.db, now, 200, organisationId);
    if (due.length === 0) return expired;
    for (const request of due) {
      const done = await ctx.db.transaction(async (tx) => {
        const locked = await lockRelationshipRow(tx, request.organisationId, request.id);
        // Answered meanwhile, or its deadline moved: nothing to do.
        if (locked.status !== 'proposed' || !locked.expiresAt || locked.expiresAt > now) return false;
        const row = await applyTransition(tx, now, locked, {
          event: 'expire',
          actorKind: 'system',
          actorUserId: null,
        });
        await notifyPeople(tx, await expiryNotes(tx, row, now));
        return true;
      });
      if (done) expired++;
    }
    if (due.length < 200) return expired;
  }
}

/**
 * Per program, for staff's home: requests still waiting for the mentor's answer that were made before `before`.
 * The caller has established that the actor runs these programs.
 */
export async function requestsWaitingByProgram(
  db: Db,
  organisationId: string,
  programIds: readonly string[],
  before: Date,
): Promise<Map<string, { count: number; oldest: Date }>> {
  const rows = await repo.countRequestsWaitingSince(db, organisationId, programIds, before);
  return new Map(rows.map((row) => [row.programId, { count: Number(row.count), oldest: row.oldest }]));
}
