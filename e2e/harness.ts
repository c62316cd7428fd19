import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const repoRoot = path.resolve(import.meta.dirname, '..');
const templateDir = process.env.TRELLIS_TEST_TEMPLATE_DIR ?? path.join(repoRoot, '.tmp/pglite-template');
export const resultsDir = path.join(repoRoot, 'test-results');

/** Ask the OS for a port nobody uses, then release it for the server to take. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

export interface Harness {
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (cookies, storage) with one page. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  screenshot(page: Page, name: string): Promise<string>;
  /** Run axe on the page; returns the serious and critical violations (and prints them). */
  axe(page: Page, label: string): Promise<AxeViolation[]>;
  serverOutput(): string;
  close(): Promise<void>;
}

/**
 * Start the real server on a fresh data folder and a headless Chromium. Builds nothing: run `npm run build:web`
 * first (the test runner does).
 */
export async function startHarness(): Promise<Harness> {
  if (!fs.existsSync(path.join(repoRoot, 'dist/web/index.html'))) {
    throw new Error('dist/web is missing: run `npm run build:web` before the browser tests');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-e2e-'));
  // Copying a migrated PGlite folder takes ~0.5 s; creating one takes ~5 s.
  if (fs.existsSync(path.join(templateDir, 'PG_VERSION')))
    fs.cpSync(templateDir, dataDir, { recursive: true });
  fs.rmSync(path.join(dataDir, 'trellis.lock'), { force: true });

  const port = await freePort();
  // "localhost" (not 127.0.0.1): Chromium treats it as a secure context and keeps the Secure session cookie.
  const baseUrl = `http://localhost:${port}`;
  let output = '';
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'e2e/serve.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TRELLIS_DATA_DIR: dataDir,
      PUBLIC_URL: baseUrl,
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
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));

  const stopServer = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(
      baseUrl,
      () => server.exitCode !== null,
      () => output,
    );
  } catch (error) {
    await stopServer();
    throw error;
  }

  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    await stopServer();
    throw error;
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  const contexts: BrowserContext[] = [];

  return {
    baseUrl,
    browser,
    async newPage() {
      // Each context is a fresh, temporary profile.
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1360, height: 900 } });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => {
        output += `\n[browser page error] ${error.message}`;
      });
      return { context, page };
    },
    async screenshot(page, name) {
      const file = path.join(resultsDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async axe(page, label) {
      // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') stays in force for the app itself.
      await page.evaluate(axe.source);
      const results = (await page.evaluate(async () => {
        const run = (window as unknown as { axe: typeof axe }).axe.run;
        const outcome = await run(document, { resultTypes: ['violations'] });
        return outcome.violations.map((violation) => ({
          id: violation.id,
          impact: violation.impact ?? null,
          help: violation.help,
          nodes: violation.nodes.map((node) => ({
            target: node.target.map(String),
            failureSummary: node.failureSummary,
          })),
        }));
      })) as AxeViolation[];
      const minor = results.filter(
        (violation) => violation.impact !== 'serious' && violation.impact !== 'critical',
      );
      const severe = results.filter(
        (violation) => violation.impact === 'serious' || violation.impact === 'critical',
      );
      for (const violation of [...severe, ...minor]) {
        process.stdout.write(
          `axe [${label}] ${violation.impact}: ${violation.id} — ${violation.help}\n` +
            violation.nodes
              .slice(0, 5)
              .map(
                (node) => `    ${node.target.join(' ')}: ${node.failureSummary?.split('\n').join(' | ')}\n`,
              )
              .join(''),
        );
      }
      return severe;
    },
    serverOutput: () => output,
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await stopServer();
    },
  };
}

