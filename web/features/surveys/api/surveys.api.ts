import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AttentionItem,
  AttentionPage,
  AttentionQuery,
  CheckInInput,
  ClosingInput,
  MySurveys,
  ProgramFeedback,
  RematchRequestInput,
  ResolveAttentionInput,
} from '../../../../src/contracts/surveys.contracts.ts';
import { api } from '../../../lib/api.ts';
import { homeKeys } from '../../home/api/home.api.ts';

export const surveyKeys = {
  all: ['surveys'] as const,
  mine: (relationshipId: string) => ['surveys', 'mine', relationshipId] as const,
  feedback: (programId: string, page: number) => ['surveys', 'feedback', programId, page] as const,
  attention: (programId: string, status: AttentionQuery['status'], page: number) =>
    ['surveys', 'attention', programId, status, page] as const,
};

export function useMySurveys(relationshipId: string) {
  return useQuery({
    queryKey: surveyKeys.mine(relationshipId),
    queryFn: ({ signal }) => api<MySurveys>(`/relationships/${relationshipId}/surveys`, { signal }),
  });
}

type Answer =
  | { kind: 'check-in'; input: CheckInInput }
  | { kind: 'closing'; input: ClosingInput }
  | { kind: 'rematch'; input: RematchRequestInput };

/** Answer a survey or ask for a rematch; the server answers with the caller's surveys as they are now. */
export function useAnswerSurvey(relationshipId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answer: Answer) =>
      api<MySurveys>(
        answer.kind === 'rematch'
          ? `/relationships/${relationshipId}/rematch-request`
          : `/relationships/${relationshipId}/surveys/${answer.kind}`,
        { method: 'POST', body: answer.input },
      ),
    // The home lists a survey to answer.
    onSuccess: (surveys) => {
      queryClient.setQueryData(surveyKeys.mine(relationshipId), surveys);
      return queryClient.invalidateQueries({ queryKey: homeKeys.all });
    },
  });
}

export function useProgramFeedback(programId: string, page: number, pageSize = 10) {
  return useQuery({
    queryKey: surveyKeys.feedback(programId, page),
    queryFn: ({ signal }) =>
      api<ProgramFeedback>(`/programs/${programId}/feedback`, { query: { page, pageSize }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useProgramAttention(programId: string, status: AttentionQuery['status'], page: number) {
  return useQuery({
    queryKey: surveyKeys.attention(programId, status, page),
    queryFn: ({ signal }) =>
      api<AttentionPage>(`/programs/${programId}/attention`, {
        query: { status, page, pageSize: 10 },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useResolveAttention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: ResolveAttentionInput & { id: string }) =>
      api<AttentionItem>(`/survey-responses/${id}/resolve`, { method: 'POST', body: note ? { note } : {} }),
    // The staff's home lists rematch requests and poor check-ins to deal with.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: surveyKeys.all }),
        queryClient.invalidateQueries({ queryKey: homeKeys.all }),
      ]),
  });
}

export const fitLabels = ['', 'Not a good fit', 'Not really', 'Unsure', 'Good fit', 'Great fit'];
export const overallLabels = ['', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'];
