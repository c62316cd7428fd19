import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CoordinatorList,
  ProgramClosePreview,
  ProgramDetail,
  ProgramInput,
  ProgramListResponse,
  ProgramStatus,
  ProgramTransitionResult,
  ProgramUpdate,
  Question,
  QuestionInput,
  QuestionList,
} from '../../../../src/contracts/programs.contracts.ts';
import type { SkillList } from '../../../../src/contracts/skills.contracts.ts';
import { api } from '../../../lib/api.ts';
import { homeKeys } from '../../home/api/home.api.ts';

export const programKeys = {
  all: ['programs'] as const,
  list: ['programs', 'list'] as const,
  detail: (id: string) => ['programs', 'detail', id] as const,
  questions: (id: string) => ['programs', 'detail', id, 'questions'] as const,
  coordinators: (id: string) => ['programs', 'detail', id, 'coordinators'] as const,
  closePreview: (id: string) => ['programs', 'detail', id, 'close-preview'] as const,
  skills: ['skills'] as const,
};

/** Every program the caller may see (one page of 200: an organisation runs a handful at a time). */
function fetchPrograms(signal: AbortSignal) {
  return api<ProgramListResponse>('/programs', { query: { pageSize: 200 }, signal }).then(
    (data) => data.items,
  );
}

export function usePrograms() {
  return useQuery({
    queryKey: programKeys.list,
    queryFn: ({ signal }) => fetchPrograms(signal),
  });
}

export function useProgram(id: string) {
  return useQuery({
    queryKey: programKeys.detail(id),
    queryFn: ({ signal }) => api<ProgramDetail>(`/programs/${encodeURIComponent(id)}`, { signal }),
  });
}

/** A program's name, dates or status also show on the home (the programs one can join, what staff must do). */
function useInvalidatePrograms() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: programKeys.all }),
      queryClient.invalidateQueries({ queryKey: homeKeys.all }),
    ]);
}

export function useCreateProgram() {
  const invalidate = useInvalidatePrograms();
  return useMutation({
    mutationFn: (input: ProgramInput) => api<ProgramDetail>('/programs', { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useUpdateProgram(id: string) {
  const invalidate = useInvalidatePrograms();
  return useMutation({
    mutationFn: (input: ProgramUpdate) =>
      api<ProgramDetail>(`/programs/${id}`, { method: 'PATCH', body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteProgram(id: string) {
  const invalidate = useInvalidatePrograms();
  return useMutation({
    mutationFn: () => api<void>(`/programs/${id}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useTransitionProgram(id: string) {
  const invalidate = useInvalidatePrograms();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (to: ProgramStatus) =>
      api<ProgramTransitionResult>(`/programs/${id}/transitions`, { method: 'POST', body: { to } }),
    // Closing ends the program's pairs, requests and waiting enrolments too: everything shown may have changed.
    onSuccess: (_result, to) => (to === 'closed' ? queryClient.invalidateQueries() : invalidate()),
  });
}

/** What closing the program would do (active pairs, open requests, waiting people), read when the dialog opens. */
export function useClosePreview(id: string, enabled: boolean) {
  return useQuery({
    queryKey: programKeys.closePreview(id),
    queryFn: ({ signal }) => api<ProgramClosePreview>(`/programs/${id}/close-preview`, { signal }),
    enabled,
    staleTime: 0,
  });
}

export function useQuestions(programId: string) {
  return useQuery({
    queryKey: programKeys.questions(programId),
    queryFn: ({ signal }) =>
      api<QuestionList>(`/programs/${programId}/questions`, { signal }).then((data) =>
        [...data.items].sort((a, b) => a.position - b.position),
      ),
  });
}

export function useSaveQuestion(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: QuestionInput & { id?: string }) =>
      id
        ? api<Question>(`/programs/${programId}/questions/${id}`, { method: 'PATCH', body: input })
        : api<Question>(`/programs/${programId}/questions`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: programKeys.questions(programId) }),
  });
}

export function useDeleteQuestion(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/programs/${programId}/questions/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: programKeys.questions(programId) }),
  });
}

export function useReorderQuestions(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) =>
      api<QuestionList>(`/programs/${programId}/questions/order`, { method: 'POST', body: { ids } }),
    onMutate: async (ids) => {
      // Show the new order at once; the server's answer replaces it.
      const key = programKeys.questions(programId);
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Question[]>(key);
      if (previous) {
        const byId = new Map(previous.map((question) => [question.id, question]));
        queryClient.setQueryData(
          key,
          ids.flatMap((id, position) => {
            const question = byId.get(id);
            return question ? [{ ...question, position }] : [];
          }),
        );
      }
      return { previous };
    },
    onError: (_error, _ids, context) => {
      if (context?.previous) queryClient.setQueryData(programKeys.questions(programId), context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: programKeys.questions(programId) }),
  });
}

export function useCoordinators(programId: string) {
  return useQuery({
    queryKey: programKeys.coordinators(programId),
    queryFn: ({ signal }) =>
      api<CoordinatorList>(`/programs/${programId}/coordinators`, { signal }).then((data) => data.items),
  });
}

export function useSkills() {
  return useQuery({
    queryKey: programKeys.skills,
    queryFn: ({ signal }) =>
      api<SkillList>('/skills', { query: { pageSize: 200 }, signal }).then((data) => data.items),
    staleTime: 5 * 60_000,
  });
}

export function useAddCoordinator(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      api<CoordinatorList>(`/programs/${programId}/coordinators`, { method: 'POST', body: { userId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: programKeys.coordinators(programId) }),
  });
}

export function useRemoveCoordinator(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      api<void>(`/programs/${programId}/coordinators/${userId}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: programKeys.coordinators(programId) }),
  });
}

/** Whether a member coordinates any program (admins manage them all), to show them the Programs page. */
export function useCoordinatesAnyProgram(enabled: boolean) {
  return useQuery({
    queryKey: programKeys.list,
    queryFn: ({ signal }) => fetchPrograms(signal),
    select: (programs) => programs.some((program) => program.canManage),
    enabled,
    staleTime: 60_000,
  });
}
