import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DemoSetupResponse,
  InvitationAccept,
  InvitationInfo,
  Me,
  PasswordResetConfirm,
  PasswordResetInfo,
  PasswordResetRequest,
  SetupRequest,
  SetupStatus,
  SignInRequest,
} from '../../../../src/contracts/accounts.contracts.ts';
import { ApiError, api } from '../../../lib/api.ts';

export const sessionKeys = {
  me: ['me'] as const,
  setup: ['setup'] as const,
  invitation: (token: string) => ['invitation', token] as const,
  passwordReset: (token: string) => ['password-reset', token] as const,
};

/** The signed-in account, or null when nobody is signed in. */
export const meQuery = queryOptions({
  queryKey: sessionKeys.me,
  queryFn: async () => {
    try {
      return await api<Me>('/auth/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

/** Whether the instance still needs its first organisation. */
export const setupStatusQuery = queryOptions({
  queryKey: sessionKeys.setup,
  queryFn: () => api<SetupStatus>('/setup'),
  staleTime: Number.POSITIVE_INFINITY,
});

export function useMe() {
  return useQuery(meQuery);
}

export function useSetupStatus() {
  return useQuery(setupStatusQuery);
}

export function useCreateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SetupRequest) => api<Me>('/setup', { method: 'POST', body: input }),
    onSuccess: (me) => {
      queryClient.setQueryData(sessionKeys.me, me);
      queryClient.setQueryData(sessionKeys.setup, { needsSetup: false });
    },
  });
}

/** Creating the demo does not switch screens by itself: the credentials are shown first. */
export function useCreateDemo() {
  return useMutation({
    mutationFn: () => api<DemoSetupResponse>('/setup/demo', { method: 'POST' }),
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInRequest) => api<Me>('/auth/sign-in', { method: 'POST', body: input }),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.me, me);
      queryClient.setQueryData(sessionKeys.setup, { needsSetup: false });
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/sign-out', { method: 'POST' }),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.me, null);
      queryClient.setQueryData(sessionKeys.setup, { needsSetup: false });
    },
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (input: PasswordResetRequest) =>
      api<void>('/auth/password-reset', { method: 'POST', body: input }),
  });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (input: PasswordResetConfirm) =>
      api<void>('/auth/password-reset/confirm', { method: 'POST', body: input }),
  });
}

/** A reset link checked when its page opens (it is not used up): whose password it sets, or why it cannot be used. */
export function usePasswordResetLink(token: string) {
  return useQuery({
    queryKey: sessionKeys.passwordReset(token),
    queryFn: () => api<PasswordResetInfo>(`/auth/password-reset/${encodeURIComponent(token)}`),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useInvitation(token: string) {
  return useQuery({
    queryKey: sessionKeys.invitation(token),
    queryFn: () => api<InvitationInfo>(`/auth/invitations/${encodeURIComponent(token)}`),
    retry: false,
  });
}

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvitationAccept) =>
      api<Me>('/auth/invitations/accept', { method: 'POST', body: input }),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.me, me);
      queryClient.setQueryData(sessionKeys.setup, { needsSetup: false });
    },
  });
}
