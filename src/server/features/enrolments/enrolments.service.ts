import type { Paginated } from '../../../contracts/common.ts';
import type {
  BulkEnrolmentInput,
  BulkEnrolmentResult,
  Enrolment,
  EnrolmentInput,
  EnrolmentListQuery,
  EnrolmentProfileInput,
  EnrolmentRole,
  EnrolmentUpdate,
} from '../../../contracts/enrolments.contracts.ts';
import { AppError, type FieldIssue, notFound } from '../../../core/errors.ts';
import { validateAnswers } from '../../../core/programs/enrolment-answers.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type NewNotification, notifyPeople } from '../notifications/notifications.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { programForMember, programForStaff } from '../programs/program-access.ts';
import { formQuestions } from '../programs/program-questions.service.ts';
import { canManageProgram } from '../programs/programs.service.ts';
import { applyTransition, requestLink } from '../relationships/relationships.service.ts';
import { resolveSkills } from '../skills/skills.service.ts';
import { readStoredAnswers, readStoredProfile } from './enrolment-profiles.service.ts';
import * as repo from './enrolments.repository.ts';
import { rememberEnrolmentProfile } from './mentoring-profile-store.ts';

/** Statuses in which an enrolment still counts: a person has at most one of these per program. */
const liveStatuses = new Set(['pending_approval', 'approved', 'waitlisted']);

function fail(issues: FieldIssue[]): never {
  throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
}

function toEnrolment(row: repo.EnrolmentWithPerson): Enrolment {
  const { enrolment } = row;
  return {
    id: enrolment.id,
    programId: enrolment.programId,
    programName: row.programName,
    programStatus: row.programStatus,
    personId: enrolment.personId,
    person: row.person,
    role: enrolment.role as EnrolmentRole,
    status: enrolment.status as Enrolment['status'],
    capacity: enrolment.capacity,
    profile: readStoredProfile(enrolment.profile),
    answers: readStoredAnswers(enrolment.answers) as Enrolment['answers'],
    createdAt: enrolment.createdAt.toISOString(),
    updatedAt: enrolment.updatedAt.toISOString(),
  };
}

const mentorOnly = ['skillsOffered', 'capacity'] as const;
const menteeOnly = ['skillsWanted', 'targetFunction', 'departmentPreference', 'preferredMentorIds'] as const;

/**
 * Check a profile for one role: fields of the other role are refused, skills must be in the vocabulary (resolved to
 * its spelling), named people must be active people of the organisation. Returns only the fields given.
 */
async function checkProfile(
  db: Db,
  organisationId: string,
  role: EnrolmentRole,
  input: EnrolmentProfileInput,
  path: string,
): Promise<{ profile: Record<string, unknown>; capacity: number | undefined }> {
  const issues: FieldIssue[] = [];
  const refused = role === 'mentor' ? menteeOnly : mentorOnly;
  for (const key of refused) {
    if (input[key] !== undefined)
      issues.push({
        path: `${path}.${key}`,
        message: `only for ${role === 'mentor' ? 'mentees' : 'mentors'}`,
      });
  }
  const { capacity, ...profile } = input as EnrolmentProfileInput & Record<string, unknown>;
  const skillsKey = role === 'mentor' ? 'skillsOffered' : 'skillsWanted';
  const skills = await resolveSkills(db, organisationId, [
    { path: `${path}.${skillsKey}`, names: input[skillsKey] ?? [] },
  ]);
  issues.push(...skills.issues);
  if (input[skillsKey] !== undefined) profile[skillsKey] = skills.resolved[0];
  const named = [
    ...(input.avoidPersonIds ?? []).map((id, index) => ({ id, path: `${path}.avoidPersonIds[${index}]` })),
    ...(role === 'mentee' ? (input.preferredMentorIds ?? []) : []).map((id, index) => ({
      id,
      path: `${path}.preferredMentorIds[${index}]`,
    })),
  ];
  if (named.length > 0) {
    const found = new Set(
      (await repo.findActivePeople(db, organisationId, [...new Set(named.map((n) => n.id))])).map(
        (p) => p.id,
      ),
    );
    for (const entry of named)
      if (!found.has(entry.id)) issues.push({ path: entry.path, message: 'no such person' });
  }
  if (issues.length > 0) fail(issues);
  return { profile, capacity };
}

