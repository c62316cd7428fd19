import { AppError, notFound } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { findProgram, isCoordinator, type ProgramRow } from './program-access.repository.ts';

export type { ProgramRow };

/** The program of an organisation, with no caller to authorise: for jobs and the demo seeder. */
export async function programInOrganisation(
  db: Db,
  organisationId: string,
  programId: string,
): Promise<ProgramRow | null> {
  return findProgram(db, organisationId, programId);
}

/**
 * Program staff are the organisation's admins and the program's coordinators (§10). Every feature that acts on a
 * program authorises through these two functions, so the rule lives in one place. A draft is staff's work in
 * progress: to anyone else it does not exist yet (404 on every route, reads and writes alike, its enrolment form
 * included), so its name and questions do not leak before it opens.
 */

function isStaff(db: Db, actor: Actor, programId: string): Promise<boolean> | boolean {
  return actor.role === 'admin' || isCoordinator(db, programId, actor.userId);
}

/** The program, if the caller belongs to its organisation and may see it: any member once it left draft, staff always. */
export async function programForMember(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  db: Db = ctx.db,
) {
  const signedIn = requireActor(actor);
  const program = await findProgram(db, signedIn.organisationId, programId);
  if (!program) throw notFound('Program');
  if (program.status === 'draft' && !(await isStaff(db, signedIn, program.id))) throw notFound('Program');
  return { actor: signedIn, program };
}

/**
 * The program, if the caller is an admin of its organisation or one of its coordinators; else 403 — or 404 for a
 * draft, which a non-staff caller may not know exists (and for another organisation's program).
 */
export async function programForStaff(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  db: Db = ctx.db,
): Promise<{ actor: Actor; program: ProgramRow }> {
  const signedIn = requireActor(actor);
  const program = await findProgram(db, signedIn.organisationId, programId);
  if (!program) throw notFound('Program');
  if (await isStaff(db, signedIn, program.id)) return { actor: signedIn, program };
  if (program.status === 'draft') throw notFound('Program');
  throw new AppError(
    'forbidden',
    'Only the program’s coordinators and the organisation’s admins can do this',
  );
}
