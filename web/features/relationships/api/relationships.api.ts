import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Paginated } from '../../../../src/contracts/common.ts';
import type {
  MyRelationship,
  ProgramRelationshipsQuery,
  RelationshipDetail,
  RelationshipSummary,
} from '../../../../src/contracts/relationships.contracts.ts';
import { api } from '../../../lib/api.ts';

export const relationshipKeys = {
  all: ['relationships'] as const,
  mine: (state: string) => ['relationships', 'mine', state] as const,
  detail: (id: string) => ['relationships', 'detail', id] as const,
  program: (programId: string, query: Partial<ProgramRelationshipsQuery>) =>
    ['relationships', 'program', programId, query] as const,
};

export function useMyRelationships(state: 'current' | 'past' | 'all' = 'all') {
  return useQuery({
    queryKey: relationshipKeys.mine(state),
    queryFn: ({ signal }) =>
      api<Paginated<MyRelationship>>('/me/relationships', { query: { state, pageSize: 100 }, signal }),
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
      api<Paginated<RelationshipSummary>>(`/programs/${programId}/relationships`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useRelationshipAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      action,
      body,
    }: {
      id: string;
      action: 'end' | 'complete' | 'reassign';
      body: Record<string, unknown>;
    }) => api<unknown>(`/relationships/${id}/${action}`, { method: 'POST', body }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: relationshipKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['programs'] }),
      ]),
  });
}

export const relationshipStatusLabel: Record<string, string> = {
  proposed: 'Proposed',
  active: 'Active',
  completed: 'Completed',
  ended_early: 'Ended early',
  declined: 'Declined',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};
export const relationshipStatusColor: Record<string, string> = {
  proposed: 'orange',
  active: 'trellis',
  completed: 'blue',
  ended_early: 'gray',
  declined: 'red',
  expired: 'gray',
  withdrawn: 'gray',
};
export const originLabel: Record<string, string> = {
  match_run: 'Matched by staff',
  request: 'Requested by the mentee',
  reassignment: 'Reassigned',
};
