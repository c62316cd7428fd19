import { and, asc, count, eq, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { actionItems, meetings, people, programs, relationships } from '../../db/schema.ts';

type ActionItemRow = typeof actionItems.$inferSelect;
type NewActionItem = typeof actionItems.$inferInsert;
export type ActionItemView = ActionItemRow & {
  ownerName: string | null;
  creatorName: string | null;
  meetingTitle: string | null;
};

const owner = alias(people, 'owner_person');
const creator = alias(people, 'creator_person');

function viewQuery(db: Db) {
  return db
    .select({
      item: actionItems,
      ownerName: owner.name,
      creatorName: creator.name,
      meetingTitle: meetings.title,
    })
    .from(actionItems)
    .leftJoin(owner, eq(owner.id, actionItems.ownerPersonId))
    .leftJoin(creator, eq(creator.id, actionItems.createdByPersonId))
    .leftJoin(meetings, eq(meetings.id, actionItems.meetingId));
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof viewQuery>['where']>>[number];
const flatten = (row: ViewRow): ActionItemView => ({
  ...row.item,
  ownerName: row.ownerName,
  creatorName: row.creatorName,
  meetingTitle: row.meetingTitle,
});

/** A page of the pair's action items: open first, then by due date (undated last), then oldest first. */
export async function listActionItems(
  db: Db,
  filter: { relationshipId: string; status: 'open' | 'done' | 'all'; meetingId?: string | undefined },
  limit: number,
  offset: number,
): Promise<{ rows: ActionItemView[]; total: number }> {
  const conditions: SQL[] = [eq(actionItems.relationshipId, filter.relationshipId)];
  if (filter.status === 'open') conditions.push(isNull(actionItems.doneAt));
  if (filter.status === 'done') conditions.push(isNotNull(actionItems.doneAt));
  if (filter.meetingId) conditions.push(eq(actionItems.meetingId, filter.meetingId));
  const where = and(...conditions);
  const [rows, [totals]] = await Promise.all([
    viewQuery(db)
      .where(where)
      .orderBy(
        sql`${actionItems.doneAt} is not null`,
        sql`${actionItems.dueOn} asc nulls last`,
        asc(actionItems.createdAt),
        asc(actionItems.id),
      )
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(actionItems).where(where),
  ]);
  return { rows: rows.map(flatten), total: Number(totals?.total ?? 0) };
}

export async function findActionItemView(db: Db, id: string): Promise<ActionItemView | null> {
  const rows = await viewQuery(db).where(eq(actionItems.id, id)).limit(1);
  return rows[0] ? flatten(rows[0]) : null;
}

/** The action item if it belongs to the organisation, locked until the transaction ends. */
export async function lockActionItem(
  db: Db,
  organisationId: string,
  id: string,
): Promise<ActionItemRow | null> {
  const rows = await db
    .select()
    .from(actionItems)
    .where(and(eq(actionItems.organisationId, organisationId), eq(actionItems.id, id)))
    .for('update');
  return rows[0] ?? null;
}

export async function insertActionItem(db: Db, values: NewActionItem): Promise<ActionItemRow> {
  const [row] = await db.insert(actionItems).values(values).returning();
  return row!;
}

export async function updateActionItem(db: Db, id: string, patch: Partial<NewActionItem>): Promise<void> {
  await db.update(actionItems).set(patch).where(eq(actionItems.id, id));
}

export async function deleteActionItem(db: Db, id: string): Promise<void> {
  await db.delete(actionItems).where(eq(actionItems.id, id));
}

const mentorPerson = alias(people, 'mentor_person');
const menteePerson = alias(people, 'mentee_person');

/**
 * Open action items of the person's active relationships that are theirs (or nobody's, so the pair's) and whose
 * due date is before `today`, the longest overdue first: one query.
 */
export async function listOverdueOf(
  db: Db,
  input: { organisationId: string; personId: string; today: string; limit: number },
) {
  return db
    .select({
      id: actionItems.id,
      title: actionItems.title,
      dueOn: actionItems.dueOn,
      ownerPersonId: actionItems.ownerPersonId,
      meetingTitle: meetings.title,
      relationshipId: relationships.id,
      programId: relationships.programId,
      programName: programs.name,
      mentorPersonId: relationships.mentorPersonId,
      mentorName: mentorPerson.name,
      menteeName: menteePerson.name,
    })
    .from(actionItems)
    .innerJoin(relationships, eq(relationships.id, actionItems.relationshipId))
    .innerJoin(programs, eq(programs.id, relationships.programId))
    .innerJoin(mentorPerson, eq(mentorPerson.id, relationships.mentorPersonId))
    .innerJoin(menteePerson, eq(menteePerson.id, relationships.menteePersonId))
    .leftJoin(meetings, eq(meetings.id, actionItems.meetingId))
    .where(
      and(
        eq(actionItems.organisationId, input.organisationId),
        isNull(actionItems.doneAt),
        sql`${actionItems.dueOn} < ${input.today}::date`,
        eq(relationships.status, 'active'),
        or(
          eq(relationships.mentorPersonId, input.personId),
          eq(relationships.menteePersonId, input.personId),
        ),
        or(eq(actionItems.ownerPersonId, input.personId), isNull(actionItems.ownerPersonId)),
      ),
    )
    .orderBy(asc(actionItems.dueOn), asc(actionItems.createdAt), asc(actionItems.id))
    .limit(input.limit);
}
