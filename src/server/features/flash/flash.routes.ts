import { idParams } from '../../../contracts/common.ts';
import {
  flashAvailability,
  flashBookInput,
  flashMentorsPage,
  flashMentorsQuery,
  flashPatternInput,
  flashPatternParams,
  flashSession,
  flashSessionsPage,
  flashSessionsQuery,
  flashSettingsInput,
  flashSlot,
  flashSlotInput,
  flashSummary,
} from '../../../contracts/flash.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  addPattern,
  addSlot,
  bookSlot,
  cancelSlot,
  myAvailability,
  mySessions,
  removePattern,
  saveSettings,
  searchMentors,
  flashSummary as summaryOf,
} from './flash.service.ts';

const tags = ['flash'];

export const flashRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/programs/:id/flash/availability',
    {
      schema: {
        tags,
        summary: 'My flash availability as a mentor: cap, time zone, weekly patterns and upcoming slots',
        params: idParams,
        response: { 200: flashAvailability },
      },
    },
    async (request) => myAvailability(ctx, request.actor, request.params.id),
  );
  app.put(
    '/programs/:id/flash/settings',
    {
      schema: {
        tags,
        summary: 'Set my monthly cap of flash sessions and my time zone (a mentor)',
        params: idParams,
        body: flashSettingsInput,
        response: { 200: flashAvailability },
      },
    },
    async (request) => saveSettings(ctx, request.actor, request.params.id, request.body),
  );
  app.post(
    '/programs/:id/flash/slots',
    {
      schema: {
        tags,
        summary: 'Add a bookable slot (a mentor)',
        params: idParams,
        body: flashSlotInput,
        response: { 201: flashSlot },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addSlot(ctx, request.actor, request.params.id, request.body)),
  );
  app.post(
    '/programs/:id/flash/patterns',
    {
      schema: {
        tags,
        summary: 'Add a weekly pattern, expanded into slots for the next six weeks (a mentor)',
        params: idParams,
        body: flashPatternInput,
        response: { 201: flashAvailability },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addPattern(ctx, request.actor, request.params.id, request.body)),
  );
  app.delete(
    '/programs/:id/flash/patterns/:patternId',
    {
      schema: {
        tags,
        summary: 'Remove a weekly pattern and its open future slots (a mentor)',
        params: flashPatternParams,
        response: { 200: flashAvailability },
      },
    },
    async (request) => removePattern(ctx, request.actor, request.params.id, request.params.patternId),
  );
  app.get(
    '/programs/:id/flash/mentors',
    {
      schema: {
        tags,
        summary: 'Search the flash program’s mentors by skill, with their next open slots in my time zone',
        params: idParams,
        querystring: flashMentorsQuery,
        response: { 200: flashMentorsPage },
      },
    },
    async (request) => searchMentors(ctx, request.actor, request.params.id, request.query),
  );
  app.get(
    '/programs/:id/flash/sessions',
    {
      schema: {
        tags,
        summary: 'My flash sessions in the program, as a mentor or as the one who booked',
        params: idParams,
        querystring: flashSessionsQuery,
        response: { 200: flashSessionsPage },
      },
    },
    async (request) => mySessions(ctx, request.actor, request.params.id, request.query),
  );
  app.get(
    '/programs/:id/flash/summary',
    {
      schema: {
        tags,
        summary: 'Staff: flash sessions held and upcoming, ratings, top topics, mentors with open slots',
        params: idParams,
        response: { 200: flashSummary },
      },
    },
    async (request) => summaryOf(ctx, request.actor, request.params.id),
  );
  app.post(
    '/flash/slots/:id/book',
    {
      schema: {
        tags,
        summary: 'Book a flash session in an open slot, with a topic and what I want from the conversation',
        params: idParams,
        body: flashBookInput,
        response: { 201: flashSession },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await bookSlot(ctx, request.actor, request.params.id, request.body)),
  );
  app.post(
    '/flash/slots/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel one of my open slots (a mentor)',
        params: idParams,
        response: { 200: flashSlot },
      },
    },
    async (request) => cancelSlot(ctx, request.actor, request.params.id),
  );
};
