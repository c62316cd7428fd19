import type { Paginated } from '../../../contracts/common.ts';
import type {
  EndLeaversResult,
  EndProgramLeaversInput,
  LeaverRelationship,
  LeaverRelationshipsQuery,
  MyRelationship,
  MyRelationshipsQuery,
  PartySummary,
  ProgramRelationshipsQuery,
  ReassignRelationshipInput,
  RelationshipDetail,
  RelationshipEventItem,
  RelationshipSummary,
} from '../../../contracts/relationships.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import {
  availableEvents,
  decideTransition,
  type RelationshipActor,
  type RelationshipEvent,
  type RelationshipState,
} from '../../../core/relationships/relationship-state.ts';
import { requireActor, requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { programForStaff } from '../programs/program-access.ts';
import { explainMentor, matchReasons, ruleMessage, scoringForMentee } from './pair-scoring.service.ts';
import type { EnrolmentRow, RelationshipRow, RelationshipSummaryRow } from './relationships.repository.ts';
import * as repo from './relationships.repository.ts';

export type { RelationshipRow, RelationshipSummaryRow };

type PartyRole = 'mentor' | 'mentee' | 'staff';

function party(row: RelationshipSummaryRow, side: 'mentor' | 'mentee'): PartySummary {
  const r = row.relationship;
  return side === 'mentor'
    ? {
        enrolmentId: r.mentorEnrolmentId,
        personId: r.mentorPersonId,
        name: row.mentorName,
        title: row.mentorTitle,
        department: row.mentorDepartment,
        jobFunction: row.mentorJobFunction,
        level: row.mentorLevel,
      }
    : {
        enrolmentId: r.menteeEnrolmentId,
        personId: r.menteePersonId,
        name: row.menteeName,
        title: row.menteeTitle,
        department: row.menteeDepartment,
        jobFunction: row.menteeJobFunction,
        level: row.menteeLevel,
      };
}

/** A relationship as the API shows it. */
function toRelationshipSummary(row: RelationshipSummaryRow): RelationshipSummary {
  const r = row.relationship;
  return {
    id: r.id,
    program: { id: r.programId, name: row.programName },
    status: r.status as RelationshipSummary['status'],
    origin: r.origin as RelationshipSummary['origin'],
    mentor: party(row, 'mentor'),
    mentee: party(row, 'mentee'),
    score: r.score === null ? null : r.score / 100,
    reason: r.reason,
    reasonCode: r.reasonCode,
    startedAt: r.startedAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    groupId: r.groupId ?? null,
    groupName: row.groupName ?? null,
  };
}

export { party as partyOf };

/**
 * The relationship and who the caller is in it: one side of the pair, or program staff. Anyone else gets the same
 * 404 as for an id that does not exist, so relationships are not revealed to colleagues (§10).
 */
export async function relationshipForActor(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  db: Db = ctx.db,
): Promise<{ actor: Actor; row: RelationshipSummaryRow; role: PartyRole }> {
  const me = requireActor(actor);
  const row = await repo.findRelationshipSummary(db, me.organisationId, id);
  if (!row) throw notFound('Relationship');
  if (me.personId && row.relationship.mentorPersonId === me.personId)
    return { actor: me, row, role: 'mentor' };
  if (me.personId && row.relationship.menteePersonId === me.personId)
    return { actor: me, row, role: 'mentee' };
  try {
    await programForStaff(ctx, me, row.relationship.programId, db);
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') throw notFound('Relationship');
    throw error;
  }
  return { actor: me, row, role: 'staff' };
}

interface TransitionInput {
  event: RelationshipEvent;
  actorKind: RelationshipActor;
  actorUserId: string | null;
  reason?: string | null;
  reasonCode?: string | null;
  /** Extra facts kept on the history event. */
  details?: Record<string, unknown>;
}

/** Refuse a transition the state machine does not allow, with the matching status (403, 409 or 400). */
export function assertTransition(
  from: string,
  input: Pick<TransitionInput, 'event' | 'actorKind' | 'reason'>,
) {
  const outcome = decideTransition(from as RelationshipState, input.event, input.actorKind, input.reason);
  if (outcome.ok) return outcome.to;
  if (outcome.problem === 'forbidden') throw new AppError('forbidden', outcome.message);
  if (outcome.problem === 'invalid_state') throw new AppError('conflict', outcome.message, { status: from });
  throw invalidField('body.reason', 'is required');
}

/**
 * Apply one transition to a relationship row locked by the caller's transaction: status, reason, start/end time,
 * and a history event. Every status change in the application goes through here.
 */
export async function applyTransition(
  tx: Db,
  now: Date,
  row: RelationshipRow,
  input: TransitionInput,
): Promise<RelationshipRow> {
  const to = assertTransition(row.status, input);
  const updated = await repo.updateRelationshipStatus(tx, row.id, row.status, {
    status: to,
    updatedAt: now,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.reasonCode !== undefined ? { reasonCode: input.reasonCode } : {}),
    ...(to === 'active' ? { startedAt: now } : {}),
    ...(to !== 'active' && to !== 'proposed' ? { endedAt: now } : {}),
  });
  // The row is locked, so this only happens if a caller forgot to lock it.
  if (!updated) throw new AppError('conflict', 'The relationship changed meanwhile; reload and try again');
  await repo.insertRelationshipEvents(tx, [
    {
      organisationId: row.organisationId,
      relationshipId: row.id,
      fromStatus: row.status,
      toStatus: to,
      actorUserId: input.actorUserId,
      reason: input.reason ?? null,
      details: { kind: input.event, actor: input.actorKind, ...input.details },
      at: now,
    },
  ]);
  return updated;
}

