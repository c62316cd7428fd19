import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { axeScanner, type Harness, startHarness } from './harness.ts';

/**
 * Analytics as the demo admin sees them (issue 12): the home is the organisation overview; a program's name drills
 * into its dashboard (charts with their tables); its relationships tab sorts the pair-health table by risk and
 * exports it as CSV; the outcomes page compares participants with comparable non-participants and says what that
 * comparison cannot rule out. Axe on every page.
 */

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

const riskOrder = ['Inactive', 'At risk', 'Needs a check-in', 'On track'];

test('the admin reads the overview, a program dashboard, its pair health and the outcomes', async () => {
  const scanner = axeScanner(harness, 'analytics');
  const { page } = await harness.newPage();
  try {
    await page.goto('/');
    await page.getByRole('button', { name: 'Explore with demo data' }).click();
    await page.getByRole('heading', { name: 'Your demo is ready' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Continue to Trellis' }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // The organisation overview is the admin's home.
    const overview = page.getByRole('region', { name: 'Organisation overview' });
    await overview.getByText('Active pairs').first().waitFor();
    const programLink = overview.getByRole('link', { name: 'Engineering Leadership 2027' });
    await programLink.waitFor();
    await scanner.scan(page, 'overview');

    // Drill into the program's dashboard.
    await programLink.click();
    await page.waitForURL(/\/programs\/[0-9a-f-]{36}\/dashboard$/);
    await page.getByRole('tab', { name: 'Dashboard', selected: true }).waitFor();
    await page.getByRole('button', { name: 'Print report' }).waitFor();
    await page.getByRole('table').first().waitFor();
    await scanner.scan(page, 'dashboard');

    // Pair health: sort by risk, the most severe state comes first; export it.
    await page.getByRole('tab', { name: 'Pairs' }).click();
    const panel = page.getByRole('region', { name: 'Pair health' });
    await panel.getByLabel('Sort by').click();
    await page.getByRole('option', { name: 'Longest without a meeting' }).click();
    await panel.getByLabel('Sort by').click();
    await page.getByRole('option', { name: 'Most at risk first' }).click();
    const table = panel.getByRole('table', { name: 'Pair health' });
    await table.locator('tbody tr').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
    const states = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.querySelector('.mantine-Badge-label')?.textContent ?? ''));
    const ranks = states.map((text) => riskOrder.indexOf(text));
    assert.ok(ranks.length > 0 && ranks.every((rank) => rank >= 0), `health states on every row: ${states}`);
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
      'rows come most at risk first',
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.ok(lines.length >= ranks.length + 1, 'one line per pair and a header');
    assert.match(lines[0], /Health/i);
    await scanner.scan(page, 'pair-health');

    // The outcome comparison.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outcomes' }).click();
    await page.waitForURL('**/outcomes');
    await page.getByRole('heading', { level: 1, name: 'Outcomes' }).waitFor();
    await page.getByText('What this comparison cannot rule out').waitFor();
    await page
      .getByText(/Promoted within 12 months/)
      .first()
      .waitFor({ timeout: 30_000 });
    await page
      .getByText(/Still employed after 12 months/)
      .first()
      .waitFor();
    await page
      .getByText(/comparable/i)
      .first()
      .waitFor();
    await scanner.scan(page, 'outcomes');
    await harness.screenshot(page, 'analytics-outcomes');
    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(page, 'failure-analytics').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
});
