import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareWaiting, type Waiting } from './waiting-order.ts';

const item = (id: string, dueOn: string | null, overdue: boolean, since: string): Waiting => ({
  id,
  dueOn,
  overdue,
  since,
});

describe('the order of a waiting list', () => {
  it('puts overdue things first, then due dates soonest first, then the longest waiting', () => {
    const items = [
      item('no-date-new', null, false, '2026-03-05T10:00:00.000Z'),
      item('due-later', '2026-03-20', false, '2026-03-01T10:00:00.000Z'),
      item('overdue-recent', '2026-03-04', true, '2026-02-20T10:00:00.000Z'),
      item('no-date-old', null, false, '2026-02-01T10:00:00.000Z'),
      item('due-soon', '2026-03-08', false, '2026-03-04T10:00:00.000Z'),
      item('overdue-long', '2026-02-10', true, '2026-02-01T10:00:00.000Z'),
    ];
    assert.deepEqual(
      [...items].sort(compareWaiting).map((i) => i.id),
      ['overdue-long', 'overdue-recent', 'due-soon', 'due-later', 'no-date-old', 'no-date-new'],
    );
  });

  it('is a total order: antisymmetric and transitive, whatever the items', () => {
    const arbitraryItem = fc.record({
      id: fc.string({ maxLength: 4 }),
      dueOn: fc.option(
        fc
          .date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
      ),
      overdue: fc.boolean(),
      since: fc
        .date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    });
    fc.assert(
      fc.property(arbitraryItem, arbitraryItem, arbitraryItem, (a, b, c) => {
        assert.equal(Math.sign(compareWaiting(a, b)), -Math.sign(compareWaiting(b, a)));
        if (compareWaiting(a, b) <= 0 && compareWaiting(b, c) <= 0) assert.ok(compareWaiting(a, c) <= 0);
      }),
    );
  });
});
