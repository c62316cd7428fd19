import { idParams, paginated } from '../../../contracts/common.ts';
import {
  bulkInvitationPreview,
  bulkInvitationRequest,
  bulkInvitationResult,
  bulkInvitationStatus,
  invitationSent,
  inviteRequest,
  passwordResetIssued,
  pendingInvitations,
  resendInvitationsRequest,
  user,
  usersQuery,
  userUpdate,
} from '../../../contracts/users.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  bulkInvitationStatus as getBulkInvitationStatus,
  pendingInvitationCounts,
  previewBulkInvitations,
  resendPendingInvitations,
  sendBulkInvitations,
} from './bulk-invitations.service.ts';
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
    '/users/invitations/bulk/preview',
    {
      schema: {
        tags: ['users'],
        summary:
          'What inviting a program’s enrolled people, part of the directory or a list of emails would do: who gets an invitation and why the others do not (admin)',
        body: bulkInvitationRequest,
        response: { 200: bulkInvitationPreview },
      },
    },
    async (request) => previewBulkInvitations(ctx, request.actor, request.body),
  );

  app.post(
    '/users/invitations/bulk',
    {
      schema: {
        tags: ['users'],
        summary:
          'Invite everyone of a selection who has no account; many are invited by a background job with progress (admin)',
        body: bulkInvitationRequest,
        response: { 200: bulkInvitationResult },
      },
    },
    async (request) => sendBulkInvitations(ctx, request.actor, request.body),
  );

  app.get(
    '/users/invitations/bulk',
    {
      schema: {
        tags: ['users'],
        summary: 'The latest bulk invitation job of the organisation, with its progress (admin)',
        response: { 200: bulkInvitationStatus },
      },
    },
    async (request) => getBulkInvitationStatus(ctx, request.actor),
  );

  app.get(
    '/users/invitations/pending',
    {
      schema: {
        tags: ['users'],
        summary: 'How many invitations are not accepted yet, and how many of them expired (admin)',
        response: { 200: pendingInvitations },
      },
    },
    async (request) => pendingInvitationCounts(ctx, request.actor),
  );

  app.post(
    '/users/invitations/resend',
    {
      schema: {
        tags: ['users'],
        summary:
          'Send a new invitation to everyone who has not accepted (or only those whose link expired); earlier links stop working (admin)',
        body: resendInvitationsRequest,
        response: { 200: bulkInvitationResult },
      },
    },
    async (request) => resendPendingInvitations(ctx, request.actor, request.body),
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
