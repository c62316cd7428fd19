import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, axeScanner, badCsv, type Harness, sampleCsv, startHarness } from './harness.ts';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

test('every page has no serious or critical axe violation', async () => {
  const scanner = axeScanner(harness, 'a11y');
  const scan = scanner.scan;

  const { page } = await harness.newPage();
  try {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Create your organisation' }).waitFor();
    await scan(page, 'first-run');

    // Set up through the API so the rest of the pages have data to show.
    const setup = await page.request.post('/api/setup', { data: admin });
    assert.ok(setup.ok(), `setup answered ${setup.status()}: ${await setup.text()}`);
    const imported = await page.request.post('/api/people/imports?wait=true&fileName=acme.csv', {
      headers: { 'Content-Type': 'text/csv' },
      data: sampleCsv,
    });
    assert.ok(imported.ok(), `import answered ${imported.status()}: ${await imported.text()}`);
    const invited = await page.request.post('/api/users/invitations', {
      data: { email: 'marcus@acme.test', role: 'member' },
    });
    assert.ok(invited.ok(), `invitation answered ${invited.status()}: ${await invited.text()}`);

    await page.goto('/people');
    await page.getByRole('link', { name: 'Olivia Chen' }).waitFor();
    await scan(page, 'directory');

    await page.getByRole('link', { name: 'Priya Patel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Priya Patel' }).waitFor();
    await scan(page, 'person');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').waitFor();
    await scan(page, 'person-edit');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.goto('/import');
    await page.getByRole('heading', { name: 'Upload a CSV' }).waitFor();
    await scan(page, 'import-upload');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'acme-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(badCsv) });
    await page.getByRole('heading', { name: 'Map columns' }).waitFor();
    await scan(page, 'import-mapping');
    await page.getByRole('button', { name: /^Check \d+ rows$/ }).click();
    await page.getByRole('heading', { name: 'Rows with problems' }).waitFor();
    await scan(page, 'import-check');

    await page.goto('/mailbox');
    await page.getByText('marcus@acme.test').first().waitFor();
    await page.locator('[aria-labelledby="messages-heading"] li a').first().click();
    await page.locator('#message-subject').waitFor();
    // The invitation's link is for Marcus alone: the mailbox shows that it is hidden, and no link to it.
    await page.getByText('Link hidden — only the recipient can use it').waitFor();
    assert.equal(
      await page.locator('a[href*="/invitations/"]').count(),
      0,
      'no invitation link in the mailbox',
    );
    await scan(page, 'mailbox');

    await page.goto('/users');
    await page.getByText('marcus@acme.test').waitFor();
    await scan(page, 'users');
    await page.getByRole('button', { name: 'Invite someone' }).click();
    await page.getByRole('dialog').waitFor();
    await scan(page, 'users-invite');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // Resending the invitation without SMTP shows the admin a one-time link to pass on, once.
    await page.getByRole('button', { name: /^Actions for Marcus/ }).click();
    await page.getByRole('menuitem', { name: 'Resend invitation' }).click();
    const linkDialog = page.getByRole('dialog', { name: /^Invitation link for/ });
    await linkDialog.waitFor();
    await scan(page, 'users-one-time-link');
    const invitationLink = await linkDialog.getByLabel('One-time link').inputValue();
    assert.match(invitationLink, /\/invitations\/[A-Za-z0-9_-]{20,}$/);
    await linkDialog.getByRole('button', { name: 'Done' }).click();
    await linkDialog.waitFor({ state: 'detached' });

    // My account, from the user menu: change password and the devices signed in.
    await page.getByRole('button', { name: /account menu/ }).click();
    await page.getByRole('menuitem', { name: 'My account' }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await page.getByText('This device').waitFor();
    await scan(page, 'account');

    // Pages seen before signing in, in a fresh profile.
    const visitor = await harness.newPage();
    await visitor.page.goto('/people');
    await visitor.page.waitForURL('**/sign-in');
    await visitor.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await scan(visitor.page, 'sign-in');
    await visitor.page.getByRole('link', { name: 'Forgot your password?' }).click();
    await visitor.page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await scan(visitor.page, 'forgot-password');

    // The one-time invitation link the admin passed on: the invitee sets a password and lands on their home.
    const invitee = await harness.newPage();
    await invitee.page.goto(new URL(invitationLink, harness.baseUrl).pathname);
    await invitee.page.getByRole('heading', { name: `Join ${admin.organisationName}` }).waitFor();
    await scan(invitee.page, 'invitation');
    await invitee.page.getByLabel(/^Password/).fill('a long enough password');
    await invitee.page.getByLabel(/^Repeat the password/).fill('a long enough password');
    await invitee.page.getByRole('button', { name: 'Create my account' }).click();
    await invitee.page.waitForURL((url) => url.pathname === '/');
    await invitee.page.getByRole('heading', { name: 'Waiting for you', exact: true }).waitFor();
    const nav = invitee.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'My profile' }).waitFor();
    assert.equal(
      await nav.getByRole('link', { name: 'Import people' }).count(),
      0,
      'members see no admin pages',
    );
    await nav.getByRole('link', { name: 'My profile' }).click();
    // "My profile" is the mentoring profile (issue 13), which links on to the person's directory entry.
    await invitee.page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    await scan(invitee.page, 'my-mentoring-profile');
    await invitee.page.getByRole('link', { name: 'Your directory entry' }).click();
    await invitee.page.getByRole('heading', { level: 1, name: 'Marcus Reed' }).waitFor();
    assert.equal(
      await invitee.page.getByRole('button', { name: 'Edit' }).count(),
      0,
      'members cannot edit people',
    );
    await scan(invitee.page, 'member-profile');

    // The admin resets Marcus's password: asked first, Marcus is signed out, the admin is shown the link once.
    await page.goto('/users');
    await page.getByRole('button', { name: /^Actions for Marcus/ }).click();
    await page.getByRole('menuitem', { name: 'Reset password' }).click();
    const confirmReset = page.getByRole('dialog', { name: "Reset Marcus Reed's password?" });
    await confirmReset.waitFor();
    await scan(page, 'users-reset-confirm');
    await confirmReset.getByRole('button', { name: 'Reset password' }).click();
    const resetDialog = page.getByRole('dialog', { name: 'Password reset link for Marcus Reed' });
    await resetDialog.waitFor();
    await scan(page, 'users-reset-link');
    const resetLink = await resetDialog.getByLabel('One-time link').inputValue();
    assert.match(resetLink, /\/reset-password\/[A-Za-z0-9_-]{20,}$/);
    const signedOut = await invitee.page.request.get('/api/auth/me');
    assert.equal(signedOut.status(), 401, 'Marcus is signed out everywhere');
  } catch (error) {
    await harness.screenshot(page, 'failure-a11y').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }

  scanner.assertNone();
});
