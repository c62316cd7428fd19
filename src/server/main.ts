import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { DataDirLockedError, lockDataDir } from './db/lock.ts';
import { runMigrations } from './db/migrate.ts';
import { schedulePurgeSessions } from './features/accounts/accounts.service.ts';
import { scheduleFlashTick } from './features/flash/flash-jobs.ts';
import { scheduleDigests } from './features/messages/messages.service.ts';
import { scheduleMessageTick } from './features/nudges/nudges.service.ts';
import { scheduleCheckInNotices } from './features/surveys/surveys.service.ts';
import { scheduleDatabaseMaintenance } from './jobs/database-maintenance.job.ts';
import { builtInJobHandlers } from './jobs/job-handlers.ts';
import { startJobRunner } from './jobs/job-runner.ts';

/** Open the configured database (locking the PGlite folder) and migrate it. Shared by the server and the CLI. */
export async function openConfiguredDatabase(
  config: Config,
): Promise<{ database: Database; release: () => void }> {
  let release = () => {};
  if (!config.databaseUrl) release = lockDataDir(config.dataDir);
  try {
    const database = config.databaseUrl
      ? await openDatabase({ kind: 'postgres', url: config.databaseUrl })
      : await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
    await runMigrations(database);
    return { database, release };
  } catch (error) {
    release();
    throw error;
  }
}

/** Print a one-line reason and exit non-zero for the failures a person can fix. */
function exitOnKnownStartupError(error: unknown): never {
  if (error instanceof DataDirLockedError || error instanceof ConfigError) {
    process.stderr.write(`trellis: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

/** config → database → app → listen; graceful shutdown on SIGINT/SIGTERM. */
export async function serve(): Promise<FastifyInstance> {
  let config: Config;
  let opened: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    config = loadConfig();
    opened = await openConfiguredDatabase(config);
  } catch (error) {
    exitOnKnownStartupError(error);
  }
  const { database, release } = opened;
  const { app, ctx } = await buildApp({ config, database });
  const runner = config.jobsEnabled ? startJobRunner(ctx, { handlers: builtInJobHandlers }) : null;
  // Recurring work reschedules itself; make sure the chain exists (once, however many processes start).
  if (runner) {
    await schedulePurgeSessions(ctx);
    await scheduleDigests(ctx);
    await scheduleCheckInNotices(ctx);
    await scheduleMessageTick(ctx);
    await scheduleFlashTick(ctx);
    await scheduleDatabaseMaintenance(ctx);
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await runner?.stop();
    await app.close();
    await database.close();
    release();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL server' : `embedded PostgreSQL in ${config.dataDir}`;
  app.log.info(`Trellis is serving ${config.publicUrl} (${where})`);
  return app;
}
