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
  if (rows.relationshipUpdates.length > 0) {
    // Set-based: one statement for the relationships and one for their history, however many pairs.
    const records = JSON.stringify(
      rows.relationshipUpdates.map((u) => ({
        id: u.id,
        created_at: u.createdAt.toISOString(),
        started_at: u.startedAt.toISOString(),
        updated_at: (u.endedAt ?? u.startedAt).toISOString(),
        status: u.status,
        ended_at: u.endedAt?.toISOString() ?? null,
        reason: u.reason,
      })),
    );
    await db.execute(sql`
      update relationships r set created_at = t.created_at, started_at = t.started_at, updated_at = t.updated_at,
        status = t.status, ended_at = t.ended_at, reason = t.reason
      from json_to_recordset(${records}::json) as t (id uuid, created_at timestamptz, started_at timestamptz,
        updated_at timestamptz, status text, ended_at timestamptz, reason text)
      where r.id = t.id`);
    await db.execute(sql`
      update relationship_events e
      set created_at = t.started_at - (e.to_status = 'proposed')::int * interval '1 day'
      from json_to_recordset(${records}::json) as t (id uuid, started_at timestamptz)
      where e.relationship_id = t.id`);
    // Both people enrolled two to three weeks before their relationship was created, as a real cohort does.
    await db.execute(sql`
      update enrolments en
      set created_at = least(en.created_at,
        r.created_at - interval '14 days' - (abs(hashtext(en.id::text)) % 8) * interval '1 day')
      from relationships r
      join json_to_recordset(${records}::json) as t (id uuid) on t.id = r.id
      where en.id in (r.mentor_enrolment_id, r.mentee_enrolment_id)`);
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
