import type {
  EnrolmentDecisionAction,
  EnrolmentDecisionsResult,
  EnrolmentStatus,
  enrolmentDecisionsInput,
} from '../../../contracts/enrolments.contracts.ts';
import { AppError, type FieldIssue, invalidField } from '../../../core/errors.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyPeopleAndTally } from '../notifications/notice-tally.service.ts';
import type { NewNotification } from '../notifications/notifications.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { programForStaff } from '../programs/program-access.ts';
import {
  countWaitingEnrolments,
  lockDecisionTargets,
  lockWaitingEnrolments,
} from './enrolment-bulk.repository.ts';
import * as repo from './enrolments.repository.ts';
import { enrolmentStatusNote, promoteWaitlisted, rejectionNote } from './enrolments.service.ts';

type DecisionsInput = ReturnType<typeof enrolmentDecisionsInput.parse>;
type Target = Awaited<ReturnType<typeof lockDecisionTargets>>[number];

/** The most enrolments one decision takes when it names a filter (a CSV enrols at most 20,000 at a time). */
const maxFiltered = 20_000;

const verb: Record<EnrolmentDecisionAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  waitlist: 'put on the waitlist',
};

/** Why the action cannot apply to this enrolment, in words for staff; null when it can. */
function refusalOf(action: EnrolmentDecisionAction, row: Target): string | null {
  const status = row.status as EnrolmentStatus;
  if (status === 'rejected') return 'was rejected';
  if (status === 'withdrawn') return 'has left the program';
  if (action === 'waitlist') {
    if (row.role === 'mentor') return 'is a mentor: only mentees wait for a place';
    if (status === 'waitlisted') return 'is already on the waitlist';
    if (status === 'approved') return 'is already approved';
    return null;
  }
  if (status === 'approved') return 'is already approved';
  return null;
}

