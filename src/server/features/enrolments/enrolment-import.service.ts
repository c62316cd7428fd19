import type {
  BulkEnrolmentResult,
  EnrolmentImportPreview,
  EnrolmentRole,
  EnrolmentStatus,
} from '../../../contracts/enrolments.contracts.ts';
import { AppError, type FieldIssue } from '../../../core/errors.ts';
import { departmentPreferences, learningStyles, meetingModes } from '../../../core/matching/profiles.ts';
import { CsvFormatError, type CsvTable } from '../../../core/people/import-csv.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { type CsvInput, readCsvInput } from '../../lib/csv-upload.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { programForStaff } from '../programs/program-access.ts';
import { resolveSkills } from '../skills/skills.service.ts';
import * as repo from './enrolments.repository.ts';
import {
  type PlannedEnrolment,
  programForEnrolmentImport,
  writeStaffEnrolments,
} from './enrolments.service.ts';

/** Columns an enrolment CSV may have, by their normalised header (lower case, letters only). */
const columns = {
  email: 'email',
  role: 'role',
  capacity: 'capacity',
  skills: 'skills',
  goals: 'goals',
  targetfunction: 'targetFunction',
  languages: 'languages',
  learningstyle: 'learningStyle',
  meetingmode: 'meetingMode',
  departmentpreference: 'departmentPreference',
  availability: 'availability',
} as const;
type Column = (typeof columns)[keyof typeof columns];

/** Each column as people write it in a header and read it in an error. */
const columnLabels: Record<Column, string> = {
  email: 'Email',
  role: 'Role',
  capacity: 'Capacity',
  skills: 'Skills',
  goals: 'Goals',
  targetFunction: 'Target function',
  languages: 'Languages',
  learningStyle: 'Learning style',
  meetingMode: 'Meeting mode',
  departmentPreference: 'Department preference',
  availability: 'Availability',
};

/** The most rows one enrolment file may have. */
const maxRows = 20_000;
/** How many people of each list a preview names. */
const previewItems = 200;
/** How many problems a preview or a refusal lists. */
const maxErrors = 500;

/** Statuses in which a person is in the program already (as in the enrolment service). */
const liveStatuses = new Set(['pending_approval', 'approved', 'waitlisted']);

const listOf = (cell: string) =>
  cell
    .split(/[|;]/)
    .map((item) => item.trim())
    .filter(Boolean);

/** One problem of the file: its line, the column if it is about one, and what to do, in words for people. */
interface LineError {
  line: number;
  column: Column | null;
  message: string;
}

interface CheckedRow extends PlannedEnrolment {
  line: number;
  email: string;
}

