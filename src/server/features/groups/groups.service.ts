import type { Paginated } from '../../../contracts/common.ts';
import type {
  AddGroupMembersInput,
  CloseGroupInput,
  CreateGroupInput,
  FindGroupItem,
  FindGroupsPage,
  FindGroupsQuery,
  GroupChangeResult,
  GroupMembership,
  GroupPerson,
  GroupSummary,
  LeaveGroupInput,
  MyGroup,
  MyGroupsQuery,
  OpenGroupInput,
  ProgramGroupsQuery,
  UpdateGroupInput,
} from '../../../contracts/groups.contracts.ts';
import type { NoticeTally } from '../../../contracts/notice-tally.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { isUniqueViolation } from '../../lib/database-errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { emptyTally, notifyPeopleAndTally } from '../notifications/notice-tally.service.ts';
import type { NewNotification } from '../notifications/notifications.service.ts';
import { type ProgramRow, programForMember, programForStaff } from '../programs/program-access.ts';
import {
  applyTransition,
  createRelationship,
  lockMenteeEnrolment,
  lockRelationshipRow,
  menteeHasMentor,
} from '../relationships/relationships.service.ts';
import type { GroupRow, GroupSummaryRow } from './groups.repository.ts';
import * as repo from './groups.repository.ts';

/** Where a group lives in the web app: its workspace page. */
export function groupLink(groupId: string): string {
  return `/groups/${groupId}`;
}

/** The reason kept on a member's relationship when they leave, or staff take them out. */
const leftReason = 'left the group';
const removedReason = 'removed from the group by program staff';

type ViewerRole = GroupMembership['viewerRole'];

function iso(value: string | Date | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function skillsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
}

function toSummary(row: GroupSummaryRow, staff: boolean): GroupSummary {
  const g = row.group;
  return {
    id: g.id,
    program: { id: g.programId, name: row.programName },
    name: g.name,
    description: g.description,
    status: g.status as GroupSummary['status'],
    origin: g.origin as GroupSummary['origin'],
    mentor: {
      enrolmentId: g.mentorEnrolmentId,
      personId: g.mentorPersonId,
      name: row.mentorName,
      title: row.mentorTitle,
      department: row.mentorDepartment,
      email: staff ? row.mentorEmail : null,
    },
    coMentor:
      g.coMentorEnrolmentId && g.coMentorPersonId && row.coMentorName !== null
        ? {
            enrolmentId: g.coMentorEnrolmentId,
            personId: g.coMentorPersonId,
            name: row.coMentorName,
            title: row.coMentorTitle,
            department: row.coMentorDepartment,
            email: staff ? row.coMentorEmail : null,
          }
        : null,
    members: Number(row.members),
    minSize: row.minSize,
    maxSize: row.maxSize,
    meetingsHeld: Number(row.meetingsHeld),
    lastMeetingAt: iso(row.lastMeetingAt),
    goalsDone: Number(row.goalsDone),
    goalsTotal: Number(row.goalsTotal),
    createdAt: g.createdAt.toISOString(),
    closedAt: g.closedAt?.toISOString() ?? null,
  };
}

async function membershipView(
  db: Db,
  organisationId: string,
  groupId: string,
  viewerRole: ViewerRole,
): Promise<GroupMembership> {
  const row = await repo.findGroupSummary(db, organisationId, groupId);
  if (!row) throw notFound('Group');
  const staff = viewerRole === 'staff';
  const members = await repo.listMembers(db, [groupId]);
  return {
    ...toSummary(row, staff),
    viewerRole,
    memberList: members.map((m) => ({
      relationshipId: m.relationshipId,
      enrolmentId: m.enrolmentId,
      personId: m.personId,
      name: m.name,
      title: m.title,
      department: m.department,
      email: staff ? m.email : null,
      joinedAt: m.startedAt?.toISOString() ?? null,
    })),
  };
}

/** The caller's place in a group: its mentor, co-mentor, an active member, or none. */
async function placeOf(db: Db, me: Actor, group: GroupRow): Promise<Exclude<ViewerRole, 'staff'> | null> {
  if (!me.personId) return null;
  if (group.mentorPersonId === me.personId) return 'mentor';
  if (group.coMentorPersonId === me.personId) return 'co_mentor';
  const membership = await repo.memberRelationship(db, group.id, me.personId);
  return membership?.status === 'active' ? 'member' : null;
}

