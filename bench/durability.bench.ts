// `npm run bench:durability`: what a durable commit costs on the embedded database. The same N single-row committed
// inserts (each its own transaction, as a saved note or a sign-in is) run on two copies of one fresh data folder: with
// fsync (the server's and the CLI's default since decision 017) and without (PGlite's own default, which tests keep).
// Prints ms per commit for each, the ratio, and the fsync calls made per commit; appends to bench/results/durability.jsonl.
// The fsync count is taken in Node; `strace -f -e trace=fsync,fdatasync -c` on this script shows the same at the
// system-call level.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/server/db/client.ts';

const commits = Number(process.env.BENCH_COMMITS ?? 500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-durability-'));
const template = path.join(root, 'template');
{
  const database = await openDatabase({ kind: 'pglite', dataDir: template, durable: false });
  await database.db.execute(sql`create table probe (id serial primary key, body text not null)`);
  await database.close();
}

let fsyncCalls = 0;
const realFsync = fs.fsyncSync;
fs.fsyncSync = (fd: number) => {
  fsyncCalls++;
  realFsync(fd);
};

async function run(durable: boolean, round: number) {
  const dataDir = path.join(root, `${durable ? 'durable' : 'relaxed'}-${round}`);
  fs.cpSync(template, dataDir, { recursive: true });
  const database = await openDatabase({ kind: 'pglite', dataDir, durable });
  // Warm up: the first statements plan and cache.
  for (let n = 0; n < 20; n++)
    await database.db.execute(sql`insert into probe (body) values (${`warm ${n}`})`);
  fsyncCalls = 0;
  const started = performance.now();
  for (let n = 0; n < commits; n++)
    await database.db.execute(
      sql`insert into probe (body) values (${`a note of about sixty characters, number ${n}`})`,
    );
  const ms = performance.now() - started;
  const syncs = fsyncCalls;
  await database.close();
  return { msPerCommit: ms / commits, fsyncPerCommit: syncs / commits };
}

const results: { durable: number[]; relaxed: number[]; fsyncPerCommit: number } = {
  durable: [],
  relaxed: [],
  fsyncPerCommit: 0,
};
for (let round = 0; round < rounds; round++) {
  // Alternate the order so a machine getting busier does not favour one side.
  for (const durable of round % 2 === 0 ? [false, true] : [true, false]) {
    const { msPerCommit, fsyncPerCommit } = await run(durable, round);
    results[durable ? 'durable' : 'relaxed'].push(msPerCommit);
    if (durable) results.fsyncPerCommit = fsyncPerCommit;
    else if (fsyncPerCommit !== 0) throw new Error(`fsync off, yet ${fsyncPerCommit} fsync calls per commit`);
  }
}
fs.fsyncSync = realFsync;
fs.rmSync(root, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const durable = median(results.durable);
const relaxed = median(results.relaxed);
console.log(`${commits} single-row commits, ${rounds} rounds, medians (tmp folder: ${os.tmpdir()}):`);
console.log(`  fsync off (tests):            ${relaxed.toFixed(3)} ms per commit`);
console.log(
  `  fsync on (server, CLI):       ${durable.toFixed(3)} ms per commit, ${results.fsyncPerCommit.toFixed(2)} fsync per commit`,
);
console.log(`  durable / relaxed:            ×${(durable / relaxed).toFixed(2)}`);
fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
fs.appendFileSync(
  path.join(import.meta.dirname, 'results', 'durability.jsonl'),
  `${JSON.stringify({
    at: new Date().toISOString(),
    load: os.loadavg()[0],
    commits,
    rounds,
    relaxedMsPerCommit: Number(relaxed.toFixed(3)),
    durableMsPerCommit: Number(durable.toFixed(3)),
    ratio: Number((durable / relaxed).toFixed(2)),
    fsyncPerCommit: Number(results.fsyncPerCommit.toFixed(2)),
    all: results,
  })}\n`,
);
