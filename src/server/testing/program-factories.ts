import { randomUUID } from 'node:crypto';
import type { AnswersInput, EnrolmentProfileInput } from '../../contracts/enrolments.contracts.ts';
import type { Db } from '../db/client.ts';
import { enrolments, programCoordinators, programQuestions, programs, skills } from '../db/schema.ts';

/** Fast row builders for programs and enrolments: plain inserts, no service rules (no waitlist, no validation). */

export async function createProgram(
  db: Db,
  organisationId: string,
  overrides: Partial<typeof programs.$inferInsert> = {},
) {
  const suffix = randomUUID().slice(0, 8);
  const [row] = await db
    .insert(programs)
    .values({ organisationId, name: `Program ${suffix}`, status: 'enrolling', ...overrides })
    .returning();
  return row!;
}

interface EnrolPersonInput {
  organisationId: string;
  programId: string;
  personId: string;
  role: 'mentor' | 'mentee';
  /** Default `approved`. */
  status?: 'pending_approval' | 'approved' | 'waitlisted' | 'rejected' | 'withdrawn';
  /** Mentors: default 2. */
  capacity?: number | null;
  profile?: Omit<EnrolmentProfileInput, 'capacity'>;
  answers?: AnswersInput;
  createdAt?: Date;
}

function enrolmentValues(input: EnrolPersonInput): typeof enrolments.$inferInsert {
  return {
    organisationId: input.organisationId,
    programId: input.programId,
    personId: input.personId,
    role: input.role,
    status: input.status ?? 'approved',
    capacity: input.capacity === undefined ? (input.role === 'mentor' ? 2 : null) : input.capacity,
    profile: input.profile ?? {},
    answers: input.answers ?? {},
    ...(input.createdAt ? { createdAt: input.createdAt, updatedAt: input.createdAt } : {}),
  };
}

export async function enrolPerson(db: Db, input: EnrolPersonInput) {
  const [row] = await db.insert(enrolments).values(enrolmentValues(input)).returning();
  return row!;
}

/** Many enrolments in batched inserts (for large matching fixtures); returns the rows in input order. */
export async function enrolPeople(db: Db, inputs: readonly EnrolPersonInput[]) {
  const rows: (typeof enrolments.$inferSelect)[] = [];
  for (let start = 0; start < inputs.length; start += 1000) {
    const batch = inputs.slice(start, start + 1000).map(enrolmentValues);
    rows.push(...(await db.insert(enrolments).values(batch).returning()));
  }
  return rows;
}

export async function addCoordinator(db: Db, organisationId: string, programId: string, userId: string) {
  await db.insert(programCoordinators).values({ organisationId, programId, userId });
}

export async function createQuestion(
  db: Db,
  organisationId: string,
  programId: string,
  overrides: Partial<typeof programQuestions.$inferInsert> = {},
) {
  const [row] = await db
    .insert(programQuestions)
    .values({
      organisationId,
      programId,
      kind: 'single_choice',
      label: 'Which area?',
      options: ['Engineering', 'Sales', 'Design'],
      ...overrides,
    })
    .returning();
  return row!;
}

export async function createSkills(db: Db, organisationId: string, names: readonly string[]) {
  if (names.length === 0) return [];
  return db
    .insert(skills)
    .values(names.map((name) => ({ organisationId, name })))
    .returning();
}
