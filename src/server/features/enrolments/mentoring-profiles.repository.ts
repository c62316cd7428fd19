import { and, desc, eq, inArray, notExists, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, mentoringProfiles, programs, relationships } from '../../db/schema.ts';

/** A person's own mentoring profile (issue 13 §3), or null before they first enrol or save it. */
export async function findMentoringProfile(db: Db, organisationId: string, personId: string) {
  const rows = await db
    .select()
    .from(mentoringProfiles)
    .where(
      and(eq(mentoringProfiles.organisationId, organisationId), eq(mentoringProfiles.personId, personId)),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function upsertMentoringProfile(
  db: Db,
  values: {
    organisationId: string;
    personId: string;
    profile: unknown;
    capacity: number | null;
    updatedAt: Date;
  },
) {
  await db
    .insert(mentoringProfiles)
    .values(values)
    .onConflictDoUpdate({
      target: mentoringProfiles.personId,
      set: { profile: values.profile, capacity: values.capacity, updatedAt: values.updatedAt },
    });
}

/** Many profiles at once, keeping any that exist (the demo seeder). */
export async function insertMentoringProfilesQuietly(
  db: Db,
  rows: {
    organisationId: string;
    personId: string;
    profile: unknown;
    capacity: number | null;
    updatedAt: Date;
  }[],
) {
  for (let start = 0; start < rows.length; start += 1000)
    await db
      .insert(mentoringProfiles)
      .values(rows.slice(start, start + 1000))
      .onConflictDoNothing();
}

/** A person's enrolments in every program, newest change first: where the profile is read from before it is saved. */
export async function enrolmentProfilesOf(db: Db, organisationId: string, personId: string) {
  return db
    .select({
      role: enrolments.role,
      profile: enrolments.profile,
      capacity: enrolments.capacity,
      updatedAt: enrolments.updatedAt,
    })
    .from(enrolments)
    .where(and(eq(enrolments.organisationId, organisationId), eq(enrolments.personId, personId)))
    .orderBy(desc(enrolments.updatedAt), desc(enrolments.id));
}

/** Every enrolment of the organisation's people, newest change first per person (the demo seeder). */
export async function enrolmentProfilesOfOrganisation(db: Db, organisationId: string) {
  return db
    .select({
      personId: enrolments.personId,
      role: enrolments.role,
      profile: enrolments.profile,
      capacity: enrolments.capacity,
      updatedAt: enrolments.updatedAt,
    })
    .from(enrolments)
    .where(eq(enrolments.organisationId, organisationId))
    .orderBy(enrolments.personId, desc(enrolments.updatedAt), desc(enrolments.id));
}

/**
 * The person's live enrolments in programs not matched yet: the program is enrolling or matching and the enrolment
 * is in no proposed or active relationship. "My profile" may copy itself into these.
 */
export async function openEnrolmentsOf(db: Db, organisationId: string, personId: string) {
  return db
    .select({
      id: enrolments.id,
      programId: enrolments.programId,
      programName: programs.name,
      role: enrolments.role,
      status: enrolments.status,
    })
    .from(enrolments)
    .innerJoin(programs, eq(programs.id, enrolments.programId))
    .where(
      and(
        eq(enrolments.organisationId, organisationId),
        eq(enrolments.personId, personId),
        inArray(enrolments.status, ['pending_approval', 'approved', 'waitlisted']),
        inArray(programs.status, ['enrolling', 'matching']),
        notExists(
          db
            .select({ one: sql`1` })
            .from(relationships)
            .where(
              and(
                or(
                  eq(relationships.menteeEnrolmentId, enrolments.id),
                  eq(relationships.mentorEnrolmentId, enrolments.id),
                ),
                inArray(relationships.status, ['proposed', 'active']),
              ),
            ),
        ),
      ),
    )
    .orderBy(programs.name, enrolments.id);
}

/** Erasure (§10): the person's own profile goes. */
export async function deleteMentoringProfile(db: Db, organisationId: string, personId: string) {
  const rows = await db
    .delete(mentoringProfiles)
    .where(
      and(eq(mentoringProfiles.organisationId, organisationId), eq(mentoringProfiles.personId, personId)),
    )
    .returning({ personId: mentoringProfiles.personId });
  return rows.length;
}

/** Erasure (§10): what the person wrote when enrolling (profile and answers) is emptied; the enrolments stay. */
export async function clearEnrolmentWordsOf(db: Db, organisationId: string, personId: string, at: Date) {
  const rows = await db
    .update(enrolments)
    .set({ profile: {}, answers: {}, updatedAt: at })
    .where(and(eq(enrolments.organisationId, organisationId), eq(enrolments.personId, personId)))
    .returning({ id: enrolments.id });
  return rows.length;
}
