import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateGoalRequest,
  GoalChange,
  GoalsPage,
  NewMilestoneInput,
  UpdateGoalInput,
  UpdateMilestoneInput,
} from '../../../../src/contracts/goals.contracts.ts';
import { api } from '../../../lib/api.ts';
import { notificationKeys } from '../../notifications/api/notifications.api.ts';
import { workspaceKeys } from '../../workspace/api/workspace.api.ts';

const goalKeys = {
  list: (relationshipId: string) => ['goals', relationshipId] as const,
};

/** The pair's goals (up to 100, the most a pair keeps) and the caller's unread celebrations. */
export function useGoals(relationshipId: string) {
  return useQuery({
    queryKey: goalKeys.list(relationshipId),
    queryFn: ({ signal }) =>
      api<GoalsPage>(`/relationships/${relationshipId}/goals`, { query: { pageSize: 100 }, signal }),
  });
}

type GoalAction =
  | { kind: 'create'; input: CreateGoalRequest }
  | { kind: 'update'; goalId: string; input: UpdateGoalInput }
  | { kind: 'add-milestone'; goalId: string; input: NewMilestoneInput }
  | { kind: 'update-milestone'; goalId: string; milestoneId: string; input: UpdateMilestoneInput }
  | { kind: 'delete-milestone'; goalId: string; milestoneId: string };

function send(relationshipId: string, action: GoalAction): Promise<GoalChange> {
  switch (action.kind) {
    case 'create':
      return api(`/relationships/${relationshipId}/goals`, { method: 'POST', body: action.input });
    case 'update':
      return api(`/goals/${action.goalId}`, { method: 'PATCH', body: action.input });
    case 'add-milestone':
      return api(`/goals/${action.goalId}/milestones`, { method: 'POST', body: action.input });
    case 'update-milestone':
      return api(`/goals/${action.goalId}/milestones/${action.milestoneId}`, {
        method: 'PATCH',
        body: action.input,
      });
    case 'delete-milestone':
      return api(`/goals/${action.goalId}/milestones/${action.milestoneId}`, { method: 'DELETE' });
  }
}

/** Every change to a goal or its milestones; the result says whether to celebrate. */
export function useGoalAction(relationshipId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: GoalAction) => send(relationshipId, action),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: goalKeys.list(relationshipId) }),
        queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}

export function useDeleteGoal(relationshipId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (goalId: string) => api<void>(`/goals/${goalId}`, { method: 'DELETE' }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: goalKeys.list(relationshipId) }),
        queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
      ]),
  });
}

/** Dismiss celebration cards: marks their notifications read. */
export function useDismissCelebrations(relationshipId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => api<void>('/notifications/read', { method: 'POST', body: { ids } }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: goalKeys.list(relationshipId) }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}
