import { z } from 'zod';
import {
  actionItem,
  actionItemsPage,
  actionItemsQuery,
  createActionItemInput,
  updateActionItemInput,
} from '../../../contracts/action-items.contracts.ts';
import { idParams } from '../../../contracts/common.ts';
import {
  addAgendaPromptInput,
  createMeetingInput,
  meeting,
  meetingFeedbackInput,
  meetingsPage,
  meetingsQuery,
  updateMeetingInput,
} from '../../../contracts/meetings.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  createActionItem,
  deleteActionItem,
  listActionItems,
  updateActionItem,
} from './action-items.service.ts';
import {
  addAgendaPrompt,
  cancelMeeting,
  createMeeting,
  getMeeting,
  listMeetings,
  markMeeting,
  meetingIcs,
  rateMeeting,
  updateMeeting,
} from './meetings.service.ts';

const tags = ['meetings'];

export const meetingsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/relationships/:id/meetings',
    {
      schema: {
        tags,
        summary: 'The pair’s meetings, upcoming or past',
        params: idParams,
        querystring: meetingsQuery,
        response: { 200: meetingsPage },
      },
    },
    async (request) => listMeetings(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/relationships/:id/meetings',
    {
      schema: {
        tags,
        summary: 'Schedule a meeting (the caller organises it, in their time zone unless another is given)',
        params: idParams,
        body: createMeetingInput,
        response: { 201: meeting },
      },
    },
    async (request, reply) => {
      const created = await createMeeting(ctx, request.actor, request.params.id, request.body);
      return reply.code(201).send(created);
    },
  );
  app.get(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary: 'One meeting, with the caller’s own rating and whether the partner rated',
        params: idParams,
        response: { 200: meeting },
      },
    },
    async (request) => getMeeting(ctx, request.actor, request.params.id),
  );
  app.patch(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary: 'Edit the agenda or title, or reschedule (date, time, duration, zone, place)',
        params: idParams,
        body: updateMeetingInput,
        response: { 200: meeting },
      },
    },
    async (request) => updateMeeting(ctx, request.actor, request.params.id, request.body),
  );
  app.post(
    '/meetings/:id/cancel',
    {
      schema: { tags, summary: 'Cancel a scheduled meeting', params: idParams, response: { 200: meeting } },
    },
    async (request) => cancelMeeting(ctx, request.actor, request.params.id),
  );
  app.post(
    '/meetings/:id/held',
    {
      schema: {
        tags,
        summary: 'Mark a meeting held (after its start)',
        params: idParams,
        response: { 200: meeting },
      },
    },
    async (request) => markMeeting(ctx, request.actor, request.params.id, 'held'),
  );
  app.post(
    '/meetings/:id/no-show',
    {
      schema: {
        tags,
        summary: 'Mark a meeting missed (after its start)',
        params: idParams,
        response: { 200: meeting },
      },
    },
    async (request) => markMeeting(ctx, request.actor, request.params.id, 'no_show'),
  );
  app.get(
    '/meetings/:id/ics',
    {
      schema: {
        tags,
        summary: 'The meeting as an iCalendar invitation (text/calendar), or a cancellation',
        params: idParams,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const { filename, body } = await meetingIcs(ctx, request.actor, request.params.id);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
  app.post(
    '/meetings/:id/agenda/prompts',
    {
      schema: {
        tags,
        summary: 'Append one of the program’s discussion prompts to the agenda',
        params: idParams,
        body: addAgendaPromptInput,
        response: { 200: meeting },
      },
    },
    async (request) => addAgendaPrompt(ctx, request.actor, request.params.id, request.body.resourceId),
  );
  app.post(
    '/meetings/:id/feedback',
    {
      schema: {
        tags,
        summary: 'Rate a held meeting (once; goes to the program, never to the partner)',
        params: idParams,
        body: meetingFeedbackInput,
        response: { 200: meeting },
      },
    },
    async (request) => rateMeeting(ctx, request.actor, request.params.id, request.body),
  );

  app.get(
    '/relationships/:id/action-items',
    {
      schema: {
        tags,
        summary: 'The pair’s action items, open first',
        params: idParams,
        querystring: actionItemsQuery,
        response: { 200: actionItemsPage },
      },
    },
    async (request) => listActionItems(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/relationships/:id/action-items',
    {
      schema: {
        tags,
        summary: 'Add an action item for one of the pair, optionally of a meeting',
        params: idParams,
        body: createActionItemInput,
        response: { 201: actionItem },
      },
    },
    async (request, reply) => {
      const created = await createActionItem(ctx, request.actor, request.params.id, request.body);
      return reply.code(201).send(created);
    },
  );
  app.patch(
    '/action-items/:id',
    {
      schema: {
        tags,
        summary: 'Rename, reassign, re-date or tick off an action item',
        params: idParams,
        body: updateActionItemInput,
        response: { 200: actionItem },
      },
    },
    async (request) => updateActionItem(ctx, request.actor, request.params.id, request.body),
  );
  app.delete(
    '/action-items/:id',
    { schema: { tags, summary: 'Remove an action item', params: idParams } },
    async (request, reply) => {
      await deleteActionItem(ctx, request.actor, request.params.id);
      reply.code(204);
    },
  );
};
