import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Me } from '../src/contracts/accounts.contracts.ts';
import type { MailSummary } from '../src/contracts/mailbox.contracts.ts';
import type { PersonListResponse } from '../src/contracts/people.contracts.ts';
import type { ProgramListResponse } from '../src/contracts/programs.contracts.ts';
import type { BulkInvitationPreview, PendingInvitations } from '../src/contracts/users.contracts.ts';
import { axeScanner, type Harness, startHarness } from './harness.ts';
import { ok } from './program-seed.ts';

/**
 * Onboarding at scale (issue 13 §1) in the demo organisation. An admin invites a pasted list of emails (a bad line
 * is named first), finds the invited people with the status filter and their invitations in the mailbox (links
 * hidden), resends to everyone who has not accepted, then invites everyone enrolled in a program: so many that a
 * background job sends them while the page shows its progress. On a program open for enrolment, the admin sends the
 * launch email to a list (an address of nobody is pointed out), reads it in the built-in mailbox — with the link to
 * enrol, and an invitation for someone who cannot sign in yet — and is not offered to send it twice unless they ask.
 * Axe on every screen.
 */

let harness: Harness;
let page: Page;
let me: Me;

before(async () => {
  harness = await startHarness();
  page = (await harness.newPage()).page;
  const demo = await page.request.post('/api/setup/demo');
  assert.equal(demo.status(), 201, await demo.text());
  me = await ok<Me>(await page.request.get('/api/auth/me'), 'me');
});

after(async () => {
  await harness?.close();
});

async function mailTo(address: string, subject: RegExp): Promise<MailSummary[]> {
  const inbox = await ok<{ items: MailSummary[] }>(
    await page.request.get(`/api/mailbox?to=${encodeURIComponent(address)}&pageSize=50`),
    'mailbox',
  );
  return inbox.items.filter((mail) => subject.test(mail.subject));
}

/** Open the message to `address` whose subject matches, in the mailbox page, and return its plain text. */
async function readInMailbox(address: string, subject: RegExp): Promise<string> {
  await page.goto('/mailbox');
  await page.getByLabel('Filter by recipient').fill(address);
  const list = page.locator('[aria-labelledby="messages-heading"]');
  // The list may still show every message for a moment: pick the item for this recipient and subject.
  await list.locator('li').filter({ hasText: address }).filter({ hasText: subject }).first().click();
  await page.locator('#message-subject').waitFor();
  await page.getByRole('tab', { name: 'Plain text' }).click();
  return ((await page.locator('pre.mail-text').textContent()) ?? '').trim();
}

