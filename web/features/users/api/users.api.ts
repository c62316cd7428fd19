import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Paginated } from '../../../../src/contracts/common.ts';
import type {
  BulkInvitationPreview,
  BulkInvitationRequest,
  BulkInvitationResult,
  BulkInvitationStatus,
  InvitationSent,
  InviteRequest,
  PasswordResetIssued,
  PendingInvitations,
  ResendInvitationsRequest,
  User,
  UsersQuery,
  UserUpdate,
} from '../../../../src/contracts/users.contracts.ts';
import { api } from '../../../lib/api.ts';
import { mailboxKeys } from '../../mailbox/api/mailbox.api.ts';

export type UsersListQuery = Pick<UsersQuery, 'page' | 'q' | 'status'>;

export const userKeys = {
  all: ['users'] as const,
  list: (query: UsersListQuery) => ['users', 'list', query] as const,
  bulkPreview: (request: BulkInvitationRequest) => ['users', 'bulk-invitations', 'preview', request] as const,
  bulkStatus: ['users', 'bulk-invitations', 'status'] as const,
  pending: ['users', 'pending-invitations'] as const,
};

export function useUsers(query: UsersListQuery) {
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

// ── Bulk invitations ─────────────────────────────────────────────────────────────────────────────────────────────

/** What inviting this selection would do; nothing is asked while there is no selection yet. */
export function useBulkInvitationPreview(request: BulkInvitationRequest | null) {
  return useQuery({
    queryKey: userKeys.bulkPreview(request ?? { audience: { source: 'directory' } }),
    queryFn: ({ signal }) =>
      api<BulkInvitationPreview>('/users/invitations/bulk/preview', {
        method: 'POST',
        body: request,
        signal,
      }),
    enabled: request !== null,
    retry: false,
  });
}

export function useSendBulkInvitations() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: BulkInvitationRequest) =>
      api<BulkInvitationResult>('/users/invitations/bulk', { method: 'POST', body: request }),
    // Not awaited: a large send keeps the database busy, and the dialog closes at once.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      void queryClient.invalidateQueries({ queryKey: mailboxKeys.all });
    },
  });
}

/** The latest bulk invitation job; asked again every second while it runs. */
export function useBulkInvitationStatus() {
  return useQuery({
    queryKey: userKeys.bulkStatus,
    queryFn: ({ signal }) => api<BulkInvitationStatus>('/users/invitations/bulk', { signal }),
    refetchInterval: (query) => {
      const status = query.state.data?.latest?.status;
      return status === 'queued' || status === 'running' ? 1000 : false;
    },
  });
}

/** Invitations not accepted yet, and how many of them expired. */
export function usePendingInvitations() {
  return useQuery({
    queryKey: userKeys.pending,
    queryFn: ({ signal }) => api<PendingInvitations>('/users/invitations/pending', { signal }),
  });
}

export function useResendPendingInvitations() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ResendInvitationsRequest) =>
      api<BulkInvitationResult>('/users/invitations/resend', { method: 'POST', body: request }),
    // Not awaited: a large send keeps the database busy, and the dialog closes at once.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      void queryClient.invalidateQueries({ queryKey: mailboxKeys.all });
    },
  });
}
