import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateDemoHistory, type HistoryPerson } from './demo-history.ts';

describe('demo HRIS history', () => {
  // 4,000 people hired long ago at levels 2–6, half of them participants who started on 1 March 2024: enough to see
  // a seven-point effect. A few participants left after their mentoring ended.
  const people: HistoryPerson[] = Array.from({ length: 4000 }, (_, i) => ({
    id: `p${i}`,
    level: 2 + (i % 5),
    hireDate: '2010-01-04',
    startedOn: i % 2 === 0 ? '2024-03-01' : null,
    leftAfter: i % 40 === 0 ? '2024-09-01' : null,
  }));
  const history = generateDemoHistory({ people, today: '2026-03-01', seed: 11 });

  it('ends every level history at the level held today, one level at a time, inside the five years', () => {
    const byPerson = new Map<string, { on: string; from: number; to: number }[]>();
    for (const e of history.events.filter((e) => e.kind === 'promotion')) {
      const list = byPerson.get(e.person) ?? [];
      list.push({ on: e.effectiveOn, from: Number(e.fromValue), to: Number(e.toValue) });
      byPerson.set(e.person, list);
    }
    for (const person of people) {
      const list = (byPerson.get(person.id) ?? []).sort((a, b) => (a.on < b.on ? -1 : 1));
      if (list.length === 0) continue;
      assert.equal(list.at(-1)!.to, person.level, `${person.id}: the last promotion reaches today's level`);
      for (let i = 0; i < list.length; i++) {
        assert.equal(list[i]!.to, list[i]!.from + 1);
        if (i > 0) assert.equal(list[i]!.from, list[i - 1]!.to);
        assert.ok(list[i]!.on >= '2021-03-01' && list[i]!.on < '2026-03-01');
        assert.ok(list[i]!.from >= 1);
      }
    }
  });

  const promotedBetween = (participant: boolean, from: string, to: string) => {
    const group = people.filter((p) => (p.startedOn !== null) === participant && !p.leftAfter);
    const ids = new Set(group.map((p) => p.id));
    const promoted = new Set(
      history.events
        .filter(
          (e) => e.kind === 'promotion' && ids.has(e.person) && e.effectiveOn >= from && e.effectiveOn < to,
        )
        .map((e) => e.person),
    );
    return promoted.size / group.length;
  };

  it('promotes participants about seven points more often in the year after they start, not before', () => {
    const after =
      promotedBetween(true, '2024-03-01', '2025-03-01') - promotedBetween(false, '2024-03-01', '2025-03-01');
    assert.ok(after > 0.04 && after < 0.1, `difference in the year after the start ${after}`);
    const before =
      promotedBetween(true, '2022-03-01', '2023-03-01') - promotedBetween(false, '2022-03-01', '2023-03-01');
    assert.ok(Math.abs(before) < 0.03, `difference two years before the start ${before}`);
  });

  it('gives people who already left an exit after their mentoring ended, with no promotion after it', () => {
    const gone = people.filter((p) => p.leftAfter);
    for (const person of gone) {
      const own = history.events.filter((e) => e.person === person.id);
      const exits = own.filter((e) => e.kind === 'exit');
      assert.equal(exits.length, 1, `${person.id} has one exit`);
      const exitOn = exits[0]!.effectiveOn;
      assert.ok(exitOn > '2024-09-14' && exitOn < '2026-03-01', `${person.id} left on ${exitOn}`);
      assert.ok(own.every((e) => e.kind === 'exit' || e.effectiveOn < exitOn));
    }
    const stayed = people.filter((p) => !p.leftAfter).map((p) => p.id);
    const exited = new Set(history.events.filter((e) => e.kind === 'exit').map((e) => e.person));
    assert.ok(
      stayed.every((id) => !exited.has(id)),
      'nobody still here has an exit',
    );
  });

  it('has former employees who left in the five years, mostly of their own accord, after their hire', () => {
    assert.equal(history.leavers.length, Math.round(4000 * 0.07 * 5));
    const formerKeys = new Set(history.leavers.map((l) => l.key));
    const exits = history.events.filter((e) => e.kind === 'exit' && formerKeys.has(e.person));
    assert.equal(exits.length, history.leavers.length);
    const voluntary = exits.filter((e) => e.exitType === 'voluntary').length / exits.length;
    assert.ok(voluntary > 0.7 && voluntary < 0.86, `voluntary share ${voluntary}`);
    for (const leaver of history.leavers) {
      assert.ok(
        leaver.hireDate < leaver.exitOn && leaver.exitOn >= '2021-03-01' && leaver.exitOn < '2026-03-01',
      );
    }
    assert.equal(new Set(history.leavers.map((l) => l.email)).size, history.leavers.length);
  });

  it('states demographics for about 70% of people, only the keys answered', () => {
    const share = history.demographics.size / (people.length + history.leavers.length);
    assert.ok(share > 0.66 && share < 0.74, `share ${share}`);
    for (const answers of history.demographics.values())
      assert.ok(Object.values(answers).every((value) => typeof value === 'string' && value !== ''));
  });

  it('is the same for the same seed', () => {
    const again = generateDemoHistory({ people, today: '2026-03-01', seed: 11 });
    assert.deepEqual(again.events.slice(0, 50), history.events.slice(0, 50));
  });
});
