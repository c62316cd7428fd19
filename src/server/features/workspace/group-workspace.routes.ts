import { z } from 'zod';
import {
  createGroupGoalInput,
  createGroupMeetingInput,
  createGroupNoteInput,
  groupAgreement,
  groupAttendanceInput,
  groupGoal,
  groupGoalParams,
  groupGoalsPage,
  groupIdParams,
  groupMeeting,
  groupMeetingParams,
  groupMeetingsPage,
  groupMeetingsQuery,
  groupNote,
  groupNoteParams,
  groupNotesPage,
  groupNotesQuery,
  groupWorkspace,
  putGroupAgreementInput,
  signGroupAgreementInput,
  updateGroupGoalInput,
  updateGroupMeetingInput,
  updateGroupNoteInput,
} from '../../../contracts/group-workspace.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  getGroupAgreement,
  putGroupAgreement,
  signGroupAgreement,
} from '../agreements/group-agreements.service.ts';
import {
  createGroupGoal,
  deleteGroupGoal,
  listGroupGoals,
  updateGroupGoal,
} from '../goals/group-goals.service.ts';
import {
  cancelGroupMeeting,
  createGroupMeeting,
  groupMeetingIcs,
  listGroupMeetings,
  recordGroupAttendance,
  updateGroupMeeting,
} from '../meetings/group-meetings.service.ts';
import {
  createGroupNote,
  deleteGroupNote,
  listGroupNotes,
  updateGroupNote,
} from '../notes/group-notes.service.ts';
import { getGroupWorkspace } from './group-workspace.service.ts';

const tags = ['group workspace'];
const noContent = z.void().describe('No content');

/**
 * The group workspace's routes (issue 14): adapters over the agreements, goals, meetings and notes services. Every
 * one answers the group's members only; staff and everyone else get 404.
 */
