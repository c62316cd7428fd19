import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { APIRequestContext } from 'playwright-core';
import { admin, axeScanner, clippedBadges, type Harness, startHarness } from './harness.ts';
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

/**
 * A pair's workspace follows what they do without a reload: once the mentee marks the relationship completed, the
 * page turns read-only, the rematch button and the video call of the meeting left scheduled go, and the closing
 * survey appears — everything the change touched is fetched again (issue 13 §6).
 */

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

test('marking a relationship completed updates the whole workspace at once: no rematch, no call, the closing survey', async () => {
  const scanner = axeScanner(harness, 'workspace-lifecycle');
  const { page } = await harness.newPage();
  const mentor = await harness.newPage();
  const mentee = await harness.newPage();
  try {
    const setup = await page.request.post('/api/setup', { data: admin });
    assert.ok(setup.ok(), `setup answered ${setup.status()}: ${await setup.text()}`);
    const ids = await importPeople(page.request);
    await createSkills(page.request);
    const program = await createProgram(page.request, {
      name: 'Product Circles',
      description: 'Pick a product mentor yourself from ranked suggestions.',
      type: 'one_to_one',
      matchingMode: 'self_select',
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
      ok<{ id: string }>(
        await request.post(`/api/programs/${program.id}/enrolments`, { data }),
        `enrol ${data.role}`,
      );
    const mentorEnrolment = await enrol(page.request, {
      role: 'mentor',
      personId: ids.get(selfSelect.mentor.email),
      profile: { skillsOffered: ['Roadmapping'], goals: 'Roadmaps and discovery.', capacity: 1 },
    });
    await enrol(page.request, {
      role: 'mentee',
      personId: ids.get(selfSelect.mentee.email),
      profile: { skillsWanted: ['Roadmapping'], goals: 'Own a roadmap.', targetFunction: 'Product' },
    });
    const request = await ok<{ id: string }>(
      await mentee.page.request.post(`/api/programs/${program.id}/requests`, {
        data: { mentorEnrolmentId: mentorEnrolment.id, message: 'Would you mentor me on roadmaps?' },
      }),
      'request a mentor',
    );
    // A request is the proposed relationship: accepting it makes it active.
    await ok(await mentor.page.request.post(`/api/requests/${request.id}/accept`), 'accept the request');
    const relationshipId = request.id;
    // A meeting next week with a video call: still scheduled when the relationship is completed.
    const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await ok(
      await mentor.page.request.post(`/api/relationships/${relationshipId}/meetings`, {
        data: {
          title: 'Roadmap review',
          date: nextWeek,
          time: '10:00',
          durationMinutes: 45,
          videoUrl: 'https://meet.example.com/roadmap-review',
        },
      }),
      'schedule a meeting',
    );

    // A shared note in Markdown: the overview's recent notes render it like the Notes tab, not as "**…**".
    await ok(
      await mentor.page.request.post(`/api/relationships/${relationshipId}/notes`, {
        data: {
          visibility: 'shared',
          body: '**Roadmap** homework:\n\n- read two real roadmaps\n- list three questions',
        },
      }),
      'write a shared note',
    );

    // A goal reached, with a long title: its "Done" badge keeps its word beside the title (issue 13 §11).
    const longGoal = 'Run the quarterly roadmap review for the whole product group, from agenda to decisions';
    const goal = await ok<{ goal: { id: string } }>(
      await mentee.page.request.post(`/api/relationships/${relationshipId}/goals`, {
        data: { title: longGoal, progressMode: 'percent' },
      }),
      'add a goal',
    );
    await ok(
      await mentee.page.request.patch(`/api/goals/${goal.goal.id}`, { data: { status: 'done' } }),
      'finish the goal',
    );

    // Before: an active workspace offers the rematch, the call, and no closing survey.
    const base = `/mentoring/relationships/${relationshipId}`;
    await mentee.page.goto(base);
    const recentNotes = mentee.page.getByRole('region', { name: 'Recent notes' });
    await recentNotes.locator('strong', { hasText: 'Roadmap' }).waitFor();
    await recentNotes
      .getByRole('listitem')
      .filter({ hasText: /^read two real roadmaps$/ })
      .waitFor();
    assert.doesNotMatch((await recentNotes.textContent()) ?? '', /\*\*|- read/, 'no raw Markdown');
    const header = mentee.page.getByRole('heading', { level: 1 });
    await header.getByText('Active', { exact: true }).waitFor();
    const rematch = mentee.page.getByRole('button', { name: 'Ask for a rematch' });
    const call = mentee.page.getByRole('link', { name: 'Join the video call' });
    const closingSurvey = mentee.page.getByRole('heading', {
      name: `Your mentoring with ${selfSelect.mentor.name.split(' ')[0]} has ended: how was it?`,
    });
    await rematch.waitFor();
    await call.first().waitFor();
    const goalsCard = mentee.page.getByRole('region', { name: 'Goals' });
    await goalsCard.getByText(longGoal).waitFor();
    assert.equal(
      await goalsCard.getByText(longGoal).getAttribute('title'),
      longGoal,
      'the full title on hover',
    );
    assert.deepEqual(await clippedBadges(mentee.page), [], 'no badge cut on the overview');
    assert.equal(await closingSurvey.count(), 0, 'no closing survey while the relationship runs');

    // The mentee marks it completed.
    await mentee.page.getByRole('button', { name: 'Mark completed' }).click();
    const dialog = mentee.page.getByRole('dialog', { name: 'Mark the relationship as completed?' });
    await dialog.getByLabel('A closing note (optional)').fill('Thank you for six great months.');
    await scanner.scan(mentee.page, '01-mark-completed');
    await dialog.getByRole('button', { name: 'Mark completed' }).click();
    await dialog.waitFor({ state: 'detached' });

    // After, with no reload: the confirmation, the read-only state, the closing survey; no rematch, no call.
    await mentee.page
      .getByText(`Congratulations! Your relationship with ${selfSelect.mentor.name} is completed.`)
      .waitFor();
    await header.getByText('Completed', { exact: true }).waitFor();
    await mentee.page.getByText('Read-only', { exact: true }).waitFor();
    await closingSurvey.waitFor();
    await mentee.page.getByText('The relationship has ended: no more meetings.').waitFor();
    await rematch.waitFor({ state: 'detached' });
    assert.equal(await call.count(), 0, 'the overview offers no call any more');
    assert.equal(await mentee.page.getByRole('button', { name: 'Mark completed' }).count(), 0);
    await scanner.scan(mentee.page, '02-completed-overview');
    // Nobody can sign any more: the agreement card says what happened, not "then both sign".
    const agreement = mentee.page.getByRole('region', { name: 'Agreement' });
    assert.equal(await agreement.getByText(/then both sign/).count(), 0, 'no call to sign after the end');
    if ((await agreement.getByText('Signed by both').count()) === 0) {
      await agreement.getByText('Never signed', { exact: true }).waitFor();
    }
    // The meeting left scheduled offers no call either on the Meetings tab.
    await mentee.page.getByRole('tab', { name: 'Meetings' }).click();
    await mentee.page.getByRole('article', { name: 'Roadmap review' }).waitFor();
    assert.equal(await call.count(), 0, 'the meetings tab offers no call any more');
    // The home (My mentoring) lists it as completed, again without a reload.
    await mentee.page.getByRole('link', { name: 'My mentoring' }).first().click();
    await mentee.page.waitForURL('**/mentoring/relationships');
    await mentee.page.getByText('Completed', { exact: true }).first().waitFor();

    // Program cards with a long name keep their status badge whole and show the full name on hover.
    const longName = 'Leadership circles for new engineering managers in every European office and team';
    await createProgram(page.request, {
      name: longName,
      description: 'Peer groups for first-time managers.',
      type: 'group',
      matchingMode: 'admin',
    });
    await page.goto('/programs');
    const card = page.locator('.program-card').filter({ hasText: longName });
    await card.waitFor();
    assert.equal(await card.getByRole('heading', { name: longName }).getAttribute('title'), longName);
    for (const width of [1360, 1000, 390]) {
      await page.setViewportSize({ width, height: 900 });
      assert.deepEqual(await clippedBadges(page), [], `no badge cut on the program cards at ${width}px`);
    }
    await scanner.scan(page, '03-program-cards');
  } catch (error) {
    await harness.screenshot(mentee.page, 'failure-workspace-lifecycle-mentee').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }
  scanner.assertNone();
});
