import type { Paginated } from '../../../contracts/common.ts';
import type {
  Program,
  ProgramDetail,
  ProgramInput,
  ProgramListQuery,
  ProgramUpdate,
} from '../../../contracts/programs.contracts.ts';
import { AppError, type FieldIssue, notFound } from '../../../core/errors.ts';
import {
  type Criteria,
  defaultCriteria,
  defaultLevelGap,
  type ProgramType,
  parseCriteria,
  programTypes,
} from '../../../core/matching/criteria.ts';
import {
  canTransitionProgram,
  nextProgramStatuses,
  type ProgramStatus,
} from '../../../core/programs/program-lifecycle.ts';
import { requireActor, requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { ensureDefaultSkills } from '../skills/skills.service.ts';
import type { ProgramRow } from './program-access.repository.ts';
import { isCoordinator } from './program-access.repository.ts';
import { programForMember, programForStaff } from './program-access.ts';
import * as repo from './programs.repository.ts';

function toProgram(row: ProgramRow, counts: repo.ProgramCountsRow, canManage: boolean): Program {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    goals: row.goals,
    type: row.type as Program['type'],
    matchingMode: row.matchingMode as Program['matchingMode'],
    status: row.status as Program['status'],
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    enrolmentOpensOn: row.enrolmentOpensOn,
    enrolmentClosesOn: row.enrolmentClosesOn,
    meetingCadence: row.meetingCadence as Program['meetingCadence'],
    relationshipMonths: row.relationshipMonths,
    mentorDefaultCapacity: row.mentorDefaultCapacity,
    requiresApproval: row.requiresApproval,
    maxOpenRequests: row.maxOpenRequests,
    requestExpiryDays: row.requestExpiryDays,
    suggestionCount: row.suggestionCount,
    groupMinSize: row.groupMinSize,
    groupMaxSize: row.groupMaxSize,
    flashCloseDays: row.flashCloseDays,
    criteria: row.criteria,
    agreementTemplate: row.agreementTemplate,
    surveySchedule: row.surveySchedule,
    selfRatedSkills: row.selfRatedSkills,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    counts,
    canManage,
  };
}

/** Settings checks zod cannot make alone: date order and the matching criteria (named by field). */
function checkSettings(settings: ProgramUpdate, current: ProgramRow | null): void {
  const issues: FieldIssue[] = [];
  const value = <K extends 'startsOn' | 'endsOn' | 'enrolmentOpensOn' | 'enrolmentClosesOn'>(key: K) =>
    settings[key] !== undefined ? settings[key] : (current?.[key] ?? null);
  const startsOn = value('startsOn');
  const endsOn = value('endsOn');
  if (startsOn && endsOn && endsOn < startsOn)
    issues.push({ path: 'body.endsOn', message: 'must not be before the start date' });
  const opensOn = value('enrolmentOpensOn');
  const closesOn = value('enrolmentClosesOn');
  if (opensOn && closesOn && closesOn < opensOn) {
    issues.push({ path: 'body.enrolmentClosesOn', message: 'must not be before enrolment opens' });
  }
  const minSize = settings.groupMinSize ?? current?.groupMinSize ?? 3;
  const maxSize = settings.groupMaxSize ?? current?.groupMaxSize ?? 8;
  if (minSize > maxSize)
    issues.push({
      path: settings.groupMinSize !== undefined ? 'body.groupMinSize' : 'body.groupMaxSize',
      message: `a group's smallest size (${minSize}) must not be above its largest (${maxSize})`,
    });
  if (settings.criteria) {
    const parsed = parseCriteria(settings.criteria);
    if (!parsed.ok) {
      for (const issue of parsed.issues) {
        issues.push({
          path: issue.path ? `body.criteria.${issue.path}` : 'body.criteria',
          message: issue.message,
        });
      }
    }
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  }
}

async function detailOf(db: Db, actor: Actor, row: ProgramRow, canManage: boolean): Promise<ProgramDetail> {
  const counts = (await repo.countsForPrograms(db, actor.organisationId, [row.id])).get(row.id)!;
  const mine = actor.personId ? await repo.personEnrolmentsInProgram(db, row.id, actor.personId) : [];
  return {
    ...toProgram(row, counts, canManage),
    myEnrolments: mine.map((enrolment) => ({
      id: enrolment.id,
      role: enrolment.role as 'mentor' | 'mentee',
      status: enrolment.status as ProgramDetail['myEnrolments'][number]['status'],
    })),
    allowedTransitions: canManage ? [...nextProgramStatuses(row.status as ProgramStatus)] : [],
  };
}

/** Audit a staff action on a program, in the caller's transaction (every program setting, questions included). */
export async function auditProgram(
  db: Db,
  ctx: AppContext,
  actor: Actor,
  action: string,
  programId: string,
  details?: unknown,
) {
  await recordAudit(db, {
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action,
    targetType: 'program',
    targetId: programId,
    details,
    at: ctx.now(),
  });
}

