import type { ProgramClosePreview, ProgramTransitionResult } from '../../../contracts/programs.contracts.ts';
import type { ProgramStatus } from '../../../core/programs/program-lifecycle.ts';
import type { Actor, AppContext } from '../../context.ts';
import { closeWaitingEnrolments, waitingEnrolmentsOfProgram } from '../enrolments/enrolment-bulk.service.ts';
import { notifyPeopleAndTally } from '../notifications/notice-tally.service.ts';
import {
  closeRelationshipsOfProgram,
  openRelationshipsOfProgram,
} from '../relationships/program-closing.service.ts';
import { programForStaff } from './program-access.ts';
import { auditProgram, programMayMove, transitionProgramWith } from './programs.service.ts';

/** What closing the program would do (staff): the numbers the confirmation shows before anything changes. */
export async function programClosePreview(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
): Promise<ProgramClosePreview> {
  const { program } = await programForStaff(ctx, actor, programId);
  const [open, waiting] = await Promise.all([
    openRelationshipsOfProgram(ctx.db, program.organisationId, program.id),
    waitingEnrolmentsOfProgram(ctx.db, program.organisationId, program.id),
  ]);
  return {
    canClose: programMayMove(program.status, 'closed'),
    activePairs: open.active,
    openRequests: open.proposed,
    waitingEnrolments: waiting,
  };
}

/**
 * Move the program along its lifecycle (staff). Closing it ends what is still open in it, in the same transaction
 * (decision 028): active pairs are completed (both people are told; the closing survey opens), proposals and
 * requests are withdrawn, and enrolments still waiting for approval or a place end; everyone concerned is told.
 */
export async function changeProgramStatus(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  to: ProgramStatus,
): Promise<ProgramTransitionResult> {
  if (to !== 'closed') {
    const { detail } = await transitionProgramWith(ctx, actor, programId, to);
    return { ...detail, closing: null };
  }
  const { detail, effects } = await transitionProgramWith(
    ctx,
    actor,
    programId,
    to,
    async (tx, program, staff: Actor) => {
      const now = ctx.now();
      const relationships = await closeRelationshipsOfProgram(tx, {
        program,
        actorUserId: staff.userId,
        now,
      });
      const enrolments = await closeWaitingEnrolments(tx, program, now);
      const { tally } = await notifyPeopleAndTally(tx, [...relationships.notes, ...enrolments.notes]);
      const closing = {
        completed: relationships.completed,
        withdrawn: relationships.withdrawn,
        enrolmentsEnded: enrolments.withdrawn,
        told: tally,
      };
      await auditProgram(tx, ctx, staff, 'program.closed', program.id, {
        completed: closing.completed,
        withdrawn: closing.withdrawn,
        enrolmentsEnded: closing.enrolmentsEnded,
      });
      return closing;
    },
  );
  return { ...detail, closing: effects };
}
