import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddGroupMembersInput,
  CloseGroupInput,
  CreateGroupInput,
  FindGroupsPage,
  FindGroupsQuery,
  GroupChangeResult,
  GroupMembership,
  GroupStatus,
  LeaveGroupInput,
  MyGroupsPage,
  MyGroupsQuery,
  OpenGroupInput,
  ProgramGroupsPage,
  ProgramGroupsQuery,
  UpdateGroupInput,
} from '../../../../src/contracts/groups.contracts.ts';
import { api } from '../../../lib/api.ts';
import { useInvalidateRelationships } from '../../relationships/api/relationships.api.ts';

export const groupKeys = {
  all: ['groups'] as const,
  program: (programId: string, query: Partial<ProgramGroupsQuery>) =>
    ['groups', 'program', programId, query] as const,
  find: (programId: string, query: Partial<FindGroupsQuery>) => ['groups', 'find', programId, query] as const,
  membership: (groupId: string) => ['groups', 'membership', groupId] as const,
  mine: (state: MyGroupsQuery['state']) => ['groups', 'mine', state] as const,
};

export const groupStatusLabel: Record<GroupStatus, string> = {
  open: 'Open to join',
  active: 'Active',
  closed: 'Closed',
};
export const groupStatusColor: Record<GroupStatus, string> = {
  open: 'orange',
  active: 'trellis',
  closed: 'gray',
};

/** Staff: the program's groups with their numbers. */
export function useProgramGroups(programId: string, query: Partial<ProgramGroupsQuery>) {
  return useQuery({
    queryKey: groupKeys.program(programId, query),
    queryFn: ({ signal }) => api<ProgramGroupsPage>(`/programs/${programId}/groups`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** A group with its members (staff, its leaders and members). */
export function useGroupMembership(groupId: string | null) {
  return useQuery({
    queryKey: groupKeys.membership(groupId ?? ''),
    queryFn: ({ signal }) => api<GroupMembership>(`/groups/${groupId}/membership`, { signal }),
    enabled: Boolean(groupId),
  });
}

/** Mentees of a self-select group program: the open groups. */
export function useFindGroups(programId: string, query: Partial<FindGroupsQuery>) {
  return useQuery({
    queryKey: groupKeys.find(programId, query),
    queryFn: ({ signal }) => api<FindGroupsPage>(`/programs/${programId}/open-groups`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useMyGroups(state: MyGroupsQuery['state'] = 'all') {
  return useQuery({
    queryKey: groupKeys.mine(state),
    queryFn: ({ signal }) => api<MyGroupsPage>('/me/groups', { query: { state, pageSize: 100 }, signal }),
  });
}

/** A change to a group changes its members' relationships too: both families of queries are refreshed. */
function useInvalidateGroups() {
  const queryClient = useQueryClient();
  const invalidateRelationships = useInvalidateRelationships();
  return () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: groupKeys.all }), invalidateRelationships()]);
}

export type GroupChange =
  | { kind: 'create'; programId: string; body: CreateGroupInput }
  | { kind: 'update'; groupId: string; body: UpdateGroupInput }
  | { kind: 'add'; groupId: string; body: AddGroupMembersInput }
  | { kind: 'remove'; groupId: string; enrolmentId: string }
  | { kind: 'close'; groupId: string; body: CloseGroupInput };

/** Staff's changes to groups (the mentor may close their own). */
export function useGroupChange() {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (change: GroupChange) => {
      switch (change.kind) {
        case 'create':
          return api<GroupChangeResult>(`/programs/${change.programId}/groups`, {
            method: 'POST',
            body: change.body,
          });
        case 'update':
          return api<GroupChangeResult>(`/groups/${change.groupId}/details`, {
            method: 'PATCH',
            body: change.body,
          });
        case 'add':
          return api<GroupChangeResult>(`/groups/${change.groupId}/members`, {
            method: 'POST',
            body: change.body,
          });
        case 'remove':
          return api<GroupChangeResult>(`/groups/${change.groupId}/members/${change.enrolmentId}`, {
            method: 'DELETE',
          });
        case 'close':
          return api<GroupChangeResult>(`/groups/${change.groupId}/close`, {
            method: 'POST',
            body: change.body,
          });
      }
    },
    onSuccess: invalidate,
  });
}

/** A mentor (or staff for a mentor) opens a self-select group. */
export function useOpenGroup(programId: string) {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (body: OpenGroupInput) =>
      api<GroupMembership>(`/programs/${programId}/groups/open`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useJoinGroup() {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (groupId: string) =>
      api<GroupMembership>(`/groups/${groupId}/join`, { method: 'POST', body: {} }),
    onSuccess: invalidate,
  });
}

export function useLeaveGroup() {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: ({ groupId, body }: { groupId: string; body: LeaveGroupInput }) =>
      api<{ left: true }>(`/groups/${groupId}/leave`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}
