import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, axeScanner, type Harness, startHarness } from './harness.ts';
import {
  acceptInvitation,
  createProgram,
  createSkills,
  enrolSeedPeople,
  importPeople,
  invitationToken,
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

test('an admin sets up a program, matches 20 mentees with 10 mentors, edits and publishes; a mentee requests a mentor who accepts', async () => {
  const scanner = axeScanner(harness, 'programs');
  const scan = scanner.scan;
  const { page } = await harness.newPage();
  try {
    const setup = await page.request.post('/api/setup', { data: admin });
    assert.ok(setup.ok(), `setup answered ${setup.status()}: ${await setup.text()}`);
    const ids = await importPeople(page.request);
    await createSkills(page.request);

    // Programs: empty, then the three-step wizard.
    await page.goto('/programs');
    await page.getByRole('heading', { name: 'No programs yet' }).waitFor();
    assert.equal(await page.title(), 'Programs · Trellis');
    await scan(page, '01-empty');
    await page.getByRole('button', { name: 'New program' }).first().click();
    const wizard = page.getByRole('dialog', { name: 'New program' });
    await wizard.getByLabel('Name').fill('Grow in Tech 2026');
    await wizard
      .getByLabel('Description')
      .fill('Six months of one-to-one mentoring for associates who want to grow into senior roles.');
    await scan(page, '02-wizard-basics');
    await wizard.getByRole('button', { name: 'Continue' }).click();
    await wizard.getByText('Matching mode').waitFor();
    await scan(page, '03-wizard-matching');
    await wizard.getByRole('button', { name: 'Continue' }).click();
    await wizard.getByLabel('Program starts').fill('2026-12-01');
    await wizard.getByLabel('Program ends').fill('2027-05-31');
    await wizard.getByRole('button', { name: 'Create program' }).click();
    await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
    const programId = page.url().split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: /Grow in Tech 2026/ }).waitFor();
    await scan(page, '04-overview-draft');

    // Enrolment form builder: a matching question.
    await page.getByRole('tab', { name: 'Questions' }).click();
    await page.getByRole('heading', { name: 'No custom questions yet' }).waitFor();
    await page.getByRole('button', { name: 'Add a question' }).click();
    const questionDialog = page.getByRole('dialog', { name: 'Add a question' });
    await questionDialog
      .getByLabel('Question', { exact: false })
      .first()
      .fill('Which track interests you most?');
    const options = questionDialog.getByLabel('Options');
    for (const option of ['Leadership', 'Craft', 'Career change']) {
      await options.fill(option);
      await options.press('Enter');
    }
    await questionDialog.getByLabel('Use in matching').check();
    await questionDialog.getByLabel('Required').check();
    await scan(page, '05-question-modal');
    await questionDialog.getByRole('button', { name: 'Add question' }).click();
    await questionDialog.waitFor({ state: 'detached' });
    await page.getByText('Which track interests you most?').waitFor();
    await page.getByRole('button', { name: 'Add a question' }).click();
    const second = page.getByRole('dialog', { name: 'Add a question' });
    await second.getByLabel('Kind of answer').click();
    await page.getByRole('option', { name: 'Long text' }).click();
    await second.getByLabel('Question', { exact: false }).first().fill('Anything your match should know?');
    await second.getByRole('button', { name: 'Add question' }).click();
    await second.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Move “Anything your match should know?” up' }).click();
    await page.waitForFunction(() =>
      document.querySelector('[aria-label="Questions"] li')?.textContent?.includes('Anything your match'),
    );
    await scan(page, '06-form-builder');

    // Open enrolment from the overview.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Open enrolment' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Open enrolment' }).click();
    await page.getByRole('button', { name: 'Close enrolment and start matching' }).waitFor();

    const questions = (await (await page.request.get(`/api/programs/${programId}/questions`)).json()) as {
      items: { id: string; label: string; options: string[] }[];
    };
    const track = questions.items.find((question) => question.label.startsWith('Which track'))!;
    await enrolSeedPeople(page.request, programId, ids, track);

    // Enrolments table.
    await page.getByRole('tab', { name: 'Enrolments' }).click();
    await page.getByText('30 enrolments').waitFor();
    await scan(page, '07-enrolments');

    // Criteria with the live preview.
    await page.getByRole('tab', { name: 'Criteria' }).click();
    await page.getByText('eligible pairs', { exact: true }).waitFor();
    await page.getByRole('radiogroup', { name: 'Skills' }).getByText('Must').click();
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Save criteria' }).click();
    await page.getByText('Matching criteria saved').waitFor();
    await scan(page, '08-criteria');
    // Back to the default for skills, so everyone has eligible mentors.
    await page.getByRole('radiogroup', { name: 'Skills' }).getByText('High').click();
    await page.getByRole('button', { name: 'Save criteria' }).click();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });

    await transition(page.request, programId, 'matching');

    // A match run, its pairs and explanations.
    await page.getByRole('tab', { name: 'Match runs' }).click();
    await page.getByRole('heading', { name: 'No runs yet' }).waitFor();
    await page.getByRole('button', { name: 'Run matching' }).click();
    const runLink = page.getByRole('link', { name: 'Run #1' });
    await runLink.waitFor({ timeout: 30_000 });
    await page.getByRole('table', { name: 'Match runs' }).getByText('Draft').waitFor({ timeout: 30_000 });
    await scan(page, '09-runs');
    await runLink.click();
    await page.getByRole('heading', { level: 1, name: /Run #1/ }).waitFor();
    await page.getByText('Mean score').waitFor();
    const rows = page.getByTestId('pair-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 20, 'one row per mentee');
    await rows.first().getByRole('button', { name: /^Why / }).click();
    await page.getByRole('table', { name: 'Score by criterion' }).waitFor();
    await scan(page, '10-run-explained');

    // Edit: unmatch the first mentee, then give them a mentor again through the picker, then lock the pair.
    const firstMentee = (
      (await rows.first().locator('td').nth(1).getByRole('link').first().textContent()) ?? ''
    ).trim();
    const firstMentor = (
      (await rows.first().locator('td').nth(2).getByRole('link').first().textContent()) ?? ''
    ).trim();
    await rows
      .first()
      .getByRole('button', { name: `Edit the pair of ${firstMentee}` })
      .click();
    await page.getByRole('menuitem', { name: 'Unmatch' }).click();
    await page.getByText(`${firstMentee} is unmatched.`).waitFor();
    await page.getByRole('radiogroup', { name: 'Show' }).getByText('Unmatched', { exact: true }).click();
    const unmatchedRow = page.getByTestId('pair-row').filter({ hasText: firstMentee });
    await unmatchedRow.waitFor();
    await unmatchedRow.getByRole('button', { name: `Edit the pair of ${firstMentee}` }).click();
    await page.getByRole('menuitem', { name: 'Assign a mentor…' }).click();
    const picker = page.getByRole('dialog', { name: `Choose a mentor for ${firstMentee}` });
    // The mentor they had: the only one with a free place now.
    await picker.getByLabel('Mentor').fill(firstMentor.split(' ')[0]!);
    await page.getByRole('option', { name: new RegExp(firstMentor) }).click();
    await scan(page, '11-reassign');
    await picker.getByRole('button', { name: 'Assign mentor' }).click();
    await page.getByText(`${firstMentee} is now paired with`).waitFor();
    await page.getByRole('radiogroup', { name: 'Show' }).getByText('All', { exact: true }).click();
    const editedRow = page.getByTestId('pair-row').filter({ hasText: firstMentee });
    await editedRow.getByText('Edited').waitFor();
    await editedRow.getByRole('button', { name: `Edit the pair of ${firstMentee}` }).click();
    await page.getByRole('menuitem', { name: 'Lock this pair' }).click();
    await editedRow.getByText('Locked').waitFor();

    // Re-run keeps the lock; compare the two runs.
    await page.getByRole('button', { name: 'Re-run' }).click();
    await page.getByRole('heading', { level: 1, name: /Run #2/ }).waitFor();
    await page.getByText('Mean score').waitFor({ timeout: 30_000 });
    await page.getByTestId('pair-row').filter({ hasText: firstMentee }).getByText('Locked').waitFor();
    await page.goto(`/programs/${programId}/runs`);
    await page.getByRole('textbox', { name: 'First run' }).click();
    await page.getByRole('option', { name: /Run #1/ }).click();
    await page.getByRole('textbox', { name: 'Second run' }).click();
    await page.getByRole('option', { name: /Run #2/ }).click();
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('heading', { level: 1, name: 'Run #1 and run #2' }).waitFor();
    await scan(page, '12-compare');

    // Publish run #2.
    await page.getByRole('link', { name: 'Run #2' }).first().click();
    await page.getByRole('button', { name: 'Publish' }).click();
    const confirm = page.getByRole('dialog', { name: 'Publish run #2?' });
    await scan(page, '13-publish-confirm');
    await confirm.getByRole('button', { name: 'Publish matches' }).click();
    await page.getByText('Matches published').waitFor();
    // What actually happened, not "N notified": the people of the new pairs are emailed (none has an account yet,
    // so each email invites them to create one), and the program starts.
    await page
      .getByText(
        /people told by email\. \d+ have no account yet: the email invites them.*The program is now running\./,
      )
      .waitFor();
    await page
      .getByRole('heading', { level: 1, name: /Run #2/ })
      .getByText('Published')
      .waitFor();
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('button', { name: 'Publish', exact: true }).isDisabled(), true);

    await page.goto(`/programs/${programId}/relationships`);
    await page.getByRole('table', { name: 'Relationships' }).waitFor();
    await scan(page, '14-relationships');
    // End one relationship early, with a reason.
    const firstRelationship = page.getByRole('table', { name: 'Relationships' }).locator('tbody tr').first();
    await firstRelationship.getByRole('button', { name: /^Actions for / }).click();
    await page.getByRole('menuitem', { name: 'End early…' }).click();
    const endDialog = page.getByRole('dialog', { name: 'End this relationship early?' });
    await endDialog.getByLabel('Reason').fill('The mentee moved to another team.');
    await endDialog.getByRole('button', { name: 'End relationship' }).click();
    await page.getByText('The relationship was ended').waitFor();
    await page.getByRole('table', { name: 'Relationships' }).getByText('Ended early').waitFor();

    // Bulk add from the directory with the person picker.
    await page.getByRole('tab', { name: 'Enrolments' }).click();
    await page.getByRole('button', { name: 'Add people' }).click();
    const bulk = page.getByRole('dialog', { name: 'Add people to the program' });
    await bulk.getByRole('radiogroup', { name: 'Enrol as' }).getByText('Mentors', { exact: true }).click();
    await bulk.getByRole('textbox', { name: 'People' }).fill('Helen');
    await page.getByRole('option', { name: /Helen Park/ }).click();
    await bulk.getByRole('textbox', { name: 'People' }).press('Tab'); // closes the picker's list
    await scan(page, '14b-bulk-add');
    await bulk.getByRole('button', { name: 'Add 1 person' }).click();
    await page.getByText('People added').waitFor();
    await page.getByText('31 enrolments').waitFor();
    await page.goto('/programs');
    await page.getByRole('link', { name: /Grow in Tech 2026/ }).waitFor();
    await scan(page, '15-list');

    // Self-select: a second program; a mentor and a mentee accept invitations and take part in the browser.
    const open = await createProgram(page.request, {
      name: 'Product Circles',
      description: 'Pick a product mentor yourself from ranked suggestions.',
      type: 'one_to_one',
      matchingMode: 'self_select',
    });
    await transition(page.request, open.id, 'enrolling');
    const mentorToken = await invitationToken(page.request, selfSelect.mentor.email);
    const menteeToken = await invitationToken(page.request, selfSelect.mentee.email);

    const mentor = await harness.newPage();
    await acceptInvitation(mentor.page.request, mentorToken, selfSelect.mentor.password);

    // The admin makes the new member a coordinator of the first program.
    await page.goto(`/programs/${programId}`);
    const coordinators = page.getByRole('region', { name: 'Coordinators' });
    await coordinators.getByRole('button', { name: 'Add' }).click();
    await coordinators.getByRole('textbox', { name: 'Account' }).fill('Rafael');
    await page.getByRole('option', { name: new RegExp(selfSelect.mentor.name) }).click();
    await coordinators.getByText(selfSelect.mentor.email).waitFor();
    await scan(page, '15b-coordinators');
    await mentor.page.goto('/mentoring');
    await mentor.page.getByRole('heading', { name: 'Programs you can join' }).waitFor();
    // As a coordinator of the first program, the member also gets the Programs page, limited to that program.
    await mentor.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Programs' })
      .waitFor();
    await mentor.page.getByRole('link', { name: 'Join as mentor' }).click();
    await mentor.page.getByRole('heading', { level: 1, name: 'Join Product Circles' }).waitFor();
    await mentor.page.getByRole('textbox', { name: 'Skills you can help with' }).click();
    await mentor.page.getByRole('option', { name: 'Roadmapping' }).click();
    await mentor.page.getByRole('option', { name: 'Stakeholder management' }).click();
    await mentor.page.keyboard.press('Escape');
    await mentor.page
      .getByLabel('What you can help with')
      .fill('Ten years of product management: roadmaps, discovery, stakeholders.');
    await mentor.page.getByRole('button', { name: 'Join as a mentor' }).click();
    await mentor.page.waitForURL('**/mentoring');
    await mentor.page.getByText('up to 2 mentees').waitFor();
    // The mentor completes their profile later: capacity down to one mentee.
    await mentor.page.getByRole('link', { name: 'Edit my profile' }).click();
    await mentor.page.getByRole('heading', { level: 1, name: 'Your profile in Product Circles' }).waitFor();
    await mentor.page.getByLabel('Mentees you can take').fill('1');
    await mentor.page.getByRole('button', { name: 'Save profile' }).click();
    await mentor.page.waitForURL('**/mentoring');
    await mentor.page.getByText('up to 1 mentee', { exact: false }).waitFor();

    const mentee = await harness.newPage();
    await acceptInvitation(mentee.page.request, menteeToken, selfSelect.mentee.password);
    await mentee.page.goto('/mentoring');
    await mentee.page.getByRole('link', { name: 'Join as mentee' }).click();
    await mentee.page.getByRole('heading', { level: 1, name: 'Join Product Circles' }).waitFor();
    await mentee.page.getByRole('textbox', { name: 'Skills you want to develop' }).click();
    await mentee.page.getByRole('option', { name: 'Roadmapping' }).click();
    await mentee.page.keyboard.press('Escape');
    await mentee.page
      .getByLabel('Your career goals')
      .fill('Become a product manager who runs discovery and owns a roadmap.');
    await mentee.page.getByLabel('Job function you aim for').fill('Product');
    await scan(mentee.page, '16-enrol-form');
    await mentee.page.getByRole('button', { name: 'Join as a mentee' }).click();
    await mentee.page.waitForURL('**/mentoring');
    await scan(mentee.page, '17-my-programs');
    await mentee.page.getByRole('link', { name: 'Find a mentor' }).click();
    await mentee.page.getByRole('heading', { level: 1, name: 'Find a mentor' }).waitFor();
    const card = mentee.page.getByTestId('mentor-card').filter({ hasText: selfSelect.mentor.name }).first();
    await card.waitFor();
    await scan(mentee.page, '18-suggestions');
    await card.getByRole('button', { name: `Request ${selfSelect.mentor.name} as mentor` }).click();
    const requestDialog = mentee.page.getByRole('dialog');
    await requestDialog
      .getByLabel('Your message')
      .fill('I would love your help planning my move into product management.');
    await requestDialog.getByRole('button', { name: 'Send request' }).click();
    await mentee.page.getByText('Request sent').waitFor();
    await mentee.page.goto('/mentoring/requests');
    await mentee.page.getByText('Waiting for the mentor').waitFor();
    await scan(mentee.page, '19-outgoing-request');

    // The mentor sees the notification and accepts.
    await mentor.page.goto('/mentoring');
    const bell = mentor.page.getByTestId('notifications-bell');
    await mentor.page.waitForFunction(() =>
      document
        .querySelector('[data-testid="notifications-bell"]')
        ?.getAttribute('aria-label')
        ?.includes('unread'),
    );
    await bell.click();
    await mentor.page.getByRole('dialog', { name: 'Notifications' }).waitFor();
    await scan(mentor.page, '20-notifications');
    await mentor.page.keyboard.press('Escape');
    await mentor.page.goto('/mentoring/requests');
    const incoming = mentor.page.getByTestId('request-card').filter({ hasText: selfSelect.mentee.name });
    await incoming.getByText('Waiting for you').waitFor();
    await scan(mentor.page, '21-incoming-request');
    // Before deciding, the mentor asks a question; the mentee answers it on the request, the mentor reads it there.
    await incoming.getByRole('button', { name: 'Ask for more information' }).click();
    const askDialog = mentor.page.getByRole('dialog');
    await askDialog.getByLabel('Your question').fill('Which product area interests you most?');
    await askDialog.getByRole('button', { name: 'Send question' }).click();
    await mentor.page.getByText(`Your question was sent to ${selfSelect.mentee.name}.`).waitFor();
    await mentee.page.goto('/mentoring/requests');
    const outgoing = mentee.page.getByTestId('request-card').filter({ hasText: selfSelect.mentor.name });
    await outgoing.getByText('Which product area interests you most?').waitFor();
    await outgoing.getByLabel('Your answer').fill('Discovery for our B2B tools.');
    await outgoing.getByRole('button', { name: 'Send answer' }).click();
    await mentee.page.getByText(`Your answer was sent to ${selfSelect.mentor.name}.`).waitFor();
    await scan(mentee.page, '21b-answered-question');
    await mentor.page.reload();
    await incoming.getByText('Discovery for our B2B tools.').waitFor();
    await incoming.getByRole('button', { name: `Accept ${selfSelect.mentee.name}` }).click();
    await mentor.page.getByText(`You are now ${selfSelect.mentee.name}’s mentor.`).waitFor();
    await mentor.page.goto('/mentoring/relationships');
    await mentor.page.getByRole('heading', { name: 'My mentee' }).waitFor();
    await mentor.page.getByTestId('relationship-card').filter({ hasText: selfSelect.mentee.name }).waitFor();

    await mentee.page.goto('/mentoring/relationships');
    await mentee.page.getByRole('heading', { name: 'My mentor' }).waitFor();
    await mentee.page
      .getByTestId('relationship-card')
      .filter({ hasText: selfSelect.mentor.name })
      .getByText('Active')
      .waitFor();
    await mentee.page.getByRole('button', { name: `History with ${selfSelect.mentor.name}` }).click();
    await mentee.page.getByRole('dialog', { name: 'History' }).waitFor();
    await scan(mentee.page, '22-my-mentoring');
    await mentee.page.keyboard.press('Escape');

    // Phone width: the same pages stack into one column.
    await mentee.page.setViewportSize({ width: 390, height: 844 });
    await mentee.page.goto(`/mentoring/programs/${open.id}/mentors`);
    // The only mentor's one place is now taken: no suggestion, and the empty state says why.
    await mentee.page.getByRole('heading', { name: 'No suggestion yet' }).waitFor();
    await mentee.page.getByText(`${selfSelect.mentor.name} is your mentor in Product Circles`).waitFor();
    await scan(mentee.page, '23-phone-suggestions');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/programs/${programId}/runs`);
    await page.getByRole('table', { name: 'Match runs' }).waitFor();
    await scan(page, '24-phone-runs');
  } catch (error) {
    await harness.screenshot(page, 'failure-programs').catch(() => {});
    process.stdout.write(harness.serverOutput());
    throw error;
  }

  scanner.assertNone();
});