async function waitForHealth(baseUrl: string, hasExited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`The server exited before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`The server did not answer /api/health within 60 s:\n${output()}`);
}

/** A small HRIS export: a CEO, a VP, a manager, an engineer, a designer. */
export const sampleCsv = [
  'Employee ID,Full Name,Work Email,Job Title,Department,Job Function,Level,Manager Email,Location',
  'E1,Olivia Chen,olivia@acme.test,Chief Executive Officer,Executive,Leadership,9,,London',
  'E2,Marcus Reed,marcus@acme.test,VP Engineering,Engineering,Engineering,8,olivia@acme.test,London',
  'E3,Priya Patel,priya@acme.test,Engineering Manager,Engineering,Engineering,6,marcus@acme.test,Berlin',
  'E4,Tom Novak,tom@acme.test,Software Engineer,Engineering,Engineering,4,priya@acme.test,Berlin',
  'E5,Lena Vogel,lena@acme.test,Product Designer,Design,Design,5,olivia@acme.test,Paris',
].join('\n');

/** The same file with an invalid email on line 6. */
export const badCsv = sampleCsv.replace('lena@acme.test', 'lena-at-acme');

export const admin = {
  organisationName: 'Acme Corporation',
  adminName: 'Ada Admin',
  email: 'ada@acme.test',
  password: 'correct horse battery',
};

/** Wait (at most 3 s) until no finite animation or transition runs on the page; endless ones (loaders) are ignored. */
async function settleAnimations(page: Page): Promise<void> {
  // A string, not a function: the test runner's compiler would wrap a named helper in code the page lacks.
  await page.evaluate(`(async () => {
    const running = () => document.getAnimations().filter((animation) =>
      animation.playState === 'running' && Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)));
    const deadline = performance.now() + 3000;
    while (running().length > 0 && performance.now() < deadline)
      await Promise.race([
        Promise.all(running().map((animation) => animation.finished.catch(() => undefined))),
        new Promise((resolve) => setTimeout(resolve, 100)),
      ]);
  })()`);
}

/**
 * Screenshots and axe scans for one browser test, named `<prefix>-<label>`. `scan` records the serious and critical
 * violations per label and lets the test go on; `assertNone` fails at the end with every label that had any.
 */
export function axeScanner(harness: Harness, prefix: string) {
  const found: Record<string, string[]> = {};
  return {
    async scan(page: Page, label: string) {
      // Let transitions (modals, notifications) settle so axe sees the final colours.
      await page.waitForTimeout(350);
      await settleAnimations(page);
      await harness.screenshot(page, `${prefix}-${label}`);
      let violations = await harness.axe(page, `${prefix}-${label}`);
      // A notification can start to fade out while axe reads it (its colours then blend with the page): what is
      // found is checked again once the page is still, and only what is still there counts.
      if (violations.length > 0) {
        await settleAnimations(page);
        violations = await harness.axe(page, `${prefix}-${label} (again, once still)`);
      }
      if (violations.length > 0) found[label] = violations.map((violation) => violation.id);
    },
    assertNone() {
      assert.deepEqual(found, {}, 'serious or critical axe violations (details printed above)');
    },
  };
}

/**
 * Labels of the badges on the page whose text does not fit (shown cut with an ellipsis, "Do…"), read once the
 * layout has settled. After a resize the grid and the app shell lay themselves out again over a few frames, and a
 * read in between sees every badge squeezed; so a non-empty answer is read again until it is empty or has stayed
 * for `settleMs`. A badge cut in the settled layout is still reported.
 */
export async function clippedBadges(page: Page, settleMs = 2000): Promise<string[]> {
  const read = () =>
    page.evaluate(
      `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(
        [...document.querySelectorAll('.mantine-Badge-label')]
          .filter((label) => label.scrollWidth > label.clientWidth + 0.5)
          .map((label) => label.textContent ?? ''),
      ))))`,
    ) as Promise<string[]>;
  const deadline = Date.now() + settleMs;
  let clipped = await read();
  while (clipped.length > 0 && Date.now() < deadline) {
    await page.waitForTimeout(100);
    clipped = await read();
  }
  return clipped;
}
