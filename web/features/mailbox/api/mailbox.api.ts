import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Paginated } from '../../../../src/contracts/common.ts';
import type { mailMessage, mailSummary } from '../../../../src/contracts/mailbox.contracts.ts';
import { api } from '../../../lib/api.ts';

export type MailSummary = z.infer<typeof mailSummary>;
export type MailMessage = z.infer<typeof mailMessage>;

export function useMailbox(query: { page: number; to?: string }) {
  return useQuery({
    queryKey: ['mailbox', 'list', query],
    queryFn: () => api<Paginated<MailSummary>>('/mailbox', { query: { ...query, pageSize: 25 } }),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}

export function useMailMessage(id: string | undefined) {
  return useQuery({
    queryKey: ['mailbox', 'detail', id],
    queryFn: () => api<MailMessage>(`/mailbox/${id}`),
    enabled: Boolean(id),
  });
}