/** Whether the caller is staff of the program (admin or coordinator), without throwing. */
export async function canManageProgram(db: Db, actor: Actor, programId: string): Promise<boolean> {
  return actor.role === 'admin' || (await isCoordinator(db, programId, actor.userId));
}

/** Admins create programs; creating one while the skills vocabulary is empty seeds the default vocabulary. */
export async function createProgram(
  ctx: AppContext,
  actor: Actor | null,
  input: ProgramInput,
): Promise<ProgramDetail> {
  const admin = requireAdmin(actor);
  checkSettings(input, null);
  return ctx.db.transaction(async (tx) => {
    await ensureDefaultSkills(tx, admin.organisationId);
    const row = await repo.insertProgram(tx, {
      ...input,
      organisationId: admin.organisationId,
      status: 'draft',
    });
    await auditProgram(tx, ctx, admin, 'program.created', row.id, { name: row.name });
    return detailOf(tx, admin, row, true);
  });
}

/**
 * Programs the caller may see: admins every program; others the programs open for enrolment or running, plus those
 * they are enrolled in or coordinate.
 */
export async function listPrograms(
  ctx: AppContext,
  actor: Actor | null,
  query: ProgramListQuery,
): Promise<Paginated<Program>> {
  const signedIn = requireActor(actor);
  const { rows, total } = await repo.listPrograms(ctx.db, {
    organisationId: signedIn.organisationId,
    member: signedIn.role === 'admin' ? null : { userId: signedIn.userId, personId: signedIn.personId },
    status: query.status,
    q: query.q,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) => toProgram(row.program, row.counts, row.coordinates)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** One program with its counts, the caller's enrolments in it and whether they manage it (drafts: staff only). */
export async function getProgram(ctx: AppContext, actor: Actor | null, id: string): Promise<ProgramDetail> {
  const { actor: signedIn, program, staff } = await programForMember(ctx, actor, id);
  return detailOf(ctx.db, signedIn, program, staff);
}

export async function updateProgram(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  patch: ProgramUpdate,
): Promise<ProgramDetail> {
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForStaff(ctx, actor, id, tx);
    if (program.status === 'closed')
      throw new AppError('conflict', 'A closed program can no longer be changed');
    checkSettings(patch, program);
    const row = Object.keys(patch).length
      ? await repo.updateProgram(tx, staff.organisationId, program.id, { ...patch, updatedAt: ctx.now() })
      : program;
    await auditProgram(tx, ctx, staff, 'program.updated', program.id, { fields: Object.keys(patch) });
    return detailOf(tx, staff, row, true);
  });
}

/** Admins delete a program that never paired anyone; one with relationships is closed instead (409). */
export async function deleteProgram(ctx: AppContext, actor: Actor | null, id: string): Promise<void> {
  const admin = requireAdmin(actor);
  await ctx.db.transaction(async (tx) => {
    const program = await repo.lockProgram(tx, admin.organisationId, id);
    if (!program) throw notFound('Program');
    if (await repo.hasRelationships(tx, program.id)) {
      throw new AppError('conflict', 'This program has relationships: close it instead of deleting it');
    }
    await repo.deleteProgram(tx, admin.organisationId, program.id);
    await auditProgram(tx, ctx, admin, 'program.deleted', program.id, { name: program.name });
  });
}

/** Move the program along its lifecycle; a transition the lifecycle does not allow is a 409 naming the allowed ones. */
export async function transitionProgram(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  to: ProgramStatus,
): Promise<ProgramDetail> {
  return (await transitionProgramWith(ctx, actor, id, to)).detail;
}

/** The program statuses as the pages name them. */
const statusNames: Record<ProgramStatus, string> = {
  draft: 'Draft',
  enrolling: 'Enrolling',
  matching: 'Matching',
  running: 'Running',
  closed: 'Closed',
};

/**
 * Move the program along its lifecycle, and in the same transaction, once the move is allowed, do what it changes
 * elsewhere (`alongside`: closing a program ends what is still open in it, decision 028); its result comes back
 * with the program.
 */
export async function transitionProgramWith<T>(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  to: ProgramStatus,
  alongside?: (tx: Db, program: ProgramRow, staff: Actor) => Promise<T>,
): Promise<{ detail: ProgramDetail; effects: T | null }> {
  return ctx.db.transaction(async (tx) => {
    const { actor: staff } = await programForStaff(ctx, actor, id, tx);
    const program = (await repo.lockProgram(tx, staff.organisationId, id))!;
    const from = program.status as ProgramStatus;
    if (!canTransitionProgram(from, to)) {
      const allowed = nextProgramStatuses(from);
      const named = (status: ProgramStatus) => `“${statusNames[status]}”`;
      throw new AppError(
        'conflict',
        allowed.length
          ? `This program is ${named(from)}, so it cannot move to ${named(to)}: next it can move to ${allowed.map(named).join(' or ')}.`
          : 'This program is closed, and a closed program cannot be opened again.',
        { from, to, allowed },
      );
    }
    const effects = alongside ? await alongside(tx, program, staff) : null;
    const row = await repo.updateProgram(tx, staff.organisationId, program.id, {
      status: to,
      updatedAt: ctx.now(),
    });
    await auditProgram(tx, ctx, staff, 'program.status_changed', program.id, { from, to });
    return { detail: await detailOf(tx, staff, row, true), effects };
  });
}

