import type { Db } from '../db/client.ts';
import { relationshipEvents, relationships } from '../db/schema.ts';
import { createPerson, createSignedInUser } from './factories.ts';
import { enrolPerson } from './program-factories.ts';

/** Row builders for self-select requests and relationships: plain inserts, no service rules. */

/** A person of the directory with an account and a live session. */
export async function createMemberPerson(
  db: Db,
  organisationId: string,
  person: Parameters<typeof createPerson>[2] = {},
  role: 'admin' | 'member' = 'member',
) {
  const row = await createPerson(db, organisationId, person);
  const { user, cookie } = await createSignedInUser(db, organisationId, {
    personId: row.id,
    name: row.name,
    role,
  });
  return { person: row, user, cookie };
}

/** A signed-in person enrolled (approved) in a program as mentor or mentee. */
export async function createParticipant(
  db: Db,
  program: { id: string; organisationId: string },
  role: 'mentor' | 'mentee',
  options: {
    person?: Parameters<typeof createPerson>[2];
    capacity?: number | null;
    profile?: Record<string, unknown>;
  } = {},
) {
  const member = await createMemberPerson(db, program.organisationId, options.person ?? {});
  const enrolment = await enrolPerson(db, {
    organisationId: program.organisationId,
    programId: program.id,
    personId: member.person.id,
    role,
    ...(options.capacity !== undefined ? { capacity: options.capacity } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  });
  return { ...member, enrolment };
}

/** A relationship row between two enrolments, with a `created` history event. */
export async function createRelationshipRow(
  db: Db,
  input: {
    organisationId: string;
    programId: string;
    mentor: { id: string; personId: string };
    mentee: { id: string; personId: string };
    status?: string;
    origin?: 'request' | 'match_run' | 'reassignment';
    expiresAt?: Date | null;
    message?: string;
    createdAt?: Date;
  },
) {
  const at = input.createdAt ?? new Date();
  const status = input.status ?? 'proposed';
  const [row] = await db
    .insert(relationships)
    .values({
      organisationId: input.organisationId,
      programId: input.programId,
      mentorEnrolmentId: input.mentor.id,
      menteeEnrolmentId: input.mentee.id,
      mentorPersonId: input.mentor.personId,
      menteePersonId: input.mentee.personId,
      status,
      origin: input.origin ?? 'request',
      requestMessage: input.message ?? 'Would you mentor me?',
      expiresAt:
        input.expiresAt === undefined ? new Date(at.getTime() + 7 * 24 * 3600 * 1000) : input.expiresAt,
      startedAt: status === 'active' ? at : null,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await db.insert(relationshipEvents).values({
    organisationId: input.organisationId,
    relationshipId: row!.id,
    fromStatus: null,
    toStatus: status,
    details: { kind: 'created', actor: 'system' },
    createdAt: at,
  });
  return row!;
}
