import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, axeScanner, type Harness, startHarness } from './harness.ts';
import {
  acceptInvitation,
  createProgram,
  createSkills,
  importPeople,
  invitationToken,
  ok,
  selfSelect,
  transition,
} from './program-seed.ts';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

/** `YYYY-MM-DDTHH:mm`, `days` from now at `hour`:00 (the mentor's zone is UTC). */
function local(days: number, hour: number): string {
  return `${new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

test('a mentor publishes flash slots; a participant searches by skill, books one with an agenda and sees it', async () => {
  const scanner = axeScanner(harness, 'flash');
  const { page } = await harness.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  try {
    await ok(await page.request.post('/api/setup', { data: admin }), 'setup');
    const ids = await importPeople(page.request);
    await createSkills(page.request);
    const program = await createProgram(page.request, {
      name: 'Ask an Expert',
      description: 'One focused conversation with someone who has done it before.',
      type: 'flash',
      matchingMode: 'self_select',
    });
    await transition(page.request, program.id, 'enrolling');
    const enrol = async (email: string, role: 'mentor' | 'mentee', profile: Record<string, unknown> = {}) =>
      ok(
        await page.request.post(`/api/programs/${program.id}/enrolments`, {
          data: { role, personId: ids.get(email), profile, answers: {} },
        }),
        `enrol ${email}`,
      );

    // The mentor signs in, sets their zone and publishes two slots and a weekly one.
    const mentor = await harness.newPage();
    await mentor.page.setViewportSize({ width: 1280, height: 900 });
    await acceptInvitation(
      mentor.page.request,
      await invitationToken(page.request, selfSelect.mentor.email),
      selfSelect.mentor.password,
    );
    await enrol(selfSelect.mentor.email, 'mentor', { skillsOffered: ['Negotiation', 'Storytelling'] });
    await ok(
      await mentor.page.request.put(`/api/programs/${program.id}/flash/settings`, {
        data: { monthlyCap: 6, timeZone: 'UTC' },
      }),
      'settings',
    );
    for (const startsAt of [local(3, 10), local(4, 15)]) {
      await ok(
        await mentor.page.request.post(`/api/programs/${program.id}/flash/slots`, { data: { startsAt } }),
        `slot ${startsAt}`,
      );
    }
    await mentor.page.goto(`/mentoring/programs/${program.id}/flash/availability`);
    await mentor.page.getByRole('heading', { level: 1, name: 'Availability' }).waitFor();
    const slots = mentor.page.getByTestId('flash-slots');
    assert.equal(await slots.getByRole('row').count(), 3, 'a header and two slots');
    await mentor.page.getByLabel(/^Start time/).fill('09:30');
    await mentor.page.getByRole('button', { name: 'Add weekly slot' }).click();
    await mentor.page.getByText('Mondays at 09:30, 30 minutes').waitFor();
    await scanner.scan(mentor.page, '01-availability');

    // The participant (an approved mentee) goes from My mentoring to the booking page.
    const mentee = await harness.newPage();
    await mentee.page.setViewportSize({ width: 1280, height: 900 });
    await acceptInvitation(
      mentee.page.request,
      await invitationToken(page.request, selfSelect.mentee.email),
      selfSelect.mentee.password,
    );
    await enrol(selfSelect.mentee.email, 'mentee');
    await mentee.page.goto('/mentoring');
    await mentee.page.getByRole('link', { name: 'Book a session' }).click();
    await mentee.page.getByRole('heading', { level: 1, name: 'Book a flash session' }).waitFor();
    await mentee.page.getByText('No session booked yet', { exact: false }).waitFor();
    await scanner.scan(mentee.page, '02-book-page');

    // Search by skill: only the mentor who offers it.
    await mentee.page.getByRole('textbox', { name: 'Skill' }).click();
    await mentee.page.getByRole('option', { name: 'Negotiation' }).click();
    const card = mentee.page.getByTestId('flash-mentor-card').filter({ hasText: selfSelect.mentor.name });
    await card.waitFor();
    await mentee.page.getByText(/^1 mentor · times shown in /).waitFor();
    const slotButtons = card.getByRole('button', { name: new RegExp(`^Book ${selfSelect.mentor.name} on `) });
    assert.ok((await slotButtons.count()) >= 3, 'two slots and the weekly ones');

    // Book the first slot with an agenda.
    await slotButtons.first().click();
    const dialog = mentee.page.getByRole('dialog', { name: `Book a session with ${selfSelect.mentor.name}` });
    await dialog
      .getByLabel('What I want from this conversation')
      .fill('I have my first salary negotiation next month and want to prepare what to say.');
    await scanner.scan(mentee.page, '03-book-dialog');
    await dialog.getByRole('button', { name: 'Book the session' }).click();
    await mentee.page.getByText('Session booked').waitFor();
    const sessions = mentee.page.getByTestId('flash-sessions');
    await sessions.getByText(`Negotiation with ${selfSelect.mentor.name}`).waitFor();
    await sessions.getByText('you booked it', { exact: false }).waitFor();
    await scanner.scan(mentee.page, '04-booked');

    // The session opens in the pair's workspace, on its meetings.
    await sessions.getByRole('link', { name: /^Open the session “Negotiation”/ }).click();
    await mentee.page.waitForURL(/\/mentoring\/relationships\/[0-9a-f-]{36}\/meetings$/);
    await mentee.page.getByText('Flash session: Negotiation').first().waitFor();
    await scanner.scan(mentee.page, '05-workspace');

    // The mentor sees the booking on their availability page; staff see it on the program's card.
    await mentor.page.reload();
    await mentor.page.getByText(`Booked by ${selfSelect.mentee.name}`).waitFor();
    await page.goto(`/programs/${program.id}`);
    const summary = page.getByRole('region', { name: 'Flash sessions' });
    await summary.getByText('Negotiation · 1').waitFor();
    await scanner.scan(page, '06-staff-card');
    await mentor.context.close();
    await mentee.context.close();
    scanner.assertNone();
  } finally {
    await page.close();
  }
});
