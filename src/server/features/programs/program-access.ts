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
 * program authorises through these two functions, so the rule lives in one place.
 */

/** The program, if the caller belongs to its organisation (any member may read a program they can enrol in). */
export async function programForMember(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  db: Db = ctx.db,
) {
  const signedIn = requireActor(actor);
  const program = await findProgram(db, signedIn.organisationId, programId);
  if (!program) throw notFound('Program');
  return { actor: signedIn, program };
}

/** The program, if the caller is an admin of its organisation or one of its coordinators; else 403 (404 elsewhere). */
export async function programForStaff(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  db: Db = ctx.db,
): Promise<{ actor: Actor; program: ProgramRow }> {
  const { actor: signedIn, program } = await programForMember(ctx, actor, programId, db);
  if (signedIn.role === 'admin') return { actor: signedIn, program };
  if (await isCoordinator(db, program.id, signedIn.userId)) return { actor: signedIn, program };
  throw new AppError(
    'forbidden',
    'Only the program’s coordinators and the organisation’s admins can do this',
  );
}