interface CheckedFile {
  rows: number;
  /** Valid rows, in file order; those already enrolled in the same role are `already`. */
  planned: CheckedRow[];
  already: (CheckedRow & { status: EnrolmentStatus })[];
  errors: LineError[];
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** A CSV format problem as a line error (the reader's message starts with "line N: "). */
function formatError(error: CsvFormatError): LineError {
  return {
    line: error.line ?? 1,
    column: null,
    message: sentence(error.message.replace(/^line \d+: /, '')),
  };
}

const readable = (values: readonly string[]) => values.map((value) => value.replace(/_/g, ' ')).join(', ');

/**
 * Check every line of an enrolment CSV against the directory, the skills vocabulary and the program's enrolments,
 * without writing. Problems are collected for every line, not only the first.
 */
async function checkFile(db: Db, program: ProgramRow, table: CsvTable): Promise<CheckedFile> {
  const errors: LineError[] = [];
  const headerLine = table.headerLine;
  const indexOf = new Map<Column, number>();
  table.headers.forEach((header, index) => {
    const key = header.toLowerCase().replace(/[^a-z]/g, '') as keyof typeof columns;
    const column = columns[key];
    if (!column) {
      errors.push({
        line: headerLine,
        column: null,
        message: `“${header}” is not a column Trellis reads. The columns are: ${Object.values(columnLabels)
          .join(', ')
          .toLowerCase()}.`,
      });
    } else indexOf.set(column, index);
  });
  for (const required of ['email', 'role'] as const) {
    if (!indexOf.has(required))
      errors.push({
        line: headerLine,
        column: null,
        message: `The header has no “${required}” column: every file needs one.`,
      });
  }
  if (errors.length > 0) return { rows: table.rows.length, planned: [], already: [], errors };
  if (table.rows.length === 0)
    return {
      rows: 0,
      planned: [],
      already: [],
      errors: [{ line: headerLine + 1, column: null, message: 'The file has a header but no rows.' }],
    };

  const cell = (cells: string[], column: Column) => {
    const index = indexOf.get(column);
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const emails = table.rows.map((row) => cell(row.cells, 'email').toLowerCase());
  const personOf = new Map(
    (
      await repo.findActivePeopleByEmail(db, program.organisationId, [...new Set(emails.filter(Boolean))])
    ).map((person) => [person.email.toLowerCase(), person.id]),
  );
  const seen = new Map<string, number>();
  const planned: CheckedRow[] = [];
  const skillLists: { path: string; line: number; names: string[] }[] = [];
  for (const [index, row] of table.rows.entries()) {
    const rowErrors: LineError[] = [];
    const problem = (column: Column, message: string) => rowErrors.push({ line: row.line, column, message });
    const email = emails[index]!;
    const personId = personOf.get(email);
    if (!email) problem('email', 'The email is empty.');
    else if (!personId)
      problem(
        'email',
        `Nobody in the directory has the email ${email}, or they have left the organisation. Add them to the directory first, or correct the email.`,
      );
    else if (seen.has(email)) problem('email', `This person is also on line ${seen.get(email)}.`);
    else seen.set(email, row.line);
    const role = cell(row.cells, 'role').toLowerCase();
    if (role !== 'mentor' && role !== 'mentee')
      problem(
        'role',
        role
          ? `The role must be mentor or mentee, not “${role}”.`
          : 'The role is empty: write mentor or mentee.',
      );
    const capacityCell = cell(row.cells, 'capacity');
    let capacity: number | null = role === 'mentor' ? program.mentorDefaultCapacity : null;
    if (capacityCell) {
      const value = Number(capacityCell);
      if (role === 'mentee') problem('capacity', 'Only mentors have a capacity: leave it empty for mentees.');
      else if (!Number.isInteger(value) || value < 1 || value > 20)
        problem('capacity', `The capacity must be a whole number from 1 to 20, not “${capacityCell}”.`);
      else capacity = value;
    }
    const profile: Record<string, unknown> = {};
    const choice = (column: Column, allowed: readonly string[]) => {
      const raw = cell(row.cells, column);
      const value = raw.toLowerCase().replace(/[\s-]+/g, '_');
      if (!value) return;
      if (!allowed.includes(value))
        problem(
          column,
          `“${raw}” is not a ${columnLabels[column].toLowerCase()} Trellis knows: use ${readable(allowed)}.`,
        );
      else profile[column] = value;
    };
    choice('learningStyle', learningStyles);
    choice('meetingMode', meetingModes);
    if (role !== 'mentor') choice('departmentPreference', departmentPreferences);
    else if (cell(row.cells, 'departmentPreference'))
      problem(
        'departmentPreference',
        'Only mentees have a department preference: leave it empty for mentors.',
      );
    const targetFunction = cell(row.cells, 'targetFunction');
    if (targetFunction && role === 'mentor')
      problem('targetFunction', 'Only mentees have a target function: leave it empty for mentors.');
    else if (targetFunction) profile.targetFunction = targetFunction;
    for (const column of ['goals', 'availability'] as const) {
      const value = cell(row.cells, column);
      if (value.length > 4000)
        problem(column, `The ${columnLabels[column].toLowerCase()} are longer than 4,000 characters.`);
      else if (value) profile[column] = value;
    }
    const languages = listOf(cell(row.cells, 'languages'));
    if (languages.length) profile.languages = languages;
    const skills = listOf(cell(row.cells, 'skills'));
    const path = `line ${row.line}`;
    if (skills.length) skillLists.push({ path, line: row.line, names: skills });
    errors.push(...rowErrors);
    if (rowErrors.length === 0 && personId)
      planned.push({ personId, role: role as EnrolmentRole, capacity, profile, path, line: row.line, email });
  }

  const resolved = await resolveSkills(db, program.organisationId, skillLists);
  const lineOfPath = new Map(skillLists.map((list) => [list.path, list.line]));
  for (const issue of resolved.issues) {
    const line = lineOfPath.get(issue.path.replace(/\[\d+\]$/, '')) ?? 0;
    const unknown = /^unknown skill “(.*)”$/.exec(issue.message)?.[1];
    errors.push({
      line,
      column: 'skills',
      message: unknown
        ? `“${unknown}” is not in your organisation’s skills list: correct it, or add it to the list first.`
        : sentence(issue.message),
    });
  }
  const skillsOfLine = new Map(skillLists.map((list, index) => [list.line, resolved.resolved[index]!]));
  for (const plan of planned) {
    const skills = skillsOfLine.get(plan.line);
    if (skills?.length) plan.profile[plan.role === 'mentor' ? 'skillsOffered' : 'skillsWanted'] = skills;
  }

  // Against the program: one role per person; the same role again is skipped.
  const existing = await repo.enrolmentsOfPeopleInProgram(
    db,
    program.id,
    planned.map((plan) => plan.personId),
  );
  const liveOf = new Map(
    existing.filter((row) => liveStatuses.has(row.status)).map((row) => [row.personId, row]),
  );
  const already: CheckedFile['already'] = [];
  const toAdd: CheckedRow[] = [];
  for (const plan of planned) {
    const live = liveOf.get(plan.personId);
    if (!live) toAdd.push(plan);
    else if (live.role === plan.role) already.push({ ...plan, status: live.status as EnrolmentStatus });
    else
      errors.push({
        line: plan.line,
        column: 'role',
        message: `This person is already enrolled in the program as a ${live.role}: a person takes one role per program.`,
      });
  }
  const conflicted = new Set(errors.map((error) => error.line));
  errors.sort((a, b) => a.line - b.line);
  return {
    rows: table.rows.length,
    planned: toAdd.filter((plan) => !conflicted.has(plan.line)),
    already: already.filter((plan) => !conflicted.has(plan.line)),
    errors,
  };
}

/** Read the upload, or report its format problem as the file's one error. */
async function readTable(csv: CsvInput): Promise<CsvTable | LineError> {
  try {
    return await readCsvInput(csv, maxRows);
  } catch (error) {
    if (error instanceof CsvFormatError) return formatError(error);
    throw error;
  }
}

const isLineError = (value: CsvTable | LineError): value is LineError => 'message' in value;

function refuse(errors: LineError[]): never {
  const issues: FieldIssue[] = errors.slice(0, maxErrors).map((error) => ({
    path: `line ${error.line}${error.column ? `.${error.column}` : ''}`,
    message: error.message,
  }));
  throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, {
    issues,
    errorCount: errors.length,
  });
}

/**
 * What an enrolment CSV would do (staff), written nowhere: who would be added (and how many mentees would wait for
 * a place), who is enrolled already, and every problem with its line, in words for people.
 */
export async function previewEnrolmentImport(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  csv: CsvInput,
): Promise<EnrolmentImportPreview> {
  const { program } = await programForStaff(ctx, actor, programId);
  if (program.status === 'closed') throw new AppError('conflict', 'This program is closed');
  const table = await readTable(csv);
  const checked: CheckedFile = isLineError(table)
    ? { rows: 0, planned: [], already: [], errors: [table] }
    : await checkFile(ctx.db, program, table);
  // Mentees take the places of the approved mentors and of the mentors added before them in the file.
  let { places, mentees } = await repo.capacityOfProgram(ctx.db, program.id);
  let waitlisted = 0;
  for (const plan of checked.planned) {
    if (plan.role === 'mentor') places += plan.capacity ?? 0;
    else if (mentees < places) mentees++;
    else waitlisted++;
  }
  const shownToAdd = checked.planned.slice(0, previewItems);
  const shownAlready = checked.already.slice(0, previewItems);
  const names = new Map(
    (
      await repo.findActivePeople(
        ctx.db,
        program.organisationId,
        [...shownToAdd, ...shownAlready].map((plan) => plan.personId),
      )
    ).map((person) => [person.id, person]),
  );
  const person = (plan: CheckedRow) => ({
    line: plan.line,
    personId: plan.personId,
    name: names.get(plan.personId)?.name ?? plan.email,
    email: names.get(plan.personId)?.email ?? plan.email,
    role: plan.role,
  });
  return {
    rows: checked.rows,
    toAdd: {
      total: checked.planned.length,
      mentors: checked.planned.filter((plan) => plan.role === 'mentor').length,
      mentees: checked.planned.filter((plan) => plan.role === 'mentee').length,
      waitlisted,
      items: shownToAdd.map(person),
    },
    alreadyEnrolled: {
      total: checked.already.length,
      items: shownAlready.map((plan) => ({ ...person(plan), status: plan.status })),
    },
    errors: checked.errors.slice(0, maxErrors).map((error) => ({
      line: error.line,
      column: error.column ? columnLabels[error.column] : null,
      message: error.message,
    })),
    errorCount: checked.errors.length,
  };
}

/**
 * Enrol people from a CSV (staff): columns email and role, optionally capacity, skills (offered for mentors,
 * wanted for mentees; separated by `|` or `;`), goals, target function, languages, learning style, meeting mode,
 * department preference, availability. Every problem is reported with its line (`line 4.email`); nothing is
 * written unless all lines are valid. People already enrolled in the same role are skipped.
 */
export async function importEnrolments(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  csv: CsvInput,
): Promise<BulkEnrolmentResult> {
  // Only staff get their file read, and it is read before the transaction: a slow upload holds no lock.
  await programForStaff(ctx, actor, programId);
  const table = await readTable(csv);
  if (isLineError(table)) refuse([table]);
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForEnrolmentImport(ctx, tx, actor, programId);
    const checked = await checkFile(tx, program, table);
    if (checked.errors.length > 0) refuse(checked.errors);
    const result = await writeStaffEnrolments(ctx, tx, staff, program, [
      ...checked.planned,
      ...checked.already,
    ]);
    await recordAudit(tx, {
      organisationId: staff.organisationId,
      actorUserId: staff.userId,
      action: 'program.enrolments_imported',
      targetType: 'program',
      targetId: program.id,
      details: { rows: table.rows.length, ...result },
      at: ctx.now(),
    });
    return result;
  });
}
