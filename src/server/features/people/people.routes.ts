import { errorResponse, idParams } from '../../../contracts/common.ts';
import {
  peopleFacets,
  peopleQuery,
  person,
  personDetail,
  personErased,
  personExport,
  personInput,
  personListResponse,
  personUpdate,
} from '../../../contracts/people.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { deactivatePerson, reactivatePerson } from './leavers.service.ts';
import * as service from './people.service.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const tags = ['people'];

/** The people directory: members read it; admins add, edit, deactivate, erase and export. */
export const peopleRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/people',
    {
      schema: {
        tags,
        summary: 'Search and filter the directory',
        querystring: peopleQuery,
        response: { 200: personListResponse, ...errors },
      },
    },
    async (request) => service.listPeople(ctx, request.actor, request.query),
  );

  app.get(
    '/people/facets',
    {
      schema: {
        tags,
        summary: 'Values for the directory filters',
        response: { 200: peopleFacets, ...errors },
      },
    },
    async (request) => service.getPeopleFacets(ctx, request.actor),
  );

  app.get(
    '/people/:id',
    {
      schema: {
        tags,
        summary: 'One person with their manager chain and direct reports',
        params: idParams,
        response: { 200: personDetail, ...errors },
      },
    },
    async (request) => service.getPerson(ctx, request.actor, request.params.id),
  );

  app.post(
    '/people',
    {
      schema: {
        tags,
        summary: 'Add a person (admin)',
        body: personInput,
        response: { 201: person, 409: errorResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createPerson(ctx, request.actor, request.body)),
  );

  app.patch(
    '/people/:id',
    {
      schema: {
        tags,
        summary: 'Edit a person (admin); a new manager must not create a reporting cycle (409)',
        params: idParams,
        body: personUpdate,
        response: { 200: person, 409: errorResponse, ...errors },
      },
    },
    async (request) => service.updatePerson(ctx, request.actor, request.params.id, request.body),
  );

  app.post(
    '/people/:id/deactivate',
    {
      schema: {
        tags,
        summary:
          'Deactivate a person (admin): kept for history, hidden from the default directory; their account is disabled and signed out',
        params: idParams,
        response: { 200: person, 409: errorResponse, ...errors },
      },
    },
    async (request) => deactivatePerson(ctx, request.actor, request.params.id),
  );

  app.post(
    '/people/:id/reactivate',
    {
      schema: {
        tags,
        summary:
          'Reactivate a deactivated person (admin); their account stays disabled until an admin re-enables it',
        params: idParams,
        response: { 200: person, 409: errorResponse, ...errors },
      },
    },
    async (request) => reactivatePerson(ctx, request.actor, request.params.id),
  );

  app.delete(
    '/people/:id',
    {
      schema: {
        tags,
        summary: 'Erase a person (admin, §10): personal data replaced by placeholders, account deleted',
        params: idParams,
        response: { 200: personErased, 409: errorResponse, ...errors },
      },
    },
    async (request) => service.erasePerson(ctx, request.actor, request.params.id),
  );

  app.get(
    '/people/:id/export',
    {
      schema: {
        tags,
        summary: 'Everything stored about a person, as JSON (admin, §10)',
        params: idParams,
        response: { 200: personExport, ...errors },
      },
    },
    async (request, reply) => {
      const document = await service.exportPerson(ctx, request.actor, request.params.id);
      return reply
        .header('content-disposition', `attachment; filename="person-${document.person.id}.json"`)
        .send(document);
    },
  );
};
