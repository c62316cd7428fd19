import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CompareResult,
  CreateMatchRunInput,
  CriteriaInput,
  CriteriaPreview,
  CriteriaView,
  MatchMode,
  MatchRun,
  MatchRunList,
  PairExplanation,
  PairsQuery,
  PublishResult,
  RunEditInput,
  RunGroups,
  RunPairList,
} from '../../../../src/contracts/match-runs.contracts.ts';
import { api } from '../../../lib/api.ts';
import { enrolmentKeys } from '../../enrolment/api/enrolment.api.ts';
import { useInvalidateRelationships } from '../../relationships/api/relationships.api.ts';

const matchingKeys = {
  criteria: (programId: string) => ['programs', 'detail', programId, 'criteria'] as const,
  preview: (programId: string, input: CriteriaInput) =>
    ['programs', 'detail', programId, 'preview', input] as const,
  runs: (programId: string) => ['programs', 'detail', programId, 'runs'] as const,
  run: (programId: string, runId: string) => ['programs', 'detail', programId, 'runs', runId] as const,
  pairs: (programId: string, runId: string, query: Partial<PairsQuery>) =>
    ['programs', 'detail', programId, 'runs', runId, 'pairs', query] as const,
  groups: (programId: string, runId: string) =>
    ['programs', 'detail', programId, 'runs', runId, 'groups'] as const,
  explanation: (programId: string, runId: string, menteeEnrolmentId: string) =>
    ['programs', 'detail', programId, 'runs', runId, 'explanation', menteeEnrolmentId] as const,
  compare: (programId: string, a: string, b: string, page: number) =>
    ['programs', 'detail', programId, 'compare', a, b, page] as const,
};

export function useCriteria(programId: string) {
  return useQuery({
    queryKey: matchingKeys.criteria(programId),
    queryFn: ({ signal }) => api<CriteriaView>(`/programs/${programId}/criteria`, { signal }),
  });
}

export function useSaveCriteria(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CriteriaInput) =>
      api<CriteriaView>(`/programs/${programId}/criteria`, { method: 'PUT', body: input }),
    onSuccess: (saved) => queryClient.setQueryData(matchingKeys.criteria(programId), saved),
  });
}

export function useCriteriaPreview(programId: string, input: CriteriaInput | null) {
  return useQuery({
    queryKey: matchingKeys.preview(programId, input ?? {}),
    queryFn: ({ signal }) =>
      api<CriteriaPreview>(`/programs/${programId}/criteria/preview`, {
        method: 'POST',
        body: input,
        signal,
      }),
    enabled: input !== null,
    placeholderData: keepPreviousData,
  });
}

export function useMatchRuns(programId: string) {
  return useQuery({
    queryKey: matchingKeys.runs(programId),
    queryFn: ({ signal }) =>
      api<MatchRunList>(`/programs/${programId}/match-runs`, { signal }).then((data) => data.items),
    // Poll while a run is queued or running.
    refetchInterval: (query) =>
      query.state.data?.some((run) => run.status === 'queued' || run.status === 'running') ? 700 : false,
  });
}

export function useMatchRun(programId: string, runId: string) {
  return useQuery({
    queryKey: matchingKeys.run(programId, runId),
    queryFn: ({ signal }) => api<MatchRun>(`/programs/${programId}/match-runs/${runId}`, { signal }),
    refetchInterval: (query) =>
      query.state.data?.status === 'queued' || query.state.data?.status === 'running' ? 700 : false,
  });
}

export function useStartRun(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateMatchRunInput) =>
      api<MatchRun>(`/programs/${programId}/match-runs`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: matchingKeys.runs(programId) }),
  });
}

export function useRunPairs(programId: string, runId: string, query: Partial<PairsQuery>, enabled = true) {
  return useQuery({
    queryKey: matchingKeys.pairs(programId, runId, query),
    queryFn: ({ signal }) =>
      api<RunPairList>(`/programs/${programId}/match-runs/${runId}/pairs`, { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A group program's run as groups (refreshed with the run: its key sits under the run's). */
export function useRunGroups(programId: string, runId: string, enabled = true) {
  return useQuery({
    queryKey: matchingKeys.groups(programId, runId),
    queryFn: ({ signal }) => api<RunGroups>(`/programs/${programId}/match-runs/${runId}/groups`, { signal }),
    enabled,
  });
}

export function usePairExplanation(programId: string, runId: string, menteeEnrolmentId: string) {
  return useQuery({
    queryKey: matchingKeys.explanation(programId, runId, menteeEnrolmentId),
    queryFn: ({ signal }) =>
      api<PairExplanation>(
        `/programs/${programId}/match-runs/${runId}/pairs/${menteeEnrolmentId}/explanation`,
        { signal },
      ),
  });
}

export function useEditRun(programId: string, runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RunEditInput) =>
      api<MatchRun>(`/programs/${programId}/match-runs/${runId}/edits`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: matchingKeys.run(programId, runId) }),
  });
}