/** Where a participant follows their enrolments: the Programs tab of their mentoring page. */
const myProgramsLink = '/mentoring';

/** What an approved enrolment leads to next, and where: in words for the person, with the page to go to. */
function nextStepOf(program: ProgramRow, role: string): { text: string; link: string; actionLabel: string } {
  const choose = program.matchingMode !== 'admin';
  if (role === 'mentee' && choose)
    return {
      text: 'Next: choose a mentor. Your suggestions are ready, with why each one fits you.',
      link: `/mentoring/programs/${program.id}/mentors`,
      actionLabel: 'Find a mentor',
    };
  if (role === 'mentee')
    return {
      text: 'Next: program staff match you with a mentor. We will tell you who as soon as you are matched.',
      link: myProgramsLink,
      actionLabel: 'See your programs',
    };
  return {
    text: choose
      ? 'Next: mentees can ask you to mentor them. We will tell you when someone does.'
      : 'Next: program staff match you with mentees. We will tell you who as soon as you are matched.',
    link: myProgramsLink,
    actionLabel: 'See your programs',
  };
}

const waitlistText =
  'All mentor places are taken for now, so you are on the waitlist. We will tell you as soon as a place opens.';

/** The notice of an enrolment's new status (approved or waitlisted) to the person enrolled. */
export function enrolmentStatusNote(
  program: ProgramRow,
  enrolment: { id: string; personId: string; role: string },
  status: string,
  title: { approved: string; waitlisted: string },
  dedupeKey: string,
) {
  const next = nextStepOf(program, enrolment.role);
  const waitlisted = status === 'waitlisted';
  return {
    organisationId: program.organisationId,
    personId: enrolment.personId,
    kind: waitlisted ? 'enrolment.waitlisted' : 'enrolment.approved',
    title: waitlisted ? title.waitlisted : title.approved,
    body: waitlisted ? waitlistText : next.text,
    link: waitlisted ? myProgramsLink : next.link,
    dedupeKey,
    email: { programId: program.id, actionLabel: waitlisted ? 'See your programs' : next.actionLabel },
  };
}

/** Whether one more mentee fits the approved mentors' places; else they wait. */
async function admitMentee(tx: Db, programId: string): Promise<'approved' | 'waitlisted'> {
  const { places, mentees } = await repo.capacityOfProgram(tx, programId);
  return mentees < places ? 'approved' : 'waitlisted';
}

/**
 * Promote waitlisted mentees, first enrolled first, into the places approved mentors have free. Run inside the
 * transaction that added places or freed one (mentor approved or enrolled, capacity raised, mentee left). With
 * `collect`, the notices to the promoted are added there for the caller to send instead of being sent.
 */
export async function promoteWaitlisted(
  ctx: AppContext,
  tx: Db,
  program: ProgramRow,
  collect?: NewNotification[],
): Promise<number> {
  const { places, mentees } = await repo.capacityOfProgram(tx, program.id);
  const promoted = await repo.firstWaitlisted(tx, program.id, places - mentees);
  if (promoted.length === 0) return 0;
  await repo.updateEnrolmentStatuses(
    tx,
    promoted.map((row) => row.id),
    'approved',
    ctx.now(),
  );
  const next = nextStepOf(program, 'mentee');
  const notes = promoted.map((row) => ({
    organisationId: program.organisationId,
    personId: row.personId,
    kind: 'enrolment.promoted',
    title: `A mentor place opened in ${program.name}: you are in`,
    body: `You were on the waitlist and are now enrolled as a mentee. ${next.text}`,
    link: next.link,
    dedupeKey: `enrolment-promoted:${row.id}:${ctx.now().getTime()}`,
    email: { programId: program.id, actionLabel: next.actionLabel },
  }));
  if (collect) collect.push(...notes);
  else await notifyPeople(tx, notes);
  return promoted.length;
}

async function lockProgram(tx: Db, program: ProgramRow): Promise<ProgramRow> {
  return (await repo.lockProgramRow(tx, program.organisationId, program.id))!;
}

async function reload(tx: Db, organisationId: string, id: string): Promise<Enrolment> {
  return toEnrolment((await repo.findEnrolment(tx, organisationId, id))!);
}

