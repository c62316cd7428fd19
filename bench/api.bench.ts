// `npm run bench:api`: is the API fast under load (issue 15)? For each engine (PGlite, then PostgreSQL), the bench
// builds a fresh database, fills it with a large organisation from bench/large-org.ts (5,000 people, 10 programs,
// 2,000 relationships with their workspace history, a signed-in admin, and the mentor and mentee of one active
// pair with a bell of notifications), starts the real server on it in a child process, and drives it with
// autocannon (as a library) at 20 and then 50 connections: the signed-in routes people use most, one after the
// other, each for BENCH_DURATION seconds, with GET /api/health (no database work) measured in the same run as the
// reference, and GET /api/auth/me (the cheapest signed-in route) as the floor. Then a mixed read/write load (a pair's mentor reading the workspace and writing notes, action items and
// "mark read"), whose writes are timed apart from its reads. Prints per route and engine: rps, p50 / p99, errors and
// time-outs, the ratio to /api/health's rps, PASS/MISS against the issue's targets, and appends one JSON line per
// engine to bench/results/api.jsonl.
//
// The server keeps a session's repeated reads while nothing is written (the read cache, decision 039), so the routes
// above measure repeated reads; the mixed load writes, so its reads are first reads. Then each engine runs the read
// routes once more at the first level with READ_CACHE=false: what every first read costs (BENCH_CACHE_OFF=false
// skips it).
//
// On PostgreSQL it then shows the scale-out story (several app processes on one database): the same routes with one
// server process and with two behind node:cluster (round robin), and the throughput of each (read cache off).
//
// Environment: BENCH_ENGINES (default "pglite,postgres"), BENCH_DURATION (seconds per route and level, default 10),
// BENCH_CONNECTIONS (default "20,50"), BENCH_ONLY (comma-separated words: only the routes whose name contains one),
// BENCH_SCALE_OUT=false (skip the one-vs-two-processes run), BENCH_PROFILE=1 (per route: where a request's time goes
// — session and authorisation, the handler, serialisation — over the whole load, the number of SQL queries one
// request makes, and EXPLAIN ANALYZE of those slower than BENCH_PROFILE_MS, default 5 ms), BENCH_PG_URL (server URL
// without a database, default postgres://postgres@127.0.0.1:5432), BENCH_KEEP=1 / BENCH_REUSE=1 (keep the generated
// data, and time it again without generating it; BENCH_KEPT names the file that says where it is), BENCH_PEOPLE / BENCH_RELATIONSHIPS / BENCH_PROGRAMS (the
// organisation's size, default 5,000 / 2,000 / 10), BENCH_CPU_PROF=<folder> (a V8 CPU profile of the server).
import { type ChildProcess, spawn } from 'node:child_process';
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import type { LargeOrg } from './large-org.ts';

const self = fileURLToPath(import.meta.url);
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim()) as Engine[];
const duration = Number(process.env.BENCH_DURATION ?? 10);
const levels = (process.env.BENCH_CONNECTIONS ?? '20,50').split(',').map(Number);
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const scaleOut = process.env.BENCH_SCALE_OUT !== 'false';
const cacheOffPass = process.env.BENCH_CACHE_OFF !== 'false';
const profile = process.env.BENCH_PROFILE === '1';
const profileMs = Number(process.env.BENCH_PROFILE_MS ?? 5);
const pgBase = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const pgDatabase = process.env.BENCH_PG_DATABASE ?? 'trellis_bench_api';
const keep = process.env.BENCH_KEEP === '1';
const reuse = process.env.BENCH_REUSE === '1';
const size = {
  people: Number(process.env.BENCH_PEOPLE ?? 5000),
  relationships: Number(process.env.BENCH_RELATIONSHIPS ?? 2000),
  programs: Number(process.env.BENCH_PROGRAMS ?? 10),
};
const targets = { p99At20: 100, shareOfHealth: 0.2, p99At50: 400, writesP99At20: 200 };

