import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkInAvailableFrom,
  checkInDaysOf,
  meanOf,
  needsAttention,
  netPromoterScore,
  npsGroup,
  responseRate,
} from './survey-rules.ts';

describe('survey rules', () => {
  it('opens the check-in 30 days after the start unless the program says otherwise', () => {
    assert.equal(checkInDaysOf(null), 30);
    assert.equal(checkInDaysOf({}), 30);
    assert.equal(checkInDaysOf({ checkInDays: 14 }), 14);
    assert.equal(checkInDaysOf({ checkInDays: '14' }), 30);
    assert.equal(checkInDaysOf({ checkInDays: -1 }), 30);
    assert.equal(checkInDaysOf({ checkInDays: 2.5 }), 30);
    const start = new Date('2026-01-01T10:00:00Z');
    assert.equal(checkInAvailableFrom(start, 30).toISOString(), '2026-01-31T10:00:00.000Z');
  });

  it('flags poor fits and rematch wishes, nothing else', () => {
    assert.equal(needsAttention({ kind: 'check_in', rating: 1, rematchRequested: false }), true);
    assert.equal(needsAttention({ kind: 'check_in', rating: 2, rematchRequested: false }), true);
    assert.equal(needsAttention({ kind: 'check_in', rating: 3, rematchRequested: false }), false);
    assert.equal(needsAttention({ kind: 'check_in', rating: 5, rematchRequested: true }), true);
    assert.equal(needsAttention({ kind: 'rematch_request', rating: null, rematchRequested: true }), true);
    assert.equal(needsAttention({ kind: 'closing', rating: 1, rematchRequested: false }), false);
  });

  it('computes NPS as % promoters minus % detractors', () => {
    assert.equal(netPromoterScore({ promoters: 0, passives: 0, detractors: 0 }), null);
    assert.equal(netPromoterScore({ promoters: 5, passives: 3, detractors: 2 }), 30);
    assert.equal(netPromoterScore({ promoters: 0, passives: 0, detractors: 4 }), -100);
    assert.equal(netPromoterScore({ promoters: 1, passives: 2, detractors: 0 }), 33);
    assert.deepEqual([0, 6, 7, 8, 9, 10].map(npsGroup), [
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('rounds means and rates, and has none without data', () => {
    assert.equal(meanOf(0, 0), null);
    assert.equal(meanOf(10, 3), 3.33);
    assert.equal(responseRate(3, 0), null);
    assert.equal(responseRate(3, 4), 0.75);
    assert.equal(responseRate(5, 4), 1);
  });
});
