import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidTimeZone } from '../time-zones.ts';
import { demoAdminPerson, generateDemoPeople, toHrisCsv } from './demo-data.ts';
import { readCsv } from './import-csv.ts';
import { matchHeaders } from './import-headers.ts';
import { isIsoDate, validateRows } from './import-rows.ts';
import { findManagerCycles } from './manager-cycles.ts';

describe('demo organisation generator', () => {
  const people = generateDemoPeople();

  it('is deterministic for a seed and differs for another', () => {
    assert.deepEqual(generateDemoPeople(), people);
    assert.notDeepEqual(generateDemoPeople({ seed: 7 }), people);
  });

  it('has 360 people with unique emails in at least 8 departments, one chief executive, a Head of People', () => {
    assert.equal(people.length, 360);
    assert.equal(new Set(people.map((p) => p.email)).size, 360);
    assert.equal(new Set(people.map((p) => p.key)).size, 360);
    assert.ok(new Set(people.map((p) => p.department)).size >= 8);
    assert.equal(people.filter((p) => p.managerKey === null).length, 1);
    assert.equal(demoAdminPerson(people).department, 'People');
  });

  it('has levels 1–10 shaped like a pyramid: few at the top, most at 2–5', () => {
    const at = (level: number) => people.filter((p) => p.level === level).length;
    for (let level = 1; level <= 10; level++) assert.ok(at(level) > 0, `someone at level ${level}`);
    assert.ok(at(9) + at(10) <= 15);
    assert.ok(at(2) + at(3) + at(4) + at(5) > people.length * 0.6);
    assert.ok(at(8) < at(6) && at(6) < at(4));
  });

  it('puts every manager above their reports, in the same department below the top, with no cycles', () => {
    const byKey = new Map(people.map((p) => [p.key, p]));
    for (const person of people) {
      if (!person.managerKey) continue;
      const manager = byKey.get(person.managerKey)!;
      assert.ok(manager.level > person.level, `${person.title} (${person.level}) under ${manager.title}`);
      if (manager.level < 10) assert.equal(manager.department, person.department);
    }
    assert.deepEqual(findManagerCycles(new Map(people.map((p) => [p.key, p.managerKey]))), []);
  });

  it('spreads people over several time zones with valid values throughout', () => {
    assert.ok(new Set(people.map((p) => p.timeZone)).size >= 5);
    assert.ok(
      people.every((p) => isValidTimeZone(p.timeZone) && isIsoDate(p.hireDate) && p.languages.length > 0),
    );
    assert.ok(people.some((p) => p.languages.length > 1));
    assert.ok(
      people.some((p) => /[^ -~]/.test(p.name)),
      'names are not all ASCII',
    );
  });

  it('writes a CSV the import reads back without a single error', () => {
    const table = readCsv(toHrisCsv(people));
    const { records, errors } = validateRows(table, matchHeaders(table.headers).mapping);
    assert.deepEqual(errors, []);
    assert.equal(records.length, 360);
  });
});
