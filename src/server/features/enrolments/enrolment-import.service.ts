import type { BulkEnrolmentResult, EnrolmentRole } from '../../../contracts/enrolments.contracts.ts';
import { AppError, type FieldIssue } from '../../../core/errors.ts';
import { departmentPreferences, learningStyles, meetingModes } from '../../../core/matching/profiles.ts';
import { CsvFormatError, type CsvTable } from '../../../core/people/import-csv.ts';
import type { Actor, AppContext } from '../../context.ts';
import { type CsvInput, readCsvInput } from '../../lib/csv-upload.ts';
import { recordAudit } from '../audit/audit.service.ts';
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

/** The most rows one enrolment file may have. */
const maxRows = 20_000;

const listOf = (cell: string) =>
  cell
    .split(/[|;]/)
    .map((item) => item.trim())
    .filter(Boolean);

function fail(issues: FieldIssue[]): never {
  throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, {
    issues: issues.slice(0, 500),
    errorCount: issues.length,
  });
}

/**
 * Enrol people from a CSV (staff): columns email and role, optionally capacity, skills (offered for mentors,
 * wanted for mentees; separated by `|` or `;`), goals, target function, languages, learning style, meeting mode,
 * department preference, availability. Every problem is reported with its line; nothing is written unless all
 * lines are valid.
 */
export async function importEnrolments(
  ctx: AppContext,
  actor: Actor | null,
  programId: string,
  csv: CsvInput,
): Promise<BulkEnrolmentResult> {
  // Only staff get their file read, and it is read before the transaction: a slow upload holds no lock.
  await programForStaff(ctx, actor, programId);
  let table: CsvTable;
  try {
    table = await readCsvInput(csv, maxRows);
  } catch (error) {
    if (error instanceof CsvFormatError) fail([{ path: `line ${error.line ?? 1}`, message: error.message }]);
    throw error;
  }
  return ctx.db.transaction(async (tx) => {
    const { actor: staff, program } = await programForEnrolmentImport(ctx, tx, actor, programId);
    const issues: FieldIssue[] = [];
    const indexOf = new Map<Column, number>();
    table.headers.forEach((header, index) => {
      const key = header.toLowerCase().replace(/[^a-z]/g, '') as keyof typeof columns;
      const column = columns[key];
      if (!column) {
        issues.push({
          path: `line ${table.headerLine}`,
          message: `unknown column “${header}”; expected ${Object.values(columns).join(', ')}`,
        });
      } else indexOf.set(column, index);
    });
    for (const required of ['email', 'role'] as const) {
      if (!indexOf.has(required))
        issues.push({ path: `line ${table.headerLine}`, message: `missing column ${required}` });
    }
    if (issues.length > 0) fail(issues);
    if (table.rows.length === 0)
      fail([{ path: `line ${table.headerLine + 1}`, message: 'no rows to import' }]);

    const cell = (cells: string[], column: Column) => {
      const index = indexOf.get(column);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const emails = table.rows.map((row) => cell(row.cells, 'email').toLowerCase());
    const personOf = new Map(
      (
        await repo.findActivePeopleByEmail(tx, program.organisationId, [...new Set(emails.filter(Boolean))])
      ).map((person) => [person.email.toLowerCase(), person.id]),
    );
    const seen = new Map<string, number>();
    const planned: PlannedEnrolment[] = [];
    const skillLists: { path: string; names: string[] }[] = [];
    for (const [index, row] of table.rows.entries()) {
      const at = (column: string) => `line ${row.line}.${column}`;
      const rowIssues: FieldIssue[] = [];
      const email = emails[index]!;
      const personId = personOf.get(email);
      if (!email) rowIssues.push({ path: at('email'), message: 'is empty' });
      else if (!personId)
        rowIssues.push({ path: at('email'), message: `no active person with the email ${email}` });
      else if (seen.has(email))
        rowIssues.push({ path: at('email'), message: `also on line ${seen.get(email)}` });
      else seen.set(email, row.line);
      const role = cell(row.cells, 'role').toLowerCase();
      if (role !== 'mentor' && role !== 'mentee')
        rowIssues.push({ path: at('role'), message: 'must be mentor or mentee' });
      const capacityCell = cell(row.cells, 'capacity');
      let capacity: number | null = role === 'mentor' ? program.mentorDefaultCapacity : null;
      if (capacityCell) {
        const value = Number(capacityCell);
        if (role !== 'mentor') rowIssues.push({ path: at('capacity'), message: 'only for mentors' });
        else if (!Number.isInteger(value) || value < 1 || value > 20) {
          rowIssues.push({ path: at('capacity'), message: 'must be a whole number from 1 to 20' });
        } else capacity = value;
      }
      const profile: Record<string, unknown> = {};
      const choice = (column: Column, allowed: readonly string[]) => {
        const value = cell(row.cells, column)
          .toLowerCase()
          .replace(/[\s-]+/g, '_');
        if (!value) return;
        if (!allowed.includes(value))
          rowIssues.push({ path: at(column), message: `must be one of ${allowed.join(', ')}` });
        else profile[column] = value;
      };
      choice('learningStyle', learningStyles);
      choice('meetingMode', meetingModes);
      if (role === 'mentee') choice('departmentPreference', departmentPreferences);
      else if (cell(row.cells, 'departmentPreference')) {
        rowIssues.push({ path: at('departmentPreference'), message: 'only for mentees' });
      }
      const targetFunction = cell(row.cells, 'targetFunction');
      if (targetFunction && role !== 'mentee')
        rowIssues.push({ path: at('targetFunction'), message: 'only for mentees' });
      else if (targetFunction) profile.targetFunction = targetFunction;
      for (const column of ['goals', 'availability'] as const) {
        const value = cell(row.cells, column);
        if (value.length > 4000) rowIssues.push({ path: at(column), message: 'is too long' });
        else if (value) profile[column] = value;
      }
      const languages = listOf(cell(row.cells, 'languages'));
      if (languages.length) profile.languages = languages;
      const skills = listOf(cell(row.cells, 'skills'));
      if (skills.length) skillLists.push({ path: at('skills'), names: skills });
      issues.push(...rowIssues);
      if (rowIssues.length === 0 && personId) {
        planned.push({ personId, role: role as EnrolmentRole, capacity, profile, path: at('email') });
        if (skills.length) profile[role === 'mentor' ? 'skillsOffered' : 'skillsWanted'] = skills;
      }
    }
    const resolved = await resolveSkills(tx, program.organisationId, skillLists);
    // Skill messages name the line and the position in the list; collapse them to the line's skills column.
    for (const issue of resolved.issues)
      issues.push({ path: issue.path.replace(/\[\d+\]$/, ''), message: issue.message });
    if (issues.length > 0) fail(issues.sort((a, b) => lineOf(a.path) - lineOf(b.path)));
    const skillsByPath = new Map(skillLists.map((list, index) => [list.path, resolved.resolved[index]!]));
    for (const plan of planned) {
      const skills = skillsByPath.get(plan.path.replace(/\.email$/, '.skills'));
      if (skills) plan.profile[plan.role === 'mentor' ? 'skillsOffered' : 'skillsWanted'] = skills;
    }
    const result = await writeStaffEnrolments(ctx, tx, staff, program, planned);
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

function lineOf(path: string): number {
  return Number(/^line (\d+)/.exec(path)?.[1] ?? 0);
}
