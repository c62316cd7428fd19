import { CsvFormatError, readCsv } from './import-csv.ts';

/** One address of a list of emails, with the line it was on (the first line is 1). */
export interface EmailListEntry {
  line: number;
  email: string;
  /** From a `name` column, when the list has one. */
  name: string | null;
}

/** A problem on one line of the list, written for the person who pasted it. */
export interface EmailListIssue {
  line: number;
  message: string;
}

export interface EmailList {
  /** Each address once (lower case), in the order of the list. */
  entries: EmailListEntry[];
  issues: EmailListIssue[];
  /** Lines that repeat an address already listed (skipped). */
  duplicates: number;
}

const emailPattern = /^[^\s@",;<>]+@[^\s@",;<>]+\.[^\s@",;<>]+$/;
const emailHeaders = new Set(['email', 'emailaddress', 'workemail', 'mail', 'emails']);
const nameHeaders = new Set(['name', 'fullname', 'displayname']);
const normalise = (header: string) => header.toLowerCase().replace(/[^a-z]/g, '');

/** Whether a text looks like an email address (the same rule as the directory import). */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && emailPattern.test(text);
}

/**
 * Read a pasted or uploaded list of emails: either one address per line (optionally followed by a name), or a CSV
 * whose header names an `email` column (and optionally `name`). Blank lines are skipped; a repeated address counts
 * once. Every bad line is reported with its number; at most `maxEntries` addresses are read.
 */
export function readEmailList(text: string, maxEntries: number): EmailList {
  if (text.trim() === '')
    return { entries: [], issues: [{ line: 1, message: 'the list is empty' }], duplicates: 0 };
  let table: ReturnType<typeof readCsv>;
  try {
    table = readCsv(text);
  } catch (error) {
    if (error instanceof CsvFormatError) {
      const line = error.line ?? 1;
      return {
        entries: [],
        issues: [{ line, message: error.message.replace(/^line \d+: /, '') }],
        duplicates: 0,
      };
    }
    throw error;
  }
  const headerIsAddress = table.headers.some((cell) => cell.includes('@'));
  let emailAt = 0;
  let nameAt = 1;
  const rows = table.rows.map((row) => ({ line: row.line, cells: row.cells }));
  if (headerIsAddress) {
    rows.unshift({ line: table.headerLine, cells: table.headers });
    // Without a header: the first cell holding an address is the address, the next one the name.
    emailAt = Math.max(
      0,
      table.headers.findIndex((cell) => cell.includes('@')),
    );
    nameAt = emailAt + 1;
  } else {
    const normalised = table.headers.map(normalise);
    emailAt = normalised.findIndex((header) => emailHeaders.has(header));
    nameAt = normalised.findIndex((header) => nameHeaders.has(header));
    if (emailAt === -1) {
      return {
        entries: [],
        issues: [
          {
            line: table.headerLine,
            message:
              'no column of email addresses: put one address per line, or name a column “email” in the first line',
          },
        ],
        duplicates: 0,
      };
    }
  }

  const entries: EmailListEntry[] = [];
  const issues: EmailListIssue[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const row of rows) {
    const raw = (row.cells[emailAt] ?? '').trim();
    const email = raw.toLowerCase();
    if (email === '') {
      if (row.cells.some((cell) => cell.trim() !== ''))
        issues.push({ line: row.line, message: 'no email address' });
      continue;
    }
    if (!isEmailAddress(email)) {
      issues.push({ line: row.line, message: `“${raw.slice(0, 80)}” is not an email address` });
      continue;
    }
    if (seen.has(email)) {
      duplicates += 1;
      continue;
    }
    if (entries.length >= maxEntries) {
      issues.push({
        line: row.line,
        message: `the list has more than ${maxEntries.toLocaleString('en')} addresses: send it in parts`,
      });
      break;
    }
    seen.add(email);
    const name = nameAt >= 0 ? (row.cells[nameAt] ?? '').trim().slice(0, 120) : '';
    entries.push({ line: row.line, email, name: name || null });
  }
  if (entries.length === 0 && issues.length === 0)
    issues.push({ line: table.headerLine, message: 'the list holds no email address' });
  return { entries, issues, duplicates };
}
