// `npm run bench:analytics`: are the analytics pages fast on a large organisation (issue 12 §8, "fast at scale")?
// For each engine (PGlite, then PostgreSQL), the bench builds a fresh database, fills it with the seeded large
// organisation of bench/large-org.ts (50,000 people, 10,000 relationships, 150,000 meetings, ~300,000 ratings and
// survey answers, 5 years of HRIS events) and times it, then starts the real server on it in a child process and
// measures each analytics route over HTTP, signed in as the admin and as a coordinator of the largest program:
// warm-up requests, then N timed requests one after another (p50 / p95 / max), with GET /api/health (no database
// work) measured in the same run as the reference. Routes not in src/server/route-access.ts yet are reported as
// "not available yet". Prints each route's ratio to health and PASS/MISS against its target, and appends one JSON
// line per engine to bench/results/analytics.jsonl.
//
// Environment: BENCH_SCALE (1 = 50,000 people; 0.1 for a quick check), BENCH_N (timed requests per route and role,
// default 30), BENCH_WARMUP (default 5), BENCH_ENGINES (default "pglite,postgres"), BENCH_PG_URL (server URL without
// a database, default postgres://postgres@127.0.0.1:5432), BENCH_ANALYZE=false (skip ANALYZE after the load),
// BENCH_DEBUG=1 (print EXPLAIN (ANALYZE, BUFFERS) of every query slower than BENCH_DEBUG_MS, default 20 ms, that
// one request of each route makes), BENCH_KEEP=1 (keep the data folder / database), BENCH_BUDGET_S (time budget per
// route and role, default 120 s: a route far over its target stops after at least 3 timed requests and says so),
// BENCH_ONLY (comma-separated words: only the routes whose name contains one, e.g. "pair,dashboard"), BENCH_REUSE=1
// (time the data a BENCH_KEEP=1 run kept, without generating it again).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const self = fileURLToPath(import.meta.url);
const scale = Number(process.env.BENCH_SCALE ?? 1);
const timed = Number(process.env.BENCH_N ?? 30);
const warmup = Number(process.env.BENCH_WARMUP ?? 5);
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim());
const pgBase = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
// BENCH_PG_DATABASE: another name, so two runs (or a kept database) do not drop each other's
const pgDatabase = process.env.BENCH_PG_DATABASE ?? 'trellis_bench_analytics';
const analyze = process.env.BENCH_ANALYZE !== 'false';
const debug = process.env.BENCH_DEBUG === '1';
const debugMs = Number(process.env.BENCH_DEBUG_MS ?? 20);
const keep = process.env.BENCH_KEEP === '1';
const budgetSeconds = Number(process.env.BENCH_BUDGET_S ?? 120);
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
// BENCH_REUSE=1: time the data a BENCH_KEEP=1 run kept (its folder / database and org description) instead of
// generating it again; the kept data is kept again.
const reuse = process.env.BENCH_REUSE === '1';
const keptFile = (engine: Engine) =>
  path.join(
    path.dirname(self),
    'results',
    `.kept-${engine}${engine === 'postgres' ? `-${pgDatabase}` : ''}.json`,
  );

type Engine = 'pglite' | 'postgres';

// ── The child: a real server on the generated database ────────────────────────────────────────────────────────

interface RecordedQuery {
  text: string;
  params: unknown[];
}

