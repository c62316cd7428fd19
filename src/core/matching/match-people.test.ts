import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultCriteria } from './criteria.ts';
import { candidateInstance, matchPeople } from './match-people.ts';
import { syntheticProfiles } from './profiles.synthetic.ts';
import { emptyMentee, emptyMentor } from './profiles.ts';
import { buildScoringContext } from './scoring-context.ts';
import { scoreAll } from './scoring-fast-path.ts';
import { evaluatePair } from './scoring-reference.ts';

describe('matchPeople', () => {
  it('pairs only eligible mentors within capacity and explains every unmatched mentee', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom('optimal', 'participation', 'fair', 'stable' as const),
        (seed, mentorCount, menteeCount, mode) => {
          const { mentors, mentees } = syntheticProfiles({
            mentors: mentorCount,
            mentees: menteeCount,
            seed,
          });
          const criteria = defaultCriteria({ levelRule: { type: 'one_to_one', gap: 1 }, minimumScore: 3000 });
          const result = matchPeople(mentors, mentees, criteria, mode, { seed: 1 });
          const load = new Map<string, number>();
          for (const pair of result.pairs) {
            const evaluation = evaluatePair(result.context, pair.menteeIndex, pair.mentorIndex);
            assert.equal(evaluation.removedBy, null);
            assert.equal(pair.score, evaluation.score);
            assert.equal(pair.explanation?.score, pair.score);
            load.set(pair.mentorId, (load.get(pair.mentorId) ?? 0) + 1);
          }
          for (const mentor of mentors) assert.ok((load.get(mentor.id) ?? 0) <= mentor.capacity);
          assert.equal(result.pairs.length + result.unmatched.length, mentees.length);
          for (const entry of result.unmatched) {
            if (entry.reason.code === 'mentors_at_capacity') {
              // Every mentor that was eligible for this mentee is full.
              for (let j = 0; j < mentors.length; j++) {
                if (
                  evaluatePair(result.context, entry.menteeIndex, j).removedBy === null &&
                  mode !== 'stable'
                ) {
                  assert.equal(load.get(mentors[j].id) ?? 0, mentors[j].capacity, `mentor ${j} had room`);
                }
              }
            } else assert.equal(entry.reason.eligibleMentors, 0);
          }
          assert.equal(
            result.statistics.totalScore,
            result.pairs.reduce((sum, pair) => sum + pair.score, 0),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps locked pairs, even against the rules, and rejects unknown ids', () => {
    const mentors = [emptyMentor('boss', { level: 9 }), emptyMentor('other', { level: 9 })];
    const mentees = [emptyMentee('report', { level: 2, managerChain: ['boss'] })];
    const result = matchPeople(mentors, mentees, defaultCriteria(), 'optimal', {
      locked: [['report', 'boss']],
    });
    assert.equal(result.pairs[0].mentorId, 'boss');
    assert.equal(result.pairs[0].locked, true);
    assert.throws(
      () => matchPeople(mentors, mentees, defaultCriteria(), 'optimal', { locked: [['nobody', 'boss']] }),
      /locked\[0\]: unknown mentee nobody/,
    );
  });

  it('prefers the better mentor when capacity is short (optimal)', () => {
    const mentors = [emptyMentor('sql', { skillsOffered: ['sql'] })];
    const mentees = [
      emptyMentee('wants-sql', { skillsWanted: ['sql'] }),
      emptyMentee('wants-go', { skillsWanted: ['go'] }),
    ];
    const result = matchPeople(mentors, mentees, defaultCriteria(), 'optimal');
    assert.deepEqual(
      result.pairs.map((pair) => pair.menteeId),
      ['wants-sql'],
    );
    assert.equal(result.unmatched[0].reason.code, 'mentors_at_capacity');
  });

  it("keeps each mentee's best N eligible mentors as candidates, deterministically", () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 12 }),
        (seed, count, n) => {
          const { mentors, mentees } = syntheticProfiles({ mentors: count, mentees: 6, seed });
          const context = buildScoringContext(
            mentors,
            mentees,
            defaultCriteria({ levelRule: { type: 'peer' } }),
          );
          const matrix = scoreAll(context);
          const instance = candidateInstance(matrix, context.mentorRemaining, n);
          for (let i = 0; i < mentees.length; i++) {
            const row = Array.from(matrix.scores.subarray(i * count, (i + 1) * count));
            const eligible = row.filter((score) => score >= 0);
            const kept = Array.from(
              instance.arcMentor.subarray(instance.arcStart[i], instance.arcStart[i + 1]),
            );
            assert.equal(kept.length, Math.min(n, eligible.length));
            assert.deepEqual(
              kept,
              [...kept].sort((a, b) => a - b),
            );
            const lowestKept = Math.min(...kept.map((j) => row[j]));
            for (let j = 0; j < count; j++) {
              if (row[j] >= 0 && !kept.includes(j)) assert.ok(row[j] <= lowestKept);
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('with enough candidates, the pruned solve equals the exact one', () => {
    const { mentors, mentees } = syntheticProfiles({ mentors: 15, mentees: 40, seed: 3 });
    const criteria = defaultCriteria({ levelRule: { type: 'one_to_one', gap: 1 } });
    const exact = matchPeople(mentors, mentees, criteria, 'optimal', { explain: false });
    const pruned = matchPeople(mentors, mentees, criteria, 'optimal', {
      explain: false,
      candidatesPerMentee: 15,
    });
    assert.equal(pruned.statistics.totalScore, exact.statistics.totalScore);
    const few = matchPeople(mentors, mentees, criteria, 'optimal', {
      explain: false,
      candidatesPerMentee: 1,
    });
    assert.ok(few.statistics.totalScore <= exact.statistics.totalScore);
  });
});
