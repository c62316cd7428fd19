// `npm run bench:import-load`: does a 50 MB people-import dry run hold up the rest of the server?
// A server runs in a child process on a fresh embedded database (one organisation, one admin). The parent measures
// GET /api/health one request after another while idle, then again while it uploads a 50 MB HRIS file as a dry run
// (180,000 rows, under the 200,000-row limit, each padded with a free-text column the import ignores). It prints the
// p50 / p99 / max latency of health in both phases, the import's own time, and the server's resident memory before
// the import and at its peak (VmHWM), and appends the figures to bench/results/import-load.jsonl.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const rowCount = Number(process.env.BENCH_ROWS ?? 180_000);
const targetBytes = Number(process.env.BENCH_MB ?? 50) * 1024 * 1024;
// BENCH_DRY_RUN=false writes the people (on PGlite each 10,000-row statement then holds the event loop).
const dryRun = process.env.BENCH_DRY_RUN !== 'false';

/** The child: a real server on a fresh data folder, printing its port and an admin's cookie when ready. */
async function serve() {
  const { buildApp } = await import('../src/server/app.ts');
  const { loadConfig } = await import('../src/server/config.ts');
  const { openDatabase } = await import('../src/server/db/client.ts');
  const { runMigrations } = await import('../src/server/db/migrate.ts');
  const { createOrganisation, createSignedInUser } = await import('../src/server/testing/factories.ts');
  const dataDir = process.argv[3]!;
  const created = await openDatabase({ kind: 'pglite', dataDir });
  await runMigrations(created);
  const organisation = await createOrganisation(created.db);
  const admin = await createSignedInUser(created.db, organisation.id, { role: 'admin' });
  // Reopen, as a server start would: creating the folder (initdb) leaves memory behind that a start does not have.
  await created.close();
  const database = await openDatabase({ kind: 'pglite', dataDir });
  const config = loadConfig({ TRELLIS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' });
  const { app } = await buildApp({ config, database, logger: false });
  // The JS heap's peak since the last ask (the RSS also counts PGlite's WebAssembly memory, which is large and stable).
  let heapPeak = 0;
  setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 10).unref();
  app.get('/bench/heap', async () => {
    const peak = heapPeak;
    heapPeak = process.memoryUsage().heapUsed;
    return { heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024, heapPeakMb: peak / 1024 / 1024 };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port: address.port, cookie: admin.cookie })}\n`);
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function request(
  port: number,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function healthLoop(port: number, until: () => boolean, minimum = 0): Promise<number[]> {
  const latencies: number[] = [];
  while (!until() || latencies.length < minimum) {
    const started = performance.now();
    const response = await request(port, 'GET', '/api/health');
    if (response.status !== 200) throw new Error(`health answered ${response.status}`);
    latencies.push(performance.now() - started);
    // About 50 requests a second: a steady probe, not a load of its own.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return latencies;
}

async function makeCsv(): Promise<Buffer> {
  const { generateDemoPeople, toHrisCsv } = await import('../src/core/people/demo-data.ts');
  const generated = generateDemoPeople({ seed: 7, count: rowCount, domain: 'load.example' });
  const lines = toHrisCsv(generated).trimEnd().split('\n');
  const bare = lines.reduce((sum, line) => sum + line.length + 1, 0);
  const pad = Math.max(0, Math.floor((targetBytes - bare) / rowCount) - 1);
  const filler = 'x'.repeat(pad);
  const padded = [`${lines[0]},Notes`, ...lines.slice(1).map((line) => `${line},${filler}`)];
  return Buffer.from(`${padded.join('\n')}\n`);
}

async function main() {
  const csv = await makeCsv();
  process.stderr.write(`generated ${rowCount} rows, ${(csv.length / 1024 / 1024).toFixed(1)} MB\n`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-load-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', self, '--serve', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const ready = await new Promise<{ port: number; cookie: string }>((resolve, reject) => {
      let buffered = '';
      child.stdout!.on('data', (chunk) => {
        buffered += chunk;
        const newline = buffered.indexOf('\n');
        if (newline !== -1) resolve(JSON.parse(buffered.slice(0, newline)));
      });
      child.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
    });
    const { port, cookie } = ready;
    // Warm up, then measure idle.
    await healthLoop(port, () => true, 50);
    const idle = summary(await healthLoop(port, () => true, 300));
    const before = memoryOf(child.pid!);
    const heapBefore = JSON.parse((await request(port, 'GET', '/bench/heap')).body).heapUsedMb as number;

    let done = false;
    const started = performance.now();
    const upload = request(
      port,
      'POST',
      `/api/people/imports?dryRun=${dryRun}`,
      { cookie, 'content-type': 'text/csv', 'content-length': String(csv.length) },
      csv,
    ).finally(() => {
      done = true;
    });
    let peakRss = before.rssMb;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, memoryOf(child.pid!).rssMb);
    }, 25);
    const during = summary(await healthLoop(port, () => done));
    clearInterval(sampler);
    const result = await upload;
    const importSeconds = (performance.now() - started) / 1000;
    const after = memoryOf(child.pid!);
    const heapPeak = JSON.parse((await request(port, 'GET', '/bench/heap')).body).heapPeakMb as number;
    const parsed = JSON.parse(result.body) as {
      status?: string;
      totalRows?: number;
      error?: { message: string };
    };
    const outcome =
      `${result.status} ${parsed.status ?? parsed.error?.message ?? ''} ${parsed.totalRows ?? ''}`.trim();

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    console.log(
      `import (${dryRun ? 'dry run' : 'written'}, ${(csv.length / 1024 / 1024).toFixed(1)} MB): ${importSeconds.toFixed(2)} s → ${outcome}`,
    );
    console.log(
      `health idle:   p50 ${ms(idle.p50)}, p99 ${ms(idle.p99)}, max ${ms(idle.max)} (${idle.n} requests)`,
    );
    console.log(
      `health import: p50 ${ms(during.p50)}, p99 ${ms(during.p99)}, max ${ms(during.max)} (${during.n} requests)`,
    );
    console.log(
      `server RSS: ${before.rssMb.toFixed(0)} MB before the import, peak ${Math.max(peakRss, after.rssMb).toFixed(0)} MB sampled (VmHWM ${after.peakMb.toFixed(0)} MB); JS heap ${heapBefore.toFixed(0)} MB before, peak ${heapPeak.toFixed(0)} MB`,
    );
    const line = {
      at: new Date().toISOString(),
      load: os.loadavg()[0],
      rows: rowCount,
      dryRun,
      megabytes: Number((csv.length / 1024 / 1024).toFixed(1)),
      importSeconds: Number(importSeconds.toFixed(2)),
      outcome,
      idle,
      during,
      rssBeforeMb: Math.round(before.rssMb),
      rssPeakMb: Math.round(Math.max(peakRss, after.rssMb)),
      vmHwmMb: Math.round(after.peakMb),
      heapBeforeMb: Math.round(heapBefore),
      heapPeakMb: Math.round(heapPeak),
    };
    fs.mkdirSync(path.join(path.dirname(self), 'results'), { recursive: true });
    fs.appendFileSync(
      path.join(path.dirname(self), 'results', 'import-load.jsonl'),
      `${JSON.stringify(line)}\n`,
    );
  } finally {
    child.kill('SIGTERM');
    agent.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--serve') await serve();
else await main();
