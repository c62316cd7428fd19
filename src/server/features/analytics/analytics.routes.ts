import { z } from 'zod';
import {
  analyticsOverview,
  analyticsSettingsInput,
  analyticsSettingsView,
  programDashboard,
  programDashboardCsvQuery,
  programDashboardQuery,
} from '../../../contracts/analytics.contracts.ts';
import { idParams } from '../../../contracts/common.ts';
import type { RoutesPlugin } from '../../app.ts';
import { sendCsv } from '../../lib/csv-download.ts';
import {
  analyticsOverviewCsv,
  programDashboard as dashboardFor,
  getAnalyticsSettings,
  analyticsOverview as overviewFor,
  programDashboardCsv,
  saveAnalyticsSettingsFor,
} from './analytics.service.ts';

const tags = ['analytics'];

/** The program dashboard and the organisation overview (§8, decision 024). */
export const analyticsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/programs/:id/dashboard',
    {
      schema: {
        tags,
        summary:
          'Staff: the program dashboard for a period and cohort — funnel, matching, monthly activity and satisfaction, goals, resources; small groups suppressed',
        params: idParams,
        querystring: programDashboardQuery,
        response: { 200: programDashboard },
      },
    },
    async (request) => dashboardFor(ctx, request.actor, request.params.id, request.query),
  );
  app.get(
    '/programs/:id/dashboard.csv',
    {
      schema: {
        tags,
        summary:
          'Staff: one table of the program dashboard as a CSV file (audited); suppressed figures read "suppressed"',
        params: idParams,
        querystring: programDashboardCsvQuery,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const file = await programDashboardCsv(ctx, request.actor, request.params.id, request.query);
      return sendCsv(reply, file);
    },
  );
  app.get(
    '/analytics/overview',
    {
      schema: {
        tags,
        summary:
          'Admins: every program’s figures and the organisation’s totals; a coordinator: the programs they run',
        response: { 200: analyticsOverview },
      },
    },
    async (request) => overviewFor(ctx, request.actor),
  );
  app.get(
    '/analytics/overview.csv',
    {
      schema: {
        tags,
        summary:
          'Admins (every program) and coordinators (theirs): the organisation overview as a CSV file (audited); suppressed figures read "suppressed"',
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const file = await analyticsOverviewCsv(ctx, request.actor);
      return sendCsv(reply, file);
    },
  );
  app.get(
    '/analytics/settings',
    {
      schema: {
        tags,
        summary: 'Admin: the smallest group an aggregate may describe',
        response: { 200: analyticsSettingsView },
      },
    },
    async (request) => getAnalyticsSettings(ctx, request.actor),
  );
  app.put(
    '/analytics/settings',
    {
      schema: {
        tags,
        summary: 'Admin: change the smallest group an aggregate may describe (at least 5), audited',
        body: analyticsSettingsInput,
        response: { 200: analyticsSettingsView },
      },
    },
    async (request) => saveAnalyticsSettingsFor(ctx, request.actor, request.body),
  );
};
