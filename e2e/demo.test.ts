import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeScanner, type Harness, startHarness } from './harness.ts';

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

    await page.getByRole('button', { name: 'Continue to Trellis' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByText('Demo', { exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Waiting for you' }).waitFor();
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
    await page.getByRole('tab', { name: 'Meetings' }).click();
    await page.getByRole('heading', { name: 'Meetings' }).waitFor();
    await scan('workspace-meetings');
    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(page, 'failure-demo').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
});
