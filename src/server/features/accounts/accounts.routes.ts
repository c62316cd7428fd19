import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  accountSession,
  accountSessionsQuery,
  invitationAccept,
  invitationInfo,
  me,
  passwordChange,
  passwordResetConfirm,
  passwordResetInfo,
  passwordResetRequest,
  setupRequest,
  setupStatus,
  signInRequest,
  tokenParams,
} from '../../../contracts/accounts.contracts.ts';
import { idParams, paginated } from '../../../contracts/common.ts';
import { AppError } from '../../../core/errors.ts';
import type { RoutesPlugin } from '../../app.ts';
import { clearSessionCookie, sessionMetaOf, sessionTokenOf, setSessionCookie } from '../../session-cookie.ts';
import {
  acceptInvitation,
  checkPasswordReset,
  completeSetup,
  confirmPasswordReset,
  getInvitation,
  getMe,
  getSetupStatus,
  requestPasswordReset,
  signIn,
  signOut,
} from './accounts.service.ts';
import { changeMyPassword, endMySession, listMySessions } from './my-account.service.ts';

const noContent = z.void().describe('No content');

/** A limited attempt answers 429 with Retry-After, so clients (and people) know how long to wait. */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') {
      const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
      reply.header('retry-after', String(retryAfterSeconds));
    }
    throw error;
  }
}

export const accountsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/setup',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Whether this instance still needs its first organisation',
        security: [],
        response: { 200: setupStatus },
      },
    },
    async () => getSetupStatus(ctx),
  );

  app.post(
    '/setup',
    {
      schema: {
        tags: ['accounts'],
        summary: 'First run: create the organisation and its admin, and sign in',
        security: [],
        body: setupRequest,
        response: { 201: me },
      },
    },
    async (request, reply) => {
      const { me: profile, token } = await completeSetup(ctx, request.body, sessionMetaOf(request));
      setSessionCookie(reply, token, ctx);
      return reply.status(201).send(profile);
    },
  );

  app.post(
    '/auth/sign-in',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with email and password (sets the session cookie)',
        security: [],
        body: signInRequest,
        response: { 200: me },
      },
    },
    async (request, reply) => {
      const { me: profile, token } = await withRetryAfter(reply, () =>
        signIn(ctx, request.body, sessionMetaOf(request)),
      );
      setSessionCookie(reply, token, ctx);
      return profile;
    },
  );

  app.post(
    '/auth/sign-out',
    {
      schema: { tags: ['accounts'], summary: 'Sign out (ends the session)', response: { 204: noContent } },
    },
    async (request, reply) => {
      await signOut(ctx, sessionTokenOf(request));
      clearSessionCookie(reply, ctx);
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['accounts'], summary: 'The signed-in account', response: { 200: me } } },
    async (request) => getMe(ctx, request.actor),
  );

  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Email a password reset link (always 202, whether or not the account exists)',
        security: [],
        body: passwordResetRequest,
        response: { 202: noContent },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.body);
      return reply.status(202).send();
    },
  );

  app.get(
    '/auth/password-reset/:token',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Whose password a reset link sets: checks the link without using it up',
        security: [],
        params: tokenParams,
        response: { 200: passwordResetInfo },
      },
    },
    async (request, reply) =>
      withRetryAfter(reply, () => checkPasswordReset(ctx, request.params, sessionMetaOf(request))),
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Choose a new password with a reset link (signs the account out everywhere)',
        security: [],
        body: passwordResetConfirm,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await withRetryAfter(reply, () => confirmPasswordReset(ctx, request.body, sessionMetaOf(request)));
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/invitations/:token',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Who an invitation link is for',
        security: [],
        params: tokenParams,
        response: { 200: invitationInfo },
      },
    },
    async (request, reply) =>
      withRetryAfter(reply, () => getInvitation(ctx, request.params, sessionMetaOf(request))),
  );

  app.post(
    '/auth/invitations/accept',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Accept an invitation: choose a password and sign in',
        security: [],
        body: invitationAccept,
        response: { 200: me },
      },
    },
    async (request, reply) => {
      const { me: profile, token } = await withRetryAfter(reply, () =>
        acceptInvitation(ctx, request.body, sessionMetaOf(request)),
      );
      setSessionCookie(reply, token, ctx);
      return profile;
    },
  );

  app.get(
    '/auth/sessions',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Where the signed-in account is signed in (its live sessions), most recently used first',
        querystring: accountSessionsQuery,
        response: { 200: paginated(accountSession) },
      },
    },
    async (request) =>
      listMySessions(ctx, request.actor, { ...request.query, token: sessionTokenOf(request) }),
  );

  app.delete(
    '/auth/sessions/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sign one of your own sessions out (this one too: the cookie is then cleared)',
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const { current } = await endMySession(ctx, request.actor, {
        id: request.params.id,
        token: sessionTokenOf(request),
      });
      if (current) clearSessionCookie(reply, ctx);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Change your password (the current one is required); signs out every other session',
        body: passwordChange,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await withRetryAfter(reply, () =>
        changeMyPassword(
          ctx,
          request.actor,
          { ...request.body, token: sessionTokenOf(request) },
          sessionMetaOf(request),
        ),
      );
      return reply.status(204).send();
    },
  );
};
