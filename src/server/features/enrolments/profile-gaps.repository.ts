import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, people } from '../../db/schema.ts';

/**
 * The people the program's next match run reads (issue 13 §4), with their profiles and answers: approved enrolments
 * of active people, without the mentees already paired (active or proposed) and the mentors with no place left —
 * the same people a run scores. One query, ordered by name.
 */
export async function listRunCandidates(db: Db, organisationId: string, programId: string) {
  return db
    .select({
      enrolmentId: enrolments.id,
      personId: enrolments.personId,
      role: enrolments.role,
      profile: enrolments.profile,
      answers: enrolments.answers,
      name: people.name,
      email: people.email,
      title: people.title,
      department: people.department,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(
        eq(enrolments.organisationId, organisationId),
        eq(enrolments.programId, programId),
        eq(enrolments.status, 'approved'),
        eq(people.status, 'active'),
        sql`case when ${enrolments.role} = 'mentee' then not exists (
            select 1 from relationships r where r.mentee_enrolment_id = ${enrolments.id}
              and r.status in ('active', 'proposed'))
          else coalesce(${enrolments.capacity}, 1) > (
            select count(*) from relationships r where r.mentor_enrolment_id = ${enrolments.id}
              and (r.status = 'active' or (r.status = 'proposed' and r.origin <> 'request')))
          end`,
      ),
    )
    .orderBy(people.name, enrolments.id);
}
