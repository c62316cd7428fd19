import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  MarkReadRequest,
  NotificationsPage,
} from '../../../../src/contracts/notifications.contracts.ts';
import { api } from '../../../lib/api.ts';

export const notificationKeys = {
  all: ['notifications'] as const,
};

/** My latest notifications; refreshed every minute so the bell's count stays current. */
export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.all,
    queryFn: ({ signal }) => api<NotificationsPage>('/notifications', { query: { pageSize: 20 }, signal }),
    refetchInterval: 60_000,
  });
}

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids?: MarkReadRequest['ids']) =>
      api<void>('/notifications/read', { method: 'POST', body: ids ? { ids } : {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
