import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type CsvFormatError, decodeCsvBytes, readCsv } from './import-csv.ts';
import { matchHeaders, normaliseHeader } from './import-headers.ts';
import { type ExistingPerson, planImport, validateRows } from './import-rows.ts';
import { findManagerCycles } from './manager-cycles.ts';

describe('header matching', () => {
  it('ignores case, spaces and punctuation', () => {
    assert.equal(normaliseHeader(' Work E-mail '), 'workemail');
    assert.equal(normaliseHeader('Employee #'), 'employeenumber');
  });

  it('maps the headers HRIS exports use', () => {
    const { mapping, missingRequired, unmappedHeaders } = matchHeaders([
      'Worker ID',
      'First Name',
      'Last Name',
      'EMAIL ADDRESS',
      'Position',
      'Dept',
      'Job Family',
      'Grade',
      'Supervisor Email',
      'Reports To',
      'Office',
      'TZ',
      'Languages',
      'Original Hire Date',
      'Employment Status',
      'Favourite colour',
    ]);
    assert.deepEqual(mapping, {
      hrisId: 'Worker ID',
      email: 'EMAIL ADDRESS',
      firstName: 'First Name',
      lastName: 'Last Name',
      title: 'Position',
      department: 'Dept',
      jobFunction: 'Job Family',
      level: 'Grade',
      managerEmail: 'Supervisor Email',
      managerHrisId: 'Reports To',
      location: 'Office',
      timeZone: 'TZ',
      languages: 'Languages',
      hireDate: 'Original Hire Date',
      status: 'Employment Status',
    });
    assert.deepEqual(missingRequired, []);
    assert.deepEqual(unmappedHeaders, ['Favourite colour']);
  });

  it('prefers "Full Name" over "Preferred Name", lets an explicit mapping win, and reports what is missing', () => {
    assert.equal(matchHeaders(['Preferred Name', 'Full Name', 'Email']).mapping.name, 'Full Name');
    const explicit = matchHeaders(['Courriel', 'Nom', 'Email'], { email: 'courriel', name: 'Nom' });
    assert.equal(explicit.mapping.email, 'Courriel');
    assert.equal(explicit.mapping.name, 'Nom');
    assert.deepEqual(explicit.unmappedHeaders, ['Email']);
    assert.deepEqual(matchHeaders(['Title']).missingRequired, ['email', 'name']);
    assert.deepEqual(matchHeaders(['Email'], { name: 'Nom' }).unknownHeaders, [
      { field: 'name', header: 'Nom' },
    ]);
  });
});

describe('reading CSV', () => {
  it('gives each row the line it starts on, with multi-line quoted fields, blank lines and CRLF', () => {
    const table = readCsv('\ufeffName,Email\r\nA,a@x.io\r\n\r\n"B\r\nsecond line",b@x.io\r\nC,c@x.io');
    assert.deepEqual(table.headers, ['Name', 'Email']);
    assert.deepEqual(
      table.rows.map((row) => row.line),
      [2, 4, 6],
    );
  });

  it('detects semicolons and names the line of an unclosed quote', () => {
    assert.deepEqual(readCsv('Name;Email\nA;a@x.io\n').rows[0]!.cells, ['A', 'a@x.io']);
    assert.throws(
      () => readCsv('Name,Email\nA,a@x.io\n"B,b@x.io\nC,c@x.io\n'),
      (error: CsvFormatError) => error.line === 3 && /line 3/.test(error.message),
    );
  });

  it('decodes UTF-8 (with or without a byte-order mark) and falls back to Windows-1252', () => {
    const utf8 = new TextEncoder().encode('Name\nZoë Müller – “Ops”\n');
    assert.equal(decodeCsvBytes(utf8), 'Name\nZoë Müller – “Ops”\n');
    assert.equal(decodeCsvBytes(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8)), 'Name\nZoë Müller – “Ops”\n');
    // The same text as Excel writes it on Western-European Windows: one byte per letter, 0x80–0x9F included.
    const windows1252 = Uint8Array.from(Buffer.from('Name\nZo\xEB M\xFCller \x96 \x93Ops\x94\n', 'latin1'));
    assert.equal(decodeCsvBytes(windows1252), 'Name\nZoë Müller – “Ops”\n');
    assert.deepEqual(readCsv(decodeCsvBytes(windows1252)).rows[0]!.cells, ['Zoë Müller – “Ops”']);
    const high = Uint8Array.from({ length: 0x20 }, (_, k) => 0x80 + k);
    assert.equal(decodeCsvBytes(high), '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ');
  });
});

