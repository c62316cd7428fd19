import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { axeScanner, type Harness, startHarness } from './harness.ts';
import { acceptInvitation, invitationToken, ok } from './program-seed.ts';

/**
 * The home in the demo organisation: the demo admin (who also mentors) lands on it and sees their programs' needs
 * and follows one to the program's tab; one of their mentees, invited and signed in, lands on it, sees the
 * agreement waiting for their signature and follows it with the keyboard to the agreement. Axe on both homes.
 */

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

/** Press Tab until `target` has the keyboard focus: proves it is reachable without a mouse. */
async function tabTo(page: Page, target: Locator, what: string, maxPresses = 60): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`${what} could not be reached with Tab in ${maxPresses} presses`);
}

test('the demo admin and a mentee land on their homes, see what waits for them and follow it', async () => {
  const scanner = axeScanner(harness, 'home');
  const { page } = await harness.newPage();
  const mentee = await harness.newPage();
  try {
    // The demo admin: explore with demo data, continue, land on the home.
    await page.goto('/');
    await page.getByRole('button', { name: 'Explore with demo data' }).click();
    await page.getByRole('heading', { name: 'Your demo is ready' }).waitFor({ timeout: 60_000 });
    const adminName = (await ok<{ name: string }>(await page.request.get('/api/auth/me'), 'me')).name;
    await page.getByRole('button', { name: 'Continue to Trellis' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page
      .getByRole('heading', { level: 1, name: new RegExp(`, ${adminName.split(' ')[0]}$`) })
      .waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(
      await nav.getByRole('link').first().textContent(),
      'Home',
      'Home comes first in the navigation',
    );

    const waiting = page.getByRole('region', { name: 'Waiting for you' });
    await waiting.getByRole('link', { name: /^Sign your mentoring agreement with / }).waitFor();
    const programs = page.getByRole('region', { name: 'Your programs' });
    const circle = programs.getByTestId('home-program').filter({ hasText: 'Product Mentoring Circle' });
    await circle
      .getByRole('link', { name: '1 request waits more than 3 days for a mentor’s answer' })
      .waitFor();
    const approvals = circle.getByRole('link', { name: '2 enrolments to approve' });
    await approvals.waitFor();
    await programs
      .getByTestId('home-program')
      .filter({ hasText: 'Engineering Leadership 2027' })
      .getByRole('link', { name: '1 rematch request to answer' })
      .waitFor();
    await page
      .getByRole('region', { name: 'Your mentoring' })
      .getByTestId('home-relationship')
      .first()
      .waitFor();
    await scanner.scan(page, 'admin');

    // A need leads to the program's tab where it is done.
    await approvals.click();
    await page.waitForURL(/\/programs\/[0-9a-f-]{36}\/enrolments$/);
    await page.getByRole('tab', { name: 'Enrolments', selected: true }).waitFor();

    // One of the admin's mentees (the first by email, as the demo seeds it) is invited and signs in.
    const mine = await ok<{ items: { myRole: string; partner: { personId: string; name: string } }[] }>(
      await page.request.get('/api/me/relationships?state=current'),
      'my relationships',
    );
    const people = await Promise.all(
      mine.items
        .filter((item) => item.myRole === 'mentor')
        .map(async (item) =>
          ok<{ email: string; name: string }>(
            await page.request.get(`/api/people/${item.partner.personId}`),
            'mentee',
          ),
        ),
    );
    const [first] = people.sort((a, b) => a.email.localeCompare(b.email));
    assert.ok(first, 'the demo admin mentors somebody');
    const password = 'a demo mentee password';
    const helper = await harness.newPage();
    await acceptInvitation(helper.page.request, await invitationToken(page.request, first.email), password);

    await mentee.page.goto('/');
    await mentee.page.waitForURL('**/sign-in');
    await mentee.page.getByLabel(/^Email/).fill(first.email);
    await mentee.page.getByLabel(/^Password/).fill(password);
    await mentee.page.getByRole('button', { name: 'Sign in' }).click();
    await mentee.page.waitForURL((url) => url.pathname === '/');
    const item = mentee.page
      .getByRole('region', { name: 'Waiting for you' })
      .getByRole('link', { name: `Sign your mentoring agreement with ${adminName}` });
    await item.waitFor();
    await mentee.page.getByText(`${adminName.split(' ')[0]} has signed version`).waitFor();
    const card = mentee.page.getByRole('region', { name: 'Your mentoring' }).getByTestId('home-relationship');
    await card.filter({ hasText: adminName }).getByText('Your mentor').waitFor();
    await scanner.scan(mentee.page, 'mentee');

    // With the keyboard: Tab to the item and follow it to the agreement, ready to sign.
    await mentee.page.locator('body').click({ position: { x: 5, y: 5 } });
    await tabTo(mentee.page, item, 'the waiting agreement');
    await mentee.page.keyboard.press('Enter');
    await mentee.page.waitForURL(/\/mentoring\/relationships\/[0-9a-f-]{36}\/agreement$/);
    await mentee.page.getByRole('button', { name: 'Sign as mentee' }).waitFor();
    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(page, 'failure-home-admin').catch(() => {});
    await harness.screenshot(mentee.page, 'failure-home-mentee').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
});