/** Add a history event that does not change the status (a question from the mentor, a note). */
export async function addRelationshipNote(
  tx: Db,
  now: Date,
  row: RelationshipRow,
  note: { kind: string; actorKind: RelationshipActor; actorUserId: string | null; message: string },
): Promise<void> {
  await repo.insertRelationshipEvents(tx, [
    {
      organisationId: row.organisationId,
      relationshipId: row.id,
      fromStatus: row.status,
      toStatus: row.status,
      actorUserId: note.actorUserId,
      details: { kind: note.kind, actor: note.actorKind, message: note.message },
      at: now,
    },
  ]);
}

/** The mentor's capacity in this program: the enrolment's own, else the program default. */
export function mentorCapacity(enrolment: EnrolmentRow, program: ProgramRow): number {
  return enrolment.capacity ?? program.mentorDefaultCapacity;
}

/**
 * Lock the mentor's enrolment and refuse when every place is held. The lock is held until the caller's
 * transaction ends, so concurrent accepts for one mentor are counted one after another, never overbooking.
 */
export async function lockMentorWithPlace(
  tx: Db,
  program: ProgramRow,
  mentorEnrolmentId: string,
): Promise<EnrolmentRow> {
  const mentor = await repo.lockEnrolment(tx, program.organisationId, mentorEnrolmentId);
  if (
    !mentor ||
    mentor.programId !== program.id ||
    mentor.role !== 'mentor' ||
    mentor.status !== 'approved'
  ) {
    throw new AppError('conflict', 'The mentor is no longer an approved mentor of this program');
  }
  const held = await repo.countHeldPlaces(tx, mentor.id);
  if (held >= mentorCapacity(mentor, program)) {
    throw new AppError('conflict', 'The mentor is full: they have no place left in this program', {
      rule: 'mentor_full',
    });
  }
  return mentor;
}

/** Lock a mentee's enrolment: taken after the mentor's, so two transactions never wait on each other. */
export async function lockMenteeEnrolment(tx: Db, organisationId: string, menteeEnrolmentId: string) {
  return repo.lockEnrolment(tx, organisationId, menteeEnrolmentId);
}

/** The relationship row, locked for the caller's transaction (taken after any enrolment locks). */
export async function lockRelationshipRow(
  tx: Db,
  organisationId: string,
  id: string,
): Promise<RelationshipRow> {
  const row = await repo.lockRelationship(tx, organisationId, id);
  if (!row) throw notFound('Relationship');
  return row;
}

/** Whether the mentee already has a mentor in the program (active, or proposed by a published match run). */
export function menteeHasMentor(tx: Db, menteeEnrolmentId: string, exceptId?: string) {
  return repo.menteeHasMentor(tx, menteeEnrolmentId, exceptId);
}

