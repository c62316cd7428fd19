import { idParams } from '../../../contracts/common.ts';
import {
  programMessageSettingsResponse,
  scheduledMessagesPage,
  scheduledMessagesQuery,
  sentMessagesPage,
  sentMessagesQuery,
  updateProgramMessageSettingsRequest,
} from '../../../contracts/messages.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  getProgramMessageSettings,
  listScheduledMessages,
  listSentMessages,
  updateProgramMessageSettings,
} from './nudges.service.ts';

const tags = ['messages'];

/** A program's reminders and nudges (issue 11): its staff change them and see what goes out. */
export const nudgesRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/programs/:id/message-settings',
    {
      schema: {
        tags,
        summary: 'Staff: the program’s reminders and nudges, with their values, defaults and pauses',
        params: idParams,
        response: { 200: programMessageSettingsResponse },
      },
    },
    async (request) => getProgramMessageSettings(ctx, request.actor, request.params.id),
  );
  app.put(
    '/programs/:id/message-settings',
    {
      schema: {
        tags,
        summary:
          'Staff: change the fields given (a value equal to its default clears the override) and the paused kinds; a kind switched off has its scheduled messages cancelled (audited)',
        params: idParams,
        body: updateProgramMessageSettingsRequest,
        response: { 200: programMessageSettingsResponse },
      },
    },
    async (request) => updateProgramMessageSettings(ctx, request.actor, request.params.id, request.body),
  );
  app.get(
    '/programs/:id/messages/scheduled',
    {
      schema: {
        tags,
        summary:
          'Staff: reminders and nudges scheduled in the next 30 days, soonest first, with why and whether paused',
        params: idParams,
        querystring: scheduledMessagesQuery,
        response: { 200: scheduledMessagesPage },
      },
    },
    async (request) => listScheduledMessages(ctx, request.actor, request.params.id, request.query),
  );
  app.get(
    '/programs/:id/messages/sent',
    {
      schema: {
        tags,
        summary:
          'Staff: the emails sent, held or failed about the program, newest first (never their bodies)',
        params: idParams,
        querystring: sentMessagesQuery,
        response: { 200: sentMessagesPage },
      },
    },
    async (request) => listSentMessages(ctx, request.actor, request.params.id, request.query),
  );
};
