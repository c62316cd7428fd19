import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { accumulateDots, buildPostings, buildTextIndex, cosine, stem, tokenize } from './text-similarity.ts';

const words = [
  'lead',
  'team',
  'product',
  'manager',
  'managing',
  'data',
  'sales',
  'the',
  'a',
  'PM',
  'growth',
  'UX',
];
const textArbitrary = fc.array(fc.constantFrom(...words), { maxLength: 12 }).map((list) => list.join(' '));

describe('text similarity', () => {
  it('drops stop words, stems, and expands abbreviations', () => {
    assert.deepEqual(tokenize('I want to become a PM'), ['product', 'manag']);
    assert.equal(stem('managing'), stem('manager'));
    assert.equal(stem('management'), stem('manage'));
    assert.equal(stem('planning'), 'plan');
  });

  it('cosine is symmetric, within 0–1, 1 for the same text; postings give the same dot products', () => {
    fc.assert(
      fc.property(fc.array(textArbitrary, { minLength: 2, maxLength: 8 }), (texts) => {
        const index = buildTextIndex(texts);
        const postings = buildPostings(index.vectors, index.vocabulary.size);
        for (const a of index.vectors) {
          const dots = new Float64Array(texts.length);
          accumulateDots(a, postings, dots);
          index.vectors.forEach((b, d) => {
            const value = cosine(a, b);
            assert.ok(value >= 0 && value <= 1 + 1e-12);
            assert.ok(Math.abs(value - cosine(b, a)) < 1e-12);
            assert.equal(dots[d], value);
          });
          if (a.terms.length > 0) assert.ok(Math.abs(cosine(a, a) - 1) < 1e-12);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('ranks a paraphrase above an unrelated text', () => {
    const index = buildTextIndex([
      'move from engineering into product management',
      'I lead product managers and own the roadmap',
      'tax accounting and audit compliance',
    ]);
    const [goal, pm, tax] = index.vectors;
    assert.ok(cosine(goal, pm) > cosine(goal, tax));
    assert.equal(cosine(goal, tax), 0);
  });
});
