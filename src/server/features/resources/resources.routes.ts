import { z } from 'zod';
import { idParams } from '../../../contracts/common.ts';
import {
  createResourceInput,
  programResource,
  programResourcesPage,
  programResourcesQuery,
  updateResourceInput,
} from '../../../contracts/resources.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  createProgramResource,
  deleteProgramResource,
  listProgramResources,
  setResourceCompletion,
  updateProgramResource,
} from './resources.service.ts';

const tags = ['resources'];

export const resourcesRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/programs/:id/resources',
    {
      schema: {
        tags,
        summary:
          'The program’s library: staff see everything with completion counts, participants what is meant for them',
        params: idParams,
        querystring: programResourcesQuery,
        response: { 200: programResourcesPage },
      },
    },
    async (request) => listProgramResources(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/programs/:id/resources',
    {
      schema: {
        tags,
        summary: 'Staff: add a guide, discussion prompt or training module (Markdown and/or a link)',
        params: idParams,
        body: createResourceInput,
        response: { 201: programResource },
      },
    },
    async (request, reply) => {
      const created = await createProgramResource(ctx, request.actor, request.params.id, request.body);
      return reply.status(201).send(created);
    },
  );
  app.patch(
    '/resources/:id',
    {
      schema: {
        tags,
        summary: 'Staff: edit a resource of the library',
        params: idParams,
        body: updateResourceInput,
        response: { 200: programResource },
      },
    },
    async (request) => updateProgramResource(ctx, request.actor, request.params.id, request.body),
  );
  app.delete(
    '/resources/:id',
    {
      schema: {
        tags,
        summary: 'Staff: remove a resource (and everyone’s completion of it)',
        params: idParams,
        response: { 204: z.void().describe('No content') },
      },
    },
    async (request, reply) => {
      await deleteProgramResource(ctx, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/resources/:id/completion',
    {
      schema: {
        tags,
        summary: 'Mark a resource done for yourself',
        params: idParams,
        response: { 200: programResource },
      },
    },
    async (request) => setResourceCompletion(ctx, request.actor, request.params.id, true),
  );
  app.delete(
    '/resources/:id/completion',
    {
      schema: {
        tags,
        summary: 'Mark a resource not done for yourself',
        params: idParams,
        response: { 200: programResource },
      },
    },
    async (request) => setResourceCompletion(ctx, request.actor, request.params.id, false),
  );
};
