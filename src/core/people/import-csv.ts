import { parse } from 'csv-parse/sync';

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

export interface CsvRow {
  /** 1-based line where the record starts in the file; the header is line 1. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  headers: string[];
  headerLine: number;
  rows: CsvRow[];
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

/**
 * Parse CSV text into a header and rows, each row with the line it starts on, even when quoted fields span lines.
 * Blank lines are skipped; the delimiter (comma, semicolon or tab) is detected from the header line.
 */
export function readCsv(text: string): CsvTable {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const buffer = Buffer.from(clean, 'utf8');
  // csv-parse counts lines oddly with CRLF inside quotes, so derive each record's first line from byte offsets.
  const newlines: number[] = [];
  for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) newlines.push(i);
  const lineAt = (offset: number) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (newlines[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
  const startLineAfter = (offset: number) => {
    let start = offset;
    while (start < buffer.length && (buffer[start] === 10 || buffer[start] === 13)) start++;
    return lineAt(start);
  };
  let lastEnd = 0;
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(buffer, {
      delimiter: detectDelimiter(clean),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record, context) => {
        lastEnd = context.bytes;
        return record;
      },
    }) as unknown as typeof records;
  } catch (error) {
    const err = error as Error & { code?: string; lines?: number };
    // The record that failed starts after the last one read, which is the line a person must look at.
    const line = startLineAfter(lastEnd);
    const reason =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is opened here and never closed'
        : err.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'a quoted field is followed by other characters before the next delimiter'
          : err.message.replace(/^[A-Za-z ]+: /, '').replace(/,? ?at line \d+\.?/, '');
    throw new CsvFormatError(`line ${line}: ${reason}`, line);
  }
  let previousEnd = 0;
  const rows: CsvRow[] = [];
  for (const { record, info } of records) {
    rows.push({ line: startLineAfter(previousEnd), cells: record });
    previousEnd = info.bytes;
  }
  const header = rows.shift();
  if (!header) throw new CsvFormatError('the file is empty: expected a header line', 1);
  return { headers: header.cells.map((cell) => cell.trim()), headerLine: header.line, rows };
}
