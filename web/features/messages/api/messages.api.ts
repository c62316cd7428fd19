import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  MessagePreferences,
  ProgramMessageSettings,
  ScheduledMessagesPage,
  ScheduledMessagesQuery,
  SentMessagesPage,
  SentMessagesQuery,
  UnsubscribeResult,
  UpdateMessagePreferencesRequest,
  UpdateProgramMessageSettingsRequest,
} from '../../../../src/contracts/messages.contracts.ts';
import type {
  LaunchEmailPreview,
  LaunchEmailRequest,
  LaunchEmailResult,
  LaunchEmailSummary,
  LaunchPreviewRequest,
} from '../../../../src/contracts/program-launch.contracts.ts';
import { api } from '../../../lib/api.ts';

export const messageKeys = {
  all: ['messages'] as const,
  preferences: ['messages', 'preferences'] as const,
  unsubscribe: (token: string) => ['messages', 'unsubscribe', token] as const,
  program: (programId: string) => ['messages', 'program', programId] as const,
  programSettings: (programId: string) => ['messages', 'program', programId, 'settings'] as const,
  scheduled: (programId: string, query: Partial<ScheduledMessagesQuery>) =>
    ['messages', 'program', programId, 'scheduled', query] as const,
  sent: (programId: string, query: Partial<SentMessagesQuery>) =>
    ['messages', 'program', programId, 'sent', query] as const,
  launch: (programId: string) => ['messages', 'program', programId, 'launch'] as const,
  launchPreview: (programId: string, request: LaunchPreviewRequest) =>
    ['messages', 'program', programId, 'launch', 'preview', request] as const,
};

// ── My preferences ───────────────────────────────────────────────────────────────────────────────────────────────

/** What I get by email, in the app or not at all, per category, and my digest. */
export function useMessagePreferences() {
  return useQuery({
    queryKey: messageKeys.preferences,
    queryFn: ({ signal }) => api<MessagePreferences>('/me/message-preferences', { signal }),
  });
}

/**
 * Change one or more preferences. The change shows at once (the control would otherwise jump back while the
 * request runs) and is undone if the server refuses it.
 */
export function useUpdateMessagePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateMessagePreferencesRequest) =>
      api<MessagePreferences>('/me/message-preferences', { method: 'PUT', body: input }),
    onMutate: async (input) => {
      await queryClient.cancelQueries({ queryKey: messageKeys.preferences });
      const before = queryClient.getQueryData<MessagePreferences>(messageKeys.preferences);
      if (before) {
        queryClient.setQueryData<MessagePreferences>(messageKeys.preferences, {
          ...before,
          digest: input.digest ?? before.digest,
          categories: before.categories.map((item) => ({
            ...item,
            channel: input.channels?.[item.category] ?? item.channel,
          })),
        });
      }
      return { before };
    },
    onError: (_error, _input, context) => {
      if (context?.before) queryClient.setQueryData(messageKeys.preferences, context.before);
      // Another change may have been saved meanwhile: read back what the server holds.
      return queryClient.invalidateQueries({ queryKey: messageKeys.preferences });
    },
    onSuccess: (saved) => queryClient.setQueryData(messageKeys.preferences, saved),
  });
}

// ── One-click unsubscribe (no sign-in) ───────────────────────────────────────────────────────────────────────────

/** What a signed unsubscribe link would stop; a forged or outdated link fails (404/400). */
export function useUnsubscribeLink(token: string) {
  return useQuery({
    queryKey: messageKeys.unsubscribe(token),
    queryFn: ({ signal }) => api<UnsubscribeResult>(`/unsubscribe/${encodeURIComponent(token)}`, { signal }),
  });
}

export function useUnsubscribe(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<UnsubscribeResult>(`/unsubscribe/${encodeURIComponent(token)}`, { method: 'POST', body: {} }),
    // A signed-in person who unsubscribes sees it on their preferences page.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messageKeys.preferences }),
  });
}

// ── A program's reminders and nudges (staff) ─────────────────────────────────────────────────────────────────────

export function useProgramMessageSettings(programId: string) {
  return useQuery({
    queryKey: messageKeys.programSettings(programId),
    queryFn: ({ signal }) =>
      api<ProgramMessageSettings>(`/programs/${programId}/message-settings`, { signal }),
  });
}

/** Save a program's nudge settings or its paused kinds; what is scheduled changes with them. */
export function useUpdateProgramMessageSettings(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateProgramMessageSettingsRequest) =>
      api<ProgramMessageSettings>(`/programs/${programId}/message-settings`, { method: 'PUT', body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(messageKeys.programSettings(programId), saved);
      return queryClient.invalidateQueries({ queryKey: messageKeys.program(programId) });
    },
  });
}

/** What the program will send in the next 30 days, soonest first. */
export function useScheduledMessages(programId: string, query: Partial<ScheduledMessagesQuery>) {
  return useQuery({
    queryKey: messageKeys.scheduled(programId, query),
    queryFn: ({ signal }) =>
      api<ScheduledMessagesPage>(`/programs/${programId}/messages/scheduled`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** What the program sent, newest first. */
export function useSentMessages(programId: string, query: Partial<SentMessagesQuery>) {
  return useQuery({
    queryKey: messageKeys.sent(programId, query),
    queryFn: ({ signal }) => api<SentMessagesPage>(`/programs/${programId}/messages/sent`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

// ── A program's launch email ─────────────────────────────────────────────────────────────────────────────────────

/** Whether the launch email went out and to how many; asked again every second while a background send runs. */
export function useLaunchEmailSummary(programId: string, enabled = true) {
  return useQuery({
    queryKey: messageKeys.launch(programId),
    queryFn: ({ signal }) => api<LaunchEmailSummary>(`/programs/${programId}/launch-email`, { signal }),
    enabled,
    refetchInterval: (query) => {
      const status = query.state.data?.job?.status;
      return status === 'queued' || status === 'running' ? 1000 : false;
    },
  });
}

/** How many people of this audience the launch email would reach; nothing is asked without an audience. */
export function useLaunchEmailPreview(programId: string, request: LaunchPreviewRequest | null) {
  return useQuery({
    queryKey: messageKeys.launchPreview(programId, request ?? { audience: { kind: 'everyone' } }),
    queryFn: ({ signal }) =>
      api<LaunchEmailPreview>(`/programs/${programId}/launch-email/preview`, {
        method: 'POST',
        body: request,
        signal,
      }),
    enabled: request !== null,
    retry: false,
  });
}

/** Send the launch email: the program's summary, sent messages and previews change. */
export function useSendLaunchEmail(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: LaunchEmailRequest) =>
      api<LaunchEmailResult>(`/programs/${programId}/launch-email`, { method: 'POST', body: request }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: messageKeys.program(programId) });
    },
  });
}
