import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, axeScanner, type Harness, startHarness } from './harness.ts';
import {
  acceptInvitation,
  createProgram,
  importPeople,
  invitationToken,
  ok,
  seedPeople,
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

test('staff make a group in a group program; a mentee finds a self-select group, joins it and sees it at home', async () => {
  const scanner = axeScanner(harness, 'groups');
  const { page } = await harness.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  try {
    await ok(await page.request.post('/api/setup', { data: admin }), 'setup');
    const ids = await importPeople(page.request);
    const program = await createProgram(page.request, {
      name: 'Leadership Circles',
      description: 'Small groups meeting monthly with a senior mentor.',
      type: 'group',
      matchingMode: 'self_select',
      groupMinSize: 2,
      groupMaxSize: 3,
    });
    await transition(page.request, program.id, 'enrolling');
    const mentors = seedPeople.filter((p) => p.role === 'mentor').slice(0, 3);
    const mentees = seedPeople.filter((p) => p.role === 'mentee').slice(0, 4);
    const enrol = async (email: string, role: 'mentor' | 'mentee', profile: Record<string, unknown> = {}) =>
      ok<{ id: string }>(
        await page.request.post(`/api/programs/${program.id}/enrolments`, {
          data: { role, personId: ids.get(email), profile, answers: {} },
        }),
        `enrol ${email}`,
      );
    for (const m of mentors) await enrol(m.email, 'mentor');
    for (const m of mentees) await enrol(m.email, 'mentee');

    // The program page: Groups instead of Pairs, the eleven tabs on one line at 1280 px.
    await page.goto(`/programs/${program.id}/groups`);
    await page.getByRole('heading', { name: 'No groups yet' }).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Pairs' }).count(), 0);
    const tabTops = await page
      .getByRole('tab')
      .evaluateAll((tabs) => tabs.map((tab) => Math.round(tab.getBoundingClientRect().top)));
    assert.equal(tabTops.length, 11);
    assert.equal(new Set(tabTops).size, 1, `the tabs wrap: ${tabTops.join(', ')}`);
    await scanner.scan(page, '01-empty');

    // Create a group by hand: a mentor and two mentees picked by name.
    await page.getByRole('button', { name: 'Create group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a group' });
    await dialog.getByLabel('Name').fill('First-time managers');
    await dialog.getByRole('textbox', { name: 'Mentor', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Mentor', exact: true }).fill(mentors[0]!.name.split(' ')[0]!);
    await page.getByRole('option', { name: new RegExp(mentors[0]!.name) }).click();
    const menteesBox = dialog.getByRole('textbox', { name: 'Mentees' });
    for (const m of mentees.slice(0, 2)) {
      await menteesBox.click();
      await menteesBox.fill(m.name.split(' ')[0]!);
      await page.getByRole('option', { name: new RegExp(m.name) }).click();
    }
    await page.keyboard.press('Escape');
    await dialog.getByText('2 chosen', { exact: false }).waitFor();
    await scanner.scan(page, '02-create');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await page.getByText(/“First-time managers” was created with 2 members\./).waitFor();
    const table = page.getByRole('table', { name: 'Groups' });
    const row = table.getByRole('row', { name: /First-time managers/ });
    await row.getByText('2 of 3').waitFor();
    await row.getByRole('link', { name: mentors[0]!.name }).waitFor();
    await scanner.scan(page, '03-list');

    // Manage members: the third mentee takes the last seat; then the group is full.
    await row.getByRole('button', { name: 'Actions for First-time managers' }).click();
    await page.getByRole('menuitem', { name: 'Manage members…' }).click();
    const manage = page.getByRole('dialog', { name: 'First-time managers' });
    await manage.getByRole('table', { name: 'Members' }).getByText(mentees[0]!.name).waitFor();
    await manage.getByText('1 seat left').waitFor();
    await scanner.scan(page, '03b-manage');
    const addBox = manage.getByRole('textbox', { name: 'Add mentees' });
    await addBox.click();
    await addBox.fill(mentees[2]!.name.split(' ')[0]!);
    await page.getByRole('option', { name: new RegExp(mentees[2]!.name) }).click();
    await page.keyboard.press('Escape');
    await manage.getByRole('button', { name: 'Add to group' }).click();
    await manage.getByText('The group is full').waitFor();
    await manage.getByRole('table', { name: 'Members' }).getByText(mentees[2]!.name).waitFor();
    await page.keyboard.press('Escape');
    await manage.waitFor({ state: 'detached' });
    await row.getByText('3 of 3').waitFor();

    // A self-select group, opened for a mentor; a mentee with an account finds it and joins.
    await ok(
      await page.request.post(`/api/programs/${program.id}/groups/open`, {
        data: {
          mentorEnrolmentId: (
            await ok<{ items: { id: string; person: { email: string } }[] }>(
              await page.request.get(`/api/programs/${program.id}/enrolments?role=mentor&pageSize=50`),
              'mentors',
            )
          ).items.find((e) => e.person.email === mentors[1]!.email)!.id,
          name: 'Product leadership',
          description: 'Roadmaps, stakeholders and leading without authority.',
        },
      }),
      'open group',
    );
    const token = await invitationToken(page.request, selfSelect.mentee.email);
    const mentee = await harness.newPage();
    await mentee.page.setViewportSize({ width: 1280, height: 900 });
    await acceptInvitation(mentee.page.request, token, selfSelect.mentee.password);
    await enrol(selfSelect.mentee.email, 'mentee');
    await mentee.page.goto('/mentoring');
    await mentee.page.getByRole('link', { name: 'Find a group' }).click();
    await mentee.page.getByRole('heading', { level: 1, name: 'Find a group' }).waitFor();
    const card = mentee.page.getByTestId('group-card').filter({ hasText: 'Product leadership' });
    await card.getByText('3 seats left').waitFor();
    await scanner.scan(mentee.page, '04-find');
    await card.getByRole('button', { name: 'Join Product leadership' }).click();
    const confirm = mentee.page.getByRole('dialog', { name: 'Join “Product leadership”?' });
    await scanner.scan(mentee.page, '05-join-confirm');
    await confirm.getByRole('button', { name: 'Join group' }).click();
    await mentee.page.getByText('You joined “Product leadership”.', { exact: false }).waitFor();
    await card.getByText('Joined').waitFor();
    await mentee.page.getByRole('alert').or(mentee.page.getByText('You are in a group')).first().waitFor();
    await scanner.scan(mentee.page, '06-joined');

    // Home: the group once, linking to its page; My mentoring lists it under My group.
    await mentee.page.goto('/');
    const homeCard = mentee.page.getByTestId('home-relationship').filter({ hasText: 'Product leadership' });
    await homeCard.getByText(`Your group · mentor ${mentors[1]!.name}`).waitFor();
    const link = await homeCard
      .getByRole('link', { name: 'Open group Product leadership' })
      .getAttribute('href');
    assert.match(link ?? '', /^\/groups\/[0-9a-f-]{36}$/);
    await scanner.scan(mentee.page, '07-home');
    await mentee.page.goto('/mentoring/relationships');
    await mentee.page.getByRole('heading', { name: 'My group' }).waitFor();
    await scanner.scan(mentee.page, '08-my-groups');
    // The mentee leaves; the group stays with its mentor.
    await mentee.page.getByRole('button', { name: 'Leave…' }).click();
    const leave = mentee.page.getByRole('dialog', { name: 'Leave “Product leadership”?' });
    await leave.getByLabel('A word to your mentor (optional)').fill('Moving to another team');
    await scanner.scan(mentee.page, '09-leave');
    await leave.getByRole('button', { name: 'Leave group' }).click();
    await mentee.page.getByText('You left “Product leadership”.', { exact: false }).waitFor();
    await mentee.context.close();
    scanner.assertNone();
  } finally {
    await page.close();
  }
});
