// `npm run bench:program-match`: a program of 10,000 mentees and 2,000 mentors (synthetic, seeded) in a fresh
// embedded database, and in PostgreSQL too when DATABASE_URL or TEST_DATABASE_URL is set. A match run goes through
// the service as the job would run it (load profiles, score, solve, store the draft), then one page of the pairs
// table is read sorted by score and by name. Prints each phase and the total; target: under 30 s on both engines.
// Appends one line per engine to bench/results/program-match.jsonl.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { syntheticProfiles } from '../src/core/matching/profiles.synthetic.ts';
import { loadConfig } from '../src/server/config.ts';
import type { Actor, AppContext } from '../src/server/context.ts';
import { type Database, openDatabase } from '../src/server/db/client.ts';
import { runMigrations } from '../src/server/db/migrate.ts';
import { organisations, programs, users } from '../src/server/db/schema.ts';
import {
  createMatchRun,
  getMatchRun,
  listRunPairs,
  runMatchRunNow,
} from '../src/server/features/match-runs/match-runs.service.ts';
import { insertEnrolmentsBulk, insertPeopleBulk } from '../src/server/testing/match-run-factories.ts';

const menteeCount = Number(process.env.BENCH_MENTEES ?? 10_000);
const mentorCount = Number(process.env.BENCH_MENTORS ?? 2_000);
const seed = 7;
const targetSeconds = 30;

const silent = {
  level: 'silent',
  fatal() {},
  error: (...args: unknown[]) => console.error(...args),
  warn() {},
  info() {},
  debug() {},
  trace() {},
  silent() {},
  child() {
    return silent;
  },
} as unknown as FastifyBaseLogger;

// The machine may be shared: a fixed CPU loop tells a slow run from a loaded machine.
function calibrate(): number {
  const started = performance.now();
  let sum = 0;
  for (let i = 0; i < 50_000_000; i++) sum += i % 7;
  if (sum < 0) console.log(sum);
  return performance.now() - started;
}
const calibrationMs = calibrate();
console.error(`calibration loop: ${calibrationMs.toFixed(0)} ms (about 60 ms on an idle core)`);

const { mentors, mentees } = syntheticProfiles({
  mentors: mentorCount,
  mentees: menteeCount,
  seed,
  questions: 0,
});
const everyone = [...mentors, ...mentees].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
const uuidOf = new Map(everyone.map((p) => [p.id, randomUUID()]));
const mapIds = (ids: readonly string[]) => ids.map((id) => uuidOf.get(id)!);