const headers = ['ID', 'Name', 'Email', 'Manager ID', 'Level', 'Time Zone', 'Hire Date'];
function table(rows: string[][]) {
  return { headers, headerLine: 1, rows: rows.map((cells, i) => ({ line: i + 2, cells })) };
}
const mapping = matchHeaders(headers).mapping;

describe('row validation', () => {
  it('reports every bad value with its line and field', () => {
    const { records, errors } = validateRows(
      table([
        ['1', 'Ann', 'ann@x.io', '', '5', 'Europe/London', '2020-01-31'],
        ['2', 'Bob', 'not-an-email', '1', 'senior', 'Mars/Base', '31/01/2020'],
        ['1', 'Cy', 'ANN@x.io', '', '', '', ''],
        ['3', '', '', '1', '', '', '2021-02-29'],
        ['4', 'Short'],
      ]),
      mapping,
    );
    assert.equal(records.length, 1);
    assert.deepEqual(
      errors.map((error) => [error.line, error.field]),
      [
        [3, 'email'],
        [3, 'level'],
        [3, 'timeZone'],
        [3, 'hireDate'],
        [4, 'hrisId'],
        [4, 'email'],
        [5, 'email'],
        [5, 'name'],
        [5, 'hireDate'],
        [6, null],
      ],
    );
    assert.match(errors.find((e) => e.line === 4 && e.field === 'email')!.message, /also on line 2/);
  });
});

