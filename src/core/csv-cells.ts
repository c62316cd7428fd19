/**
 * Writing CSV that is safe to open in a spreadsheet. Excel, LibreOffice and Google Sheets read a cell that starts
 * with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so a name such as
 * `=HYPERLINK("https://evil.example","Click")` typed into a profile would run in the admin's spreadsheet (OWASP
 * "CSV injection"). Every CSV Trellis writes goes through these functions: such text cells get a leading single
 * quote, which spreadsheets show as text; numbers are written as numbers.
 */

type CsvValue = string | number | boolean | null | undefined;

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\n\r]/;

/** A text cell a spreadsheet will not run: formula-like text prefixed with `'`; other text and numbers unchanged. */
export function neutraliseCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  return formulaStart.test(value) ? `'${value}` : value;
}

/** One CSV field: neutralised, then quoted (RFC 4180) when it holds a comma, a quote or a line break. */
export function csvCell(value: CsvValue): string {
  const text = neutraliseCell(value);
  return needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document, one line per row (the first row is usually the header), ending with a line break. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + (rows.length > 0 ? '\n' : '');
}