/**
 * The group and its program, if the caller is program staff. A member of the group who may not manage it gets
 * 403; anyone else the same 404 as for a group that does not exist (groups are not revealed to colleagues).
 */
async function groupForStaff(ctx: AppContext, actor: Actor | null, groupId: string, db: Db = ctx.db) {
  const me = requireActor(actor);
  const group = await repo.findGroup(db, me.organisationId, groupId);
  if (!group) throw notFound('Group');
  try {
    const { program } = await programForStaff(ctx, me, group.programId, db);
    return { actor: me, group, program };
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden' && !(await placeOf(db, me, group)))
      throw notFound('Group');
    throw error;
  }
}

async function isProgramStaff(ctx: AppContext, me: Actor, programId: string, db: Db): Promise<boolean> {
  try {
    await programForStaff(ctx, me, programId, db);
    return true;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'forbidden' || error.code === 'not_found')) return false;
    throw error;
  }
}

function requireGroupProgram(program: ProgramRow) {
  if (program.type !== 'group')
    throw new AppError('conflict', `${program.name} pairs people one to one: it has no groups`);
  if (program.status === 'closed')
    throw new AppError('conflict', `${program.name} is closed, so its groups can no longer change`);
}

function selfSelect(program: ProgramRow): boolean {
  return (
    program.type === 'group' && (program.matchingMode === 'self_select' || program.matchingMode === 'hybrid')
  );
}

function requireLive(group: GroupRow) {
  if (group.status === 'closed')
    throw new AppError('conflict', `“${group.name}” is closed: it can no longer change`);
}

type EnrolmentWithPerson = Awaited<ReturnType<typeof repo.enrolmentsWithPeople>>[number];

/** An approved mentor of the program, or a 400 naming the field. */
async function approvedMentor(
  db: Db,
  program: ProgramRow,
  enrolmentId: string,
  field: string,
): Promise<EnrolmentWithPerson> {
  const [row] = await repo.enrolmentsWithPeople(db, program.organisationId, [enrolmentId]);
  if (
    !row ||
    row.enrolment.programId !== program.id ||
    row.enrolment.role !== 'mentor' ||
    row.enrolment.status !== 'approved' ||
    row.personStatus !== 'active'
  )
    throw invalidField(field, 'is not an approved mentor of this program');
  return row;
}

