/** A CSV the parser cannot read (e.g. an unclosed quote), with the 1-based line where it gave up. */
export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}

interface CsvRow {
  /** 1-based line where the record starts in the file; the header is line 1. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  headers: string[];
  headerLine: number;
  rows: CsvRow[];
}

const windows1252 = new TextDecoder('windows-1252');
// Node's TextDecoder('windows-1252') reads 0x80–0x9F as C1 controls, like ISO-8859-1; Windows puts € ‚ ƒ „ … † ‡
// ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ there (0x81, 0x8D, 0x8F, 0x90 and 0x9D stay controls, as in WHATWG).
const windows1252High =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  return windows1252
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (control) => windows1252High[control.charCodeAt(0) - 0x80]!);
}

/**
 * Decodes an uploaded CSV file piece by piece, as it arrives. HRIS exports are UTF-8 more often than not, but
 * spreadsheet tools still write Windows-1252, and text in it is almost never valid UTF-8 by accident (an accented
 * letter alone is an invalid UTF-8 sequence). So the first piece holding bytes beyond ASCII settles it: UTF-8 (a
 * byte-order mark is dropped) when they are valid UTF-8, else Windows-1252. A file that turns invalid after a valid
 * UTF-8 start is refused (`CsvFormatError` without a line; the caller knows how far it got).
 */
export class CsvDecoder {
  private encoding: 'undecided' | 'utf-8' | 'windows-1252' = 'undecided';
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  /** While undecided: the start of a multi-byte sequence the UTF-8 decoder holds until the next piece. */
  private held = new Uint8Array(0);

  decode(bytes: Uint8Array, final = false): string {
    if (this.encoding === 'windows-1252') return decodeWindows1252(bytes);
    if (this.encoding === 'utf-8') {
      try {
        return this.utf8.decode(bytes, { stream: !final });
      } catch {
        throw new CsvFormatError(
          'the file starts as UTF-8 but then holds bytes of another encoding: save it again as "CSV UTF-8"',
          null,
        );
      }
    }
    const all = this.held.length === 0 ? bytes : Buffer.concat([this.held, bytes]);
    try {
      const text = this.utf8.decode(bytes, { stream: !final });
      if (/[\u0080-\uffff]/.test(text)) {
        this.encoding = 'utf-8';
        this.held = new Uint8Array(0);
      } else {
        // Only ASCII so far, one byte per character: what was not returned is held by the decoder.
        this.held = all.slice(text.length);
      }
      return text;
    } catch {
      // Everything returned so far was ASCII, which reads the same in both.
      this.encoding = 'windows-1252';
      this.held = new Uint8Array(0);
      return decodeWindows1252(all);
    }
  }
}

/** The text of a whole uploaded CSV file: UTF-8 when the bytes are valid UTF-8, else Windows-1252. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  return new CsvDecoder().decode(bytes, true);
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/[\r\n]|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** A record this long is almost surely a quote left open; refusing it bounds the text held back between pieces. */
const maxRecordLength = 1_000_000;

/**
 * Reads CSV text (RFC 4180) piece by piece into a header and rows, each row with the line it starts on, even when
 * quoted fields span lines or pieces. Records end at LF, CRLF or a lone CR; blank lines are skipped; rows may have any
 * number of fields (the caller checks them); the delimiter (comma, semicolon or tab) is detected from the header line.
 * A quote inside an unquoted field, characters after a closing quote, an unclosed quote, a NUL character and a record
 * over a million characters are errors naming the record's first line.
 *
 * One pass over each piece: unquoted fields are sliced straight out of the text, so 50,000 rows take milliseconds,
 * where the general-purpose parser with per-record position info took seconds. Only an unfinished last record is
 * held back (and read again with the next piece).
 */
export class CsvReader {
  /** Every complete record so far, the header first. */
  private readonly records: CsvRow[] = [];
  /** Text not yet read into records: an unfinished record, or a header line still waiting for its end. */
  private pending = '';
  /** The line `pending` starts on. */
  private line = 1;
  private delimiter = -1;
  private started = false;

  /** The line reading has reached, for errors found outside the reader (e.g. by the decoder). */
  get currentLine(): number {
    return this.line;
  }

  /** Complete rows so far, the header not counted. */
  get rowCount(): number {
    return Math.max(0, this.records.length - 1);
  }

  /** Read the next piece of text. */
  push(text: string): void {
    const nul = text.indexOf('\u0000');
    if (nul !== -1) {
      const before = this.pending + text.slice(0, nul);
      const line = this.line + (before.match(/\r\n|\r|\n/g)?.length ?? 0);
      throw new CsvFormatError(
        `line ${line}: the file holds NUL characters, which a CSV file never has: is it saved as UTF-16 or as a spreadsheet? Save it as "CSV UTF-8"`,
        line,
      );
    }
    this.read(this.pending === '' ? text : this.pending + text, false);
  }