async function audit(
  tx: Db,
  ctx: AppContext,
  actor: Actor,
  action: string,
  targetId: string,
  details?: unknown,
) {
  await recordAudit(tx, {
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action,
    targetType: 'enrolment',
    targetId,
    details,
    at: ctx.now(),
  });
}

/**
 * Enrol as mentor or mentee (§3). A person enrols themselves while the program is `enrolling`; staff may enrol anyone,
 * in any status but closed, without approval and without the form's required answers. One live enrolment per
 * person and program (409 for the other role); mentees beyond the mentors' places are waitlisted.
 */
export async function enrol(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: EnrolmentInput,
): Promise<Enrolment> {
  const signedIn = requireActor(actor);
  return ctx.db.transaction(async (tx) => {
    const forSomeoneElse = input.personId !== undefined && input.personId !== signedIn.personId;
    const { program: found } = forSomeoneElse
      ? await programForStaff(ctx, signedIn, programId, tx)
      : await programForMember(ctx, signedIn, programId, tx);
    const staff = forSomeoneElse || (await canManageProgram(tx, signedIn, found.id));
    const personId = input.personId ?? signedIn.personId;
    if (!personId) throw new AppError('conflict', 'Your account is not linked to a person in the directory');
    const program = await lockProgram(tx, found);
    if (program.status === 'closed') throw new AppError('conflict', 'This program is closed');
    if (!staff && program.status !== 'enrolling') {
      throw new AppError('conflict', 'This program is not open for enrolment');
    }
    if ((await repo.findActivePeople(tx, program.organisationId, [personId])).length === 0) {
      throw notFound('Person');
    }
    const existing = await repo.enrolmentsOfPersonInProgram(tx, program.id, personId);
    const live = existing.find((row) => liveStatuses.has(row.status));
    if (live) {
      throw new AppError(
        'conflict',
        live.role === input.role
          ? `Already enrolled as ${live.role} in this program`
          : `Already enrolled as ${live.role} in this program: one role per program`,
        { enrolmentId: live.id },
      );
    }
    const { profile, capacity } = await checkProfile(
      tx,
      program.organisationId,
      input.role,
      input.profile,
      'body.profile',
    );
    const answers = validateAnswers(
      await formQuestions(tx, program.organisationId, program.id),
      input.answers,
      input.role,
    );
    const answerIssues = forSomeoneElse
      ? answers.issues.filter((issue) => issue.message !== 'an answer is required')
      : answers.issues;
    if (answerIssues.length > 0) fail(answerIssues);

    let status: string;
    if (program.requiresApproval && !staff) status = 'pending_approval';
    else status = input.role === 'mentee' ? await admitMentee(tx, program.id) : 'approved';
    const now = ctx.now();
    const values = {
      status,
      capacity: input.role === 'mentor' ? (capacity ?? program.mentorDefaultCapacity) : null,
      profile,
      answers: answers.value,
      enrolledBy: signedIn.userId,
      createdAt: now,
      updatedAt: now,
    };
    // A person who withdrew (or was rejected) enrols again on the same row: it counts as a new enrolment.
    const previous = existing.find((row) => row.role === input.role);
    const row = previous
      ? await repo.updateEnrolment(tx, previous.id, values)
      : (
          await repo.insertEnrolments(tx, [
            {
              ...values,
              organisationId: program.organisationId,
              programId: program.id,
              personId,
              role: input.role,
            },
          ])
        )[0]!;
    if (input.role === 'mentor' && status === 'approved') await promoteWaitlisted(ctx, tx, program);
    // The person's own words become their profile, prefilled in their next enrolment (issue 13 §3).
    if (!forSomeoneElse)
      await rememberEnrolmentProfile(tx, {
        organisationId: program.organisationId,
        personId,
        role: input.role,
        profile,
        capacity,
        at: now,
      });
    if (forSomeoneElse) {
      // Staff enrolled them: they learn it from us, with what comes next.
      await notifyPeople(tx, [
        enrolmentStatusNote(
          program,
          { id: row.id, personId, role: input.role },
          status,
          {
            approved: `You are enrolled as a ${input.role} in ${program.name}`,
            waitlisted: `You are on the waitlist for ${program.name}`,
          },
          `enrolment-created:${row.id}:${now.getTime()}`,
        ),
      ]);
      await audit(tx, ctx, signedIn, 'enrolment.created', row.id, { role: input.role, personId });
    } else if (status === 'waitlisted') {
      // Joining a full program: the confirmation says what the waitlist means.
      await notifyPeople(tx, [
        enrolmentStatusNote(
          program,
          { id: row.id, personId, role: input.role },
          status,
          { approved: '', waitlisted: `You are on the waitlist for ${program.name}` },
          `enrolment-created:${row.id}:${now.getTime()}`,
        ),
      ]);
    }
    return reload(tx, program.organisationId, row.id);
  });
}

