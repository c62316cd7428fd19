import fs from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { toCsv } from '../../core/csv-cells.ts';
import { type Criteria, defaultCriteria, parseCriteria } from '../../core/matching/criteria.ts';
import { explanationText, formatScore, unmatchedText } from '../../core/matching/explain.ts';
import type { SolveMode } from '../../core/matching/instance.ts';
import { type MatchPeopleResult, matchPeople } from '../../core/matching/match-people.ts';
import {
  type DepartmentPreference,
  departmentPreferences,
  type LearningStyle,
  learningStyles,
  type MeetingMode,
  type MenteeProfile,
  type MentorProfile,
  managerChainOf,
  meetingModes,
} from '../../core/matching/profiles.ts';
import { decodeCsvBytes } from '../../core/people/import-csv.ts';
import { isValidTimeZone } from '../../core/time-zones.ts';

const modes: readonly SolveMode[] = ['optimal', 'participation', 'fair', 'stable'];

/** Columns understood in profile CSVs (headers are case-insensitive; spaces and dashes read as `_`). */
const profileColumns = [
  'id',
  'name',
  'email',
  'level',
  'department',
  'function',
  'manager_id',
  'manager_chain',
  'skills',
  'goals',
  'target_function',
  'learning_style',
  'meeting_mode',
  'time_zone',
  'languages',
  'capacity',
  'current_mentees',
  'prefer_department',
  'preferred',
  'avoid',
] as const;

interface MatchCommandOptions {
  mentors: string;
  mentees: string;
  criteria?: string;
  mode?: string;
  out?: string;
  seed?: string;
  candidates?: string;
}

/** Where the command reads and writes; tests swap these. */
interface MatchIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** An input problem the user must fix; reported with file, line and column, exit code 2. */
class InputError extends Error {}

interface RawRow {
  line: number;
  values: Record<string, string>;
}

const columnKey = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

