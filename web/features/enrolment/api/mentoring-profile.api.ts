import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  MentoringProfile,
  MentoringProfileInput,
  SavedMentoringProfile,
} from '../../../../src/contracts/mentoring-profiles.contracts.ts';
import { api } from '../../../lib/api.ts';
import { homeKeys } from '../../home/api/home.api.ts';
import { enrolmentKeys } from './enrolment.api.ts';

/** Under the enrolments' keys: enrolling or editing an enrolment (which saves the profile) refreshes it too. */
const mentoringProfileKeys = {
  mine: [...enrolmentKeys.all, 'mentoring-profile'] as const,
};

/** The caller's own mentoring profile (issue 13 §3): what the next enrolment form starts from. */
export function useMyMentoringProfile(enabled = true) {
  return useQuery({
    queryKey: mentoringProfileKeys.mine,
    queryFn: ({ signal }) => api<MentoringProfile>('/me/mentoring-profile', { signal }),
    enabled,
  });
}

/** Save the whole profile; `applyTo` copies it into some of the person's open enrolments as well. */
export function useSaveMentoringProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MentoringProfileInput) =>
      api<SavedMentoringProfile>('/me/mentoring-profile', { method: 'PUT', body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(mentoringProfileKeys.mine, saved.profile);
      // The enrolments it was copied into changed; the home shows what is missing from them.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: enrolmentKeys.all }),
        queryClient.invalidateQueries({ queryKey: homeKeys.all }),
      ]);
    },
  });
}
