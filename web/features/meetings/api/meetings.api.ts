import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ActionItem,
  ActionItemsPage,
  CreateActionItemInput,
  UpdateActionItemInput,
} from '../../../../src/contracts/action-items.contracts.ts';
import type {
  CreateMeetingRequest,
  Meeting,
  MeetingFeedbackRequest,
  MeetingsPage,
  MeetingsQuery,
  UpdateMeetingInput,
} from '../../../../src/contracts/meetings.contracts.ts';
import type { ProgramResourcesPage } from '../../../../src/contracts/resources.contracts.ts';
import { api } from '../../../lib/api.ts';
import { homeKeys } from '../../home/api/home.api.ts';
import { notificationKeys } from '../../notifications/api/notifications.api.ts';
import { workspaceKeys } from '../../workspace/api/workspace.api.ts';

/** The two lists the meetings tab shows (the API also answers `all`). */
type UpcomingOrPast = Exclude<MeetingsQuery['when'], 'all'>;

export const meetingKeys = {
  all: ['meetings'] as const,
  relationship: (relationshipId: string) => ['meetings', relationshipId] as const,
  list: (relationshipId: string, when: UpcomingOrPast) => ['meetings', relationshipId, when] as const,
  actionItems: (relationshipId: string) => ['meetings', relationshipId, 'action-items'] as const,
  prompts: (programId: string) => ['meetings', 'prompts', programId] as const,
};

const PAGE_SIZE = 50;

/** Upcoming meetings (soonest first) or past ones (latest first): the 50 nearest, with `total` for the rest. */
export function useMeetings(relationshipId: string, when: UpcomingOrPast) {
  return useQuery({
    queryKey: meetingKeys.list(relationshipId, when),
    queryFn: ({ signal }) =>
      api<MeetingsPage>(`/relationships/${relationshipId}/meetings`, {
        query: { when, pageSize: PAGE_SIZE },
        signal,
      }),
  });
}

type MeetingAction =
  | { kind: 'create'; input: CreateMeetingRequest }
  | { kind: 'update'; meetingId: string; input: UpdateMeetingInput }
  | { kind: 'cancel' | 'held' | 'no-show'; meetingId: string }
  | { kind: 'add-prompt'; meetingId: string; resourceId: string }
  | { kind: 'rate'; meetingId: string; input: MeetingFeedbackRequest };

function send(relationshipId: string, action: MeetingAction): Promise<Meeting> {
  switch (action.kind) {
    case 'create':
      return api(`/relationships/${relationshipId}/meetings`, { method: 'POST', body: action.input });
    case 'update':
      return api(`/meetings/${action.meetingId}`, { method: 'PATCH', body: action.input });
    case 'cancel':
    case 'held':
    case 'no-show':
      return api(`/meetings/${action.meetingId}/${action.kind}`, { method: 'POST' });
    case 'add-prompt':
      return api(`/meetings/${action.meetingId}/agenda/prompts`, {
        method: 'POST',
        body: { resourceId: action.resourceId },
      });
    case 'rate':
      return api(`/meetings/${action.meetingId}/feedback`, { method: 'POST', body: action.input });
  }
}

function useRefreshWorkspace(relationshipId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: meetingKeys.relationship(relationshipId) }),
      queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
      queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      queryClient.invalidateQueries({ queryKey: homeKeys.all }),
    ]);
}

/** Every change to a meeting: schedule, edit, cancel, mark held or missed, add a prompt, rate. */
export function useMeetingAction(relationshipId: string) {
  const refresh = useRefreshWorkspace(relationshipId);
  return useMutation({
    mutationFn: (action: MeetingAction) => send(relationshipId, action),
    onSuccess: () => refresh(),
  });
}

/** The pair's action items (open first), all of them: a pair keeps a short list. */
export function useActionItems(relationshipId: string) {
  return useQuery({
    queryKey: meetingKeys.actionItems(relationshipId),
    queryFn: ({ signal }) =>
      api<ActionItemsPage>(`/relationships/${relationshipId}/action-items`, {
        query: { status: 'all', pageSize: 200 },
        signal,
      }),
  });
}

type ActionItemAction =
  | { kind: 'create'; input: CreateActionItemInput }
  | { kind: 'update'; id: string; input: UpdateActionItemInput }
  | { kind: 'delete'; id: string };

export function useActionItemAction(relationshipId: string) {
  const refresh = useRefreshWorkspace(relationshipId);
  return useMutation({
    mutationFn: (action: ActionItemAction): Promise<ActionItem | undefined> => {
      switch (action.kind) {
        case 'create':
          return api(`/relationships/${relationshipId}/action-items`, { method: 'POST', body: action.input });
        case 'update':
          return api(`/action-items/${action.id}`, { method: 'PATCH', body: action.input });
        case 'delete':
          return api<undefined>(`/action-items/${action.id}`, { method: 'DELETE' });
      }
    },
    onSuccess: () => refresh(),
  });
}

/** The program's discussion prompts the caller may use (loaded when the picker opens). */
export function usePrompts(programId: string, enabled: boolean) {
  return useQuery({
    queryKey: meetingKeys.prompts(programId),
    enabled,
    queryFn: ({ signal }) =>
      api<ProgramResourcesPage>(`/programs/${programId}/resources`, {
        query: { kind: 'prompt', pageSize: 200 },
        signal,
      }),
  });
}

/** The .ics download link (a plain link: the browser sends the session cookie). */
export function meetingIcsUrl(meetingId: string): string {
  return `/api/meetings/${meetingId}/ics`;
}
