import type { CsvTable } from './import-csv.ts';
import { normaliseHeader } from './import-headers.ts';
import { isIsoDate, type RowError } from './import-rows.ts';

/**
 * Career history (decision 023): one event per person, kind and day. `promotion` / `level_change` carry the old and
 * new level as decimal text; `exit` carries how the person left; `hire` is a rehire (people.hire_date is the first
 * hire).
 */
export const careerEventKinds = [
  'hire',
  'promotion',
  'level_change',
  'pay_change',
  'job_change',
  'department_change',
  'exit',
] as const;
export type CareerEventKind = (typeof careerEventKinds)[number];
export const exitTypes = ['voluntary', 'involuntary'] as const;
export type ExitType = (typeof exitTypes)[number];

/** One event as written (the person already resolved). */
export interface CareerEventValues {
  personId: string;
  kind: CareerEventKind;
  effectiveOn: string;
  exitType: ExitType | null;
  fromValue: string | null;
  toValue: string | null;
}

/** The columns of a career events file, by the names the file may give them. */
export type CareerColumn = 'hrisId' | 'email' | 'kind' | 'date' | 'from' | 'to' | 'exitType';
const columnNames: Record<CareerColumn, string[]> = {
  hrisId: ['hris_id', 'hris id', 'employee id', 'employee number', 'person id', 'id'],
  email: ['email', 'work email', 'email address'],
  kind: ['event', 'kind', 'event type', 'type'],
  date: ['date', 'effective date', 'effective on', 'effective_on', 'event date'],
  from: ['from', 'from value', 'old value', 'previous'],
  to: ['to', 'to value', 'new value'],
  exitType: ['exit_type', 'exit type', 'termination type'],
};

export type CareerHeaders = Partial<Record<CareerColumn, string>>;

/** Which header holds each column; `missing` names what the file must add (a person column, the event, the date). */
export function matchCareerHeaders(headers: readonly string[]): {
  columns: CareerHeaders;
  missing: { column: string; message: string }[];
} {
  const byNormalised = new Map<string, string>();
  for (const header of headers) {
    const key = normaliseHeader(header);
    if (key && !byNormalised.has(key)) byNormalised.set(key, header);
  }
  const columns: CareerHeaders = {};
  const used = new Set<string>();
  for (const column of Object.keys(columnNames) as CareerColumn[]) {
    for (const name of columnNames[column]) {
      const header = byNormalised.get(normaliseHeader(name));
      if (header !== undefined && !used.has(header)) {
        columns[column] = header;
        used.add(header);
        break;
      }
    }
  }
  const missing: { column: string; message: string }[] = [];
  if (!columns.hrisId && !columns.email)
    missing.push({ column: 'hris_id', message: 'the file needs a "hris_id" or an "email" column' });
  if (!columns.kind)
    missing.push({ column: 'event', message: 'the file needs an "event" (or "kind") column' });
  if (!columns.date) missing.push({ column: 'date', message: 'the file needs a "date" column' });
  return { columns, missing };
}

const kindWords: Record<string, CareerEventKind> = {
  hire: 'hire',
  rehire: 'hire',
  promotion: 'promotion',
  levelchange: 'level_change',
  paychange: 'pay_change',
  jobchange: 'job_change',
  departmentchange: 'department_change',
  exit: 'exit',
};
const levelPattern = /^\d{1,3}(\.\d{1,2})?$/;

/** The people a file can name: by HRIS id and by lower-case email. */
export interface CareerPeopleIndex {
  byHrisId: ReadonlyMap<string, string>;
  byEmail: ReadonlyMap<string, string>;
}

/**
 * Check every row of a career events file; a row with any problem is reported (line and column), never half-kept.
 * `today` (YYYY-MM-DD) is the last day an event may fall on.
 */