/** The mentee's other open requests, locked (to withdraw them once one is accepted). */
export function lockOtherPendingRequests(tx: Db, menteeEnrolmentId: string, exceptId: string) {
  return repo.lockPendingRequestsOfMentee(tx, menteeEnrolmentId, exceptId);
}

/** Insert a new relationship with its first history event. */
export async function createRelationship(
  tx: Db,
  values: repo.NewRelationship,
  event: {
    actorKind: RelationshipActor;
    actorUserId: string | null;
    at: Date;
    details?: Record<string, unknown>;
  },
): Promise<RelationshipRow> {
  const row = await repo.insertRelationship(tx, values);
  await repo.insertRelationshipEvents(tx, [
    {
      organisationId: row.organisationId,
      relationshipId: row.id,
      fromStatus: null,
      toStatus: row.status,
      actorUserId: event.actorUserId,
      details: { kind: 'created', actor: event.actorKind, ...event.details },
      at: event.at,
    },
  ]);
  return row;
}

export type { PublishedPair, PublishedRun } from './relationships.repository.ts';

/**
 * Start the pairs of a published match run, in the caller's transaction: active relationships, each with its first
 * history event, written set-based (a statement per 5,000 pairs). Returns the new rows' ids and people.
 */
export function startPublishedRelationships(tx: Db, input: repo.PublishedRun) {
  return repo.insertPublishedRelationships(tx, input);
}

/** A page of relationships with both people, for other views of the same rows (requests). */
export function listRelationshipPage(db: Db, filter: repo.RelationshipFilter) {
  return repo.listRelationshipSummaries(db, filter);
}

/** History events of several relationships, oldest first. */
export function relationshipHistory(db: Db, organisationId: string, ids: readonly string[]) {
  return repo.listRelationshipEvents(db, organisationId, ids);
}

/** The pair's workspace (or one of its tabs): where a relationship that started lives in the web app. */
export function workspaceLink(relationshipId: string, tab?: string): string {
  return `/mentoring/relationships/${relationshipId}${tab ? `/${tab}` : ''}`;
}

/** What an email adds to a notice about a relationship; the program is filled in from the relationship. */
type NoteEmail = { details?: string[]; actionLabel?: string };

/** A notification to one side of a relationship, linking to its workspace unless told otherwise. */
export function noteFor(
  row: Pick<RelationshipRow, 'id' | 'organisationId' | 'programId' | 'mentorPersonId' | 'menteePersonId'>,
  side: 'mentor' | 'mentee',
  note: {
    kind: string;
    title: string;
    body?: string;
    link?: string;
    dedupeKey?: string;
    /** `false`: in the app only (a side note of a change already emailed). */
    email?: NoteEmail | false;
  },
) {
  return {
    organisationId: row.organisationId,
    personId: side === 'mentor' ? row.mentorPersonId : row.menteePersonId,
    kind: note.kind,
    title: note.title,
    body: note.body ?? '',
    link: note.link ?? workspaceLink(row.id),
    relationshipId: row.id,
    ...(note.dedupeKey ? { dedupeKey: note.dedupeKey } : {}),
    email: note.email === false ? (false as const) : { programId: row.programId, ...note.email },
  };
}

export function firstNameOf(name: string | null | undefined): string {
  return name?.trim().split(/\s+/)[0] || 'your partner';
}

/** The first step of every new pair, in the words both sides read. */
export function firstStep(partnerName: string | null): string {
  return `Say hello to ${firstNameOf(partnerName)} and agree when you will first meet. Your mentoring agreement is ready to sign in your workspace.`;
}

/**
 * What each side of a relationship that just started is told (a published run, an accepted request, a
 * reassignment): who the partner is, why they were paired (email details), the first step, and a link to the
 * workspace. `dedupeKey` is the cause; each side's key adds its role.
 */
