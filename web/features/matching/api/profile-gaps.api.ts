import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ProfileGapsQuery,
  ProfileGapsResponse,
  ProfileRemindersInput,
  ProfileRemindersResult,
} from '../../../../src/contracts/mentoring-profiles.contracts.ts';
import { api } from '../../../lib/api.ts';

/** Thin profiles before a run (issue 13 §4), under the program's detail keys. */
const profileGapKeys = {
  all: (programId: string) => ['programs', 'detail', programId, 'profile-gaps'] as const,
  list: (programId: string, query: Partial<ProfileGapsQuery>) =>
    [...profileGapKeys.all(programId), query] as const,
};

export function useProfileGaps(programId: string, query: Partial<ProfileGapsQuery>) {
  return useQuery({
    queryKey: profileGapKeys.list(programId, query),
    queryFn: ({ signal }) =>
      api<ProfileGapsResponse>(`/programs/${programId}/profile-gaps`, { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useRemindProfileGaps(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProfileRemindersInput) =>
      api<ProfileRemindersResult>(`/programs/${programId}/profile-gaps/reminders`, {
        method: 'POST',
        body: input,
      }),
    // Who was reminded and when is part of the list.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileGapKeys.all(programId) }),
  });
}
