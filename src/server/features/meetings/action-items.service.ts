import type {
  ActionItem,
  ActionItemsPage,
  ActionItemsQuery,
  CreateActionItemInput,
  UpdateActionItemInput,
} from '../../../contracts/action-items.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { recordWorkspaceActivity } from '../workspace/workspace.service.ts';
import { type PairWorkspace, workspaceForPair } from '../workspace/workspace-access.ts';
import type { ActionItemView } from './action-items.repository.ts';
import * as repo from './action-items.repository.ts';
import { meetingOfPair, meetingsLink } from './meetings.service.ts';

/**
 * Action items of a pair (§6): what one of the two will do next, with an optional due date, attached to a meeting
 * or to the pair. Either side adds, assigns, ticks off and removes them.
 */

function toActionItem(row: ActionItemView): ActionItem {
  return {
    id: row.id,
    relationshipId: row.relationshipId,
    meetingId: row.meetingId,
    meetingTitle: row.meetingTitle,
    title: row.title,
    owner: row.ownerPersonId && row.ownerName ? { personId: row.ownerPersonId, name: row.ownerName } : null,
    dueOn: row.dueOn,
    done: row.doneAt !== null,
    doneAt: row.doneAt?.toISOString() ?? null,
    createdBy:
      row.createdByPersonId && row.creatorName
        ? { personId: row.createdByPersonId, name: row.creatorName }
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function loadActionItem(db: Db, id: string): Promise<ActionItem> {
  const row = await repo.findActionItemView(db, id);
  if (!row) throw notFound('Action item');
  return toActionItem(row);
}

function ownerOfPair(ws: PairWorkspace, personId: string): string {
  const r = ws.row.relationship;
  if (personId !== r.mentorPersonId && personId !== r.menteePersonId) {
    throw invalidField('body.ownerPersonId', 'must be the mentor or the mentee of this relationship');
  }
  return personId;
}

/** The directory name of one side of the pair (the same name a join on the person would read). */
function nameInPair(ws: PairWorkspace, personId: string): string {
  return personId === ws.row.relationship.mentorPersonId ? ws.row.mentorName : ws.row.menteeName;
}

/** "Fri 6 Mar 2026" for a due date (a calendar day, the same in every zone). */
function dayInWords(day: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
    .format(new Date(`${day}T00:00:00Z`))
    .replace(/^(\w+),/, '$1');
}

/** Tell the partner when the caller hands them an action item (never the author about their own). */
async function tellNewOwner(
  tx: Db,
  ws: PairWorkspace,
  item: { id: string; ownerPersonId: string; title: string; dueOn: string | null },
  at: Date,
) {
  if (item.ownerPersonId !== ws.partnerPersonId) return;
  await notifyPeople(tx, [
    {
      organisationId: ws.organisationId,
      personId: ws.partnerPersonId,
      kind: 'action_item_assigned',
      title: `${ws.actor.name} gave you an action item: ${item.title}`,
      body: `${item.dueOn ? `Due ${dayInWords(item.dueOn)}.` : 'No due date.'} Tick it off in your workspace when it is done.`,
      link: meetingsLink(ws.relationshipId),
      relationshipId: ws.relationshipId,
      dedupeKey: `action-item:${item.id}:assigned:${item.ownerPersonId}:${at.getTime()}`,
      email: { programId: ws.programId, actionLabel: 'See your action items' },
    },
  ]);
}

/** The action item and the caller's place in its pair; another pair's (or organisation's) item is a 404. */
async function lockedActionItemForPair(tx: Db, ctx: AppContext, actor: Actor | null, id: string) {
  const me = requireActor(actor);
  const item = await repo.lockActionItem(tx, me.organisationId, id);
  if (!item) throw notFound('Action item');
  try {
    const ws = await workspaceForPair(ctx, me, item.relationshipId, 'write', tx);
    return { item, ws };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw notFound('Action item');
    throw error;
  }
}

/** The pair's action items, open first, filtered by status and meeting. */
export async function listActionItems(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  query: ActionItemsQuery,
): Promise<ActionItemsPage> {
  const ws = await workspaceForPair(ctx, actor, relationshipId, 'read');
  const { rows, total } = await repo.listActionItems(
    ctx.db,
    { relationshipId, status: query.status, meetingId: query.meetingId },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return {
    items: rows.map(toActionItem),
    total,
    page: query.page,
    pageSize: query.pageSize,
    readOnly: ws.readOnly,
  };
}

export async function createActionItem(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  input: CreateActionItemInput,
): Promise<ActionItem> {
  return ctx.db.transaction(async (tx) => {
    const ws = await workspaceForPair(ctx, actor, relationshipId, 'write', tx);
    const ownerPersonId = ownerOfPair(ws, input.ownerPersonId);
    const meeting = input.meetingId ? await meetingOfPair(tx, ws.relationshipId, input.meetingId) : null;
    const now = ctx.now();
    const row = await repo.insertActionItem(tx, {
      organisationId: ws.organisationId,
      relationshipId: ws.relationshipId,
      meetingId: input.meetingId ?? null,
      title: input.title,
      ownerPersonId,
      dueOn: input.dueOn ?? null,
      createdByPersonId: ws.personId,
      createdAt: now,
      updatedAt: now,
    });
    await recordWorkspaceActivity(tx, [
      {
        organisationId: ws.organisationId,
        relationshipId: ws.relationshipId,
        actorPersonId: ws.personId,
        kind: 'action_item_added',
        summary: `${ws.actor.name} added the action item “${row.title}”`,
        subjectId: row.id,
        at: now,
      },
    ]);
    await tellNewOwner(tx, ws, { id: row.id, ownerPersonId, title: row.title, dueOn: row.dueOn }, now);
    // The owner and the author are of the pair and the meeting was just read: no need to read the item back.
    return toActionItem({
      ...row,
      ownerName: nameInPair(ws, ownerPersonId),
      creatorName: nameInPair(ws, ws.personId),
      meetingTitle: meeting?.title ?? null,
    });
  });
}

export async function updateActionItem(
  ctx: AppContext,
  actor: Actor | null,
  id: string,
  input: UpdateActionItemInput,
): Promise<ActionItem> {
  await ctx.db.transaction(async (tx) => {
    const { item, ws } = await lockedActionItemForPair(tx, ctx, actor, id);
    const now = ctx.now();
    const ownerPersonId =
      input.ownerPersonId !== undefined ? ownerOfPair(ws, input.ownerPersonId) : item.ownerPersonId;
    const wasDone = item.doneAt !== null;
    const done = input.done ?? wasDone;
    const title = input.title ?? item.title;
    await repo.updateActionItem(tx, item.id, {
      title,
      ownerPersonId,
      dueOn: input.dueOn !== undefined ? input.dueOn : item.dueOn,
      doneAt: done ? (item.doneAt ?? now) : null,
      updatedAt: now,
    });
    if (done && !wasDone) {
      await recordWorkspaceActivity(tx, [
        {
          organisationId: ws.organisationId,
          relationshipId: ws.relationshipId,
          actorPersonId: ws.personId,
          kind: 'action_item_done',
          summary: `${ws.actor.name} completed the action item “${title}”`,
          subjectId: item.id,
          at: now,
        },
      ]);
    }
    if (ownerPersonId && ownerPersonId !== item.ownerPersonId) {
      const dueOn = input.dueOn !== undefined ? input.dueOn : item.dueOn;
      await tellNewOwner(tx, ws, { id: item.id, ownerPersonId, title, dueOn }, now);
    }
  });
  return loadActionItem(ctx.db, id);
}

export async function deleteActionItem(ctx: AppContext, actor: Actor | null, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { item } = await lockedActionItemForPair(tx, ctx, actor, id);
    await repo.deleteActionItem(tx, item.id);
  });
}

/** An open action item of the person's that is past its due date. */
export interface OverdueActionItem {
  id: string;
  title: string;
  dueOn: string;
  /** Nobody owns it: it is the pair's. */
  shared: boolean;
  meetingTitle: string | null;
  relationshipId: string;
  program: { id: string; name: string };
  partnerName: string;
  link: string;
}

/**
 * The person's overdue action items (theirs, or the pair's when nobody owns one) in their active relationships,
 * longest overdue first; `today` is the person's calendar date. The caller passes the signed-in person's own ids.
 */
export async function overdueActionItemsOf(
  db: Db,
  input: { organisationId: string; personId: string; today: string; limit: number },
): Promise<OverdueActionItem[]> {
  const rows = await repo.listOverdueOf(db, input);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    dueOn: row.dueOn!,
    shared: row.ownerPersonId === null,
    meetingTitle: row.meetingTitle,
    relationshipId: row.relationshipId,
    program: { id: row.programId, name: row.programName },
    partnerName: row.mentorPersonId === input.personId ? row.menteeName : row.mentorName,
    link: meetingsLink(row.relationshipId),
  }));
}
