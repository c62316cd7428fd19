import { AppError, notFound } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { findProgram, findProgramForUser, type ProgramRow } from './program-access.repository.ts';

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

/**
 * The program and whether the caller is its staff, in one query: an admin needs no coordinator lookup, anyone else
 * gets the program with whether they coordinate it.
 */
async function programAndStaff(
  db: Db,
  actor: Actor,
  programId: string,
): Promise<{ program: ProgramRow; staff: boolean } | null> {
  if (actor.role === 'admin') {
    const program = await findProgram(db, actor.organisationId, programId);
    return program ? { program, staff: true } : null;
  }
  const found = await findProgramForUser(db, actor.organisationId, programId, actor.userId);
  return found ? { program: found.program, staff: found.coordinates } : null;
}

/**
 * The program, if the caller belongs to its organisation and may see it: any member once it left draft, staff always.
 * `staff` says whether the caller is its admin or coordinator (so a caller need not look it up again).
 */
export async function programForMember(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  db: Db = ctx.db,
): Promise<{ actor: Actor; program: ProgramRow; staff: boolean }> {
  const signedIn = requireActor(actor);
  const found = await programAndStaff(db, signedIn, programId);
  if (!found) throw notFound('Program');
  if (found.program.status === 'draft' && !found.staff) throw notFound('Program');
  return { actor: signedIn, program: found.program, staff: found.staff };
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
  const found = await programAndStaff(db, signedIn, programId);
  if (!found) throw notFound('Program');
  if (found.staff) return { actor: signedIn, program: found.program };
  if (found.program.status === 'draft') throw notFound('Program');
  throw new AppError(
    'forbidden',
    'Only the program’s coordinators and the organisation’s admins can do this',
  );
}
