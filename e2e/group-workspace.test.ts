import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { APIRequestContext } from 'playwright-core';
import { admin, axeScanner, type Harness, startHarness } from './harness.ts';
import {
  acceptInvitation,
  createProgram,
  createSkills,
  importPeople,
  invitationToken,
  ok,
  seedPeople,
  selfSelect,
  transition,
} from './program-seed.ts';

/**
 * A group's workspace in the browser (issue 14): the mentor schedules one meeting for the whole group, records who
 * came (one member absent), and a member who came rates it on their own row. Axe scans every step.
 */

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

const meetingTitle = 'Group kick-off: how we work';

test('a group meeting with attendance: the mentor schedules it, records one member absent, a member rates it', async () => {
  const scanner = axeScanner(harness, 'group-workspace');
  const scan = scanner.scan;
  const { page } = await harness.newPage();
  const mentor = await harness.newPage();
  const mentee = await harness.newPage();
  try {
    // Setup through the API: a group program, its mentor (Rafael), Sofia and two colleagues in one group.
    const setup = await page.request.post('/api/setup', { data: admin });
    assert.ok(setup.ok(), `setup answered ${setup.status()}: ${await setup.text()}`);
    const ids = await importPeople(page.request);
    await createSkills(page.request);
    const program = await createProgram(page.request, {
      name: 'Leadership Circles',
      description: 'Small groups of new managers with one experienced mentor.',
      type: 'group',
      matchingMode: 'admin',
    });
    await transition(page.request, program.id, 'enrolling');
    await acceptInvitation(
      mentor.page.request,
      await invitationToken(page.request, selfSelect.mentor.email),
      selfSelect.mentor.password,
    );
    await acceptInvitation(
      mentee.page.request,
      await invitationToken(page.request, selfSelect.mentee.email),
      selfSelect.mentee.password,
    );
    const enrol = async (request: APIRequestContext, data: Record<string, unknown>) =>
      ok<{ id: string; status: string }>(
        await request.post(`/api/programs/${program.id}/enrolments`, { data }),
        `enrol ${data.role}`,
      );
    const mentorEnrolment = await enrol(page.request, {
      role: 'mentor',
      personId: ids.get(selfSelect.mentor.email),
      profile: { skillsOffered: ['Stakeholder management'], goals: 'Led teams for ten years.', capacity: 5 },
    });
    const colleagues = seedPeople.filter((person) => person.role === 'mentee').slice(0, 2);
    const menteeEnrolments = [];
    for (const email of [selfSelect.mentee.email, ...colleagues.map((person) => person.email)]) {
      menteeEnrolments.push(
        await enrol(page.request, {
          role: 'mentee',
          personId: ids.get(email),
          profile: { skillsWanted: ['Stakeholder management'], goals: 'Lead my first team well.' },
        }),
      );
    }
    const created = await ok<{ group: { id: string } }>(
      await page.request.post(`/api/programs/${program.id}/groups`, {
        data: {
          mentorEnrolmentId: mentorEnrolment.id,
          name: 'New managers circle',
          menteeEnrolmentIds: menteeEnrolments.map((enrolment) => enrolment.id),
        },
      }),
      'create the group',
    );
    const groupId = created.group.id;
    const absent = colleagues[1]!.name;

    // The mentor opens the group's workspace: members with their roles.
    await mentor.page.goto(`/groups/${groupId}`);
    await mentor.page.getByRole('heading', { level: 1, name: 'New managers circle' }).waitFor();
    await mentor.page.getByRole('region', { name: 'Members' }).getByText(selfSelect.mentee.name).waitFor();
    await scan(mentor.page, '01-overview');

    // They schedule a meeting for the whole group that began half an hour ago (so attendance can be recorded).
    await mentor.page.getByRole('tab', { name: 'Meetings' }).click();
    await mentor.page.getByRole('button', { name: 'Schedule a group meeting' }).click();
    const dialog = mentor.page.getByRole('dialog', { name: 'Schedule a meeting' });
    await dialog.waitFor();
    // In the browser's own zone (the form's default); a string, so the test runner's transform leaves it alone.
    const start = (await mentor.page.evaluate(`(() => {
      const at = new Date(Date.now() - 30 * 60000);
      const pad = (n) => String(n).padStart(2, '0');
      return {
        date: at.getFullYear() + '-' + pad(at.getMonth() + 1) + '-' + pad(at.getDate()),
        time: pad(at.getHours()) + ':' + pad(at.getMinutes()),
      };
    })()`)) as { date: string; time: string };
    await dialog.getByLabel('Title').fill(meetingTitle);
    await dialog.getByLabel('Date').fill(start.date);
    await dialog.getByLabel('Start time').fill(start.time);
    await dialog.getByLabel('Duration (minutes)').fill('90');
    await scan(mentor.page, '02-schedule-dialog');
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const card = mentor.page.getByRole('article', { name: meetingTitle });
    await card.waitFor();
    await card
      .getByText(/not recorded yet/)
      .first()
      .waitFor();

    // Attendance: the dialog has a checkbox per member; one colleague did not come.
    await card.getByRole('button', { name: 'Record attendance' }).click();
    const attendance = mentor.page.getByRole('dialog', { name: `Who came to “${meetingTitle}”?` });
    await attendance.waitFor();
    const boxes = attendance.getByRole('checkbox');
    assert.equal(await boxes.count(), 3);
    await attendance.getByRole('checkbox', { name: absent }).uncheck();
    await scan(mentor.page, '03-attendance-dialog');
    await attendance.getByRole('button', { name: 'Save attendance' }).click();
    await attendance.waitFor({ state: 'hidden' });
    await mentor.page.locator('label', { hasText: /^Past$/ }).click();
    const held = mentor.page.getByRole('article', { name: meetingTitle });
    await held.getByText('Held', { exact: true }).waitFor();
    await held.getByText(`${absent}: absent`, { exact: false }).waitFor();
    await held.getByText(`${selfSelect.mentee.name}: came`, { exact: false }).waitFor();
    await scan(mentor.page, '04-attendance-recorded');

    // Sofia came: she rates the meeting from the group's page; her rating is hers alone.
    await mentee.page.goto(`/groups/${groupId}/meetings`);
    await mentee.page.locator('label', { hasText: /^Past$/ }).click();
    const mine = mentee.page.getByRole('article', { name: meetingTitle });
    await mine.getByText(`${selfSelect.mentee.name}: came`).waitFor();
    assert.equal(
      await mine.getByText(`${absent}: absent`).count(),
      0,
      'a member sees only their own attendance',
    );
    const rating = mine.getByRole('form', { name: 'Rate this meeting' });
    await rating.waitFor();
    await rating.getByText('Nobody in the group sees it.').waitFor();
    await rating.getByRole('radio', { name: /4 — Very useful/ }).check();
    await scan(mentee.page, '05-rate');
    await rating.getByRole('button', { name: 'Send rating' }).click();
    await mine.getByText(/Your rating:/).waitFor();
    await scan(mentee.page, '06-rated');

    scanner.assertNone();
  } finally {
    await mentor.context.close();
    await mentee.context.close();
  }
});