type Engine = 'pglite' | 'postgres';

const keptFile = (engine: Engine) =>
  process.env.BENCH_KEPT ??
  path.join(
    path.dirname(self),
    'results',
    `.kept-api-${engine}${engine === 'postgres' ? `-${pgDatabase}` : ''}.json`,
  );

// ── The child: the real server on the generated database (one process, or a node:cluster of several) ─────────

interface PhaseTotals {
  n: number;
  /** From the request's arrival to the handler: session lookup, route authorisation, validation. */
  before: number;
  /** The handler: the service and its SQL. */
  handler: number;
  /** Response validation and serialisation. */
  serialise: number;
  total: number;
  /** Each request's time in the server, arrival to response written (for percentiles). */
  each: number[];
}

async function serve(kind: Engine, target: string, port: number) {
  const { buildApp } = await import('../src/server/app.ts');
  const { loadConfig } = await import('../src/server/config.ts');
  const { openDatabase } = await import('../src/server/db/client.ts');
  const database =
    kind === 'pglite'
      ? await openDatabase({ kind: 'pglite', dataDir: target })
      : await openDatabase({ kind: 'postgres', url: target });
  // Kept data (BENCH_REUSE=1) gets the migrations written since it was generated, as `trellis serve` would.
  const { runMigrations } = await import('../src/server/db/migrate.ts');
  if (!cluster.isWorker) await runMigrations(database);
  const config = loadConfig({
    TRELLIS_DATA_DIR: kind === 'pglite' ? target : os.tmpdir(),
    ...(kind === 'postgres' ? { DATABASE_URL: target } : {}),
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    COOKIE_SECURE: 'false',
    READ_CACHE: process.env.READ_CACHE ?? 'true',
  });
  const { app } = await buildApp({ config, database, logger: false });

  if (profile) {
    // Where a request's time goes, summed per route over the whole load.
    const totals = new Map<string, PhaseTotals>();
    const marks = new WeakMap<
      object,
      { start: number; handler?: number; serialise?: number; sent?: number }
    >();
    app.server.prependListener('request', (req) => marks.set(req, { start: performance.now() }));
    app.addHook('preHandler', async (request) => {
      const mark = marks.get(request.raw);
      if (mark) mark.handler = performance.now();
    });
    app.addHook('preSerialization', async (request) => {
      const mark = marks.get(request.raw);
      if (mark) mark.serialise = performance.now();
    });
    app.addHook('onSend', async (request) => {
      const mark = marks.get(request.raw);
      if (mark) mark.sent = performance.now();
    });
    app.addHook('onResponse', async (request) => {
      const mark = marks.get(request.raw);
      if (!mark?.handler || !mark.serialise || !mark.sent) return;
      const key = `${request.method} ${request.routeOptions.url}`;
      const t = totals.get(key) ?? { n: 0, before: 0, handler: 0, serialise: 0, total: 0, each: [] };
      t.n++;
      t.before += mark.handler - mark.start;
      t.handler += mark.serialise - mark.handler;
      t.serialise += mark.sent - mark.serialise;
      t.total += mark.sent - mark.start;
      t.each.push(mark.sent - mark.start);
      totals.set(key, t);
    });
    // How long the event loop was blocked at a time (PGlite runs its SQL on this thread).
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    app.post('/bench/phases', async () => {
      const out = {
        ...Object.fromEntries(totals),
        eventLoopDelay: {
          p50: loopDelay.percentile(50) / 1e6,
          p99: loopDelay.percentile(99) / 1e6,
          max: loopDelay.max / 1e6,
        },
      };
      totals.clear();
      loopDelay.reset();
      return out;
    });

    // The SQL one request runs (Drizzle's logger on the open session), then EXPLAIN ANALYZE of each query.
    let recording: { text: string; params: unknown[] }[] | null = null;
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
    // Any statement that takes 50 ms or more from being asked to being answered (its wait included) is printed as
    // it happens: the driver's client is wrapped, not patched, so the app's own wrapping stays as it is.
    session.client = new Proxy(client, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (property !== 'query' && property !== 'exec') return value.bind(target);
        return async (...args: unknown[]) => {
          const started = performance.now();
          try {
            return await value.apply(target, args);
          } finally {
            const ms = performance.now() - started;
            // node-postgres is given { text, values }, PGlite the text.
            const text = (args[0] as { text?: string })?.text ?? String(args[0]);
            if (ms >= 50)
              process.stderr.write(
                `[slow ${String(property)}] ${ms.toFixed(0)} ms: ${text.replace(/\s+/g, ' ').slice(0, 200)}\n`,
              );
          }
        };
      },
    });
    app.post('/bench/explain', async (request) => {
      const { method, url, cookie, body } = request.body as {
        method: string;
        url: string;
        cookie: string;
        body?: unknown;
      };
      recording = [];
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: { cookie },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      const queries = recording;
      recording = null;
      const plans: { ms: number; text: string; plan: string }[] = [];
      for (const query of queries) {
        if (!/^\s*(select|with)\b/i.test(query.text)) continue;
        const result = await client.query(
          `explain (analyze, buffers, format text) ${query.text}`,
          query.params,
        );
        const plan = result.rows.map((row) => String(Object.values(row)[0])).join('\n');
        plans.push({
          ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0),
          text: query.text,
          plan,
        });
      }
      return { status: response.statusCode, queries: queries.map((q) => q.text), plans };
    });
  }
  await app.listen({ port, host: '127.0.0.1' });
  // Exit on SIGTERM rather than die of it, so that a --cpu-prof profile gets written.
  // A cluster worker just exits: its primary is already going, and closing would message it.
  process.once('SIGTERM', () => {
    if (cluster.isWorker) process.exit(0);
    void app.close().finally(() => process.exit(0));
  });
  process.send?.({ listening: true });
  if (!cluster.isWorker)
    process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port })}\n`);
}

/** A node:cluster primary: `workers` server processes sharing one port, connections handed out round robin. */
async function serveCluster(kind: Engine, target: string, workers: number, port: number) {
  cluster.schedulingPolicy = cluster.SCHED_RR;
  cluster.setupPrimary({
    exec: self,
    args: ['--serve', kind, target, '1', String(port)],
    execArgv: ['--import', 'tsx'],
  });
  let listening = 0;
  for (let k = 0; k < workers; k++) {
    const worker = cluster.fork();
    worker.on('message', (message: { listening?: boolean }) => {
      if (message.listening && ++listening === workers) process.stdout.write(`${JSON.stringify({ port })}\n`);
    });
  }
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  });
}

// ── The parent ─────────────────────────────────────────────────────────────────────────────────────────────────

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

async function generate(engine: Engine) {
  const { openDatabase } = await import('../src/server/db/client.ts');
  const { runMigrations } = await import('../src/server/db/migrate.ts');
  const { generateLargeOrganisation } = await import('./large-org.ts');
  let target: string;
  let cleanup: () => Promise<void>;
  if (engine === 'pglite') {
    target = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-api-'));
    cleanup = async () => fs.rmSync(target, { recursive: true, force: true });
  } else {
    const admin = new pg.Client({ connectionString: `${pgBase}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${pgDatabase} with (force)`);
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
  await runMigrations(database);
  process.stderr.write(
    `[${engine}] generating ${size.people} people, ${size.programs} programs, ${size.relationships} relationships…\n`,
  );
  const org = await generateLargeOrganisation(database.db, {
    ...size,
    participants: true,
    slug: 'bench-api',
    log: (message) => process.stderr.write(`[${engine}] ${message}\n`),
  });
  // As the app leaves it: PostgreSQL's autovacuum, PGlite's daily maintenance job (src/server/jobs).
  const { vacuumAnalyze } = await import('../src/server/db/maintenance.ts');
  await vacuumAnalyze(database.db);
  await database.close();
  return { target, cleanup, org };
}

async function prepare(engine: Engine): Promise<Awaited<ReturnType<typeof generate>>> {
  if (!reuse) return generate(engine);
  if (!fs.existsSync(keptFile(engine)))
    throw new Error(`BENCH_REUSE=1: nothing kept for ${engine}; run with BENCH_KEEP=1 first`);
  const kept = JSON.parse(fs.readFileSync(keptFile(engine), 'utf8'));
  process.stderr.write(`[${engine}] reusing ${kept.target}\n`);
  return { ...kept, cleanup: async () => {} };
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startServer(engine: Engine, target: string, workers = 1, env: Record<string, string> = {}) {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROF=<folder>: a V8 CPU profile of the server (open it in Chrome's DevTools) to see its own costs.
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      // BENCH_NODE_ARGS: more options for the server's node (e.g. --trace-gc).
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      self,
      workers > 1 ? '--cluster' : '--serve',
      engine,
      target,
      String(workers),
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk) => {
      buffered += chunk;
      // The line the server prints once it listens (other output, e.g. --trace-gc, passes through).
      if (/^\{"port":/m.test(buffered)) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.pipe(process.stderr);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  return { port, stop };
}

interface Step {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: string;
  write?: boolean;
}

interface RouteCase {
  name: string;
  cookie: string;
  steps: Step[];
}

interface Result {
  name: string;
  connections: number;
  workers?: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Mixed load only: the writes' own latencies. */
  writes?: { n: number; p50: number; p99: number };
  reads?: { n: number; p50: number; p99: number };
  ratioToHealth?: number;
  verdict?: string;
  misses?: string[];
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  return { n: sorted.length, p50: Number(at(0.5).toFixed(1)), p99: Number(at(0.99).toFixed(1)) };
}

async function load(port: number, c: RouteCase, connections: number): Promise<Result> {
  const mixed = c.steps.length > 1;
  const headers = { cookie: c.cookie, 'content-type': 'application/json' };
  // Without a callback, autocannon's instance is both an event emitter and a promise of the result.
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    timeout: 10,
    requests: c.steps.map((s) => ({
      method: s.method,
      path: s.path,
      headers: s.body === undefined ? { cookie: c.cookie } : headers,
      ...(s.body === undefined ? {} : { body: s.body }),
    })),
  });
  // Each connection cycles through the steps in order, one request at a time: the n-th response of a connection
  // answers its (n mod steps)-th step, so the writes of a mixed load can be timed apart.
  const position = new WeakMap<object, number>();
  const writes: number[] = [];
  const reads: number[] = [];
  if (mixed)
    (instance as unknown as autocannon.Instance).on(
      'response',
      (client: object, _status: number, _bytes: number, ms: number) => {
        const n = position.get(client) ?? 0;
        position.set(client, n + 1);
        (c.steps[n % c.steps.length]!.write ? writes : reads).push(ms);
      },
    );
  const result = await (instance as unknown as Promise<autocannon.Result>);
  return {
    name: c.name,
    connections,
    rps: Number(result.requests.average.toFixed(0)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    ...(mixed ? { writes: percentiles(writes), reads: percentiles(reads) } : {}),
  };
}

function cases(org: LargeOrg): { reads: RouteCase[]; mixed: RouteCase } {
  const admin = org.admin.cookie;
  const mentor = org.mentor!.cookie;
  const largest = org.largestProgramId;
  const pair = org.pairId!;
  const get = (p: string): Step[] => [{ method: 'GET', path: p }];
  return {
    reads: [
      { name: 'directory list', cookie: admin, steps: get('/api/people') },
      { name: 'directory search', cookie: admin, steps: get('/api/people?q=smith') },
      { name: 'person page', cookie: admin, steps: get(`/api/people/${org.mentor!.personId}`) },
      { name: 'programs list', cookie: admin, steps: get('/api/programs') },
      { name: 'program enrolments', cookie: admin, steps: get(`/api/programs/${largest}/enrolments`) },
      { name: 'program relationships', cookie: admin, steps: get(`/api/programs/${largest}/relationships`) },
      { name: 'pair health', cookie: admin, steps: get(`/api/programs/${largest}/relationship-health`) },
      { name: 'my relationships', cookie: mentor, steps: get('/api/me/relationships') },
      { name: 'workspace overview', cookie: mentor, steps: get(`/api/relationships/${pair}/workspace`) },
      { name: 'workspace timeline', cookie: mentor, steps: get(`/api/relationships/${pair}/timeline`) },
      { name: 'notifications', cookie: mentor, steps: get('/api/notifications') },
    ],
    mixed: {
      name: 'mixed read/write (a mentor in their workspace)',
      cookie: mentor,
      steps: [
        { method: 'GET', path: `/api/relationships/${pair}/workspace` },
        {
          method: 'POST',
          path: `/api/relationships/${pair}/notes`,
          body: JSON.stringify({
            visibility: 'private',
            body: 'Prepare questions about the promotion case.',
          }),
          write: true,
        },
        { method: 'GET', path: `/api/relationships/${pair}/timeline` },
        {
          method: 'POST',
          path: `/api/relationships/${pair}/action-items`,
          body: JSON.stringify({ title: 'Send the draft to my mentor', ownerPersonId: org.mentor!.personId }),
          write: true,
        },
        { method: 'GET', path: '/api/notifications' },
        { method: 'POST', path: '/api/notifications/read', body: '{}', write: true },
        { method: 'GET', path: '/api/me/relationships' },
      ],
    },
  };
}

const healthCase: RouteCase = {
  name: 'health (reference)',
  cookie: '',
  steps: [{ method: 'GET', path: '/api/health' }],
};

/**
 * A second reference: the cheapest signed-in route, the signed-in account (`GET /api/auth/me`: the session, the
 * account and the organisation, three lookups by key). A route that reads more cannot be much faster, so its share
 * of health's throughput shows how far any route's share can go.
 */
const floorCase = (org: LargeOrg): RouteCase => ({
  name: 'signed-in account (floor)',
  cookie: org.admin.cookie,
  steps: [{ method: 'GET', path: '/api/auth/me' }],
});

function judge(result: Result, health: Result) {
  const misses: string[] = [];
  result.ratioToHealth = Number((result.rps / Math.max(1, health.rps)).toFixed(3));
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0)
    misses.push(`${result.errors} errors, ${result.timeouts} time-outs, ${result.non2xx} non-2xx`);
  if (result.writes) {
    if (result.connections <= 20 && result.writes.p99 > targets.writesP99At20)
      misses.push(`writes p99 ${result.writes.p99} ms > ${targets.writesP99At20}`);
  } else if (result.connections <= 20) {
    if (result.p99 > targets.p99At20) misses.push(`p99 ${result.p99} ms > ${targets.p99At20}`);
    if (result.ratioToHealth < targets.shareOfHealth)
      misses.push(
        `${(result.ratioToHealth * 100).toFixed(0)} % of health < ${targets.shareOfHealth * 100} %`,
      );
  }
  if (result.connections >= 50 && result.p99 > targets.p99At50)
    misses.push(`p99 ${result.p99} ms > ${targets.p99At50}`);
  result.verdict = misses.length === 0 ? 'PASS' : 'MISS';
  result.misses = misses;
}

function line(engine: string, r: Result) {
  const extra = r.writes
    ? `; writes p50 ${r.writes.p50} / p99 ${r.writes.p99} ms (${r.writes.n}), reads p50 ${r.reads!.p50} / p99 ${r.reads!.p99} ms`
    : '';
  const ratio = r.ratioToHealth === undefined ? '' : `, ${(r.ratioToHealth * 100).toFixed(0)} % of health`;
  const failures =
    r.errors + r.timeouts + r.non2xx > 0
      ? `, ${r.errors} errors, ${r.timeouts} time-outs, ${r.non2xx} non-2xx`
      : '';
  const verdict = r.verdict ? `  ${r.verdict}${r.misses?.length ? ` (${r.misses.join('; ')})` : ''}` : '';
  console.log(
    `[${engine}] ${String(r.connections).padStart(2)} conn${r.workers ? ` ×${r.workers} proc` : ''}  ${r.name.padEnd(28)} ${String(r.rps).padStart(6)} rps  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(5)} ms${ratio}${failures}${extra}${verdict}`,
  );
}

async function profileRoutes(engine: Engine, port: number, list: RouteCase[]) {
  // The phases summed over the load that just ran, then one request of each route with its SQL.
  const { eventLoopDelay, ...phases } = JSON.parse(
    (await request(port, 'POST', '/bench/phases')).body,
  ) as Record<string, PhaseTotals> & { eventLoopDelay: { p50: number; p99: number; max: number } };
  console.log(
    `\n[${engine}] event loop blocked: p50 ${eventLoopDelay.p50.toFixed(1)} ms, p99 ${eventLoopDelay.p99.toFixed(1)} ms, max ${eventLoopDelay.max.toFixed(1)} ms`,
  );
  console.log(`[${engine}] where the time went (mean ms per request over the load above):`);
  for (const [route, t] of Object.entries(phases).sort((a, b) => b[1].total / b[1].n - a[1].total / a[1].n))
    console.log(
      `   ${route.padEnd(48)} n ${String(t.n).padStart(6)}  before handler ${(t.before / t.n).toFixed(2)}  handler ${(t.handler / t.n).toFixed(2)}  serialise ${(t.serialise / t.n).toFixed(2)}  total ${(t.total / t.n).toFixed(2)}, in the server p50 ${percentiles(t.each).p50} p99 ${percentiles(t.each).p99}`,
    );
  for (const c of list) {
    const step = c.steps[0]!;
    const explained = JSON.parse(
      (
        await request(
          port,
          'POST',
          '/bench/explain',
          { 'content-type': 'application/json' },
          JSON.stringify({ method: step.method, url: step.path, cookie: c.cookie }),
        )
      ).body,
    ) as { status: number; queries: string[]; plans: { ms: number; text: string; plan: string }[] };
    console.log(`\n[${engine}] ${c.name}: ${explained.queries.length} queries (status ${explained.status})`);
    for (const q of explained.queries) console.log(`   · ${q.replace(/\s+/g, ' ').slice(0, 160)}`);
    for (const plan of explained.plans.filter((p) => p.ms >= profileMs).sort((a, b) => b.ms - a.ms))
      console.log(`--- ${plan.ms.toFixed(1)} ms\n${plan.text}\n${plan.plan}\n`);
  }
}

async function runEngine(engine: Engine) {
  const prepared = await prepare(engine);
  const { org } = prepared;
  const { reads, mixed } = cases(org);
  const chosen = reads.filter((c) => only.length === 0 || only.some((word) => c.name.includes(word)));
  const results: Result[] = [];
  const healths: Result[] = [];
  const floors: Result[] = [];
  const server = await startServer(engine, prepared.target);
  try {
    // A few requests to each route first (compiled plans, warm caches), unmeasured.
    for (const c of [...chosen, healthCase, floorCase(org)])
      for (let k = 0; k < 5; k++) await request(server.port, 'GET', c.steps[0]!.path, { cookie: c.cookie });
    for (const connections of levels) {
      const health = await load(server.port, healthCase, connections);
      line(engine, health);
      healths.push(health);
      const floor = await load(server.port, floorCase(org), connections);
      floor.ratioToHealth = Number((floor.rps / Math.max(1, health.rps)).toFixed(3));
      line(engine, floor);
      floors.push(floor);
      for (const c of chosen) {
        const r = await load(server.port, c, connections);
        judge(r, health);
        line(engine, r);
        results.push(r);
      }
    }
    if (profile) await profileRoutes(engine, server.port, chosen);
    if (only.length === 0 || only.some((word) => mixed.name.includes(word)))
      for (const connections of levels) {
        const r = await load(server.port, mixed, connections);
        judge(r, healths.find((h) => h.connections === connections)!);
        line(engine, r);
        results.push(r);
      }
  } finally {
    await server.stop();
  }

  // The read routes with the read cache off: what a first read (or any read after a write) costs.
  const cacheOff: Result[] = [];
  if (cacheOffPass && chosen.length > 0) {
    const s = await startServer(engine, prepared.target, 1, { READ_CACHE: 'false' });
    try {
      const connections = levels[0]!;
      for (const c of chosen)
        for (let k = 0; k < 5; k++) await request(s.port, 'GET', c.steps[0]!.path, { cookie: c.cookie });
      const health = await load(s.port, healthCase, connections);
      for (const c of chosen) {
        const r = await load(s.port, { ...c, name: `${c.name} (cache off)` }, connections);
        r.ratioToHealth = Number((r.rps / Math.max(1, health.rps)).toFixed(3));
        line(engine, r);
        cacheOff.push(r);
      }
    } finally {
      await s.stop();
    }
  }

  // Scale-out: one server process vs two on the same PostgreSQL database, the same routes at the first level.
  const scaling: Result[] = [];
  if (engine === 'postgres' && scaleOut) {
    const connections = levels[0]!;
    for (const workers of [1, 2]) {
      // With the read cache off: the database work of every request is what more processes would share out.
      const s = await startServer(engine, prepared.target, workers, { READ_CACHE: 'false' });
      try {
        for (const c of [healthCase, ...chosen]) {
          const r = await load(s.port, c, connections);
          r.workers = workers;
          line(engine, r);
          scaling.push(r);
        }
      } finally {
        await s.stop();
      }
    }
    const total = (workers: number) =>
      scaling
        .filter((r) => r.workers === workers && r.name !== healthCase.name)
        .reduce((sum, r) => sum + r.rps, 0);
    console.log(
      `[${engine}] scale-out: the routes' summed throughput ${total(1)} rps with one process, ${total(2)} rps with two (×${(total(2) / Math.max(1, total(1))).toFixed(2)})`,
    );
  }

  if (!keep && !reuse) await prepared.cleanup();
  else if (!reuse) {
    fs.writeFileSync(keptFile(engine), JSON.stringify({ target: prepared.target, org }));
    console.log(`[${engine}] kept: ${prepared.target} (BENCH_REUSE=1 times it again)`);
  }
  return { org, results, healths, floors, scaling, cacheOff };
}

