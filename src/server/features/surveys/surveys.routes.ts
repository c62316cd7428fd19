import { idParams } from '../../../contracts/common.ts';
import {
  attentionItem,
  attentionPage,
  attentionQuery,
  checkInInput,
  closingInput,
  mySurveys,
  programFeedback,
  programFeedbackQuery,
  rematchRequestInput,
  resolveAttentionInput,
} from '../../../contracts/surveys.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  getMySurveys,
  programFeedback as getProgramFeedback,
  programAttention,
  requestRematch,
  resolveAttention,
  submitCheckIn,
  submitClosing,
} from './surveys.service.ts';

const tags = ['surveys'];

export const surveysRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/relationships/:id/surveys',
    {
      schema: {
        tags,
        summary:
          'The caller’s check-in, closing survey and rematch request in their relationship (the pair only)',
        params: idParams,
        response: { 200: mySurveys },
      },
    },
    async (request) => getMySurveys(ctx, request.actor, request.params.id),
  );
  app.post(
    '/relationships/:id/surveys/check-in',
    {
      schema: {
        tags,
        summary: 'Answer the check-in: is this a good fit? (once, while the relationship is active)',
        params: idParams,
        body: checkInInput,
        response: { 201: mySurveys },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await submitCheckIn(ctx, request.actor, request.params.id, request.body)),
  );
  app.post(
    '/relationships/:id/surveys/closing',
    {
      schema: {
        tags,
        summary: 'Answer the closing survey with NPS (once, after the relationship is completed or ended)',
        params: idParams,
        body: closingInput,
        response: { 201: mySurveys },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await submitClosing(ctx, request.actor, request.params.id, request.body)),
  );
  app.post(
    '/relationships/:id/rematch-request',
    {
      schema: {
        tags,
        summary:
          'Ask program staff for another mentor or mentee (once, while active; the partner is not told)',
        params: idParams,
        body: rematchRequestInput,
        response: { 201: mySurveys },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requestRematch(ctx, request.actor, request.params.id, request.body)),
  );
  app.get(
    '/programs/:id/feedback',
    {
      schema: {
        tags,
        summary:
          'Staff: meeting ratings, check-in and closing results, NPS, and the comments shared with staff',
        params: idParams,
        querystring: programFeedbackQuery,
        response: { 200: programFeedback },
      },
    },
    async (request) => getProgramFeedback(ctx, request.actor, request.params.id, request.query),
  );
  app.get(
    '/programs/:id/attention',
    {
      schema: {
        tags,
        summary: 'Staff: check-ins with a poor fit or a rematch wish, and rematch requests',
        params: idParams,
        querystring: attentionQuery,
        response: { 200: attentionPage },
      },
    },
    async (request) => programAttention(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/survey-responses/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Staff: mark a flagged answer or rematch request as dealt with',
        params: idParams,
        body: resolveAttentionInput.nullish(),
        response: { 200: attentionItem },
      },
    },
    async (request) => resolveAttention(ctx, request.actor, request.params.id, request.body ?? {}),
  );
};
