import { idParams } from '../../../contracts/common.ts';
import {
  completeRelationshipInput,
  endRelationshipInput,
  myRelationshipsPage,
  myRelationshipsQuery,
  programRelationshipsPage,
  programRelationshipsQuery,
  reassignRelationshipInput,
  reassignResult,
  relationshipDetail,
  relationshipSummary,
} from '../../../contracts/relationships.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  completeRelationship,
  endRelationship,
  getRelationship,
  myRelationships,
  programRelationships,
  reassignRelationship,
} from './relationships.service.ts';

const tags = ['relationships'];

export const relationshipsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/me/relationships',
    {
      schema: {
        tags,
        summary: 'My mentors and mentees, current and past',
        querystring: myRelationshipsQuery,
        response: { 200: myRelationshipsPage },
      },
    },
    async (request) => myRelationships(ctx, request.actor, request.query),
  );
  app.get(
    '/relationships/:id',
    {
      schema: {
        tags,
        summary: 'One relationship with its history (the pair and program staff)',
        params: idParams,
        response: { 200: relationshipDetail },
      },
    },
    async (request) => getRelationship(ctx, request.actor, request.params.id),
  );
  app.post(
    '/relationships/:id/complete',
    {
      schema: {
        tags,
        summary: 'Mark a relationship completed (either side or staff)',
        params: idParams,
        body: completeRelationshipInput.optional(),
        response: { 200: relationshipSummary },
      },
    },
    async (request) => completeRelationship(ctx, request.actor, request.params.id, request.body?.note),
  );
  app.post(
    '/relationships/:id/end',
    {
      schema: {
        tags,
        summary: 'End a relationship early with a reason (either side or staff)',
        params: idParams,
        body: endRelationshipInput,
        response: { 200: relationshipSummary },
      },
    },
    async (request) => endRelationship(ctx, request.actor, request.params.id, request.body.reason),
  );
  app.post(
    '/relationships/:id/reassign',
    {
      schema: {
        tags,
        summary: 'Staff: end a relationship early and pair the mentee with another mentor',
        params: idParams,
        body: reassignRelationshipInput,
        response: { 200: reassignResult },
      },
    },
    async (request) => reassignRelationship(ctx, request.actor, request.params.id, request.body),
  );
  app.get(
    '/programs/:id/relationships',
    {
      schema: {
        tags,
        summary: 'Staff: the program’s relationships, filtered by status',
        params: idParams,
        querystring: programRelationshipsQuery,
        response: { 200: programRelationshipsPage },
      },
    },
    async (request) => programRelationships(ctx, request.actor, request.params.id, request.query),
  );
};