async function serve(kind: Engine, target: string) {
  const { buildApp } = await import('../src/server/app.ts');
  const { loadConfig } = await import('../src/server/config.ts');
  const { openDatabase } = await import('../src/server/db/client.ts');
  const { routeAccess } = await import('../src/server/route-access.ts');
  const database =
    kind === 'pglite'
      ? await openDatabase({ kind: 'pglite', dataDir: target })
      : await openDatabase({ kind: 'postgres', url: target });
  const config = loadConfig({
    TRELLIS_DATA_DIR: kind === 'pglite' ? target : os.tmpdir(),
    ...(kind === 'postgres' ? { DATABASE_URL: target } : {}),
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
  });
  const { app } = await buildApp({ config, database, logger: false });

  // Debug: record the SQL one request runs (Drizzle's logger, set on the open session), then EXPLAIN each query.
  let recording: RecordedQuery[] | null = null;
  const logger = {
    logQuery(text: string, params: unknown[]) {
      recording?.push({ text, params });
    },
  };
  // biome-ignore lint/suspicious/noExplicitAny: Drizzle's session is internal; the bench only borrows its logger.
  const session = (database.db as any).session;
  session.logger = logger;
  if (session.options) session.options.logger = logger;
  const client = session.client as {
    query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  };
  app.post('/bench/explain', async (request) => {
    const { url, cookie } = request.body as { url: string; cookie: string };
    recording = [];
    const started = performance.now();
    const response = await app.inject({ method: 'GET', url, headers: { cookie } });
    const ms = performance.now() - started;
    const queries = recording;
    recording = null;
    const plans: { ms: number; text: string; params: unknown[]; plan: string }[] = [];
    for (const query of queries) {
      if (!/^\s*(select|with)\b/i.test(query.text)) continue;
      const result = await client.query(
        `explain (analyze, buffers, format text) ${query.text}`,
        query.params,
      );
      const plan = result.rows.map((row) => String(Object.values(row)[0])).join('\n');
      const total = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
      plans.push({ ms: total, text: query.text, params: query.params, plan });
    }
    return { status: response.statusCode, ms, queries: queries.length, plans };
  });
  app.get('/bench/routes', async () => Object.keys(routeAccess));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
}

// ── The parent ─────────────────────────────────────────────────────────────────────────────────────────────────

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (v: number) => Number(v.toFixed(1));
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(
  port: number,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
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

interface RouteCase {
  name: string;
  /** The route as route-access.ts names it. */
  route: string;
  url: string;
  /** p95 target in ms (null: the reference). */
  target: number | null;
}

interface Measured {
  status: number;
  body?: string;
  bytes?: number;
  n?: number;
  p50?: number;
  p95?: number;
  max?: number;
  /** Fewer than BENCH_N timed requests: the route used up its time budget. */
  cutShort?: boolean;
  /** The first request of the route and role (a warm-up): what the first visitor after a data change waits. */
  first?: number;
}

async function measure(port: number, url: string, cookie: string): Promise<Measured> {
  const latencies: number[] = [];
  let status = 0;
  let bytes = 0;
  const began = performance.now();
  let warm = 0;
  let first: number | undefined;
  while (latencies.length < timed) {
    const started = performance.now();
    const response = await request(port, 'GET', url, { cookie });
    const ms = performance.now() - started;
    first ??= Number(ms.toFixed(1));
    status = response.status;
    bytes = response.body.length;
    if (status !== 200) return { status, body: response.body.slice(0, 300) };
    // A route far over any target gets one warm-up and as many timed requests as fit in the budget (at least 3).
    if (warm < warmup && !(warm >= 1 && ms > 5000)) warm++;
    else latencies.push(ms);
    if (latencies.length >= 3 && performance.now() - began > budgetSeconds * 1000) break;
  }
  return {
    status,
    bytes,
    first,
    ...summary(latencies),
    ...(latencies.length < timed ? { cutShort: true } : {}),
  };
}

async function prepare(engine: Engine) {
  if (reuse) {
    if (!fs.existsSync(keptFile(engine)))
      throw new Error(`BENCH_REUSE=1: nothing kept for ${engine}; run with BENCH_KEEP=1 first`);
    const kept = JSON.parse(fs.readFileSync(keptFile(engine), 'utf8'));
    process.stderr.write(`[${engine}] reusing ${kept.target}\n`);
    return { ...kept, migrateSeconds: 0, analyzeSeconds: 0, cleanup: async () => {} } as Awaited<
      ReturnType<typeof generate>
    >;
  }
  return generate(engine);
}

async function generate(engine: Engine) {
  const { openDatabase } = await import('../src/server/db/client.ts');
  const { runMigrations } = await import('../src/server/db/migrate.ts');
  const { generateLargeOrganisation, analyzeTables } = await import('./large-org.ts');
  let target: string;
  let cleanup: () => Promise<void>;
  if (engine === 'pglite') {
    target = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-analytics-'));
    cleanup = async () => fs.rmSync(target, { recursive: true, force: true });
  } else {
    const admin = new pg.Client({ connectionString: `${pgBase}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${pgDatabase}`);
    await admin.query(`create database ${pgDatabase}`);
    await admin.end();
    target = `${pgBase}/${pgDatabase}`;
    cleanup = async () => {
      const client = new pg.Client({ connectionString: `${pgBase}/postgres` });
      await client.connect();
      await client.query(`drop database if exists ${pgDatabase} with (force)`);
      await client.end();
    };
  }
  const database =
    engine === 'pglite'
      ? await openDatabase({ kind: 'pglite', dataDir: target })
      : await openDatabase({ kind: 'postgres', url: target });
  const migrateStarted = performance.now();
  await runMigrations(database);
  const migrateSeconds = (performance.now() - migrateStarted) / 1000;
  process.stderr.write(`[${engine}] generating the organisation at scale ${scale}…\n`);
  const org = await generateLargeOrganisation(database.db, {
    scale,
    log: (message) => process.stderr.write(`[${engine}] ${message}\n`),
  });
  let analyzeSeconds = 0;
  if (analyze) {
    const started = performance.now();
    await analyzeTables(database.db);
    analyzeSeconds = (performance.now() - started) / 1000;
  }
  await database.close();
  const dataMb =
    engine === 'pglite'
      ? Number(
          (
            fs
              .readdirSync(target, { recursive: true, withFileTypes: true })
              .filter((e) => e.isFile())
              .reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0) /
            1024 /
            1024
          ).toFixed(0),
        )
      : null;
  return { target, cleanup, org, migrateSeconds, analyzeSeconds, dataMb };
}

async function startServer(engine: Engine, target: string) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', self, '--serve', engine, target], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline !== -1) resolve(JSON.parse(buffered.slice(0, newline)));
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  return { child, port };
}

