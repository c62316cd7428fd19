import {
  markReadRequest,
  notificationsPage,
  notificationsQuery,
} from '../../../contracts/notifications.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { markMyNotificationsRead, myNotifications } from './notifications.service.ts';

export const notificationsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My in-app notifications, newest first',
        querystring: notificationsQuery,
        response: { 200: notificationsPage },
      },
    },
    async (request) => myNotifications(ctx, request.actor, request.query),
  );
  app.post(
    '/notifications/read',
    { schema: { tags: ['notifications'], summary: 'Mark my notifications read', body: markReadRequest } },
    async (request, reply) => {
      await markMyNotificationsRead(ctx, request.actor, request.body);
      return reply.status(204).send();
    },
  );
};
