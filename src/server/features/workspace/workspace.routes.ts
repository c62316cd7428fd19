import { idParams } from '../../../contracts/common.ts';
import {
  workspaceOverview,
  workspaceTimelinePage,
  workspaceTimelineQuery,
} from '../../../contracts/workspace.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { getWorkspaceOverview, getWorkspaceTimeline } from './workspace.service.ts';

const tags = ['workspace'];

export const workspaceRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/relationships/:id/workspace',
    {
      schema: {
        tags,
        summary:
          'The pair’s workspace at a glance: partner, agreement, goals, meetings, action items, recent notes (the pair only)',
        params: idParams,
        response: { 200: workspaceOverview },
      },
    },
    async (request) => getWorkspaceOverview(ctx, request.actor, request.params.id),
  );
  app.get(
    '/relationships/:id/timeline',
    {
      schema: {
        tags,
        summary: 'The pair’s timeline, newest first: workspace changes and the relationship’s history',
        params: idParams,
        querystring: workspaceTimelineQuery,
        response: { 200: workspaceTimelinePage },
      },
    },
    async (request) => getWorkspaceTimeline(ctx, request.actor, request.params.id, request.query),
  );
};
