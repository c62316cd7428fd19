import { z } from 'zod';
import { errorResponse, idParams } from '../../../contracts/common.ts';
import {
  coordinatorInput,
  coordinatorList,
  coordinatorParams,
  programClosePreview,
  programDetail,
  programInput,
  programListQuery,
  programListResponse,
  programTransitionInput,
  programTransitionResult,
  programUpdate,
  question,
  questionInput,
  questionList,
  questionOrderInput,
  questionParams,
  questionUpdate,
} from '../../../contracts/programs.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import * as lifecycle from './program-close.service.ts';
import * as questions from './program-questions.service.ts';
import * as service from './programs.service.ts';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const withConflict = { ...errors, 409: errorResponse };
const tags = ['programs'];
const noContent = z.void().describe('No content');

/** Programs, their lifecycle, coordinators and enrolment form. Staff routes authorise in the service. */
export const programsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/programs',
    {
      schema: {
        tags,
        summary: 'Programs the caller can see, with counts',
        querystring: programListQuery,
        response: { 200: programListResponse, ...errors },
      },
    },
    async (request) => service.listPrograms(ctx, request.actor, request.query),
  );

  app.post(
    '/programs',
    {
      schema: {
        tags,
        summary: 'Create a program in draft (admin)',
        body: programInput,
        response: { 201: programDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createProgram(ctx, request.actor, request.body)),
  );

  app.get(
    '/programs/:id',
    {
      schema: {
        tags,
        summary: 'One program with counts, my enrolments and whether I manage it',
        params: idParams,
        response: { 200: programDetail, ...errors },
      },
    },
    async (request) => service.getProgram(ctx, request.actor, request.params.id),
  );

  app.patch(
    '/programs/:id',
    {
      schema: {
        tags,
        summary: 'Edit a program’s settings (staff)',
        params: idParams,
        body: programUpdate,
        response: { 200: programDetail, ...withConflict },
      },
    },
    async (request) => service.updateProgram(ctx, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/programs/:id',
    {
      schema: {
        tags,
        summary: 'Delete a program without relationships (admin)',
        params: idParams,
        response: { 204: noContent, ...withConflict },
      },
    },
    async (request, reply) => {
      await service.deleteProgram(ctx, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/programs/:id/transitions',
    {
      schema: {
        tags,
        summary: 'Move the program along draft → enrolling → matching → running → closed (staff)',
        params: idParams,
        description:
          'Closing ends what is still open: active pairs are completed, proposals and requests withdrawn, waiting enrolments ended (decision 028).',
        body: programTransitionInput,
        response: { 200: programTransitionResult, ...withConflict },
      },
    },
    async (request) => lifecycle.changeProgramStatus(ctx, request.actor, request.params.id, request.body.to),
  );

  app.get(
    '/programs/:id/close-preview',
    {
      schema: {
        tags,
        summary: 'What closing the program would do: active pairs, open requests, waiting enrolments (staff)',
        params: idParams,
        response: { 200: programClosePreview, ...errors },
      },
    },
    async (request) => lifecycle.programClosePreview(ctx, request.actor, request.params.id),
  );

  app.get(
    '/programs/:id/coordinators',
    {
      schema: {
        tags,
        summary: 'The program’s coordinators (staff)',
        params: idParams,
        response: { 200: coordinatorList, ...errors },
      },
    },
    async (request) => service.listCoordinators(ctx, request.actor, request.params.id),
  );

  app.post(
    '/programs/:id/coordinators',
    {
      schema: {
        tags,
        summary: 'Make a user of the organisation a coordinator (admin)',
        params: idParams,
        body: coordinatorInput,
        response: { 200: coordinatorList, ...errors },
      },
    },
    async (request) => service.addCoordinator(ctx, request.actor, request.params.id, request.body.userId),
  );

  app.delete(
    '/programs/:id/coordinators/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a coordinator (admin)',
        params: coordinatorParams,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      await service.removeCoordinator(ctx, request.actor, request.params.id, request.params.userId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/programs/:id/questions',
    {
      schema: {
        tags,
        summary: 'The enrolment form',
        params: idParams,
        response: { 200: questionList, ...errors },
      },
    },
    async (request) => questions.listQuestions(ctx, request.actor, request.params.id),
  );

  app.post(
    '/programs/:id/questions',
    {
      schema: {
        tags,
        summary: 'Add a question to the enrolment form (staff)',
        params: idParams,
        body: questionInput,
        response: { 201: question, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await questions.createQuestion(ctx, request.actor, request.params.id, request.body)),
  );

  app.post(
    '/programs/:id/questions/order',
    {
      schema: {
        tags,
        summary: 'Reorder the enrolment form (staff)',
        params: idParams,
        body: questionOrderInput,
        response: { 200: questionList, ...errors },
      },
    },
    async (request) => questions.reorderQuestions(ctx, request.actor, request.params.id, request.body.ids),
  );

  app.patch(
    '/programs/:id/questions/:questionId',
    {
      schema: {
        tags,
        summary: 'Edit a question (staff)',
        params: questionParams,
        body: questionUpdate,
        response: { 200: question, ...errors },
      },
    },
    async (request) =>
      questions.updateQuestion(
        ctx,
        request.actor,
        request.params.id,
        request.params.questionId,
        request.body,
      ),
  );

  app.delete(
    '/programs/:id/questions/:questionId',
    {
      schema: {
        tags,
        summary: 'Remove a question (staff)',
        params: questionParams,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      await questions.deleteQuestion(ctx, request.actor, request.params.id, request.params.questionId);
      return reply.status(204).send();
    },
  );
};
