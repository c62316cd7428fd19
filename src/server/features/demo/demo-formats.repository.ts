import { and, asc, eq, inArray, notExists } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  enrolments,
  flashMentorSettings,
  flashPatterns,
  flashSlots,
  goals,
  groupAgreementSignatures,
  groupAgreementVersions,
  groupGoals,
  groupMeetings,
  groupNotes,
  meetingFeedback,
  meetings,
  mentoringGroups,
  people,
  relationshipEvents,
  relationships,
} from '../../db/schema.ts';

/** Active people of the organisation enrolled in no program yet, with what picking participants needs. */
export async function listUnenrolledPeople(db: Db, organisationId: string) {
  return db
    .select({
      id: people.id,
      name: people.name,
      department: people.department,
      jobFunction: people.jobFunction,
      level: people.level,
      languages: people.languages,
      timeZone: people.timeZone,
    })
    .from(people)
    .where(
      and(
        eq(people.organisationId, organisationId),
        eq(people.status, 'active'),
        notExists(
          db.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.personId, people.id)),
        ),
      ),
    )
    .orderBy(asc(people.email));
}

export async function setDemoCoMentor(db: Db, groupId: string, enrolmentId: string, personId: string) {
  await db
    .update(mentoringGroups)
    .set({ coMentorEnrolmentId: enrolmentId, coMentorPersonId: personId })
    .where(eq(mentoringGroups.id, groupId));
}

/** A program's groups with their members' relationships, in a stable order. */
export async function listGroupsWithMembers(db: Db, organisationId: string, programId: string) {
  const groups = await db
    .select()
    .from(mentoringGroups)
    .where(and(eq(mentoringGroups.organisationId, organisationId), eq(mentoringGroups.programId, programId)))
    .orderBy(asc(mentoringGroups.name));
  const members =
    groups.length === 0
      ? []
      : await db
          .select()
          .from(relationships)
          .where(
            inArray(
              relationships.groupId,
              groups.map((g) => g.id),
            ),
          )
          .orderBy(asc(relationships.menteePersonId));
  return groups.map((group) => ({ group, members: members.filter((m) => m.groupId === group.id) }));
}

/** The enrolments of a program by person, to find a flash participant's or mentor's enrolment. */
export async function listProgramEnrolments(db: Db, programId: string) {
  return db
    .select({
      id: enrolments.id,
      personId: enrolments.personId,
      role: enrolments.role,
      profile: enrolments.profile,
    })
    .from(enrolments)
    .where(eq(enrolments.programId, programId));
}

export interface DemoGroupHistoryRows {
  /** Start dates moved into the past: the run published them "now". */
  groupStarts: { id: string; createdAt: Date }[];
  memberStarts: { id: string; startedAt: Date }[];
  groupMeetings: (typeof groupMeetings.$inferInsert)[];
  meetings: (typeof meetings.$inferInsert)[];
  feedback: (typeof meetingFeedback.$inferInsert)[];
  agreementVersions: (typeof groupAgreementVersions.$inferInsert)[];
  signatures: (typeof groupAgreementSignatures.$inferInsert)[];
  groupGoals: (typeof groupGoals.$inferInsert)[];
  memberGoals: (typeof goals.$inferInsert)[];
  notes: (typeof groupNotes.$inferInsert)[];
}

export async function writeDemoGroupHistory(db: Db, rows: DemoGroupHistoryRows) {
  for (const g of rows.groupStarts)
    await db.update(mentoringGroups).set({ createdAt: g.createdAt }).where(eq(mentoringGroups.id, g.id));
  for (const m of rows.memberStarts) {
    await db
      .update(relationships)
      .set({ startedAt: m.startedAt, createdAt: m.startedAt })
      .where(eq(relationships.id, m.id));
    await db
      .update(relationshipEvents)
      .set({ createdAt: m.startedAt })
      .where(eq(relationshipEvents.relationshipId, m.id));
  }
  if (rows.groupMeetings.length) await db.insert(groupMeetings).values(rows.groupMeetings);
  if (rows.meetings.length) await db.insert(meetings).values(rows.meetings);
  if (rows.feedback.length) await db.insert(meetingFeedback).values(rows.feedback);
  if (rows.agreementVersions.length) await db.insert(groupAgreementVersions).values(rows.agreementVersions);
  if (rows.signatures.length) await db.insert(groupAgreementSignatures).values(rows.signatures);
  if (rows.groupGoals.length) await db.insert(groupGoals).values(rows.groupGoals);
  if (rows.memberGoals.length) await db.insert(goals).values(rows.memberGoals);
  if (rows.notes.length) await db.insert(groupNotes).values(rows.notes);
}

export interface DemoFlashRows {
  settings: (typeof flashMentorSettings.$inferInsert)[];
  patterns: (typeof flashPatterns.$inferInsert)[];
  relationships: (typeof relationships.$inferInsert)[];
  events: (typeof relationshipEvents.$inferInsert)[];
  slots: (typeof flashSlots.$inferInsert)[];
  meetings: (typeof meetings.$inferInsert)[];
  feedback: (typeof meetingFeedback.$inferInsert)[];
}

export async function writeDemoFlash(db: Db, rows: DemoFlashRows) {
  if (rows.settings.length) await db.insert(flashMentorSettings).values(rows.settings);
  if (rows.patterns.length) await db.insert(flashPatterns).values(rows.patterns);
  if (rows.relationships.length) await db.insert(relationships).values(rows.relationships);
  if (rows.events.length) await db.insert(relationshipEvents).values(rows.events);
  if (rows.slots.length) await db.insert(flashSlots).values(rows.slots);
  if (rows.meetings.length) await db.insert(meetings).values(rows.meetings);
  if (rows.feedback.length) await db.insert(meetingFeedback).values(rows.feedback);
}