test('an admin invites a list and a whole program at once, finds who has not accepted, and resends', async () => {
  const scanner = axeScanner(harness, 'invitations');
  try {
    const design = await ok<PersonListResponse>(
      await page.request.get('/api/people?department=Design&pageSize=2&sort=name'),
      'Design people',
    );
    const listed = design.items[0]!;
    const newcomer = 'nova.newcomer@example.com';

    await page.goto('/users');
    await page.getByRole('heading', { name: 'Team & invitations' }).waitFor();
    await scanner.scan(page, 'users');

    // ── A pasted list: a bad line is named, then the count of who gets an invitation ─────────────────────────
    await page.getByRole('button', { name: 'Invite in bulk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite people in bulk' });
    await dialog.getByText('A list of emails', { exact: true }).click();
    const addresses = dialog.getByLabel('Email addresses');
    await addresses.fill(`${listed.email}\nnot-an-address\n${newcomer}, Nova Newcomer\n${me.email}`);
    await dialog.getByText('Line 2: “not-an-address” is not an email address').waitFor();
    assert.ok(
      await dialog.getByRole('button', { name: 'Send invitations' }).isDisabled(),
      'nothing to send yet',
    );
    await scanner.scan(page, 'bulk-list-errors');
    await addresses.fill(`${listed.email}\n${newcomer}, Nova Newcomer\n${me.email}`);
    await dialog.getByRole('heading', { name: '2 people will be invited' }).waitFor();
    await dialog.getByText('1 person already has an account.').waitFor();
    await dialog.getByText(`${listed.name}, Nova Newcomer.`).waitFor();
    await scanner.scan(page, 'bulk-list-preview');
    await dialog.getByRole('button', { name: 'Send 2 invitations' }).click();
    await page.getByText(/^2 invitations sent\. No mail server is set up/).waitFor();

    // ── The status filter shows who has not accepted; their invitations wait in the mailbox, links hidden ────
    await page.getByRole('textbox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Invited, not accepted yet' }).click();
    await page.waitForURL(/status=invited/);
    const accounts = page.getByRole('table', { name: 'Accounts' });
    await page.getByText('2 accounts', { exact: true }).waitFor();
    await accounts.getByText(newcomer).waitFor();
    await accounts.getByText(listed.email).waitFor();
    assert.equal(await accounts.getByText(me.email).count(), 0, 'the active admin is filtered out');
    await accounts
      .getByText(/^Link works until /)
      .first()
      .waitFor();
    await scanner.scan(page, 'users-invited');
    assert.equal((await mailTo(newcomer, /invited you to join/)).length, 1);
    const invitation = await readInMailbox(newcomer, /invited you to join/);
    assert.match(invitation, /Link hidden: only the recipient can use it/);
    assert.doesNotMatch(invitation, /\/invitations\//, 'no usable link in the mailbox');

    // ── Resend to everyone who has not accepted ──────────────────────────────────────────────────────────────
    await page.goto('/users');
    const pending = await ok<PendingInvitations>(
      await page.request.get('/api/users/invitations/pending'),
      'pending',
    );
    await page.getByText(`${pending.pending} invitations are not accepted yet`).waitFor();
    await page.getByRole('button', { name: 'Resend invitations' }).click();
    const resend = page.getByRole('dialog', { name: 'Resend invitations' });
    await resend.getByLabel(`Everyone who has not accepted (${pending.pending} people)`).check();
    await scanner.scan(page, 'resend');
    await resend.getByRole('button', { name: `Resend ${pending.pending} invitations` }).click();
    await page.getByText(new RegExp(`^${pending.pending} invitations sent again\\.`)).waitFor();
    assert.equal((await mailTo(newcomer, /invited you to join/)).length, 2, 'a second invitation went');

    // ── A whole program: more than a request sends, so a background job does, with progress ─────────────────
    const programs = await ok<ProgramListResponse>(
      await page.request.get('/api/programs?pageSize=50'),
      'programs',
    );
    const leadership = programs.items.find((program) => program.name === 'Engineering Leadership 2027');
    assert.ok(leadership, 'the demo has Engineering Leadership 2027');
    const expected = await ok<BulkInvitationPreview>(
      await page.request.post('/api/users/invitations/bulk/preview', {
        data: { audience: { source: 'program', programId: leadership.id } },
      }),
      'preview',
    );
    assert.ok(expected.runsInBackground, 'the program is large enough for the background');
    await page.getByRole('button', { name: 'Invite in bulk' }).click();
    await dialog.getByRole('textbox', { name: 'Program', exact: true }).click();
    await page.getByRole('option', { name: 'Engineering Leadership 2027' }).click();
    await dialog.getByRole('heading', { name: `${expected.toInvite} people will be invited` }).waitFor();
    await dialog.getByText('That is a lot of email: it is sent in the background.').waitFor();
    await scanner.scan(page, 'bulk-program-preview');
    await dialog.getByRole('button', { name: `Send ${expected.toInvite} invitations` }).click();
    await page.getByText(`${expected.toInvite} invitations will be sent in the background`).waitFor();
    // The "sent" notice closes itself after a few seconds: watch for it from now on, while the progress is scanned.
    const sent = page.getByText(`${expected.toInvite} invitations sent.`).waitFor({ timeout: 60_000 });
    const progress = page.getByRole('progressbar', { name: 'Sending invitations' });
    await progress.waitFor({ timeout: 10_000 }).catch(() => {});
    if (await progress.isVisible()) await scanner.scan(page, 'bulk-program-progress');
    await sent;
    const after = await ok<PendingInvitations>(
      await page.request.get('/api/users/invitations/pending'),
      'pending',
    );
    assert.equal(after.pending, pending.pending + expected.toInvite);
    await page.getByText(`${after.pending} invitations are not accepted yet`).waitFor();
    await scanner.scan(page, 'users-after-program');

    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(page, 'failure-invitations').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
});

test('staff send a program’s launch email to a list, read it in the mailbox, and are not offered to send it twice', async () => {
  const scanner = axeScanner(harness, 'launch-email');
  try {
    const programs = await ok<ProgramListResponse>(
      await page.request.get('/api/programs?pageSize=50'),
      'programs',
    );
    const circle = programs.items.find((program) => program.status === 'enrolling');
    assert.ok(circle, 'the demo has a program open for enrolment');
    const mine = await ok<{ items: { programId: string }[] }>(
      await page.request.get('/api/me/enrolments'),
      'mine',
    );
    assert.ok(!mine.items.some((item) => item.programId === circle.id), 'the admin is not enrolled in it');
    // Someone of the directory who cannot sign in yet (invited in the first test), and the signed-in admin.
    const invited = await ok<{ items: { email: string; personId: string | null }[] }>(
      await page.request.get('/api/users?status=invited&pageSize=50'),
      'invited accounts',
    );
    const enrolled = await ok<{ items: { personId: string }[] }>(
      await page.request.get(`/api/programs/${circle.id}/enrolments?pageSize=200`),
      'enrolments',
    );
    const taken = new Set(enrolled.items.map((item) => item.personId));
    const newcomer = invited.items.find((item) => item.personId && !taken.has(item.personId));
    assert.ok(newcomer, 'an invited person not enrolled in the program');
    const list = `email\n${newcomer.email}\n${me.email}\nnobody@example.com\n`;

    await page.goto(`/programs/${circle.id}`);
    await page.getByText('Enrolment is open: let people know').waitFor();
    await scanner.scan(page, 'program-prompt');
    await page.getByRole('button', { name: 'Write the launch email' }).click();
    const dialog = page.getByRole('dialog', { name: `Launch email: ${circle.name}` });
    await dialog.getByRole('heading', { name: /people will get it$/ }).waitFor();
    await scanner.scan(page, 'everyone');
    await dialog.getByText('A list of emails', { exact: true }).click();
    await dialog.getByLabel('Email addresses').fill(list);
    await dialog.getByRole('heading', { name: '2 people will get it' }).waitFor();
    await dialog.getByText('2 by email (1 person without an account gets an invitation with it).').waitFor();
    await dialog
      .getByText('1 address is nobody in the directory (line 4): add them to the directory first.')
      .waitFor();
    await dialog.getByLabel('A few words from you').fill('Spring cohort: we would love to have you.');
    await scanner.scan(page, 'list-preview');
    await dialog.getByRole('button', { name: 'Send to 2 people' }).click();
    await page.getByText('2 people told that enrolment is open.').waitFor();
    await page.getByText(/^Launch email sent to 2 people, last on .* by /).waitFor();
    await scanner.scan(page, 'program-sent');

    // The emailer sends them as notices: they reach the mailbox within moments.
    const subject = new RegExp(`${circle.name} is open for enrolment`);
    for (let tries = 0; tries < 100 && (await mailTo(me.email, subject)).length === 0; tries++)
      await page.waitForTimeout(200);
    const toAdmin = await readInMailbox(me.email, subject);
    assert.match(toAdmin, /Spring cohort: we would love to have you\./);
    assert.match(toAdmin, /Enrol now/);
    assert.ok(toAdmin.includes(`/mentoring/programs/${circle.id}/enrol`), 'a link to the enrolment form');
    await scanner.scan(page, 'mailbox-launch');
    for (let tries = 0; tries < 100 && (await mailTo(newcomer.email, subject)).length === 0; tries++)
      await page.waitForTimeout(200);
    const toNewcomer = await readInMailbox(newcomer.email, subject);
    assert.match(toNewcomer, /you don’t have one yet/);
    assert.match(toNewcomer, /Invitation link hidden: only the recipient can use it/);
    assert.ok(toNewcomer.includes(`/mentoring/programs/${circle.id}/enrol`), 'where to enrol once signed in');

    // Not twice, unless asked.
    await page.goto(`/programs/${circle.id}`);
    await page.getByRole('button', { name: 'Send launch email' }).click();
    await dialog.getByText('A list of emails', { exact: true }).click();
    await dialog.getByLabel('Email addresses').fill(list);
    await dialog.getByRole('heading', { name: 'Nobody here would get it' }).waitFor();
    await dialog.getByText('2 people got it already.').waitFor();
    assert.ok(await dialog.getByRole('button', { name: 'Send the launch email' }).isDisabled());
    await dialog.getByLabel(/^Send it again to people who already got it/).check();
    await dialog.getByRole('heading', { name: '2 people will get it' }).waitFor();
    await scanner.scan(page, 'resend-preview');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(page, 'failure-launch-email').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
});
