import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
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

/**
 * The pair workspace in the browser: a mentor and a mentee sign their agreement, set a goal with a milestone,
 * schedule a meeting and take its .ics, write shared and private notes, add an action item, mark the meeting held
 * and both rate it; the admin then sees the ratings in the program's feedback, never the private note.
 */

let harness: Harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

/** Press Tab until `target` has the keyboard focus: proves it is reachable without a mouse. */
async function tabTo(page: Page, target: Locator, what: string, maxPresses = 80): Promise<void> {
  // Attached, not visible: some inputs are drawn by their label (chips, checkboxes).
  await target.waitFor({ state: 'attached' });
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`${what} could not be reached with Tab in ${maxPresses} presses`);
}

/** All the text in the page, hidden parts (collapsed panels, closed tabs' leftovers) included. */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.textContent ?? '');
}

const agreementGoals = 'Move into product management within a year: run discovery, own a roadmap.';
const goalTitle = 'Lead the Q3 roadmap review for my team';
const milestoneTitle = 'Draft the roadmap one-pager';
const meetingTitle = 'Kick-off: roadmap basics';
const sharedNote = 'We agreed to look at two real roadmaps before the next meeting.';
const privateNote = 'Private worry: I am not sure my manager will support the move.';
const actionItemTitle = 'Send Sofia two example roadmaps';
const mentorComment = 'A focused first session with clear next steps.';

