import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnswerInfoInput,
  AskInfoInput,
  CreateRequestInput,
  DeclineRequestInput,
  MentorBrowsePage,
  MentorBrowseQuery,
  MyRequestsPage,
  MyRequestsQuery,
  RequestItem,
  SuggestionsResponse,
} from '../../../../src/contracts/requests.contracts.ts';
import { api } from '../../../lib/api.ts';
import { useInvalidateRelationships } from '../../relationships/api/relationships.api.ts';

const requestKeys = {
  all: ['requests'] as const,
  mine: (query: Partial<MyRequestsQuery>) => ['requests', 'mine', query] as const,
  suggestions: (programId: string) => ['requests', 'suggestions', programId] as const,
  mentors: (programId: string, query: Partial<MentorBrowseQuery>) =>
    ['requests', 'mentors', programId, query] as const,
};

export function useSuggestions(programId: string) {
  return useQuery({
    queryKey: requestKeys.suggestions(programId),
    queryFn: ({ signal }) => api<SuggestionsResponse>(`/programs/${programId}/suggestions`, { signal }),
  });
}

export function useMentors(programId: string, query: Partial<MentorBrowseQuery>) {
  return useQuery({
    queryKey: requestKeys.mentors(programId, query),
    queryFn: ({ signal }) => api<MentorBrowsePage>(`/programs/${programId}/mentors`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useMyRequests(query: Partial<MyRequestsQuery>) {
  return useQuery({
    queryKey: requestKeys.mine(query),
    queryFn: ({ signal }) =>
      api<MyRequestsPage>('/me/requests', { query: { pageSize: 100, ...query }, signal }),
  });
}

/** A request answered may start a relationship: the requests, and everything that shows relationships. */
function useInvalidate() {
  const queryClient = useQueryClient();
  const invalidateRelationships = useInvalidateRelationships();
  return () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: requestKeys.all }), invalidateRelationships()]);
}

export function useCreateRequest(programId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: CreateRequestInput) =>
      api<RequestItem>(`/programs/${programId}/requests`, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export type RequestAction =
  | { action: 'accept' }
  | { action: 'withdraw' }
  | { action: 'decline'; body: DeclineRequestInput }
  | { action: 'ask-info'; body: AskInfoInput }
  | { action: 'answer'; body: AnswerInfoInput };

export function useRequestAction() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...rest }: RequestAction & { id: string }) =>
      api<RequestItem>(`/requests/${id}/${rest.action}`, {
        method: 'POST',
        body: 'body' in rest ? rest.body : {},
      }),
    onSuccess: invalidate,
  });
}

export const declineReasonLabel: Record<DeclineRequestInput['reasonCode'], string> = {
  no_capacity: 'I have no room for another mentee',
  not_a_fit: 'I am not the right fit for these goals',
  timing: 'The timing does not work for me',
  other: 'Another reason',
};
