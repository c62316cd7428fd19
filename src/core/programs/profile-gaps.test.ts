import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FormQuestion } from './enrolment-answers.ts';
import { profileGapsOf } from './profile-gaps.ts';

const question = (id: string, overrides: Partial<FormQuestion> = {}): FormQuestion => ({
  id,
  kind: 'short_text',
  options: [],
  required: true,
  audience: 'both',
  ...overrides,
});

describe('profile gaps', () => {
  it('finds a bulk enrolment empty: no skills, no goals, the required questions unanswered', () => {
    const gaps = profileGapsOf('mentee', {}, {}, [question('a'), question('b', { required: false })]);
    assert.deepEqual(gaps, { gaps: ['skills', 'goals', 'questions'], unansweredQuestions: 1, empty: true });
  });

  it('reads the skills of the role, and counts only the required questions of the role', () => {
    const questions = [
      question('both'),
      question('mentors', { audience: 'mentor' }),
      question('mentees', { audience: 'mentee', kind: 'scale' }),
    ];
    const mentor = profileGapsOf(
      'mentor',
      { skillsWanted: ['SQL'], goals: 'Teach SQL' },
      { both: 'yes', mentees: 3 },
      questions,
    );
    assert.deepEqual(mentor, { gaps: ['skills', 'questions'], unansweredQuestions: 1, empty: false });
    const mentee = profileGapsOf(
      'mentee',
      { skillsWanted: ['SQL'], goals: 'Learn SQL' },
      { both: ['a'], mentees: 3 },
      questions,
    );
    assert.deepEqual(mentee, { gaps: [], unansweredQuestions: 0, empty: false });
  });

  it('takes blanks for nothing: spaces, empty lists, empty answers', () => {
    const gaps = profileGapsOf(
      'mentor',
      { skillsOffered: ['  '], goals: '   ', learningStyle: null },
      { a: '', b: [] },
      [question('a')],
    );
    assert.deepEqual(gaps, { gaps: ['skills', 'goals', 'questions'], unansweredQuestions: 1, empty: true });
  });

  it('is thin, not empty, when something was said', () => {
    const gaps = profileGapsOf('mentee', { availability: 'Tuesdays' }, {}, []);
    assert.deepEqual(gaps, { gaps: ['skills', 'goals'], unansweredQuestions: 0, empty: false });
  });
});