/** Approved mentees of the program, in the order given, or a 400 naming the field. */
async function approvedMentees(
  db: Db,
  program: ProgramRow,
  ids: readonly string[],
  field: string,
): Promise<EnrolmentWithPerson[]> {
  const rows = await repo.enrolmentsWithPeople(db, program.organisationId, ids);
  const byId = new Map(rows.map((row) => [row.enrolment.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (
      !row ||
      row.enrolment.programId !== program.id ||
      row.enrolment.role !== 'mentee' ||
      row.enrolment.status !== 'approved' ||
      row.personStatus !== 'active'
    )
      throw invalidField(field, 'includes someone who is not an approved mentee of this program');
    return row;
  });
}

function leadsAlready(mentorName: string, group: GroupRow, mentorEnrolmentId: string): AppError {
  return new AppError('conflict', `${mentorName} already leads a group in this program: “${group.name}”`, {
    mentorEnrolmentId,
    groupId: group.id,
  });
}

function seatsWord(n: number): string {
  return n === 1 ? '1 seat' : `${n} seats`;
}

/**
 * Lock the mentees' enrolments (in id order, so two transactions never wait on each other) and refuse, naming the
 * person, when one already has a mentor or a group in the program. Taken after the group's lock.
 */
async function lockFreeMentees(tx: Db, organisationId: string, mentees: readonly EnrolmentWithPerson[]) {
  for (const mentee of [...mentees].sort((a, b) => a.enrolment.id.localeCompare(b.enrolment.id))) {
    await lockMenteeEnrolment(tx, organisationId, mentee.enrolment.id);
    if (await menteeHasMentor(tx, mentee.enrolment.id))
      throw new AppError('conflict', `${mentee.name} already has a mentor or a group in this program`, {
        menteeEnrolmentId: mentee.enrolment.id,
      });
  }
}

/** The members' relationships with the group's mentor, active from now, each with its first history event. */
async function addRelationships(
  tx: Db,
  group: GroupRow,
  mentees: readonly EnrolmentWithPerson[],
  actor: { kind: 'staff' | 'mentee'; userId: string | null },
  now: Date,
) {
  const rows = [];
  for (const mentee of mentees)
    rows.push(
      await createRelationship(
        tx,
        {
          organisationId: group.organisationId,
          programId: group.programId,
          mentorEnrolmentId: group.mentorEnrolmentId,
          menteeEnrolmentId: mentee.enrolment.id,
          mentorPersonId: group.mentorPersonId,
          menteePersonId: mentee.enrolment.personId,
          status: 'active',
          origin: 'group',
          groupId: group.id,
          startedAt: now,
          createdAt: now,
          updatedAt: now,
        },
        {
          actorKind: actor.kind,
          actorUserId: actor.userId,
          at: now,
          details: { kind: 'joined_group', groupId: group.id },
        },
      ),
    );
  return rows;
}

function note(
  group: GroupRow,
  personId: string,
  input: { kind: string; title: string; body?: string; key: string; actionLabel?: string; email?: boolean },
): NewNotification {
  return {
    organisationId: group.organisationId,
    personId,
    kind: input.kind,
    title: input.title,
    body: input.body ?? '',
    link: groupLink(group.id),
    dedupeKey: `group:${group.id}:${input.key}:${personId}`,
    email:
      input.email === false
        ? false
        : { programId: group.programId, actionLabel: input.actionLabel ?? 'Open your group' },
  };
}

function leaders(group: GroupRow): string[] {
  return [group.mentorPersonId, ...(group.coMentorPersonId ? [group.coMentorPersonId] : [])];
}

async function tell(tx: Db, notes: NewNotification[]): Promise<NoticeTally> {
  if (notes.length === 0) return emptyTally();
  return (await notifyPeopleAndTally(tx, notes)).tally;
}

// ── Staff: the program's groups ─────────────────────────────────────────────────────────────────────────────────

/** Staff: the program's groups with their numbers (members, seats, meetings held, goals) — never their content. */
export async function programGroups(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: ProgramGroupsQuery,
): Promise<Paginated<GroupSummary>> {
  const { program } = await programForStaff(ctx, actor, programId);
  const { rows, total } = await repo.listGroupSummaries(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    ...(query.status ? { statuses: [query.status] } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) => toSummary(row, true)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** A group with its members: program staff, its mentor and co-mentor, and its members. */
export async function groupMembership(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
): Promise<GroupMembership> {
  const me = requireActor(actor);
  const group = await repo.findGroup(ctx.db, me.organisationId, groupId);
  if (!group) throw notFound('Group');
  const place = await placeOf(ctx.db, me, group);
  const role: ViewerRole | null = (await isProgramStaff(ctx, me, group.programId, ctx.db)) ? 'staff' : place;
  if (!role) throw notFound('Group');
  return membershipView(ctx.db, me.organisationId, group.id, role);
}

/**
 * Staff: a group made by hand, with its mentees from the start (between the program's smallest and largest group
 * size). The mentor leads at most one group in the program; a mentee is in at most one group and has no mentor.
 */
export async function createGroup(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: CreateGroupInput,
): Promise<GroupChangeResult> {
  const { actor: me, program } = await programForStaff(ctx, actor, programId);
  requireGroupProgram(program);
  const n = input.menteeEnrolmentIds.length;
  if (n < program.groupMinSize || n > program.groupMaxSize)
    throw invalidField(
      'body.menteeEnrolmentIds',
      `must list between ${program.groupMinSize} and ${program.groupMaxSize} mentees (the program’s group size); it lists ${n}`,
    );
  const mentor = await approvedMentor(ctx.db, program, input.mentorEnrolmentId, 'body.mentorEnrolmentId');
  const coMentor = input.coMentorEnrolmentId
    ? await approvedMentor(ctx.db, program, input.coMentorEnrolmentId, 'body.coMentorEnrolmentId')
    : null;
  if (coMentor && coMentor.enrolment.id === mentor.enrolment.id)
    throw invalidField('body.coMentorEnrolmentId', 'is the group’s mentor: choose someone else');
  const mentees = await approvedMentees(ctx.db, program, input.menteeEnrolmentIds, 'body.menteeEnrolmentIds');
  const now = ctx.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const existing = await repo.findLiveGroupOfMentor(tx, program.id, mentor.enrolment.id);
      if (existing) throw leadsAlready(mentor.name, existing, mentor.enrolment.id);
      const group = await repo.insertGroup(tx, {
        organisationId: program.organisationId,
        programId: program.id,
        mentorEnrolmentId: mentor.enrolment.id,
        mentorPersonId: mentor.enrolment.personId,
        coMentorEnrolmentId: coMentor?.enrolment.id ?? null,
        coMentorPersonId: coMentor?.enrolment.personId ?? null,
        name: input.name,
        description: input.description ?? '',
        status: 'active',
        origin: 'staff',
        createdAt: now,
        updatedAt: now,
      });
      await repo.lockGroup(tx, group.organisationId, group.id);
      await lockFreeMentees(tx, program.organisationId, mentees);
      await addRelationships(tx, group, mentees, { kind: 'staff', userId: me.userId }, now);
      const names = mentees.map((m) => m.name).join(', ');
      const told = await tell(tx, [
        note(group, group.mentorPersonId, {
          kind: 'group_started',
          title: `You are leading the group “${group.name}” in ${program.name}`,
          body: `Program staff put ${mentees.length} mentees in your group: ${names}. Say hello and agree when you will first meet.`,
          key: 'started',
        }),
        ...(coMentor
          ? [
              note(group, coMentor.enrolment.personId, {
                kind: 'group_started',
                title: `You are co-mentoring the group “${group.name}” in ${program.name}`,
                body: `${mentor.name} leads it, with ${mentees.length} mentees.`,
                key: 'started',
              }),
            ]
          : []),
        ...mentees.map((m) =>
          note(group, m.enrolment.personId, {
            kind: 'group_started',
            title: `You are in the group “${group.name}” in ${program.name}`,
            body: `${mentor.name} is your group’s mentor. Say hello to the group and agree when you will first meet.`,
            key: 'started',
          }),
        ),
      ]);
      await recordAudit(tx, {
        organisationId: program.organisationId,
        actorUserId: me.userId,
        action: 'group.created',
        targetType: 'group',
        targetId: group.id,
        details: { name: group.name, mentorEnrolmentId: mentor.enrolment.id, members: mentees.length },
        at: now,
      });
      return { group: await membershipView(tx, program.organisationId, group.id, 'staff'), told };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', `${mentor.name} already leads a group in this program`, {
        mentorEnrolmentId: mentor.enrolment.id,
      });
    throw error;
  }
}

