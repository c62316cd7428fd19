import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { relationships } from '../db/schema.ts';
import { createTwoOrganisations } from './factories.ts';
import { addCoordinator, createProgram } from './program-factories.ts';
import { createMemberPerson, createParticipant, createRelationshipRow } from './relationship-factories.ts';

/**
 * Everyone a workspace test needs: an active pair in a running program, and each caller who must be refused —
 * the organisation's admin and the program's coordinator (staff never read a workspace's content), a colleague
 * outside the pair, a mentor of another pair in the same program, and an admin of another organisation.
 * Every `cookie` goes in the `cookie` header of app.inject.
 */
export async function createWorkspaceFixture(db: Db, options: { now?: Date } = {}) {
  const two = await createTwoOrganisations(db);
  const organisationId = two.org.id;
  const program = await createProgram(db, organisationId, { status: 'running', name: 'Grow 2026' });
  const coordinator = await createMemberPerson(db, organisationId, { name: 'Cora Coordinator' });
  await addCoordinator(db, organisationId, program.id, coordinator.user.id);
  const mentor = await createParticipant(db, program, 'mentor', {
    person: { name: 'Maya Mentor', level: 7, timeZone: 'Europe/London' },
  });
  const mentee = await createParticipant(db, program, 'mentee', {
    person: { name: 'Ivy Mentee', level: 3, timeZone: 'America/New_York' },
  });
  const otherMentor = await createParticipant(db, program, 'mentor', {
    person: { name: 'Noah Mentor', level: 7 },
  });
  const otherMentee = await createParticipant(db, program, 'mentee', {
    person: { name: 'Otto Mentee', level: 3 },
  });
  const outsider = await createMemberPerson(db, organisationId, { name: 'Olga Outsider' });
  const at = new Date((options.now ?? new Date()).getTime() - 60_000);
  const relationship = await createRelationshipRow(db, {
    organisationId,
    programId: program.id,
    mentor: mentor.enrolment,
    mentee: mentee.enrolment,
    status: 'active',
    origin: 'match_run',
    expiresAt: null,
    createdAt: at,
  });
  const otherRelationship = await createRelationshipRow(db, {
    organisationId,
    programId: program.id,
    mentor: otherMentor.enrolment,
    mentee: otherMentee.enrolment,
    status: 'active',
    origin: 'match_run',
    expiresAt: null,
    createdAt: at,
  });
  return {
    organisationId,
    otherOrganisationId: two.other.id,
    program,
    relationship,
    otherRelationship,
    mentor,
    mentee,
    otherMentor,
    otherMentee,
    outsider,
    admin: two.admin,
    member: two.member,
    coordinator,
    otherAdmin: two.otherAdmin,
  };
}

export type WorkspaceFixture = Awaited<ReturnType<typeof createWorkspaceFixture>>;

/** End a relationship behind the API's back (status only), to check that its workspace turns read-only. */
export async function setRelationshipStatus(db: Db, id: string, status: 'completed' | 'ended_early') {
  await db.update(relationships).set({ status, endedAt: new Date() }).where(eq(relationships.id, id));
}
