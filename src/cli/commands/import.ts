import fs from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { type ImportMapping, importMapping } from '../../contracts/people-imports.contracts.ts';
import { AppError } from '../../core/errors.ts';
import { decodeCsvBytes } from '../../core/people/import-csv.ts';
import { type Config, ConfigError, loadConfig } from '../../server/config.ts';
import type { AppContext } from '../../server/context.ts';
import { DataDirLockedError } from '../../server/db/lock.ts';
import { importCareerEventsIntoOrganisation } from '../../server/features/people-imports/career-events.service.ts';
import {
  importPeopleIntoOrganisation,
  resolveImportOrganisation,
} from '../../server/features/people-imports/people-imports.service.ts';
import { createConsoleLogger } from '../../server/lib/console-logger.ts';
import { openConfiguredDatabase } from '../../server/main.ts';

interface ImportPeopleOptions {
  org?: string;
  dryRun?: boolean;
  mapping?: string;
  effectiveOn?: string;
}

export interface CommandIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A problem the person at the terminal can fix; printed as one line, exit code 1. */
export class CommandError extends Error {}

function parseMapping(text: string | undefined): ImportMapping | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CommandError('--mapping: not valid JSON (expected e.g. {"email":"Courriel","name":"Nom"})');
  }
  const parsed = importMapping.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CommandError(`--mapping: ${[...issue.path].join('.') || 'value'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Open the configured database for a command, or explain why not. On the embedded store a running server holds
 * the folder: the command must not touch it, and says what to use instead.
 */
export async function openForCommand(config: Config, instead: string) {
  try {
    const opened = await openConfiguredDatabase(config);
    const ctx: AppContext = {
      db: opened.database.db,
      dbKind: opened.database.kind,
      config,
      log: createConsoleLogger('warn'),
      now: () => new Date(),
    };
    return { ...opened, ctx };
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new CommandError(
        `the data folder ${error.dataDir} is in use by the running Trellis server (pid ${error.pid}); nothing was changed. ${instead}`,
      );
    }
    throw error;
  }
}

/** `trellis import people FILE`: returns the exit code (1 when the file is rejected or cannot be imported). */
export async function runImportPeople(
  file: string,
  options: ImportPeopleOptions,
  io: CommandIo,
): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`trellis: ${message}\n`);
    return 1;
  };
  let config: Config;
  let csv: string;
  let mapping: ImportMapping | undefined;
  try {
    config = loadConfig(io.env);
    mapping = parseMapping(options.mapping);
    csv = decodeCsvBytes(fs.readFileSync(file));
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CommandError) return fail(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fail(`${file}: no such file`);
    throw error;
  }
  let opened: Awaited<ReturnType<typeof openForCommand>>;
  try {
    opened = await openForCommand(
      config,
      'Import from the web app (People → Import) or with POST /api/people/imports instead.',
    );
  } catch (error) {
    if (error instanceof CommandError) return fail(error.message);
    throw error;
  }
  const { ctx, database, release } = opened;
  const bar = new SingleBar(
    {
      stream: io.stderr,
      format: 'Importing |{bar}| {value}/{total} rows',
      noTTYOutput: true,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let barStarted = false;
  try {
    const organisation = await resolveImportOrganisation(ctx, options.org);
    const result = await importPeopleIntoOrganisation(
      ctx,
      organisation.id,
      null,
      {
        csv,
        mapping,
        dryRun: options.dryRun ?? false,
        fileName: path.basename(file),
        effectiveOn: options.effectiveOn,
      },
      (processed, total) => {
        if (!barStarted) {
          bar.start(total, 0);
          barStarted = true;
        }
        bar.update(processed);
      },
    );
    if (barStarted) bar.stop();
    const what = result.dryRun ? 'Dry run (nothing written)' : 'Import';
    if (result.status === 'rejected') {
      io.stderr.write(
        `${what} of ${result.totalRows} rows into ${organisation.name} rejected: ${result.errorCount} row error(s); nothing was written.\n`,
      );
      for (const error of result.errors) {
        io.stderr.write(`  line ${error.line}${error.field ? ` (${error.field})` : ''}: ${error.message}\n`);
      }
      if (result.errorCount > result.errors.length)
        io.stderr.write(`  … and ${result.errorCount - result.errors.length} more\n`);
      return 1;
    }
    io.stdout.write(
      `${what} of ${result.totalRows} rows into ${organisation.name}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged${result.careerEvents > 0 ? `; ${result.careerEvents} career event(s) on ${result.effectiveOn}` : ''}.\n`,
    );
    return 0;
  } catch (error) {
    if (barStarted) bar.stop();
    if (error instanceof AppError && error.status < 500) return fail(error.message);
    throw error;
  } finally {
    await database.close();
    release();
  }
}

/** `trellis import career-events FILE`: returns the exit code (1 when the file is rejected or cannot be imported). */
export async function runImportCareerEvents(
  file: string,
  options: Pick<ImportPeopleOptions, 'org' | 'dryRun'>,
  io: CommandIo,
): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`trellis: ${message}\n`);
    return 1;
  };
  let config: Config;
  let csv: string;
  try {
    config = loadConfig(io.env);
    csv = decodeCsvBytes(fs.readFileSync(file));
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fail(`${file}: no such file`);
    throw error;
  }
  let opened: Awaited<ReturnType<typeof openForCommand>>;
  try {
    opened = await openForCommand(
      config,
      'Import from the web app (People → Import → Career history) or with POST /api/people/imports/career-events instead.',
    );
  } catch (error) {
    if (error instanceof CommandError) return fail(error.message);
    throw error;
  }
  const { ctx, database, release } = opened;
  try {
    const organisation = await resolveImportOrganisation(ctx, options.org);
    const result = await importCareerEventsIntoOrganisation(ctx, organisation.id, null, {
      csv,
      dryRun: options.dryRun ?? false,
      fileName: path.basename(file),
    });
    const what = result.dryRun ? 'Dry run (nothing written)' : 'Import';
    if (result.status === 'rejected') {
      io.stderr.write(
        `${what} of ${result.totalRows} career events into ${organisation.name} rejected: ${result.errorCount} row error(s); nothing was written.\n`,
      );
      for (const error of result.errors) {
        io.stderr.write(`  line ${error.line}${error.field ? ` (${error.field})` : ''}: ${error.message}\n`);
      }
      if (result.errorCount > result.errors.length)
        io.stderr.write(`  … and ${result.errorCount - result.errors.length} more\n`);
      return 1;
    }
    io.stdout.write(
      `${what} of ${result.totalRows} career events into ${organisation.name}: ${result.created} new, ${result.updated} corrected, ${result.unchanged} already recorded.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return fail(error.message);
    throw error;
  } finally {
    await database.close();
    release();
  }
}

