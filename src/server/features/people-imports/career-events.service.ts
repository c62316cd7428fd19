import type { CareerEventList, ImportResult } from '../../../contracts/people-imports.contracts.ts';
import { AppError, notFound } from '../../../core/errors.ts';
import {
  type CareerEventValues,
  matchCareerHeaders,
  validateCareerRows,
} from '../../../core/people/career-events.ts';
import { requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { CsvInput } from '../../lib/csv-upload.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { ImportRejected, settleImport } from './import-settlement.ts';
import * as repo from './people-imports.repository.ts';
import { readImportCsv, todayOf, toResult } from './people-imports.service.ts';

interface CareerImportInput {
  csv: CsvInput;
  dryRun?: boolean;
  fileName?: string | null;
}

const sameEvent = (
  a: { exit_type: string | null; from_value: string | null; to_value: string | null },
  b: CareerEventValues,
) => a.exit_type === b.exitType && a.from_value === b.fromValue && a.to_value === b.toValue;

/**
 * Import HRIS career events (promotions, moves, exits, rehires) from CSV into one organisation, without an actor (the
 * CLI); `importCareerEvents` is the guarded door. All or nothing: any row error leaves the history untouched and the
 * import `rejected` with every error. Idempotent: an event already recorded for the same person, kind and day is
 * unchanged when equal and corrected when not, so importing a file twice writes nothing new (decision 023).
 */
export async function importCareerEventsIntoOrganisation(
  ctx: AppContext,
  organisationId: string,
  createdBy: string | null,
  input: CareerImportInput,
): Promise<ImportResult> {
  const table = await readImportCsv(input.csv);
  const { columns, missing } = matchCareerHeaders(table.headers);
  if (missing.length > 0) {
    const issues = missing.map(({ column, message }) => ({
      path: `file.${column}`,
      message: `${message} (columns: ${table.headers.join(', ')})`,
    }));
    throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  }
  const today = todayOf(ctx);
  const total = table.rows.length;
  const row = await repo.insertImport(ctx.db, {
    organisationId,
    createdBy,
    kind: 'career_events',
    fileName: input.fileName ?? null,
    dryRun: input.dryRun ?? false,
    status: 'running',
    totalRows: total,
    processedRows: 0,
    mapping: null,
    createdAt: ctx.now(),
  });
  const now = ctx.now();
  const emptyCounts = { created: 0, updated: 0, unchanged: 0 };
  const finished = await settleImport(ctx, row.id, total, 'career events import', emptyCounts, () =>
    ctx.db.transaction(async (tx) => {
      const people = await repo.careerPeopleIndex(tx, organisationId);
      const { events, errors } = validateCareerRows(table, columns, people, today);
      if (errors.length > 0) throw new ImportRejected(errors);
      const recorded = await repo.existingCareerEvents(tx, organisationId, events);
      const byKey = new Map(recorded.map((r) => [`${r.person_id}|${r.kind}|${r.effective_on}`, r]));
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      const changes: CareerEventValues[] = [];
      for (const event of events) {
        const found = byKey.get(`${event.personId}|${event.kind}|${event.effectiveOn}`);
        if (!found) created++;
        else if (sameEvent(found, event)) {
          unchanged++;
          continue;
        } else updated++;
        changes.push(event);
      }
      const counts = { created, updated, unchanged };
      if (row.dryRun) return counts;
      await repo.upsertCareerEvents(tx, organisationId, changes, 'csv', row.id, now);
      await recordAudit(tx, {
        organisationId,
        actorUserId: createdBy,
        action: 'career_events.imported',
        targetType: 'people_import',
        targetId: row.id,
        details: { ...counts, fileName: row.fileName },
        at: now,
      });
      return counts;
    }),
  );
  return toResult(finished);
}

/** An admin imports career events (or, dry run, checks them). */
export async function importCareerEvents(
  ctx: AppContext,
  actor: Actor | null,
  input: CareerImportInput,
): Promise<ImportResult> {
  const admin = requireAdmin(actor);
  return importCareerEventsIntoOrganisation(ctx, admin.organisationId, admin.userId, input);
}

/** A person's career history, oldest first (admins only: it is HR data). */
export async function personCareerEvents(
  ctx: AppContext,
  actor: Actor | null,
  personId: string,
): Promise<CareerEventList> {
  const admin = requireAdmin(actor);
  if (!(await repo.personExists(ctx.db, admin.organisationId, personId))) throw notFound('Person');
  const rows = await repo.careerEventsOfPerson(ctx.db, admin.organisationId, personId);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind as CareerEventList['items'][number]['kind'],
      effectiveOn: row.effectiveOn,
      exitType: (row.exitType as 'voluntary' | 'involuntary' | null) ?? null,
      fromValue: row.fromValue,
      toValue: row.toValue,
      source: row.source as CareerEventList['items'][number]['source'],
    })),
  };
}
