import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addMonthsUtc } from './calendar.ts';
import {
  buildComparisonGroups,
  type Coarsening,
  defaultCoarsening,
  type ParticipantStart,
  type PersonHistory,
  preparePopulation,
  stratumOf,
} from './comparison-groups.ts';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

function person(
  personId: string,
  fields: Partial<PersonHistory> & { hired?: string; exited?: string | null } = {},
): PersonHistory {
  const hired = d(fields.hired ?? '2020-01-01');
  return {
    personId,
    department: 'Engineering',
    jobFunction: 'IC',
    level: 3,
    hireDate: hired,
    employment: [{ start: hired, end: fields.exited ? d(fields.exited) : null }],
    promotions: [],
    ...fields,
  };
}

describe('buildComparisonGroups — a worked example', () => {
  const population: PersonHistory[] = [
    person('A', { hired: '2020-03-01' }), // participant: tenure exactly 3 years at start → 3–5y
    person('B', { hired: '2020-03-02' }), // 2 years 11 months → 1–3y: other band
    person('C', { hired: '2019-06-01' }), // 3y9m → comparable
    person('D', { hired: '2018-01-01' }), // 5y2m → 5–10y
    person('E', { hired: '2021-01-01', exited: '2022-12-31' }), // gone before the start
    person('F', { hired: '2020-01-01' }), // joined another program before A started
    person('G', { hired: '2019-01-01' }), // comparable to A; joins mentoring later
    person('H', { hired: '2020-01-01', department: 'Sales' }),
    person('I', { hired: '2020-01-01', jobFunction: 'Manager' }),
    person('J', {
      hired: '2019-09-01',
      level: 4, // promoted after A started: matched on the level held then
      levelHistory: [
        { from: d('2019-09-01'), level: 3 },
        { from: d('2023-05-01'), level: 4 },
      ],
    }),
    person('K', { department: null }),
    person('L', { hired: '2015-01-01', exited: '2022-01-01' }),
    person('N', { department: 'Finance', level: 7 }),
  ];
  const participants: ParticipantStart[] = [
    { personId: 'A', startedAt: d('2023-03-01') },
    { personId: 'G', startedAt: d('2023-06-01') },
    { personId: 'G', startedAt: d('2023-09-01') }, // a second relationship: the first start counts
    { personId: 'K', startedAt: d('2023-03-01') },
    { personId: 'L', startedAt: d('2023-03-01') },
    { personId: 'M', startedAt: d('2023-03-01') },
    { personId: 'N', startedAt: d('2023-03-01') },
  ];
  const result = buildComparisonGroups({
    participants,
    population,
    otherParticipations: [{ personId: 'F', startedAt: d('2023-01-15') }],
  });

  it('matches each participant with the people employed, not yet in mentoring and in the same stratum', () => {
    assert.deepEqual(
      result.groups.map((g) => ({
        participant: g.participantId,
        stratum: g.stratum,
        members: g.comparisons.map((c) => [
          c.personId,
          c.weight,
          c.joinedAt?.toISOString().slice(0, 10) ?? null,
        ]),
      })),
      [
        {
          participant: 'A',
          stratum: 'department=Engineering · function=IC · level=3 · tenure=3–5y',
          members: [
            ['C', 1 / 3, null],
            ['G', 1 / 3, '2023-06-01'],
            ['J', 1 / 3, null],
          ],
        },
        // At G's start A has joined, J is level 4, and B has passed 3 years.
        {
          participant: 'G',
          stratum: 'department=Engineering · function=IC · level=3 · tenure=3–5y',
          members: [
            ['B', 1 / 2, null],
            ['C', 1 / 2, null],
          ],
        },
      ],
    );
  });

  it('says who was dropped and why', () => {
    assert.deepEqual(
      result.dropped.map((x) => [x.personId, x.reason]),
      [
        ['K', 'missing_data'],
        ['L', 'not_employed_at_start'],
        ['M', 'not_in_population'],
        ['N', 'no_comparable'],
      ],
    );
  });

  it('sums each person’s weights over the groups and counts people, memberships and the effective size', () => {
    assert.deepEqual(Object.fromEntries(result.personWeights), {
      B: 1 / 2,
      C: 1 / 3 + 1 / 2,
      G: 1 / 3,
      J: 1 / 3,
    });
    assert.deepEqual(result.counts, {
      participants: 6,
      matched: 2,
      dropped: 4,
      comparisonPeople: 4,
      comparisonRecords: 5,
      // (Σw)² / Σw² = 4 / (1/4 + 25/36 + 1/9 + 1/9)
      effectiveComparisonSize: 4 / (1 / 4 + 25 / 36 + 1 / 9 + 1 / 9),
    });
  });

  it('coarsens as told: without tenure bands B is comparable too; level bands group 3 with 4', () => {
    const noTenure = buildComparisonGroups({
      participants: [participants[0]],
      population,
      coarsening: { ...defaultCoarsening, tenureYearCuts: 'ignore' },
      otherParticipations: [{ personId: 'F', startedAt: d('2023-01-15') }],
    });
    assert.deepEqual(
      noTenure.groups[0].comparisons.map((c) => c.personId),
      ['B', 'C', 'D', 'G', 'J'],
    );
    const a = population[0];
    assert.equal(
      stratumOf(a, d('2023-03-01'), { ...defaultCoarsening, level: { cuts: [3, 5] } }),
      'department=Engineering · function=IC · level=3–5 · tenure=3–5y',
    );
    assert.equal(
      stratumOf(a, d('2033-03-01'), defaultCoarsening),
      'department=Engineering · function=IC · level=3 · tenure=10+y',
    );
    assert.throws(
      () =>
        buildComparisonGroups({
          participants,
          population,
          coarsening: { ...defaultCoarsening, tenureYearCuts: [3, 1] },
        }),
      RangeError,
    );
  });
});

