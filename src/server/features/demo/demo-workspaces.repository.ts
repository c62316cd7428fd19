import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  actionItems,
  agreementVersions,
  goalMilestones,
  goals,
  meetingFeedback,
  meetings,
  notes,
  people,
  programResources,
  relationshipEvents,
  relationships,
  resourceCompletions,
  surveyResponses,
  workspaceActivity,
} from '../../db/schema.ts';

const mentorPerson = alias(people, 'mentor_person');
const menteePerson = alias(people, 'mentee_person');

/** The program's relationships with both people's names, in a stable order. */
export async function listProgramPairs(db: Db, organisationId: string, programId: string) {
  return db
    .select({
      relationshipId: relationships.id,
      mentorPersonId: relationships.mentorPersonId,
      menteePersonId: relationships.menteePersonId,
      mentorName: mentorPerson.name,
      menteeName: menteePerson.name,
      mentorTimeZone: mentorPerson.timeZone,
      menteeTimeZone: menteePerson.timeZone,
    })
    .from(relationships)
    .innerJoin(mentorPerson, eq(mentorPerson.id, relationships.mentorPersonId))
    .innerJoin(menteePerson, eq(menteePerson.id, relationships.menteePersonId))
    .where(and(eq(relationships.organisationId, organisationId), eq(relationships.programId, programId)))
    .orderBy(asc(menteePerson.email));
}

export interface DemoWorkspaceRows {
  relationshipUpdates: {
    id: string;
    createdAt: Date;
    startedAt: Date;
    status: string;
    endedAt: Date | null;
    reason: string | null;
  }[];
  relationshipEvents: (typeof relationshipEvents.$inferInsert)[];
  agreementVersions: (typeof agreementVersions.$inferInsert)[];
  goals: (typeof goals.$inferInsert)[];
  milestones: (typeof goalMilestones.$inferInsert)[];
  meetings: (typeof meetings.$inferInsert)[];
  actionItems: (typeof actionItems.$inferInsert)[];
  notes: (typeof notes.$inferInsert)[];
  feedback: (typeof meetingFeedback.$inferInsert)[];
  surveys: (typeof surveyResponses.$inferInsert)[];
  activity: (typeof workspaceActivity.$inferInsert)[];
  resources: (typeof programResources.$inferInsert)[];
  completions: (typeof resourceCompletions.$inferInsert)[];
}

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += 500) await insert(rows.slice(start, start + 500));
}

/** Write the demo's workspace history; relationships and their first history events move back to their start. */
export async function writeDemoWorkspaceRows(db: Db, rows: DemoWorkspaceRows): Promise<void> {
  for (const update of rows.relationshipUpdates) {
    await db
      .update(relationships)
      .set({
        createdAt: update.createdAt,
        startedAt: update.startedAt,
        updatedAt: update.endedAt ?? update.startedAt,
        status: update.status,
        endedAt: update.endedAt,
        reason: update.reason,
      })
      .where(eq(relationships.id, update.id));
    await db
      .update(relationshipEvents)
      .set({
        createdAt: sql`${update.startedAt}::timestamptz - (${relationshipEvents.toStatus} = 'proposed')::int * interval '1 day'`,
      })
      .where(eq(relationshipEvents.relationshipId, update.id));
  }
  await insertInChunks(rows.relationshipEvents, (chunk) => db.insert(relationshipEvents).values(chunk));
  await insertInChunks(rows.resources, (chunk) => db.insert(programResources).values(chunk));
  await insertInChunks(rows.agreementVersions, (chunk) => db.insert(agreementVersions).values(chunk));
  await insertInChunks(rows.goals, (chunk) => db.insert(goals).values(chunk));
  await insertInChunks(rows.milestones, (chunk) => db.insert(goalMilestones).values(chunk));
  await insertInChunks(rows.meetings, (chunk) => db.insert(meetings).values(chunk));
  await insertInChunks(rows.actionItems, (chunk) => db.insert(actionItems).values(chunk));
  await insertInChunks(rows.notes, (chunk) => db.insert(notes).values(chunk));
  await insertInChunks(rows.feedback, (chunk) => db.insert(meetingFeedback).values(chunk));
  await insertInChunks(rows.surveys, (chunk) => db.insert(surveyResponses).values(chunk));
  await insertInChunks(rows.activity, (chunk) => db.insert(workspaceActivity).values(chunk));
  await insertInChunks(rows.completions, (chunk) => db.insert(resourceCompletions).values(chunk));
}
