import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  PeopleFacets,
  PeopleQuery,
  Person,
  PersonDetail,
  PersonErased,
  PersonListResponse,
  PersonUpdate,
} from '../../../../src/contracts/people.contracts.ts';
import type { InviteRequest, User } from '../../../../src/contracts/users.contracts.ts';
import { api } from '../../../lib/api.ts';
import { enrolmentKeys } from '../../enrolment/api/enrolment.api.ts';
import { mailboxKeys } from '../../mailbox/api/mailbox.api.ts';
import { relationshipKeys } from '../../relationships/api/relationships.api.ts';
import { userKeys } from '../../users/api/users.api.ts';

export type PeopleListQuery = Partial<PeopleQuery>;

export const peopleKeys = {
  all: ['people'] as const,
  list: (query: PeopleListQuery) => ['people', 'list', query] as const,
  facets: ['people', 'facets'] as const,
  detail: (id: string) => ['people', 'detail', id] as const,
};

export function usePeople(query: PeopleListQuery) {
  return useQuery({
    queryKey: peopleKeys.list(query),
    queryFn: ({ signal }) => api<PersonListResponse>('/people', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePeopleFacets() {
  return useQuery({
    queryKey: peopleKeys.facets,
    queryFn: () => api<PeopleFacets>('/people/facets'),
    staleTime: 5 * 60_000,
  });
}

export function usePerson(id: string) {
  return useQuery({
    queryKey: peopleKeys.detail(id),
    queryFn: () => api<PersonDetail>(`/people/${encodeURIComponent(id)}`),
  });
}

/**
 * A person's name, title or department shows in the users page, enrolments and relationships; leaving (deactivation)
 * ends their account and lists their open relationships for staff; erasure removes them from all of these.
 */
function useInvalidatePeople() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [peopleKeys.all, userKeys.all, enrolmentKeys.all, relationshipKeys.all].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );
}

export function useUpdatePerson(id: string) {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (update: PersonUpdate) => api<Person>(`/people/${id}`, { method: 'PATCH', body: update }),
    onSuccess: invalidate,
  });
}

export function useSetPersonActive(id: string) {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: (active: boolean) =>
      api<Person>(`/people/${id}/${active ? 'reactivate' : 'deactivate'}`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}

export function useErasePerson(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: () => api<PersonErased>(`/people/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: peopleKeys.detail(id) });
      return invalidate();
    },
  });
}

export function useInvitePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteRequest) => api<User>('/users/invitations', { method: 'POST', body: input }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: peopleKeys.all }),
        queryClient.invalidateQueries({ queryKey: userKeys.all }),
        queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
      ]),
  });
}

/** Search people for pickers (e.g. choosing a manager). */
export function usePeopleSearch(q: string, enabled = true) {
  return useQuery({
    queryKey: peopleKeys.list({ q, pageSize: 20, status: 'active' }),
    queryFn: ({ signal }) =>
      api<PersonListResponse>('/people', { query: { q, pageSize: 20, status: 'active' }, signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}
