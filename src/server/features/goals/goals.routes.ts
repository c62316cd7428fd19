import { idParams } from '../../../contracts/common.ts';
import {
  createGoalInput,
  goalChange,
  goalsPage,
  goalsQuery,
  milestoneParams,
  newMilestoneInput,
  updateGoalInput,
  updateMilestoneInput,
} from '../../../contracts/goals.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  addMilestone,
  createGoal,
  deleteGoal,
  deleteMilestone,
  listGoals,
  updateGoal,
  updateMilestone,
} from './goals.service.ts';

const tags = ['goals'];

export const goalsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/relationships/:id/goals',
    {
      schema: {
        tags,
        summary: 'The pair’s goals with milestones and progress, and the caller’s unread celebrations',
        params: idParams,
        querystring: goalsQuery,
        response: { 200: goalsPage },
      },
    },
    async (request) => listGoals(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/relationships/:id/goals',
    {
      schema: {
        tags,
        summary: 'Add a SMART goal, optionally with its first milestones',
        params: idParams,
        body: createGoalInput,
        response: { 201: goalChange },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createGoal(ctx, request.actor, request.params.id, request.body);
    },
  );
  app.patch(
    '/goals/:id',
    {
      schema: {
        tags,
        summary: 'Change a goal: its SMART fields, status or progress',
        params: idParams,
        body: updateGoalInput,
        response: { 200: goalChange },
      },
    },
    async (request) => updateGoal(ctx, request.actor, request.params.id, request.body),
  );
  app.delete(
    '/goals/:id',
    { schema: { tags, summary: 'Remove a goal and its milestones', params: idParams } },
    async (request, reply) => {
      await deleteGoal(ctx, request.actor, request.params.id);
      reply.code(204);
    },
  );
  app.post(
    '/goals/:id/milestones',
    {
      schema: {
        tags,
        summary: 'Add a milestone to a goal',
        params: idParams,
        body: newMilestoneInput,
        response: { 201: goalChange },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return addMilestone(ctx, request.actor, request.params.id, request.body);
    },
  );
  app.patch(
    '/goals/:id/milestones/:milestoneId',
    {
      schema: {
        tags,
        summary: 'Rename, re-date or tick off a milestone',
        params: milestoneParams,
        body: updateMilestoneInput,
        response: { 200: goalChange },
      },
    },
    async (request) =>
      updateMilestone(ctx, request.actor, request.params.id, request.params.milestoneId, request.body),
  );
  app.delete(
    '/goals/:id/milestones/:milestoneId',
    {
      schema: { tags, summary: 'Remove a milestone', params: milestoneParams, response: { 200: goalChange } },
    },
    async (request) => deleteMilestone(ctx, request.actor, request.params.id, request.params.milestoneId),
  );
};
