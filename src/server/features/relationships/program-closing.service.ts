import type { Db } from '../../db/client.ts';
import type { NewNotification } from '../notifications/notifications.service.ts';
import {
  countOpenRelationships,
  endRelationships,
  lockOpenRelationships,
} from './program-closing.repository.ts';
import { insertRelationshipEvents } from './relationships.repository.ts';
import { assertTransition, noteFor } from './relationships.service.ts';

/** A program's relationships still open: active pairs, and proposals or requests waiting for an answer. */
export function openRelationshipsOfProgram(db: Db, organisationId: string, programId: string) {
  return countOpenRelationships(db, organisationId, programId);
}

const reason = 'The program closed';
const reasonCode = 'program_closed';

/**
 * When a program closes (decision 028): its active pairs are completed, as a pair marking itself completed would
 * be (the closing survey opens), and its proposals and requests are withdrawn, in the caller's transaction, with a
 * history event each. Returns the counts and the notices to send each side still in the organisation.
 */
export async function closeRelationshipsOfProgram(
  tx: Db,
  input: { program: { id: string; organisationId: string; name: string }; actorUserId: string; now: Date },
): Promise<{ completed: number; withdrawn: number; notes: NewNotification[] }> {
  const { program, now } = input;
  const rows = await lockOpenRelationships(tx, program.organisationId, program.id);
  const active = rows.filter((row) => row.status === 'active');
  const proposed = rows.filter((row) => row.status === 'proposed');
  // The state machine decides; staff may complete an active relationship and withdraw a proposed one.
  const completedTo = assertTransition('active', { event: 'complete', actorKind: 'staff' });
  const withdrawnTo = assertTransition('proposed', { event: 'withdraw', actorKind: 'staff' });
  const completed = await endRelationships(tx, {
    ids: active.map((row) => row.id),
    from: 'active',
    to: completedTo,
    reason,
    reasonCode,
    at: now,
  });
  const withdrawn = await endRelationships(tx, {
    ids: proposed.map((row) => row.id),
    from: 'proposed',
    to: withdrawnTo,
    reason,
    reasonCode,
    at: now,
  });
  const events = rows.map((row) => ({
    organisationId: row.organisationId,
    relationshipId: row.id,
    fromStatus: row.status,
    toStatus: row.status === 'active' ? completedTo : withdrawnTo,
    actorUserId: input.actorUserId,
    reason,
    details: { kind: row.status === 'active' ? 'complete' : 'withdraw', actor: 'staff', cause: reasonCode },
    at: now,
  }));
  for (let start = 0; start < events.length; start += 1000)
    await insertRelationshipEvents(tx, events.slice(start, start + 1000));

  const notes: NewNotification[] = [];
  for (const row of rows) {
    for (const side of ['mentor', 'mentee'] as const) {
      if ((side === 'mentor' ? row.mentorStatus : row.menteeStatus) !== 'active') continue;
      const partner = side === 'mentor' ? row.menteeName : row.mentorName;
      const dedupeKey = `program-closed:${row.id}:${side}`;
      notes.push(
        row.status === 'active'
          ? noteFor(row, side, {
              kind: 'relationship_completed',
              title: `${program.name} has closed: your mentoring relationship with ${partner} is complete`,
              body: `The program ended, so your relationship was marked completed. Your workspace stays open for you to read, and the closing survey is open — two minutes to tell ${program.name} how it went.`,
              dedupeKey,
              email: {
                details: [
                  'The closing survey asks how the relationship went; your partner never sees your answers.',
                  'Your goals, meetings and notes stay readable in the workspace.',
                ],
                actionLabel: 'Fill in the closing survey',
              },
            })
          : noteFor(row, side, {
              kind: 'request_withdrawn',
              title: `${program.name} has closed: the proposed pairing with ${partner} was withdrawn`,
              body: 'Nothing to do.',
              dedupeKey,
            }),
      );
    }
  }
  return { completed, withdrawn, notes };
}