test('a pair signs, sets a goal, meets, takes notes and rates; the admin sees the ratings but never the private note', async () => {
  const scanner = axeScanner(harness, 'workspace');
  const scan = scanner.scan;
  const { page } = await harness.newPage();
  const mentor = await harness.newPage();
  const mentee = await harness.newPage();
  try {
    // Setup through the API: an organisation, a self-select program, a mentor and a mentee who become a pair.
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
      ok<{ id: string; status: string }>(
        await request.post(`/api/programs/${program.id}/enrolments`, { data }),
        `enrol ${data.role}`,
      );
    const mentorEnrolment = await enrol(page.request, {
      role: 'mentor',
      personId: ids.get(selfSelect.mentor.email),
      profile: {
        skillsOffered: ['Roadmapping', 'Stakeholder management'],
        goals: 'Ten years of product management: roadmaps, discovery, stakeholders.',
        capacity: 1,
        languages: ['English'],
      },
    });
    const menteeEnrolment = await enrol(page.request, {
      role: 'mentee',
      personId: ids.get(selfSelect.mentee.email),
      profile: {
        skillsWanted: ['Roadmapping'],
        goals: 'Become a product manager who runs discovery and owns a roadmap.',
        targetFunction: 'Product',
        languages: ['English'],
      },
    });
    assert.equal(mentorEnrolment.status, 'approved');
    assert.equal(menteeEnrolment.status, 'approved');
    const request = await ok<{ id: string }>(
      await mentee.page.request.post(`/api/programs/${program.id}/requests`, {
        data: {
          mentorEnrolmentId: mentorEnrolment.id,
          message: 'I would love your help planning my move into product management.',
        },
      }),
      'request a mentor',
    );
    await ok(await mentor.page.request.post(`/api/requests/${request.id}/accept`), 'accept the request');

    // The mentee opens the workspace from My mentoring with the keyboard only.
    await mentee.page.goto('/mentoring/relationships');
    await mentee.page.getByRole('heading', { name: 'My mentor' }).waitFor();
    await tabTo(
      mentee.page,
      mentee.page.getByRole('link', { name: `Open workspace with ${selfSelect.mentor.name}` }),
      'the Open workspace link',
    );
    await mentee.page.keyboard.press('Enter');
    await mentee.page.waitForURL(/\/mentoring\/relationships\/[0-9a-f-]{36}$/);
    const relationshipId = mentee.page.url().split('/').pop()!;
    const base = `/mentoring/relationships/${relationshipId}`;
    await mentee.page
      .getByRole('heading', { level: 1, name: new RegExp(`Mentored by ${selfSelect.mentor.name}`) })
      .waitFor();
    await mentee.page.getByRole('heading', { name: 'Agreement' }).first().waitFor();
    await scan(mentee.page, '01-overview-new-pair');

    // The mentor opens it with the mouse, edits the agreement drafted from the template and signs.
    await mentor.page.goto('/mentoring/relationships');
    await mentor.page.getByRole('link', { name: `Open workspace with ${selfSelect.mentee.name}` }).click();
    await mentor.page.waitForURL(`**${base}`);
    await mentor.page.getByRole('tab', { name: 'Agreement' }).click();
    await mentor.page.waitForURL(`**${base}/agreement`);
    await mentor.page.getByText('Not signed yet', { exact: true }).waitFor();
    await scan(mentor.page, '02-agreement-draft');
    await mentor.page.getByRole('button', { name: 'Edit' }).click();
    await mentor.page.getByRole('textbox', { name: 'Goals' }).fill(agreementGoals);
    await mentor.page.getByRole('checkbox', { name: 'In person' }).check();
    await mentor.page.getByLabel('End date').fill('2027-06-30');
    await scan(mentor.page, '03-agreement-edit');
    await mentor.page.getByRole('button', { name: 'Save as version 1' }).click();
    await mentor.page.getByText(`Saved as version 1. ${selfSelect.mentee.name} has been told.`).waitFor();
    await mentor.page.getByRole('button', { name: 'Sign as mentor' }).click();
    const signDialog = mentor.page.getByRole('dialog', { name: 'Sign version 1?' });
    await signDialog.getByRole('button', { name: 'Sign as mentor' }).click();
    await mentor.page.getByText(`Waiting for ${selfSelect.mentee.name}`).first().waitFor();

    // The mentee moves to the Agreement tab with the arrow keys and signs with the keyboard.
    await mentee.page.reload();
    await tabTo(mentee.page, mentee.page.getByRole('tab', { name: 'Overview' }), 'the Overview tab');
    await mentee.page.keyboard.press('ArrowRight');
    await mentee.page.waitForURL(`**${base}/agreement`);
    await mentee.page.getByText(agreementGoals).waitFor();
    await mentee.page.getByText(/In person/).waitFor();
    await mentee.page.getByText('Jun 30, 2027').waitFor();
    await mentee.page.getByText('Waiting for your signature').waitFor();
    await scan(mentee.page, '04-agreement-to-sign');
    await tabTo(mentee.page, mentee.page.getByRole('button', { name: 'Sign as mentee' }), 'Sign as mentee');
    await mentee.page.keyboard.press('Enter');
    const menteeSign = mentee.page.getByRole('dialog', { name: 'Sign version 1?' });
    await menteeSign.waitFor();
    await tabTo(
      mentee.page,
      menteeSign.getByRole('button', { name: 'Sign as mentee' }),
      'the confirm button',
    );
    await mentee.page.keyboard.press('Enter');
    await mentee.page.getByText('Signed by both of you: your agreement is in force.').waitFor();
    await mentee.page.getByText('Signed by both', { exact: true }).first().waitFor();
    await scan(mentee.page, '05-agreement-signed');

    // The mentee adds a SMART goal with one milestone.
    await mentee.page.getByRole('tab', { name: 'Goals' }).click();
    await mentee.page.getByRole('heading', { name: 'No goals yet' }).waitFor();
    await mentee.page.getByRole('button', { name: 'Add your first goal' }).click();
    const goalDialog = mentee.page.getByRole('dialog', { name: 'Add a SMART goal' });
    await goalDialog.getByLabel(/^Specific/).fill(goalTitle);
    await goalDialog.getByLabel(/^Measurable/).fill('The review happens and three decisions are recorded.');
    await goalDialog.getByLabel(/^Achievable/).fill('I already attend the reviews; Rafael coaches me.');
    await goalDialog.getByLabel(/^Relevant/).fill('Running a roadmap review is the core of a PM role.');
    await goalDialog.getByLabel(/^Time-bound/).fill('2027-03-31');
    await goalDialog.getByLabel('First milestones (optional)').fill(milestoneTitle);
    await scan(mentee.page, '06-goal-form');
    await goalDialog.getByRole('button', { name: 'Add goal' }).click();
    await goalDialog.waitFor({ state: 'detached' });
    const goalCard = mentee.page.getByRole('article', { name: goalTitle });
    await goalCard.getByRole('checkbox', { name: milestoneTitle }).waitFor();
    await goalCard.getByText('0 of 1 milestone reached').waitFor();
    await scan(mentee.page, '07-goals');

    // The mentor schedules a meeting that began 20 minutes ago (so it can be marked held) and takes its .ics.
    await mentor.page.getByRole('tab', { name: 'Meetings' }).click();
    await mentor.page.getByRole('heading', { name: 'No meeting planned' }).waitFor();
    await mentor.page.getByRole('button', { name: 'Schedule a meeting' }).first().click();
    const meetingDialog = mentor.page.getByRole('dialog', { name: 'Schedule a meeting' });
    // The browser's own clock and zone, as the form reads them ("2026-03-05 14:07:31" in Swedish style).
    const local = await mentor.page.evaluate(() =>
      new Date(Date.now() - 20 * 60_000).toLocaleString('sv-SE'),
    );
    const start = { date: local.slice(0, 10), time: local.slice(11, 16) };
    await meetingDialog.getByLabel('Title').fill(meetingTitle);
    await meetingDialog.getByLabel('Date').fill(start.date);
    await meetingDialog.getByLabel('Start time').fill(start.time);
    await meetingDialog.getByLabel('Duration (minutes)').fill('60');
    await meetingDialog.getByLabel('Place').fill('Room 4.12, Paris office');
    await meetingDialog.getByLabel('Agenda').fill('- Where you are now\n- What a PM does day to day');
    await scan(mentor.page, '08-meeting-form');
    await meetingDialog.getByRole('button', { name: 'Schedule' }).click();
    await mentor.page.getByText(`Meeting scheduled. ${selfSelect.mentee.name} has been told.`).waitFor();
    const mentorMeeting = mentor.page.getByRole('article', { name: meetingTitle });
    await mentorMeeting.getByRole('button', { name: 'Mark as held' }).waitFor();
    // It started twenty minutes ago: the card says so rather than "Scheduled".
    await mentorMeeting.getByText('Happening now').waitFor();
    const [download] = await Promise.all([
      mentor.page.waitForEvent('download'),
      mentorMeeting.getByRole('link', { name: 'Add to calendar' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^kick-off-roadmap-basics-\d{4}-\d{2}-\d{2}\.ics$/);
    const ics = fs.readFileSync((await download.path())!, 'utf8');
    assert.match(ics, /^BEGIN:VCALENDAR\r?\n/);
    assert.match(ics, /\r\nBEGIN:VEVENT\r\n/);
    assert.match(ics, /\r\nUID:[0-9a-f-]{36}@trellis\r\n/);
    assert.match(ics, /\r\nSEQUENCE:0\r\n/);
    assert.match(ics, /\r\nSUMMARY:Kick-off: roadmap basics\r\n/);
    assert.match(ics, /\r\nLOCATION:Room 4\.12\\, Paris office\r\n/);
    assert.match(ics, /END:VCALENDAR\r\n$/);
    await scan(mentor.page, '09-meeting-scheduled');

    // The mentee writes a shared note and, with the keyboard, a private one.
    await mentee.page.getByRole('tab', { name: 'Notes' }).click();
    await mentee.page.getByRole('heading', { name: 'No shared notes yet' }).waitFor();
    await mentee.page.getByLabel('New shared note').fill(sharedNote);
    await mentee.page.getByRole('button', { name: 'Save shared note' }).click();
    await mentee.page.getByText('Note saved. Rafael can read it.').waitFor();
    await mentee.page.getByText(sharedNote).waitFor();
    await mentee.page
      .getByRole('radiogroup', { name: 'Which notes to show' })
      .getByText('My private notes')
      .click();
    await mentee.page.getByRole('heading', { name: 'No private notes yet' }).waitFor();
    await tabTo(mentee.page, mentee.page.getByLabel('New private note'), 'the private note box');
    await mentee.page.keyboard.type(privateNote);
    await tabTo(mentee.page, mentee.page.getByRole('button', { name: 'Save private note' }), 'Save');
    await mentee.page.keyboard.press('Enter');
    await mentee.page.getByText('Private note saved. Only you can read it.').waitFor();
    await mentee.page.getByText(privateNote).waitFor();
    await scan(mentee.page, '10-private-notes');

    // The mentor adds an action item to the meeting, for the mentor, and marks the meeting held.
    await mentorMeeting.getByRole('button', { name: 'Add an action item' }).click();
    // The form opens with the focus in its first field.
    await mentor.page.keyboard.type(actionItemTitle);
    assert.equal(await mentorMeeting.getByLabel('New action item').inputValue(), actionItemTitle);
    await mentorMeeting.getByRole('textbox', { name: 'Owner' }).click();
    await mentor.page.getByRole('option', { name: `${selfSelect.mentor.name} (me)` }).click();
    await mentorMeeting.getByRole('button', { name: 'Add action item' }).click();
    await mentor.page.getByText('Action item added.').waitFor();
    await mentorMeeting.getByRole('checkbox', { name: actionItemTitle }).waitFor();
    await mentorMeeting.getByRole('button', { name: 'Mark as held' }).click();
    await mentor.page.getByText('Marked as held. How was it? Rate it below.').waitFor();
    await mentorMeeting.getByText('Held', { exact: true }).waitFor();
    // It has happened: it moves from the upcoming meetings to the past ones.
    await mentor.page
      .getByRole('region', { name: 'Past' })
      .getByRole('article', { name: meetingTitle })
      .waitFor();
    await mentor.page.getByRole('region', { name: 'Upcoming' }).getByText('No meeting planned').waitFor();
    // The keyboard focus follows the meeting to where it moved.
    await mentor.page.waitForFunction((title) => document.activeElement?.textContent === title, meetingTitle);
    // A held meeting is no longer offered as a calendar invitation.
    assert.equal(await mentorMeeting.getByRole('link', { name: 'Add to calendar' }).count(), 0);

    // The mentor rates it with the mouse.
    const mentorRating = mentorMeeting.getByRole('form', { name: 'Rate this meeting' });
    await mentorRating.getByRole('radio', { name: /^4 — / }).check();
    await mentorRating.getByText('A clear plan').click();
    await mentorRating.getByLabel('Comment (optional)').fill(mentorComment);
    await mentorRating.getByRole('switch', { name: 'Let program staff read my comment' }).check();
    await scan(mentor.page, '11-meeting-held-rate');
    await mentorRating.getByRole('button', { name: 'Send rating' }).click();
    await mentor.page.getByText('Thanks for rating this meeting.').waitFor();
    await mentorMeeting.getByText('4 of 5 · Very useful').waitFor();

    // The mentor's notes: the shared one is there; the mentee's private note is not, nor any hint of it.
    await mentor.page.getByRole('tab', { name: 'Notes' }).click();
    await mentor.page.getByText(sharedNote).waitFor();
    await mentor.page.getByText('1 shared note').waitFor();
    await mentor.page
      .getByRole('radiogroup', { name: 'Which notes to show' })
      .getByText('My private notes')
      .click();
    await mentor.page.getByRole('heading', { name: 'No private notes yet' }).waitFor();
    await scan(mentor.page, '12-mentor-notes');
    assert.ok(!(await pageText(mentor.page)).includes(privateNote), 'the mentor never sees the private note');
    await mentor.page.getByRole('tab', { name: 'Overview' }).click();
    await mentor.page.getByText(sharedNote).first().waitFor();
    assert.ok(!(await pageText(mentor.page)).includes(privateNote), 'nor in the overview');

    // The mentee rates the meeting with the keyboard only: arrows in the star radios, Space on a chip.
    await mentee.page.getByRole('tab', { name: 'Meetings' }).click();
    const menteeMeeting = mentee.page.getByRole('article', { name: meetingTitle });
    await menteeMeeting.getByText('Held', { exact: true }).waitFor();
    await menteeMeeting.getByRole('checkbox', { name: actionItemTitle }).waitFor();
    const menteeRating = menteeMeeting.getByRole('form', { name: 'Rate this meeting' });
    await tabTo(mentee.page, menteeRating.getByRole('radio').first(), 'the star rating');
    for (let n = 1; n < 5; n++) await mentee.page.keyboard.press('ArrowRight');
    assert.equal(await menteeRating.getByRole('radio', { name: /^5 — / }).isChecked(), true);
    await tabTo(mentee.page, menteeRating.getByRole('checkbox', { name: 'Practical advice' }), 'a chip');
    await mentee.page.keyboard.press('Space');
    await tabTo(mentee.page, menteeRating.getByLabel('Comment (optional)'), 'the comment');
    await mentee.page.keyboard.type('Exactly what I needed to get started.');
    await tabTo(mentee.page, menteeRating.getByRole('button', { name: 'Send rating' }), 'Send rating');
    await scan(mentee.page, '13-mentee-rates');
    await mentee.page.keyboard.press('Enter');
    await mentee.page.getByText('Thanks for rating this meeting.').waitFor();
    await menteeMeeting.getByText('5 of 5 · Extremely useful').waitFor();
    await menteeMeeting.getByText('Your partner has rated this meeting too.').waitFor();
    await scan(mentee.page, '14-meeting-rated');
    await mentee.page.getByRole('tab', { name: 'Overview' }).click();
    await mentee.page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await scan(mentee.page, '15-overview-after');
    // Phone width: the tabs scroll, the cards stack.
    await mentee.page.setViewportSize({ width: 390, height: 844 });
    await mentee.page.goto(`${base}/meetings`);
    await mentee.page
      .getByRole('article', { name: meetingTitle })
      .getByText('Held', { exact: true })
      .waitFor();
    await scan(mentee.page, '15b-phone-meetings');
    await mentee.page.goto(`${base}/goals`);
    await mentee.page.getByRole('article', { name: goalTitle }).waitFor();
    await scan(mentee.page, '15c-phone-goals');
    for (const tab of ['', '/agreement', '/goals', '/meetings', '/notes', '/resources']) {
      await mentee.page.goto(`${base}${tab}`);
      await mentee.page.getByRole('tabpanel').getByRole('heading').first().waitFor();
      await mentee.page.waitForTimeout(200);
      const overflow = await mentee.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0, `nothing pushes the page sideways on a phone (${tab || 'overview'})`);
    }
    await mentee.page.setViewportSize({ width: 1360, height: 900 });

    // The admin: the program's feedback shows the two ratings; the private note appears nowhere.
    await page.goto(`/programs/${program.id}/feedback`);
    await page.getByText('2 ratings').waitFor();
    await page.getByText('4.5 / 5').waitFor();
    await page.getByText(mentorComment).waitFor();
    await scan(page, '16-admin-feedback');
    const adminFeedback = await pageText(page);
    assert.ok(!adminFeedback.includes(privateNote), 'the private note is not in the feedback');
    assert.ok(!adminFeedback.includes(sharedNote), 'nor is the shared note');
    // The mentee's comment was not shared with staff.
    assert.ok(!adminFeedback.includes('Exactly what I needed'), 'an unshared comment stays hidden');
    await page.getByRole('tab', { name: 'Pairs' }).click();
    await page.getByRole('table', { name: 'Relationships' }).getByText(selfSelect.mentee.name).waitFor();
    await scan(page, '17-admin-relationships');
    assert.ok(!(await pageText(page)).includes(privateNote), 'nor in the relationships tab');
    await page.goto(base);
    await page.getByRole('heading', { name: 'This workspace belongs to the pair' }).waitFor();
    assert.ok(!(await pageText(page)).includes(privateNote), 'nor in the workspace page');
    for (const path of ['workspace', 'notes', 'notes?visibility=private', 'timeline', 'meetings']) {
      const response = await page.request.get(`/api/relationships/${relationshipId}/${path}`);
      assert.equal(response.status(), 404, `the admin's GET ${path} is a 404`);
      assert.ok(!(await response.text()).includes(privateNote));
    }
    const asMentor = await mentor.page.request.get(
      `/api/relationships/${relationshipId}/notes?visibility=all&pageSize=100`,
    );
    assert.equal(asMentor.status(), 200);
    const mentorNotes = await asMentor.text();
    assert.ok(mentorNotes.includes(sharedNote) && !mentorNotes.includes(privateNote));
  } catch (error) {
    await harness.screenshot(page, 'failure-workspace-admin').catch(() => {});
    await harness.screenshot(mentor.page, 'failure-workspace-mentor').catch(() => {});
    await harness.screenshot(mentee.page, 'failure-workspace-mentee').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }

  scanner.assertNone();
});
