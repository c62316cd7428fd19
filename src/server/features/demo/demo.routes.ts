import { demoSetupResponse } from '../../../contracts/accounts.contracts.ts';
import { errorResponse } from '../../../contracts/common.ts';
import type { RoutesPlugin } from '../../app.ts';
import { sessionMetaOf, setSessionCookie } from '../../session-cookie.ts';
import { setupDemo } from './demo.service.ts';

export const demoRoutes: RoutesPlugin = (app, ctx) => {
  app.post(
    '/setup/demo',
    {
      schema: {
        tags: ['setup'],
        summary:
          'First run: create a demo organisation of 360 people and sign its admin in (409 once set up)',
        response: { 201: demoSetupResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const { token, response } = await setupDemo(ctx, sessionMetaOf(request));
      setSessionCookie(reply, token, ctx);
      return reply.status(201).send(response);
    },
  );
};
