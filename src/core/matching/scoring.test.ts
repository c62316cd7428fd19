import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type Criteria,
  criterionKeys,
  defaultCriteria,
  parseCriteria,
  programTypes,
  type Weight,
} from './criteria.ts';
import { syntheticProfiles } from './profiles.synthetic.ts';
import { emptyMentee, emptyMentor, managerChainOf } from './profiles.ts';
import { levelAllowed, ruleKeys } from './rules.ts';
import { buildScoringContext } from './scoring-context.ts';
import { createRowScratch, scoreAll, scoreRow } from './scoring-fast-path.ts';
import { evaluatePair } from './scoring-reference.ts';
import { roundedScore, seniorityFit, workingHoursOverlap } from './scoring-scale.ts';

const january = new Date('2026-01-15T12:00:00Z');

const weightArbitrary: fc.Arbitrary<Weight> = fc.oneof(
  fc.constantFrom<Weight>('must', 'high', 'medium', 'low', 'off'),
  fc.integer({ min: 0, max: 7 }),
  fc.double({ min: 0, max: 4, noNaN: true }),
);

const criteriaArbitrary: fc.Arbitrary<Omit<Criteria, 'previousPairs'>> = fc.record({
  weights: fc.record(Object.fromEntries(criterionKeys.map((key) => [key, weightArbitrary])) as never),
  levelRule: fc.record({ type: fc.constantFrom(...programTypes), gap: fc.integer({ min: 0, max: 3 }) }),
  minimumScore: fc.option(fc.integer({ min: 0, max: 8000 }), { nil: undefined }),
  matchingQuestions: fc.subarray(['q0', 'q1', 'q2', 'missing']),
  mustThresholds: fc.option(
    fc.dictionary(fc.constantFrom(...criterionKeys), fc.double({ min: 0, max: 1, noNaN: true })),
    {
      nil: undefined,
    },
  ),
});

/** Small random programs: tiny vocabularies so skills, zones, departments and answers collide often. */
const programArbitrary = fc
  .record({
    seed: fc.nat(),
    mentors: fc.integer({ min: 1, max: 12 }),
    mentees: fc.integer({ min: 1, max: 12 }),
    criteria: criteriaArbitrary,
    previousPairCount: fc.integer({ min: 0, max: 5 }),
    shout: fc.boolean(),
  })
  .map(({ seed, mentors: mentorCount, mentees: menteeCount, criteria, previousPairCount, shout }) => {
    const { mentors, mentees } = syntheticProfiles({
      mentors: mentorCount,
      mentees: menteeCount,
      seed,
      skills: 6,
    });
    // Mixed case must not change anything: vocabularies are compared normalised.
    if (shout)
      for (const mentor of mentors)
        mentor.skillsOffered = mentor.skillsOffered.map((s) => ` ${s.toUpperCase()}`);
    const previousPairs: [string, string][] = [];
    for (let k = 0; k < previousPairCount; k++) {
      previousPairs.push([mentees[(seed + k) % menteeCount].id, mentors[(seed * 7 + k) % mentorCount].id]);
    }
    // Make sure a mentor sits in a mentee's chain and a mentor is full in every program.
    if (mentees.length > 0 && mentors.length > 0) {
      mentees[0].managerChain = [...mentees[0].managerChain, mentors[0].id];
      mentors[mentors.length - 1].currentMentees = mentors[mentors.length - 1].capacity;
    }
    return { mentors, mentees, criteria: { ...criteria, previousPairs } as Criteria };
  });

