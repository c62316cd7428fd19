import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, axeScanner, type Harness, startHarness } from './harness.ts';
import { createProgram, createSkills, importPeople, transition } from './program-seed.ts';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

const header = 'email,role,capacity,skills,learning style';
/** One mentor with one place and five mentees, two of them wrong: an unknown email (line 4), an unknown skill (line 5). */
const withErrors = [
  header,
  'amara.okafor@acme.test,mentor,1,System design,visual',
  'kemi.adeyemi@acme.test,mentee,,Public speaking,',
  'nobody@acme.test,mentee,,,',
  'lucas.moreau@acme.test,mentee,,Juggling,',
  'maya.cohen@acme.test,mentee,,,',
  'nikhil.rao@acme.test,mentee,,,reading',
].join('\n');
const corrected = withErrors
  .split('\n')
  .filter((line) => !line.startsWith('nobody'))
  .join('\n')
  .replace('Juggling', 'Roadmapping');

test('an admin enrols people from a CSV (preview with a line to fix, then confirm) and approves the waitlist in bulk', async () => {
  const scanner = axeScanner(harness, 'enrolment-csv');
  const { page } = await harness.newPage();
  const scan = (label: string) => scanner.scan(page, label);
  try {
    const setup = await page.request.post('/api/setup', { data: admin });
    assert.ok(setup.ok(), `setup answered ${setup.status()}: ${await setup.text()}`);
    await importPeople(page.request);
    await createSkills(page.request);
    const program = await createProgram(page.request, { name: 'Launch 2026' });
    await transition(page.request, program.id, 'enrolling');

    await page.goto(`/programs/${program.id}/enrolments`);
    await page.getByRole('heading', { name: 'Nobody has enrolled yet' }).waitFor();
    await page.getByRole('button', { name: 'Import from CSV' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Enrol people from a CSV' });
    await dialog.getByText('What the file needs').waitFor();
    await scan('01-upload');

    // The first file has two lines to fix: nothing can be enrolled, and each problem names its line.
    await dialog.getByLabel('Enrolment CSV file').setInputFiles({
      name: 'launch.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(withErrors),
    });
    await dialog.getByText('2 problems to fix in launch.csv').waitFor();
    const errors = dialog.getByTestId('enrolment-csv-errors');
    const errorRows = errors.locator('tbody tr');
    assert.equal(await errorRows.count(), 2);
    assert.match(
      (await errorRows.nth(0).textContent()) ?? '',
      /^4Email.*Nobody in the directory has the email nobody@acme\.test/,
    );
    assert.match(
      (await errorRows.nth(1).textContent()) ?? '',
      /^5Skills.*“Juggling” is not in your organisation’s skills list/,
    );
    assert.ok(
      await dialog.getByRole('button', { name: 'Enrol', exact: true }).isDisabled(),
      'nothing to confirm',
    );
    await scan('02-preview-errors');

    // The corrected file: five people to add, one mentor place, so three mentees would wait.
    await dialog.getByRole('button', { name: 'Choose another file' }).click();
    await dialog.getByLabel('Enrolment CSV file').setInputFiles({
      name: 'launch-fixed.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(corrected),
    });
    await dialog.getByText('Every line of launch-fixed.csv is valid').waitFor();
    await dialog.getByText('1 mentor · 4 mentees · 3 would wait for a place').waitFor();
    await dialog.getByRole('table', { name: 'Will be added' }).getByText('Kemi Adeyemi').waitFor();
    await scan('03-preview-valid');
    await dialog.getByRole('button', { name: 'Enrol 5 people' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('5 people enrolled, 3 on the waitlist.').waitFor();
    const table = page.getByRole('table', { name: 'Enrolments' });
    for (const name of ['Amara Okafor', 'Kemi Adeyemi', 'Lucas Moreau', 'Maya Cohen', 'Nikhil Rao'])
      await table.getByRole('link', { name }).waitFor();
    await page.getByText('5 enrolments', { exact: true }).waitFor();
    await scan('04-enrolled');

    // The waitlist, approved in one go from the table, with the keyboard.
    await page.getByRole('textbox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Waitlisted' }).click();
    await page.getByText('3 enrolments', { exact: true }).waitFor();
    const selectPage = page.getByRole('checkbox', { name: 'Select every enrolment on this page' });
    await selectPage.focus();
    await page.keyboard.press('Space');
    const bar = page.getByRole('region', { name: 'Decide on the selected enrolments' });
    await bar.getByText('3 enrolments selected').waitFor();
    await scan('05-selected');
    await bar.getByRole('button', { name: 'Approve' }).click();
    const confirm = page.getByRole('dialog', { name: 'Approve 3 enrolments?' });
    await confirm.getByText('3 enrolments will be approved.').waitFor();
    await confirm.getByText(/3 people will be told by email\. 3 have no account yet/).waitFor();
    await scan('06-confirm-approve');
    await confirm.getByRole('button', { name: 'Approve 3 enrolments' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('3 enrolments approved').waitFor();
    await page.getByRole('heading', { name: 'No enrolment matches' }).waitFor();
    await scan('07-approved');

    const approved = await page.request.get(`/api/programs/${program.id}/enrolments?status=approved`);
    assert.equal((await approved.json()).total, 5, 'everyone is in');
    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(page, 'enrolment-csv-failure');
    throw new Error(`${(error as Error).message}\n--- server output ---\n${harness.serverOutput()}`, {
      cause: error,
    });
  }
});
