import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CsvDecoder, type CsvFormatError, CsvReader, decodeCsvBytes, readCsv } from './import-csv.ts';

/** The table (or the error) read from the text cut into pieces at the given places. */
function readInPieces(text: string, cuts: number[]) {
  const reader = new CsvReader();
  try {
    let from = 0;
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      reader.push(text.slice(from, cut));
      from = cut;
    }
    reader.push(text.slice(from));
    return reader.finish();
  } catch (error) {
    return { error: (error as CsvFormatError).message, line: (error as CsvFormatError).line };
  }
}

function readWhole(text: string) {
  try {
    return readCsv(text);
  } catch (error) {
    return { error: (error as CsvFormatError).message, line: (error as CsvFormatError).line };
  }
}

// Text made of the characters CSV cares about, so quotes, delimiters and line ends land on the cuts.
const csvish = fc.string({
  unit: fc.constantFrom('a', 'é', ' ', ',', ';', '"', '"', '\n', '\r', '\r\n', 'x', '\ufeff'),
  maxLength: 80,
});
const cutsOf = (text: string) => fc.array(fc.nat({ max: text.length }), { maxLength: 6 });

describe('reading CSV as it arrives', () => {
  it('reads the same rows, lines and errors whatever the pieces the text comes in', () => {
    fc.assert(
      fc.property(
        csvish.chain((text) => fc.tuple(fc.constant(text), cutsOf(text))),
        ([text, cuts]) => {
          assert.deepEqual(readInPieces(text, cuts), readWhole(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads a well-formed file cut anywhere, quoted line breaks and doubled quotes included', () => {
    const text = 'Name,Note\r\n"Ana ""A"" P",one\r\n\r\n"Bea\nline two",two\rCarl,"x,y"\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const table = readInPieces(text, [cut]);
      assert.deepEqual(table, readCsv(text), `cut at ${cut}`);
    }
    const table = readCsv(text);
    assert.deepEqual(
      table.rows.map((row) => [row.line, ...row.cells]),
      [
        [2, 'Ana "A" P', 'one'],
        [4, 'Bea\nline two', 'two'],
        [6, 'Carl', 'x,y'],
      ],
    );
  });

  it('refuses NUL characters (a UTF-16 file read as text) naming the line', () => {
    const utf16 = decodeCsvBytes(Buffer.from('\ufeffName,Email\nAna,a@x.io\n', 'utf16le'));
    assert.throws(
      () => readCsv(utf16),
      (error: CsvFormatError) =>
        error.line === 1 && /NUL/.test(error.message) && /CSV UTF-8/.test(error.message),
    );
    assert.throws(
      () => readCsv('Name\nAna\nB\u0000b\n'),
      (error: CsvFormatError) => error.line === 3,
    );
  });

  it('refuses a record over a million characters instead of holding it back forever', () => {
    const reader = new CsvReader();
    reader.push('Name,Note\nAna,"');
    assert.throws(
      () => {
        for (let k = 0; k < 20; k++) reader.push('x'.repeat(64 * 1024));
      },
      (error: CsvFormatError) => error.line === 2 && /quote left open/.test(error.message),
    );
  });
});

describe('decoding CSV bytes as they arrive', () => {
  const pieces = (bytes: Uint8Array, size: number) => {
    const decoder = new CsvDecoder();
    let text = '';
    for (let at = 0; at < bytes.length; at += size) text += decoder.decode(bytes.subarray(at, at + size));
    return text + decoder.decode(new Uint8Array(0), true);
  };

  it('decodes UTF-8 cut inside a character, and Windows-1252, the same as the whole file', () => {
    const utf8 = new TextEncoder().encode(`Name\n${'a'.repeat(100)}\nZoë Müller – “Ops” 😀\n`);
    const windows1252 = Uint8Array.from(
      Buffer.from(`Name\n${'a'.repeat(100)}\nZo\xEB M\xFCller \x96 \x93Ops\x94\n`, 'latin1'),
    );
    for (const size of [1, 2, 3, 7, 64, 4096]) {
      assert.equal(pieces(utf8, size), decodeCsvBytes(utf8), `UTF-8 in pieces of ${size}`);
      assert.equal(
        pieces(windows1252, size),
        decodeCsvBytes(windows1252),
        `Windows-1252 in pieces of ${size}`,
      );
    }
    assert.equal(pieces(windows1252, 5), `Name\n${'a'.repeat(100)}\nZoë Müller – “Ops”\n`);
  });

  it('refuses a file that starts as UTF-8 and goes on in another encoding', () => {
    const decoder = new CsvDecoder();
    decoder.decode(new TextEncoder().encode('Name\nZoë\n'));
    assert.throws(() => decoder.decode(Uint8Array.of(0x5a, 0x6f, 0xeb, 0x0a)), /CSV UTF-8/);
  });
});