/** An enrolment the caller may act on: their own, or any of a program they manage (403 otherwise, 404 elsewhere). */
async function enrolmentForActor(
  ctx: AppContext,
  tx: Db,
  actor: Actor | null,
  id: string,
  staffOnly = false,
) {
  const signedIn = requireActor(actor);
  const found = await repo.findEnrolment(tx, signedIn.organisationId, id);
  if (!found) throw notFound('Enrolment');
  const staff = await canManageProgram(tx, signedIn, found.enrolment.programId);
  const own = signedIn.personId !== null && signedIn.personId === found.enrolment.personId;
  if (!staff && (staffOnly || !own)) {
    throw new AppError(
      'forbidden',
      staffOnly
        ? 'Only the program’s coordinators and the organisation’s admins can do this'
        : 'Not your enrolment',
    );
  }
  const { program } = await programForMember(ctx, signedIn, found.enrolment.programId, tx);
  return { actor: signedIn, found, staff, program: await lockProgram(tx, program) };
}

export async function getEnrolment(ctx: AppContext, actor: Actor | null, id: string): Promise<Enrolment> {
  return ctx.db.transaction(async (tx) => toEnrolment((await enrolmentForActor(ctx, tx, actor, id)).found));
}

/** Edit profile or answers (the person or staff); answers are merged and the whole set re-checked against the form. */
export async function updateEnrolment(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  patch: EnrolmentUpdate,
): Promise<Enrolment> {
  return ctx.db.transaction((tx) => updateEnrolmentInTransaction(ctx, tx, actor, id, patch));
}

/** `updateEnrolment` in the caller's transaction: "My profile" copies itself into several enrolments at once. */
export async function updateEnrolmentInTransaction(
  ctx: AppContext,
  tx: Db,
  actor: Actor | null,
  id: string,
  patch: EnrolmentUpdate,
): Promise<Enrolment> {
  const { actor: signedIn, found, staff, program } = await enrolmentForActor(ctx, tx, actor, id);
  const { enrolment } = found;
  const role = enrolment.role as EnrolmentRole;
  if (program.status === 'closed') throw new AppError('conflict', 'This program is closed');
  if (!liveStatuses.has(enrolment.status))
    throw new AppError('conflict', `This enrolment is ${enrolment.status}`);
  const changes: Parameters<typeof repo.updateEnrolment>[2] = { updatedAt: ctx.now() };
  let capacityRaised = false;
  if (patch.profile) {
    const { profile, capacity } = await checkProfile(
      tx,
      program.organisationId,
      role,
      patch.profile,
      'body.profile',
    );
    changes.profile = { ...(enrolment.profile as Record<string, unknown>), ...profile };
    if (capacity !== undefined && capacity !== enrolment.capacity) {
      const held = await repo.countHeldPlaces(tx, enrolment.id);
      if (capacity < held) {
        throw new AppError(
          'conflict',
          `This mentor already has ${held} mentees or proposals: capacity cannot go below that`,
        );
      }
      capacityRaised = capacity > (enrolment.capacity ?? 0);
      changes.capacity = capacity;
    }
  }
  if (patch.answers) {
    const merged = { ...readStoredAnswers(enrolment.answers), ...patch.answers };
    const answers = validateAnswers(
      await formQuestions(tx, program.organisationId, program.id),
      merged,
      role,
    );
    const issues =
      staff && signedIn.personId !== enrolment.personId
        ? answers.issues.filter((issue) => issue.message !== 'an answer is required')
        : answers.issues;
    if (issues.length > 0) fail(issues);
    changes.answers = answers.value;
  }
  await repo.updateEnrolment(tx, enrolment.id, changes);
  if (patch.profile && signedIn.personId === enrolment.personId)
    await rememberEnrolmentProfile(tx, {
      organisationId: program.organisationId,
      personId: enrolment.personId,
      role,
      profile: changes.profile as Record<string, unknown>,
      capacity: patch.profile.capacity,
      at: ctx.now(),
    });
  if (role === 'mentor' && enrolment.status === 'approved' && capacityRaised)
    await promoteWaitlisted(ctx, tx, program);
  if (staff && signedIn.personId !== enrolment.personId) {
    await audit(tx, ctx, signedIn, 'enrolment.updated', enrolment.id, { fields: Object.keys(patch) });
  }
  return reload(tx, program.organisationId, enrolment.id);
}

