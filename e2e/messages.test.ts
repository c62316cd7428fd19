import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Me } from '../src/contracts/accounts.contracts.ts';
import type { MailMessage, MailSummary } from '../src/contracts/mailbox.contracts.ts';
import type {
  MessagePreferences,
  ProgramMessageSettings,
  ScheduledMessagesPage,
  SentMessagesPage,
} from '../src/contracts/messages.contracts.ts';
import type { ProgramListResponse } from '../src/contracts/programs.contracts.ts';
import { axeScanner, type Harness, startHarness } from './harness.ts';
import { acceptInvitation, invitationToken, ok } from './program-seed.ts';

/**
 * Email and notifications in the demo organisation: a mentee opens their email settings from the bell, changes a
 * category and the digest, reloads and finds both kept; a forged unsubscribe link gets the neutral answer; a real
 * one, read from an email in the mailbox, stops that category without signing in; staff open a program's Messages
 * tab, pause and resume a kind, have a number out of range refused at its field and save one in range, and see what
 * is scheduled and what was sent as the API lists it. Axe on every page.
 */

let harness: Harness;
/** The demo admin (who mentors and runs the demo's programs), signed in. */
let page: Page;
let me: Me;

before(async () => {
  harness = await startHarness();
  page = (await harness.newPage()).page;
  // Explore with demo data and continue into Trellis.
  await page.goto('/');
  await page.getByRole('button', { name: 'Explore with demo data' }).click();
  await page.getByRole('heading', { name: 'Your demo is ready' }).waitFor({ timeout: 60_000 });
  me = await ok<Me>(await page.request.get('/api/auth/me'), 'me');
  await page.getByRole('button', { name: 'Continue to Trellis' }).click();
  await page.waitForURL((url) => url.pathname === '/');
});

after(async () => {
  await harness?.close();
});

/** The one-click token of an email: its List-Unsubscribe header, else the footer's link to the page. */
function unsubscribeToken(mail: MailMessage): string | null {
  const header = mail.headers.find((item) => item.name.toLowerCase() === 'list-unsubscribe');
  const fromHeader = header && /\/api\/unsubscribe\/([^>\s]+)>/.exec(header.value);
  if (fromHeader) return fromHeader[1]!;
  return /\/unsubscribe\/([A-Za-z0-9._~-]+)/.exec(mail.textBody)?.[1] ?? null;
}

/** The choice a category row shows as taken. */
async function chosen(view: Page, rowText: string): Promise<string | null> {
  const row = view.getByRole('listitem').filter({ hasText: rowText });
  return row.getByRole('radio', { checked: true }).getAttribute('value');
}