/**
 * Self-select: a group waiting for members. A mentor opens their own; staff open one for a mentor they name.
 * The program must be a group program where mentees choose (self-select or hybrid).
 */
export async function openGroup(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: OpenGroupInput,
): Promise<GroupMembership> {
  const { actor: me, program } = await programForMember(ctx, actor, programId);
  requireGroupProgram(program);
  if (!selfSelect(program))
    throw new AppError(
      'conflict',
      `In ${program.name} program staff form the groups: mentors cannot open one`,
    );
  let mentor: EnrolmentWithPerson;
  let viewer: ViewerRole;
  if (input.mentorEnrolmentId) {
    await programForStaff(ctx, me, program.id);
    mentor = await approvedMentor(ctx.db, program, input.mentorEnrolmentId, 'body.mentorEnrolmentId');
    viewer = 'staff';
  } else {
    const own = me.personId ? await repo.myEnrolment(ctx.db, program.id, me.personId, 'mentor') : null;
    if (!own)
      throw new AppError('forbidden', 'Only the program’s approved mentors can open a group', {
        rule: 'not_a_mentor',
      });
    mentor = await approvedMentor(ctx.db, program, own.id, 'body.mentorEnrolmentId');
    viewer = 'mentor';
  }
  const now = ctx.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const existing = await repo.findLiveGroupOfMentor(tx, program.id, mentor.enrolment.id);
      if (existing)
        throw leadsAlready(viewer === 'mentor' ? 'You' : mentor.name, existing, mentor.enrolment.id);
      const group = await repo.insertGroup(tx, {
        organisationId: program.organisationId,
        programId: program.id,
        mentorEnrolmentId: mentor.enrolment.id,
        mentorPersonId: mentor.enrolment.personId,
        name: input.name,
        description: input.description ?? '',
        status: 'open',
        origin: 'self_select',
        createdAt: now,
        updatedAt: now,
      });
      if (viewer === 'staff') {
        await tell(tx, [
          note(group, group.mentorPersonId, {
            kind: 'group_opened',
            title: `Program staff opened the group “${group.name}” for you in ${program.name}`,
            body: 'Mentees of the program can now find it and join it.',
            key: 'opened',
          }),
        ]);
        await recordAudit(tx, {
          organisationId: program.organisationId,
          actorUserId: me.userId,
          action: 'group.opened',
          targetType: 'group',
          targetId: group.id,
          details: { name: group.name, mentorEnrolmentId: mentor.enrolment.id },
          at: now,
        });
      }
      return membershipView(tx, program.organisationId, group.id, viewer);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', `${mentor.name} already leads a group in this program`, {
        mentorEnrolmentId: mentor.enrolment.id,
      });
    throw error;
  }
}

