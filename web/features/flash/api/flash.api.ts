import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  FlashAvailability,
  FlashBookInput,
  FlashMentorsPage,
  FlashMentorsQuery,
  FlashPatternRequest,
  FlashSession,
  FlashSessionsPage,
  FlashSessionsQuery,
  FlashSettingsInput,
  FlashSlot,
  FlashSlotRequest,
  FlashSummary,
} from '../../../../src/contracts/flash.contracts.ts';
import { api } from '../../../lib/api.ts';
import { useInvalidateRelationships } from '../../relationships/api/relationships.api.ts';

const flashKeys = {
  all: ['flash'] as const,
  program: (programId: string) => ['flash', programId] as const,
  availability: (programId: string) => ['flash', programId, 'availability'] as const,
  mentors: (programId: string, query: Partial<FlashMentorsQuery>) =>
    ['flash', programId, 'mentors', query] as const,
  sessions: (programId: string, query: Partial<FlashSessionsQuery>) =>
    ['flash', programId, 'sessions', query] as const,
  summary: (programId: string) => ['flash', programId, 'summary'] as const,
};

export function useFlashAvailability(programId: string) {
  return useQuery({
    queryKey: flashKeys.availability(programId),
    queryFn: ({ signal }) => api<FlashAvailability>(`/programs/${programId}/flash/availability`, { signal }),
  });
}

export function useFlashMentors(programId: string, query: Partial<FlashMentorsQuery>) {
  return useQuery({
    queryKey: flashKeys.mentors(programId, query),
    queryFn: ({ signal }) => api<FlashMentorsPage>(`/programs/${programId}/flash/mentors`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useFlashSessions(programId: string, query: Partial<FlashSessionsQuery>) {
  return useQuery({
    queryKey: flashKeys.sessions(programId, query),
    queryFn: ({ signal }) =>
      api<FlashSessionsPage>(`/programs/${programId}/flash/sessions`, { query, signal }),
  });
}

export function useFlashSummary(programId: string) {
  return useQuery({
    queryKey: flashKeys.summary(programId),
    queryFn: ({ signal }) => api<FlashSummary>(`/programs/${programId}/flash/summary`, { signal }),
  });
}

/** A change to a mentor's availability: their page shows the answer at once, the program's lists reload. */
function useAvailabilityMutation<Input>(
  programId: string,
  request: (input: Input) => Promise<FlashAvailability>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: async (data) => {
      queryClient.setQueryData(flashKeys.availability(programId), data);
      await queryClient.invalidateQueries({ queryKey: flashKeys.program(programId) });
    },
  });
}

export function useSaveFlashSettings(programId: string) {
  return useAvailabilityMutation(programId, (input: FlashSettingsInput) =>
    api<FlashAvailability>(`/programs/${programId}/flash/settings`, { method: 'PUT', body: input }),
  );
}

export function useAddFlashPattern(programId: string) {
  return useAvailabilityMutation(programId, (input: FlashPatternRequest) =>
    api<FlashAvailability>(`/programs/${programId}/flash/patterns`, { method: 'POST', body: input }),
  );
}

export function useRemoveFlashPattern(programId: string) {
  return useAvailabilityMutation(programId, (patternId: string) =>
    api<FlashAvailability>(`/programs/${programId}/flash/patterns/${patternId}`, { method: 'DELETE' }),
  );
}

export function useAddFlashSlot(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: FlashSlotRequest) =>
      api<FlashSlot>(`/programs/${programId}/flash/slots`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flashKeys.program(programId) }),
  });
}

export function useCancelFlashSlot(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (slotId: string) =>
      api<FlashSlot>(`/flash/slots/${slotId}/cancel`, { method: 'POST', body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flashKeys.program(programId) }),
  });
}

/** Booking starts a relationship: the program's flash lists and everything that shows relationships reload. */
export function useBookFlashSlot(programId: string) {
  const queryClient = useQueryClient();
  const invalidateRelationships = useInvalidateRelationships();
  return useMutation({
    mutationFn: ({ slotId, ...input }: FlashBookInput & { slotId: string }) =>
      api<FlashSession>(`/flash/slots/${slotId}/book`, { method: 'POST', body: input }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: flashKeys.program(programId) }),
        invalidateRelationships(),
      ]),
    // A slot someone else just took: the lists show it gone.
    onError: () => queryClient.invalidateQueries({ queryKey: flashKeys.program(programId) }),
  });
}