describe('scoring fast path', () => {
  it('equals the per-pair reference on random programs (scores and the rule that removed each pair)', () => {
    fc.assert(
      fc.property(programArbitrary, ({ mentors, mentees, criteria }) => {
        const context = buildScoringContext(mentors, mentees, criteria, { at: january });
        const matrix = scoreAll(context);
        for (let i = 0; i < mentees.length; i++) {
          const counts = new Int32Array(ruleKeys.length);
          for (let j = 0; j < mentors.length; j++) {
            const reference = evaluatePair(context, i, j);
            const fast = matrix.scores[i * mentors.length + j];
            assert.equal(fast, reference.removedBy === null ? reference.score : -1, `pair ${i},${j}`);
            if (reference.removedBy !== null) counts[ruleKeys.indexOf(reference.removedBy)]++;
            assert.ok(reference.score >= 0 && reference.score <= 10000);
          }
          assert.deepEqual(
            [...matrix.removedCounts.subarray(i * ruleKeys.length, (i + 1) * ruleKeys.length)],
            [...counts],
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never lets the mentee themself or anyone in their reporting line through', () => {
    fc.assert(
      fc.property(
        programArbitrary,
        fc.integer({ min: 0, max: 100 }),
        ({ mentors, mentees, criteria }, pick) => {
          // Make a mentor the mentee and another their skip-level manager.
          const mentee = mentees[pick % mentees.length];
          mentors[pick % mentors.length] = { ...mentors[pick % mentors.length], id: mentee.id };
          const context = buildScoringContext(mentors, mentees, { ...criteria, minimumScore: undefined });
          const matrix = scoreAll(context);
          mentees.forEach((person, i) => {
            mentors.forEach((mentor, j) => {
              if (mentor.id === person.id || person.managerChain.includes(mentor.id)) {
                assert.equal(matrix.scores[i * mentors.length + j], -1);
              }
            });
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('scores a row the same way for a single mentee as for the whole matrix', () => {
    const { mentors, mentees } = syntheticProfiles({ mentors: 50, mentees: 20, seed: 7 });
    const context = buildScoringContext(
      mentors,
      mentees,
      defaultCriteria({ matchingQuestions: ['q0', 'q1'] }),
      {
        at: january,
      },
    );
    const matrix = scoreAll(context);
    const row = new Int32Array(mentors.length);
    scoreRow(context, 13, createRowScratch(context), row);
    assert.deepEqual([...row], [...matrix.scores.subarray(13 * 50, 14 * 50)]);
  });
});

describe('criteria values', () => {
  const only = (key: (typeof criterionKeys)[number], extra: Partial<Criteria> = {}): Criteria =>
    defaultCriteria({
      weights: Object.fromEntries(
        criterionKeys.map((k) => [k, k === key ? 'high' : 'off']),
      ) as Criteria['weights'],
      levelRule: { type: 'peer' },
      ...extra,
    });

  it('skills: share of wanted skills the mentor offers, case-insensitive', () => {
    const context = buildScoringContext(
      [emptyMentor('m', { skillsOffered: ['Public Speaking', 'sql'] })],
      [emptyMentee('e', { skillsWanted: ['public speaking', 'SQL', 'negotiation'] })],
      only('skills'),
    );
    assert.equal(evaluatePair(context, 0, 0).score, 6667);
  });

  it('time zone: hours of 9–17 overlap, across midnight too', () => {
    assert.equal(workingHoursOverlap(60, -300), 120); // Paris and New York in winter
    assert.equal(workingHoursOverlap(540, -480), 60); // Tokyo and Los Angeles in winter
    assert.equal(workingHoursOverlap(330, 330), 480);
    const context = buildScoringContext(
      [emptyMentor('m', { timeZone: 'America/New_York' }), emptyMentor('k', { timeZone: 'Asia/Kolkata' })],
      [emptyMentee('e', { timeZone: 'Europe/Paris' }), emptyMentee('x', { timeZone: 'Not/AZone' })],
      only('timeZone'),
      { at: january },
    );
    assert.equal(evaluatePair(context, 0, 0).score, 2500);
    assert.equal(evaluatePair(context, 0, 1).score, 4375); // Paris and Kolkata share 3.5 of 8 hours
    assert.equal(evaluatePair(context, 1, 0).score, 5000, 'an unknown zone is neutral');
    assert.deepEqual([...scoreAll(context).scores], [2500, 4375, 5000, 5000]);
  });

  it('unknown data is neutral (50.00) and passes a must', () => {
    const context = buildScoringContext(
      [emptyMentor('m')],
      [emptyMentee('e', { languages: ['fr'] })],
      only('language', { weights: { ...only('language').weights, language: 'must' } }),
    );
    const result = evaluatePair(context, 0, 0);
    assert.equal(result.score, 5000);
    assert.equal(result.removedBy, null);
  });

  it('an unmet must removes the pair and names the criterion', () => {
    const context = buildScoringContext(
      [emptyMentor('m', { languages: ['en'] })],
      [emptyMentee('e', { languages: ['fr'] })],
      defaultCriteria({ levelRule: { type: 'peer' } }),
    );
    assert.equal(evaluatePair(context, 0, 0).removedBy, 'must:language');
    const matrix = scoreAll(context);
    assert.equal(matrix.scores[0], -1);
    assert.equal(matrix.removedCounts[ruleKeys.indexOf('must:language')], 1);
  });

  it('goals: similar texts score higher than unrelated ones; abbreviations are expanded', () => {
    const context = buildScoringContext(
      [
        emptyMentor('pm', { goals: 'I lead product management and roadmap strategy' }),
        emptyMentor('acct', { goals: 'Accounting, audit and tax compliance' }),
      ],
      [emptyMentee('e', { goals: 'I want to become a PM and own a product roadmap' })],
      only('goals'),
    );
    assert.ok(evaluatePair(context, 0, 0).score > 2000);
    assert.equal(evaluatePair(context, 0, 1).score, 0);
  });

  it('answers: per question, share of the mentee choices the mentor also chose, averaged', () => {
    const context = buildScoringContext(
      [emptyMentor('m', { answers: { q1: 'remote', q2: ['a', 'b'] } })],
      [emptyMentee('e', { answers: { q1: 'Remote', q2: ['b', 'c', 'd', 'e'], q3: 'x' } })],
      only('answers', { matchingQuestions: ['q1', 'q2'] }),
    );
    assert.equal(evaluatePair(context, 0, 0).score, 6250);
  });

  it('department and preference follow what the mentee asked for', () => {
    const mentors = [
      emptyMentor('same', { department: 'Sales' }),
      emptyMentor('other', { department: 'Engineering' }),
    ];
    const mentee = emptyMentee('e', { department: 'sales', departmentPreference: 'different' });
    const context = buildScoringContext(mentors, [mentee], only('department'));
    assert.equal(evaluatePair(context, 0, 0).score, 0);
    assert.equal(evaluatePair(context, 0, 1).score, 10000);
    const preferring = buildScoringContext(
      mentors,
      [emptyMentee('e', { preferredMentorIds: ['other'] })],
      only('preference'),
    );
    assert.equal(evaluatePair(preferring, 0, 0).score, 0);
    assert.equal(evaluatePair(preferring, 0, 1).score, 10000);
  });

  it('weights normalise by their sum; off criteria do not count', () => {
    const context = buildScoringContext(
      [emptyMentor('m', { skillsOffered: ['a'], learningStyle: 'visual' })],
      [emptyMentee('e', { skillsWanted: ['a'], learningStyle: 'auditory' })],
      defaultCriteria({
        weights: {
          ...only('skills').weights,
          skills: 3,
          learningStyle: 1,
        },
        levelRule: { type: 'peer' },
      }),
    );
    assert.equal(evaluatePair(context, 0, 0).score, 7500);
  });
});

describe('hard rules', () => {
  it('levels: one-to-one needs the gap, peer within one, reverse needs a more senior mentee', () => {
    assert.equal(levelAllowed({ type: 'one_to_one' }, 3, 5), true);
    assert.equal(levelAllowed({ type: 'one_to_one' }, 3, 4), false);
    assert.equal(levelAllowed({ type: 'one_to_one', gap: 1 }, 3, 4), true);
    assert.equal(levelAllowed({ type: 'group' }, 3, 4), false);
    assert.equal(levelAllowed({ type: 'peer' }, 3, 4), true);
    assert.equal(levelAllowed({ type: 'peer' }, 3, 5), false);
    assert.equal(levelAllowed({ type: 'reverse' }, 6, 3), true);
    assert.equal(levelAllowed({ type: 'reverse' }, 3, 3), false);
    assert.equal(levelAllowed({ type: 'reverse' }, null, 3), true);
    assert.equal(seniorityFit({ type: 'one_to_one' }, 3), 1);
    assert.equal(seniorityFit({ type: 'one_to_one' }, 5), 0.5);
  });

  it('avoidances both ways, previous pairs and full mentors remove pairs under their own rule', () => {
    const mentors = [
      emptyMentor('avoided'),
      emptyMentor('declines', { avoidIds: ['e'] }),
      emptyMentor('before'),
      emptyMentor('full', { capacity: 2, currentMentees: 2 }),
      emptyMentor('fine'),
    ];
    const mentees = [emptyMentee('e', { avoidIds: ['avoided'] })];
    const context = buildScoringContext(
      mentors,
      mentees,
      defaultCriteria({ previousPairs: [['e', 'before']] }),
    );
    assert.deepEqual(
      mentors.map((_, j) => evaluatePair(context, 0, j).removedBy),
      ['mentee_avoids', 'mentor_declines', 'previous_pair', 'mentor_full', null],
    );
  });

  it('manager chains come from a manager map, cycles included', () => {
    const managers = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ]);
    assert.deepEqual(managerChainOf('a', managers), ['b', 'c']);
  });
});

describe('parseCriteria', () => {
  it('fills defaults and names each bad field', () => {
    const empty = parseCriteria({});
    assert.ok(empty.ok);
    assert.equal(empty.value.weights.skills, 'high');
    const bad = parseCriteria({
      weights: { skills: 'very', colour: 'high', goals: -1 },
      levelRule: { type: 'mentoring' },
      minimumScore: 101.5,
      previousPairs: [['a']],
      extra: 1,
    });
    assert.ok(!bad.ok);
    assert.deepEqual(bad.issues.map((issue) => issue.path).sort(), [
      'extra',
      'levelRule.type',
      'minimumScore',
      'previousPairs[0]',
      'weights.colour',
      'weights.goals',
      'weights.skills',
    ]);
  });
});

describe('roundedScore', () => {
  it('rounds total / weightSum half up exactly, including ties floating point gets wrong', () => {
    assert.equal(roundedScore(43813000, 22000, 1 / 22000), 1992);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100000 }),
        fc.integer({ min: 0, max: 10000 }),
        (weightSum, value) => {
          const total = value * weightSum + Math.floor(weightSum / 2) * (value < 10000 ? 1 : 0);
          const expected = Number((BigInt(2 * total + weightSum) / BigInt(2 * weightSum)).toString());
          assert.equal(roundedScore(total, weightSum, 1 / weightSum), expected);
        },
      ),
    );
  });
});

describe('buildScoringContext', () => {
  it('rejects duplicate ids, naming the entry', () => {
    assert.throws(
      () => buildScoringContext([emptyMentor('a'), emptyMentor('a')], [], defaultCriteria()),
      /mentors\[1\]\.id: duplicate id a/,
    );
  });
});
