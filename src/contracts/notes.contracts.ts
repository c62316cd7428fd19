import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';
import { noteVisibilities } from './workspace-shapes.contracts.ts';

/**
 * Notes of a pair (§6): `shared` notes the pair reads, `private` notes only their author reads — never the
 * partner, never program staff (§10). Bodies are Markdown, rendered without raw HTML.
 */

const noteVisibility = z.enum(noteVisibilities);
export type NoteVisibility = z.infer<typeof noteVisibility>;

export const noteBodyMaxLength = 20_000;

export const note = z.object({
  id: z.uuid(),
  relationshipId: z.uuid(),
  visibility: noteVisibility,
  body: z.string(),
  author: z.object({ personId: z.uuid(), name: z.string() }),
  /** True when the caller wrote it (only the author edits or deletes a note). */
  mine: z.boolean(),
  /** The meeting the note was taken in, if any. */
  meeting: z.object({ id: z.uuid(), title: z.string(), startsAt: isoDateTime }).nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Note = z.infer<typeof note>;

export const notesQuery = z.strictObject({
  ...paginationQuery,
  visibility: z
    .enum(['shared', 'private', 'all'])
    .default('all')
    .describe('private = the caller’s own private notes; all = shared notes and the caller’s private notes'),
  meetingId: z.uuid().optional().describe('Only the notes taken in this meeting'),
});
export type NotesQuery = z.infer<typeof notesQuery>;

export const notesPage = z.object({
  items: z.array(note),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The relationship has ended: notes stay readable but cannot change. */
  readOnly: z.boolean(),
});
export type NotesPage = z.infer<typeof notesPage>;

const body = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(noteBodyMaxLength, `must be at most ${noteBodyMaxLength} characters`);

export const createNoteInput = z.strictObject({
  visibility: noteVisibility,
  body,
  meetingId: z.uuid().nullable().optional().describe('A meeting of this relationship'),
});
export type CreateNoteInput = z.infer<typeof createNoteInput>;

/** A private note may be shared later; a shared note cannot be made private again (the partner may have read it). */
export const updateNoteInput = z
  .strictObject({
    body: body.optional(),
    visibility: noteVisibility.optional(),
    meetingId: z.uuid().nullable().optional(),
  })
  .refine((input) => Object.keys(input).length > 0, { message: 'nothing to change' });
export type UpdateNoteInput = z.infer<typeof updateNoteInput>;
