import { idParams } from '../../../contracts/common.ts';
import {
  answerInfoInput,
  askInfoInput,
  createRequestInput,
  declineRequestInput,
  mentorBrowsePage,
  mentorBrowseQuery,
  myRequestsPage,
  myRequestsQuery,
  requestItem,
  suggestionsResponse,
} from '../../../contracts/requests.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  acceptRequest,
  answerInformationRequest,
  askForInformation,
  createRequest,
  declineRequest,
  myRequests,
  withdrawRequest,
} from './requests.service.ts';
import { browseMentors, suggestionsForMe } from './suggestions.service.ts';

const tags = ['requests'];

export const requestsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/programs/:id/suggestions',
    {
      schema: {
        tags,
        summary: 'My suggested mentors in a self-select program, with why',
        params: idParams,
        response: { 200: suggestionsResponse },
      },
    },
    async (request) => suggestionsForMe(ctx, request.actor, request.params.id),
  );
  app.get(
    '/programs/:id/mentors',
    {
      schema: {
        tags,
        summary: 'Browse the mentors eligible for me in a self-select program',
        params: idParams,
        querystring: mentorBrowseQuery,
        response: { 200: mentorBrowsePage },
      },
    },
    async (request) => browseMentors(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/programs/:id/requests',
    {
      schema: {
        tags,
        summary: 'Ask a mentor to mentor me',
        params: idParams,
        body: createRequestInput,
        response: { 201: requestItem },
      },
    },
    async (request, reply) => {
      const item = await createRequest(ctx, request.actor, request.params.id, request.body);
      return reply.status(201).send(item);
    },
  );
  app.get(
    '/me/requests',
    {
      schema: {
        tags,
        summary: 'My mentoring requests: incoming as a mentor, outgoing as a mentee',
        querystring: myRequestsQuery,
        response: { 200: myRequestsPage },
      },
    },
    async (request) => myRequests(ctx, request.actor, request.query),
  );
  app.post(
    '/requests/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a request (the mentor)',
        params: idParams,
        response: { 200: requestItem },
      },
    },
    async (request) => acceptRequest(ctx, request.actor, request.params.id),
  );
  app.post(
    '/requests/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline a request with a reason (the mentor)',
        params: idParams,
        body: declineRequestInput,
        response: { 200: requestItem },
      },
    },
    async (request) => declineRequest(ctx, request.actor, request.params.id, request.body),
  );
  app.post(
    '/requests/:id/ask-info',
    {
      schema: {
        tags,
        summary: 'Ask the mentee for more information before deciding (the mentor)',
        params: idParams,
        body: askInfoInput,
        response: { 200: requestItem },
      },
    },
    async (request) => askForInformation(ctx, request.actor, request.params.id, request.body.message),
  );
  app.post(
    '/requests/:id/answer',
    {
      schema: {
        tags,
        summary: 'Answer the mentor’s question about my request (the mentee)',
        params: idParams,
        body: answerInfoInput,
        response: { 200: requestItem },
      },
    },
    async (request) => answerInformationRequest(ctx, request.actor, request.params.id, request.body.message),
  );
  app.post(
    '/requests/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw my request (the mentee)',
        params: idParams,
        response: { 200: requestItem },
      },
    },
    async (request) => withdrawRequest(ctx, request.actor, request.params.id),
  );
};
