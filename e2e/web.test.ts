import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { admin, badCsv, type Harness, sampleCsv, startHarness } from './harness.ts';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

async function uploadCsv(page: Page, name: string, csv: string) {
  await page
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
}

test('first run, sign out and in, import a CSV with a bad row, then find a person and their manager chain', async () => {
  const { page } = await harness.newPage();
  try {
    await page.goto('/');
    await page.waitForURL('**/setup');
    await page.getByRole('heading', { name: 'Create your organisation' }).waitFor();
    assert.equal(await page.title(), 'Welcome · Trellis');
    await harness.screenshot(page, '01-first-run');

    await page.getByLabel('Organisation name').fill(admin.organisationName);
    await page.getByLabel('Your name').fill(admin.adminName);
    await page.getByLabel('Work email').fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole('button', { name: 'Create organisation' }).click();

    // The new admin lands on their home, which points to the first step: importing people.
    await page.waitForURL((url) => url.pathname === '/');
    await page
      .getByRole('region', { name: 'Your programs' })
      .getByRole('link', { name: 'Import people' })
      .waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory' }).click();
    await page.waitForURL('**/people');
    await page.getByRole('heading', { name: 'No people yet — import your HRIS export' }).waitFor();
    await page.getByText(admin.organisationName).first().waitFor();
    await harness.screenshot(page, '02-directory-empty');

    // Sign out, then back in.
    await page.getByRole('button', { name: new RegExp(`${admin.adminName}.*account menu`) }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByLabel(/^Email/).fill(admin.email);
    await page.getByLabel(/^Password/).fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    await harness.screenshot(page, '03-sign-in-error');
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signing in lands on the home.
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { name: 'Waiting for you', exact: true }).waitFor();

    // Import: a file with one bad row is refused with its line number…
    await page.getByRole('link', { name: 'Import people' }).first().click();
    await page.waitForURL('**/import');
    await harness.screenshot(page, '04-import-upload');
    await uploadCsv(page, 'acme-bad.csv', badCsv);
    await page.getByRole('heading', { name: 'Map columns' }).waitFor();
    const preview = page.getByTestId('import-preview');
    await preview.getByText('Olivia Chen').waitFor();
    assert.equal(await page.getByTestId('mapping-email').inputValue(), 'Work Email');
    assert.equal(await page.getByTestId('mapping-managerEmail').inputValue(), 'Manager Email');
    await harness.screenshot(page, '05-import-mapping');
    await page.getByRole('button', { name: /^Check 5 rows$/ }).click();
    await page.getByRole('heading', { name: 'Rows with problems' }).waitFor();
    const errors = page.getByTestId('import-errors');
    const errorRow = errors.locator('tbody tr').first();
    assert.equal((await errorRow.locator('td').first().textContent())?.trim(), '6');
    assert.match((await errorRow.textContent()) ?? '', /email/i);
    await harness.screenshot(page, '06-import-errors');

    // …and a corrected file passes the check and is imported.
    await page.getByRole('button', { name: 'Upload a corrected file' }).click();
    await uploadCsv(page, 'acme.csv', sampleCsv);
    await page.getByRole('heading', { name: 'Map columns' }).waitFor();
    await page.getByRole('button', { name: /^Check 5 rows$/ }).click();
    await page.getByText('Every row is valid').waitFor();
    await harness.screenshot(page, '07-import-check-ok');
    await page.getByRole('button', { name: 'Import 5 people' }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 30_000 });
    const counts = (await page.getByTestId('import-counts').textContent()) ?? '';
    assert.match(counts, /Created\s*5/);
    assert.match(counts, /Updated\s*0/);
    await harness.screenshot(page, '08-import-done');

    // Directory: search, open a person, see who they report to up to the top.
    await summary.getByRole('link', { name: 'Open the directory' }).click();
    await page.waitForURL('**/people');
    await page.getByRole('link', { name: 'Olivia Chen' }).waitFor();
    await harness.screenshot(page, '09-directory');
    await page.getByLabel('Search people').fill('Tom');
    await page.waitForURL(/q=Tom/);
    await page.getByText('Showing 1–1 of 1 person').waitFor();
    await page.getByRole('link', { name: 'Tom Novak' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tom Novak' }).waitFor();
    assert.equal(await page.title(), 'Tom Novak · Trellis');
    const chain = page.getByRole('navigation', { name: 'Reporting line' });
    const chainText = (await chain.textContent()) ?? '';
    assert.match(chainText, /Olivia Chen[\s\S]*Marcus Reed[\s\S]*Priya Patel[\s\S]*Tom Novak/);
    await harness.screenshot(page, '10-person');

    // Back returns to the filtered directory.
    await page.goBack();
    await page.waitForURL(/q=Tom/);
    assert.equal(await page.getByLabel('Search people').inputValue(), 'Tom');
  } catch (error) {
    await harness.screenshot(page, 'failure-main-flow').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
});

test('keyboard only: skip link, tab to the search box, open a person with Enter', async () => {
  const { page } = await harness.newPage();
  // Sign in through the API: this test is about the keyboard, not the form.
  const response = await page.request.post('/api/auth/sign-in', {
    data: { email: admin.email, password: admin.password },
  });
  assert.equal(response.status(), 200);
  await page.goto('/people');
  await page.getByRole('link', { name: 'Marcus Reed' }).waitFor();

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  assert.equal(await skip.evaluate((element) => element === document.activeElement), true);
  await page.keyboard.press('Enter');

  const search = page.getByLabel('Search people');
  for (let presses = 0; presses < 10; presses++) {
    if (await search.evaluate((element) => element === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  assert.equal(
    await search.evaluate((element) => element === document.activeElement),
    true,
    'search box focused',
  );
  await page.keyboard.type('Priya');
  await page.waitForURL(/q=Priya/);
  await page.getByText('Showing 1–1 of 1 person').waitFor();

  const link = page.getByRole('link', { name: 'Priya Patel' });
  for (let presses = 0; presses < 30; presses++) {
    if (await link.evaluate((element) => element === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  assert.equal(
    await link.evaluate((element) => element === document.activeElement),
    true,
    'person link focused',
  );
  await harness.screenshot(page, '11-keyboard-focus');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Priya Patel' }).waitFor();
  assert.match(page.url(), /\/people\/[0-9a-f-]{36}$/);
});