export function validateCareerRows(
  table: CsvTable,
  columns: CareerHeaders,
  peopleIndex: CareerPeopleIndex,
  today: string,
): { events: (CareerEventValues & { line: number })[]; errors: RowError[] } {
  const width = table.headers.length;
  const at = (column: CareerColumn) => {
    const header = columns[column];
    return header === undefined ? -1 : table.headers.indexOf(header);
  };
  const name = (column: CareerColumn) => columns[column] ?? column;
  const positions = {
    hrisId: at('hrisId'),
    email: at('email'),
    kind: at('kind'),
    date: at('date'),
    from: at('from'),
    to: at('to'),
    exitType: at('exitType'),
  };
  const events: (CareerEventValues & { line: number })[] = [];
  const errors: RowError[] = [];
  const lineOfKey = new Map<string, number>();
  for (const row of table.rows) {
    const line = row.line;
    if (row.cells.length !== width) {
      errors.push({
        line,
        field: null,
        message: `expected ${width} fields like the header, found ${row.cells.length}`,
      });
      continue;
    }
    const cell = (index: number) => (index === -1 ? '' : (row.cells[index] ?? '').trim());
    const rowErrors: RowError[] = [];
    const fail = (column: CareerColumn, message: string) =>
      rowErrors.push({ line, field: name(column), message: `"${name(column)}": ${message}` });

    // The person: by HRIS id, else by email; both given must be the same person.
    const hrisId = cell(positions.hrisId);
    const email = cell(positions.email).toLowerCase();
    let personId: string | undefined;
    if (!hrisId && !email) fail(columns.hrisId ? 'hrisId' : 'email', 'empty: name the person');
    else {
      const byHris = hrisId ? peopleIndex.byHrisId.get(hrisId) : undefined;
      const byEmail = email ? peopleIndex.byEmail.get(email) : undefined;
      if (hrisId && !byHris) fail('hrisId', `no person with the HRIS id "${hrisId}"`);
      else if (!hrisId && !byEmail) fail('email', `no person with the email "${email}"`);
      else if (byHris && email && byEmail !== byHris)
        fail('email', `"${email}" is not the email of the person with the HRIS id "${hrisId}"`);
      else personId = byHris ?? byEmail;
    }

    const kindText = cell(positions.kind);
    const kind = kindWords[normaliseHeader(kindText)];
    if (!kindText) fail('kind', 'empty: name the event (promotion, exit, …)');
    else if (!kind)
      fail(
        'kind',
        `"${kindText}" is not a known event (promotion, level_change, pay_change, job_change, department_change, exit, hire)`,
      );

    const date = cell(positions.date);
    if (!isIsoDate(date)) fail('date', `"${date}" is not a date written YYYY-MM-DD`);
    else if (date > today) fail('date', `${date} is in the future (today is ${today})`);

    const fromValue = cell(positions.from) || null;
    const toValue = cell(positions.to) || null;
    if (fromValue && fromValue.length > 200) fail('from', 'longer than 200 characters');
    if (toValue && toValue.length > 200) fail('to', 'longer than 200 characters');
    if (kind === 'promotion' || kind === 'level_change') {
      if (fromValue && !levelPattern.test(fromValue))
        fail('from', `"${fromValue}" is not a level (a number)`);
      if (toValue && !levelPattern.test(toValue)) fail('to', `"${toValue}" is not a level (a number)`);
      if (
        kind === 'promotion' &&
        fromValue &&
        toValue &&
        levelPattern.test(fromValue) &&
        levelPattern.test(toValue) &&
        Number(toValue) <= Number(fromValue)
      )
        fail('to', `a promotion goes to a higher level than ${fromValue}; use level_change for a move down`);
    }

    const exitText = cell(positions.exitType).toLowerCase();
    let exitType: ExitType | null = null;
    if (exitText) {
      if (kind && kind !== 'exit') fail('exitType', 'only an exit has an exit type');
      else if (exitText !== 'voluntary' && exitText !== 'involuntary')
        fail('exitType', `"${exitText}" is neither voluntary nor involuntary`);
      else exitType = exitText;
    }

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const key = `${personId}|${kind}|${date}`;
    const first = lineOfKey.get(key);
    if (first !== undefined) {
      errors.push({
        line,
        field: name('date'),
        message: `the same event for the same person on ${date} is also on line ${first}`,
      });
      continue;
    }
    lineOfKey.set(key, line);
    events.push({ line, personId: personId!, kind: kind!, effectiveOn: date, exitType, fromValue, toValue });
  }
  return { events, errors };
}

/** A person's fields before and after an import, as far as career history is concerned. */
export interface CareerSnapshot {
  id: string;
  level: number | null;
  department: string | null;
  jobFunction: string | null;
  title: string | null;
  status: 'active' | 'inactive';
}

/**
 * The events a committed people import implies for a person it updates (decision 023): a higher level is a
 * promotion, a lower one a level change; a new department a department change; a new job function, or a new title
 * without a level change, a job change; active → inactive an exit (with the file's exit type, if any); inactive →
 * active a rehire. A field that was or becomes blank is data being filled in or cleared, not an event.
 */
export function deriveCareerEvents(
  before: CareerSnapshot,
  after: CareerSnapshot,
  effectiveOn: string,
  exitType: ExitType | null,
): CareerEventValues[] {
  const events: CareerEventValues[] = [];
  const event = (kind: CareerEventKind, fromValue: string | null, toValue: string | null) =>
    events.push({
      personId: after.id,
      kind,
      effectiveOn,
      exitType: kind === 'exit' ? exitType : null,
      fromValue,
      toValue,
    });
  const levelChanged = before.level !== null && after.level !== null && before.level !== after.level;
  if (levelChanged)
    event(
      after.level! > before.level! ? 'promotion' : 'level_change',
      String(before.level),
      String(after.level),
    );
  if (before.department && after.department && before.department !== after.department)
    event('department_change', before.department, after.department);
  if (before.jobFunction && after.jobFunction && before.jobFunction !== after.jobFunction)
    event('job_change', before.jobFunction, after.jobFunction);
  else if (!levelChanged && before.title && after.title && before.title !== after.title)
    event('job_change', before.title, after.title);
  if (before.status === 'active' && after.status === 'inactive') event('exit', null, null);
  if (before.status === 'inactive' && after.status === 'active') event('hire', null, null);
  return events;
}