export function relationshipStartedNotes(input: {
  relationship: Pick<
    RelationshipRow,
    'id' | 'organisationId' | 'programId' | 'mentorPersonId' | 'menteePersonId'
  >;
  programName: string;
  mentorName: string | null;
  menteeName: string | null;
  reasons: string[];
  dedupeKey: string;
  mentor?: { kind?: string; title?: string };
  mentee?: { kind?: string; title?: string };
}) {
  const { relationship, programName, mentorName, menteeName } = input;
  const details = input.reasons.length > 0 ? ['Why you were matched:', ...input.reasons] : [];
  return [
    noteFor(relationship, 'mentor', {
      kind: input.mentor?.kind ?? 'relationship_started',
      title: input.mentor?.title ?? `You are mentoring ${menteeName ?? 'a new mentee'} in ${programName}`,
      body: firstStep(menteeName),
      dedupeKey: `${input.dedupeKey}:mentor`,
      email: { details, actionLabel: 'Open your workspace' },
    }),
    noteFor(relationship, 'mentee', {
      kind: input.mentee?.kind ?? 'relationship_started',
      title: input.mentee?.title ?? `${mentorName ?? 'A mentor'} is your mentor in ${programName}`,
      body: firstStep(mentorName),
      dedupeKey: `${input.dedupeKey}:mentee`,
      email: { details, actionLabel: 'Open your workspace' },
    }),
  ];
}

function eventView(
  event: Awaited<ReturnType<typeof repo.listRelationshipEvents>>[number],
): RelationshipEventItem {
  const details = (event.details ?? {}) as Record<string, unknown>;
  const actor = details.actor;
  return {
    id: event.id,
    fromStatus: (event.fromStatus as RelationshipEventItem['fromStatus']) ?? null,
    toStatus: event.toStatus as RelationshipEventItem['toStatus'],
    kind: typeof details.kind === 'string' ? details.kind : 'change',
    actor: actor === 'mentor' || actor === 'mentee' || actor === 'staff' ? actor : 'system',
    actorName: event.actorName ?? null,
    reason: event.reason,
    message: typeof details.message === 'string' ? details.message : null,
    createdAt: event.createdAt.toISOString(),
  };
}

/** One relationship with its full history: the pair and program staff only. */
export async function getRelationship(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
): Promise<RelationshipDetail> {
  const { row, role, actor: me } = await relationshipForActor(ctx, actor, id);
  const events = await repo.listRelationshipEvents(ctx.db, me.organisationId, [id]);
  const r = row.relationship;
  return {
    ...toRelationshipSummary(row),
    viewerRole: role,
    requestMessage: r.requestMessage,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    availableActions: availableEvents(r.status as RelationshipState, role),
    events: events.map(eventView),
  };
}

