import { randomUUID } from 'node:crypto';
import type { Paginated } from '../../../contracts/common.ts';
import type {
  ImportMapping,
  ImportPreview,
  ImportResult,
} from '../../../contracts/people-imports.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { type CareerEventValues, deriveCareerEvents } from '../../../core/people/career-events.ts';
import { CsvFormatError, type CsvTable } from '../../../core/people/import-csv.ts';
import { type HeaderMapping, matchHeaders } from '../../../core/people/import-headers.ts';
import {
  type ExistingPerson,
  isIsoDate,
  type PlannedPerson,
  planningImport,
  type RowError,
  validatingRows,
} from '../../../core/people/import-rows.ts';
import { requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { scheduleDatabaseMaintenanceSoon } from '../../jobs/database-maintenance.job.ts';
import { runCooperatively, yieldToEventLoop } from '../../lib/cooperative.ts';
import { type CsvInput, readCsvInput } from '../../lib/csv-upload.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { endAccessOfLeavers, leavingProblems } from '../people/leavers.service.ts';
import {
  insertImportedPeople,
  lockPeopleHierarchy,
  setImportedManagers,
  updateImportedPeople,
} from '../people/people.service.ts';
import { ImportRejected, settleImport } from './import-settlement.ts';
import type { ImportRow } from './people-imports.repository.ts';
import * as repo from './people-imports.repository.ts';

interface ImportInput {
  csv: CsvInput;
  mapping?: ImportMapping;
  dryRun?: boolean;
  fileName?: string | null;
  /** The day the file describes (YYYY-MM-DD, not after today): the day of the career events it implies. */
  effectiveOn?: string;
}

/** Today as YYYY-MM-DD (UTC), the last day an import may describe. */
export function todayOf(ctx: AppContext): string {
  return ctx.now().toISOString().slice(0, 10);
}

/** The import's effective day: the one given (checked), else today. */
export function effectiveDay(ctx: AppContext, given: string | undefined, path: string): string {
  const today = todayOf(ctx);
  if (given === undefined || given === '') return today;
  if (!isIsoDate(given)) throw invalidField(path, `"${given}" is not a date written YYYY-MM-DD`);
  if (given > today) throw invalidField(path, `${given} is in the future (today is ${today})`);
  return given;
}

/** The career events a committed import implies for the people it updates (decision 023). */
function derivedEvents(
  existing: readonly ExistingPerson[],
  updates: readonly PlannedPerson[],
  effectiveOn: string,
): CareerEventValues[] {
  if (updates.length === 0) return [];
  const byId = new Map(existing.map((person) => [person.id, person]));
  const events: CareerEventValues[] = [];
  for (const next of updates) {
    const before = byId.get(next.id);
    if (!before) continue;
    for (const event of deriveCareerEvents(before, next, effectiveOn, next.exitType)) events.push(event);
  }
  return events;
}

/** Called as rows are written: (processed, total). */
type ImportProgressListener = (processedRows: number, totalRows: number) => void;

/** The most rows one file may have: a bound on the memory and time one import takes (decision 017). */
export const maxImportRows = 200_000;
// Rows per set-based statement: measured on PGlite, 10,000 beat 5,000 slightly and 25,000 or 50,000 were slower.
const batchSize = 10_000;
/** An import that creates or changes this many people has the embedded database analysed soon after. */
const analyseAfterRows = 200;

// Progress of the imports this process is running. The people_imports row gets the final figures; while a
// transaction holds PGlite's only connection, the row cannot be read anyway, so progress lives here meanwhile.
const running = new Map<string, { processedRows: number; totalRows: number }>();

interface Prepared {
  table: CsvTable;
  mapping: HeaderMapping;
}

/** People the import marks inactive who are active today: they leave the organisation (decision 016). */
function leaversOf(existing: readonly { id: string; status: string }[], updates: readonly PlannedPerson[]) {
  const active = new Set(existing.filter((person) => person.status === 'active').map((person) => person.id));
  return updates.filter((person) => person.status === 'inactive' && active.has(person.id));
}

/** Row errors for leavers whose access may not end: the importing admin themself, or the last active admins. */
async function leaverErrors(
  db: Db,
  organisationId: string,
  createdBy: string | null,
  leavers: readonly PlannedPerson[],
): Promise<RowError[]> {
  const problems = await leavingProblems(db, {
    organisationId,
    personIds: leavers.map((leaver) => leaver.id),
    byUserId: createdBy,
  });
  const lineOf = new Map(leavers.map((leaver) => [leaver.id, leaver.line]));
  return problems.map((problem) => ({
    line: lineOf.get(problem.personId) ?? 0,
    field: 'status',
    message: `the file marks this person as gone, but ${problem.message}`,
  }));
}

/** Read a CSV (as it arrives, at most `maxImportRows` rows); a file that cannot be read is a 400 naming the line. */
export async function readImportCsv(csv: CsvInput): Promise<CsvTable> {
  try {
    return await readCsvInput(csv, maxImportRows);
  } catch (error) {
    if (error instanceof CsvFormatError)
      throw new AppError('bad_request', `The file is not readable CSV: ${error.message}`, {
        line: error.line,
      });
    throw error;
  }
}

/** Read the CSV and settle the column mapping; a file that cannot be read or lacks required columns is a 400. */
async function prepare(
  input: Pick<ImportInput, 'csv' | 'mapping'>,
  allowMissing = false,
): Promise<
  Prepared & {
    unmappedHeaders: string[];
    missingRequired: ReturnType<typeof matchHeaders>['missingRequired'];
  }
> {
  const table = await readImportCsv(input.csv);
  const match = matchHeaders(table.headers, input.mapping ?? {});
  if (match.unknownHeaders.length > 0) {
    const issues = match.unknownHeaders.map(({ field, header }) => ({
      path: `mapping.${field}`,
      message: `the file has no column "${header}" (columns: ${table.headers.join(', ')})`,
    }));
    throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  }
  if (!allowMissing && match.missingRequired.length > 0) {
    const issues = match.missingRequired.map((field) => ({
      path: `mapping.${field}`,
      message:
        field === 'email'
          ? 'no column holds the email (e.g. "Work Email"); name it in the mapping'
          : 'no column holds the name (e.g. "Full Name", or "First Name" and "Last Name"); name it in the mapping',
    }));
    throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  }
  return {
    table,
    mapping: match.mapping,
    unmappedHeaders: match.unmappedHeaders,
    missingRequired: match.missingRequired,
  };
}

export function toResult(row: ImportRow): ImportResult {
  const summary = (row.summary ?? {}) as {
    created?: number;
    updated?: number;
    unchanged?: number;
    errorCount?: number;
    careerEvents?: number;
  };
  const errors = (row.errors ?? []) as RowError[];
  const live = row.status === 'running' ? running.get(row.id) : undefined;
  return {
    id: row.id,
    kind: row.kind === 'career_events' ? 'career_events' : 'people',
    effectiveOn: row.effectiveOn,
    careerEvents: summary.careerEvents ?? 0,
    status: row.status as ImportResult['status'],
    dryRun: row.dryRun,
    fileName: row.fileName,
    totalRows: live?.totalRows ?? row.totalRows,
    processedRows: live?.processedRows ?? row.processedRows,
    created: summary.created ?? 0,
    updated: summary.updated ?? 0,
    unchanged: summary.unchanged ?? 0,
    errors,
    errorCount: summary.errorCount ?? errors.length,
    mapping: (row.mapping ?? {}) as ImportMapping,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

async function begin(
  ctx: AppContext,
  organisationId: string,
  createdBy: string | null,
  input: ImportInput,
): Promise<{ row: ImportRow; prepared: Prepared }> {
  const effectiveOn = effectiveDay(ctx, input.effectiveOn, 'effectiveOn');
  const prepared = await prepare(input);
  const row = await repo.insertImport(ctx.db, {
    organisationId,
    createdBy,
    kind: 'people',
    effectiveOn,
    fileName: input.fileName ?? null,
    dryRun: input.dryRun ?? false,
    status: 'running',
    totalRows: prepared.table.rows.length,
    processedRows: 0,
    mapping: prepared.mapping,
    createdAt: ctx.now(),
  });
  running.set(row.id, { processedRows: 0, totalRows: prepared.table.rows.length });
  return { row, prepared };
}

async function run(
  ctx: AppContext,
  organisationId: string,
  createdBy: string | null,
  row: ImportRow,
  prepared: Prepared,
  onProgress?: ImportProgressListener,
): Promise<ImportResult> {
  const total = prepared.table.rows.length;
  const progress = running.get(row.id) ?? { processedRows: 0, totalRows: total };
  const report = (processed: number) => {
    progress.processedRows = processed;
    onProgress?.(processed, total);
  };
  const now = ctx.now();
  const emptyCounts = { created: 0, updated: 0, unchanged: 0, careerEvents: 0 };
  try {
    const finished = await settleImport(ctx, row.id, total, 'people import', emptyCounts, async () => {
      // Seconds of CPU for a large file: done in slices, so other requests are answered meanwhile.
      const { records, errors: rowErrors } = await runCooperatively(
        validatingRows(prepared.table, prepared.mapping),
      );
      // The records hold what the rows said: let the rows' cells go before planning needs its own memory.
      prepared.table.rows.length = 0;
      // One transaction: either every row is written or none is.
      const counts = await ctx.db.transaction(async (tx) => {
        await lockPeopleHierarchy(tx, organisationId);
        const existing = await repo.loadExistingPeople(tx, organisationId);
        const plan = await runCooperatively(planningImport(records, existing, randomUUID));
        const leavers = leaversOf(existing, plan.updates);
        const errors = [
          ...rowErrors,
          ...plan.errors,
          ...(await leaverErrors(tx, organisationId, createdBy, leavers)),
        ].sort((a, b) => a.line - b.line);
        if (errors.length > 0) throw new ImportRejected(errors);
        const events = derivedEvents(existing, plan.updates, row.effectiveOn ?? todayOf(ctx));
        const counts = {
          created: plan.creates.length,
          updated: plan.updates.length,
          unchanged: plan.unchanged,
          careerEvents: events.length,
        };
        if (row.dryRun) return counts;
        let processed = plan.unchanged;
        report(processed);
        for (const batch of [plan.creates, plan.updates]) {
          for (let start = 0; start < batch.length; start += batchSize) {
            const slice = batch.slice(start, start + batchSize);
            if (batch === plan.creates) await insertImportedPeople(tx, organisationId, slice, now);
            else await updateImportedPeople(tx, organisationId, slice, now);
            processed += slice.length;
            report(processed);
            // PGlite runs in this thread and a statement resolves without a pause: let other requests in between.
            await yieldToEventLoop();
          }
        }
        await setImportedManagers(tx, organisationId, plan.managerChanges, now);
        // Promotions, moves and exits the changes imply, on the file's day, with the people they describe.
        await repo.upsertCareerEvents(tx, organisationId, events, 'people_import', row.id, now);
        // The people the file marks as gone lose their access with the import, not at their next sign-in.
        const accounts = await endAccessOfLeavers(tx, {
          organisationId,
          personIds: leavers.map((leaver) => leaver.id),
          at: now,
        });
        await recordAudit(tx, {
          organisationId,
          actorUserId: createdBy,
          action: 'people.imported',
          targetType: 'people_import',
          targetId: row.id,
          details: {
            ...counts,
            fileName: row.fileName,
            effectiveOn: row.effectiveOn,
            left: leavers.length,
            accountsDisabled: accounts.length,
          },
          at: now,
        });
        return counts;
      });
      report(total);
      // Many new or changed people: on the embedded database (no autovacuum) the planner's sizes are refreshed
      // within a minute rather than at the daily maintenance.
      if (!row.dryRun && counts.created + counts.updated >= analyseAfterRows)
        await scheduleDatabaseMaintenanceSoon(ctx).catch(() => false);
      return counts;
    });
    return toResult(finished);
  } finally {
    running.delete(row.id);
  }
}

/**
 * Import people from HRIS CSV into one organisation, without an actor (the CLI); `importPeople` is the guarded door.
 * All or nothing: any row error leaves the organisation untouched and the import `rejected` with every error.
 */
export async function importPeopleIntoOrganisation(
  ctx: AppContext,
  organisationId: string,
  createdBy: string | null,
  input: ImportInput,
  onProgress?: ImportProgressListener,
): Promise<ImportResult> {
  const { row, prepared } = await begin(ctx, organisationId, createdBy, input);
  return run(ctx, organisationId, createdBy, row, prepared, onProgress);
}

/** An admin imports people and waits for the result. */
export async function importPeople(
  ctx: AppContext,
  actor: Actor | null,
  input: ImportInput,
  onProgress?: ImportProgressListener,
): Promise<ImportResult> {
  const admin = requireAdmin(actor);
  return importPeopleIntoOrganisation(ctx, admin.organisationId, admin.userId, input, onProgress);
}

/** An admin starts an import and gets it back at once, still running; poll `getImport` for progress. */
export async function startPeopleImport(
  ctx: AppContext,
  actor: Actor | null,
  input: ImportInput,
): Promise<ImportResult> {
  const admin = requireAdmin(actor);
  const { row, prepared } = await begin(ctx, admin.organisationId, admin.userId, input);
  void run(ctx, admin.organisationId, admin.userId, row, prepared).catch(() => undefined);
  return toResult(row);
}

/** Headers, the mapping that would be used, what is missing, and the first rows: for the mapping screen. */
export async function previewImport(
  _ctx: AppContext,
  actor: Actor | null,
  input: Pick<ImportInput, 'csv' | 'mapping'>,
): Promise<ImportPreview> {
  requireAdmin(actor);
  const prepared = await prepare(input, true);
  const { headers, rows } = prepared.table;
  return {
    headers,
    mapping: prepared.mapping,
    unmappedHeaders: prepared.unmappedHeaders,
    missingRequired: prepared.missingRequired,
    sampleRows: rows
      .slice(0, 10)
      .map((row) => Object.fromEntries(headers.map((header, index) => [header, row.cells[index] ?? '']))),
    totalRows: rows.length,
  };
}

export async function getImport(ctx: AppContext, actor: Actor | null, id: string): Promise<ImportResult> {
  const admin = requireAdmin(actor);
  const row = await repo.findImport(ctx.db, admin.organisationId, id);
  if (!row) throw notFound('Import');
  return toResult(row);
}

export async function listImports(
  ctx: AppContext,
  actor: Actor | null,
  query: { page: number; pageSize: number; kind?: 'people' | 'career_events' },
): Promise<Paginated<Omit<ImportResult, 'errors'>>> {
  const admin = requireAdmin(actor);
  const { rows, total } = await repo.listImports(
    ctx.db,
    admin.organisationId,
    query.pageSize,
    (query.page - 1) * query.pageSize,
    query.kind,
  );
  return {
    items: rows.map((row) => {
      const { errors: _errors, ...rest } = toResult(row);
      return rest;
    }),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * The organisation a command-line import goes to: the one named by its slug, or the only one there is.
 * The command line has no signed-in caller; whoever can run it already holds the database.
 */
export async function resolveImportOrganisation(ctx: AppContext, slug: string | undefined) {
  const all = await repo.listOrganisations(ctx.db);
  if (slug !== undefined) {
    const found = all.find((organisation) => organisation.slug === slug);
    if (!found)
      throw new AppError(
        'not_found',
        `no organisation with the slug "${slug}" (there are: ${all.map((o) => o.slug).join(', ') || 'none'})`,
      );
    return found;
  }
  if (all.length === 0)
    throw new AppError('conflict', 'this instance has no organisation yet: run `trellis init` first');
  if (all.length > 1)
    throw new AppError(
      'bad_request',
      `this instance has several organisations: choose one with --org (${all.map((o) => o.slug).join(', ')})`,
    );
  return all[0]!;
}
