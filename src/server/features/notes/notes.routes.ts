import { z } from 'zod';
import { idParams } from '../../../contracts/common.ts';
import {
  createNoteInput,
  note,
  notesPage,
  notesQuery,
  updateNoteInput,
} from '../../../contracts/notes.contracts.ts';
import type { RoutesPlugin } from '../../app.ts';
import { createNote, deleteNote, listNotes, updateNote } from './notes.service.ts';

const tags = ['notes'];
const noContent = z.void().describe('No content');

export const notesRoutes: RoutesPlugin = (app, ctx) => {
  app.get(
    '/relationships/:id/notes',
    {
      schema: {
        tags,
        summary: 'The pair’s shared notes and the caller’s own private notes (the pair only)',
        params: idParams,
        querystring: notesQuery,
        response: { 200: notesPage },
      },
    },
    async (request) => listNotes(ctx, request.actor, request.params.id, request.query),
  );
  app.post(
    '/relationships/:id/notes',
    {
      schema: {
        tags,
        summary: 'Write a shared or private note, optionally on a meeting of the pair',
        params: idParams,
        body: createNoteInput,
        response: { 201: note },
      },
    },
    async (request, reply) => {
      const created = await createNote(ctx, request.actor, request.params.id, request.body);
      return reply.status(201).send(created);
    },
  );
  app.patch(
    '/notes/:id',
    {
      schema: {
        tags,
        summary: 'Edit one of your notes (its author only)',
        params: idParams,
        body: updateNoteInput,
        response: { 200: note },
      },
    },
    async (request) => updateNote(ctx, request.actor, request.params.id, request.body),
  );
  app.delete(
    '/notes/:id',
    {
      schema: {
        tags,
        summary: 'Delete one of your notes (its author only)',
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await deleteNote(ctx, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
};
