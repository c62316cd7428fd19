import type { CsvTable } from './import-csv.ts';
import type { HeaderMapping, ImportFieldName } from './import-headers.ts';
import { findManagerCycles } from './manager-cycles.ts';

export type PersonStatus = 'active' | 'inactive';

/** The person fields an import writes (manager handled apart, as it points at another row). */
export interface ImportedFields {
  hrisId: string | null;
  email: string;
  name: string;
  title: string | null;
  department: string | null;
  jobFunction: string | null;
  level: number | null;
  location: string | null;
  timeZone: string | null;
  languages: string[];
  hireDate: string | null;
  status: PersonStatus;
}
type OptionalField = Exclude<keyof ImportedFields, 'email' | 'name' | 'hrisId'>;

/** One valid CSV row: the fields whose column is mapped (a blank cell clears the field) and its manager reference. */
export interface ImportRecord {
  line: number;
  hrisId: string | null;
  email: string;
  name: string;
  values: Partial<Pick<ImportedFields, OptionalField>>;
  /** undefined when no manager column is mapped (keep the current manager); null fields when the cells are blank. */
  manager: { hrisId: string | null; email: string | null } | undefined;
}

export interface RowError {
  line: number;
  field: string | null;
  message: string;
}

const emailPattern = /^[^\s@",;<>]+@[^\s@",;<>]+\.[^\s@",;<>]+$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const statusWords: Record<string, PersonStatus> = {
  active: 'active',
  employed: 'active',
  current: 'active',
  'on leave': 'active',
  leave: 'active',
  'leave of absence': 'active',
  inactive: 'inactive',
  terminated: 'inactive',
  left: 'inactive',
  former: 'inactive',
  deactivated: 'inactive',
  withdrawn: 'inactive',
};

const timeZoneCache = new Map<string, boolean>();
/** True for an IANA time zone name the runtime knows (e.g. Europe/Paris). */
export function isTimeZone(value: string): boolean {
  let known = timeZoneCache.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    timeZoneCache.set(value, known);
  }
  return known;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Check every row of a parsed CSV against the mapping; rows with any problem are reported, never half-kept. */