/** Staff: rename the group, change its description, set or clear its co-mentor. */
export async function updateGroup(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  input: UpdateGroupInput,
): Promise<GroupChangeResult> {
  const { actor: me, group: found, program } = await groupForStaff(ctx, actor, groupId);
  requireLive(found);
  const coMentor =
    input.coMentorEnrolmentId === undefined || input.coMentorEnrolmentId === null
      ? null
      : await approvedMentor(ctx.db, program, input.coMentorEnrolmentId, 'body.coMentorEnrolmentId');
  if (coMentor && coMentor.enrolment.id === found.mentorEnrolmentId)
    throw invalidField('body.coMentorEnrolmentId', 'is the group’s mentor: choose someone else');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const group = await repo.lockGroup(tx, me.organisationId, groupId);
    if (!group) throw notFound('Group');
    requireLive(group);
    const patch: Parameters<typeof repo.updateGroup>[2] = { updatedAt: now };
    if (input.name !== undefined) patch.name = input.name;
    if (input.description !== undefined) patch.description = input.description;
    if (input.coMentorEnrolmentId !== undefined) {
      patch.coMentorEnrolmentId = coMentor?.enrolment.id ?? null;
      patch.coMentorPersonId = coMentor?.enrolment.personId ?? null;
    }
    const updated = await repo.updateGroup(tx, group.id, patch);
    const notes: NewNotification[] = [];
    if (coMentor && coMentor.enrolment.id !== group.coMentorEnrolmentId)
      notes.push(
        note(updated, coMentor.enrolment.personId, {
          kind: 'group_co_mentor',
          title: `You are now co-mentoring the group “${updated.name}” in ${program.name}`,
          key: `co-mentor:${now.getTime()}`,
        }),
      );
    if (group.coMentorPersonId && group.coMentorPersonId !== updated.coMentorPersonId)
      notes.push(
        note(updated, group.coMentorPersonId, {
          kind: 'group_co_mentor',
          title: `You are no longer co-mentoring the group “${updated.name}”`,
          key: `co-mentor-ended:${now.getTime()}`,
          email: false,
        }),
      );
    const told = await tell(tx, notes);
    await recordAudit(tx, {
      organisationId: me.organisationId,
      actorUserId: me.userId,
      action: 'group.updated',
      targetType: 'group',
      targetId: group.id,
      details: { ...input },
      at: now,
    });
    return { group: await membershipView(tx, me.organisationId, group.id, 'staff'), told };
  });
}

/** Staff: add mentees to a group, within its seats (the program's largest group size). */
export async function addGroupMembers(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  input: AddGroupMembersInput,
): Promise<GroupChangeResult> {
  const { actor: me, group: found, program } = await groupForStaff(ctx, actor, groupId);
  requireGroupProgram(program);
  requireLive(found);
  const mentees = await approvedMentees(ctx.db, program, input.menteeEnrolmentIds, 'body.menteeEnrolmentIds');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const group = await repo.lockGroup(tx, me.organisationId, groupId);
    if (!group) throw notFound('Group');
    requireLive(group);
    const members = await repo.countMembers(tx, group.id);
    const left = Math.max(0, program.groupMaxSize - members);
    if (mentees.length > left)
      throw new AppError(
        'conflict',
        left === 0
          ? 'This group is full'
          : `This group has ${seatsWord(left)} left: add at most ${left} ${left === 1 ? 'mentee' : 'mentees'}`,
        { seatsLeft: left },
      );
    await lockFreeMentees(tx, me.organisationId, mentees);
    await addRelationships(tx, group, mentees, { kind: 'staff', userId: me.userId }, now);
    const names = mentees.map((m) => m.name).join(', ');
    const told = await tell(tx, [
      ...mentees.map((m) =>
        note(group, m.enrolment.personId, {
          kind: 'group_joined',
          title: `You are in the group “${group.name}” in ${program.name}`,
          body: 'Program staff added you. Say hello to the group in its workspace.',
          key: 'added',
        }),
      ),
      ...leaders(group).map((personId) =>
        note(group, personId, {
          kind: 'group_member_added',
          title: `Program staff added ${names} to “${group.name}”`,
          key: `added:${mentees.map((m) => m.enrolment.id).join(',')}`,
        }),
      ),
    ]);
    await recordAudit(tx, {
      organisationId: me.organisationId,
      actorUserId: me.userId,
      action: 'group.members_added',
      targetType: 'group',
      targetId: group.id,
      details: { menteeEnrolmentIds: input.menteeEnrolmentIds },
      at: now,
    });
    return { group: await membershipView(tx, me.organisationId, group.id, 'staff'), told };
  });
}