/** A mentee who leaves withdraws their open self-select requests; each mentor is told. */
async function withdrawOpenRequests(ctx: AppContext, tx: Db, program: ProgramRow, menteeEnrolmentId: string) {
  const open = await repo.lockOpenRequestsOfMentee(tx, menteeEnrolmentId);
  for (const request of open) {
    await applyTransition(tx, ctx.now(), request, {
      event: 'withdraw',
      actorKind: 'system',
      actorUserId: null,
      reason: 'The mentee left the program',
    });
  }
  await notifyPeople(
    tx,
    open.map((request) => ({
      organisationId: program.organisationId,
      personId: request.mentorPersonId,
      kind: 'request_withdrawn',
      title: `A request to you in ${program.name} was withdrawn: the mentee left the program`,
      body: 'Nothing to do.',
      link: requestLink(request.id),
      relationshipId: request.id,
      dedupeKey: `request:${request.id}:withdrawn`,
      email: { programId: program.id },
    })),
  );
}

/**
 * Leave a program (the person or staff). The enrolment drops out of matching; a mentee leaving frees a place for the
 * waitlist; a mentee's open self-select requests are withdrawn. Relationships already made are left to the
 * relationship workflow (end them there).
 */
export async function withdrawEnrolment(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
): Promise<Enrolment> {
  return ctx.db.transaction(async (tx) => {
    const { actor: signedIn, found, program } = await enrolmentForActor(ctx, tx, actor, id);
    const { enrolment } = found;
    if (!liveStatuses.has(enrolment.status))
      throw new AppError('conflict', `This enrolment is already ${enrolment.status}`);
    await repo.updateEnrolment(tx, enrolment.id, { status: 'withdrawn', updatedAt: ctx.now() });
    if (enrolment.role === 'mentee') await withdrawOpenRequests(ctx, tx, program, enrolment.id);
    if (enrolment.role === 'mentee' && enrolment.status === 'approved')
      await promoteWaitlisted(ctx, tx, program);
    await audit(tx, ctx, signedIn, 'enrolment.withdrawn', enrolment.id, { role: enrolment.role });
    return reload(tx, program.organisationId, enrolment.id);
  });
}

/**
 * Staff approve a pending enrolment: a mentee takes a free place or joins the waitlist; a mentor's places promote
 * waitlisted mentees. Approving a waitlisted mentee admits them beyond the mentors' places (staff override).
 */
export async function approveEnrolment(ctx: AppContext, actor: Actor | null, id: string): Promise<Enrolment> {
  return ctx.db.transaction(async (tx) => {
    const { actor: signedIn, found, program } = await enrolmentForActor(ctx, tx, actor, id, true);
    const { enrolment } = found;
    if (program.status === 'closed') throw new AppError('conflict', 'This program is closed');
    if (enrolment.status !== 'pending_approval' && enrolment.status !== 'waitlisted') {
      throw new AppError(
        'conflict',
        `Only pending or waitlisted enrolments can be approved; this one is ${enrolment.status}`,
      );
    }
    const status =
      enrolment.role === 'mentee' && enrolment.status === 'pending_approval'
        ? await admitMentee(tx, program.id)
        : 'approved';
    await repo.updateEnrolment(tx, enrolment.id, { status, updatedAt: ctx.now() });
    if (enrolment.role === 'mentor') await promoteWaitlisted(ctx, tx, program);
    await notifyPeople(tx, [
      enrolmentStatusNote(
        program,
        enrolment,
        status,
        {
          approved:
            enrolment.status === 'waitlisted'
              ? `Program staff let you into ${program.name}: you are enrolled as a ${enrolment.role}`
              : `Your enrolment in ${program.name} was approved`,
          waitlisted: `Your enrolment in ${program.name} was approved: you are on the waitlist`,
        },
        `enrolment-approved:${enrolment.id}:${ctx.now().getTime()}`,
      ),
    ]);
    await audit(tx, ctx, signedIn, 'enrolment.approved', enrolment.id, { status });
    return reload(tx, program.organisationId, enrolment.id);
  });
}

