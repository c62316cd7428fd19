import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { agreementVersions, enrolments, people, programs, relationships } from '../../db/schema.ts';

export type AgreementVersionRow = typeof agreementVersions.$inferSelect;
export type AgreementVersionWithEditor = AgreementVersionRow & { editorName: string | null };

const withEditor = {
  id: agreementVersions.id,
  organisationId: agreementVersions.organisationId,
  relationshipId: agreementVersions.relationshipId,
  version: agreementVersions.version,
  content: agreementVersions.content,
  editedByPersonId: agreementVersions.editedByPersonId,
  mentorSignedAt: agreementVersions.mentorSignedAt,
  menteeSignedAt: agreementVersions.menteeSignedAt,
  createdAt: agreementVersions.createdAt,
  editorName: people.name,
};

/** Whether the person holds a live enrolment (any role) in the program: participants may read its template. */
export async function isProgramParticipant(db: Db, programId: string, personId: string): Promise<boolean> {
  const rows = await db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(
      and(
        eq(enrolments.programId, programId),
        eq(enrolments.personId, personId),
        inArray(enrolments.status, ['approved', 'pending_approval', 'waitlisted']),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Every version of a pair's agreement, newest first, with who edited it. */
export async function listAgreementVersions(
  db: Db,
  relationshipId: string,
): Promise<AgreementVersionWithEditor[]> {
  return db
    .select(withEditor)
    .from(agreementVersions)
    .leftJoin(people, eq(people.id, agreementVersions.editedByPersonId))
    .where(eq(agreementVersions.relationshipId, relationshipId))
    .orderBy(desc(agreementVersions.version));
}

export async function findAgreementVersion(
  db: Db,
  relationshipId: string,
  version: number,
): Promise<AgreementVersionWithEditor | null> {
  const rows = await db
    .select(withEditor)
    .from(agreementVersions)
    .leftJoin(people, eq(people.id, agreementVersions.editedByPersonId))
    .where(and(eq(agreementVersions.relationshipId, relationshipId), eq(agreementVersions.version, version)))
    .limit(1);
  return rows[0] ?? null;
}

/** The highest version, i.e. the one in force (or waiting for signatures). */
export async function findCurrentAgreementVersion(
  db: Db,
  relationshipId: string,
): Promise<AgreementVersionRow | null> {
  const rows = await db
    .select()
    .from(agreementVersions)
    .where(eq(agreementVersions.relationshipId, relationshipId))
    .orderBy(desc(agreementVersions.version))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertAgreementVersion(
  db: Db,
  row: {
    organisationId: string;
    relationshipId: string;
    version: number;
    content: unknown;
    editedByPersonId: string;
    at: Date;
  },
): Promise<AgreementVersionRow> {
  const [inserted] = await db
    .insert(agreementVersions)
    .values({
      organisationId: row.organisationId,
      relationshipId: row.relationshipId,
      version: row.version,
      content: row.content,
      editedByPersonId: row.editedByPersonId,
      createdAt: row.at,
    })
    .returning();
  if (!inserted) throw new Error('insert returned no row');
  return inserted;
}

export async function signAgreementVersion(
  db: Db,
  id: string,
  side: 'mentor' | 'mentee',
  at: Date,
): Promise<AgreementVersionRow> {
  const [updated] = await db
    .update(agreementVersions)
    .set(side === 'mentor' ? { mentorSignedAt: at } : { menteeSignedAt: at })
    .where(eq(agreementVersions.id, id))
    .returning();
  if (!updated) throw new Error('update returned no row');
  return updated;
}

const mentorPerson = alias(people, 'mentor_person');
const menteePerson = alias(people, 'mentee_person');
const editor = alias(people, 'editor_person');

/**
 * The person's active relationships whose agreement waits for their signature: the current version is unsigned by
 * their side, or no version was saved yet (the program's template waits to be read and signed). One query.
 */
export async function listAwaitingSignatureOf(
  db: Db,
  organisationId: string,
  personId: string,
  limit: number,
) {
  const current = and(
    eq(agreementVersions.relationshipId, relationships.id),
    sql`${agreementVersions.version} = (select max(v.version) from ${agreementVersions} v where v.relationship_id = ${relationships.id})`,
  );
  return db
    .select({
      relationshipId: relationships.id,
      programId: relationships.programId,
      programName: programs.name,
      mentorPersonId: relationships.mentorPersonId,
      mentorName: mentorPerson.name,
      menteeName: menteePerson.name,
      startedAt: relationships.startedAt,
      version: agreementVersions.version,
      versionCreatedAt: agreementVersions.createdAt,
      editedByPersonId: agreementVersions.editedByPersonId,
      editorName: editor.name,
      partnerSigned: sql<boolean>`case when ${relationships.mentorPersonId} = ${personId} then ${agreementVersions.menteeSignedAt} is not null else ${agreementVersions.mentorSignedAt} is not null end`,
    })
    .from(relationships)
    .innerJoin(programs, eq(programs.id, relationships.programId))
    .innerJoin(mentorPerson, eq(mentorPerson.id, relationships.mentorPersonId))
    .innerJoin(menteePerson, eq(menteePerson.id, relationships.menteePersonId))
    .leftJoin(agreementVersions, current)
    .leftJoin(editor, eq(editor.id, agreementVersions.editedByPersonId))
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        eq(relationships.status, 'active'),
        // A flash session is one conversation: no agreement is expected (decision 034).
        ne(relationships.origin, 'flash'),
        or(
          and(eq(relationships.mentorPersonId, personId), isNull(agreementVersions.mentorSignedAt)),
          and(eq(relationships.menteePersonId, personId), isNull(agreementVersions.menteeSignedAt)),
        ),
      ),
    )
    .orderBy(asc(relationships.startedAt), asc(relationships.id))
    .limit(limit);
}
