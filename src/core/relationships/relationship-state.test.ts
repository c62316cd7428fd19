import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  availableEvents,
  decideTransition,
  finalStates,
  type RelationshipActor,
  type RelationshipEvent,
  type RelationshipState,
  relationshipEvents,
  relationshipStates,
} from './relationship-state.ts';

const actors: RelationshipActor[] = ['mentor', 'mentee', 'staff', 'system'];

// The specification (§5), written out as the complete list of allowed moves; everything else must be refused.
const allowed: [RelationshipState, RelationshipEvent, RelationshipActor, RelationshipState][] = [
  ['proposed', 'accept', 'mentor', 'active'],
  ['proposed', 'accept', 'staff', 'active'],
  ['proposed', 'decline', 'mentor', 'declined'],
  ['proposed', 'decline', 'staff', 'declined'],
  ['proposed', 'expire', 'system', 'expired'],
  ['proposed', 'withdraw', 'mentee', 'withdrawn'],
  ['proposed', 'withdraw', 'staff', 'withdrawn'],
  ['proposed', 'withdraw', 'system', 'withdrawn'],
  ['active', 'complete', 'mentor', 'completed'],
  ['active', 'complete', 'mentee', 'completed'],
  ['active', 'complete', 'staff', 'completed'],
  ['active', 'complete', 'system', 'completed'],
  ['active', 'end_early', 'mentor', 'ended_early'],
  ['active', 'end_early', 'mentee', 'ended_early'],
  ['active', 'end_early', 'staff', 'ended_early'],
  ['active', 'end_early', 'system', 'ended_early'],
];

describe('relationship state machine', () => {
  for (const [from, event, actor, to] of allowed) {
    it(`allows the ${actor} to ${event} a ${from} relationship (→ ${to})`, () => {
      assert.deepEqual(decideTransition(from, event, actor, 'a reason'), { ok: true, to });
    });
  }

  it('refuses every other combination of state, event and actor, as forbidden (403) or invalid state (409)', () => {
    let refused = 0;
    for (const from of relationshipStates) {
      for (const event of relationshipEvents) {
        for (const actor of actors) {
          if (allowed.some(([f, e, a]) => f === from && e === event && a === actor)) continue;
          const outcome = decideTransition(from, event, actor, 'a reason');
          assert.equal(outcome.ok, false, `${actor} ${event} on ${from} should be refused`);
          if (outcome.ok) continue;
          const actorMayEverDoIt = allowed.some(([, e, a]) => e === event && a === actor);
          assert.equal(
            outcome.problem,
            actorMayEverDoIt ? 'invalid_state' : 'forbidden',
            `${actor} ${event} on ${from}`,
          );
          refused++;
        }
      }
    }
    assert.equal(
      refused,
      relationshipStates.length * relationshipEvents.length * actors.length - allowed.length,
    );
  });

  it('never moves a relationship out of a final state', () => {
    for (const from of finalStates) {
      for (const actor of actors) assert.deepEqual(availableEvents(from, actor), []);
    }
  });

  it('asks for a reason to decline or end early', () => {
    assert.equal(decideTransition('proposed', 'decline', 'mentor', '  ').ok, false);
    assert.equal(decideTransition('active', 'end_early', 'mentee', null).ok, false);
    assert.deepEqual(decideTransition('active', 'complete', 'mentee'), { ok: true, to: 'completed' });
  });

  it('offers each side only what it may do', () => {
    assert.deepEqual(availableEvents('proposed', 'mentor'), ['accept', 'decline']);
    assert.deepEqual(availableEvents('proposed', 'mentee'), ['withdraw']);
    assert.deepEqual(availableEvents('active', 'mentee'), ['complete', 'end_early']);
  });
});
