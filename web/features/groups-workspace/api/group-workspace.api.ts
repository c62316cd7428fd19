import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateGroupGoalRequest,
  CreateGroupMeetingRequest,
  GroupAgreement,
  GroupAttendanceInput,
  GroupGoal,
  GroupGoalsPage,
  GroupMeeting,
  GroupMeetingsPage,
  GroupNote,
  GroupNotesPage,
  GroupWorkspace,
  UpdateGroupGoalInput,
} from '../../../../src/contracts/group-workspace.contracts.ts';
import type { UpdateMeetingInput } from '../../../../src/contracts/meetings.contracts.ts';
import type { NoteVisibility } from '../../../../src/contracts/notes.contracts.ts';
import type { AgreementContent } from '../../../../src/contracts/workspace-shapes.contracts.ts';
import { api } from '../../../lib/api.ts';
import { useLeaveGroup } from '../../groups/api/groups.api.ts';
import { homeKeys } from '../../home/api/home.api.ts';
import { notificationKeys } from '../../notifications/api/notifications.api.ts';
import { workspaceKeys } from '../../workspace/api/workspace.api.ts';

/**
 * A group's workspace (issue 14). Its keys sit under the workspace's, so a change made through a mentee's own
 * relationship (their rating of a meeting, their goals, action items) refreshes the group's page too.
 */
export const groupWorkspaceKeys = {
  all: [...workspaceKeys.all, 'group'] as const,
  group: (groupId: string) => [...workspaceKeys.all, 'group', groupId] as const,
  overview: (groupId: string) => [...workspaceKeys.all, 'group', groupId, 'overview'] as const,
  agreement: (groupId: string) => [...workspaceKeys.all, 'group', groupId, 'agreement'] as const,
  goals: (groupId: string) => [...workspaceKeys.all, 'group', groupId, 'goals'] as const,
  meetings: (groupId: string, when: 'upcoming' | 'past') =>
    [...workspaceKeys.all, 'group', groupId, 'meetings', when] as const,
  notes: (groupId: string) => [...workspaceKeys.all, 'group', groupId, 'notes'] as const,
};

export function useGroupWorkspace(groupId: string) {
  return useQuery({
    queryKey: groupWorkspaceKeys.overview(groupId),
    queryFn: ({ signal }) => api<GroupWorkspace>(`/groups/${groupId}/workspace`, { signal }),
    retry: false,
  });
}

export function useGroupAgreement(groupId: string) {
  return useQuery({
    queryKey: groupWorkspaceKeys.agreement(groupId),
    queryFn: ({ signal }) => api<GroupAgreement>(`/groups/${groupId}/agreement`, { signal }),
  });
}

export function useGroupGoals(groupId: string) {
  return useQuery({
    queryKey: groupWorkspaceKeys.goals(groupId),
    queryFn: ({ signal }) => api<GroupGoalsPage>(`/groups/${groupId}/goals`, { signal }),
  });
}

export function useGroupMeetings(groupId: string, when: 'upcoming' | 'past') {
  return useQuery({
    queryKey: groupWorkspaceKeys.meetings(groupId, when),
    queryFn: ({ signal }) =>
      api<GroupMeetingsPage>(`/groups/${groupId}/meetings`, { query: { when, pageSize: 50 }, signal }),
  });
}

export function useGroupNotes(groupId: string) {
  return useQuery({
    queryKey: groupWorkspaceKeys.notes(groupId),
    queryFn: ({ signal }) =>
      api<GroupNotesPage>(`/groups/${groupId}/notes`, {
        query: { visibility: 'all', pageSize: 100 },
        signal,
      }),
  });
}

/** After any change: the group's page, and what a change tells people (bell, home). */
function useRefreshGroup(groupId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: groupWorkspaceKeys.group(groupId) }),
      queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      queryClient.invalidateQueries({ queryKey: homeKeys.all }),
    ]);
}

type AgreementAction = { kind: 'edit'; content: AgreementContent } | { kind: 'sign'; version: number };

