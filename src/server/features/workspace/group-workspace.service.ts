import type { GroupWorkspace as GroupWorkspaceView } from '../../../contracts/group-workspace.contracts.ts';
import type { Actor, AppContext } from '../../context.ts';
import { groupAgreementState } from '../agreements/group-agreements.service.ts';
import { groupGoalsOf } from '../goals/group-goals.service.ts';
import { groupForMember } from '../groups/group-access.ts';
import { nextGroupMeetingOf } from '../meetings/group-meetings.service.ts';
import { recentSharedGroupNotes } from '../notes/group-notes.service.ts';

/**
 * A group's workspace at a glance (issue 14), for its members only: who is in it, whether everyone signed the
 * agreement, the next meeting, the group's goals and the newest shared notes. Each part comes from its feature.
 */
export async function getGroupWorkspace(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
): Promise<GroupWorkspaceView> {
  const ws = await groupForMember(ctx, actor, groupId, 'read');
  const now = ctx.now();
  const agreement = await groupAgreementState(ctx.db, ws);
  return {
    group: {
      id: ws.group.id,
      name: ws.group.name,
      description: ws.group.description,
      status: ws.group.status as GroupWorkspaceView['group']['status'],
      program: { id: ws.programId, name: ws.programName },
    },
    myRole: ws.role,
    myRelationshipId: ws.relationshipId,
    readOnly: ws.readOnly,
    members: ws.members.map((m) => ({
      personId: m.personId,
      name: m.name,
      title: m.title,
      department: m.department,
      role: m.role,
      relationshipId: m.relationshipId,
      status: m.status,
      joinedAt: m.joinedAt?.toISOString() ?? null,
      leftAt: m.leftAt?.toISOString() ?? null,
    })),
    agreement: {
      status: agreement.status,
      version: agreement.current?.version.version ?? 0,
      signed: agreement.signed,
      of: agreement.members.length,
    },
    nextMeeting: await nextGroupMeetingOf(ctx.db, ws, now),
    goals: await groupGoalsOf(ctx.db, ws.groupId),
    recentNotes: await recentSharedGroupNotes(ctx.db, ws, 5),
  };
}