/**
 * End one member's relationship in the group (the rest continue): they left, or staff took them out. The group's
 * lock is taken first, then the relationship's.
 */
async function endMembership(
  tx: Db,
  now: Date,
  group: GroupRow,
  relationshipId: string,
  by: { kind: 'staff' | 'mentee'; userId: string | null; reason: string; message?: string | undefined },
) {
  const locked = await lockRelationshipRow(tx, group.organisationId, relationshipId);
  return applyTransition(tx, now, locked, {
    event: 'end_early',
    actorKind: by.kind,
    actorUserId: by.userId,
    reason: by.reason,
    reasonCode: by.kind === 'staff' ? 'removed_from_group' : 'left_group',
    details: { groupId: group.id, ...(by.message ? { message: by.message } : {}) },
  });
}

/** Staff: take a member out of the group; their relationship ends early, the group continues. */
export async function removeGroupMember(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  menteeEnrolmentId: string,
): Promise<GroupChangeResult> {
  const { actor: me, program } = await groupForStaff(ctx, actor, groupId);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const group = await repo.lockGroup(tx, me.organisationId, groupId);
    if (!group) throw notFound('Group');
    requireLive(group);
    const membership = await repo.activeMembership(tx, group.id, menteeEnrolmentId);
    if (!membership) throw notFound('Member');
    const ended = await endMembership(tx, now, group, membership.id, {
      kind: 'staff',
      userId: me.userId,
      reason: removedReason,
    });
    const [person] = await repo.enrolmentsWithPeople(tx, me.organisationId, [menteeEnrolmentId]);
    const name = person?.name ?? 'A member';
    const told = await tell(tx, [
      {
        ...note(group, ended.menteePersonId, {
          kind: 'relationship_ended',
          title: `Program staff took you out of the group “${group.name}”`,
          body: `Your place in ${program.name} is free again: you can join another group or ask for a mentor.`,
          key: `removed:${ended.id}`,
          actionLabel: 'Read the group',
        }),
        relationshipId: ended.id,
      },
      ...leaders(group).map((personId) =>
        note(group, personId, {
          kind: 'group_member_left',
          title: `Program staff took ${name} out of “${group.name}”`,
          body: 'The rest of the group continues.',
          key: `removed:${ended.id}`,
        }),
      ),
    ]);
    await recordAudit(tx, {
      organisationId: me.organisationId,
      actorUserId: me.userId,
      action: 'group.member_removed',
      targetType: 'group',
      targetId: group.id,
      details: { menteeEnrolmentId, relationshipId: ended.id },
      at: now,
    });
    return { group: await membershipView(tx, me.organisationId, group.id, 'staff'), told };
  });
}

/**
 * Close the group: staff, or its mentor (the mentor ending the whole group). Every member's relationship is
 * completed, as closing a pair does, and everyone in it is told.
 */
