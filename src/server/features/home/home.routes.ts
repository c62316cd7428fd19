import { home, homeQuery } from '../../../contracts/home.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { getHome } from './home.service.ts';

const tags = ['home'];

export const homeRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/home',
    {
      schema: {
        tags,
        summary:
          'The caller’s home: what waits for them, their mentoring, programs they can join and, for staff, what their programs need',
        querystring: homeQuery,
        response: { 200: home },
      },
    },
    async (request) => getHome(ctx, request.actor, request.query),
  );
};
