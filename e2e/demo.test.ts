import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { axeScanner, clippedBadges, type Harness, resultsDir, startHarness } from './harness.ts';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

test('explore with demo data: the credentials are shown, then the demo opens signed in on the home', async () => {
  const { page } = await harness.newPage();
  try {
    await page.goto('/');
    await page.getByRole('button', { name: 'Explore with demo data' }).click();
    await page.getByRole('heading', { name: 'Your demo is ready' }).waitFor({ timeout: 60_000 });
    const email = (await page.getByTestId('demo-email').textContent()) ?? '';
    const password = (await page.getByTestId('demo-password').textContent()) ?? '';
    assert.match(email, /@/);
    assert.ok(password.length >= 10, 'a usable password is shown');
    await harness.screenshot(page, 'demo-credentials');
    // The credentials box holds its text on a desktop and on a phone: nothing runs past its edge (issue 13 §11).
    const credentials = page.getByRole('alert').filter({ hasText: 'Write these down' });
    for (const width of [1360, 390]) {
      await page.setViewportSize({ width, height: 900 });
      assert.deepEqual(
        await clippedIn(credentials),
        [],
        `nothing clipped in the credentials box at ${width}px`,
      );
    }
    await harness.screenshot(page, 'demo-credentials-phone');
    await page.setViewportSize({ width: 1360, height: 900 });

    await page.getByRole('button', { name: 'Continue to Trellis' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByText('Demo', { exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Waiting for you', exact: true }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory' }).click();
    await page.waitForURL('**/people');
    await page.getByText(/^Showing 1–25 of \d+ people$/).waitFor();
    await harness.screenshot(page, 'demo-directory');

    // The shown credentials work.
    const visitor = await harness.newPage();
    const signIn = await visitor.page.request.post('/api/auth/sign-in', { data: { email, password } });
    assert.equal(signIn.status(), 200);

    // The demo admin mentors in the running program: months of workspace history, and a switcher between mentees.
    await page.goto('/mentoring/relationships');
    await page
      .getByRole('link', { name: /^Open workspace/ })
      .first()
      .click();
    await page.waitForURL(/\/mentoring\/relationships\/[0-9a-f-]{36}$/);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.filter({ hasText: /^Mentoring / }).waitFor();
    const first = await heading.textContent();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline
      .getByText(/Meeting held/)
      .first()
      .waitFor();
    const scanner = axeScanner(harness, 'demo');
    const scan = (label: string) => scanner.scan(page, label);
    await scan('workspace-overview');
    const switcher = page.getByRole('textbox', { name: 'Switch relationship' });
    await switcher.click();
    const options = page.getByRole('option');
    assert.ok((await options.count()) >= 2, 'the demo admin has several mentees to switch between');
    await switcher.press('ArrowDown');
    await switcher.press('Enter');
    await page.waitForFunction((before) => document.querySelector('h1')?.textContent !== before, first);
    assert.notEqual(await heading.textContent(), first);
    // Badges are never cut to "Do…": on the workspace overview (goal badges) and on the program cards.
    await page.getByRole('region', { name: 'Goals' }).waitFor();
    assert.deepEqual(await clippedBadges(page), [], 'no badge cut on the workspace overview');
    await page.getByRole('tab', { name: 'Meetings' }).click();
    await page.getByRole('heading', { name: 'Meetings' }).waitFor();
    await scan('workspace-meetings');
    await page.goto('/programs');
    await page.getByRole('heading', { level: 1, name: 'Programs' }).waitFor();
    await page.locator('.program-card').first().waitFor();
    for (const width of [1360, 1000, 390]) {
      await page.setViewportSize({ width, height: 900 });
      // The grid re-lays itself out after a resize (its columns follow the width): wait for it before the screenshot.
      const clipped = await clippedBadges(page);
      await page.screenshot({ path: `${resultsDir}/demo-program-cards-${width}.png` });
      assert.deepEqual(clipped, [], `no badge cut on the program cards at ${width}px`);
    }
    await page.setViewportSize({ width: 1360, height: 900 });
    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(page, 'failure-demo').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
});

/** Texts of the elements inside `box` that run past its right edge (clipped by it), if any. */
async function clippedIn(box: Locator): Promise<string[]> {
  return box.evaluate((element) => {
    const edge = element.getBoundingClientRect().right + 0.5;
    return [...element.querySelectorAll('*')]
      .filter((node) => node.getBoundingClientRect().right > edge)
      .map((node) => node.textContent ?? '');
  });
}
