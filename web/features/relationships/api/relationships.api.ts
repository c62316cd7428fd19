import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CompleteRelationshipInput,
  EndRelationshipInput,
  MyRelationshipsPage,
  MyRelationshipsQuery,
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
import { programKeys } from '../../programs/api/programs.api.ts';

export const relationshipKeys = {
  all: ['relationships'] as const,
  mine: (state: MyRelationshipsQuery['state']) => ['relationships', 'mine', state] as const,
  detail: (id: string) => ['relationships', 'detail', id] as const,
  program: (programId: string, query: Partial<ProgramRelationshipsQuery>) =>
    ['relationships', 'program', programId, query] as const,
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

/** What staff or a partner may do to a relationship, with the body the API takes for it. */
type RelationshipAction =
  | { action: 'complete'; body: CompleteRelationshipInput }
  | { action: 'end'; body: EndRelationshipInput }
  | { action: 'reassign'; body: ReassignRelationshipInput };

export function useRelationshipAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, body }: RelationshipAction & { id: string }) =>
      api<RelationshipSummary | ReassignResult>(`/relationships/${id}/${action}`, { method: 'POST', body }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: relationshipKeys.all }),
        queryClient.invalidateQueries({ queryKey: programKeys.all }),
      ]),
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
};