test('a mentee chooses how they hear; an email’s unsubscribe link works without signing in', async () => {
  const scanner = axeScanner(harness, 'messages');
  const mentee = await harness.newPage();
  const visitor = await harness.newPage();
  try {
    // ── A mentee chooses how they hear about things ──────────────────────────────────────────────────────────
    const mine = await ok<{ items: { myRole: string; partner: { personId: string } }[] }>(
      await page.request.get('/api/me/relationships?state=current'),
      'my relationships',
    );
    const partner = mine.items.find((item) => item.myRole === 'mentor');
    assert.ok(partner, 'the demo admin mentors somebody');
    const person = await ok<{ email: string }>(
      await page.request.get(`/api/people/${partner.partner.personId}`),
      'mentee',
    );
    const password = 'a demo mentee password';
    await acceptInvitation(visitor.page.request, await invitationToken(page.request, person.email), password);
    await mentee.page.goto('/sign-in');
    await mentee.page.getByLabel(/^Email/).fill(person.email);
    await mentee.page.getByLabel(/^Password/).fill(password);
    await mentee.page.getByRole('button', { name: 'Sign in' }).click();
    await mentee.page.waitForURL((url) => url.pathname === '/');

    // From the bell to the settings.
    await mentee.page.getByRole('button', { name: /^Notifications/ }).click();
    await mentee.page.getByRole('link', { name: 'Email and notification settings' }).click();
    await mentee.page.waitForURL('**/account/notifications');
    await mentee.page.getByRole('heading', { level: 1, name: 'Email and notifications' }).waitFor();
    const before = await ok<MessagePreferences>(
      await mentee.page.request.get('/api/me/message-preferences'),
      'preferences',
    );
    assert.equal(before.applies, true, 'a mentee has choices to make');
    const category = before.categories.find((item) => item.channel === 'email');
    assert.ok(category, 'some category is emailed by default');
    await mentee.page.getByText('Security emails always arrive.').waitFor();
    await scanner.scan(mentee.page, 'preferences');

    const row = mentee.page.getByRole('listitem').filter({ hasText: category.label });
    await row.getByText('In the app', { exact: true }).click();
    await mentee.page.getByText(`${category.label}: in Trellis only, no email.`).waitFor();
    await mentee.page
      .getByRole('radiogroup', { name: 'Digest' })
      .getByText('Weekly', { exact: true })
      .click();
    await mentee.page.getByText('Emails that can wait now arrive together, once a week').waitFor();
    await scanner.scan(mentee.page, 'preferences-saved');

    await mentee.page.reload();
    await mentee.page.getByRole('heading', { level: 1, name: 'Email and notifications' }).waitFor();
    await row.getByText(`You changed this. Default: email`).waitFor();
    assert.equal(await chosen(mentee.page, category.label), 'in_app', 'the category’s choice is kept');
    assert.equal(
      await mentee.page
        .getByRole('radiogroup', { name: 'Digest' })
        .getByRole('radio', { checked: true })
        .getAttribute('value'),
      'weekly',
      'the digest choice is kept',
    );

    // ── Unsubscribe links, without signing in ──────────────────────────────────────────────────────────────
    await visitor.page.goto('/unsubscribe/not-a-real-token-at-all.0000');
    await visitor.page.getByRole('heading', { name: 'This link is not valid any more' }).waitFor();
    await visitor.page.getByText('Nothing was changed.').waitFor();
    await scanner.scan(visitor.page, 'unsubscribe-invalid');

    // A real link: the demo emails the admin persona what waits for them; its List-Unsubscribe names the token.
    const inbox = await ok<{ items: MailSummary[] }>(
      await page.request.get(`/api/mailbox?to=${encodeURIComponent(me.email)}&pageSize=50`),
      'mailbox',
    );
    let token: string | null = null;
    for (const summary of inbox.items) {
      const mail = await ok<MailMessage>(await page.request.get(`/api/mailbox/${summary.id}`), 'a message');
      token = unsubscribeToken(mail);
      if (token) break;
    }
    assert.ok(token, `an email to ${me.email} carries an unsubscribe link`);
    const link = await ok<{ category: string; label: string }>(
      await visitor.page.request.get(`/api/unsubscribe/${token}`),
      'the unsubscribe link',
    );
    const topic = link.label.charAt(0).toLowerCase() + link.label.slice(1);

    await visitor.page.goto(`/unsubscribe/${token}`);
    await visitor.page.getByRole('heading', { name: `Stop emails about ${topic}?` }).waitFor();
    await scanner.scan(visitor.page, 'unsubscribe');
    await visitor.page.getByRole('button', { name: 'Stop these emails' }).click();
    await visitor.page
      .getByText(`You will no longer get emails about ${topic}. You still see them in Trellis.`)
      .waitFor();
    await visitor.page.getByRole('link', { name: /email settings/ }).waitFor();
    await scanner.scan(visitor.page, 'unsubscribed');
    const adminPreferences = await ok<MessagePreferences>(
      await page.request.get('/api/me/message-preferences'),
      'the admin’s preferences',
    );
    assert.equal(
      adminPreferences.categories.find((item) => item.category === link.category)?.channel,
      'in_app',
      'the admin no longer gets that category by email',
    );
    // The same link again: nothing left to stop, said plainly.
    await visitor.page.reload();
    await visitor.page.getByRole('heading', { name: 'You already get no email about this' }).waitFor();

    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(mentee.page, 'failure-messages-mentee').catch(() => {});
    await harness.screenshot(visitor.page, 'failure-messages-visitor').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
});

test('staff change a program’s reminders and see what is scheduled and what was sent', async () => {
  const scanner = axeScanner(harness, 'messages');
  try {
    const programs = await ok<ProgramListResponse>(
      await page.request.get('/api/programs?pageSize=50'),
      'programs',
    );
    // The running program: the demo emailed its admin persona about their pairs there.
    const program = programs.items.find((item) => item.name === 'Engineering Leadership 2027');
    assert.ok(program, 'the demo has Engineering Leadership 2027');
    const api = `/api/programs/${program.id}`;

    // The tab sits with the program's other tabs.
    await page.goto(`/programs/${program.id}`);
    await page.getByRole('tab', { name: 'Messages' }).click();
    await page.waitForURL(`**/programs/${program.id}/messages`);
    const settings = page.getByRole('region', { name: 'Reminders and nudges' });
    await settings.getByRole('switch', { name: 'Meeting reminders' }).waitFor();
    const { quietDaysFromCadence } = await ok<ProgramMessageSettings>(
      await page.request.get(`${api}/message-settings`),
      'settings',
    );
    await settings
      .getByTestId('nudge-quiet_pair')
      .getByText(`From the cadence (${quietDaysFromCadence} days)`)
      .waitFor();

    // Both lists show what the API lists: rows, or their empty state.
    const scheduledApi = await ok<ScheduledMessagesPage>(
      await page.request.get(`${api}/messages/scheduled?pageSize=20`),
      'scheduled',
    );
    const sentApi = await ok<SentMessagesPage>(
      await page.request.get(`${api}/messages/sent?pageSize=20`),
      'sent',
    );
    const scheduled = page.getByRole('region', { name: 'Scheduled (next 30 days)' });
    const sent = page.getByRole('region', { name: 'Sent' });
    if (scheduledApi.total === 0) {
      await scheduled.getByText('Nothing is scheduled for the next 30 days').waitFor();
    } else {
      const first = scheduledApi.items[0]!;
      await scheduled.getByRole('row').nth(1).filter({ hasText: first.recipientName }).waitFor();
      await scheduled.getByRole('row').nth(1).filter({ hasText: first.reason }).waitFor();
    }
    if (sentApi.total === 0) {
      await sent.getByText('Nothing sent yet').waitFor();
    } else {
      const first = sentApi.items[0]!;
      const row = sent.getByRole('row').nth(1);
      await row.filter({ hasText: first.subject }).waitFor();
      // Held for the recipient's waking hours, it says until when.
      if (first.status === 'pending' && first.notBefore && new Date(first.notBefore) > new Date())
        await row.getByText(/^until .+, their waking hours$/).waitFor();
    }
    await scanner.scan(page, 'program-tab');

    // Filtered by a kind, the scheduled list shows only that kind (or says nothing of it is scheduled).
    await scheduled.getByLabel('Kind', { exact: true }).click();
    await page.getByRole('option', { name: 'Quiet pair' }).click();
    const quiet = await ok<ScheduledMessagesPage>(
      await page.request.get(`${api}/messages/scheduled?kind=quiet_pair&pageSize=20`),
      'scheduled quiet pairs',
    );
    if (quiet.total === 0) await scheduled.getByText('Nothing of this kind is scheduled').waitFor();
    else {
      await scheduled
        .getByRole('status')
        .filter({ hasText: `${quiet.total} message` })
        .waitFor();
      assert.equal(
        await scheduled.getByRole('row').filter({ hasNotText: 'Quiet pair' }).count(),
        1,
        'only the header row names no quiet pair',
      );
    }

    // Pause a kind, then resume it: saved at once, and said.
    const firstMeeting = settings.getByTestId('nudge-no_first_meeting');
    await firstMeeting.getByRole('button', { name: 'Pause no first meeting' }).click();
    await page.getByText('No first meeting: paused').waitFor();
    await firstMeeting.getByText('Paused', { exact: true }).waitFor();
    await scanner.scan(page, 'program-tab-paused');
    await firstMeeting.getByRole('button', { name: 'Resume no first meeting' }).click();
    await page.getByText('No first meeting: resumed').waitFor();
    await firstMeeting.getByText('Paused', { exact: true }).waitFor({ state: 'detached' });

    // A number out of range is refused at its field, and nothing is saved; one in range is kept.
    const days = firstMeeting.getByRole('textbox');
    await days.fill('999');
    await settings.getByRole('button', { name: 'Save' }).click();
    await firstMeeting.getByText('At most 365').waitFor();
    await scanner.scan(page, 'program-tab-error');
    const unchanged = await ok<ProgramMessageSettings>(
      await page.request.get(`${api}/message-settings`),
      'settings',
    );
    assert.equal(unchanged.kinds.find((item) => item.kind === 'no_first_meeting')?.values.days, 7);
    await days.fill('10');
    await settings.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Reminders saved').waitFor();
    await page.reload();
    await page
      .getByRole('region', { name: 'Reminders and nudges' })
      .getByTestId('nudge-no_first_meeting')
      .getByRole('textbox')
      .and(page.locator('[value="10"]'))
      .waitFor();

    // Saving planned the program again: its pairs' reminders and nudges of the next 30 days are listed, with why.
    const planned = await ok<ScheduledMessagesPage>(
      await page.request.get(`${api}/messages/scheduled?pageSize=20`),
      'scheduled after saving',
    );
    assert.ok(planned.total > 0, 'a running program’s pairs have something scheduled in the next 30 days');
    const next = planned.items[0]!;
    const nextRow = page.getByRole('region', { name: 'Scheduled (next 30 days)' }).getByRole('row').nth(1);
    await nextRow.filter({ hasText: next.recipientName }).filter({ hasText: next.kindLabel }).waitFor();
    await nextRow.filter({ hasText: next.reason }).waitFor();
    await scanner.scan(page, 'program-tab-scheduled');
    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(page, 'failure-messages-staff').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
});
