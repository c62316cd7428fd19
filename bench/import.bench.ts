// `npm run bench:import`: a 50,000-row HRIS file into a fresh embedded database through the import service, then
// the same file again (all unchanged) and once more with 5% of titles changed. The reference is the obvious way,
// one INSERT per row, timed on a 2,000-row slice; the ratio is rows/s of the service over rows/s of the reference.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { generateDemoPeople, shuffled, toHrisCsv } from '../src/core/people/demo-data.ts';
import { seededRandom } from '../src/core/seeded-random.ts';
import { loadConfig } from '../src/server/config.ts';
import type { AppContext } from '../src/server/context.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { runMigrations } from '../src/server/db/migrate.ts';
import { organisations, people } from '../src/server/db/schema.ts';
import { importPeopleIntoOrganisation } from '../src/server/features/people-imports/people-imports.service.ts';

const rowCount = Number(process.env.BENCH_ROWS ?? 50_000);
const seed = 42;
const targetSeconds = 15;

const silent = {
  level: 'silent',
  fatal() {},
  error() {},
  warn() {},
  info() {},
  debug() {},
  trace() {},
  silent() {},
  child() {
    return silent;
  },
} as unknown as FastifyBaseLogger;

// The machine may be shared: time a fixed CPU loop so a reader can tell a slow run from a loaded machine.
function calibrate(): number {
  const started = performance.now();
  let sum = 0;
  for (let i = 0; i < 50_000_000; i++) sum += i % 7;
  if (sum < 0) console.log(sum);
  return performance.now() - started;
}
const calibrationMs = calibrate();
process.stderr.write(`calibration loop: ${calibrationMs.toFixed(0)} ms (about 60 ms on an idle core)\n`);

const random = seededRandom(seed);
const generated = generateDemoPeople({ seed, count: rowCount, domain: 'bench.example' });
const csv = toHrisCsv(shuffled(generated, random));
const changedCsv = toHrisCsv(
  shuffled(
    generated.map((person, i) => (i % 20 === 0 ? { ...person, title: `${person.title} (acting)` } : person)),
    random,
  ),
);
process.stderr.write(`generated ${rowCount} rows (${(csv.length / 1e6).toFixed(1)} MB of CSV)\n`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-import-'));
const database = await openDatabase({ kind: 'pglite', dataDir: dir });
await runMigrations(database);
const ctx: AppContext = {
  db: database.db,
  dbKind: database.kind,
  config: loadConfig({ TRELLIS_DATA_DIR: dir, LOG_LEVEL: 'silent' }),
  log: silent,
  now: () => new Date(),
};
const [org] = await ctx.db.insert(organisations).values({ name: 'Bench', slug: 'bench' }).returning();

async function timed(label: string, text: string) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let lastShown = 0;
  const result = await importPeopleIntoOrganisation(
    ctx,
    org!.id,
    null,
    { csv: text, fileName: label },
    (done, total) => {
      if (done - lastShown >= 10_000 || done === total) {
        lastShown = done;
        process.stderr.write(`  ${label}: ${done}/${total}\n`);
      }
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time of this process (PGlite runs in it too): steadier than wall time when other work shares the machine.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (result.status !== 'succeeded')
    throw new Error(`${label}: ${result.status} ${JSON.stringify(result.errors.slice(0, 3))}`);
  const line = `${label}: ${seconds.toFixed(2)} s, ${Math.round(rowCount / seconds)} rows/s, CPU ${cpuSeconds.toFixed(2)} s (created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged})`;
  console.log(line);
  return {
    seconds,
    cpuSeconds,
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
  };
}

const first = await timed('first import', csv);
const again = await timed('re-import, unchanged', csv);
const changed = await timed('re-import, 5% changed', changedCsv);

// Reference: one INSERT per row (managers left out, which only flatters it), on a 2,000-row slice of a second org.
const [refOrg] = await ctx.db
  .insert(organisations)
  .values({ name: 'Reference', slug: 'reference' })
  .returning();
const slice = generated.slice(0, 2000);
const refStarted = performance.now();
await ctx.db.transaction(async (tx) => {
  for (const person of slice) {
    await tx.insert(people).values({
      organisationId: refOrg!.id,
      hrisId: person.key,
      email: person.email,
      name: person.name,
      title: person.title,
      department: person.department,
      jobFunction: person.jobFunction,
      level: person.level,
      location: person.location,
      timeZone: person.timeZone,
      languages: person.languages,
      hireDate: person.hireDate,
    });
  }
});
const referenceRowsPerSecond = slice.length / ((performance.now() - refStarted) / 1000);
const serviceRowsPerSecond = rowCount / first.seconds;
console.log(
  `reference (one INSERT per row, 2,000 rows): ${Math.round(referenceRowsPerSecond)} rows/s; the import is ${(serviceRowsPerSecond / referenceRowsPerSecond).toFixed(1)}× faster`,
);
console.log(
  `first import ${first.seconds.toFixed(2)} s for ${rowCount} rows: ${first.seconds < targetSeconds ? 'within' : 'OVER'} the ${targetSeconds} s target`,
);

await database.close();
fs.rmSync(dir, { recursive: true, force: true });
const resultsFile = path.resolve(import.meta.dirname, 'results/import.jsonl');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.appendFileSync(
  resultsFile,
  `${JSON.stringify({
    at: new Date().toISOString(),
    engine: 'pglite',
    rows: rowCount,
    seed,
    node: process.version,
    firstImportSeconds: Number(first.seconds.toFixed(3)),
    firstImportCpuSeconds: Number(first.cpuSeconds.toFixed(3)),
    reimportUnchangedSeconds: Number(again.seconds.toFixed(3)),
    reimportUnchangedCpuSeconds: Number(again.cpuSeconds.toFixed(3)),
    reimportChangedSeconds: Number(changed.seconds.toFixed(3)),
    changedUpdated: changed.updated,
    rowsPerSecond: Math.round(serviceRowsPerSecond),
    referenceRowsPerSecond: Math.round(referenceRowsPerSecond),
    speedup: Number((serviceRowsPerSecond / referenceRowsPerSecond).toFixed(2)),
    withinTarget: first.seconds < targetSeconds,
    calibrationMs: Math.round(calibrationMs),
  })}\n`,
);
