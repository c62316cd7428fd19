import { paginated } from '../../../contracts/common.ts';
import { auditEntry, auditQuery } from '../../../contracts/users.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { listAuditLog } from './audit.service.ts';

export const auditRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log of admin actions, newest first (admin)',
        querystring: auditQuery,
        response: { 200: paginated(auditEntry) },
      },
    },
    async (request) => listAuditLog(ctx, request.actor, request.query),
  );
};