async function benchOn(database: Database, engine: string) {
  const ms: Record<string, number> = {};
  let lap = performance.now();
  const mark = (name: string) => {
    const now = performance.now();
    ms[name] = Math.round(now - lap);
    lap = now;
    console.log(`  ${engine}: ${name} ${ms[name]} ms`);
  };
  await runMigrations(database);
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    config: loadConfig({ TRELLIS_DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent' }),
    log: silent,
    now: () => new Date(),
  };
  const [org] = await ctx.db
    .insert(organisations)
    .values({ name: 'Bench', slug: `bench-${randomUUID().slice(0, 8)}` })
    .returning();
  const [user] = await ctx.db
    .insert(users)
    .values({
      organisationId: org!.id,
      email: 'admin@bench.example',
      name: 'Admin',
      role: 'admin',
      status: 'active',
    })
    .returning();
  const actor: Actor = {
    userId: user!.id,
    organisationId: org!.id,
    role: 'admin',
    personId: null,
    email: user!.email,
    name: user!.name,
  };
  const [program] = await ctx.db
    .insert(programs)
    .values({ organisationId: org!.id, name: 'Bench program', status: 'matching' })
    .returning();
  mark('migrate + organisation');

  // Managers have lower indexes than their reports, so batches in index order satisfy the foreign key.
  await insertPeopleBulk(
    ctx.db,
    org!.id,
    everyone.map((p) => ({
      id: uuidOf.get(p.id)!,
      name: p.name ?? p.id,
      level: p.level,
      managerId: p.managerChain[0] ? uuidOf.get(p.managerChain[0])! : null,
      department: p.department,
      jobFunction: p.jobFunction,
      timeZone: p.timeZone,
      languages: [...p.languages],
    })),
  );
  mark(`seed ${everyone.length} people`);
  await insertEnrolmentsBulk(ctx.db, org!.id, program!.id, [
    ...mentors.map((m) => ({
      personId: uuidOf.get(m.id)!,
      role: 'mentor' as const,
      capacity: m.capacity,
      profile: {
        skillsOffered: m.skillsOffered,
        goals: m.goals,
        learningStyle: m.learningStyle,
        avoidPersonIds: mapIds(m.avoidIds),
      },
    })),
    ...mentees.map((m) => ({
      personId: uuidOf.get(m.id)!,
      role: 'mentee' as const,
      profile: {
        skillsWanted: m.skillsWanted,
        goals: m.goals,
        targetFunction: m.targetFunction,
        learningStyle: m.learningStyle,
        departmentPreference: m.departmentPreference,
        preferredMentorIds: mapIds(m.preferredMentorIds),
        avoidPersonIds: mapIds(m.avoidIds),
      },
    })),
  ]);
  mark(`seed ${mentors.length + mentees.length} enrolments`);

  const started = performance.now();
  const run = await createMatchRun(ctx, actor, program!.id, { mode: 'optimal' });
  const result = await runMatchRunNow(ctx, run.id);
  const totalMs = Math.round(performance.now() - started);
  if (result.status !== 'draft') throw new Error(`the run did not finish: ${JSON.stringify(result)}`);
  for (const [phase, value] of Object.entries(result.milliseconds))
    console.log(`  ${engine}: run ${phase} ${value} ms (cpu ${result.cpuMilliseconds[phase]} ms)`);
  const cpuTotalMs = Object.values(result.cpuMilliseconds).reduce((sum, v) => sum + v, 0);
  console.log(`  ${engine}: run total ${totalMs} ms`);

  lap = performance.now();
  const byScore = await listRunPairs(ctx, actor, program!.id, run.id, {
    page: 1,
    pageSize: 50,
    filter: 'all',
    sort: 'score',
    order: 'desc',
  });
  mark('pairs page 1 by score');
  await listRunPairs(ctx, actor, program!.id, run.id, {
    page: 150,
    pageSize: 50,
    filter: 'matched',
    sort: 'mentee',
    order: 'asc',
  });
  mark('pairs page 150 by name, matched only');
  await listRunPairs(ctx, actor, program!.id, run.id, {
    page: 1,
    pageSize: 50,
    filter: 'all',
    sort: 'score',
    order: 'desc',
    q: 'person 12',
  });
  mark('pairs search');

  const view = await getMatchRun(ctx, actor, program!.id, run.id);
  console.log(
    `${engine}: ${view.stats?.matched}/${view.stats?.mentees} matched (${view.stats?.matchedPercent}%), mean ${view.stats?.meanScore}, lowest ${view.stats?.lowestScore}; run ${(totalMs / 1000).toFixed(1)} s: ${totalMs / 1000 < targetSeconds ? 'within' : 'OVER'} the ${targetSeconds} s target`,
  );
  return {
    at: new Date().toISOString(),
    engine,
    mentees: menteeCount,
    mentors: mentorCount,
    seed,
    node: process.version,
    seedMs: ms,
    runMs: result.milliseconds,
    runCpuMs: result.cpuMilliseconds,
    runCpuTotalMs: cpuTotalMs,
    runTotalMs: totalMs,
    pageMs: {
      byScore: ms['pairs page 1 by score'],
      byNameMatched: ms['pairs page 150 by name, matched only'],
      search: ms['pairs search'],
    },
    pairsTotal: byScore.total,
    matched: view.stats?.matched,
    meanScore: view.stats?.meanScore,
    withinTarget: totalMs / 1000 < targetSeconds,
    calibrationMs: Math.round(calibrationMs),
  };
}

const results: unknown[] = [];
// BENCH_ENGINES=postgres (or pglite) runs one engine only.
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
if (engines.includes('pglite')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-program-match-'));
  const embedded = await openDatabase({ kind: 'pglite', dataDir: dir });
  try {
    results.push(await benchOn(embedded, 'pglite'));
  } finally {
    await embedded.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (serverUrl && engines.includes('postgres')) {
  const name = `trellis_bench_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const server = await openDatabase({ kind: 'postgres', url: url.toString() });
  try {
    results.push(await benchOn(server, 'postgres'));
  } finally {
    await server.close();
    await admin.query(`drop database ${name}`);
    await admin.end();
  }
}

const resultsFile = path.resolve(import.meta.dirname, 'results/program-match.jsonl');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.appendFileSync(resultsFile, results.map((line) => `${JSON.stringify(line)}\n`).join(''));
