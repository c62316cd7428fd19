import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateNoteInput,
  Note,
  NotesPage,
  NotesQuery,
  UpdateNoteInput,
} from '../../../../src/contracts/notes.contracts.ts';
import { api } from '../../../lib/api.ts';
import { workspaceKeys } from '../../workspace/api/workspace.api.ts';

const noteKeys = {
  all: ['notes'] as const,
  relationship: (relationshipId: string) => ['notes', relationshipId] as const,
  list: (relationshipId: string, query: NotesQuery) => ['notes', relationshipId, query] as const,
};

export function useNotes(relationshipId: string, query: NotesQuery) {
  return useQuery({
    queryKey: noteKeys.list(relationshipId, query),
    queryFn: ({ signal }) =>
      api<NotesPage>(`/relationships/${relationshipId}/notes`, {
        query: { ...query },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/** Writing, editing and deleting refresh the notes and the workspace (its timeline shows shared notes). */
function useRefresh(relationshipId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: noteKeys.relationship(relationshipId) }),
      queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
    ]);
}

export function useCreateNote(relationshipId: string) {
  const refresh = useRefresh(relationshipId);
  return useMutation({
    mutationFn: (input: CreateNoteInput) =>
      api<Note>(`/relationships/${relationshipId}/notes`, { method: 'POST', body: input }),
    onSuccess: refresh,
  });
}

export function useUpdateNote(relationshipId: string) {
  const refresh = useRefresh(relationshipId);
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateNoteInput }) =>
      api<Note>(`/notes/${id}`, { method: 'PATCH', body: input }),
    onSuccess: refresh,
  });
}

export function useDeleteNote(relationshipId: string) {
  const refresh = useRefresh(relationshipId);
  return useMutation({
    mutationFn: (id: string) => api<void>(`/notes/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
}
