import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../../src/contracts/accounts.contracts.ts';
import type { Paginated } from '../../../../src/contracts/common.ts';
import type { User } from '../../../../src/contracts/users.contracts.ts';
import { api } from '../../../lib/api.ts';

export function useUsers(query: { page: number; q?: string }) {
  return useQuery({
    queryKey: ['users', 'list', query],
    queryFn: () => api<Paginated<User>>('/users', { query: { ...query, pageSize: 25 } }),
    placeholderData: keepPreviousData,
  });
}

export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; name?: string; role: Role }) =>
      api<User>('/users/invitations', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<unknown>(`/users/${id}/invitation`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['mailbox'] }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...update }: { id: string; role?: Role; status?: 'active' | 'disabled' }) =>
      api<User>(`/users/${id}`, { method: 'PATCH', body: update }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
