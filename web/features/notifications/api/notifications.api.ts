import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationsPage } from '../../../../src/contracts/notifications.contracts.ts';
import { api } from '../../../lib/api.ts';

export const notificationsKey = ['notifications'] as const;

/** My latest notifications; refreshed every minute so the bell's count stays current. */
export function useNotifications() {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: ({ signal }) => api<NotificationsPage>('/notifications', { query: { pageSize: 20 }, signal }),
    refetchInterval: 60_000,
  });
}

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids?: string[]) =>
      api<void>('/notifications/read', { method: 'POST', body: ids ? { ids } : {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}
