// npm run bench:web — how fast the web app loads (issue 15 §4, decision 035). Builds dist/web if its inputs changed
// (scripts/build-web.mjs; `--no-build` serves whatever dist/web holds), starts the real server on a fresh PGlite data
// folder, creates the demo organisation (POST /api/setup/demo) and, in headless Chromium, opens the people directory
// and a pair's workspace cold (a new browser profile each time: no cache) BENCH_REPEATS times (default 5). Prints
// the median Largest Contentful Paint of each page against the 1.5 s target, the initial JavaScript (entry +
// modulepreloads, raw and gzip) and the JavaScript each page downloads; appends a JSON line to
// bench/results/web.jsonl. Nothing here is asserted: speed is printed, never tested.
import { type ChildProcess, execSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { initialJs, initialJsBudgetGzip, kB, sizeOf } from '../scripts/web-size.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const distDir = path.join(repoRoot, 'dist/web');
const repeats = Number(process.env.BENCH_REPEATS ?? 5);
const lcpTargetMs = 1500;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, output: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not answer /api/health within 90 s:\n${output()}`);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface PageLoad {
  lcpMs: number;
  jsFiles: number;
  jsBytes: number;
  jsGzip: number;
}

/** The latest largest-contentful-paint entry (buffered), once the page's content is on screen. */
async function measure(page: Page, url: string, ready: (page: Page) => Promise<void>): Promise<PageLoad> {
  await page.goto(url);
  await ready(page);
  // A frame or two for a late, larger paint to be reported.
  await page.waitForTimeout(300);
  const { lcp, scripts } = await page.evaluate(
    () =>
      new Promise<{ lcp: number; scripts: { name: string; bytes: number }[] }>((resolve) => {
        let lcp = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) lcp = Math.max(lcp, entry.startTime);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        setTimeout(() => {
          const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
            .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
            .map((entry) => ({ name: new URL(entry.name).pathname, bytes: entry.encodedBodySize }));
          resolve({ lcp, scripts });
        }, 50);
      }),
  );
  const jsGzip = scripts.reduce((sum, script) => sum + sizeOf(distDir, script.name).gzip, 0);
  return {
    lcpMs: lcp,
    jsFiles: scripts.length,
    jsBytes: scripts.reduce((sum, script) => sum + script.bytes, 0),
    jsGzip,
  };
}

if (!process.argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-web.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const initial = initialJs(distDir);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-web-'));
const port = Number(process.env.BENCH_PORT ?? (await freePort()));
const baseUrl = `http://localhost:${port}`;
let output = '';
const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
  cwd: repoRoot,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    TRELLIS_DATA_DIR: dataDir,
    PUBLIC_URL: baseUrl,
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    SMTP_URL: '',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stdout?.on('data', (chunk) => {
  output += chunk;
});
server.stderr?.on('data', (chunk) => {
  output += chunk;
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  await waitForHealth(baseUrl, server, () => output);
  const t0 = performance.now();
  const demo = await fetch(`${baseUrl}/api/setup/demo`, { method: 'POST' });
  if (demo.status !== 201)
    throw new Error(`POST /api/setup/demo answered ${demo.status}: ${await demo.text()}`);
  const { credentials } = (await demo.json()) as { credentials: { email: string; password: string } };
  process.stdout.write(`demo organisation created in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  const signedIn = async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1360, height: 900 } });
    const signIn = await context.request.post('/api/auth/sign-in', { data: credentials });
    if (!signIn.ok()) throw new Error(`sign-in answered ${signIn.status()}`);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    return { context, page, errors };
  };

  const first = await signedIn();
  const mine = (await (await first.context.request.get('/api/me/relationships?state=current')).json()) as {
    items: { id: string }[];
  };
  await first.context.close();
  if (mine.items.length === 0) throw new Error('the demo admin has no current relationship');

  const pages = [
    {
      name: 'directory',
      url: '/people',
      ready: (page: Page) => page.getByText(/^Showing 1–25 of \d+ people$/).waitFor(),
    },
    {
      name: 'workspace',
      url: `/mentoring/relationships/${mine.items[0].id}`,
      ready: (page: Page) =>
        page
          .getByRole('region', { name: 'Timeline' })
          .getByText(/Meeting held/)
          .first()
          .waitFor(),
    },
  ];

  const results: Record<string, { lcpMs: number[]; medianLcpMs: number; js: PageLoad }> = {};
  for (const { name, url, ready } of pages) {
    const loads: PageLoad[] = [];
    // One warm-up load (the server's first queries, Chromium's first start), not counted.
    for (let i = 0; i <= repeats; i++) {
      const { context, page, errors } = await signedIn();
      const load = await measure(page, url, ready);
      await context.close();
      if (errors.length > 0) process.stdout.write(`  ${name}: console errors: ${errors.join(' | ')}\n`);
      if (i > 0) loads.push(load);
    }
    const lcps = loads.map((load) => Math.round(load.lcpMs));
    results[name] = { lcpMs: lcps, medianLcpMs: median(lcps), js: loads[loads.length - 1] };
  }

  const loadAverage = os.loadavg()[0];
  process.stdout.write(
    `\ninitial JavaScript: ${kB(initial.gzip)} gzip, ${kB(initial.raw)} raw, ${initial.scripts.length} file(s) — budget ${kB(initialJsBudgetGzip)} gzip: ${initial.gzip <= initialJsBudgetGzip ? 'met' : 'NOT met'}\n`,
  );
  process.stdout.write(`cold loads, ${repeats} each, load average ${loadAverage.toFixed(2)}:\n`);
  for (const [name, result] of Object.entries(results)) {
    process.stdout.write(
      `  ${name.padEnd(10)} LCP median ${(result.medianLcpMs / 1000).toFixed(2)} s (${result.lcpMs.join(', ')} ms) — target ≤ ${lcpTargetMs / 1000} s: ${result.medianLcpMs <= lcpTargetMs ? 'met' : 'NOT met'}; JavaScript ${result.js.jsFiles} file(s), ${kB(result.js.jsBytes)} transferred (${kB(result.js.jsGzip)} gzip)\n`,
    );
  }
  let commit = '';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: repoRoot }).toString().trim();
  } catch {}
  fs.mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
  fs.appendFileSync(
    path.join(repoRoot, 'bench/results/web.jsonl'),
    `${JSON.stringify({
      date: new Date().toISOString(),
      commit,
      loadAverage: Number(loadAverage.toFixed(2)),
      repeats,
      initialJs: { files: initial.scripts.length, raw: initial.raw, gzip: initial.gzip },
      pages: Object.fromEntries(
        Object.entries(results).map(([name, result]) => [
          name,
          {
            lcpMs: result.lcpMs,
            medianLcpMs: result.medianLcpMs,
            jsFiles: result.js.jsFiles,
            jsBytes: result.js.jsBytes,
            jsGzip: result.js.jsGzip,
          },
        ]),
      ),
    })}\n`,
  );
} finally {
  await browser.close().catch(() => {});
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