  /** The end of the text: the last record is read and the table returned. */
  finish(): CsvTable {
    this.read(this.pending, true);
    const header = this.records.shift();
    if (!header) throw new CsvFormatError('the file is empty: expected a header line', 1);
    return { headers: header.cells.map((cell) => cell.trim()), headerLine: header.line, rows: this.records };
  }

  private read(text: string, final: boolean): void {
    let src = text;
    if (this.delimiter === -1) {
      if (!this.started && src !== '') {
        this.started = true;
        if (src.charCodeAt(0) === 0xfeff) src = src.slice(1);
      }
      // The delimiter is told by the header line: wait for its end.
      if (!final && src.search(/[\r\n]/) === -1) {
        this.pending = src;
        this.checkPendingLength();
        return;
      }
      this.delimiter = detectDelimiter(src).charCodeAt(0);
    }
    const delimiter = this.delimiter;
    const end = src.length;
    let i = 0;
    let line = this.line;
    const fail = (at: number, reason: string): never => {
      throw new CsvFormatError(`line ${at}: ${reason}`, at);
    };
    records: while (i < end) {
      let c = src.charCodeAt(i);
      // Blank lines are skipped; they still count for the line numbers.
      if (c === LF) {
        i++;
        line++;
        continue;
      }
      if (c === CR) {
        // A CR ending the piece may be the first half of a CRLF.
        if (i + 1 === end && !final) break;
        i++;
        if (i < end && src.charCodeAt(i) === LF) i++;
        line++;
        continue;
      }
      const recordStart = i;
      const startLine = line;
      const cells: string[] = [];
      for (;;) {
        // The piece ended after a delimiter: the record goes on in the next piece.
        if (i === end && !final) {
          i = recordStart;
          line = startLine;
          break records;
        }
        if (i < end && src.charCodeAt(i) === QUOTE) {
          // Quoted field: runs to the next quote not doubled, across delimiters and line breaks.
          let from = i + 1;
          let value = '';
          for (;;) {
            const close = src.indexOf('"', from);
            if (close === -1) {
              if (!final) {
                i = recordStart;
                line = startLine;
                break records;
              }
              fail(startLine, 'a quoted field is opened here and never closed');
            }
            // A quote ending the piece may be the first of a doubled quote.
            if (close + 1 === end && !final) {
              i = recordStart;
              line = startLine;
              break records;
            }
            value += src.slice(from, close);
            if (src.charCodeAt(close + 1) === QUOTE) {
              value += '"';
              from = close + 2;
              continue;
            }
            i = close + 1;
            break;
          }
          for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) line++;
          cells.push(value);
          c = i < end ? src.charCodeAt(i) : LF;
          if (c === delimiter) {
            i++;
            continue;
          }
          if (c !== LF && c !== CR)
            fail(startLine, 'a quoted field is followed by other characters before the next delimiter');
          break;
        }
        const start = i;
        c = LF;
        while (i < end) {
          c = src.charCodeAt(i);
          if (c === delimiter || c === LF || c === CR) break;
          if (c === QUOTE)
            fail(
              startLine,
              `field ${cells.length + 1} holds a quote but does not start with one (quote the whole field and double the quotes inside)`,
            );
          i++;
        }
        // The piece ended inside the field: the rest of it comes with the next piece.
        if (i === end && !final) {
          i = recordStart;
          line = startLine;
          break records;
        }
        cells.push(src.slice(start, i));
        if (i < end && c === delimiter) {
          i++;
          continue;
        }
        break;
      }
      // The record ends at a line break or at the end of the text.
      if (i < end) {
        if (src.charCodeAt(i) === CR) {
          if (i + 1 === end && !final) {
            i = recordStart;
            line = startLine;
            break;
          }
          if (src.charCodeAt(i + 1) === LF) i++;
        }
        i++;
        line++;
      }
      this.records.push({ line: startLine, cells });
    }
    this.pending = i === end ? '' : src.slice(i);
    this.line = line;
    this.checkPendingLength();
  }

  private checkPendingLength(): void {
    if (this.pending.length > maxRecordLength)
      throw new CsvFormatError(
        `line ${this.line}: a record runs over ${maxRecordLength.toLocaleString('en')} characters: is a quote left open?`,
        this.line,
      );
  }
}

/** Parse a whole CSV text (see `CsvReader`). */
export function readCsv(text: string): CsvTable {
  const reader = new CsvReader();
  reader.push(text);
  return reader.finish();
}
