import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Paginated } from '../../../../src/contracts/common.ts';
import type { MailboxQuery, MailMessage, MailSummary } from '../../../../src/contracts/mailbox.contracts.ts';
import { api } from '../../../lib/api.ts';

export const mailboxKeys = {
  all: ['mailbox'] as const,
  list: (query: Pick<MailboxQuery, 'page' | 'to'>) => ['mailbox', 'list', query] as const,
  detail: (id: string | undefined) => ['mailbox', 'detail', id] as const,
};

export function useMailbox(query: Pick<MailboxQuery, 'page' | 'to'>) {
  return useQuery({
    queryKey: mailboxKeys.list(query),
    queryFn: () => api<Paginated<MailSummary>>('/mailbox', { query: { ...query, pageSize: 25 } }),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}

export function useMailMessage(id: string | undefined) {
  return useQuery({
    queryKey: mailboxKeys.detail(id),
    queryFn: () => api<MailMessage>(`/mailbox/${id}`),
    enabled: Boolean(id),
  });
}