export function usePublishRun(programId: string, runId: string) {
  const queryClient = useQueryClient();
  const invalidateRelationships = useInvalidateRelationships();
  return useMutation({
    mutationFn: () =>
      api<PublishResult>(`/programs/${programId}/match-runs/${runId}/publish`, { method: 'POST', body: {} }),
    // Publishing starts relationships and changes the mentees' enrolments (and the program, its runs).
    onSuccess: () =>
      Promise.all([
        invalidateRelationships(),
        queryClient.invalidateQueries({ queryKey: enrolmentKeys.all }),
      ]),
  });
}

export function useCompareRuns(programId: string, a: string | null, b: string | null, page: number) {
  return useQuery({
    queryKey: matchingKeys.compare(programId, a ?? '', b ?? '', page),
    queryFn: ({ signal }) =>
      api<CompareResult>(`/programs/${programId}/match-runs/compare`, { query: { a, b, page }, signal }),
    enabled: Boolean(a && b && a !== b),
    placeholderData: keepPreviousData,
  });
}

export const criterionLabel: Record<string, string> = {
  skills: 'Skills',
  goals: 'Career goals',
  function: 'Target function',
  learningStyle: 'Learning style',
  seniority: 'Seniority gap',
  timeZone: 'Time zone overlap',
  language: 'Shared language',
  department: 'Department preference',
  answers: 'Custom answers',
  preference: 'Stated preferences',
};
export const criterionHelp: Record<string, string> = {
  skills: 'Skills the mentee wants that the mentor offers',
  goals: 'How close the mentee’s goals are to what the mentor can help with',
  function: 'The mentor works in the function the mentee aims for',
  learningStyle: 'Learning styles fit',
  seniority: 'The level gap suits the program type',
  timeZone: 'Working hours overlap',
  language: 'They share a language',
  department: 'Same or different department, as the mentee prefers',
  answers: 'Same answers to the form’s matching questions',
  preference: 'The mentee named this mentor as preferred',
};
export const matchModeLabel: Record<MatchMode, string> = {
  optimal: 'Best total score',
  participation: 'Most people matched',
  fair: 'Fairest (lowest score first)',
  stable: 'Stable (mentee-proposing)',
};
export const matchModeHelp: Record<MatchMode, string> = {
  optimal: 'The highest sum of pair scores under mentor capacities — the usual choice',
  participation: 'Match as many mentees as possible first, then maximise the score',
  fair: 'Raise the weakest pair first, then the total',
  stable: 'No mentee and mentor would both rather be together than with their match',
};
export const unmatchedReasonLabel: Record<string, string> = {
  no_eligible_mentor: 'No eligible mentor',
  capacity: 'Mentor capacity taken',
  capacity_taken: 'Mentor capacity taken',
  mentors_at_capacity: 'Every eligible mentor is full',
  below_minimum_score: 'Below the minimum score',
  unmatched_by_edit: 'Unmatched by an admin',
  unmatched_by_admin: 'Unmatched by an admin',
  not_selected: 'Not selected by the solver',
};

/** A reason code from a pair's `reason` (a string, or an object with `code`). */
function reasonCode(reason: unknown): string | null {
  if (!reason) return null;
  if (typeof reason === 'string') return reason;
  if (
    typeof reason === 'object' &&
    'code' in reason &&
    typeof (reason as { code: unknown }).code === 'string'
  )
    return (reason as { code: string }).code;
  return null;
}

export function reasonText(reason: unknown): string {
  const code = reasonCode(reason);
  if (!code) return 'Unmatched';
  return unmatchedReasonLabel[code] ?? code.replaceAll('_', ' ');
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : score.toFixed(1);
}