export const groupWorkspaceRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/groups/:id/workspace',
    {
      schema: {
        tags,
        summary: 'The group’s workspace at a glance: members, agreement, next meeting, goals, shared notes',
        params: groupIdParams,
        response: { 200: groupWorkspace },
      },
    },
    async (request) => getGroupWorkspace(ctx, request.actor, request.params.id),
  );

  app.get(
    '/groups/:id/agreement',
    {
      schema: {
        tags,
        summary: 'The group’s agreement and each current member’s signature',
        params: groupIdParams,
        response: { 200: groupAgreement },
      },
    },
    async (request) => getGroupAgreement(ctx, request.actor, request.params.id),
  );
  app.put(
    '/groups/:id/agreement',
    {
      schema: {
        tags,
        summary: 'Edit the group’s agreement: a new version every member signs again',
        params: groupIdParams,
        body: putGroupAgreementInput,
        response: { 200: groupAgreement },
      },
    },
    async (request) => putGroupAgreement(ctx, request.actor, request.params.id, request.body.content),
  );
  app.post(
    '/groups/:id/agreement/sign',
    {
      schema: {
        tags,
        summary: 'Sign the version of the group’s agreement the caller read',
        params: groupIdParams,
        body: signGroupAgreementInput,
        response: { 200: groupAgreement },
      },
    },
    async (request) => signGroupAgreement(ctx, request.actor, request.params.id, request.body.version),
  );

  app.get(
    '/groups/:id/goals',
    {
      schema: {
        tags,
        summary: 'The group’s goals (each mentee’s own goals are on their relationship)',
        params: groupIdParams,
        response: { 200: groupGoalsPage },
      },
    },
    async (request) => listGroupGoals(ctx, request.actor, request.params.id),
  );
  app.post(
    '/groups/:id/goals',
    {
      schema: {
        tags,
        summary: 'Add a goal of the whole group',
        params: groupIdParams,
        body: createGroupGoalInput,
        response: { 201: groupGoal },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGroupGoal(ctx, request.actor, request.params.id, request.body)),
  );
  app.patch(
    '/groups/:id/goals/:goalId',
    {
      schema: {
        tags,
        summary: 'Edit a group goal: its words, due date, status or progress',
        params: groupGoalParams,
        body: updateGroupGoalInput,
        response: { 200: groupGoal },
      },
    },
    async (request) =>
      updateGroupGoal(ctx, request.actor, request.params.id, request.params.goalId, request.body),
  );
  app.delete(
    '/groups/:id/goals/:goalId',
    {
      schema: { tags, summary: 'Delete a group goal', params: groupGoalParams, response: { 204: noContent } },
    },
    async (request, reply) => {
      await deleteGroupGoal(ctx, request.actor, request.params.id, request.params.goalId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/groups/:id/meetings',
    {
      schema: {
        tags,
        summary:
          'The group’s meetings with attendance (a mentee sees their own) and the caller’s rating state',
        params: groupIdParams,
        querystring: groupMeetingsQuery,
        response: { 200: groupMeetingsPage },
      },
    },
    async (request) => listGroupMeetings(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/groups/:id/meetings',
    {
      schema: {
        tags,
        summary: 'Schedule a meeting of the whole group: one invitation (.ics) to every member',
        params: groupIdParams,
        body: createGroupMeetingInput,
        response: { 201: groupMeeting },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGroupMeeting(ctx, request.actor, request.params.id, request.body)),
  );
  app.patch(
    '/groups/:id/meetings/:meetingId',
    {
      schema: {
        tags,
        summary: 'Change a group meeting; a new time or place reschedules it for everyone (SEQUENCE + 1)',
        params: groupMeetingParams,
        body: updateGroupMeetingInput,
        response: { 200: groupMeeting },
      },
    },
    async (request) =>
      updateGroupMeeting(ctx, request.actor, request.params.id, request.params.meetingId, request.body),
  );
  app.post(
    '/groups/:id/meetings/:meetingId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a group meeting for everyone',
        params: groupMeetingParams,
        response: { 200: groupMeeting },
      },
    },
    async (request) => cancelGroupMeeting(ctx, request.actor, request.params.id, request.params.meetingId),
  );
  app.post(
    '/groups/:id/meetings/:meetingId/attendance',
    {
      schema: {
        tags,
        summary: 'Record who came (each mentee still in the group); the meeting becomes held',
        params: groupMeetingParams,
        body: groupAttendanceInput,
        response: { 200: groupMeeting },
      },
    },
    async (request) =>
      recordGroupAttendance(ctx, request.actor, request.params.id, request.params.meetingId, request.body),
  );
  app.get(
    '/groups/:id/meetings/:meetingId/ics',
    {
      schema: {
        tags,
        summary: 'The group meeting as an iCalendar invitation (text/calendar), or a cancellation',
        params: groupMeetingParams,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const { filename, body } = await groupMeetingIcs(
        ctx,
        request.actor,
        request.params.id,
        request.params.meetingId,
      );
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  app.get(
    '/groups/:id/notes',
    {
      schema: {
        tags,
        summary: 'The group’s shared notes and the caller’s own private notes (members only)',
        params: groupIdParams,
        querystring: groupNotesQuery,
        response: { 200: groupNotesPage },
      },
    },
    async (request) => listGroupNotes(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/groups/:id/notes',
    {
      schema: {
        tags,
        summary: 'Write a shared or private note, optionally on a meeting of the group',
        params: groupIdParams,
        body: createGroupNoteInput,
        response: { 201: groupNote },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGroupNote(ctx, request.actor, request.params.id, request.body)),
  );
  app.patch(
    '/groups/:id/notes/:noteId',
    {
      schema: {
        tags,
        summary: 'Edit one of your notes of the group (its author only)',
        params: groupNoteParams,
        body: updateGroupNoteInput,
        response: { 200: groupNote },
      },
    },
    async (request) =>
      updateGroupNote(ctx, request.actor, request.params.id, request.params.noteId, request.body),
  );
  app.delete(
    '/groups/:id/notes/:noteId',
    {
      schema: {
        tags,
        summary: 'Delete one of your notes of the group (its author only)',
        params: groupNoteParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await deleteGroupNote(ctx, request.actor, request.params.id, request.params.noteId);
      return reply.status(204).send();
    },
  );
};
