import { idParams, paginated } from '../../../contracts/common.ts';
import {
  invitationSent,
  inviteRequest,
  passwordResetIssued,
  user,
  usersQuery,
  userUpdate,
} from '../../../contracts/users.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { inviteUser, listUsers, resendInvitation, resetUserPassword, updateUser } from './users.service.ts';

/** Accounts of the organisation, for its admins. */
export const usersRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Accounts of the organisation (admin)',
        querystring: usersQuery,
        response: { 200: paginated(user) },
      },
    },
    async (request) => listUsers(ctx, request.actor, request.query),
  );

  app.post(
    '/users/invitations',
    {
      schema: {
        tags: ['users'],
        summary: 'Invite someone by email to an account; without SMTP, returns the link once (admin)',
        body: inviteRequest,
        response: { 201: invitationSent },
      },
    },
    async (request, reply) => reply.status(201).send(await inviteUser(ctx, request.actor, request.body)),
  );

  app.post(
    '/users/:id/invitation',
    {
      schema: {
        tags: ['users'],
        summary:
          'Send a new invitation link; earlier links stop working; without SMTP, returns it once (admin)',
        params: idParams,
        response: { 200: invitationSent },
      },
    },
    async (request) => resendInvitation(ctx, request.actor, request.params),
  );

  app.post(
    '/users/:id/password-reset',
    {
      schema: {
        tags: ['users'],
        summary:
          "Reset an account's password: signs it out everywhere, tells its owner; the one-time link is emailed (SMTP) or returned once (admin)",
        params: idParams,
        response: { 200: passwordResetIssued },
      },
    },
    async (request) => resetUserPassword(ctx, request.actor, request.params),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: "Change an account's role or status (admin)",
        params: idParams,
        body: userUpdate,
        response: { 200: user },
      },
    },
    async (request) => updateUser(ctx, request.actor, { ...request.body, id: request.params.id }),
  );
};