/** "My mentor / my mentees": the caller's relationships that started, current and past, with the partner. */
export async function myRelationships(
  ctx: AppContext,
  actor: Actor | null,
  query: MyRelationshipsQuery,
): Promise<Paginated<MyRelationship>> {
  const me = requireActor(actor);
  if (!me.personId) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const statuses =
    query.state === 'current'
      ? ['active']
      : query.state === 'past'
        ? ['completed', 'ended_early']
        : ['active', 'completed', 'ended_early'];
  const { rows, total } = await repo.listRelationshipSummaries(ctx.db, {
    organisationId: me.organisationId,
    personId: me.personId,
    statuses,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) => {
      const myRole = row.relationship.mentorPersonId === me.personId ? 'mentor' : 'mentee';
      return {
        ...toRelationshipSummary(row),
        myRole,
        partner: party(row, myRole === 'mentor' ? 'mentee' : 'mentor'),
      };
    }),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Staff: the program's relationships, newest first, filtered by status and origin. */
export async function programRelationships(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: ProgramRelationshipsQuery,
): Promise<Paginated<RelationshipSummary>> {
  const { program } = await programForStaff(ctx, actor, programId);
  const { rows, total } = await repo.listRelationshipSummaries(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    ...(query.status ? { statuses: [query.status] } : {}),
    ...(query.origin ? { origin: query.origin } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toRelationshipSummary), total, page: query.page, pageSize: query.pageSize };
}

async function summaryOrThrow(db: Db, organisationId: string, id: string) {
  const row = await repo.findRelationshipSummary(db, organisationId, id);
  if (!row) throw notFound('Relationship');
  return row;
}

/** Complete or end an active relationship: either side or staff; the other side (or both, for staff) is told. */
async function closeRelationship(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  event: 'complete' | 'end_early',
  reason: string | null,
): Promise<RelationshipSummary> {
  return ctx.db.transaction(async (tx) => {
    const { actor: me, role } = await relationshipForActor(ctx, actor, id, tx);
    const locked = await repo.lockRelationship(tx, me.organisationId, id);
    if (!locked) throw notFound('Relationship');
    const now = ctx.now();
    const updated = await applyTransition(tx, now, locked, {
      event,
      actorKind: role,
      actorUserId: me.userId,
      ...(reason !== null ? { reason } : {}),
    });
    const summary = await summaryOrThrow(tx, me.organisationId, id);
    // Both sides hear of it, with what happens next: the one who ended it gets the same next steps.
    await notifyPeople(
      tx,
      (['mentor', 'mentee'] as const).map((side) => {
        const partnerName = side === 'mentor' ? summary.menteeName : summary.mentorName;
        // The partner who did it is named; the one who did it reads "you"; staff are "program staff".
        const byPartner = role !== 'staff' && role !== side;
        const who = byPartner ? me.name : role === 'staff' ? 'Program staff' : 'You';
        const which = byPartner
          ? 'your mentoring relationship'
          : `your mentoring relationship with ${partnerName}`;
        const title =
          event === 'complete' ? `${who} marked ${which} as completed` : `${who} ended ${which} early`;
        return noteFor(updated, side, {
          kind: event === 'complete' ? 'relationship_completed' : 'relationship_ended',
          title,
          body: [reason ? `“${reason}”` : '', endedNextSteps(summary.programName)].filter(Boolean).join(' '),
          dedupeKey: `relationship:${id}:${event}:${side}`,
          email: { details: endedDetails(), actionLabel: 'Fill in the closing survey' },
        });
      }),
    );
    if (role === 'staff') {
      await recordAudit(tx, {
        organisationId: me.organisationId,
        actorUserId: me.userId,
        action: event === 'complete' ? 'relationship.completed' : 'relationship.ended_early',
        targetType: 'relationship',
        targetId: id,
        details: reason ? { reason } : null,
        at: now,
      });
    }
    return toRelationshipSummary(summary);
  });
}

/** What happens once a relationship is over, for the notice that tells each side. */
function endedNextSteps(programName: string): string {
  return `What happens next: your workspace stays open for you to read, and the closing survey is open — two minutes to tell ${programName} how it went.`;
}

function endedDetails(): string[] {
  return [
    'The closing survey asks how the relationship went; your partner never sees your answers.',
    'Your goals, meetings and notes stay readable in the workspace.',
    'You can join another program or ask for a new mentor whenever you are ready.',
  ];
}

export function completeRelationship(ctx: AppContext, actor: Actor | null, id: string, note?: string) {
  return closeRelationship(ctx, actor, id, 'complete', note?.trim() ? note.trim() : null);
}

export function endRelationship(ctx: AppContext, actor: Actor | null, id: string, reason: string) {
  return closeRelationship(ctx, actor, id, 'end_early', reason);
}

/**
 * The system completes an active relationship by a rule of its program (a flash session closing itself, decision
 * 034), in the caller's transaction: locked, completed with `reason` on its history, both sides told with
 * `body`. Returns false when it is no longer active (closed meanwhile by hand or by another run).
 */
export async function completeRelationshipBySystem(
  tx: Db,
  now: Date,
  organisationId: string,
  id: string,
  input: { reason: string; title: string; body: string; details?: Record<string, unknown> },
): Promise<boolean> {
  const locked = await repo.lockRelationship(tx, organisationId, id);
  if (locked?.status !== 'active') return false;
  const updated = await applyTransition(tx, now, locked, {
    event: 'complete',
    actorKind: 'system',
    actorUserId: null,
    reason: input.reason,
    ...(input.details ? { details: input.details } : {}),
  });
  await notifyPeople(
    tx,
    (['mentor', 'mentee'] as const).map((side) =>
      noteFor(updated, side, {
        kind: 'relationship_completed',
        title: input.title,
        body: input.body,
        dedupeKey: `relationship:${id}:complete:${side}`,
        email: false,
      }),
    ),
  );
  return true;
}

/**
 * Staff: end an active relationship early and pair the mentee with another mentor, in one transaction. The new
 * mentor must be eligible under the program's hard rules and have a place (checked under the mentor's lock).
 */
export async function reassignRelationship(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: ReassignRelationshipInput,
): Promise<{ ended: RelationshipSummary; created: RelationshipSummary }> {
  const me = requireActor(actor);
  const current = await summaryOrThrow(ctx.db, me.organisationId, id);
  const { program } = await programForStaff(ctx, me, current.relationship.programId).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === 'forbidden') {
        // One side of the pair may see the relationship but not reassign it; colleagues learn nothing.
        const r = current.relationship;
        if (me.personId === r.mentorPersonId || me.personId === r.menteePersonId) throw error;
        throw notFound('Relationship');
      }
      throw error;
    },
  );
  assertTransition(current.relationship.status, {
    event: 'end_early',
    actorKind: 'staff',
    reason: input.reason,
  });
  if (input.mentorEnrolmentId === current.relationship.mentorEnrolmentId) {
    throw invalidField('body.mentorEnrolmentId', 'is the current mentor');
  }
  const now = ctx.now();
  const scoring = await scoringForMentee(ctx.db, program, current.relationship.menteeEnrolmentId, now);
  const pair = scoring ? explainMentor(scoring, input.mentorEnrolmentId) : null;
  if (!pair) throw invalidField('body.mentorEnrolmentId', 'is not an approved mentor of this program');
  // Capacity is checked below under the lock; every other rule here. The current mentor does not count as a
  // previous pair for the new one.
  const rule = pair.explanation.removedBy;
  if (rule && rule !== 'mentor_full') {
    throw new AppError('conflict', ruleMessage(rule), { rule });
  }

  const { ended, created } = await ctx.db.transaction(async (tx) => {
    await lockMentorWithPlace(tx, program, input.mentorEnrolmentId);
    await repo.lockEnrolment(tx, me.organisationId, current.relationship.menteeEnrolmentId);
    const locked = await repo.lockRelationship(tx, me.organisationId, id);
    if (!locked) throw notFound('Relationship');
    const endedRow = await applyTransition(tx, now, locked, {
      event: 'end_early',
      actorKind: 'staff',
      actorUserId: me.userId,
      reason: input.reason,
      details: { reassigned: true },
    });
    const createdRow = await repo.insertRelationship(tx, {
      organisationId: program.organisationId,
      programId: program.id,
      mentorEnrolmentId: pair.mentor.enrolmentId,
      menteeEnrolmentId: locked.menteeEnrolmentId,
      mentorPersonId: pair.mentor.personId,
      menteePersonId: locked.menteePersonId,
      status: 'active',
      origin: 'reassignment',
      score: pair.explanation.score,
      reason: input.reason,
      startedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await repo.insertRelationshipEvents(tx, [
      {
        organisationId: program.organisationId,
        relationshipId: createdRow.id,
        fromStatus: null,
        toStatus: 'active',
        actorUserId: me.userId,
        reason: input.reason,
        details: { kind: 'reassigned', actor: 'staff', previousRelationshipId: id },
        at: now,
      },
    ]);
    const menteeName = current.menteeName;
    const newMentorName = pair.mentor.name ?? null;
    const reasons = matchReasons(pair.explanation.criteria.filter((c) => c.numericWeight > 0));
    await notifyPeople(tx, [
      noteFor(endedRow, 'mentor', {
        kind: 'relationship_reassigned',
        title: `Program staff paired ${menteeName} with another mentor`,
        body: [`“${input.reason}”`, endedNextSteps(program.name)].join(' '),
        dedupeKey: `relationship:${id}:reassigned:mentor`,
        email: { details: endedDetails(), actionLabel: 'Fill in the closing survey' },
      }),
      ...relationshipStartedNotes({
        relationship: createdRow,
        programName: program.name,
        mentorName: newMentorName,
        menteeName,
        reasons,
        dedupeKey: `relationship:${createdRow.id}:created`,
        mentee: {
          kind: 'relationship_reassigned',
          title: `Your new mentor in ${program.name} is ${newMentorName ?? 'waiting in your workspace'}`,
        },
        mentor: { title: `You have a new mentee in ${program.name}: ${menteeName}` },
      }),
    ]);
    await recordAudit(tx, {
      organisationId: program.organisationId,
      actorUserId: me.userId,
      action: 'relationship.reassigned',
      targetType: 'relationship',
      targetId: id,
      details: {
        newRelationshipId: createdRow.id,
        mentorEnrolmentId: pair.mentor.enrolmentId,
        reason: input.reason,
      },
      at: now,
    });
    return {
      ended: await summaryOrThrow(tx, me.organisationId, endedRow.id),
      created: await summaryOrThrow(tx, me.organisationId, createdRow.id),
    };
  });
  return { ended: toRelationshipSummary(ended), created: toRelationshipSummary(created) };
}

// ── People who left ───────────────────────────────────────────────────────────────────────────────────────────

/** The reason kept on a relationship ended because one side left (decision 016). */
const leftReason = 'left the organisation';
const openStatuses = ['proposed', 'active'] as const;

function leftSidesOf(row: RelationshipSummaryRow): ('mentor' | 'mentee')[] {
  const sides: ('mentor' | 'mentee')[] = [];
  if (row.mentorStatus !== 'active') sides.push('mentor');
  if (row.menteeStatus !== 'active') sides.push('mentee');
  return sides;
}

function toLeaverRelationship(row: RelationshipSummaryRow): LeaverRelationship {
  return { ...toRelationshipSummary(row), leftSides: leftSidesOf(row) };
}

/** Staff: the program's open relationships where one side left the organisation, for them to end. */
export async function programLeavers(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: LeaverRelationshipsQuery,
): Promise<Paginated<LeaverRelationship>> {
  const { program } = await programForStaff(ctx, actor, programId);
  const { rows, total } = await repo.listRelationshipSummaries(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    statuses: openStatuses,
    leftOrganisation: true,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toLeaverRelationship), total, page: query.page, pageSize: query.pageSize };
}

