import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { initialJs, initialJsBudgetGzip, kB } from '../scripts/web-size.ts';
import { admin, axeScanner, startHarness } from './harness.ts';

const distDir = path.resolve(import.meta.dirname, '../dist/web');

test('the first download of the web app stays within 250 kB of gzip-compressed JavaScript', () => {
  // The entry script and the chunks index.html preloads: what a browser must fetch before drawing anything. Each
  // page's own code (charts, the drop zone, markdown) comes later, with the page (decision 035).
  const initial = initialJs(distDir);
  process.stdout.write(
    `initial JavaScript: ${kB(initial.gzip)} gzip (${kB(initial.raw)} raw) in ${initial.scripts.length} file(s); budget ${kB(initialJsBudgetGzip)} gzip\n`,
  );
  assert.ok(
    initial.gzip <= initialJsBudgetGzip,
    `initial JavaScript is ${kB(initial.gzip)} gzip, over the ${kB(initialJsBudgetGzip)} budget: ${initial.scripts
      .map((script) => `${script.file} ${kB(script.gzip)}`)
      .join(', ')}`,
  );
});

test("a page's code shows a loading state while it arrives, and a reload button when it cannot be loaded", async () => {
  const harness = await startHarness();
  try {
    const { page } = await harness.newPage();
    const setup = await page.request.post('/api/setup', { data: admin });
    assert.equal(setup.status(), 201);
    const directoryChunk = /\/assets\/directory-page-[\w-]+\.js$/;

    // Held back: the app's frame is there and says the page is loading.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(directoryChunk, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/people');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Loading page…' }).waitFor();
    release();
    await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
    await page.unroute(directoryChunk);

    // Gone (the app was updated since the tab opened): a clear message and a reload, not a blank page.
    const fresh = await harness.newPage();
    await fresh.page.request.post('/api/auth/sign-in', {
      data: { email: admin.email, password: admin.password },
    });
    await fresh.page.route(directoryChunk, (route) => route.fulfill({ status: 404, body: 'Not found' }));
    await fresh.page.goto('/people');
    const alert = fresh.page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
    await alert.waitFor();
    await fresh.page.getByRole('navigation', { name: 'Main' }).waitFor();
    const scanner = axeScanner(harness, 'web-loading');
    await scanner.scan(fresh.page, 'chunk-failed');
    await fresh.page.unroute(directoryChunk);
    await alert.getByRole('button', { name: 'Reload' }).click();
    await fresh.page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
    scanner.assertNone();
  } finally {
    await harness.close();
  }
});
