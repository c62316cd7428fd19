import { itemsPerStep, runAllSteps, type Stepwise } from '../stepwise.ts';
import { isValidTimeZone } from '../time-zones.ts';
import type { ExitType } from './career-events.ts';
import type { CsvTable } from './import-csv.ts';
import type { HeaderMapping, ImportFieldName } from './import-headers.ts';
import { findingManagerCycles } from './manager-cycles.ts';

type PersonStatus = 'active' | 'inactive';

/**
 * Opt-in, self-declared demographics an import may carry (decision 023): stored in people.demographics with only the
 * keys stated, shown to admins only, and used only in suppressed aggregate views.
 */
export const demographicKeys = [
  'gender',
  'ageBand',
  'ethnicity',
  'disability',
  'caringResponsibilities',
] as const;
export type DemographicKey = (typeof demographicKeys)[number];
export type Demographics = Partial<Record<DemographicKey, string>>;

/** The person fields an import writes (manager handled apart, as it points at another row). */
interface ImportedFields {
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
  /** null: nothing stated. */
  demographics: Demographics | null;
}
type OptionalField = Exclude<keyof ImportedFields, 'email' | 'name' | 'hrisId' | 'demographics'>;

/** One valid CSV row: the fields whose column is mapped (a blank cell clears the field) and its manager reference. */
interface ImportRecord {
  line: number;
  hrisId: string | null;
  email: string;
  name: string;
  values: Partial<Pick<ImportedFields, OptionalField>>;
  /** undefined when no manager column is mapped (keep the current manager); null fields when the cells are blank. */
  manager: { hrisId: string | null; email: string | null } | undefined;
  /** The mapped demographic columns: a value, or null when the cell is blank (not stated). */
  demographics: Partial<Record<DemographicKey, string | null>> | undefined;
  /** How a person marked inactive left, when the file says. */
  exitType: ExitType | null;
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

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const languageSeparator = /[,;|/]/;
const manySpaces = /\s+/g;
const levelPattern = /^\d{1,3}$/;

type ValidatedRows = { records: ImportRecord[]; errors: RowError[] };

/**
 * Check every row of a parsed CSV against the mapping; rows with any problem are reported, never half-kept.
 * Hot loop for large files: column positions are resolved once, and no closure or temporary object is made per row.
 */
export function validateRows(table: CsvTable, mapping: HeaderMapping): ValidatedRows {
  return runAllSteps(validatingRows(table, mapping));
}

/** `validateRows` as stepwise work (see src/core/stepwise.ts): pauses every `itemsPerStep` rows. */
export function* validatingRows(table: CsvTable, mapping: HeaderMapping): Stepwise<ValidatedRows> {
  const width = table.headers.length;
  // -1: the field is not mapped; a mapped header the file lacks reads as blank (past the end of every row).
  const at = (field: ImportFieldName): number => {
    const header = mapping[field];
    if (header === undefined) return -1;
    const index = table.headers.indexOf(header);
    return index === -1 ? width : index;
  };
  const label = (field: ImportFieldName) => `"${mapping[field]}"`;
  const emailAt = at('email');
  const hrisAt = at('hrisId');
  const nameAt = at('name');
  const firstNameAt = at('firstName');
  const lastNameAt = at('lastName');
  const textFields = (['title', 'department', 'jobFunction', 'location'] as const)
    .map((field) => ({ field, index: at(field) }))
    .filter(({ index }) => index !== -1);
  const levelAt = at('level');
  const timeZoneAt = at('timeZone');
  const hireDateAt = at('hireDate');
  const languagesAt = at('languages');
  const statusAt = at('status');
  const managerHrisAt = at('managerHrisId');
  const managerEmailAt = at('managerEmail');
  const hasManager = managerHrisAt !== -1 || managerEmailAt !== -1;
  const demographicColumns = demographicKeys
    .map((field) => ({ field, index: at(field) }))
    .filter(({ index }) => index !== -1);
  const exitTypeAt = at('exitType');

  const records: ImportRecord[] = [];
  const errors: RowError[] = [];
  const lineOfHris = new Map<string, number>();
  const lineOfEmail = new Map<string, number>();
  let rowErrors: RowError[] = [];
  let line = 0;
  let cells: string[] = [];
  const cell = (index: number): string => (cells[index] ?? '').trim();
  const fail = (field: string | null, message: string) => {
    rowErrors.push({ line, field, message });
  };
  // A free-text field: undefined when unmapped, null when blank or (reported) too long.
  const text = (index: number, field: ImportFieldName, max = 200): string | null | undefined => {
    if (index === -1) return undefined;
    const value = cell(index);
    if (value === '') return null;
    if (value.length > max) {
      fail(field, `${label(field)} is longer than ${max} characters`);
      return null;
    }
    return value;
  };

  let handled = 0;
  for (const row of table.rows) {
    if (++handled % itemsPerStep === 0) yield;
    line = row.line;
    cells = row.cells;
    if (rowErrors.length > 0) rowErrors = [];
    if (cells.length !== width) {
      errors.push({
        line,
        field: null,
        message: `expected ${width} fields like the header, found ${cells.length}`,
      });
      continue;
    }

    const email = emailAt === -1 ? '' : cell(emailAt).toLowerCase();
    if (email === '') fail('email', `${label('email')} is empty: every person needs an email`);
    else if (email.length > 254 || !emailPattern.test(email))
      fail('email', `${label('email')} "${email}" is not a valid email address`);

    const hrisId = text(hrisAt, 'hrisId', 100) ?? null;
    let name = text(nameAt, 'name') ?? '';
    if (!name) {
      const first = text(firstNameAt, 'firstName');
      const last = text(lastNameAt, 'lastName');
      name = first && last ? `${first} ${last}` : first || last || '';
    }
    if (!name) fail(mapping.name ? 'name' : 'firstName', 'the name is empty');

    const values: ImportRecord['values'] = {};
    for (const { field, index } of textFields) values[field] = text(index, field) as string | null;
    if (levelAt !== -1) {
      const level = cell(levelAt);
      if (level === '') values.level = null;
      else if (!levelPattern.test(level) || Number(level) > 100)
        fail('level', `${label('level')} "${level}" is not a whole number between 0 and 100`);
      else values.level = Number(level);
    }
    if (timeZoneAt !== -1) {
      const timeZone = cell(timeZoneAt);
      if (timeZone === '') values.timeZone = null;
      else if (!isValidTimeZone(timeZone))
        fail('timeZone', `${label('timeZone')} "${timeZone}" is not an IANA time zone such as Europe/Paris`);
      else values.timeZone = timeZone;
    }
    if (hireDateAt !== -1) {
      const hireDate = cell(hireDateAt);
      if (hireDate === '') values.hireDate = null;
      else if (!isIsoDate(hireDate))
        fail('hireDate', `${label('hireDate')} "${hireDate}" is not a date written YYYY-MM-DD`);
      else values.hireDate = hireDate;
    }
    if (languagesAt !== -1) {
      const languages = cell(languagesAt);
      const list: string[] = [];
      let tooLong = false;
      for (const part of languages.split(languageSeparator)) {
        const language = part.trim();
        if (language === '' || list.includes(language)) continue;
        if (language.length > 50) tooLong = true;
        list.push(language);
        if (list.length > 20) break; // refused whatever follows
      }
      if (list.length > 20 || tooLong)
        fail('languages', `${label('languages')} lists more than 20 languages or a name over 50 characters`);
      else values.languages = list;
    }
    if (statusAt !== -1) {
      const status = cell(statusAt);
      if (status === '') values.status = 'active';
      else {
        const known = statusWords[status.toLowerCase().replace(manySpaces, ' ')];
        if (!known)
          fail(
            'status',
            `${label('status')} "${status}" is not a known status (active, inactive, terminated, on leave)`,
          );
        else values.status = known;
      }
    }
    let manager: ImportRecord['manager'];
    if (hasManager) {
      const managerHrisId = managerHrisAt === -1 ? '' : cell(managerHrisAt);
      const managerEmail = managerEmailAt === -1 ? '' : cell(managerEmailAt);
      manager = { hrisId: managerHrisId || null, email: managerEmail ? managerEmail.toLowerCase() : null };
    }

    let demographics: ImportRecord['demographics'];
    if (demographicColumns.length > 0) {
      demographics = {};
      for (const { field, index } of demographicColumns)
        demographics[field] = text(index, field, 100) ?? null;
    }
    let exitType: ExitType | null = null;
    if (exitTypeAt !== -1) {
      const value = cell(exitTypeAt).toLowerCase();
      if (value === 'voluntary' || value === 'involuntary') exitType = value;
      else if (value !== '')
        fail('exitType', `${label('exitType')} "${cell(exitTypeAt)}" is neither voluntary nor involuntary`);
      if (value !== '' && values.status !== 'inactive')
        fail('exitType', `${label('exitType')} is only for people the file marks as inactive`);
    }

    if (hrisId) {
      const first = lineOfHris.get(hrisId);
      if (first !== undefined) fail('hrisId', `HRIS id "${hrisId}" is also on line ${first}`);
      else lineOfHris.set(hrisId, line);
    }
    if (email) {
      const first = lineOfEmail.get(email);
      if (first !== undefined) fail('email', `email "${email}" is also on line ${first}`);
      else lineOfEmail.set(email, line);
    }
    if (rowErrors.length > 0) for (const error of rowErrors) errors.push(error);
    else records.push({ line, hrisId, email, name, values, manager, demographics, exitType });
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
  /** The file's exit type for a person it marks inactive (not stored on the person: it goes on the exit event). */
  exitType: ExitType | null;
}

interface ImportPlan {
  /** New people, managers before their reports; each is written with its manager. */
  creates: PlannedPerson[];
  updates: PlannedPerson[];
  unchanged: number;
  /** Existing people whose manager changes (set once every new row exists). */
  managerChanges: { id: string; managerId: string | null }[];
  errors: RowError[];
}

const sameLanguages = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The stated demographics after a row: mapped columns set (or, blank, clear) their key; the others are kept. */
function mergedDemographics(
  current: Demographics | null,
  row: ImportRecord['demographics'],
): Demographics | null {
  if (row === undefined) return current;
  const next: Demographics = { ...(current ?? {}) };
  for (const key of demographicKeys) {
    const value = row[key];
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return Object.keys(next).length > 0 ? next : null;
}

function sameDemographics(a: Demographics | null, b: Demographics | null): boolean {
  return demographicKeys.every((key) => (a?.[key] ?? null) === (b?.[key] ?? null));
}

/**
 * Match valid rows to existing people (HRIS id first, else email), resolve managers by HRIS id or email among the
 * file and the organisation, refuse manager cycles, and sort rows into creates, updates and unchanged.
 */
export function planImport(
  records: ImportRecord[],
  existing: ExistingPerson[],
  newId: () => string,
): ImportPlan {
  return runAllSteps(planningImport(records, existing, newId));
}

/** `planImport` as stepwise work (see src/core/stepwise.ts): pauses every `itemsPerStep` rows of each pass. */
export function* planningImport(
  records: ImportRecord[],
  existing: ExistingPerson[],
  newId: () => string,
): Stepwise<ImportPlan> {
  let handled = 0;
  const errors: RowError[] = [];
  const existingByHris = new Map<string, ExistingPerson>();
  const existingByEmail = new Map<string, ExistingPerson>();
  const existingById = new Map<string, ExistingPerson>();
  for (const person of existing) {
    if (++handled % itemsPerStep === 0) yield;
    if (person.hrisId) existingByHris.set(person.hrisId, person);
    existingByEmail.set(person.email.toLowerCase(), person);
    existingById.set(person.id, person);
  }

  const claimedBy = new Map<string, number>();
  const rows: { record: ImportRecord; id: string; match: ExistingPerson | undefined }[] = [];
  for (const record of records) {
    if (++handled % itemsPerStep === 0) yield;
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
    if (++handled % itemsPerStep === 0) yield;
    if (record.hrisId) fileByHris.set(record.hrisId, id);
    fileByEmail.set(record.email, id);
    lineOfId.set(id, record.line);
  }

  const managerOf = new Map<string, string | null>();
  for (const person of existing) managerOf.set(person.id, person.managerId);
  const desiredManager = new Map<string, string | null>();
  for (const { record, id, match } of rows) {
    if (++handled % itemsPerStep === 0) yield;
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

  for (const found of yield* findingManagerCycles(managerOf)) {
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
    if (++handled % itemsPerStep === 0) yield;
    const managerId = desiredManager.get(id) ?? null;
    const v = record.values;
    // Built field by field in one shape (no spreads): 50,000 of these are compared and serialised.
    const next: PlannedPerson = {
      id,
      line: record.line,
      hrisId: record.hrisId ?? match?.hrisId ?? null,
      email: record.email,
      name: record.name,
      title: v.title !== undefined ? v.title : (match?.title ?? null),
      department: v.department !== undefined ? v.department : (match?.department ?? null),
      jobFunction: v.jobFunction !== undefined ? v.jobFunction : (match?.jobFunction ?? null),
      level: v.level !== undefined ? v.level : (match?.level ?? null),
      location: v.location !== undefined ? v.location : (match?.location ?? null),
      timeZone: v.timeZone !== undefined ? v.timeZone : (match?.timeZone ?? null),
      languages: v.languages !== undefined ? v.languages : (match?.languages ?? []),
      hireDate: v.hireDate !== undefined ? v.hireDate : (match?.hireDate ?? null),
      status: v.status !== undefined ? v.status : (match?.status ?? 'active'),
      demographics: mergedDemographics(match?.demographics ?? null, record.demographics),
      managerId,
      exitType: record.exitType,
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
      !sameDemographics(next.demographics, match.demographics) ||
      !sameLanguages(next.languages, match.languages);
    const managerChanged = managerId !== match.managerId;
    if (fieldsChanged) plan.updates.push(next);
    if (managerChanged) plan.managerChanges.push({ id, managerId });
    if (!fieldsChanged && managerChanged) plan.updates.push(next);
    if (!fieldsChanged && !managerChanged) plan.unchanged++;
  }
  plan.creates = yield* managersFirst(plan.creates);
  return plan;
}

/**
 * New people ordered managers first (by depth below the nearest manager that is not new, stable within a depth), so
 * the rows can go in batches without a second pass: a batch only points at rows already written or written by the
 * same statement. Iterative, on arrays: a chain of 50,000 managers is no deeper for it.
 */
function* managersFirst(creates: PlannedPerson[]): Stepwise<PlannedPerson[]> {
  const count = creates.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < count; i++) indexOf.set(creates[i]!.id, i);
  const parent = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const managerId = creates[i]!.managerId;
    parent[i] = managerId === null ? -1 : (indexOf.get(managerId) ?? -1);
  }
  const depth = new Int32Array(count).fill(-1);
  const path: number[] = [];
  let deepest = 0;
  for (let start = 0; start < count; start++) {
    if (start % itemsPerStep === 0) yield;
    let node = start;
    while (node !== -1 && depth[node] === -1) {
      depth[node] = -2; // on the current walk (a cycle, refused before this point, would end here)
      path.push(node);
      node = parent[node]!;
    }
    let base = node === -1 || depth[node] === -2 ? -1 : depth[node]!;
    while (path.length > 0) depth[path.pop()!] = ++base;
    if (base > deepest) deepest = base;
  }
  const byDepth: PlannedPerson[][] = Array.from({ length: deepest + 1 }, () => []);
  for (let i = 0; i < count; i++) byDepth[depth[i]!]!.push(creates[i]!);
  return byDepth.flat();
}