/** “2 are already approved, 1 has left the program”: the refusals grouped by reason, most frequent first. */
function summarise(refused: { message: string }[]): string {
  const counts = new Map<string, number>();
  for (const { message } of refused) counts.set(message, (counts.get(message) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([message, count]) => {
      // "is already approved" → "2 are already approved"; "has left" → "2 have left"; "was" → "were".
      const plural = message
        .replace(/^is a mentor/, 'are mentors')
        .replace(/^is /, 'are ')
        .replace(/^has /, 'have ')
        .replace(/^was /, 'were ');
      return `${count} ${count === 1 ? message : plural}`;
    })
    .join(', ');
}

class DryRun extends Error {
  constructor(readonly result: EnrolmentDecisionsResult) {
    super('dry run');
  }
}

/**
 * Staff decide on many enrolments of a program at once — approve, reject or put on the waitlist — picked by id or
 * as every enrolment matching the list's filter. All or nothing: an enrolment the action cannot apply to refuses the
 * whole decision (409 naming each, nothing changed) unless `leaveOutRefused`. Each person is told as a single
 * decision tells them; approving mentors lets waitlisted mentees into their places. A dry run does the same work
 * in a transaction it rolls back, so what it reports is what would happen.
 */
export async function decideEnrolments(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  input: DecisionsInput,
): Promise<EnrolmentDecisionsResult> {
  const issues: FieldIssue[] = [];
  if (!input.enrolmentIds === !input.filter)
    issues.push({ path: 'body.enrolmentIds', message: 'give either the enrolments picked or a filter' });
  if (input.reason !== undefined && input.action !== 'reject')
    issues.push({ path: 'body.reason', message: 'only when rejecting' });
  if (input.expectedCount !== undefined && !input.filter)
    issues.push({ path: 'body.expectedCount', message: 'only with a filter' });
  const seen = new Set<string>();
  const duplicate = input.enrolmentIds?.findIndex((id) => seen.has(id) || !seen.add(id)) ?? -1;
  if (duplicate >= 0) issues.push({ path: `body.enrolmentIds[${duplicate}]`, message: 'listed twice' });
  try {
    return await ctx.db.transaction(async (tx) => {
      // Staff first, then the input: a caller who may not act learns nothing from a 400.
      const { actor: staff, program: found } = await programForStaff(ctx, actor, programId, tx);
      if (issues.length > 0)
        throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
      // Every change of an enrolment's status serialises on the program row (the waitlist depends on it).
      const program = (await repo.lockProgramRow(tx, found.organisationId, found.id))!;
      if (program.status === 'closed' && input.action !== 'reject')
        throw new AppError('conflict', 'This program is closed');
      const targets = await lockDecisionTargets(tx, {
        organisationId: program.organisationId,
        programId: program.id,
        ...(input.enrolmentIds ? { ids: input.enrolmentIds } : { filter: input.filter }),
        limit: maxFiltered + 1,
      });
      checkTargets(input, targets);

      const refused = targets.flatMap((row) => {
        const why = refusalOf(input.action, row);
        return why
          ? [{ enrolmentId: row.id, name: row.name, status: row.status as EnrolmentStatus, message: why }]
          : [];
      });
      const applicable = targets.filter((row) => refusalOf(input.action, row) === null);
      if (refused.length > 0 && !input.leaveOutRefused && !input.dryRun) {
        const lead =
          refused.length < targets.length
            ? `${refused.length} of the ${plural(targets.length, 'enrolment')} cannot`
            : targets.length === 1
              ? 'This enrolment cannot'
              : `None of the ${plural(targets.length, 'enrolment')} can`;
        const why = refused.length === 1 ? `${refused[0]!.name} ${refused[0]!.message}` : summarise(refused);
        throw new AppError('conflict', `${lead} be ${verb[input.action]} (${why}). Nothing was changed.`, {
          refused: refused.slice(0, 100),
          refusedCount: refused.length,
        });
      }
      if (applicable.length === 0 && !input.dryRun)
        throw new AppError(
          'conflict',
          `None of these enrolments can be ${verb[input.action]}: nothing to do`,
        );

      const outcome = await apply(ctx, tx, program, input, applicable);
      const { tally } = await notifyPeopleAndTally(tx, outcome.notes);
      const result: EnrolmentDecisionsResult = {
        action: input.action,
        dryRun: input.dryRun,
        matched: targets.length,
        changed: applicable.length,
        approved: outcome.approved,
        waitlisted: outcome.waitlisted,
        rejected: outcome.rejected,
        promoted: outcome.promoted,
        refused: refused.slice(0, 100),
        refusedCount: refused.length,
        refusedSummary: summarise(refused),
        told: tally,
      };
      if (input.dryRun) throw new DryRun(result);
      await recordAudit(tx, {
        organisationId: staff.organisationId,
        actorUserId: staff.userId,
        action: `program.enrolments_${input.action === 'waitlist' ? 'waitlisted' : verb[input.action]}`,
        targetType: 'program',
        targetId: program.id,
        details: {
          enrolmentIds: applicable.map((row) => row.id),
          approved: outcome.approved,
          waitlisted: outcome.waitlisted,
          rejected: outcome.rejected,
          promoted: outcome.promoted,
          leftOut: refused.length,
          ...(input.reason ? { reason: input.reason } : {}),
          ...(input.filter ? { filter: input.filter } : {}),
        },
        at: ctx.now(),
      });
      return result;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`;
}

/** Ids that are not this program's enrolments are named (400); a filter must still match what the person saw. */
function checkTargets(input: DecisionsInput, targets: Target[]) {
  if (input.enrolmentIds) {
    const found = new Set(targets.map((row) => row.id));
    const missing: FieldIssue[] = input.enrolmentIds.flatMap((id, index) =>
      found.has(id) ? [] : [{ path: `body.enrolmentIds[${index}]`, message: 'no enrolment of this program' }],
    );
    if (missing.length > 0)
      throw new AppError('validation_failed', `${missing[0]!.path}: ${missing[0]!.message}`, {
        issues: missing.slice(0, 100),
      });
    return;
  }
  if (targets.length > maxFiltered)
    throw invalidField(
      'body.filter',
      `matches more than ${maxFiltered.toLocaleString('en')} enrolments: narrow the filter`,
    );
  if (input.expectedCount !== undefined && targets.length !== input.expectedCount)
    throw new AppError(
      'conflict',
      `The list changed since you looked: ${plural(targets.length, 'enrolment')} match the filter now, not ${input.expectedCount.toLocaleString('en')}. Check the list and try again. Nothing was changed.`,
      { matched: targets.length, expectedCount: input.expectedCount },
    );
  if (targets.length === 0) throw new AppError('conflict', 'No enrolment matches this filter any more');
}

interface Outcome {
  approved: number;
  waitlisted: number;
  rejected: number;
  promoted: number;
  notes: NewNotification[];
}

/** Change the statuses and write the notices each person gets, as the single decisions do. */
async function apply(
  ctx: AppContext,
  tx: Db,
  program: ProgramRow,
  input: DecisionsInput,
  rows: Target[],
): Promise<Outcome> {
  const now = ctx.now();
  const outcome: Outcome = { approved: 0, waitlisted: 0, rejected: 0, promoted: 0, notes: [] };
  const stamp = now.getTime();
  if (input.action === 'reject') {
    await repo.updateEnrolmentStatuses(
      tx,
      rows.map((row) => row.id),
      'rejected',
      now,
    );
    outcome.rejected = rows.length;
    outcome.notes = rows.map((row) => rejectionNote(program, row, input.reason, now));
    return outcome;
  }
  if (input.action === 'waitlist') {
    await repo.updateEnrolmentStatuses(
      tx,
      rows.map((row) => row.id),
      'waitlisted',
      now,
    );
    outcome.waitlisted = rows.length;
    outcome.notes = rows.map((row) => ({
      organisationId: program.organisationId,
      personId: row.personId,
      kind: 'enrolment.waitlisted',
      title: `You are on the waitlist of ${program.name}`,
      body: 'Program staff put your enrolment on the waitlist: you are in line for a mentor place. We will tell you as soon as one opens.',
      link: '/mentoring',
      dedupeKey: `enrolment-waitlisted:${row.id}:${stamp}`,
      email: { programId: program.id, actionLabel: 'See your programs' },
    }));
    return outcome;
  }

  // Approve. Waitlisted people picked are let in beyond the places (staff override, as one by one); mentors add
  // their places, which go first to the mentees already waiting; pending mentees then take what is left, oldest
  // enrolment first, and wait beyond it.
  const titles = (row: Target) => ({
    approved:
      row.status === 'waitlisted'
        ? `Program staff let you into ${program.name}: you are enrolled as a ${row.role}`
        : `Your enrolment in ${program.name} was approved`,
    waitlisted: `Your enrolment in ${program.name} was approved: you are on the waitlist`,
  });
  const noteOf = (row: Target, status: string) =>
    enrolmentStatusNote(program, row, status, titles(row), `enrolment-approved:${row.id}:${stamp}`);
  const direct = rows.filter((row) => row.status === 'waitlisted' || row.role === 'mentor');
  const pendingMentees = rows.filter((row) => row.status === 'pending_approval' && row.role === 'mentee');
  await repo.updateEnrolmentStatuses(
    tx,
    direct.map((row) => row.id),
    'approved',
    now,
  );
  outcome.notes.push(...direct.map((row) => noteOf(row, 'approved')));
  const promotedNotes: NewNotification[] = [];
  if (direct.some((row) => row.role === 'mentor'))
    outcome.promoted = await promoteWaitlisted(ctx, tx, program, promotedNotes);
  let { places, mentees } = await repo.capacityOfProgram(tx, program.id);
  const admitted: Target[] = [];
  const waiting: Target[] = [];
  for (const row of pendingMentees) {
    if (mentees < places) {
      admitted.push(row);
      mentees++;
    } else waiting.push(row);
  }
  await repo.updateEnrolmentStatuses(
    tx,
    admitted.map((row) => row.id),
    'approved',
    now,
  );
  await repo.updateEnrolmentStatuses(
    tx,
    waiting.map((row) => row.id),
    'waitlisted',
    now,
  );
  outcome.notes.push(
    ...admitted.map((row) => noteOf(row, 'approved')),
    ...waiting.map((row) => noteOf(row, 'waitlisted')),
    ...promotedNotes,
  );
  outcome.approved = direct.length + admitted.length;
  outcome.waitlisted = waiting.length;
  return outcome;
}

/** How many of a program's enrolments still wait for approval or for a mentor place (what closing it ends). */
export function waitingEnrolmentsOfProgram(db: Db, organisationId: string, programId: string) {
  return countWaitingEnrolments(db, organisationId, programId);
}

/**
 * When a program closes (decision 028): enrolments still waiting for approval or a place are withdrawn, in the
 * caller's transaction, and the notices telling each person are returned for the caller to send.
 */
export async function closeWaitingEnrolments(
  tx: Db,
  program: { id: string; organisationId: string; name: string },
  now: Date,
): Promise<{ withdrawn: number; notes: NewNotification[] }> {
  const rows = await lockWaitingEnrolments(tx, program.organisationId, program.id);
  await repo.updateEnrolmentStatuses(
    tx,
    rows.map((row) => row.id),
    'withdrawn',
    now,
  );
  const notes = rows
    .filter((row) => row.personStatus === 'active')
    .map((row) => ({
      organisationId: program.organisationId,
      personId: row.personId,
      kind: 'enrolment.closed',
      title: `${program.name} has closed`,
      body: 'The program ended before your enrolment led to a mentoring relationship, so it ended too. You can enrol in another program whenever you like.',
      link: '/mentoring',
      dedupeKey: `program-closed:enrolment:${row.id}`,
      email: { programId: program.id, actionLabel: 'See programs' },
    }));
  return { withdrawn: rows.length, notes };
}
