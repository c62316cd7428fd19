import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Harness, startHarness } from './harness.ts';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

test('explore with demo data: the credentials are shown, then the demo directory opens signed in', async () => {
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
    await page.waitForURL('**/people');
    await page.getByText('Demo', { exact: true }).waitFor();
    await page.getByText(/^Showing 1–25 of \d+ people$/).waitFor();
    await harness.screenshot(page, 'demo-directory');

    // The shown credentials work.
    const visitor = await harness.newPage();
    const signIn = await visitor.page.request.post('/api/auth/sign-in', { data: { email, password } });
    assert.equal(signIn.status(), 200);
  } catch (error) {
    await harness.screenshot(page, 'failure-demo').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
});
