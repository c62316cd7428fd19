import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Paginated } from '../../../../src/contracts/common.ts';
import type {
  InvitationSent,
  InviteRequest,
  PasswordResetIssued,
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
    mutationFn: (input: InviteRequest) =>
      api<InvitationSent>('/users/invitations', { method: 'POST', body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      return queryClient.invalidateQueries({ queryKey: mailboxKeys.all });
    },
  });
}

export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<InvitationSent>(`/users/${id}/invitation`, { method: 'POST' }),
    // The users page shows when the latest invitation went and until when it works.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: userKeys.all }),
        queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
      ]),
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

/** Reset someone's password: they are signed out everywhere; the link is emailed, or returned once to pass on. */
export function useResetUserPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<PasswordResetIssued>(`/users/${id}/password-reset`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}
