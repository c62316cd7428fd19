import { z } from 'zod';
import { idParams } from '../../../contracts/common.ts';
import {
  addGroupMembersInput,
  closeGroupInput,
  createGroupInput,
  findGroupsPage,
  findGroupsQuery,
  groupChangeResult,
  groupMemberParams,
  groupMembership,
  leaveGroupInput,
  myGroupsPage,
  myGroupsQuery,
  openGroupInput,
  programGroupsPage,
  programGroupsQuery,
  updateGroupInput,
} from '../../../contracts/groups.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import {
  addGroupMembers,
  closeGroup,
  createGroup,
  findGroups,
  groupMembership as groupMembershipOf,
  joinGroup,
  leaveGroup,
  myGroups,
  openGroup,
  programGroups,
  removeGroupMember,
  updateGroup,
} from './groups.service.ts';

const tags = ['groups'];

export const groupsRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/programs/:id/groups',
    {
      schema: {
        tags,
        summary: 'Staff: the program’s groups with members, seats, meetings held and goals done (no content)',
        params: idParams,
        querystring: programGroupsQuery,
        response: { 200: programGroupsPage },
      },
    },
    async (request) => programGroups(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/programs/:id/groups',
    {
      schema: {
        tags,
        summary: 'Staff: make a group by hand with its mentor, optional co-mentor and mentees',
        params: idParams,
        body: createGroupInput,
        response: { 201: groupChangeResult },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createGroup(ctx, request.actor, request.params.id, request.body);
    },
  );
  app.post(
    '/programs/:id/groups/open',
    {
      schema: {
        tags,
        summary: 'Open a group mentees can join (self-select): a mentor their own, staff one for a mentor',
        params: idParams,
        body: openGroupInput,
        response: { 201: groupMembership },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return openGroup(ctx, request.actor, request.params.id, request.body);
    },
  );
  app.get(
    '/programs/:id/open-groups',
    {
      schema: {
        tags,
        summary: 'Mentees: the open groups of a self-select group program, with seats left',
        params: idParams,
        querystring: findGroupsQuery,
        response: { 200: findGroupsPage },
      },
    },
    async (request) => findGroups(ctx, request.actor, request.params.id, request.query),
  );
  app.get(
    '/me/groups',
    {
      schema: {
        tags,
        summary: 'My groups: those I lead, co-mentor or am a member of',
        querystring: myGroupsQuery,
        response: { 200: myGroupsPage },
      },
    },
    async (request) => myGroups(ctx, request.actor, request.query),
  );
  app.get(
    '/groups/:id/membership',
    {
      schema: {
        tags,
        summary: 'A group with its members: staff, its mentor and co-mentor, its members',
        params: idParams,
        response: { 200: groupMembership },
      },
    },
    async (request) => groupMembershipOf(ctx, request.actor, request.params.id),
  );
  app.patch(
    '/groups/:id/details',
    {
      schema: {
        tags,
        summary: 'Staff: rename a group, change its description, set or clear its co-mentor',
        params: idParams,
        body: updateGroupInput,
        response: { 200: groupChangeResult },
      },
    },
    async (request) => updateGroup(ctx, request.actor, request.params.id, request.body),
  );
  app.post(
    '/groups/:id/members',
    {
      schema: {
        tags,
        summary: 'Staff: add mentees to a group, within its seats',
        params: idParams,
        body: addGroupMembersInput,
        response: { 200: groupChangeResult },
      },
    },
    async (request) => addGroupMembers(ctx, request.actor, request.params.id, request.body),
  );
  app.delete(
    '/groups/:id/members/:enrolmentId',
    {
      schema: {
        tags,
        summary: 'Staff: take a member out of a group (their relationship ends; the group continues)',
        params: groupMemberParams,
        response: { 200: groupChangeResult },
      },
    },
    async (request) => removeGroupMember(ctx, request.actor, request.params.id, request.params.enrolmentId),
  );
  app.post(
    '/groups/:id/close',
    {
      schema: {
        tags,
        summary: 'Close a group (staff or its mentor): every member’s relationship is completed',
        params: idParams,
        body: closeGroupInput.optional(),
        response: { 200: groupChangeResult },
      },
    },
    async (request) => closeGroup(ctx, request.actor, request.params.id, request.body ?? {}),
  );
  app.post(
    '/groups/:id/join',
    {
      schema: {
        tags,
        summary: 'Join an open group (a mentee of a self-select group program)',
        params: idParams,
        response: { 200: groupMembership },
      },
    },
    async (request) => joinGroup(ctx, request.actor, request.params.id),
  );
  app.post(
    '/groups/:id/leave',
    {
      schema: {
        tags,
        summary: 'Leave a group I am a member of (the rest continue)',
        params: idParams,
        body: leaveGroupInput.optional(),
        response: { 200: z.object({ left: z.literal(true) }) },
      },
    },
    async (request) => leaveGroup(ctx, request.actor, request.params.id, request.body ?? {}),
  );
};
