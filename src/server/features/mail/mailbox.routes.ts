import { idParams, paginated } from '../../../contracts/common.ts';
import { mailboxQuery, mailMessage, mailSummary } from '../../../contracts/mailbox.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { getMailMessage, listMailbox } from './mail.service.ts';

/** The built-in mailbox: every email the organisation sent or kept, for admins (and for instances without SMTP). */
export const mailboxRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/mailbox',
    {
      schema: {
        tags: ['mailbox'],
        summary: 'Outgoing email of the organisation, newest first (admin)',
        querystring: mailboxQuery,
        response: { 200: paginated(mailSummary) },
      },
    },
    async (request) => listMailbox(ctx, request.actor, request.query),
  );

  app.get(
    '/mailbox/:id',
    {
      schema: {
        tags: ['mailbox'],
        summary: 'One email with its bodies (admin)',
        params: idParams,
        response: { 200: mailMessage },
      },
    },
    async (request) => getMailMessage(ctx, request.actor, request.params),
  );
};
