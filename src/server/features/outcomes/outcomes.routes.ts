import { z } from 'zod';
import { idParams } from '../../../contracts/common.ts';
import {
  diversityQuery,
  diversityReport as diversityReportSchema,
  outcomePrograms as outcomeProgramsSchema,
  outcomesQuery,
  outcomesReport as outcomesReportSchema,
  skillsChangeReport,
} from '../../../contracts/outcomes.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { sendCsv } from '../../lib/csv-download.ts';
import {
  diversityCsv,
  diversityReport,
  outcomePrograms,
  outcomesCsv,
  outcomesReport,
  programSkillsChange,
  programSkillsChangeCsv,
} from './outcomes.service.ts';

const tags = ['outcomes'];

/** Outcomes against comparable non-participants, skills before/after and the diversity view (§8). */
export const outcomesRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/outcomes',
    {
      schema: {
        tags,
        summary:
          'Staff: promotion and retention of participants against comparable people not in mentoring (admins: any program or all; coordinators: their programs)',
        querystring: outcomesQuery,
        response: { 200: outcomesReportSchema },
      },
    },
    async (request) => outcomesReport(ctx, request.actor, request.query),
  );
  app.get(
    '/outcomes.csv',
    {
      schema: {
        tags,
        summary: 'Staff: the outcomes report as a CSV file (audited); formula-like cells are written as text',
        querystring: outcomesQuery,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const file = await outcomesCsv(ctx, request.actor, request.query);
      return sendCsv(reply, file);
    },
  );
  app.get(
    '/outcomes/programs',
    {
      schema: {
        tags,
        summary: 'Staff: the programs the caller may see outcomes of',
        response: { 200: outcomeProgramsSchema },
      },
    },
    async (request) => outcomePrograms(ctx, request.actor),
  );
  app.get(
    '/outcomes/diversity',
    {
      schema: {
        tags,
        summary:
          'Staff: people, participation, matching and unadjusted 12-month outcomes by a self-described group, small groups withheld',
        querystring: diversityQuery,
        response: { 200: diversityReportSchema },
      },
    },
    async (request) => diversityReport(ctx, request.actor, request.query),
  );
  app.get(
    '/outcomes/diversity.csv',
    {
      schema: {
        tags,
        summary:
          'Staff: the diversity view as a CSV file (audited); withheld cells read "suppressed", formula-like cells are written as text',
        querystring: diversityQuery,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => sendCsv(reply, await diversityCsv(ctx, request.actor, request.query)),
  );
  app.get(
    '/programs/:id/skills-change',
    {
      schema: {
        tags,
        summary:
          'Program staff: the mean change of participants’ self-rated skills from the check-in to the closing survey',
        params: idParams,
        response: { 200: skillsChangeReport },
      },
    },
    async (request) => programSkillsChange(ctx, request.actor, request.params.id),
  );
  app.get(
    '/programs/:id/skills-change.csv',
    {
      schema: {
        tags,
        summary:
          'Program staff: the skills before and after as a CSV file (audited); withheld means read "suppressed"',
        params: idParams,
        response: { 200: z.string() },
      },
    },
    async (request, reply) =>
      sendCsv(reply, await programSkillsChangeCsv(ctx, request.actor, request.params.id)),
  );
};
