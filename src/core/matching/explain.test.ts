import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultCriteria } from './criteria.ts';
import { describeRule, explainPair, explanationText, unmatchedReason, unmatchedText } from './explain.ts';
import { syntheticProfiles } from './profiles.synthetic.ts';
import { emptyMentee, emptyMentor } from './profiles.ts';
import { ruleKeys } from './rules.ts';
import { buildScoringContext } from './scoring-context.ts';
import { scoreAll } from './scoring-fast-path.ts';

describe('explainPair', () => {
  it('criterion points add up to the pair score exactly', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 6 }), (seed, mentorCount) => {
        const { mentors, mentees } = syntheticProfiles({ mentors: mentorCount, mentees: 3, seed });
        const context = buildScoringContext(
          mentors,
          mentees,
          defaultCriteria({ matchingQuestions: ['q0', 'q1'] }),
        );
        for (let i = 0; i < mentees.length; i++) {
          for (let j = 0; j < mentors.length; j++) {
            const explanation = explainPair(context, i, j);
            const sum = explanation.criteria.reduce((total, c) => total + c.points, 0);
            assert.equal(sum, explanation.score);
            for (const c of explanation.criteria) if (c.numericWeight === 0) assert.equal(c.points, 0);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('says what matched, in words', () => {
    const context = buildScoringContext(
      [
        emptyMentor('m', {
          skillsOffered: ['SQL', 'Negotiation'],
          jobFunction: 'Product',
          languages: ['en', 'fr'],
          level: 6,
        }),
      ],
      [
        emptyMentee('e', {
          skillsWanted: ['sql', 'public speaking'],
          targetFunction: 'product',
          languages: ['fr'],
          level: 3,
          preferredMentorIds: ['m'],
        }),
      ],
      defaultCriteria(),
    );
    const explanation = explainPair(context, 0, 0);
    assert.equal(explanation.removedBy, null);
    const text = explanationText(explanation);
    assert.match(text, /skills \+\d+\.\d\d \(1 of 2 wanted skills: sql\)/);
    assert.match(text, /mentor works in Product, the function the mentee targets/);
    assert.match(text, /shared: fr/);
    assert.match(text, /mentee named this mentor/);
  });
});

describe('unmatchedReason', () => {
  it('names the rule that removed the mentors, or capacity, or the minimum score', () => {
    const mentors = [emptyMentor('senior', { level: 9 }), emptyMentor('junior', { level: 2 })];
    const mentees = [
      emptyMentee('too-senior', { level: 9 }),
      emptyMentee('reports-to-senior', { level: 3, managerChain: ['senior'] }),
      emptyMentee('fine', { level: 1 }),
    ];
    const matrix = scoreAll(buildScoringContext(mentors, mentees, defaultCriteria()));
    const tooSenior = unmatchedReason(matrix, 0);
    assert.equal(tooSenior.code, 'no_eligible_mentor');
    assert.deepEqual(tooSenior.removed, [{ rule: 'level', removed: 2 }]);
    assert.match(unmatchedText(tooSenior), /level rule of the program type 2/);
    const reports = unmatchedReason(matrix, 1);
    assert.equal(reports.code, 'no_eligible_mentor');
    assert.deepEqual(
      reports.removed.map((entry) => entry.rule),
      ['manager_chain', 'level'],
    );
    assert.equal(unmatchedReason(matrix, 2).code, 'mentors_at_capacity');

    const strict = scoreAll(buildScoringContext(mentors, mentees, defaultCriteria({ minimumScore: 9000 })));
    assert.equal(unmatchedReason(strict, 2).code, 'below_minimum_score');
  });
});

describe('describeRule', () => {
  it('words every rule for people: no key such as "must:timeZone" or "mentor_full" (issue 13 §7)', () => {
    for (const rule of ruleKeys) {
      const words = describeRule(rule);
      assert.doesNotMatch(words, /must:|_|\b[a-z]+[A-Z]|undefined/, `${rule} → ${words}`);
    }
    assert.equal(describeRule('must:timeZone'), 'must-have criterion "time zone" not met');
  });
});
