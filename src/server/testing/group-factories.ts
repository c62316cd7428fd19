import type { Db } from '../db/client.ts';
import { mentoringGroups, relationshipEvents, relationships } from '../db/schema.ts';
import { createParticipant } from './relationship-factories.ts';

/** Row builders for mentoring groups (issue 14): plain inserts, no service rules. */

type Participant = Awaited<ReturnType<typeof createParticipant>>;

/**
 * A group in a program: a signed-in mentor (and optional co-mentor) and `mentees` signed-in mentees, each with an
 * active relationship to the mentor carrying the group's id. Pass existing participants to reuse them.
 */
export async function createGroupRow(
  db: Db,
  program: { id: string; organisationId: string },
  options: {
    name?: string;
    mentees?: number;
    mentor?: Participant;
    coMentor?: Participant | boolean;
    members?: Participant[];
    status?: 'open' | 'active' | 'closed';
    origin?: 'match_run' | 'staff' | 'self_select';
    startedAt?: Date;
  } = {},
) {
  const at = options.startedAt ?? new Date();
  const mentor = options.mentor ?? (await createParticipant(db, program, 'mentor', { capacity: 8 }));
  const coMentor =
    options.coMentor === true
      ? await createParticipant(db, program, 'mentor', { capacity: 8 })
      : options.coMentor || null;
  const members = options.members ?? [];
  for (let i = members.length; i < (options.mentees ?? 3); i += 1)
    members.push(await createParticipant(db, program, 'mentee'));
  const [group] = await db
    .insert(mentoringGroups)
    .values({
      organisationId: program.organisationId,
      programId: program.id,
      mentorEnrolmentId: mentor.enrolment.id,
      mentorPersonId: mentor.person.id,
      coMentorEnrolmentId: coMentor?.enrolment.id ?? null,
      coMentorPersonId: coMentor?.person.id ?? null,
      name: options.name ?? `${mentor.person.name}'s group`,
      status: options.status ?? 'active',
      origin: options.origin ?? 'staff',
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  const memberships = [];
  for (const member of members) {
    const [row] = await db
      .insert(relationships)
      .values({
        organisationId: program.organisationId,
        programId: program.id,
        mentorEnrolmentId: mentor.enrolment.id,
        menteeEnrolmentId: member.enrolment.id,
        mentorPersonId: mentor.person.id,
        menteePersonId: member.person.id,
        status: 'active',
        origin: 'group',
        groupId: group!.id,
        startedAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    await db.insert(relationshipEvents).values({
      organisationId: program.organisationId,
      relationshipId: row!.id,
      fromStatus: null,
      toStatus: 'active',
      reason: 'joined the group',
      createdAt: at,
    });
    memberships.push({ ...member, relationship: row! });
  }
  return { group: group!, mentor, coMentor, members: memberships };
}