/** The notice to a person whose enrolment staff turned down, with the reason given if any. */
export function rejectionNote(
  program: ProgramRow,
  enrolment: { id: string; personId: string },
  reason: string | undefined,
  now: Date,
) {
  return {
    organisationId: program.organisationId,
    personId: enrolment.personId,
    kind: 'enrolment.rejected',
    title: `Your enrolment in ${program.name} was not accepted`,
    body: [reason ? `“${reason}”` : '', 'Questions? Ask the program’s coordinators.']
      .filter(Boolean)
      .join(' '),
    link: myProgramsLink,
    dedupeKey: `enrolment-rejected:${enrolment.id}:${now.getTime()}`,
    email: { programId: program.id, actionLabel: 'See your programs' },
  };
}

export async function rejectEnrolment(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  reason: string | undefined,
): Promise<Enrolment> {
  return ctx.db.transaction(async (tx) => {
    const { actor: signedIn, found, program } = await enrolmentForActor(ctx, tx, actor, id, true);
    const { enrolment } = found;
    if (enrolment.status !== 'pending_approval' && enrolment.status !== 'waitlisted') {
      throw new AppError(
        'conflict',
        `Only pending or waitlisted enrolments can be rejected; this one is ${enrolment.status}`,
      );
    }
    await repo.updateEnrolment(tx, enrolment.id, { status: 'rejected', updatedAt: ctx.now() });
    await notifyPeople(tx, [rejectionNote(program, enrolment, reason, ctx.now())]);
    await audit(tx, ctx, signedIn, 'enrolment.rejected', enrolment.id, { reason: reason ?? null });
    return reload(tx, program.organisationId, enrolment.id);
  });
}

/** The program's enrolments for its staff, filtered and paginated, with the person's name, title and level. */
export async function listProgramEnrolments(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: EnrolmentListQuery,
): Promise<Paginated<Enrolment>> {
  const { program } = await programForStaff(ctx, actor, programId);
  const { rows, total } = await repo.listProgramEnrolments(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    role: query.role,
    status: query.status,
    q: query.q,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) =>
      toEnrolment({ ...row, programName: program.name, programStatus: program.status }),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** A person's enrolments in every program with each program's name, unauthorised: for the person's export (§10). */
export function enrolmentsOfPerson(db: Db, organisationId: string, personId: string) {
  return repo.listPersonEnrolments(db, organisationId, personId);
}

/** The caller's own enrolments in every program. */
export async function myEnrolments(ctx: AppContext, actor: Actor | null): Promise<{ items: Enrolment[] }> {
  const signedIn = requireActor(actor);
  if (!signedIn.personId) return { items: [] };
  return {
    items: (await repo.listPersonEnrolments(ctx.db, signedIn.organisationId, signedIn.personId)).map(
      toEnrolment,
    ),
  };
}

export interface PlannedEnrolment {
  personId: string;
  role: EnrolmentRole;
  capacity: number | null;
  profile: Record<string, unknown>;
  /** Where to report a problem with this person, e.g. `body.personIds[3]` or `line 4.email`. */
  path: string;
}

/**
 * Write staff enrolments all-or-nothing: people already enrolled in the other role are refused (400 naming each),
 * those already enrolled in the same role are skipped, mentees beyond the places are waitlisted in the given order.
 */
export async function writeStaffEnrolments(
  ctx: AppContext,
  tx: Db,
  actor: Actor,
  program: ProgramRow,
  planned: PlannedEnrolment[],
): Promise<BulkEnrolmentResult> {
  if (program.status === 'closed') throw new AppError('conflict', 'This program is closed');
  const existing = await repo.enrolmentsOfPeopleInProgram(
    tx,
    program.id,
    planned.map((p) => p.personId),
  );
  const byPerson = new Map<string, repo.EnrolmentRow[]>();
  for (const row of existing) byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row]);
  const issues: FieldIssue[] = [];
  const toWrite: (PlannedEnrolment & { previousId: string | null })[] = [];
  let skipped = 0;
  for (const plan of planned) {
    const rows = byPerson.get(plan.personId) ?? [];
    const live = rows.find((row) => liveStatuses.has(row.status));
    if (live && live.role !== plan.role)
      issues.push({ path: plan.path, message: `already enrolled as ${live.role}` });
    else if (live) skipped++;
    else toWrite.push({ ...plan, previousId: rows.find((row) => row.role === plan.role)?.id ?? null });
  }
  if (issues.length > 0) fail(issues);

  let { places, mentees } = await repo.capacityOfProgram(tx, program.id);
  const now = ctx.now();
  let waitlisted = 0;
  const inserts: Parameters<typeof repo.insertEnrolmentsQuickly>[1] = [];
  for (const [index, plan] of toWrite.entries()) {
    let status = 'approved';
    if (plan.role === 'mentor') places += plan.capacity ?? 0;
    else if (mentees < places) mentees++;
    else {
      status = 'waitlisted';
      waitlisted++;
    }
    // Later rows a millisecond later, so the waitlist keeps the order given.
    const at = new Date(now.getTime() + index);
    const values = {
      status,
      capacity: plan.capacity,
      profile: plan.profile,
      answers: {},
      enrolledBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    };
    if (plan.previousId) await repo.updateEnrolment(tx, plan.previousId, values);
    else
      inserts.push({
        ...values,
        organisationId: program.organisationId,
        programId: program.id,
        personId: plan.personId,
        role: plan.role,
      });
  }
  await repo.insertEnrolmentsQuickly(tx, inserts);
  if (toWrite.some((plan) => plan.role === 'mentor')) await promoteWaitlisted(ctx, tx, program);
  return { created: toWrite.length, waitlisted, pendingApproval: 0, skipped };
}