async function personOrThrow(db: Db, organisationId: string, personId: string) {
  const person = await repo.findPersonStatus(db, organisationId, personId);
  if (!person) throw notFound('Person');
  return person;
}

/** Admins: a person's open relationships in every program, once they left the organisation (none while active). */
export async function personLeaverRelationships(
  ctx: AppContext,
  actor: Actor | null,
  personId: string,
  query: LeaverRelationshipsQuery,
): Promise<Paginated<LeaverRelationship>> {
  const admin = requireAdmin(actor);
  const person = await personOrThrow(ctx.db, admin.organisationId, personId);
  if (person.status === 'active') return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const { rows, total } = await repo.listRelationshipSummaries(ctx.db, {
    organisationId: admin.organisationId,
    personId,
    statuses: openStatuses,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toLeaverRelationship), total, page: query.page, pageSize: query.pageSize };
}

/** What the side that stays is told: the relationship ended, or the request closed, because the other one left. */
function partnerNote(
  row: RelationshipRow,
  stays: 'mentor' | 'mentee',
  leaverName: string | null,
  programName: string,
) {
  const who = leaverName ?? 'Your partner';
  const body = `${who} has left the organisation.`;
  if (row.status === 'ended_early')
    return noteFor(row, stays, {
      kind: 'relationship_ended',
      title: leaverName
        ? `Your mentoring relationship with ${leaverName} has ended`
        : 'Your mentoring relationship has ended',
      body: `${body} ${endedNextSteps(programName)}`,
      dedupeKey: `relationship:${row.id}:left:${stays}`,
      email: { details: endedDetails(), actionLabel: 'Fill in the closing survey' },
    });
  const title =
    row.origin !== 'request'
      ? `The proposed pairing${leaverName ? ` with ${leaverName}` : ''} was closed`
      : stays === 'mentee'
        ? `Your request${leaverName ? ` to ${leaverName}` : ''} was closed`
        : `${leaverName ? `${leaverName}’s request` : 'A request'} to you was withdrawn`;
  const findAnother = row.origin === 'request' && stays === 'mentee';
  return noteFor(row, stays, {
    kind: stays === 'mentee' ? 'request_declined' : 'request_withdrawn',
    title,
    body: findAnother ? `${body} You can ask another mentor.` : body,
    dedupeKey: `relationship:${row.id}:left:${stays}`,
    ...(findAnother
      ? { link: findMentorLink(row.programId), email: { actionLabel: 'Find another mentor' } }
      : row.origin === 'request'
        ? { link: requestLink(row.id) }
        : {}),
  });
}

