import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type Criteria,
  type CriterionKey,
  criterionKeys,
  defaultCriteria,
  numericWeight,
  programTypes,
  type Weight,
} from './criteria.ts';
import { explainPair, explanationText, neutralWarning } from './explain.ts';
import { neutralShare, restsOnNeutral } from './neutral-share.ts';
import { syntheticProfiles } from './profiles.synthetic.ts';
import {
  answerTerms,
  distinctTerms,
  emptyMentee,
  emptyMentor,
  type MenteeProfile,
  type MentorProfile,
  normaliseTerm,
} from './profiles.ts';
import { buildScoringContext } from './scoring-context.ts';
import { tokenize } from './text-similarity.ts';

const january = new Date('2026-01-15T12:00:00Z');

/**
 * Brute force, from the profiles alone: whether each criterion of a pair has nothing to go on (missing on a side,
 * or the mentee stated no preference), written plainly and apart from the scorer.
 */
function missingByHand(
  mentee: MenteeProfile,
  mentor: MentorProfile,
  matchingQuestions: readonly string[],
): Record<CriterionKey, boolean> {
  const blank = (value: string | null) => value === null || normaliseTerm(value) === '';
  const knownZone = (zone: string | null) => zone !== null && zone !== '' && zone !== 'Mars/Olympus_Mons';
  return {
    skills: distinctTerms(mentee.skillsWanted).length === 0,
    goals: tokenize(mentee.goals).length === 0 || tokenize(mentor.goals).length === 0,
    function: blank(mentee.targetFunction) || blank(mentor.jobFunction),
    learningStyle: mentee.learningStyle === null || mentor.learningStyle === null,
    seniority: mentee.level === null || mentor.level === null,
    timeZone: !knownZone(mentee.timeZone) || !knownZone(mentor.timeZone),
    language: distinctTerms(mentee.languages).length === 0 || distinctTerms(mentor.languages).length === 0,
    department: mentee.departmentPreference === 'any' || blank(mentee.department) || blank(mentor.department),
    answers: [...new Set(matchingQuestions)].every((id) => answerTerms(mentee.answers[id]).length === 0),
    preference: mentee.preferredMentorIds.length === 0,
  };
}

const weightArbitrary: fc.Arbitrary<Weight> = fc.oneof(
  fc.constantFrom<Weight>('high', 'medium', 'low', 'off'),
  fc.integer({ min: 0, max: 7 }),
);

/** Random programs with many holes: each optional field is blanked at random on either side. */
const programArbitrary = fc
  .record({
    seed: fc.nat(),
    mentors: fc.integer({ min: 1, max: 6 }),
    mentees: fc.integer({ min: 1, max: 6 }),
    weights: fc.record(
      Object.fromEntries(criterionKeys.map((key) => [key, weightArbitrary])) as Record<
        CriterionKey,
        fc.Arbitrary<Weight>
      >,
    ),
    type: fc.constantFrom(...programTypes),
    questions: fc.subarray(['q0', 'q1', 'q2']),
    holes: fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }),
  })
  .map(({ seed, mentors: m, mentees: n, weights, type, questions, holes }) => {
    const { mentors, mentees } = syntheticProfiles({ mentors: m, mentees: n, seed, skills: 5 });
    let k = 0;
    const hole = () => holes[k++ % holes.length];
    for (const person of [...mentors, ...mentees]) {
      if (hole()) person.goals = hole() ? '' : 'the and of';
      if (hole()) person.learningStyle = null;
      if (hole()) person.level = null;
      if (hole()) person.timeZone = hole() ? null : 'Mars/Olympus_Mons';
      if (hole()) person.languages = hole() ? [] : ['  '];
      if (hole()) person.department = hole() ? null : ' ';
      if (hole()) person.jobFunction = null;
      if (hole()) person.answers = {};
    }
    for (const mentee of mentees) {
      if (hole()) mentee.skillsWanted = hole() ? [] : [' '];
      if (hole()) mentee.targetFunction = null;
      if (hole()) mentee.departmentPreference = hole() ? 'same' : 'different';
      if (hole()) mentee.preferredMentorIds = [mentors[0].id];
    }
    const criteria: Criteria = {
      ...defaultCriteria({ matchingQuestions: questions }),
      weights,
      levelRule: { type, gap: 1 },
    };
    return { mentors, mentees, criteria };
  });

