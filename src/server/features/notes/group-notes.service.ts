import type {
  CreateGroupNoteInput,
  GroupNote,
  GroupNotesPage,
  GroupNotesQuery,
  UpdateGroupNoteInput,
} from '../../../contracts/group-workspace.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { type GroupWorkspace, groupForMember, lockedGroupForMember } from '../groups/group-access.ts';
import * as repo from './group-notes.repository.ts';

/**
 * A group's notes (issue 14): `shared` notes every member reads, `private` notes only their author reads — never
 * another member, never staff (§10). Only the author edits or deletes a note; a private note may be shared later,
 * a shared one stays shared.
 */

function toGroupNote(row: repo.GroupNoteWithDetails, ws: GroupWorkspace): GroupNote {
  return {
    id: row.id,
    groupId: row.groupId,
    visibility: row.visibility as GroupNote['visibility'],
    body: row.body,
    author: { personId: row.authorPersonId, name: row.authorName ?? 'Someone' },
    mine: row.authorPersonId === ws.personId,
    meeting:
      row.groupMeetingId && row.meetingTitle && row.meetingStartsAt
        ? { id: row.groupMeetingId, title: row.meetingTitle, startsAt: row.meetingStartsAt.toISOString() }
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The newest shared notes, for the group's overview (the caller has authorised the group already). */
export async function recentSharedGroupNotes(
  db: Db,
  ws: GroupWorkspace,
  limit: number,
): Promise<GroupNote[]> {
  const { rows } = await repo.listGroupNotes(db, {
    groupId: ws.groupId,
    personId: ws.personId,
    visibility: 'shared',
    limit,
    offset: 0,
  });
  return rows.map((row) => toGroupNote(row, ws));
}

export async function listGroupNotes(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  query: GroupNotesQuery,
): Promise<GroupNotesPage> {
  const ws = await groupForMember(ctx, actor, groupId, 'read');
  const { rows, total } = await repo.listGroupNotes(ctx.db, {
    groupId: ws.groupId,
    personId: ws.personId,
    visibility: query.visibility,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((row) => toGroupNote(row, ws)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    readOnly: ws.readOnly,
  };
}

export async function createGroupNote(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  input: CreateGroupNoteInput,
): Promise<GroupNote> {
  await groupForMember(ctx, actor, groupId, 'write');
  return ctx.db.transaction(async (tx) => {
    const ws = await lockedGroupForMember(ctx, actor, groupId, tx);
    const meeting = input.meetingId ? await repo.findGroupMeetingRef(tx, ws.groupId, input.meetingId) : null;
    if (input.meetingId && !meeting) throw invalidField('body.meetingId', 'is not a meeting of this group');
    const now = ctx.now();
    const row = await repo.insertGroupNote(tx, {
      organisationId: ws.organisationId,
      groupId: ws.groupId,
      authorPersonId: ws.personId,
      visibility: input.visibility,
      groupMeetingId: meeting?.id ?? null,
      body: input.body,
      createdAt: now,
      updatedAt: now,
    });
    return toGroupNote(
      {
        ...row,
        authorName: ws.actor.name,
        meetingTitle: meeting?.title ?? null,
        meetingStartsAt: meeting?.startsAt ?? null,
      },
      ws,
    );
  });
}

/** The caller's own note, or 404 (someone else's private note is the same 404 as one that does not exist). */
async function ownNote(tx: Db, ws: GroupWorkspace, noteId: string) {
  const note = await repo.findVisibleGroupNote(tx, ws.groupId, ws.personId, noteId);
  if (!note) throw notFound('Note');
  if (note.authorPersonId !== ws.personId) {
    throw new AppError('forbidden', 'Only the author of a note can change or delete it');
  }
  return note;
}

export async function updateGroupNote(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  noteId: string,
  input: UpdateGroupNoteInput,
): Promise<GroupNote> {
  await groupForMember(ctx, actor, groupId, 'write');
  return ctx.db.transaction(async (tx) => {
    const ws = await lockedGroupForMember(ctx, actor, groupId, tx);
    const note = await ownNote(tx, ws, noteId);
    if (note.visibility === 'shared' && input.visibility === 'private') {
      throw invalidField('body.visibility', 'cannot be private again once the group may have read the note');
    }
    const updated = await repo.updateGroupNote(tx, note.id, {
      body: input.body ?? note.body,
      visibility: input.visibility ?? note.visibility,
      updatedAt: ctx.now(),
    });
    return toGroupNote(
      {
        ...updated,
        authorName: note.authorName,
        meetingTitle: note.meetingTitle,
        meetingStartsAt: note.meetingStartsAt,
      },
      ws,
    );
  });
}

export async function deleteGroupNote(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  noteId: string,
): Promise<void> {
  await groupForMember(ctx, actor, groupId, 'write');
  await ctx.db.transaction(async (tx) => {
    const ws = await lockedGroupForMember(ctx, actor, groupId, tx);
    const note = await ownNote(tx, ws, noteId);
    await repo.deleteGroupNote(tx, note.id);
  });
}
