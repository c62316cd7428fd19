import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, people } from '../../db/schema.ts';
import { likeContaining } from '../../db/sql-text.ts';

export interface DecisionTarget {
  organisationId: string;
  programId: string;
  /** The rows picked; or */
  ids?: readonly string[];
  /** every enrolment matching the list's filter. */
  filter?: { role?: string; status?: string; q?: string };
  limit: number;
}

/**
 * The enrolments a decision is about, locked for the caller's transaction, oldest first (the waitlist's order),
 * with the person's name.
 */
export async function lockDecisionTargets(db: Db, target: DecisionTarget) {
  const conditions: SQL[] = [
    eq(enrolments.organisationId, target.organisationId),
    eq(enrolments.programId, target.programId),
  ];
  if (target.ids) conditions.push(inArray(enrolments.id, [...target.ids]));
  const filter = target.filter ?? {};
  if (filter.role) conditions.push(eq(enrolments.role, filter.role));
  if (filter.status) conditions.push(eq(enrolments.status, filter.status));
  if (filter.q) {
    const pattern = likeContaining(filter.q.toLowerCase());
    conditions.push(
      or(ilike(people.name, pattern), ilike(people.email, pattern), ilike(people.title, pattern))!,
    );
  }
  return db
    .select({
      id: enrolments.id,
      personId: enrolments.personId,
      role: enrolments.role,
      status: enrolments.status,
      createdAt: enrolments.createdAt,
      name: people.name,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(and(...conditions))
    .orderBy(asc(enrolments.createdAt), asc(enrolments.id))
    .limit(target.limit)
    .for('update', { of: enrolments });
}

const waitingStatuses = ['pending_approval', 'waitlisted'];

/** How many of the program's enrolments still wait: for approval, or for a mentor place. */
export async function countWaitingEnrolments(db: Db, organisationId: string, programId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(enrolments)
    .where(
      and(
        eq(enrolments.organisationId, organisationId),
        eq(enrolments.programId, programId),
        inArray(enrolments.status, waitingStatuses),
      ),
    );
  return Number(row?.n ?? 0);
}

/** The program's waiting enrolments, locked for the caller's transaction. */
export async function lockWaitingEnrolments(db: Db, organisationId: string, programId: string) {
  return db
    .select({ id: enrolments.id, personId: enrolments.personId, personStatus: people.status })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(
        eq(enrolments.organisationId, organisationId),
        eq(enrolments.programId, programId),
        inArray(enrolments.status, waitingStatuses),
      ),
    )
    .orderBy(asc(enrolments.createdAt), asc(enrolments.id))
    .for('update', { of: enrolments });
}
