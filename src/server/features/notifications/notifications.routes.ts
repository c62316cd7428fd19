import {
  messagePreferences,
  unsubscribeParams,
  unsubscribeResult,
  updateMessagePreferencesRequest,
} from '../../../contracts/messages.contracts.ts';
import {
  markReadRequest,
  notificationsPage,
  notificationsQuery,
} from '../../../contracts/notifications.contracts.ts';
import type { RoutesPlugin, ZodApp } from '../../app.ts';
import {
  describeUnsubscribe,
  markMyNotificationsRead,
  myMessagePreferences,
  myNotifications,
  unsubscribe,
  updateMyMessagePreferences,
} from './notifications.service.ts';

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

  app.get(
    '/me/message-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'What I get by email, in the app, or not at all, per kind of message; and my digest',
        response: { 200: messagePreferences },
      },
    },
    async (request) => myMessagePreferences(ctx, request.actor),
  );
  app.put(
    '/me/message-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Change my message preferences (only the categories given change)',
        body: updateMessagePreferencesRequest,
        response: { 200: messagePreferences },
      },
    },
    async (request) => updateMyMessagePreferences(ctx, request.actor, request.body),
  );
  app.get(
    '/unsubscribe/:token',
    {
      schema: {
        tags: ['notifications'],
        summary: 'What a signed unsubscribe link would stop (no sign-in)',
        params: unsubscribeParams,
        response: { 200: unsubscribeResult },
      },
    },
    async (request) => describeUnsubscribe(ctx, request.params.token),
  );
  // RFC 8058 one-click: mail providers POST `List-Unsubscribe=One-Click` as a form; the web page posts JSON.
  // The form parser is scoped to this route only.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, _body, done) => done(null, {}),
    );
    (scope as unknown as ZodApp).post(
      '/unsubscribe/:token',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Stop email of one kind for the person a signed link was made for (one-click, no sign-in)',
          params: unsubscribeParams,
          response: { 200: unsubscribeResult },
        },
      },
      async (request) => unsubscribe(ctx, request.params.token),
    );
  });
};