async function runEngine(engine: Engine) {
  const prepared = await prepare(engine);
  const { org } = prepared;
  const { child, port } = await startServer(engine, prepared.target);
  try {
    const routes = new Set(JSON.parse((await request(port, 'GET', '/bench/routes')).body) as string[]);
    const largest = org.largestProgramId;
    const skills = org.skillsProgramId;
    const cases: RouteCase[] = [
      {
        name: 'pair health (largest program)',
        route: 'GET /api/programs/:id/relationship-health',
        url: `/api/programs/${largest}/relationship-health`,
        target: 300,
      },
      {
        name: 'program dashboard (largest program)',
        route: 'GET /api/programs/:id/dashboard',
        url: `/api/programs/${largest}/dashboard`,
        target: 300,
      },
      {
        name: 'analytics overview',
        route: 'GET /api/analytics/overview',
        url: '/api/analytics/overview',
        target: 500,
      },
      {
        name: 'outcomes, largest program, mentees',
        route: 'GET /api/outcomes',
        url: `/api/outcomes?programId=${largest}&role=mentee`,
        target: 2000,
      },
      {
        name: 'outcomes, all programs',
        route: 'GET /api/outcomes',
        url: '/api/outcomes',
        target: 2000,
      },
      {
        name: 'outcomes diversity',
        route: 'GET /api/outcomes/diversity',
        url: '/api/outcomes/diversity',
        target: 2000,
      },
      {
        name: 'skills change (largest closed program with skills)',
        route: 'GET /api/programs/:id/skills-change',
        url: `/api/programs/${skills}/skills-change`,
        target: 2000,
      },
    ];
    const roles = [
      ['admin', org.admin.cookie],
      ['coordinator', org.coordinator.cookie],
    ] as const;
    const health = await measure(port, '/api/health', '');
    const results: Record<string, unknown>[] = [];
    for (const c of cases) {
      if (only.length > 0 && !only.some((word) => c.name.includes(word))) continue;
      if (!routes.has(c.route)) {
        console.log(`[${engine}] ${c.name}: not available yet (${c.route} is not in route-access.ts)`);
        results.push({ name: c.name, url: c.url, available: false });
        continue;
      }
      for (const [role, cookie] of roles) {
        const result = await measure(port, c.url, cookie);
        results.push({ name: c.name, url: c.url, role, target: c.target, ...result });
        process.stderr.write(
          `[${engine}] ${c.name} as ${role}: ${result.status === 200 ? `p50 ${result.p50} ms, p95 ${result.p95} ms (${result.n} requests)` : `answered ${result.status}`}\n`,
        );
        if (debug && result.status === 200) {
          const explained = JSON.parse(
            (
              await request(
                port,
                'POST',
                '/bench/explain',
                { 'content-type': 'application/json' },
                JSON.stringify({ url: c.url, cookie }),
              )
            ).body,
          ) as { ms: number; queries: number; plans: { ms: number; text: string; plan: string }[] };
          console.log(
            `\n[${engine}] ${c.name} as ${role}: ${explained.queries} queries, ${explained.ms.toFixed(0)} ms in one request`,
          );
          for (const plan of explained.plans.filter((p) => p.ms >= debugMs).sort((a, b) => b.ms - a.ms))
            console.log(`--- ${plan.ms.toFixed(1)} ms\n${plan.text}\n${plan.plan}\n`);
        }
      }
    }
    const healthAfter = await measure(port, '/api/health', '');
    return { prepared, health, healthAfter, results };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (!keep && !reuse) await prepared.cleanup();
    else if (!reuse) {
      const { target, org, dataMb } = prepared;
      fs.writeFileSync(keptFile(engine), JSON.stringify({ target, org, dataMb }));
      console.log(`[${engine}] kept: ${target} (BENCH_REUSE=1 times it again)`);
    }
  }
}

