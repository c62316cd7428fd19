import { errorResponse, idParams } from '../../../contracts/common.ts';
import {
  mentoringProfile,
  mentoringProfileInput,
  profileGapsQuery,
  profileGapsResponse,
  profileRemindersInput,
  profileRemindersResult,
  savedMentoringProfile,
} from '../../../contracts/mentoring-profiles.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import * as profiles from './mentoring-profiles.service.ts';
import * as gaps from './profile-gaps.service.ts';

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};
const tags = ['enrolments'];

/** A person's own mentoring profile (issue 13 §3) and, for program staff, thin profiles before a run (§4). */
export const mentoringProfilesRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/me/mentoring-profile',
    {
      schema: {
        tags,
        summary: 'Your mentoring profile, prefilled into your next enrolment',
        response: { 200: mentoringProfile, ...errors },
      },
    },
    async (request) => profiles.getMyMentoringProfile(ctx, request.actor),
  );

  app.put(
    '/me/mentoring-profile',
    {
      schema: {
        tags,
        summary: 'Save your mentoring profile; optionally copy it into open enrolments (applyTo)',
        body: mentoringProfileInput,
        response: { 200: savedMentoringProfile, ...errors },
      },
    },
    async (request) => profiles.saveMyMentoringProfile(ctx, request.actor, request.body),
  );

  app.get(
    '/programs/:id/profile-gaps',
    {
      schema: {
        tags,
        summary: 'Mentees and mentors of the next run with empty or thin profiles (staff)',
        params: idParams,
        querystring: profileGapsQuery,
        response: { 200: profileGapsResponse, ...errors },
      },
    },
    async (request) => gaps.listProfileGaps(ctx, request.actor, request.params.id, request.query),
  );

  app.post(
    '/programs/:id/profile-gaps/reminders',
    {
      schema: {
        tags,
        summary: 'Remind people with thin profiles to complete them, once a day at most (staff)',
        params: idParams,
        body: profileRemindersInput,
        response: { 200: profileRemindersResult, ...errors },
      },
    },
    async (request) => gaps.remindProfileGaps(ctx, request.actor, request.params.id, request.body),
  );
};
