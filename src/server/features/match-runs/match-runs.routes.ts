import { z } from 'zod';
import { errorResponse, idParams } from '../../../contracts/common.ts';
import {
  compareQuery,
  compareResult,
  createMatchRunInput,
  criteriaInput,
  criteriaPreview,
  criteriaView,
  matchRun,
  matchRunList,
  pairExplanation,
  pairParams,
  pairsQuery,
  publishResult,
  runEditInput,
  runGroups,
  runPairList,
  runParams,
} from '../../../contracts/match-runs.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { sendCsv } from '../../lib/csv-download.ts';
import * as service from './match-runs.service.ts';

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};
const tags = ['matching'];

/** Matching criteria, match runs (draft → edits → publish), pairs with explanations, and run comparison (§4). */
export const matchRunsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/programs/:id/criteria',
    {
      schema: {
        tags,
        summary: 'The program’s matching criteria (staff)',
        params: idParams,
        response: { 200: criteriaView, ...errors },
      },
    },
    async (request) => service.getCriteria(ctx, request.actor, request.params.id),
  );

  app.put(
    '/programs/:id/criteria',
    {
      schema: {
        tags,
        summary: 'Set weights, the level gap and the minimum score (staff)',
        params: idParams,
        body: criteriaInput,
        response: { 200: criteriaView, ...errors },
      },
    },
    async (request) => service.updateCriteria(ctx, request.actor, request.params.id, request.body),
  );

  app.post(
    '/programs/:id/criteria/preview',
    {
      schema: {
        tags,
        summary:
          'Score distribution and mentees left without an eligible mentor under criteria not yet saved',
        params: idParams,
        body: criteriaInput,
        response: { 200: criteriaPreview, ...errors },
      },
    },
    async (request) => service.previewCriteria(ctx, request.actor, request.params.id, request.body),
  );

  app.post(
    '/programs/:id/match-runs',
    {
      schema: {
        tags,
        summary: 'Start a match run; it runs as a job and becomes a draft',
        params: idParams,
        body: createMatchRunInput,
        response: { 202: matchRun, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await service.createMatchRun(ctx, request.actor, request.params.id, request.body)),
  );

  app.get(
    '/programs/:id/match-runs',
    {
      schema: {
        tags,
        summary: 'The program’s match runs with their statistics',
        params: idParams,
        response: { 200: matchRunList, ...errors },
      },
    },
    async (request) => service.listMatchRuns(ctx, request.actor, request.params.id),
  );

  app.get(
    '/programs/:id/match-runs/compare',
    {
      schema: {
        tags,
        summary: 'Two runs side by side, and the mentees whose mentor changed',
        params: idParams,
        querystring: compareQuery,
        response: { 200: compareResult, ...errors },
      },
    },
    async (request) => service.compareMatchRuns(ctx, request.actor, request.params.id, request.query),
  );

  app.get(
    '/programs/:id/match-runs/:runId',
    {
      schema: {
        tags,
        summary: 'One run: status, progress while running, statistics',
        params: runParams,
        response: { 200: matchRun, ...errors },
      },
    },
    async (request) => service.getMatchRun(ctx, request.actor, request.params.id, request.params.runId),
  );

  app.get(
    '/programs/:id/match-runs/:runId/pairs',
    {
      schema: {
        tags,
        summary: 'A page of the run’s pairs (one row per mentee, unmatched included)',
        params: runParams,
        querystring: pairsQuery,
        response: { 200: runPairList, ...errors },
      },
    },
    async (request) =>
      service.listRunPairs(ctx, request.actor, request.params.id, request.params.runId, request.query),
  );

  app.get(
    '/programs/:id/match-runs/:runId/groups',
    {
      schema: {
        tags,
        summary:
          'Group programs: the run’s groups (one per mentor) with their mentees, places, cohesion and why, and the mentees left without a group',
        params: runParams,
        response: { 200: runGroups, ...errors },
      },
    },
    async (request) => service.getRunGroups(ctx, request.actor, request.params.id, request.params.runId),
  );

  app.get(
    '/programs/:id/match-runs/:runId/pairs.csv',
    {
      schema: {
        tags,
        summary:
          'The run’s pairs as a CSV file (names, emails, score, status, why); cells a spreadsheet would run as a formula are written as text',
        params: runParams,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const file = await service.exportRunPairs(ctx, request.actor, request.params.id, request.params.runId);
      return sendCsv(reply, file);
    },
  );

  app.get(
    '/programs/:id/match-runs/:runId/pairs/:menteeEnrolmentId/explanation',
    {
      schema: {
        tags,
        summary: 'Why this mentor: each criterion’s points; or why the mentee is unmatched',
        params: pairParams,
        response: { 200: pairExplanation, ...errors },
      },
    },
    async (request) =>
      service.explainRunPair(
        ctx,
        request.actor,
        request.params.id,
        request.params.runId,
        request.params.menteeEnrolmentId,
      ),
  );

  app.post(
    '/programs/:id/match-runs/:runId/edits',
    {
      schema: {
        tags,
        summary: 'Edit a draft: reassign, swap, unmatch, lock or unlock',
        params: runParams,
        body: runEditInput,
        response: { 200: matchRun, ...errors },
      },
    },
    async (request) =>
      service.editMatchRun(ctx, request.actor, request.params.id, request.params.runId, request.body),
  );

  app.post(
    '/programs/:id/match-runs/:runId/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft: relationships start and both people are told (once)',
        params: runParams,
        response: { 200: publishResult, ...errors },
      },
    },
    async (request) => service.publishMatchRun(ctx, request.actor, request.params.id, request.params.runId),
  );
};
