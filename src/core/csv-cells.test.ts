import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { csvCell, neutraliseCell, toCsv } from './csv-cells.ts';

const dangerous = ['=', '+', '-', '@', '\t', '\r'];

describe('CSV cells a spreadsheet will not run', () => {
  it('prefixes text starting with = + - @ tab or carriage return with a single quote', () => {
    assert.equal(
      neutraliseCell('=HYPERLINK("https://evil.example","Click")'),
      `'=HYPERLINK("https://evil.example","Click")`,
    );
    assert.equal(neutraliseCell('+1 555 0100'), "'+1 555 0100");
    assert.equal(neutraliseCell('-2+3'), "'-2+3");
    assert.equal(neutraliseCell('@SUM(A1:A2)'), "'@SUM(A1:A2)");
    assert.equal(neutraliseCell('\t=1+1'), "'\t=1+1");
    assert.equal(neutraliseCell('\r=1+1'), "'\r=1+1");
  });

  it('leaves ordinary text, text with a formula sign further in, numbers and empty cells alone', () => {
    assert.equal(neutraliseCell('Ada Lovelace'), 'Ada Lovelace');
    assert.equal(neutraliseCell('a=b'), 'a=b');
    assert.equal(neutraliseCell(' =1'), ' =1');
    assert.equal(neutraliseCell(-5), '-5');
    assert.equal(neutraliseCell(87.25), '87.25');
    assert.equal(neutraliseCell(null), '');
    assert.equal(neutraliseCell(undefined), '');
    assert.equal(neutraliseCell(''), '');
  });

  it('quotes a cell holding a comma, a quote or a line break', () => {
    assert.equal(csvCell('=HYPERLINK("x","y")'), `"'=HYPERLINK(""x"",""y"")"`);
    assert.equal(csvCell('Smith, Jo'), '"Smith, Jo"');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('plain'), 'plain');
  });

  it('writes rows that read back as the same text, formula-like cells with their quote (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.oneof(
              fc.string(),
              fc.constantFrom(...dangerous).chain((d) => fc.string().map((s) => d + s)),
            ),
            { minLength: 2, maxLength: 5 },
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (rows) => {
          const width = rows[0]!.length;
          const table = rows.map((row) => Array.from({ length: width }, (_, k) => row[k] ?? ''));
          const read = parse(toCsv(table), { relax_column_count: false }) as string[][];
          assert.equal(read.length, table.length);
          for (let r = 0; r < table.length; r++) {
            for (let c = 0; c < width; c++) {
              const written = table[r]![c]!;
              const expected = dangerous.some((d) => written.startsWith(d)) ? `'${written}` : written;
              assert.equal(read[r]![c], expected);
              assert.ok(!dangerous.some((d) => read[r]![c]!.startsWith(d)));
            }
          }
        },
      ),
    );
  });
});