async function main() {
  fs.mkdirSync(path.join(path.dirname(self), 'results'), { recursive: true });
  for (const engine of engines) {
    const loadAverage = os.loadavg()[0]!;
    const { org, results, healths, floors, scaling, cacheOff } = await runEngine(engine);
    const missed = results.filter((r) => r.verdict === 'MISS');
    console.log(
      `\n== ${engine}: ${results.length - missed.length} of ${results.length} PASS (load average ${loadAverage.toFixed(1)} at the start; ${duration} s per route)${missed.length ? `; MISS: ${missed.map((r) => `${r.name} at ${r.connections}`).join(', ')}` : ''}\n`,
    );
    fs.appendFileSync(
      path.join(path.dirname(self), 'results', 'api.jsonl'),
      `${JSON.stringify({
        at: new Date().toISOString(),
        engine,
        load: loadAverage,
        duration,
        size,
        counts: org.counts,
        health: healths,
        floor: floors,
        routes: results,
        cacheOff,
        scaleOut: scaling,
      })}\n`,
    );
  }
  agent.destroy();
}

const [mode, kind, target, workers, port] = process.argv.slice(2);
if (mode === '--serve') await serve(kind as Engine, target!, Number(port ?? 0));
else if (mode === '--cluster') await serveCluster(kind as Engine, target!, Number(workers), Number(port));
else await main();