// ── Property: the matching agrees with a brute force written from the definitions ──────────────────────────────

const day0 = d('2015-01-01').getTime();
const dayMs = 86_400_000;
const at = (days: number) => new Date(day0 + days * dayMs);

const arbPerson = (i: number) =>
  fc
    .record({
      department: fc.constantFrom('Eng', 'Sales', null),
      jobFunction: fc.constantFrom('IC', 'Mgr'),
      level: fc.integer({ min: 1, max: 3 }),
      hired: fc.integer({ min: 0, max: 3000 }),
      stays: fc.integer({ min: 30, max: 4000 }),
      leaves: fc.boolean(),
      rehiredAfter: fc.option(fc.integer({ min: 10, max: 400 }), { nil: null }),
      history: fc.option(fc.integer({ min: 100, max: 2500 }), { nil: null }),
      useHireDate: fc.boolean(),
    })
    .map((r): PersonHistory => {
      const end = r.leaves ? at(r.hired + r.stays) : null;
      const employment = [{ start: at(r.hired), end }];
      if (end && r.rehiredAfter !== null) {
        employment.push({ start: at(r.hired + r.stays + r.rehiredAfter), end: null });
      }
      return {
        personId: `p${i}`,
        department: r.department,
        jobFunction: r.jobFunction,
        level: r.level,
        levelHistory:
          r.history === null
            ? undefined
            : [
                { from: at(r.hired), level: r.level },
                { from: at(r.hired + r.history), level: r.level + 1 },
              ],
        hireDate: r.useHireDate ? at(r.hired) : null,
        employment,
        promotions: [],
      };
    });

const arbScenario = fc.integer({ min: 2, max: 25 }).chain((n) =>
  fc.record({
    population: fc.tuple(...Array.from({ length: n }, (_, i) => arbPerson(i))),
    starts: fc.array(
      fc.record({ who: fc.integer({ min: 0, max: n + 1 }), day: fc.integer({ min: 0, max: 4000 }) }),
      {
        maxLength: 12,
      },
    ),
    others: fc.array(
      fc.record({ who: fc.integer({ min: 0, max: n - 1 }), day: fc.integer({ min: 0, max: 4000 }) }),
      {
        maxLength: 3,
      },
    ),
    coarsening: fc.constantFrom<Coarsening>(
      defaultCoarsening,
      { department: true, jobFunction: false, level: { cuts: [2, 3] }, tenureYearCuts: [2, 5] },
      { department: false, jobFunction: false, level: 'ignore', tenureYearCuts: 'ignore' },
    ),
  }),
);