/** Whether the lifecycle lets a program in `from` move to `to` (for previews of a move). */
export function programMayMove(from: string, to: ProgramStatus): boolean {
  return canTransitionProgram(from as ProgramStatus, to);
}

// ── Entry points of the features that keep their settings on the program row (matching, agreements) ────────────

/** The program's type as matching reads it; a type matching does not know reads as one-to-one. */
export function programType(program: Pick<ProgramRow, 'type'>): ProgramType {
  return (programTypes as readonly string[]).includes(program.type)
    ? (program.type as ProgramType)
    : 'one_to_one';
}

/**
 * The program's stored matching criteria, with the level rule's type always the program's type; stored criteria that
 * no longer parse fall back to the defaults rather than failing.
 */
export function programCriteria(program: Pick<ProgramRow, 'criteria' | 'type'>): Criteria {
  const parsed = parseCriteria(program.criteria ?? undefined);
  const criteria = parsed.ok ? parsed.value : defaultCriteria();
  return {
    ...criteria,
    levelRule: { type: programType(program), gap: criteria.levelRule.gap ?? defaultLevelGap },
  };
}

/** Store the program's matching criteria, in the caller's transaction (the caller has checked who may). */
export async function saveProgramCriteria(db: Db, programId: string, criteria: unknown, now: Date) {
  await repo.updateCriteria(db, programId, criteria, now);
}

/** Store the program's agreement template, in the caller's transaction (the caller has checked who may). */
export async function saveAgreementTemplate(db: Db, programId: string, content: unknown) {
  await repo.updateAgreementTemplate(db, programId, content);
}

/** Move the program from `from` to `to` if it is still in `from` (publishing a match run starts the program). */
export async function advanceProgramStatus(
  db: Db,
  programId: string,
  from: ProgramStatus,
  to: ProgramStatus,
  now: Date,
) {
  await repo.updateStatusIf(db, programId, from, to, now);
}

// ── Reads for the caller's home (the caller is the actor: no further authorisation) ─────────────────────────────

/** The programs the actor runs (admin: all of the organisation's; coordinator: theirs), closed ones left out. */
export async function programsStaffedBy(db: Db, actor: Actor, limit: number) {
  const rows = await repo.listStaffedPrograms(db, {
    organisationId: actor.organisationId,
    userId: actor.userId,
    admin: actor.role === 'admin',
    limit,
  });
  return rows.map((row) => ({
    id: row.program.id,
    name: row.program.name,
    status: row.program.status as ProgramStatus,
    myRole: row.coordinates || actor.role !== 'admin' ? ('coordinator' as const) : ('admin' as const),
  }));
}

/** Programs open for enrolment that the person has not joined (or left, or was turned down by). */
export async function programsOpenTo(db: Db, organisationId: string, personId: string, limit: number) {
  const rows = await repo.listJoinablePrograms(db, organisationId, personId, limit);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type as Program['type'],
    matchingMode: row.matchingMode as Program['matchingMode'],
    enrolmentClosesOn: row.enrolmentClosesOn,
  }));
}

export async function listCoordinators(ctx: AppContext, actor: Actor | null, id: string) {
  const { program } = await programForStaff(ctx, actor, id);
  const rows = await repo.listCoordinators(ctx.db, program.organisationId, program.id);
  return { items: rows.map((row) => ({ ...row, addedAt: row.addedAt.toISOString() })) };
}

/** Admins make a user of the organisation a coordinator of one program (idempotent). */
export async function addCoordinator(ctx: AppContext, actor: Actor | null, id: string, userId: string) {
  const admin = requireAdmin(actor);
  await ctx.db.transaction(async (tx) => {
    const { program } = await programForStaff(ctx, admin, id, tx);
    const user = await repo.findOrganisationUser(tx, admin.organisationId, userId);
    if (!user)
      throw new AppError('validation_failed', 'body.userId: no active user of this organisation', {
        issues: [{ path: 'body.userId', message: 'no active user of this organisation' }],
      });
    if (await repo.insertCoordinator(tx, admin.organisationId, program.id, userId)) {
      await auditProgram(tx, ctx, admin, 'program.coordinator_added', program.id, { userId });
    }
  });
  return listCoordinators(ctx, admin, id);
}

export async function removeCoordinator(ctx: AppContext, actor: Actor | null, id: string, userId: string) {
  const admin = requireAdmin(actor);
  await ctx.db.transaction(async (tx) => {
    const { program } = await programForStaff(ctx, admin, id, tx);
    if (!(await repo.deleteCoordinator(tx, admin.organisationId, program.id, userId)))
      throw notFound('Coordinator');
    await auditProgram(tx, ctx, admin, 'program.coordinator_removed', program.id, { userId });
  });
}
