import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import {
  actionItems,
  agreementVersions,
  meetings,
  surveyResponses,
  workspaceActivity,
} from '../db/schema.ts';
import { createTwoOrganisations } from './factories.ts';
import { addCoordinator, createProgram } from './program-factories.ts';
import { createMemberPerson, createParticipant, createRelationshipRow } from './relationship-factories.ts';

/**
 * Rows for the reminders and nudges tests (features/nudges): a running program with a coordinator who has a person
 * (notices) — or none, so the organisation's admin (an account without a person: email) hears of escalations —
 * an active pair that started `now`, and a coordinator of another program, a member and another organisation's
 * admin to refuse. The pair's facts (meetings, agreement, action items, answers) are plain inserts at given times.
 */
export async function createNudgeFixture(
  db: Db,
  options: { now: Date; mentorZone?: string; menteeZone?: string; coordinator?: boolean },
) {
  const two = await createTwoOrganisations(db);
  const organisationId = two.org.id;
  const program = await createProgram(db, organisationId, {
    status: 'running',
    name: 'Grow 2026',
    meetingCadence: 'fortnightly',
  });
  const coordinator = await createMemberPerson(db, organisationId, {
    name: 'Cora Coordinator',
    timeZone: 'Europe/London',
  });
  if (options.coordinator !== false)
    await addCoordinator(db, organisationId, program.id, coordinator.user.id);
  const otherProgram = await createProgram(db, organisationId, { status: 'running', name: 'Lead 2026' });
  const otherCoordinator = await createMemberPerson(db, organisationId, { name: 'Otto Coordinator' });
  await addCoordinator(db, organisationId, otherProgram.id, otherCoordinator.user.id);
  const pair = await createPair(db, program, options.now, {
    mentor: { name: 'Maya Mentor', timeZone: options.mentorZone ?? 'Europe/London' },
    mentee: { name: 'Ivy Mentee', timeZone: options.menteeZone ?? 'Europe/London' },
  });
  return { ...two, organisationId, program, otherProgram, coordinator, otherCoordinator, ...pair };
}

/** An active pair of the program that started at `startedAt`. */
export async function createPair(
  db: Db,
  program: { id: string; organisationId: string },
  startedAt: Date,
  people: {
    mentor?: { name?: string; timeZone?: string };
    mentee?: { name?: string; timeZone?: string };
  } = {},
) {
  const mentor = await createParticipant(db, program, 'mentor', { person: people.mentor ?? {} });
  const mentee = await createParticipant(db, program, 'mentee', { person: people.mentee ?? {} });
  const relationship = await createRelationshipRow(db, {
    organisationId: program.organisationId,
    programId: program.id,
    mentor: mentor.enrolment,
    mentee: mentee.enrolment,
    status: 'active',
    origin: 'match_run',
    expiresAt: null,
    createdAt: startedAt,
  });
  return { mentor, mentee, relationship };
}

interface PairRef {
  id: string;
  organisationId: string;
}

/** A meeting of the pair, scheduled (or held, or cancelled) at `startsAt`, set up at `at`. */
export async function insertMeeting(
  db: Db,
  relationship: PairRef,
  input: { startsAt: Date; at: Date; status?: 'scheduled' | 'held' | 'cancelled'; title?: string },
) {
  const [row] = await db
    .insert(meetings)
    .values({
      organisationId: relationship.organisationId,
      relationshipId: relationship.id,
      title: input.title ?? 'Catch-up',
      startsAt: input.startsAt,
      durationMinutes: 45,
      timeZone: 'Europe/London',
      status: input.status ?? 'scheduled',
      icsUid: `${randomUUID()}@trellis.test`,
      heldAt: input.status === 'held' ? input.startsAt : null,
      createdAt: input.at,
      updatedAt: input.at,
    })
    .returning();
  return row!;
}

/** A version of the pair's agreement, proposed at `at`, signed by whom it says. */
export async function insertAgreementVersion(
  db: Db,
  relationship: PairRef,
  input: {
    version: number;
    at: Date;
    mentorSignedAt?: Date | null;
    menteeSignedAt?: Date | null;
    endDate?: string;
  },
) {
  await db.insert(agreementVersions).values({
    organisationId: relationship.organisationId,
    relationshipId: relationship.id,
    version: input.version,
    content: { goals: 'Grow', endDate: input.endDate ?? null },
    mentorSignedAt: input.mentorSignedAt ?? null,
    menteeSignedAt: input.menteeSignedAt ?? null,
    createdAt: input.at,
  });
}

export async function insertActionItem(
  db: Db,
  relationship: PairRef,
  input: { title: string; dueOn: string; ownerPersonId: string | null; at: Date },
) {
  const [row] = await db
    .insert(actionItems)
    .values({
      organisationId: relationship.organisationId,
      relationshipId: relationship.id,
      title: input.title,
      dueOn: input.dueOn,
      ownerPersonId: input.ownerPersonId,
      createdAt: input.at,
      updatedAt: input.at,
    })
    .returning();
  return row!;
}

/** One side's answer to the check-in or the closing survey. */
export async function insertSurveyAnswer(
  db: Db,
  relationship: PairRef & { programId: string },
  input: { personId: string; role: 'mentor' | 'mentee'; kind: 'check_in' | 'closing'; at: Date },
) {
  await db.insert(surveyResponses).values({
    organisationId: relationship.organisationId,
    relationshipId: relationship.id,
    programId: relationship.programId,
    personId: input.personId,
    role: input.role,
    kind: input.kind,
    rating: 4,
    createdAt: input.at,
  });
}

/** A line on the pair's workspace timeline at `at` (activity, for inactivity). */
export async function insertWorkspaceActivity(db: Db, relationship: PairRef, at: Date) {
  await db.insert(workspaceActivity).values({
    organisationId: relationship.organisationId,
    relationshipId: relationship.id,
    kind: 'goal_added',
    summary: 'Added a goal',
    createdAt: at,
  });
}