export function registerImportCommand(program: Command): void {
  const importCommand = program.command('import').description('Import data from files');
  importCommand
    .command('people')
    .description(
      'Import people from an HRIS CSV export (one row per employee, manager by email or employee id). ' +
        'All or nothing: any row error and nothing is written. Uses the same configuration as `serve`.',
    )
    .argument('<file>', 'the CSV file')
    .option('--org <slug>', 'organisation to import into (needed when there are several)')
    .option('--dry-run', 'check every row and report what would change, writing nothing')
    .option('--mapping <json>', 'columns the automatic matching misses, e.g. \'{"email":"Courriel"}\'')
    .option(
      '--effective-on <date>',
      'the day the file describes (YYYY-MM-DD, default today): promotions, moves and exits it implies fall on it',
    )
    .action(async (file: string, options: ImportPeopleOptions) => {
      process.exitCode = await runImportPeople(file, options, {
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });
  importCommand
    .command('career-events')
    .description(
      'Import career history from a CSV (columns: hris_id or email, event, date, from, to, exit_type). ' +
        'All or nothing; importing the same events again changes nothing. Uses the same configuration as `serve`.',
    )
    .argument('<file>', 'the CSV file')
    .option('--org <slug>', 'organisation to import into (needed when there are several)')
    .option('--dry-run', 'check every row and report what would change, writing nothing')
    .action(async (file: string, options: Pick<ImportPeopleOptions, 'org' | 'dryRun'>) => {
      process.exitCode = await runImportCareerEvents(file, options, {
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });
}