export async function closeGroup(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  input: CloseGroupInput,
): Promise<GroupChangeResult> {
  const me = requireActor(actor);
  const found = await repo.findGroup(ctx.db, me.organisationId, groupId);
  if (!found) throw notFound('Group');
  const staff = await isProgramStaff(ctx, me, found.programId, ctx.db);
  const place = await placeOf(ctx.db, me, found);
  if (!staff) {
    if (!place) throw notFound('Group');
    if (place !== 'mentor')
      throw new AppError('forbidden', 'Only the group’s mentor and program staff can close the group');
  }
  const now = ctx.now();
  const kind = staff ? 'staff' : 'mentor';
  const noteText = input.note?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    const group = await repo.lockGroup(tx, me.organisationId, groupId);
    if (!group) throw notFound('Group');
    requireLive(group);
    const ids = await repo.activeRelationshipIds(tx, group.id);
    const ended = [];
    for (const id of ids) {
      const locked = await lockRelationshipRow(tx, group.organisationId, id);
      ended.push(
        await applyTransition(tx, now, locked, {
          event: 'complete',
          actorKind: kind,
          actorUserId: me.userId,
          ...(noteText ? { reason: noteText } : {}),
          details: { groupId: group.id, groupClosed: true },
        }),
      );
    }
    const closed = await repo.updateGroup(tx, group.id, { status: 'closed', closedAt: now, updatedAt: now });
    const who = staff ? 'Program staff' : (me.name ?? 'The mentor');
    const body = [
      noteText ? `“${noteText}”` : '',
      'The group’s workspace stays open for you to read, and the closing survey is open — two minutes to tell the program how it went.',
    ]
      .filter(Boolean)
      .join(' ');
    const told = await tell(tx, [
      ...ended.map((row) => ({
        ...note(closed, row.menteePersonId, {
          kind: 'relationship_completed',
          title: `${who} closed the group “${group.name}”`,
          body,
          key: 'closed',
          actionLabel: 'Fill in the closing survey',
        }),
        relationshipId: row.id,
      })),
      ...leaders(group)
        .filter((personId) => personId !== me.personId)
        .map((personId) =>
          note(closed, personId, {
            kind: 'group_closed',
            title: `${who} closed the group “${group.name}”`,
            body,
            key: 'closed',
          }),
        ),
    ]);
    if (staff)
      await recordAudit(tx, {
        organisationId: me.organisationId,
        actorUserId: me.userId,
        action: 'group.closed',
        targetType: 'group',
        targetId: group.id,
        details: { completed: ended.length, ...(noteText ? { note: noteText } : {}) },
        at: now,
      });
    return {
      group: await membershipView(tx, me.organisationId, group.id, staff ? 'staff' : 'mentor'),
      told,
    };
  });
}

// ── Self-select: mentees find, join and leave groups ────────────────────────────────────────────────────────────

/** Mentees of a self-select group program: the open groups, with their leaders, description and seats left. */
export async function findGroups(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  query: FindGroupsQuery,
): Promise<FindGroupsPage> {
  const { actor: me, program } = await programForMember(ctx, actor, programId);
  if (!selfSelect(program))
    throw new AppError(
      'conflict',
      `In ${program.name} mentees do not choose a group: program staff form them`,
    );
  const mine = me.personId ? await repo.myEnrolment(ctx.db, program.id, me.personId, 'mentee') : null;
  const myGroup = mine ? await repo.currentGroupOfMentee(ctx.db, me.organisationId, mine.id) : null;
  const asMentor = me.personId ? await repo.myEnrolment(ctx.db, program.id, me.personId, 'mentor') : null;
  const canOpen =
    asMentor !== null &&
    program.status !== 'closed' &&
    !(await repo.findLiveGroupOfMentor(ctx.db, program.id, asMentor.id));
  const { rows, total } = await repo.listGroupSummaries(ctx.db, {
    organisationId: program.organisationId,
    programId: program.id,
    statuses: ['open'],
    ...(query.q ? { q: query.q } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const items: FindGroupItem[] = rows.map((row) => {
    const summary = toSummary(row, false);
    return {
      id: summary.id,
      name: summary.name,
      description: summary.description,
      mentor: { ...summary.mentor, skillsOffered: skillsOf(row.mentorSkills) },
      coMentor: summary.coMentor,
      members: summary.members,
      seatsLeft: Math.max(0, summary.maxSize - summary.members),
      maxSize: summary.maxSize,
    };
  });
  return {
    items,
    total,
    page: query.page,
    pageSize: query.pageSize,
    myGroup,
    canJoin: mine !== null && program.status !== 'closed',
    canOpen,
  };
}

/**
 * A mentee joins an open group: their relationship with its mentor starts now. Seats are counted under the group's
 * row lock, so however many join at once the group never passes the program's largest size.
 */
export async function joinGroup(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
): Promise<GroupMembership> {
  const me = requireActor(actor);
  const found = await repo.findGroup(ctx.db, me.organisationId, groupId);
  if (!found) throw notFound('Group');
  const { program } = await programForMember(ctx, me, found.programId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') throw notFound('Group');
    throw error;
  });
  if (!selfSelect(program)) throw notFound('Group');
  requireGroupProgram(program);
  const mine = me.personId ? await repo.myEnrolment(ctx.db, program.id, me.personId, 'mentee') : null;
  if (!mine)
    throw new AppError('forbidden', 'Only the program’s approved mentees can join a group', {
      rule: 'not_a_mentee',
    });
  const [mentee] = await approvedMentees(ctx.db, program, [mine.id], 'enrolment');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const group = await repo.lockGroup(tx, me.organisationId, groupId);
    if (!group) throw notFound('Group');
    if (group.status !== 'open')
      throw new AppError('conflict', `“${group.name}” is not taking members`, { status: group.status });
    const members = await repo.countMembers(tx, group.id);
    if (members >= program.groupMaxSize)
      throw new AppError('conflict', 'This group is full', { rule: 'group_full' });
    await lockMenteeEnrolment(tx, me.organisationId, mentee!.enrolment.id);
    const current = await repo.currentGroupOfMentee(tx, me.organisationId, mentee!.enrolment.id);
    if (current)
      throw new AppError(
        'conflict',
        current.id === group.id
          ? 'You are already in this group'
          : `You are already in a group in this program: “${current.name}”. Leave it first.`,
        { groupId: current.id },
      );
    if (await menteeHasMentor(tx, mentee!.enrolment.id))
      throw new AppError('conflict', 'You already have a mentor in this program', { rule: 'has_mentor' });
    const [row] = await addRelationships(tx, group, [mentee!], { kind: 'mentee', userId: me.userId }, now);
    await tell(tx, [
      {
        ...note(group, me.personId!, {
          kind: 'group_joined',
          title: `You joined the group “${group.name}” in ${program.name}`,
          body: 'Say hello to the group and agree when you will first meet.',
          key: `joined:${row!.id}`,
          email: false,
        }),
        relationshipId: row!.id,
      },
      ...leaders(group).map((personId) =>
        note(group, personId, {
          kind: 'group_member_joined',
          title: `${mentee!.name} joined your group “${group.name}”`,
          body: `${seatsWord(members + 1)} of ${program.groupMaxSize} taken.`,
          key: `joined:${row!.id}`,
        }),
      ),
    ]);
    return membershipView(tx, me.organisationId, group.id, 'member');
  });
}

