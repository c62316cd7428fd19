import type { RowError } from '../../../core/people/import-rows.ts';
import type { AppContext } from '../../context.ts';
import * as repo from './people-imports.repository.ts';

/** The most errors kept on an import's row (the first ones by line): enough to fix a file, bounded in size. */
export const maxListedErrors = 1000;

/** The file's rows have errors: nothing is written, and the import is recorded as rejected with them. */
export class ImportRejected extends Error {
  constructor(readonly errors: RowError[]) {
    super('rows have errors');
  }
}

/**
 * Runs an import's write and records on its row how it ended: succeeded with the write's counts; rejected
 * (`ImportRejected`, nothing written) with its first errors by line and `emptyCounts`; or failed — logged, marked and
 * thrown again. Every import of files (people, career events) ends through here.
 */
export async function settleImport<Counts extends Record<string, number>>(
  ctx: AppContext,
  importId: string,
  totalRows: number,
  what: string,
  emptyCounts: Counts,
  write: () => Promise<Counts>,
) {
  try {
    const counts = await write();
    return await repo.updateImport(ctx.db, importId, {
      status: 'succeeded',
      processedRows: totalRows,
      summary: { ...counts, errorCount: 0 },
      errors: [],
      finishedAt: ctx.now(),
    });
  } catch (error) {
    if (!(error instanceof ImportRejected)) {
      ctx.log.error({ err: error, importId }, `${what} failed`);
      await repo
        .updateImport(ctx.db, importId, { status: 'failed', finishedAt: ctx.now() })
        .catch(() => undefined);
      throw error;
    }
    return await repo.updateImport(ctx.db, importId, {
      status: 'rejected',
      processedRows: totalRows,
      summary: { ...emptyCounts, errorCount: error.errors.length },
      errors: error.errors.slice(0, maxListedErrors),
      finishedAt: ctx.now(),
    });
  }
}
