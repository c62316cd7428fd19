import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';

const notification = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  readAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type Notification = z.infer<typeof notification>;

export const notificationsQuery = z.strictObject({ ...paginationQuery });
export const notificationsPage = z.object({
  items: z.array(notification),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type NotificationsPage = z.infer<typeof notificationsPage>;
export const markReadRequest = z.strictObject({
  ids: z.array(z.uuid()).max(500).optional().describe('Omit to mark every notification read'),
});
export type MarkReadRequest = z.infer<typeof markReadRequest>;