describe('planning an import', () => {
  let counter = 0;
  const newId = () => `new-${++counter}`;
  const existing = (overrides: Partial<ExistingPerson>): ExistingPerson => ({
    id: 'e1',
    hrisId: null,
    email: 'e@x.io',
    name: 'E',
    title: null,
    department: null,
    jobFunction: null,
    level: null,
    location: null,
    timeZone: null,
    languages: [],
    hireDate: null,
    status: 'active',
    demographics: null,
    managerId: null,
    ...overrides,
  });

  it('resolves managers in any row order, matches by HRIS id then email, and counts changes', () => {
    const { records } = validateRows(
      table([
        ['3', 'Cy', 'cy@x.io', '2', '3', '', ''],
        ['2', 'Bo', 'bo@x.io', '1', '6', '', ''],
        ['1', 'Al', 'al@x.io', '', '9', '', ''],
        ['4', 'Di', 'di@x.io', 'H9', '2', '', ''],
      ]),
      mapping,
    );
    const plan = planImport(
      records,
      [
        existing({ id: 'e1', hrisId: '1', email: 'al@x.io', name: 'Al', level: 9 }),
        existing({ id: 'e2', email: 'bo@x.io', name: 'Bo', level: 5 }),
        existing({ id: 'e9', hrisId: 'H9', email: 'boss@x.io', name: 'Boss' }),
      ],
      newId,
    );
    assert.deepEqual(plan.errors, []);
    assert.equal(plan.unchanged, 1);
    assert.deepEqual(
      plan.updates.map((p) => [p.id, p.hrisId, p.level]),
      [['e2', '2', 6]],
    );
    assert.deepEqual(
      plan.creates.map((p) => p.name),
      ['Cy', 'Di'],
    );
    assert.deepEqual(plan.managerChanges, [{ id: 'e2', managerId: 'e1' }]);
    assert.deepEqual(
      plan.creates.map((p) => p.managerId),
      ['e2', 'e9'],
    );
  });

  it('orders new people managers first, so they can be written in batches with their managers', () => {
    const rows = [
      ['5', 'Ed', 'ed@x.io', '4', '', '', ''],
      ['4', 'Di', 'di@x.io', '3', '', '', ''],
      ['3', 'Cy', 'cy@x.io', '', '', '', ''],
      ['6', 'Fi', 'fi@x.io', '4', '', '', ''],
    ];
    const plan = planImport(validateRows(table(rows), mapping).records, [], newId);
    const position = new Map(plan.creates.map((p, i) => [p.id, i]));
    for (const person of plan.creates)
      if (person.managerId) assert.ok(position.get(person.managerId)! < position.get(person.id)!);
    assert.equal(plan.creates[0]!.name, 'Cy');
  });

  it('refuses unknown managers and names every line of a cycle, including one through an existing person', () => {
    const { records } = validateRows(
      table([
        ['1', 'Al', 'al@x.io', '3', '', '', ''],
        ['2', 'Bo', 'bo@x.io', '1', '', '', ''],
        ['3', 'Cy', 'cy@x.io', '2', '', '', ''],
        ['4', 'Di', 'di@x.io', 'nobody', '', '', ''],
        ['5', 'Ed', 'ed@x.io', '5', '', '', ''],
        ['6', 'Fi', 'fi@x.io', 'X', '', '', ''],
      ]),
      mapping,
    );
    const plan = planImport(records, [existing({ id: 'x', hrisId: 'X', managerId: null })], newId);
    const byLine = (line: number) => plan.errors.filter((e) => e.line === line).map((e) => e.message);
    assert.match(
      byLine(2)[0]!,
      /manager cycle: line 2 → line 4 → line 3 → line 2|manager cycle: .*line 2.*line 3.*line 4/,
    );
    assert.equal(byLine(3).length, 1);
    assert.equal(byLine(4).length, 1);
    assert.match(byLine(5)[0]!, /unknown manager: no person with HRIS id "nobody"/);
    assert.match(byLine(6)[0]!, /own manager/);
    assert.deepEqual(byLine(7), []);

    const viaExisting = planImport(
      validateRows(table([['6', 'Fi', 'fi@x.io', 'X', '', '', '']]), mapping).records,
      [
        existing({ id: 'x', hrisId: 'X', email: 'x@x.io' }),
        existing({ id: 'fi', hrisId: '6', email: 'fi@x.io' }),
      ].map((person) => (person.id === 'x' ? { ...person, managerId: 'fi' } : person)),
      newId,
    );
    assert.match(viaExisting.errors[0]!.message, /manager cycle: line 2 → x@x.io → line 2/);
  });
});

describe('manager cycle detection', () => {
  const bruteForce = (managerOf: Map<number, number | null>) => {
    const onCycle = new Set<number>();
    for (const start of managerOf.keys()) {
      let node = managerOf.get(start) ?? null;
      for (let steps = 0; node !== null && steps <= managerOf.size; steps++) {
        if (node === start) {
          onCycle.add(start);
          break;
        }
        node = managerOf.get(node) ?? null;
      }
    }
    return onCycle;
  };

  it('finds exactly the nodes a brute-force walk finds on cycles, each cycle once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }).chain((size) =>
          fc.array(fc.option(fc.integer({ min: 0, max: size + 2 }), { freq: 3 }), {
            minLength: size,
            maxLength: size,
          }),
        ),
        (managers) => {
          const managerOf = new Map<number, number | null>(managers.map((m, i) => [i, m ?? null]));
          const cycles = findManagerCycles(managerOf);
          const found = cycles.flat();
          assert.equal(new Set(found).size, found.length, 'no node listed twice');
          assert.deepEqual(new Set(found), bruteForce(managerOf));
          for (const cycle of cycles)
            cycle.forEach((node, i) => {
              assert.equal(managerOf.get(node), cycle[(i + 1) % cycle.length]);
            });
        },
      ),
      { numRuns: 500 },
    );
  });
});
