/**
 * One app process that runs one message tick, for the concurrency test (nudges.concurrency.test.ts): it builds the
 * app on `DATABASE_URL` (a PostgreSQL test database) with the clock held at `TRELLIS_NOW`, waits for the wall-clock
 * moment `TRELLIS_START_AT` (ms) so that sibling processes tick together, runs `runMessageTick` and prints its result
 * as JSON. Not part of the application.
 */
import { buildApp } from '../../../app.ts';
import { loadConfig } from '../../../config.ts';
import { openDatabase } from '../../../db/client.ts';
import { runMessageTick } from '../nudges.service.ts';

const url = process.env.DATABASE_URL;
const now = new Date(process.env.TRELLIS_NOW ?? '');
if (!url || Number.isNaN(now.getTime())) {
  process.stderr.write('run-tick: needs DATABASE_URL and TRELLIS_NOW\n');
  process.exit(2);
}

const config = loadConfig({
  DATABASE_URL: url,
  TRELLIS_DATA_DIR: '.tmp/unused',
  LOG_LEVEL: 'silent',
  JOBS_ENABLED: 'false',
});
const database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
const { app, ctx } = await buildApp({ config, database, now: () => now, logger: false });
await app.ready();
// Start together with the other processes: a synchronisation point, not business time.
const startAt = Number(process.env.TRELLIS_START_AT ?? 0);
const wait = startAt - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
const result = await runMessageTick(ctx);
process.stdout.write(`${JSON.stringify(result)}\n`);
await app.close();
await database.close();