/** Staff enrol directory people in bulk, all-or-nothing; each unknown or conflicting person is named by index. */
export async function bulkEnrol(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: BulkEnrolmentInput,
): Promise<BulkEnrolmentResult> {
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program: found } = await programForStaff(ctx, actor, programId, tx);
    const program = await lockProgram(tx, found);
    if (input.role === 'mentee' && input.capacity !== undefined)
      fail([{ path: 'body.capacity', message: 'only for mentors' }]);
    const people = new Set(
      (await repo.findActivePeople(tx, program.organisationId, input.personIds)).map((p) => p.id),
    );
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    const planned: PlannedEnrolment[] = [];
    input.personIds.forEach((personId, index) => {
      const path = `body.personIds[${index}]`;
      if (!people.has(personId)) issues.push({ path, message: 'no active person with this id' });
      else if (seen.has(personId)) issues.push({ path, message: 'listed twice' });
      else {
        seen.add(personId);
        planned.push({
          personId,
          role: input.role,
          capacity: input.role === 'mentor' ? (input.capacity ?? program.mentorDefaultCapacity) : null,
          profile: {},
          path,
        });
      }
    });
    if (issues.length > 0) fail(issues);
    const result = await writeStaffEnrolments(ctx, tx, staff, program, planned);
    await recordAudit(tx, {
      organisationId: staff.organisationId,
      actorUserId: staff.userId,
      action: 'program.enrolled_in_bulk',
      targetType: 'program',
      targetId: program.id,
      details: { role: input.role, ...result },
      at: ctx.now(),
    });
    return result;
  });
}

/** For the CSV import: lock the program for its staff. */
export async function programForEnrolmentImport(
  ctx: AppContext,
  tx: Db,
  actor: Actor | null,
  programId: string,
) {
  const { actor: staff, program } = await programForStaff(ctx, actor, programId, tx);
  return { actor: staff, program: await lockProgram(tx, program) };
}

/**
 * Per program, for staff's home: how many enrolments wait for approval, and since when. The caller has established
 * that the actor runs these programs.
 */
export async function enrolmentsAwaitingApprovalByProgram(
  db: Db,
  organisationId: string,
  programIds: readonly string[],
): Promise<Map<string, { count: number; oldest: Date }>> {
  const rows = await repo.countPendingApproval(db, organisationId, programIds);
  return new Map(rows.map((row) => [row.programId, { count: Number(row.count), oldest: row.oldest }]));
}
