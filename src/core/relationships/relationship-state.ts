/**
 * The life of a mentoring relationship (§5) as a closed state machine. Services ask it whether an actor may move a
 * relationship; it answers with the new state, or why not: `forbidden` (this actor may never do this here → 403)
 * or `invalid_state` (nobody may do this from the current state → 409).
 */

export const relationshipStates = [
  'proposed',
  'active',
  'completed',
  'ended_early',
  'declined',
  'expired',
  'withdrawn',
] as const;
export type RelationshipState = (typeof relationshipStates)[number];

export const relationshipEvents = [
  'accept',
  'decline',
  'expire',
  'withdraw',
  'complete',
  'end_early',
] as const;
export type RelationshipEvent = (typeof relationshipEvents)[number];

/** Who acts: one side of the pair, program staff (admin or coordinator), or the system (jobs, automatic rules). */
export type RelationshipActor = 'mentor' | 'mentee' | 'staff' | 'system';

interface Transition {
  from: RelationshipState;
  to: RelationshipState;
  by: readonly RelationshipActor[];
  /** A reason must be given (declines and early ends are explained to the other side and to staff). */
  needsReason: boolean;
}

const transitions: Record<RelationshipEvent, Transition> = {
  // The mentor accepts a mentee's request; staff may accept on a mentor's behalf.
  accept: { from: 'proposed', to: 'active', by: ['mentor', 'staff'], needsReason: false },
  decline: { from: 'proposed', to: 'declined', by: ['mentor', 'staff'], needsReason: true },
  // Requests with no answer in N days expire; only the expiry job does this.
  expire: { from: 'proposed', to: 'expired', by: ['system'], needsReason: false },
  // The mentee takes back a request, or the system withdraws the others once one is accepted.
  withdraw: { from: 'proposed', to: 'withdrawn', by: ['mentee', 'staff', 'system'], needsReason: false },
  complete: {
    from: 'active',
    to: 'completed',
    by: ['mentor', 'mentee', 'staff', 'system'],
    needsReason: false,
  },
  // The system ends a long-inactive relationship only where staff switched that on (decision 022), after a warning.
  end_early: {
    from: 'active',
    to: 'ended_early',
    by: ['mentor', 'mentee', 'staff', 'system'],
    needsReason: true,
  },
};

/** States a relationship never leaves. */
export const finalStates: readonly RelationshipState[] = [
  'completed',
  'ended_early',
  'declined',
  'expired',
  'withdrawn',
];

type TransitionOutcome =
  | { ok: true; to: RelationshipState }
  | { ok: false; problem: 'forbidden' | 'invalid_state' | 'reason_required'; message: string };

/** Decide whether `actor` may apply `event` to a relationship in state `from`. */
export function decideTransition(
  from: RelationshipState,
  event: RelationshipEvent,
  actor: RelationshipActor,
  reason?: string | null,
): TransitionOutcome {
  const transition = transitions[event];
  if (!transition.by.includes(actor)) {
    return {
      ok: false,
      problem: 'forbidden',
      message: `The ${actor} cannot ${event.replace('_', ' ')} a relationship`,
    };
  }
  if (transition.from !== from) {
    return {
      ok: false,
      problem: 'invalid_state',
      message: `A ${from.replace('_', ' ')} relationship cannot be ${pastTense[event]}`,
    };
  }
  if (transition.needsReason && !reason?.trim()) {
    return {
      ok: false,
      problem: 'reason_required',
      message: `A reason is required to ${event.replace('_', ' ')}`,
    };
  }
  return { ok: true, to: transition.to };
}

const pastTense: Record<RelationshipEvent, string> = {
  accept: 'accepted',
  decline: 'declined',
  expire: 'expired',
  withdraw: 'withdrawn',
  complete: 'completed',
  end_early: 'ended early',
};

/** The events that can follow from a state, for an actor (what the web offers as buttons). */
export function availableEvents(from: RelationshipState, actor: RelationshipActor): RelationshipEvent[] {
  return relationshipEvents.filter((event) => {
    const transition = transitions[event];
    return transition.from === from && transition.by.includes(actor);
  });
}
