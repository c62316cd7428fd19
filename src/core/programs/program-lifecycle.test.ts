import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canTransitionProgram, nextProgramStatuses, programStatuses } from './program-lifecycle.ts';

describe('program lifecycle', () => {
  it('allows exactly the documented transitions', () => {
    const allowed = new Set([
      'draft>enrolling',
      'enrolling>matching',
      'enrolling>closed',
      'matching>enrolling',
      'matching>running',
      'matching>closed',
      'running>closed',
    ]);
    for (const from of programStatuses) {
      for (const to of programStatuses) {
        assert.equal(canTransitionProgram(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
      }
    }
  });

  it('closed is final', () => {
    assert.deepEqual(nextProgramStatuses('closed'), []);
  });
});
