import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, axeScanner, type Harness, startHarness } from './harness.ts';
import { createProgram, transition } from './program-seed.ts';

/**
 * Two people of the same name told apart wherever staff pick or list people (issue 13 §10): the directory, the
 * add-people picker of a program and its enrolments table show a second line (title · department · email).
 */

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

const csv = [
  'Employee ID,Full Name,Work Email,Job Title,Department,Level',
  'N1,Alex Morgan,alex.morgan@acme.test,Data Engineer,Platform,4',
  'N2,Alex Morgan,alex.morgan.sales@acme.test,Account Manager,Sales,5',
  'N3,Jordan Lee,jordan.lee@acme.test,Designer,Product,3',
].join('\n');

test('namesakes have a second line in the directory, the add-people picker and the enrolments table', async () => {
  const scanner = axeScanner(harness, 'namesakes');
  const { page } = await harness.newPage();
  try {
    const setup = await page.request.post('/api/setup', { data: admin });
    assert.ok(setup.ok(), `setup answered ${setup.status()}`);
    const imported = await page.request.post('/api/people/imports?wait=true&fileName=namesakes.csv', {
      headers: { 'Content-Type': 'text/csv' },
      data: csv,
    });
    assert.ok(imported.ok(), `import answered ${imported.status()}: ${await imported.text()}`);
    const program = await createProgram(page.request, {
      name: 'Data Circles',
      description: 'Mentoring for data people.',
      type: 'one_to_one',
      matchingMode: 'admin',
    });
    await transition(page.request, program.id, 'enrolling');

    // The directory: the email under each name.
    await page.goto('/people?q=Alex%20Morgan');
    const people = page.getByRole('table', { name: 'People' });
    await people.getByText('alex.morgan@acme.test').waitFor();
    await people.getByText('alex.morgan.sales@acme.test').waitFor();

    // The add-people picker: both Alex Morgans, each with what tells them apart.
    await page.goto(`/programs/${program.id}/enrolments`);
    await page.getByRole('button', { name: 'Add people' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add people to the program' });
    const picker = dialog.getByRole('textbox', { name: 'People' });
    await picker.fill('Alex Morgan');
    const engineer = page.getByRole('option', {
      name: /Alex Morgan.*Data Engineer · Platform · alex\.morgan@acme\.test/,
    });
    const sales = page.getByRole('option', {
      name: /Alex Morgan.*Account Manager · Sales · alex\.morgan\.sales@acme\.test/,
    });
    await engineer.waitFor();
    await sales.waitFor();
    await scanner.scan(page, '01-picker');
    await engineer.click();
    // The pill of the one picked says which Alex Morgan it is.
    await dialog.getByText('Alex Morgan — Data Engineer').waitFor();
    await dialog.getByRole('button', { name: 'Add 1 person' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The enrolments table: the second line under the name.
    const row = page.getByRole('row').filter({ hasText: 'Alex Morgan' });
    await row.getByText('Data Engineer · Platform · alex.morgan@acme.test').waitFor();
    await scanner.scan(page, '02-enrolments');
  } catch (error) {
    await harness.screenshot(page, 'failure-namesakes').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
  scanner.assertNone();
});