async function main() {
  fs.mkdirSync(path.join(path.dirname(self), 'results'), { recursive: true });
  for (const engine of engines as Engine[]) {
    const load = os.loadavg()[0];
    const { prepared, health, healthAfter, results } = await runEngine(engine);
    const { org } = prepared;
    const reference = Math.max(0.1, ((health.p50 ?? 0) + (healthAfter.p50 ?? 0)) / 2);
    console.log(
      `\n== ${engine}: scale ${scale}, load ${load.toFixed(1)}; generated in ${org.seconds.toFixed(1)} s (migrations ${prepared.migrateSeconds.toFixed(1)} s, ANALYZE ${prepared.analyzeSeconds.toFixed(1)} s${prepared.dataMb === null ? '' : `, data folder ${prepared.dataMb} MB`})`,
    );
    console.log(
      `   ${Object.entries(org.counts)
        .map(([table, n]) => `${table} ${n}`)
        .join(', ')}`,
    );
    const fmt = (r: { p50?: number; p95?: number; max?: number }) =>
      `p50 ${r.p50?.toFixed(1)} ms, p95 ${r.p95?.toFixed(1)} ms, max ${r.max?.toFixed(1)} ms`;
    console.log(`   health (reference): before ${fmt(health)}; after ${fmt(healthAfter)}`);
    for (const r of results as {
      name: string;
      role?: string;
      available?: boolean;
      status?: number;
      body?: string;
      p50?: number;
      p95?: number;
      max?: number;
      target?: number;
      bytes?: number;
      n?: number;
      cutShort?: boolean;
      first?: number;
    }[]) {
      if (r.available === false) {
        console.log(`   ${r.name}: not available yet`);
        continue;
      }
      if (r.status !== 200) {
        console.log(`   ${r.name} as ${r.role}: answered ${r.status} ${r.body ?? ''}`);
        continue;
      }
      const verdict = r.p95! <= r.target! ? 'PASS' : 'MISS';
      console.log(
        `   ${r.name} as ${r.role}: ${fmt(r)} (×${(r.p50! / reference).toFixed(0)} health), target p95 ≤ ${r.target} ms: ${verdict}, ${(r.bytes! / 1024).toFixed(0)} KB, first request ${r.first} ms${r.cutShort ? `, only ${r.n} requests (time budget)` : ''}`,
      );
      (r as Record<string, unknown>).verdict = verdict;
      (r as Record<string, unknown>).ratioToHealth = Number((r.p50! / reference).toFixed(1));
    }
    const line = {
      at: new Date().toISOString(),
      load,
      engine,
      scale,
      n: timed,
      warmup,
      analyzed: analyze,
      generationSeconds: org.seconds,
      generationPhases: org.phases,
      migrateSeconds: Number(prepared.migrateSeconds.toFixed(2)),
      analyzeSeconds: Number(prepared.analyzeSeconds.toFixed(2)),
      dataMb: prepared.dataMb,
      counts: org.counts,
      health,
      healthAfter,
      routes: results,
    };
    fs.appendFileSync(
      path.join(path.dirname(self), 'results', 'analytics.jsonl'),
      `${JSON.stringify(line)}\n`,
    );
  }
  agent.destroy();
}

if (process.argv[2] === '--serve') await serve(process.argv[3] as Engine, process.argv[4]!);
else await main();
