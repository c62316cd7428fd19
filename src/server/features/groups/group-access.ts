import { AppError, notFound } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import * as repo from './group-access.repository.ts';

/**
 * Who may read and write a group's workspace (issue 14). Like a pair's workspace (workspace-access.ts), it belongs
 * to its members: the mentor, the co-mentor and the mentees whose relationship carries the group's id. Program
 * staff see groups and aggregates elsewhere, never a workspace's content; they and anyone else get the same 404
 * as for an id that does not exist. A mentee whose membership ended (they left, or it was completed) and every
 * member of a closed group still read it, read-only.
 */

/** Relationship statuses of a mentee who is, or was, in the group and may read its workspace. */
const READABLE_STATUSES = new Set(['active', 'completed', 'ended_early']);

export type GroupRole = 'mentor' | 'co_mentor' | 'mentee';

export interface GroupPerson {
  personId: string;
  name: string;
  email: string;
  title: string | null;
  department: string | null;
  timeZone: string | null;
}

export interface GroupMember extends GroupPerson {
  role: GroupRole;
  /** A mentee's relationship with the mentor (their own goals, action items, surveys, meeting rows); null otherwise. */
  relationshipId: string | null;
  /** A mentee: active while in the group; left (completed, ended early) keeps them readable. */
  status: 'active' | 'left';
  joinedAt: Date | null;
  leftAt: Date | null;
}

export interface GroupWorkspace {
  actor: Actor;
  group: repo.GroupRow;
  groupId: string;
  organisationId: string;
  programId: string;
  programName: string;
  role: GroupRole;
  /** The caller's person id. */
  personId: string;
  /** The caller's relationship when they are a mentee. */
  relationshipId: string | null;
  /** Everyone who is or was in the group: mentor first, then co-mentor, then mentees in the order they joined. */
  members: GroupMember[];
  /** The closed group, or the caller's membership has ended: reads only. */
  readOnly: boolean;
}

/** Members still in the group (mentor, co-mentor, active mentees): who signs, is invited, has attendance. */
export function currentMembers(ws: Pick<GroupWorkspace, 'members'>): GroupMember[] {
  return ws.members.filter((member) => member.status === 'active');
}

/** Active mentees with their relationship (each member's own row of a group meeting hangs off it). */
export function currentMentees(
  ws: Pick<GroupWorkspace, 'members'>,
): (GroupMember & { relationshipId: string })[] {
  return ws.members.filter(
    (member): member is GroupMember & { relationshipId: string } =>
      member.role === 'mentee' && member.status === 'active' && member.relationshipId !== null,
  );
}

async function loadMembers(db: Db, group: repo.GroupRow): Promise<GroupMember[]> {
  const memberships = (await repo.listMemberships(db, group.id)).filter((m) =>
    READABLE_STATUSES.has(m.status),
  );
  const ids = [group.mentorPersonId, group.coMentorPersonId, ...memberships.map((m) => m.personId)].filter(
    (id): id is string => Boolean(id),
  );
  const people = new Map((await repo.findPeople(db, group.organisationId, ids)).map((p) => [p.id, p]));
  const person = (id: string): GroupPerson => {
    const row = people.get(id);
    return {
      personId: id,
      name: row?.name ?? 'Someone',
      email: row?.email ?? '',
      title: row?.title ?? null,
      department: row?.department ?? null,
      timeZone: row?.timeZone ?? null,
    };
  };
  const leader = (id: string, role: GroupRole): GroupMember => ({
    ...person(id),
    role,
    relationshipId: null,
    status: 'active',
    joinedAt: group.createdAt,
    leftAt: null,
  });
  const out: GroupMember[] = [leader(group.mentorPersonId, 'mentor')];
  if (group.coMentorPersonId) out.push(leader(group.coMentorPersonId, 'co_mentor'));
  // A person in the group twice (left, came back) appears once: their current membership wins.
  const seen = new Map<string, GroupMember>();
  for (const m of memberships) {
    const member: GroupMember = {
      ...person(m.personId),
      role: 'mentee',
      relationshipId: m.relationshipId,
      status: m.status === 'active' ? 'active' : 'left',
      joinedAt: m.startedAt,
      leftAt: m.status === 'active' ? null : m.endedAt,
    };
    const earlier = seen.get(m.personId);
    if (!earlier || member.status === 'active') seen.set(m.personId, member);
  }
  out.push(...seen.values());
  return out;
}

/**
 * The group's workspace as one of its members sees it. `write` refuses with 409 when it is read-only for the
 * caller (the group is closed, or they left). Staff and strangers get 404: the content is the members' alone.
 */
export async function groupForMember(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  mode: 'read' | 'write',
  db: Db = ctx.db,
): Promise<GroupWorkspace> {
  const me = requireActor(actor);
  const found = await repo.findGroup(db, me.organisationId, groupId);
  if (!found || !me.personId) throw notFound('Group');
  const { group } = found;
  const members = await loadMembers(db, group);
  const mine = members.find((member) => member.personId === me.personId);
  if (!mine) throw notFound('Group');
  const readOnly = group.status === 'closed' || mine.status !== 'active';
  if (mode === 'write' && readOnly) {
    throw new AppError(
      'conflict',
      group.status === 'closed'
        ? 'This group has closed: its workspace is read-only'
        : 'You have left this group: its workspace is read-only for you',
      { status: group.status },
    );
  }
  return {
    actor: me,
    group,
    groupId: group.id,
    organisationId: group.organisationId,
    programId: group.programId,
    programName: found.programName,
    role: mine.role,
    personId: me.personId,
    relationshipId: mine.relationshipId,
    members,
    readOnly,
  };
}

/**
 * Inside a transaction: check the caller may write, then lock the group's row so concurrent changes to its
 * workspace (two signatures, two versions of the agreement, attendance) are applied one after the other.
 */
export async function lockedGroupForMember(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  tx: Db,
): Promise<GroupWorkspace> {
  await groupForMember(ctx, actor, groupId, 'write', tx);
  await repo.lockGroupRow(tx, groupId);
  // Read again under the lock: a member who left a moment ago is read-only now.
  return groupForMember(ctx, actor, groupId, 'write', tx);
}

/** The group's mentor or co-mentor: who schedules the group's meetings and records attendance. */
export function isGroupLeader(ws: Pick<GroupWorkspace, 'role'>): boolean {
  return ws.role === 'mentor' || ws.role === 'co_mentor';
}

/** Where the group's workspace is in the web app. */
export function groupWorkspaceLink(groupId: string, section?: string): string {
  return section ? `/groups/${groupId}/${section}` : `/groups/${groupId}`;
}
