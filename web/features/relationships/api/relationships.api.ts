import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CompleteRelationshipInput,
  EndLeaversResult,
  EndProgramLeaversInput,
  EndRelationshipInput,
  LeaverRelationshipsPage,
  MyRelationshipsPage,
  MyRelationshipsQuery,
  ProgramPairHealthPage,
  ProgramPairHealthQuery,
  ProgramRelationshipsPage,
  ProgramRelationshipsQuery,
  ReassignRelationshipInput,
  ReassignResult,
  RelationshipDetail,
  RelationshipOrigin,
  RelationshipStatus,
  RelationshipSummary,
} from '../../../../src/contracts/relationships.contracts.ts';
import { api } from '../../../lib/api.ts';
import { homeKeys } from '../../home/api/home.api.ts';
import { meetingKeys } from '../../meetings/api/meetings.api.ts';
import { notificationKeys } from '../../notifications/api/notifications.api.ts';
import { programKeys } from '../../programs/api/programs.api.ts';
import { surveyKeys } from '../../surveys/api/surveys.api.ts';
import { workspaceKeys } from '../../workspace/api/workspace.api.ts';

export const relationshipKeys = {
  all: ['relationships'] as const,
  mine: (state: MyRelationshipsQuery['state']) => ['relationships', 'mine', state] as const,
  detail: (id: string) => ['relationships', 'detail', id] as const,
  program: (programId: string, query: Partial<ProgramRelationshipsQuery>) =>
    ['relationships', 'program', programId, query] as const,
  programHealth: (programId: string, query: Partial<ProgramPairHealthQuery>) =>
    ['relationships', 'program', programId, 'health', query] as const,
  programLeavers: (programId: string, page: number) =>
    ['relationships', 'program', programId, 'leavers', page] as const,
  personLeavers: (personId: string, page: number) =>
    ['relationships', 'person', personId, 'leavers', page] as const,
};

export function useMyRelationships(state: MyRelationshipsQuery['state'] = 'all') {
  return useQuery({
    queryKey: relationshipKeys.mine(state),
    queryFn: ({ signal }) =>
      api<MyRelationshipsPage>('/me/relationships', { query: { state, pageSize: 100 }, signal }),
  });
}

export function useRelationship(id: string | null) {
  return useQuery({
    queryKey: relationshipKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api<RelationshipDetail>(`/relationships/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useProgramRelationships(programId: string, query: Partial<ProgramRelationshipsQuery>) {
  return useQuery({
    queryKey: relationshipKeys.program(programId, query),
    queryFn: ({ signal }) =>
      api<ProgramRelationshipsPage>(`/programs/${programId}/relationships`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Staff: the program's active pairs with their health (issue 12), sorted and filtered on the server. */
export function useProgramPairHealth(programId: string, query: Partial<ProgramPairHealthQuery>) {
  return useQuery({
    queryKey: relationshipKeys.programHealth(programId, query),
    queryFn: ({ signal }) =>
      api<ProgramPairHealthPage>(`/programs/${programId}/relationship-health`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Staff: the program's open relationships where one side left the organisation. */
export function useProgramLeavers(programId: string, page = 1) {
  return useQuery({
    queryKey: relationshipKeys.programLeavers(programId, page),
    queryFn: ({ signal }) =>
      api<LeaverRelationshipsPage>(`/programs/${programId}/leavers`, {
        query: { page, pageSize: 100 },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/** Admins: a person's open relationships once they left (none while they are active). */
export function usePersonLeaverRelationships(personId: string, enabled: boolean, page = 1) {
  return useQuery({
    queryKey: relationshipKeys.personLeavers(personId, page),
    queryFn: ({ signal }) =>
      api<LeaverRelationshipsPage>(`/people/${personId}/leaver-relationships`, {
        query: { page, pageSize: 100 },
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/**
 * After a relationship starts, ends or changes hands, everything that shows its status: the lists and its detail, its
 * workspace (read-only once it is over), its meetings (none to come), its surveys (the closing survey opens, no more
 * rematch), the home, the notifications and the program's counts. Invalidated here, in the mutation itself, not in a
 * component's callback: the component that asked (a dialog in the workspace) unmounts as soon as the status changes,
 * and its callbacks never run.
 */
export function useInvalidateRelationships() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [
        relationshipKeys.all,
        programKeys.all,
        workspaceKeys.all,
        meetingKeys.all,
        surveyKeys.all,
        homeKeys.all,
        notificationKeys.all,
      ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
}

/** End relationships of people who left: a program's (all, or one person's), or one person's in every program. */
export function useEndLeaverRelationships() {
  const invalidate = useInvalidateRelationships();
  return useMutation({
    mutationFn: (scope: { programId: string; body: EndProgramLeaversInput } | { personId: string }) =>
      'programId' in scope
        ? api<EndLeaversResult>(`/programs/${scope.programId}/leavers/end`, {
            method: 'POST',
            body: scope.body,
          })
        : api<EndLeaversResult>(`/people/${scope.personId}/leaver-relationships/end`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}

/** What staff or a partner may do to a relationship, with the body the API takes for it. */
type RelationshipAction =
  | { action: 'complete'; body: CompleteRelationshipInput }
  | { action: 'end'; body: EndRelationshipInput }
  | { action: 'reassign'; body: ReassignRelationshipInput };

export function useRelationshipAction() {
  const invalidate = useInvalidateRelationships();
  return useMutation({
    mutationFn: ({ id, action, body }: RelationshipAction & { id: string }) =>
      api<RelationshipSummary | ReassignResult>(`/relationships/${id}/${action}`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export const relationshipStatusLabel: Record<RelationshipStatus, string> = {
  proposed: 'Proposed',
  active: 'Active',
  completed: 'Completed',
  ended_early: 'Ended early',
  declined: 'Declined',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};
export const relationshipStatusColor: Record<RelationshipStatus, string> = {
  proposed: 'orange',
  active: 'trellis',
  completed: 'blue',
  ended_early: 'gray',
  declined: 'red',
  expired: 'gray',
  withdrawn: 'gray',
};
export const originLabel: Record<RelationshipOrigin, string> = {
  match_run: 'Matched by staff',
  request: 'Requested by the mentee',
  reassignment: 'Reassigned',
  group: 'Joined a group',
  flash: 'Booked a flash session',
};
