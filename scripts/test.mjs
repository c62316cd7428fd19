#!/usr/bin/env node
// The whole test suite, as `npm test` runs it: typecheck, lint, unit and API tests on PGlite, the same API tests on
// PostgreSQL when TEST_DATABASE_URL is set, then browser tests in Chromium. Ends with one "N passed, N failed" line.
// Options: --only typecheck|lint|unit|pg|e2e (repeatable), --skip <same>.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]] : []));
const skip = args.flatMap((a, i) => (a === '--skip' ? [args[i + 1]] : []));
const wanted = (step) => (only.length === 0 || only.includes(step)) && !skip.includes(step);
const tmp = path.join(root, '.tmp');
fs.mkdirSync(tmp, { recursive: true });
// A template of its own for this run, so a test file run by hand meanwhile cannot rebuild it under our feet.
process.env.TRELLIS_TEST_TEMPLATE_DIR ??= path.join(tmp, 'pglite-template-suite');
process.env.TRELLIS_TEST_PG_TEMPLATE ??= 'trellis_test_template_suite';

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const started = Date.now();

function run(label, command, commandArgs, env = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n=== ${label}\n`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const ok = result.status === 0;
  process.stdout.write(
    `=== ${label}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s\n`,
  );
  if (!ok) failures.push(label);
  return ok;
}

function findTests(dirs, pattern = /\.test\.ts$/) {
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (pattern.test(entry.name)) found.push(path.relative(root, full));
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return found.sort();
}

function runNodeTests(label, files, env = {}, concurrency = 2) {
  if (files.length === 0) {
    process.stdout.write(`\n=== ${label}: no test files\n`);
    return;
  }
  const tap = path.join(tmp, `${label.replace(/\W+/g, '-')}.tap`);
  fs.rmSync(tap, { force: true });
  run(
    label,
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-timeout=300000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    env,
  );
  if (fs.existsSync(tap)) {
    const text = fs.readFileSync(tap, 'utf8');
    const count = (name) => Number(text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
    totals.passed += count('pass');
    totals.failed += count('fail') + count('cancelled');
    totals.skipped += count('skipped') + count('todo');
  }
}

const npx = (bin, binArgs) => [path.join(root, 'node_modules', '.bin', bin), binArgs];

if (wanted('typecheck')) run('typecheck', ...npx('tsc', ['--noEmit', '-p', 'tsconfig.json']));
if (wanted('lint')) run('lint', ...npx('biome', ['check', '.']));

const unitFiles = findTests(['src', 'bench', 'scripts']);
// The second pass on PostgreSQL only needs the tests that touch a database. The two walks over every route (private
// notes never leak, fuzzed input is refused in words) prove the routes' own logic, which PGlite — the same PostgreSQL
// engine — already exercises query for query; they are the slowest files, so they run once, on the first pass.
const routeWalks = new Set(['src/server/private-notes.test.ts', 'src/server/fuzz.test.ts']);
const databaseFiles = unitFiles.filter(
  (file) => (file.startsWith('src/server/') || file.startsWith('src/cli/')) && !routeWalks.has(file),
);

if (wanted('unit')) {
  if (run('prepare PGlite template', process.execPath, ['--import', 'tsx', 'scripts/prepare-test-db.ts'])) {
    runNodeTests('unit and API tests on PGlite', unitFiles, { TEST_DB_KIND: 'pglite' });
  }
}

if (wanted('pg')) {
  if (process.env.TEST_DATABASE_URL) {
    const env = { TEST_DB_KIND: 'postgres' };
    if (
      run(
        'prepare PostgreSQL template',
        process.execPath,
        ['--import', 'tsx', 'scripts/prepare-test-db.ts'],
        env,
      )
    ) {
      runNodeTests('API tests on PostgreSQL', databaseFiles, env);
    }
  } else {
    process.stdout.write('\n=== API tests on PostgreSQL: skipped (set TEST_DATABASE_URL to run them)\n');
  }
}

if (wanted('e2e')) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium) && !process.env.CI) {
    process.stdout.write(
      `\n=== browser tests: skipped (${chromium} not found; apt-get install -y chromium)\n`,
    );
  } else if (run('build web app', ...npx('vite', ['build', '--logLevel', 'warn']))) {
    runNodeTests('browser tests in Chromium', findTests(['e2e']), { TEST_DB_KIND: 'pglite' }, 1);
  }
}

const minutes = ((Date.now() - started) / 60000).toFixed(1);
process.stdout.write(`\nSteps failed: ${failures.length ? failures.join(', ') : 'none'} (${minutes} min)\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failures.length > 0 || totals.failed > 0 ? 1 : 0);