export function useGroupAgreementAction(groupId: string) {
  const refresh = useRefreshGroup(groupId);
  return useMutation({
    mutationFn: (action: AgreementAction) =>
      action.kind === 'edit'
        ? api<GroupAgreement>(`/groups/${groupId}/agreement`, {
            method: 'PUT',
            body: { content: action.content },
          })
        : api<GroupAgreement>(`/groups/${groupId}/agreement/sign`, {
            method: 'POST',
            body: { version: action.version },
          }),
    onSuccess: () => refresh(),
  });
}

type GoalAction =
  | { kind: 'create'; input: CreateGroupGoalRequest }
  | { kind: 'update'; goalId: string; input: UpdateGroupGoalInput }
  | { kind: 'delete'; goalId: string };

export function useGroupGoalAction(groupId: string) {
  const refresh = useRefreshGroup(groupId);
  return useMutation({
    mutationFn: (action: GoalAction): Promise<GroupGoal | undefined> => {
      switch (action.kind) {
        case 'create':
          return api(`/groups/${groupId}/goals`, { method: 'POST', body: action.input });
        case 'update':
          return api(`/groups/${groupId}/goals/${action.goalId}`, { method: 'PATCH', body: action.input });
        case 'delete':
          return api<undefined>(`/groups/${groupId}/goals/${action.goalId}`, { method: 'DELETE' });
      }
    },
    onSuccess: () => refresh(),
  });
}

type MeetingAction =
  | { kind: 'create'; input: CreateGroupMeetingRequest }
  | { kind: 'update'; meetingId: string; input: UpdateMeetingInput }
  | { kind: 'cancel'; meetingId: string }
  | { kind: 'attendance'; meetingId: string; input: GroupAttendanceInput };

export function useGroupMeetingAction(groupId: string) {
  const refresh = useRefreshGroup(groupId);
  return useMutation({
    mutationFn: (action: MeetingAction): Promise<GroupMeeting> => {
      const base = `/groups/${groupId}/meetings`;
      switch (action.kind) {
        case 'create':
          return api(base, { method: 'POST', body: action.input });
        case 'update':
          return api(`${base}/${action.meetingId}`, { method: 'PATCH', body: action.input });
        case 'cancel':
          return api(`${base}/${action.meetingId}/cancel`, { method: 'POST' });
        case 'attendance':
          return api(`${base}/${action.meetingId}/attendance`, { method: 'POST', body: action.input });
      }
    },
    onSuccess: () => refresh(),
  });
}

type NoteAction =
  | { kind: 'create'; visibility: NoteVisibility; body: string }
  | { kind: 'update'; noteId: string; body?: string; visibility?: NoteVisibility }
  | { kind: 'delete'; noteId: string };

export function useGroupNoteAction(groupId: string) {
  const refresh = useRefreshGroup(groupId);
  return useMutation({
    mutationFn: (action: NoteAction): Promise<GroupNote | undefined> => {
      switch (action.kind) {
        case 'create':
          return api(`/groups/${groupId}/notes`, {
            method: 'POST',
            body: { visibility: action.visibility, body: action.body },
          });
        case 'update':
          return api(`/groups/${groupId}/notes/${action.noteId}`, {
            method: 'PATCH',
            body: {
              ...(action.body !== undefined ? { body: action.body } : {}),
              ...(action.visibility ? { visibility: action.visibility } : {}),
            },
          });
        case 'delete':
          return api<undefined>(`/groups/${groupId}/notes/${action.noteId}`, { method: 'DELETE' });
      }
    },
    onSuccess: () => refresh(),
  });
}

/** The group meeting's .ics (a plain link: the browser sends the session cookie). */
export function groupMeetingIcsUrl(groupId: string, meetingId: string): string {
  return `/api/groups/${groupId}/meetings/${meetingId}/ics`;
}

/** A mentee leaves the group (the groups feature's route); the rest continue, and this page turns read-only. */
export function useLeaveThisGroup(groupId: string) {
  const leave = useLeaveGroup();
  const refresh = useRefreshGroup(groupId);
  return useMutation({
    mutationFn: (reason: string) =>
      leave.mutateAsync({ groupId, body: reason.trim() ? { reason: reason.trim() } : {} }),
    onSuccess: () => refresh(),
  });
}