function readCsv(file: string): { rows: RawRow[]; headers: string[] } {
  let text: string;
  try {
    text = decodeCsvBytes(fs.readFileSync(file));
  } catch (error) {
    throw new InputError(`${file}: cannot read (${(error as Error).message})`);
  }
  let headers: string[] = [];
  try {
    const records = parse(text, {
      bom: true,
      columns: (header: string[]) => {
        headers = header.map(columnKey);
        return headers;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    return { rows: records.map(({ record, info }) => ({ line: info.lines, values: record })), headers };
  } catch (error) {
    const csvError = error as Error & { lines?: number; column?: string | number | null };
    const column =
      csvError.column !== undefined && csvError.column !== null ? `, column ${csvError.column}` : '';
    throw new InputError(`${file}: line ${csvError.lines ?? '?'}${column}: ${csvError.message}`);
  }
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Turns CSV rows into profiles; collects every problem with its file, line and column. */
class ProfileReader {
  readonly problems: string[] = [];

  private problem(file: string, row: RawRow, column: string, message: string) {
    this.problems.push(`${file}: line ${row.line}, column ${column}: ${message}`);
  }

  private integer(file: string, row: RawRow, column: string, fallback: number | null): number | null {
    const raw = row.values[column];
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw)) {
      this.problem(file, row, column, `"${raw}" is not a whole number`);
      return fallback;
    }
    return Number(raw);
  }

  private oneOf<T extends string>(
    file: string,
    row: RawRow,
    column: string,
    allowed: readonly T[],
  ): T | null {
    const raw = (row.values[column] ?? '').toLowerCase().replace(/[\s-]+/g, '_');
    if (raw === '') return null;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problem(file, row, column, `"${row.values[column]}" is not one of ${allowed.join(', ')}`);
      return null;
    }
    return raw as T;
  }

  private timeZone(file: string, row: RawRow): string | null {
    const raw = row.values.time_zone ?? '';
    if (raw === '') return null;
    if (!isValidTimeZone(raw)) {
      this.problem(file, row, 'time_zone', `"${raw}" is not an IANA time zone (e.g. Europe/Paris)`);
      return null;
    }
    return raw;
  }

  base(file: string, row: RawRow) {
    const v = row.values;
    const answers: Record<string, string | string[]> = {};
    for (const [column, value] of Object.entries(v)) {
      if (!column.startsWith('q_') && !column.startsWith('q:')) continue;
      const items = list(value);
      if (items.length > 0) answers[column.slice(2)] = items.length === 1 ? items[0] : items;
    }
    return {
      id: v.id ?? '',
      name: v.name || undefined,
      level: this.integer(file, row, 'level', null),
      department: v.department || null,
      jobFunction: v.function || null,
      managerChain: list(v.manager_chain),
      goals: v.goals ?? '',
      learningStyle: this.oneOf<LearningStyle>(file, row, 'learning_style', learningStyles),
      meetingMode: this.oneOf<MeetingMode>(file, row, 'meeting_mode', meetingModes),
      timeZone: this.timeZone(file, row),
      languages: list(v.languages),
      answers,
      avoidIds: list(v.avoid),
    };
  }

  mentor(file: string, row: RawRow): MentorProfile {
    const capacity = this.integer(file, row, 'capacity', 1) ?? 1;
    if (capacity < 0) this.problem(file, row, 'capacity', 'must be 0 or more');
    return {
      ...this.base(file, row),
      skillsOffered: list(row.values.skills),
      capacity: Math.max(0, capacity),
      currentMentees: Math.max(0, this.integer(file, row, 'current_mentees', 0) ?? 0),
    };
  }

  mentee(file: string, row: RawRow): MenteeProfile {
    return {
      ...this.base(file, row),
      skillsWanted: list(row.values.skills),
      targetFunction: row.values.target_function || null,
      departmentPreference:
        this.oneOf<DepartmentPreference>(file, row, 'prefer_department', departmentPreferences) ?? 'any',
      preferredMentorIds: list(row.values.preferred),
    };
  }

  checkIds(file: string, rows: RawRow[], headers: string[]) {
    if (!headers.includes('id')) {
      this.problems.push(`${file}: line 1: missing column "id" (columns: ${profileColumns.join(', ')})`);
      return;
    }
    const seen = new Map<string, number>();
    for (const row of rows) {
      const id = row.values.id ?? '';
      if (id === '') this.problem(file, row, 'id', 'is empty');
      else if (seen.has(id)) this.problem(file, row, 'id', `"${id}" already used on line ${seen.get(id)}`);
      else seen.set(id, row.line);
    }
  }
}

function readCriteria(file: string | undefined): Criteria {
  if (!file) return defaultCriteria();
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
  const parsed = parseCriteria(json);
  if (!parsed.ok)
    throw new InputError(parsed.issues.map((issue) => `${file}: ${issue.path}: ${issue.message}`).join('\n'));
  return parsed.value;
}

/** Reads mentor and mentee CSV files into profiles; manager chains come from `manager_chain` or `manager_id`. */
function readProfiles(
  mentorFile: string,
  menteeFile: string,
): { mentors: MentorProfile[]; mentees: MenteeProfile[] } {
  const reader = new ProfileReader();
  const mentorCsv = readCsv(mentorFile);
  const menteeCsv = readCsv(menteeFile);
  reader.checkIds(mentorFile, mentorCsv.rows, mentorCsv.headers);
  reader.checkIds(menteeFile, menteeCsv.rows, menteeCsv.headers);
  const mentors = mentorCsv.rows.map((row) => reader.mentor(mentorFile, row));
  const mentees = menteeCsv.rows.map((row) => reader.mentee(menteeFile, row));
  if (reader.problems.length > 0) {
    const shown = reader.problems.slice(0, 20);
    if (reader.problems.length > 20) shown.push(`… and ${reader.problems.length - 20} more problems`);
    throw new InputError(shown.join('\n'));
  }

  // Without an explicit chain, walk manager_id through everyone in both files.
  const managerOf = new Map<string, string | null>();
  for (const [csv, people] of [
    [mentorCsv, mentors],
    [menteeCsv, mentees],
  ] as const) {
    csv.rows.forEach((row, index) => {
      managerOf.set(people[index].id, row.values.manager_id || null);
    });
  }
  for (const [csv, people] of [
    [mentorCsv, mentors],
    [menteeCsv, mentees],
  ] as const) {
    csv.rows.forEach((row, index) => {
      if (people[index].managerChain.length === 0 && row.values.manager_id) {
        people[index].managerChain = managerChainOf(people[index].id, managerOf);
      }
    });
  }
  return { mentors, mentees };
}

/** The pairs CSV: one row per mentee, matched or not, with score and explanation. */
function pairsCsv(result: MatchPeopleResult): string {
  const { mentees, mentors } = result.context;
  const lines = [
    ['mentee_id', 'mentee_name', 'mentor_id', 'mentor_name', 'score', 'status', 'reason', 'explanation'],
  ];
  for (const pair of result.pairs) {
    lines.push([
      pair.menteeId,
      mentees[pair.menteeIndex].name ?? '',
      pair.mentorId,
      mentors[pair.mentorIndex].name ?? '',
      formatScore(pair.score),
      pair.locked ? 'locked' : 'matched',
      '',
      pair.explanation ? explanationText(pair.explanation) : '',
    ]);
  }
  for (const entry of result.unmatched) {
    lines.push([
      entry.menteeId,
      mentees[entry.menteeIndex].name ?? '',
      '',
      '',
      '',
      'unmatched',
      entry.reason.code,
      unmatchedText(entry.reason),
    ]);
  }
  return toCsv(lines);
}

function summary(result: MatchPeopleResult): string {
  const s = result.statistics;
  const reasons = new Map<string, number>();
  for (const entry of result.unmatched)
    reasons.set(entry.reason.code, (reasons.get(entry.reason.code) ?? 0) + 1);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    `matched ${s.matched} of ${s.mentees} mentees (${(s.matchedShare * 100).toFixed(1)} %) with ${s.mentors} mentors; ` +
      `mean score ${formatScore(Math.round(s.meanScore))}, lowest ${s.minScore < 0 ? '-' : formatScore(s.minScore)}`,
  ];
  if (reasons.size > 0)
    lines.push(`unmatched: ${[...reasons].map(([code, n]) => `${n} ${code}`).join(', ')}`);
  lines.push(
    `eligible pairs ${s.eligiblePairs}; scoring ${seconds(s.milliseconds.scoring)}, solving ${seconds(s.milliseconds.solving)}, explaining ${seconds(s.milliseconds.explaining)}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Runs `trellis match`; returns the exit code (0 ok, 2 bad input). */
export function runMatch(options: MatchCommandOptions, io: MatchIo): number {
  try {
    const mode = (options.mode ?? 'optimal') as SolveMode;
    if (!modes.includes(mode))
      throw new InputError(`--mode: "${options.mode}" is not one of ${modes.join(', ')}`);
    const seed = options.seed === undefined ? 0 : Number(options.seed);
    if (!Number.isInteger(seed)) throw new InputError(`--seed: "${options.seed}" is not a whole number`);
    const candidates = options.candidates === undefined ? undefined : Number(options.candidates);
    if (candidates !== undefined && !(Number.isInteger(candidates) && candidates >= 1)) {
      throw new InputError(`--candidates: "${options.candidates}" is not a whole number >= 1`);
    }
    const criteria = readCriteria(options.criteria);
    const { mentors, mentees } = readProfiles(options.mentors, options.mentees);
    const large = mentors.length * mentees.length >= 1_000_000;
    let lastShown = -1;
    const result = matchPeople(mentors, mentees, criteria, mode, {
      seed,
      candidatesPerMentee: candidates,
      onProgress: large
        ? (phase, done, total) => {
            const percent = Math.floor((done / Math.max(1, total)) * 10) * 10;
            const key = (phase === 'scoring' ? 0 : 1000) + percent;
            if (key === lastShown) return;
            lastShown = key;
            io.stderr.write(`${phase} ${percent} %\n`);
          }
        : undefined,
    });
    const csv = pairsCsv(result);
    if (options.out) fs.writeFileSync(options.out, csv);
    else io.stdout.write(csv);
    io.stderr.write(summary(result));
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr.write(`trellis match: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** Registers `trellis match`: CSV profiles in, scored and solved pairs with explanations out. */
export function registerMatchCommand(program: Command): void {
  program
    .command('match')
    .description('Match mentees with mentors from CSV profiles and write the pairs with their explanations')
    .requiredOption('--mentors <file>', 'mentor profiles CSV (columns in docs/matching.md)')
    .requiredOption('--mentees <file>', 'mentee profiles CSV')
    .option(
      '--criteria <file>',
      'criteria JSON: weights, levelRule, minimumScore, previousPairs, matchingQuestions',
    )
    .option('--mode <mode>', `solver: ${modes.join(' | ')}`, 'optimal')
    .option('--seed <n>', 'seed; the same input and seed give the same pairs', '0')
    .option('--out <file>', 'pairs CSV to write (default: standard output)')
    .option(
      '--candidates <n>',
      "solve on each mentee's best n mentors only (faster on large programs; default: all)",
    )
    .action((options: MatchCommandOptions) => {
      process.exitCode = runMatch(options, { stdout: process.stdout, stderr: process.stderr });
    });
}