export function validateRows(
  table: CsvTable,
  mapping: HeaderMapping,
): { records: ImportRecord[]; errors: RowError[] } {
  const column = new Map<ImportFieldName, number>();
  for (const [field, header] of Object.entries(mapping) as [ImportFieldName, string][]) {
    column.set(field, table.headers.indexOf(header));
  }
  const records: ImportRecord[] = [];
  const errors: RowError[] = [];
  const lineOfHris = new Map<string, number>();
  const lineOfEmail = new Map<string, number>();
  const width = table.headers.length;

  for (const row of table.rows) {
    const rowErrors: RowError[] = [];
    const fail = (field: ImportFieldName | null, message: string) =>
      rowErrors.push({ line: row.line, field, message });
    if (row.cells.length !== width) {
      fail(null, `expected ${width} fields like the header, found ${row.cells.length}`);
      errors.push(...rowErrors);
      continue;
    }
    const cell = (field: ImportFieldName): string | undefined => {
      const index = column.get(field);
      return index === undefined ? undefined : (row.cells[index] ?? '').trim();
    };
    const label = (field: ImportFieldName) => `"${mapping[field]}"`;
    const text = (field: ImportFieldName, max = 200): string | null | undefined => {
      const value = cell(field);
      if (value === undefined) return undefined;
      if (value === '') return null;
      if (value.length > max) {
        fail(field, `${label(field)} is longer than ${max} characters`);
        return null;
      }
      return value;
    };

    const email = cell('email')?.toLowerCase() ?? '';
    if (email === '') fail('email', `${label('email')} is empty: every person needs an email`);
    else if (email.length > 254 || !emailPattern.test(email))
      fail('email', `${label('email')} "${email}" is not a valid email address`);

    const hrisId = text('hrisId', 100) ?? null;
    let name = text('name') ?? '';
    if (!name) name = [text('firstName'), text('lastName')].filter(Boolean).join(' ');
    if (!name) fail(mapping.name ? 'name' : 'firstName', 'the name is empty');

    const values: ImportRecord['values'] = {};
    for (const field of ['title', 'department', 'jobFunction', 'location'] as const) {
      const value = text(field);
      if (value !== undefined) values[field] = value;
    }
    const level = cell('level');
    if (level !== undefined) {
      if (level === '') values.level = null;
      else if (!/^\d{1,3}$/.test(level) || Number(level) > 100)
        fail('level', `${label('level')} "${level}" is not a whole number between 0 and 100`);
      else values.level = Number(level);
    }
    const timeZone = cell('timeZone');
    if (timeZone !== undefined) {
      if (timeZone === '') values.timeZone = null;
      else if (timeZone.length > 64 || !isTimeZone(timeZone))
        fail('timeZone', `${label('timeZone')} "${timeZone}" is not an IANA time zone such as Europe/Paris`);
      else values.timeZone = timeZone;
    }
    const hireDate = cell('hireDate');
    if (hireDate !== undefined) {
      if (hireDate === '') values.hireDate = null;
      else if (!isIsoDate(hireDate))
        fail('hireDate', `${label('hireDate')} "${hireDate}" is not a date written YYYY-MM-DD`);
      else values.hireDate = hireDate;
    }
    const languages = cell('languages');
    if (languages !== undefined) {
      const list = [
        ...new Set(
          languages
            .split(/[,;|/]/)
            .map((language) => language.trim())
            .filter(Boolean),
        ),
      ];
      if (list.length > 20 || list.some((language) => language.length > 50))
        fail('languages', `${label('languages')} lists more than 20 languages or a name over 50 characters`);
      else values.languages = list;
    }
    const status = cell('status');
    if (status !== undefined) {
      if (status === '') values.status = 'active';
      else {
        const known = statusWords[status.toLowerCase().replace(/\s+/g, ' ')];
        if (!known)
          fail(
            'status',
            `${label('status')} "${status}" is not a known status (active, inactive, terminated, on leave)`,
          );
        else values.status = known;
      }
    }
    let manager: ImportRecord['manager'];
    const managerHrisId = cell('managerHrisId');
    const managerEmail = cell('managerEmail');
    if (managerHrisId !== undefined || managerEmail !== undefined) {
      manager = { hrisId: managerHrisId || null, email: managerEmail ? managerEmail.toLowerCase() : null };
    }

    if (hrisId) {
      const first = lineOfHris.get(hrisId);
      if (first !== undefined) fail('hrisId', `HRIS id "${hrisId}" is also on line ${first}`);
      else lineOfHris.set(hrisId, row.line);
    }
    if (email) {
      const first = lineOfEmail.get(email);
      if (first !== undefined) fail('email', `email "${email}" is also on line ${first}`);
      else lineOfEmail.set(email, row.line);
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else records.push({ line: row.line, hrisId, email, name, values, manager });
  }
  return { records, errors };
}

/** A person already in the organisation, as the import compares against it. */
export interface ExistingPerson extends ImportedFields {
  id: string;
  managerId: string | null;
}

export interface PlannedPerson extends ImportedFields {
  id: string;
  line: number;
  managerId: string | null;
}

export interface ImportPlan {
  /** New people, managers before their reports; each is written with its manager. */
  creates: PlannedPerson[];
  updates: PlannedPerson[];
  unchanged: number;
  /** Existing people whose manager changes (set once every new row exists). */
  managerChanges: { id: string; managerId: string | null }[];
  errors: RowError[];
}

const sameLanguages = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Match valid rows to existing people (HRIS id first, else email), resolve managers by HRIS id or email among the
 * file and the organisation, refuse manager cycles, and sort rows into creates, updates and unchanged.
 */
export function planImport(
  records: ImportRecord[],
  existing: ExistingPerson[],
  newId: () => string,
): ImportPlan {
  const errors: RowError[] = [];
  const existingByHris = new Map<string, ExistingPerson>();
  const existingByEmail = new Map<string, ExistingPerson>();
  const existingById = new Map<string, ExistingPerson>();
  for (const person of existing) {
    if (person.hrisId) existingByHris.set(person.hrisId, person);
    existingByEmail.set(person.email.toLowerCase(), person);
    existingById.set(person.id, person);
  }

  const claimedBy = new Map<string, number>();
  const rows: { record: ImportRecord; id: string; match: ExistingPerson | undefined }[] = [];
  for (const record of records) {
    const byHris = record.hrisId ? existingByHris.get(record.hrisId) : undefined;
    const byEmail = existingByEmail.get(record.email);
    const match = byHris ?? byEmail;
    if (byEmail && match !== byEmail) {
      errors.push({
        line: record.line,
        field: 'email',
        message: `email "${record.email}" already belongs to another person (${byEmail.name})`,
      });
      continue;
    }
    if (!byHris && byEmail?.hrisId && record.hrisId && byEmail.hrisId !== record.hrisId) {
      errors.push({
        line: record.line,
        field: 'hrisId',
        message: `email "${record.email}" belongs to the person with HRIS id "${byEmail.hrisId}", not "${record.hrisId}"`,
      });
      continue;
    }
    if (match) {
      const other = claimedBy.get(match.id);
      if (other !== undefined) {
        errors.push({
          line: record.line,
          field: null,
          message: `this row and line ${other} both match ${match.name}`,
        });
        continue;
      }
      claimedBy.set(match.id, record.line);
    }
    rows.push({ record, id: match?.id ?? newId(), match });
  }

  const fileByHris = new Map<string, string>();
  const fileByEmail = new Map<string, string>();
  const lineOfId = new Map<string, number>();
  for (const { record, id } of rows) {
    if (record.hrisId) fileByHris.set(record.hrisId, id);
    fileByEmail.set(record.email, id);
    lineOfId.set(id, record.line);
  }

  const managerOf = new Map<string, string | null>();
  for (const person of existing) managerOf.set(person.id, person.managerId);
  const desiredManager = new Map<string, string | null>();
  for (const { record, id, match } of rows) {
    let managerId: string | null = match?.managerId ?? null;
    if (record.manager) {
      const { hrisId, email } = record.manager;
      managerId = null;
      if (hrisId) managerId = fileByHris.get(hrisId) ?? existingByHris.get(hrisId)?.id ?? null;
      if (!managerId && email) managerId = fileByEmail.get(email) ?? existingByEmail.get(email)?.id ?? null;
      if (!managerId && (hrisId || email)) {
        const what =
          hrisId && email
            ? `HRIS id "${hrisId}" or email "${email}"`
            : hrisId
              ? `HRIS id "${hrisId}"`
              : `email "${email}"`;
        errors.push({
          line: record.line,
          field: hrisId ? 'managerHrisId' : 'managerEmail',
          message: `unknown manager: no person with ${what} in the file or the organisation`,
        });
        continue;
      }
    }
    desiredManager.set(id, managerId);
    managerOf.set(id, managerId);
  }

  for (const found of findManagerCycles(managerOf)) {
    const lines = found.map((id) => lineOfId.get(id)).filter((line): line is number => line !== undefined);
    if (lines.length === 0) continue;
    // Start the description at the earliest line of the file, which is where a reader will look first.
    const first = found.findIndex((id) => lineOfId.get(id) === Math.min(...lines));
    const cycle = [...found.slice(first), ...found.slice(0, first)];
    const path = cycle.map((id) => {
      const line = lineOfId.get(id);
      return line !== undefined ? `line ${line}` : (existingById.get(id)?.email ?? id);
    });
    const message =
      cycle.length === 1
        ? 'manager cycle: this person is their own manager'
        : `manager cycle: ${[...path, path[0]].join(' → ')}`;
    for (const line of lines.sort((a, b) => a - b)) errors.push({ line, field: 'manager', message });
  }

  errors.sort((a, b) => a.line - b.line);
  const plan: ImportPlan = { creates: [], updates: [], unchanged: 0, managerChanges: [], errors };
  if (errors.length > 0) return plan;

  for (const { record, id, match } of rows) {
    const managerId = desiredManager.get(id) ?? null;
    const base: ImportedFields = match ?? {
      hrisId: null,
      email: record.email,
      name: record.name,
      title: null,
      department: null,
      jobFunction: null,
      level: null,
      location: null,
      timeZone: null,
      languages: [],
      hireDate: null,
      status: 'active',
    };
    const next: PlannedPerson = {
      ...base,
      ...record.values,
      hrisId: record.hrisId ?? base.hrisId,
      email: record.email,
      name: record.name,
      id,
      line: record.line,
      managerId,
    };
    if (!match) {
      plan.creates.push(next);
      continue;
    }
    const fieldsChanged =
      next.hrisId !== match.hrisId ||
      next.email !== match.email ||
      next.name !== match.name ||
      next.title !== match.title ||
      next.department !== match.department ||
      next.jobFunction !== match.jobFunction ||
      next.level !== match.level ||
      next.location !== match.location ||
      next.timeZone !== match.timeZone ||
      next.hireDate !== match.hireDate ||
      next.status !== match.status ||
      !sameLanguages(next.languages, match.languages);
    const managerChanged = managerId !== match.managerId;
    if (fieldsChanged) plan.updates.push(next);
    if (managerChanged) plan.managerChanges.push({ id, managerId });
    if (!fieldsChanged && managerChanged) plan.updates.push(next);
    if (!fieldsChanged && !managerChanged) plan.unchanged++;
  }
  // New people are written managers first, each with its manager set, so the rows can go in batches without a
  // second pass over them: a batch only points at rows already written or written by the same statement.
  const created = new Map(plan.creates.map((person) => [person.id, person]));
  const depth = new Map<string, number>();
  const depthOf = (start: string): number => {
    const path: string[] = [];
    let node: string | null = start;
    while (node !== null && created.has(node) && !depth.has(node)) {
      path.push(node);
      node = created.get(node)!.managerId;
    }
    let base = node !== null && depth.has(node) ? depth.get(node)! : -1;
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i]!, ++base);
    return depth.get(start)!;
  };
  for (const person of plan.creates) depthOf(person.id);
  plan.creates.sort((a, b) => depth.get(a.id)! - depth.get(b.id)!);
  return plan;
}
