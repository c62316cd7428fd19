import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccountSession, PasswordChange } from '../../../../src/contracts/accounts.contracts.ts';
import type { Paginated } from '../../../../src/contracts/common.ts';
import { api } from '../../../lib/api.ts';

export const accountKeys = {
  sessions: ['account', 'sessions'] as const,
  sessionsPage: (page: number) => ['account', 'sessions', page] as const,
};

/** Where I am signed in, most recently used first. */
export function useMySessions(page: number) {
  return useQuery({
    queryKey: accountKeys.sessionsPage(page),
    queryFn: () => api<Paginated<AccountSession>>('/auth/sessions', { query: { page, pageSize: 20 } }),
    placeholderData: keepPreviousData,
  });
}

/** Sign one of my devices out. */
export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/auth/sessions/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}

/** Change my password: every other device is signed out. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PasswordChange) => api<void>('/auth/password', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}
