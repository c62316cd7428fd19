import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Paginated } from '../../../../src/contracts/common.ts';
import type {
  InviteRequest,
  User,
  UsersQuery,
  UserUpdate,
} from '../../../../src/contracts/users.contracts.ts';
import { api } from '../../../lib/api.ts';
import { mailboxKeys } from '../../mailbox/api/mailbox.api.ts';

export const userKeys = {
  all: ['users'] as const,
  list: (query: Pick<UsersQuery, 'page' | 'q'>) => ['users', 'list', query] as const,
};

export function useUsers(query: Pick<UsersQuery, 'page' | 'q'>) {
  return useQuery({
    queryKey: userKeys.list(query),
    queryFn: () => api<Paginated<User>>('/users', { query: { ...query, pageSize: 25 } }),
    placeholderData: keepPreviousData,
  });
}

export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteRequest) => api<User>('/users/invitations', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<User>(`/users/${id}/invitation`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...update }: UserUpdate & { id: string }) =>
      api<User>(`/users/${id}`, { method: 'PATCH', body: update }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