describe('neutral share of a pair score', () => {
  it('equals a brute-force computation from the profiles on random programs', () => {
    fc.assert(
      fc.property(programArbitrary, ({ mentors, mentees, criteria }) => {
        const context = buildScoringContext(mentors, mentees, criteria, { at: january });
        const questions = criteria.matchingQuestions ?? [];
        for (let i = 0; i < mentees.length; i++) {
          for (let j = 0; j < mentors.length; j++) {
            const explanation = explainPair(context, i, j);
            const byHand = missingByHand(mentees[i], mentors[j], questions);
            let total = 0;
            let fromNeutral = 0;
            for (const c of explanation.criteria) {
              assert.equal(c.neutral, byHand[c.criterion], `${c.criterion} of pair ${i},${j}`);
              // A criterion with nothing to go on scores exactly half marks.
              if (c.neutral) assert.equal(c.value, 0.5, c.criterion);
              const weight =
                c.criterion === 'answers' && questions.length === 0
                  ? 0
                  : numericWeight(criteria.weights[c.criterion]);
              total += weight * c.value;
              if (byHand[c.criterion]) fromNeutral += weight * 0.5;
            }
            const expected = total === 0 ? 0 : fromNeutral / total;
            assert.ok(
              Math.abs(explanation.neutralShare - expected) < 1e-9,
              `pair ${i},${j}: ${explanation.neutralShare} vs ${expected}`,
            );
            assert.ok(explanation.neutralShare >= 0 && explanation.neutralShare <= 1);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('tells half marks earned from half marks for nothing', () => {
    const mentee = emptyMentee('e', { skillsWanted: ['SQL', 'Negotiation'] });
    const mentor = emptyMentor('m', { skillsOffered: ['sql'] });
    const context = buildScoringContext(
      [mentor],
      [mentee],
      { ...defaultCriteria(), weights: { ...defaultCriteria().weights, language: 'off' } },
      { at: january },
    );
    const explanation = explainPair(context, 0, 0);
    const skills = explanation.criteria.find((c) => c.criterion === 'skills')!;
    assert.equal(skills.value, 0.5, 'one of two wanted skills');
    assert.equal(skills.neutral, false, 'known, so it is evidence');
    // Everything else is unknown (goals 3, function 3, learning style 1, seniority 1, time zone 3, department 1,
    // preference 5, each at half marks): 8.5 of the 11 weighted points come from nothing.
    assert.equal(explanation.neutralShare, 8.5 / 11);
    assert.ok(restsOnNeutral(explanation.neutralShare));
    assert.match(
      explanationText(explanation),
      /77% of this score comes from criteria with information missing/,
    );
    assert.match(neutralWarning(explanation), /\(goals, target function, learning style, seniority/);
  });

  it('is 0 for a pair known on every side, and for a score of 0', () => {
    assert.equal(neutralShare([5, 3], [10000, 2000], [0, 0]), 0);
    assert.equal(neutralShare([5, 0], [0, 5000], [0, 1]), 0);
    assert.equal(neutralShare([1, 1], [5000, 5000], [1, 1]), 1);
    assert.equal(restsOnNeutral(0.5), false, 'half is not "mostly"');
  });

  it('leaves no warning in the text of a pair resting on evidence', () => {
    const mentee = emptyMentee('e', { skillsWanted: ['SQL'], goals: 'grow into product management' });
    const mentor = emptyMentor('m', { skillsOffered: ['SQL'], goals: 'product management coaching' });
    const context = buildScoringContext(
      [mentor],
      [mentee],
      {
        ...defaultCriteria(),
        weights: Object.fromEntries(
          criterionKeys.map((key) => [key, key === 'skills' || key === 'goals' ? 'high' : 'off']),
        ) as Criteria['weights'],
      },
      { at: january },
    );
    const explanation = explainPair(context, 0, 0);
    assert.equal(explanation.neutralShare, 0);
    assert.doesNotMatch(explanationText(explanation), /information missing/);
  });
});