/** A member leaves the group; their relationship ends early ("left the group"), the mentor is told, the rest continue. */
export async function leaveGroup(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  input: LeaveGroupInput,
): Promise<{ left: true }> {
  const me = requireActor(actor);
  const found = await repo.findGroup(ctx.db, me.organisationId, groupId);
  if (!found) throw notFound('Group');
  const place = await placeOf(ctx.db, me, found);
  if (!place) throw notFound('Group');
  if (place !== 'member')
    throw new AppError(
      'forbidden',
      place === 'mentor'
        ? 'The mentor does not leave the group: close it instead'
        : 'Ask program staff to take you off the group as its co-mentor',
    );
  const message = input.reason?.trim() || undefined;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const group = await repo.lockGroup(tx, me.organisationId, groupId);
    if (!group) throw notFound('Group');
    requireLive(group);
    const found = await repo.memberRelationship(tx, group.id, me.personId!);
    const membership = found?.status === 'active' ? found : null;
    if (!membership) throw new AppError('conflict', 'You are no longer a member of this group');
    const ended = await endMembership(tx, now, group, membership.id, {
      kind: 'mentee',
      userId: me.userId,
      reason: leftReason,
      message,
    });
    await tell(tx, [
      ...leaders(group).map((personId) =>
        note(group, personId, {
          kind: 'group_member_left',
          title: `${me.name ?? 'A member'} left your group “${group.name}”`,
          body: [message ? `“${message}”` : '', 'The rest of the group continues.'].filter(Boolean).join(' '),
          key: `left:${ended.id}`,
        }),
      ),
    ]);
    return { left: true as const };
  });
}

/** The caller's groups: as mentor, co-mentor or member (current: open or active, and they are in it). */
export async function myGroups(
  ctx: AppContext,
  actor: Actor | null,
  query: MyGroupsQuery,
): Promise<Paginated<MyGroup>> {
  const me = requireActor(actor);
  if (!me.personId) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const { rows, total } = await repo.listMyGroups(
    ctx.db,
    me.organisationId,
    me.personId,
    query.state,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return {
    items: rows.map((row) => {
      const summary = toSummary(row, false);
      const myRole: MyGroup['myRole'] =
        row.group.mentorPersonId === me.personId
          ? 'mentor'
          : row.group.coMentorPersonId === me.personId
            ? 'co_mentor'
            : 'member';
      return {
        id: summary.id,
        name: summary.name,
        program: summary.program,
        status: summary.status,
        myRole,
        mentor: summary.mentor as GroupPerson,
        members: summary.members,
        maxSize: summary.maxSize,
        current: Boolean(row.current),
        link: groupLink(summary.id),
      };
    }),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
