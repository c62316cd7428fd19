import { z } from 'zod';
import { idParams } from '../../../contracts/common.ts';
import {
  completeRelationshipInput,
  endLeaversResult,
  endProgramLeaversInput,
  endRelationshipInput,
  leaverRelationshipsPage,
  leaverRelationshipsQuery,
  myRelationshipsPage,
  myRelationshipsQuery,
  programPairHealthPage,
  programPairHealthQuery,
  programRelationshipsPage,
  programRelationshipsQuery,
  reassignRelationshipInput,
  reassignResult,
  relationshipDetail,
  relationshipSummary,
} from '../../../contracts/relationships.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { sendCsv } from '../../lib/csv-download.ts';
import { programPairHealth, programPairHealthCsv } from './pair-health.service.ts';
import {
  completeRelationship,
  endPersonLeavers,
  endProgramLeavers,
  endRelationship,
  getRelationship,
  myRelationships,
  personLeaverRelationships,
  programLeavers,
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
  app.get(
    '/programs/:id/relationship-health',
    {
      schema: {
        tags,
        summary:
          'Staff: the program’s active pairs with their health (metadata only), sortable by risk, filtered by state',
        params: idParams,
        querystring: programPairHealthQuery,
        response: { 200: programPairHealthPage },
      },
    },
    async (request) => programPairHealth(ctx, request.actor, request.params.id, request.query),
  );
  app.get(
    '/programs/:id/relationships.csv',
    {
      schema: {
        tags,
        summary:
          'Staff: the program’s active pairs and their health as a CSV file (audited); formula-like cells are written as text',
        params: idParams,
        querystring: programPairHealthQuery.pick({ state: true, sort: true }),
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const file = await programPairHealthCsv(ctx, request.actor, request.params.id, request.query);
      return sendCsv(reply, file);
    },
  );
  app.get(
    '/programs/:id/leavers',
    {
      schema: {
        tags,
        summary: 'Staff: the program’s open relationships where one side left the organisation',
        params: idParams,
        querystring: leaverRelationshipsQuery,
        response: { 200: leaverRelationshipsPage },
      },
    },
    async (request) => programLeavers(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/programs/:id/leavers/end',
    {
      schema: {
        tags,
        summary:
          'Staff: end them with the reason “left the organisation” (all, or one person’s); the other side is told',
        params: idParams,
        body: endProgramLeaversInput.optional(),
        response: { 200: endLeaversResult },
      },
    },
    async (request) => endProgramLeavers(ctx, request.actor, request.params.id, request.body ?? {}),
  );
  app.get(
    '/people/:id/leaver-relationships',
    {
      schema: {
        tags,
        summary: 'Admin: the open relationships of a person who left the organisation, in every program',
        params: idParams,
        querystring: leaverRelationshipsQuery,
        response: { 200: leaverRelationshipsPage },
      },
    },
    async (request) => personLeaverRelationships(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/people/:id/leaver-relationships/end',
    {
      schema: {
        tags,
        summary: 'Admin: end them all with the reason “left the organisation”; the other sides are told',
        params: idParams,
        response: { 200: endLeaversResult },
      },
    },
    async (request) => endPersonLeavers(ctx, request.actor, request.params.id),
  );
};
