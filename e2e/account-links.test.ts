import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, axeScanner, type Harness, startHarness } from './harness.ts';
import { acceptInvitation, importPeople, invitationToken, selfSelect } from './program-seed.ts';

/**
 * What a newcomer reads on the first-run form and on one-time links (issue 13 §7, §9): the form's refusals in words
 * (not zod's), a used invitation said in full sentences, and a password reset link checked as soon as its page opens
 * — a bad or used one is reported before anyone fills the form.
 */

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

test('first-run refusals in words; a used invitation and a bad or used reset link said at once', async () => {
  const scanner = axeScanner(harness, 'account-links');
  const { page } = await harness.newPage();
  const visitor = await harness.newPage();
  const stranger = await harness.newPage();
  try {
    // The first-run form, filled carelessly: each field says what is wrong in words.
    await page.goto('/');
    await page.getByRole('heading', { name: 'Create your organisation' }).waitFor();
    await page.getByLabel('Organisation name').fill('A');
    await page.getByLabel('Your name').fill(admin.adminName);
    await page.getByLabel('Work email').fill(admin.email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.getByText('Must be at least 2 characters').waitFor();
    await page.getByText('Must be at least 10 characters').waitFor();
    const text = await page.evaluate(() => document.body.textContent ?? '');
    assert.doesNotMatch(
      text,
      /Too small|expected string|>=|organisationName/,
      'no zod wording, no field names',
    );
    await scanner.scan(page, '01-first-run-refused');
    await page.getByLabel('Organisation name').fill(admin.organisationName);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // An invitation already accepted, opened again: full sentences.
    await importPeople(page.request);
    const token = await invitationToken(page.request, selfSelect.mentee.email);
    await acceptInvitation(visitor.page.request, token, selfSelect.mentee.password);
    await stranger.page.goto(`/invitations/${token}`);
    await stranger.page.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();
    await stranger.page
      .getByText(
        'This invitation link has already been used or replaced. Invitations expire after a few days and work once',
      )
      .waitFor();
    await scanner.scan(stranger.page, '02-used-invitation');

    // A made-up reset link: said when the page opens, with no form to fill first.
    await stranger.page.goto(`/reset-password/${'x'.repeat(43)}`);
    await stranger.page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    await stranger.page
      .getByText(/This password reset link is not valid; check that you copied all of it\./)
      .waitFor();
    assert.equal(await stranger.page.getByLabel(/^New password/).count(), 0, 'no form for a bad link');
    await scanner.scan(stranger.page, '03-bad-reset-link');

    // A real reset link: the page names the account; opening it does not use it up, using it does.
    const users = (await (await page.request.get('/api/users?pageSize=100')).json()) as {
      items: { id: string; email: string }[];
    };
    const sofia = users.items.find((user) => user.email === selfSelect.mentee.email);
    assert.ok(sofia, 'Sofia has an account');
    const issued = (await (await page.request.post(`/api/users/${sofia.id}/password-reset`)).json()) as {
      link: { url: string } | null;
    };
    assert.ok(issued.link, 'without SMTP the admin is given the link');
    const resetPath = new URL(issued.link.url).pathname;
    await stranger.page.goto(resetPath);
    await stranger.page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    assert.equal(await stranger.page.getByLabel('Email').inputValue(), selfSelect.mentee.email);
    await scanner.scan(stranger.page, '04-reset-form');
    await stranger.page.reload();
    await stranger.page.getByLabel(/^New password/).fill('a brand new passphrase');
    await stranger.page.getByLabel(/^Repeat the new password/).fill('a brand new passphrase');
    await stranger.page.getByRole('button', { name: 'Save password' }).click();
    await stranger.page.waitForURL('**/sign-in?reset=done');
    await stranger.page.goto(resetPath);
    await stranger.page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    await stranger.page
      .getByText('This password reset link has already been used or replaced. Password reset links work once')
      .waitFor();
  } catch (error) {
    await harness.screenshot(page, 'failure-account-links').catch(() => {});
    await harness.screenshot(stranger.page, 'failure-account-links-visitor').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
  scanner.assertNone();
});
