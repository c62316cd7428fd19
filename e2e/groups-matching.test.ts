import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, axeScanner, type Harness, startHarness } from './harness.ts';
import { createProgram, importPeople, ok, seedPeople, transition } from './program-seed.ts';

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

test('staff of a group program run matching, review the groups, publish them and find them on the Groups tab', async () => {
  const scanner = axeScanner(harness, 'groups-matching');
  const { page } = await harness.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  try {
    await ok(await page.request.post('/api/setup', { data: admin }), 'setup');
    const ids = await importPeople(page.request);
    const program = await createProgram(page.request, {
      name: 'Learning Circles',
      description: 'Small groups with a senior mentor.',
      type: 'group',
      groupMinSize: 2,
      groupMaxSize: 3,
    });
    await transition(page.request, program.id, 'enrolling');
    const mentors = seedPeople.filter((p) => p.role === 'mentor').slice(0, 3);
    const mentees = seedPeople.filter((p) => p.role === 'mentee').slice(0, 7);
    for (const m of mentors)
      await ok(
        await page.request.post(`/api/programs/${program.id}/enrolments`, {
          data: {
            role: 'mentor',
            personId: ids.get(m.email),
            profile: {
              capacity: 3,
              skillsOffered: ['Negotiation', 'Public speaking'],
              languages: ['English'],
            },
            answers: {},
          },
        }),
        `enrol ${m.email}`,
      );
    for (const [k, m] of mentees.entries())
      await ok(
        await page.request.post(`/api/programs/${program.id}/enrolments`, {
          data: {
            role: 'mentee',
            personId: ids.get(m.email),
            profile: {
              skillsWanted: [k % 2 ? 'Negotiation' : 'Public speaking'],
              goals: k % 2 ? 'Negotiate better deals' : 'Speak with confidence at all-hands',
              languages: ['English'],
            },
            answers: {},
          },
        }),
        `enrol ${m.email}`,
      );
    await transition(page.request, program.id, 'matching');

    // Cohesion is one of the group program's criteria.
    await page.goto(`/programs/${program.id}/criteria`);
    await page.getByRole('radiogroup', { name: 'Group cohesion' }).getByText('High').click();
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Save criteria' }).click();
    await page.getByText('Matching criteria saved').waitFor();
    await scanner.scan(page, '00-criteria');

    // Run matching from the Match runs tab: only the two modes that form groups are offered.
    await page.goto(`/programs/${program.id}/runs`);
    await page.getByRole('button', { name: 'Run matching' }).waitFor();
    assert.equal(await page.getByRole('radio', { name: /Stable/ }).count(), 0);
    await page.getByRole('button', { name: 'Run matching' }).click();
    const runLink = page.getByRole('link', { name: 'Run #1' });
    await runLink.waitFor({ timeout: 30_000 });
    await page.getByRole('table', { name: 'Match runs' }).getByText('Draft').waitFor({ timeout: 30_000 });
    await runLink.click();

    // The review shows groups: seven mentees in three groups of 2–3.
    await page.getByRole('heading', { name: 'Groups', level: 2 }).waitFor();
    const cards = page.getByRole('article');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 3);
    const places = await cards.getByText(/^\d of 3 places$/).allTextContents();
    assert.deepEqual(places.map((text) => Number(text[0])).sort(), [2, 2, 3]);
    await cards
      .first()
      .getByText(/^Cohesion /)
      .waitFor();
    await cards
      .first()
      .getByText(/shared skills|no wanted skill in common/)
      .waitFor();
    await scanner.scan(page, '01-review');
    // A pair's explanation carries its group's cohesion line.
    await page.getByTestId('pair-row').first().getByRole('button', { name: /^Why / }).click();
    await page.getByText(/^Group cohesion /).waitFor();

    // A full group refuses one more mentee, naming the group.
    const full = cards.filter({ hasText: '3 of 3 places' });
    const fullName = ((await full.getByRole('heading').textContent()) ?? '').trim();
    const small = cards.filter({ hasText: '2 of 3 places' }).first();
    await small
      .getByRole('button', { name: /^Move / })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Group' }).click();
    await page.getByRole('option', { name: new RegExp(`^${fullName}`) }).click();
    await scanner.scan(page, '02-move');
    await dialog.getByRole('button', { name: 'Move' }).click();
    await page.getByText(`${fullName} is full`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Publish: the groups are formed and named after their mentors.
    await page.getByRole('button', { name: 'Publish' }).click();
    await page
      .getByRole('dialog', { name: 'Publish run #1?' })
      .getByText(/3 groups of 7 mentees start/)
      .waitFor();
    await page.getByRole('button', { name: 'Publish matches' }).click();
    await page.getByText(/3 groups formed: .*’s group \(\d\)/).waitFor();
    await scanner.scan(page, '03-published');

    await page.goto(`/programs/${program.id}/groups`);
    for (const m of mentors)
      await page
        .getByText(`${m.name.split(' ')[0]}’s group`)
        .first()
        .waitFor();
    await scanner.scan(page, '04-groups-tab');
    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(page, 'groups-matching-failure');
    throw error;
  }
});
