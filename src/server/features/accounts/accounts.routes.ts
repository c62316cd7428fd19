import { z } from 'zod';
import {
  invitationAccept,
  invitationInfo,
  me,
  passwordResetConfirm,
  passwordResetRequest,
  setupRequest,
  setupStatus,
  signInRequest,
  tokenParams,
} from '../../../contracts/accounts.contracts.ts';
import { AppError } from '../../../core/errors.ts';
import type { RoutesPlugin } from '../../app.ts';
import { clearSessionCookie, sessionMetaOf, sessionTokenOf, setSessionCookie } from '../../session-cookie.ts';
import {
  acceptInvitation,
  completeSetup,
  confirmPasswordReset,
  getInvitation,
  getMe,
  getSetupStatus,
  requestPasswordReset,
  signIn,
  signOut,
} from './accounts.service.ts';

const noContent = z.void().describe('No content');

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
      try {
        const { me: profile, token } = await signIn(ctx, request.body, sessionMetaOf(request));
        setSessionCookie(reply, token, ctx);
        return profile;
      } catch (error) {
        if (error instanceof AppError && error.code === 'rate_limited') {
          const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
          reply.header('retry-after', String(retryAfterSeconds));
        }
        throw error;
      }
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
      await confirmPasswordReset(ctx, request.body);
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
    async (request) => getInvitation(ctx, request.params),
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
      const { me: profile, token } = await acceptInvitation(ctx, request.body, sessionMetaOf(request));
      setSessionCookie(reply, token, ctx);
      return profile;
    },
  );
};