/** A request on the requests page of the web app (the page scrolls to it and highlights it). */
export function requestLink(requestId: string): string {
  return `/mentoring/requests#request-${requestId}`;
}

/** Where a mentee of a self-select program finds (another) mentor. */
export function findMentorLink(programId: string): string {
  return `/mentoring/programs/${programId}/mentors`;
}

/**
 * End every open relationship in scope where one side left, in the caller's transaction, with the reason "left the
 * organisation": active ones end early, proposed ones are declined (the mentor left) or withdrawn (the mentee left).
 * The side that stays is told in the app. Returns the ids ended.
 */
async function endLeaverRelationships(
  tx: Db,
  now: Date,
  staff: Actor,
  scope: { programId?: string; personId?: string },
): Promise<string[]> {
  const ended: string[] = [];
  const notes: ReturnType<typeof noteFor>[] = [];
  // In pages until none is left: each one ended drops out of the list.
  for (;;) {
    const { rows } = await repo.listRelationshipSummaries(tx, {
      organisationId: staff.organisationId,
      ...scope,
      statuses: openStatuses,
      leftOrganisation: true,
      limit: 500,
      offset: 0,
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      const locked = await repo.lockRelationship(tx, staff.organisationId, row.relationship.id);
      if (!locked || (locked.status !== 'active' && locked.status !== 'proposed')) continue;
      const sides = leftSidesOf(row);
      const event: RelationshipEvent =
        locked.status === 'active' ? 'end_early' : sides.includes('mentor') ? 'decline' : 'withdraw';
      const updated = await applyTransition(tx, now, locked, {
        event,
        actorKind: 'staff',
        actorUserId: staff.userId,
        reason: leftReason,
        reasonCode: 'left_organisation',
        details: { leftSides: sides },
      });
      ended.push(updated.id);
      for (const stays of (['mentor', 'mentee'] as const).filter((side) => !sides.includes(side))) {
        const leaver = stays === 'mentor' ? row.menteeStatus : row.mentorStatus;
        const leaverName = leaver === 'erased' ? null : stays === 'mentor' ? row.menteeName : row.mentorName;
        notes.push(partnerNote(updated, stays, leaverName, row.programName));
      }
    }
  }
  if (notes.length > 0) await notifyPeople(tx, notes);
  return ended;
}

/** Staff: end the program's relationships of people who left (all of them, or one person's). */
export async function endProgramLeavers(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: EndProgramLeaversInput,
): Promise<EndLeaversResult> {
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForStaff(ctx, actor, programId, tx);
    if (input.personId) await personOrThrow(tx, staff.organisationId, input.personId);
    const now = ctx.now();
    const ended = await endLeaverRelationships(tx, now, staff, {
      programId: program.id,
      ...(input.personId ? { personId: input.personId } : {}),
    });
    if (ended.length > 0)
      await recordAudit(tx, {
        organisationId: staff.organisationId,
        actorUserId: staff.userId,
        action: 'relationships.ended_for_leavers',
        targetType: 'program',
        targetId: program.id,
        details: { ended: ended.length, relationshipIds: ended, personId: input.personId ?? null },
        at: now,
      });
    return { ended: ended.length };
  });
}

/** Admins: end a person's open relationships in every program, once they left the organisation (409 before). */
export async function endPersonLeavers(
  ctx: AppContext,
  actor: Actor | null,
  personId: string,
): Promise<EndLeaversResult> {
  const admin = requireAdmin(actor);
  return ctx.db.transaction(async (tx) => {
    const person = await personOrThrow(tx, admin.organisationId, personId);
    if (person.status === 'active')
      throw new AppError(
        'conflict',
        `${person.name} has not left the organisation: deactivate them first, or end their relationships one by one`,
      );
    const now = ctx.now();
    const ended = await endLeaverRelationships(tx, now, admin, { personId });
    if (ended.length > 0)
      await recordAudit(tx, {
        organisationId: admin.organisationId,
        actorUserId: admin.userId,
        action: 'relationships.ended_for_leavers',
        targetType: 'person',
        targetId: personId,
        details: { ended: ended.length, relationshipIds: ended },
        at: now,
      });
    return { ended: ended.length };
  });
}
