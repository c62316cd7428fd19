import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FormQuestion, validateAnswers } from './enrolment-answers.ts';

const form: FormQuestion[] = [
  { id: 'area', kind: 'single_choice', options: ['Engineering', 'Sales'], required: true, audience: 'both' },
  { id: 'topics', kind: 'multiple_choice', options: ['A', 'B', 'C'], required: false, audience: 'both' },
  { id: 'level', kind: 'scale', options: ['1', '2', '3'], required: false, audience: 'mentee' },
  { id: 'why', kind: 'short_text', options: [], required: true, audience: 'mentor' },
];

describe('validateAnswers', () => {
  it('normalises options to the form’s spelling, scale numbers to labels, and drops empty answers', () => {
    const result = validateAnswers(form, { area: 'sales', topics: ['b', 'B', 'a'], level: 2 }, 'mentee');
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.value, { area: 'Sales', topics: ['B', 'A'], level: '2' });
    const empty = validateAnswers(form, { area: 'Sales', topics: [], level: '' }, 'mentee');
    assert.deepEqual(empty, { value: { area: 'Sales' }, issues: [] });
  });

  it('names every problem by question: required, options, kinds and audience', () => {
    const result = validateAnswers(form, { topics: 'A', level: 7, extra: 'x' }, 'mentee');
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      ['body.answers.topics', 'body.answers.level', 'body.answers.extra', 'body.answers.area'],
    );
    const mentor = validateAnswers(form, { area: 'Sales', level: 1 }, 'mentor');
    assert.deepEqual(
      mentor.issues.map((issue) => `${issue.path}: ${issue.message}`),
      [
        'body.answers.level: not a question of this program’s form for mentors',
        'body.answers.why: an answer is required',
      ],
    );
    const long = validateAnswers(form, { area: 'Sales', why: 'x'.repeat(201) }, 'mentor');
    assert.match(long.issues[0]!.message, /at most 200/);
  });
});