function bruteForce(
  population: readonly PersonHistory[],
  participants: readonly ParticipantStart[],
  others: readonly ParticipantStart[],
  coarsening: Coarsening,
) {
  const first = (list: readonly ParticipantStart[], id: string) =>
    list
      .filter((p) => p.personId === id)
      .reduce<Date | null>((m, p) => (m && m <= p.startedAt ? m : p.startedAt), null);
  const employedSpan = (p: PersonHistory, t: Date) =>
    p.employment.find((s) => s.start <= t && (s.end === null || s.end > t)) ?? null;
  const levelOf = (p: PersonHistory, t: Date) => {
    if (!p.levelHistory?.length) return p.level;
    const earlier = [...p.levelHistory]
      .sort((a, b) => a.from.getTime() - b.from.getTime())
      .filter((c) => c.from <= t);
    return earlier.length ? earlier[earlier.length - 1].level : null;
  };
  const key = (p: PersonHistory, t: Date) => {
    const span = employedSpan(p, t);
    if (!span) return null;
    const level = levelOf(p, t);
    if (coarsening.department && p.department === null) return null;
    if (coarsening.level !== 'ignore' && level === null) return null;
    const levelKey =
      coarsening.level === 'ignore'
        ? ''
        : coarsening.level === 'exact'
          ? String(level)
          : String(coarsening.level.cuts.filter((c) => level! >= c).length);
    const hire = p.hireDate ?? span.start;
    const tenure =
      coarsening.tenureYearCuts === 'ignore'
        ? ''
        : String(coarsening.tenureYearCuts.filter((c) => addMonthsUtc(hire, 12 * c) <= t).length);
    return [
      coarsening.department ? p.department : '',
      coarsening.jobFunction ? p.jobFunction : '',
      levelKey,
      tenure,
    ].join('|');
  };
  const ids = [...new Set(participants.map((p) => p.personId))];
  const groups = new Map<string, string[]>();
  const dropped = new Map<string, string>();
  for (const id of ids) {
    const start = first(participants, id)!;
    const me = population.find((p) => p.personId === id);
    if (!me) {
      dropped.set(id, 'not_in_population');
      continue;
    }
    if (!employedSpan(me, start)) {
      dropped.set(id, 'not_employed_at_start');
      continue;
    }
    const mine = key(me, start);
    if (mine === null) {
      dropped.set(id, 'missing_data');
      continue;
    }
    const members = population
      .filter((p) => p.personId !== id)
      .filter((p) => {
        const joined = [first(participants, p.personId), first(others, p.personId)].filter((x) => x !== null);
        return joined.every((j) => j > start);
      })
      .filter((p) => key(p, start) === mine)
      .map((p) => p.personId)
      .sort();
    if (members.length === 0) dropped.set(id, 'no_comparable');
    else groups.set(id, members);
  }
  return { groups, dropped };
}

describe('buildComparisonGroups — property', () => {
  it('agrees with a brute force from the definitions; each group weighs 1 in total', () => {
    fc.assert(
      fc.property(arbScenario, ({ population, starts, others, coarsening }) => {
        const id = (who: number) => (who < population.length ? population[who].personId : `ghost${who}`);
        const participants = starts.map((s) => ({ personId: id(s.who), startedAt: at(s.day) }));
        const otherParticipations = others.map((s) => ({ personId: id(s.who), startedAt: at(s.day) }));
        const result = buildComparisonGroups({ participants, population, otherParticipations, coarsening });
        const expected = bruteForce(population, participants, otherParticipations, coarsening);
        assert.deepEqual(
          new Map(result.groups.map((g) => [g.participantId, g.comparisons.map((c) => c.personId)])),
          expected.groups,
        );
        assert.deepEqual(new Map(result.dropped.map((x) => [x.personId, x.reason])), expected.dropped);
        for (const g of result.groups) {
          assert.ok(Math.abs(g.comparisons.reduce((s, c) => s + c.weight, 0) - 1) < 1e-12);
        }
        const totalWeight = [...result.personWeights.values()].reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(totalWeight - result.counts.matched) < 1e-9);
        assert.equal(result.counts.matched + result.counts.dropped, result.counts.participants);
        // A population prepared once and analysed again with other participants gives the same groups.
        const prepared = preparePopulation(population, coarsening);
        buildComparisonGroups({ participants: otherParticipations, population, coarsening, prepared });
        const again = buildComparisonGroups({
          participants,
          population,
          otherParticipations,
          coarsening,
          prepared,
        });
        assert.deepEqual(again.groups, result.groups);
        assert.deepEqual(again.dropped, result.dropped);
      }),
      { numRuns: 300 },
    );
  });
});
