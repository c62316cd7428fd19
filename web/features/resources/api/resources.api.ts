import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateResourceInput,
  ProgramResource,
  ProgramResourcesPage,
  ResourceAudience,
  ResourceKind,
  UpdateResourceInput,
} from '../../../../src/contracts/resources.contracts.ts';
import { api } from '../../../lib/api.ts';

const resourceKeys = {
  all: ['resources'] as const,
  program: (programId: string, kind?: ResourceKind) =>
    ['resources', 'program', programId, kind ?? 'all'] as const,
};

export const resourceKindLabel: Record<ResourceKind, string> = {
  guide: 'Guides',
  prompt: 'Discussion prompts',
  training: 'Mentor training',
};
export const resourceKindSingular: Record<ResourceKind, string> = {
  guide: 'Guide',
  prompt: 'Discussion prompt',
  training: 'Training module',
};
export const resourceAudienceLabel: Record<ResourceAudience, string> = {
  both: 'Everyone',
  mentor: 'Mentors',
  mentee: 'Mentees',
};

/**
 * The program's library as the caller sees it (staff: everything with counts; participants: what is meant for
 * them). Libraries are small, so one page of 200 holds them; `kind=prompt` serves the agenda prompt picker.
 */
export function useProgramResources(programId: string | null, kind?: ResourceKind) {
  return useQuery({
    queryKey: resourceKeys.program(programId ?? '', kind),
    queryFn: ({ signal }) =>
      api<ProgramResourcesPage>(`/programs/${programId}/resources`, {
        query: { pageSize: 200, kind },
        signal,
      }),
    enabled: Boolean(programId),
  });
}

export function useSaveResource(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: CreateResourceInput | UpdateResourceInput }) =>
      id
        ? api<ProgramResource>(`/resources/${id}`, { method: 'PATCH', body: input })
        : api<ProgramResource>(`/programs/${programId}/resources`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: resourceKeys.all }),
  });
}

export function useDeleteResource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/resources/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: resourceKeys.all }),
  });
}

/** Mark a resource done or not, for the caller. */
export function useResourceCompletion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, done }: { id: string; done: boolean }) =>
      api<ProgramResource>(`/resources/${id}/completion`, { method: done ? 'POST' : 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: resourceKeys.all }),
  });
}
