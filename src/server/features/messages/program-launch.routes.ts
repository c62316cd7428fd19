import { errorResponse, idParams } from '../../../contracts/common.ts';
import {
  launchEmailPreview,
  launchEmailRequest,
  launchEmailResult,
  launchEmailSummary,
  launchPreviewRequest,
} from '../../../contracts/program-launch.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  launchEmailSummary as getSummary,
  previewLaunchEmail,
  sendLaunchEmail,
} from './program-launch.service.ts';

const tags = ['messages'];
const errors = { 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

/** A program's launch email: its staff tell an audience they pick that enrolment is open (issue 13 §1). */
export const programLaunchRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/programs/:id/launch-email',
    {
      schema: {
        tags,
        summary:
          'Whether the program’s launch email went out, to how many people, and its latest background send (staff)',
        params: idParams,
        response: { 200: launchEmailSummary, ...errors },
      },
    },
    async (request) => getSummary(ctx, request.actor, request.params.id),
  );

  app.post(
    '/programs/:id/launch-email/preview',
    {
      schema: {
        tags,
        summary:
          'How many people of an audience (everyone, departments and levels, a list of emails) the launch email would reach, and why the others not (staff)',
        params: idParams,
        body: launchPreviewRequest,
        response: { 200: launchEmailPreview, ...errors },
      },
    },
    async (request) => previewLaunchEmail(ctx, request.actor, request.params.id, request.body),
  );

  app.post(
    '/programs/:id/launch-email',
    {
      schema: {
        tags,
        summary:
          'Tell an audience that enrolment is open, with a link to enrol; once per person unless sent again on purpose; large audiences in the background (staff)',
        params: idParams,
        body: launchEmailRequest,
        response: { 200: launchEmailResult, ...errors },
      },
    },
    async (request) => sendLaunchEmail(ctx, request.actor, request.params.id, request.body),
  );
};
