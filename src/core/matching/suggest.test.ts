import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultCriteria } from './criteria.ts';
import { syntheticProfiles } from './profiles.synthetic.ts';
import { emptyMentee, emptyMentor } from './profiles.ts';
import { buildScoringContext } from './scoring-context.ts';
import { evaluatePair } from './scoring-reference.ts';
import { suggest } from './suggest.ts';

describe('suggest', () => {
  it('never suggests an ineligible or full mentor, nor the same one twice, and is deterministic', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 8 }),
        (seed, count, k) => {
          const { mentors, mentees } = syntheticProfiles({ mentors: count, mentees: 4, seed });
          mentors.forEach((mentor, j) => {
            if (j % 3 === 0) mentor.currentMentees = mentor.capacity;
          });
          const context = buildScoringContext(
            mentors,
            mentees,
            defaultCriteria({ levelRule: { type: 'peer' } }),
          );
          for (let i = 0; i < mentees.length; i++) {
            const suggestions = suggest(context, i, k, { seed });
            assert.ok(suggestions.length <= k);
            assert.equal(new Set(suggestions.map((s) => s.mentorIndex)).size, suggestions.length);
            for (const s of suggestions) {
              assert.equal(evaluatePair(context, i, s.mentorIndex).removedBy, null);
              assert.ok(mentors[s.mentorIndex].capacity > (mentors[s.mentorIndex].currentMentees ?? 0));
              assert.equal(s.score, s.explanation.score);
            }
            assert.deepEqual(
              suggest(context, i, k, { seed }).map((s) => s.mentorId),
              suggestions.map((s) => s.mentorId),
            );
            // With enough eligible mentors, k are returned.
            const eligible = mentors.filter((_, j) => evaluatePair(context, i, j).removedBy === null).length;
            assert.equal(suggestions.length, Math.min(k, eligible));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('spreads near-equal mentors across mentees instead of putting one first for everyone', () => {
    const mentors = Array.from({ length: 10 }, (_, j) =>
      emptyMentor(`m${j}`, { skillsOffered: ['sql'], capacity: 3 }),
    );
    const mentees = Array.from({ length: 40 }, (_, i) => emptyMentee(`e${i}`, { skillsWanted: ['sql'] }));
    const context = buildScoringContext(mentors, mentees, defaultCriteria());
    const firsts = new Set(mentees.map((_, i) => suggest(context, i, 1)[0].mentorId));
    assert.ok(firsts.size >= 5, `only ${firsts.size} distinct first suggestions`);
  });

  it('puts a clearly better mentor first, and demotes one with many pending requests', () => {
    const mentors = [
      emptyMentor('generalist', { skillsOffered: ['sql'] }),
      emptyMentor('expert', { skillsOffered: ['sql', 'negotiation'], capacity: 2 }),
    ];
    const mentees = [emptyMentee('e', { skillsWanted: ['sql', 'negotiation'] })];
    const context = buildScoringContext(mentors, mentees, defaultCriteria());
    assert.equal(suggest(context, 0, 2)[0].mentorId, 'expert');
    const busy = suggest(context, 0, 2, { pendingRequests: [0, 2] });
    assert.equal(busy[0].mentorId, 'generalist');
    assert.equal(busy[1].load, 1);
    assert.deepEqual(
      suggest(context, 0, 2, { exclude: [1] }).map((s) => s.mentorId),
      ['generalist'],
    );
    assert.deepEqual(
      suggest(context, 0, 2, { remaining: [1, 0] }).map((s) => s.mentorId),
      ['generalist'],
    );
  });
});
