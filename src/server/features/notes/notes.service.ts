import type {
  CreateNoteInput,
  Note,
  NotesPage,
  NotesQuery,
  UpdateNoteInput,
} from '../../../contracts/notes.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordWorkspaceActivity } from '../workspace/workspace.service.ts';
import { type PairWorkspace, workspaceForPair } from '../workspace/workspace-access.ts';
import * as groupRepo from './group-notes.repository.ts';
import * as repo from './notes.repository.ts';

/**
 * Notes of a pair (§6, §10). The rule, in one place: a shared note is read by both sides of the pair; a private
 * note by its author only. Nobody else — the partner, an admin, a coordinator, another organisation — learns that
 * a private note exists: it is left out of every list and count, and asking for it by id answers the same 404 as
 * an id that does not exist. Only the author edits or deletes a note; the partner who asks to change a shared note
 * they can read gets 403. The timeline records that a note was shared, never its body, and nothing at all about
 * private notes.
 */

function toNote(row: repo.NoteListRow, readerPersonId: string): Note {
  const n = row.note;
  return {
    id: n.id,
    relationshipId: n.relationshipId,
    visibility: n.visibility as Note['visibility'],
    body: n.body,
    author: { personId: n.authorPersonId, name: row.authorName },
    mine: n.authorPersonId === readerPersonId,
    meeting:
      n.meetingId && row.meetingTitle !== null && row.meetingStartsAt
        ? { id: n.meetingId, title: row.meetingTitle, startsAt: row.meetingStartsAt.toISOString() }
        : null,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  };
}

function myName(workspace: PairWorkspace): string {
  return workspace.role === 'mentor' ? workspace.row.mentorName : workspace.row.menteeName;
}

/** The meeting a note is attached to, which must be one of the pair's; null when the note has none. */
async function meetingOfPair(db: Db, workspace: PairWorkspace, meetingId: string | null | undefined) {
  if (!meetingId) return null;
  const meeting = await repo.meetingOfRelationship(db, workspace.relationshipId, meetingId);
  if (!meeting) throw invalidField('body.meetingId', 'is not a meeting of this relationship');
  return meeting;
}

async function recordShared(db: Db, workspace: PairWorkspace, row: repo.NoteListRow, at: Date) {
  await recordWorkspaceActivity(db, [
    {
      organisationId: workspace.organisationId,
      relationshipId: workspace.relationshipId,
      actorPersonId: workspace.personId,
      kind: 'note_shared',
      summary: row.meetingTitle
        ? `${myName(workspace)} shared a note on “${row.meetingTitle}”`
        : `${myName(workspace)} shared a note`,
      subjectId: row.note.id,
      at,
    },
  ]);
}

/** The notes the caller may read in their relationship: shared ones and their own private ones. */
export async function listNotes(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  query: NotesQuery,
): Promise<NotesPage> {
  const workspace = await workspaceForPair(ctx, actor, relationshipId, 'read');
  const { rows, total } = await repo.listReadableNotes(ctx.db, {
    organisationId: workspace.organisationId,
    relationshipId: workspace.relationshipId,
    readerPersonId: workspace.personId,
    visibility: query.visibility,
    ...(query.meetingId ? { meetingId: query.meetingId } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) => toNote(row, workspace.personId)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    readOnly: workspace.readOnly,
  };
}

/** Write a note in the caller's relationship, shared with the partner or private to the caller. */
export async function createNote(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  input: CreateNoteInput,
): Promise<Note> {
  return ctx.db.transaction(async (tx) => {
    const workspace = await workspaceForPair(ctx, actor, relationshipId, 'write', tx);
    const meeting = await meetingOfPair(tx, workspace, input.meetingId);
    const now = ctx.now();
    const inserted = await repo.insertNote(tx, {
      organisationId: workspace.organisationId,
      relationshipId: workspace.relationshipId,
      authorPersonId: workspace.personId,
      visibility: input.visibility,
      meetingId: input.meetingId ?? null,
      body: input.body,
      createdAt: now,
      updatedAt: now,
    });
    // The author is the caller and the meeting was just read: no need to read the note back.
    const row: repo.NoteListRow = {
      note: inserted,
      authorName: myName(workspace),
      meetingTitle: meeting?.title ?? null,
      meetingStartsAt: meeting?.startsAt ?? null,
    };
    if (input.visibility === 'shared') await recordShared(tx, workspace, row, now);
    return toNote(row, workspace.personId);
  });
}

/**
 * The note and the caller's workspace, if the caller may change it: 404 for anyone outside the pair and for a
 * private note of someone else (its existence stays secret), 403 for the partner on a shared note, 409 once the
 * relationship has ended.
 */
async function ownNote(ctx: AppContext, actor: Actor | null, id: string, db: Db) {
  const me = requireActor(actor);
  const row = await repo.findNote(db, me.organisationId, id);
  if (!row) throw notFound('Note');
  let workspace: PairWorkspace;
  try {
    workspace = await workspaceForPair(ctx, me, row.note.relationshipId, 'read', db);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'conflict')) {
      throw notFound('Note');
    }
    throw error;
  }
  const mine = row.note.authorPersonId === workspace.personId;
  if (!mine && row.note.visibility === 'private') throw notFound('Note');
  if (!mine) throw new AppError('forbidden', 'Only the author of a note can change or delete it');
  if (workspace.readOnly) {
    throw new AppError('conflict', 'This relationship has ended: its workspace is read-only', {
      status: workspace.row.relationship.status,
    });
  }
  return { row, workspace };
}

/** The author edits their note; a private note may become shared, never the other way round. */
export async function updateNote(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: UpdateNoteInput,
): Promise<Note> {
  return ctx.db.transaction(async (tx) => {
    const { row, workspace } = await ownNote(ctx, actor, id, tx);
    if (input.visibility === 'private' && row.note.visibility === 'shared') {
      throw invalidField(
        'body.visibility',
        'a shared note cannot be made private again: your partner may have read it; delete it instead',
      );
    }
    if (input.meetingId !== undefined) await meetingOfPair(tx, workspace, input.meetingId);
    const now = ctx.now();
    await repo.updateNote(tx, row.note.id, {
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
      ...(input.meetingId !== undefined ? { meetingId: input.meetingId } : {}),
      updatedAt: now,
    });
    const updated = await repo.findNote(tx, workspace.organisationId, row.note.id);
    if (!updated) throw notFound('Note');
    if (row.note.visibility === 'private' && updated.note.visibility === 'shared') {
      await recordShared(tx, workspace, updated, now);
    }
    return toNote(updated, workspace.personId);
  });
}

/** The author deletes their note. */
export async function deleteNote(ctx: AppContext, actor: Actor | null, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { row } = await ownNote(ctx, actor, id, tx);
    await repo.deleteNote(tx, row.note.id);
  });
}

/** Erasure (§10), in the caller's transaction: the person's private notes go; their shared notes stay the pair's. */
export async function erasePrivateNotesOf(db: Db, organisationId: string, personId: string): Promise<number> {
  // A pair's private notes and a group's (issue 14) alike.
  return (
    (await repo.deletePrivateNotesOf(db, organisationId, personId)) +
    (await groupRepo.deletePrivateGroupNotesOf(db, organisationId, personId))
  );
}
