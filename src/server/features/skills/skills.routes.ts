import { z } from 'zod';
import { errorResponse, idParams } from '../../../contracts/common.ts';
import { skill, skillInput, skillList } from '../../../contracts/skills.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import * as service from './skills.service.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const tags = ['skills'];
const noContent = z.void().describe('No content');

/** The organisation's skills vocabulary: members read it, admins curate it. */
export const skillsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/skills',
    { schema: { tags, summary: 'The skills vocabulary', response: { 200: skillList, ...errors } } },
    async (request) => service.listSkills(ctx, request.actor),
  );
  app.post(
    '/skills',
    {
      schema: {
        tags,
        summary: 'Add a skill (admin)',
        body: skillInput,
        response: { 201: skill, 409: errorResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createSkill(ctx, request.actor, request.body)),
  );
  app.delete(
    '/skills/:id',
    {
      schema: {
        tags,
        summary: 'Remove a skill (admin)',
        params: idParams,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      await service.deleteSkill(ctx, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
};
