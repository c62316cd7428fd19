import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, axeScanner, type Harness, startHarness } from './harness.ts';
import {
  acceptInvitation,
  createProgram,
  createSkills,
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

/*
 * Issue 13 §3 and §4: a person's profile follows them from one program to the next and lives on "My profile"; before
 * a run, staff see the thin profiles and remind those people; the run marks pairs matched on little evidence.
 */
test('a profile carries into a second program and is edited on My profile; staff see thin profiles before a run', async () => {
  const scanner = axeScanner(harness, 'profiles');
  const scan = scanner.scan;
  const { page } = await harness.newPage();
  try {
    const setup = await page.request.post('/api/setup', { data: admin });
    assert.ok(setup.ok(), `setup answered ${setup.status()}: ${await setup.text()}`);
    const ids = await importPeople(page.request);
    await createSkills(page.request);
    const spring = await createProgram(page.request, {
      name: 'Spring Mentoring',
      description: 'One-to-one mentoring for the spring cohort.',
      type: 'one_to_one',
      matchingMode: 'admin',
    });
    const autumn = await createProgram(page.request, {
      name: 'Autumn Mentoring',
      description: 'One-to-one mentoring for the autumn cohort.',
      type: 'one_to_one',
      matchingMode: 'admin',
    });
    await transition(page.request, spring.id, 'enrolling');
    await transition(page.request, autumn.id, 'enrolling');

    // Sofia accepts her invitation and joins the first program, writing her profile for the first time.
    const token = await invitationToken(page.request, selfSelect.mentee.email);
    const sofia = await harness.newPage();
    await acceptInvitation(sofia.page.request, token, selfSelect.mentee.password);
    const member = sofia.page;
    await member.goto(`/mentoring/programs/${spring.id}/enrol`);
    await member.getByRole('heading', { level: 1, name: 'Join Spring Mentoring' }).waitFor();
    assert.equal(await member.getByText('Filled in from your profile').count(), 0, 'nothing to fill in yet');
    await member.getByRole('textbox', { name: 'Skills you want to develop' }).click();
    await member.getByRole('option', { name: 'Roadmapping' }).click();
    await member.getByRole('option', { name: 'Storytelling' }).click();
    await member.keyboard.press('Escape');
    await member
      .getByLabel('Your career goals')
      .fill('Become a product manager who runs discovery and owns a roadmap.');
    await member.getByLabel('Job function you aim for').fill('Product');
    await member.getByLabel('Availability').fill('Tuesday mornings');
    await member.getByRole('button', { name: 'Join as a mentee' }).click();
    await member.waitForURL('**/mentoring');

    // The second program's form starts from what she said in the first.
    await member.goto(`/mentoring/programs/${autumn.id}/enrol`);
    await member.getByRole('heading', { level: 1, name: 'Join Autumn Mentoring' }).waitFor();
    await member.getByText('Filled in from your profile').waitFor();
    assert.equal(
      await member.getByLabel('Your career goals').inputValue(),
      'Become a product manager who runs discovery and owns a roadmap.',
    );
    assert.equal(await member.getByLabel('Job function you aim for').inputValue(), 'Product');
    assert.equal(await member.getByLabel('Availability').inputValue(), 'Tuesday mornings');
    const skills = member.getByRole('textbox', { name: 'Skills you want to develop' }).locator('..');
    await skills.getByText('Roadmapping').waitFor();
    await skills.getByText('Storytelling').waitFor();
    await scan(member, '01-second-enrolment-prefilled');
    await member.getByRole('button', { name: 'Join as a mentee' }).click();
    await member.waitForURL('**/mentoring');

    // "My profile" in the navigation: she edits it and, with the keyboard, applies it to one of her programs.
    await member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' }).click();
    await member.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    assert.equal(
      await member.getByLabel('Your career goals').inputValue(),
      'Become a product manager who runs discovery and owns a roadmap.',
    );
    await member.getByLabel('Availability').fill('Thursday afternoons');
    await member.getByLabel('What you can help with').fill('Running user interviews.');
    await scan(member, '02-my-profile');
    const autumnBox = member.getByRole('checkbox', { name: /Autumn Mentoring, as a mentee/ });
    await autumnBox.focus();
    await member.keyboard.press('Space');
    assert.ok(await autumnBox.isChecked());
    await member.getByRole('button', { name: 'Save profile' }).focus();
    await member.keyboard.press('Enter');
    await member.getByText('Your profile is saved').waitFor();
    await member.getByText('Also updated in Autumn Mentoring.').waitFor();
    await scan(member, '03-my-profile-saved');

    const mine = (await (await member.request.get('/api/me/enrolments')).json()) as {
      items: { programName: string; profile: { availability: string } }[];
    };
    const availability = Object.fromEntries(mine.items.map((e) => [e.programName, e.profile.availability]));
    assert.deepEqual(availability, {
      'Spring Mentoring': 'Tuesday mornings',
      'Autumn Mentoring': 'Thursday afternoons',
    });
    // A reload shows the saved profile, kept as hers.
    await member.reload();
    await member.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    assert.equal(await member.getByLabel('Availability').inputValue(), 'Thursday afternoons');
    await member.getByText(/^Last saved/).waitFor();

    // Staff enrol her in a third program with nothing said: her enrolment form there starts from her profile.
    const winter = await createProgram(page.request, { name: 'Winter Mentoring', type: 'one_to_one' });
    await transition(page.request, winter.id, 'enrolling');
    const sofiaId = ids.get(selfSelect.mentee.email);
    assert.ok(sofiaId);
    const staffEnrolled = await page.request.post(`/api/programs/${winter.id}/enrolments/bulk`, {
      data: { role: 'mentee', personIds: [sofiaId] },
    });
    assert.ok(staffEnrolled.ok(), await staffEnrolled.text());
    const blank = (
      (await (await member.request.get('/api/me/enrolments')).json()) as {
        items: { id: string; programName: string }[];
      }
    ).items.find((e) => e.programName === 'Winter Mentoring');
    assert.ok(blank);
    await member.goto(`/mentoring/enrolments/${blank.id}/edit`);
    await member.getByRole('heading', { level: 1, name: 'Your profile in Winter Mentoring' }).waitFor();
    await member.getByText('Filled in from your profile').waitFor();
    assert.equal(await member.getByLabel('Availability').inputValue(), 'Thursday afternoons');

    // Staff: three mentors with a profile and two more mentees enrolled in bulk with nothing said.
    const personId = (email: string) => {
      const id = ids.get(email);
      assert.ok(id, email);
      return id;
    };
    const mentors = ['amara.okafor@acme.test', 'bruno.silva@acme.test', 'chloe.martin@acme.test'];
    for (const email of mentors) {
      const enrolled = await page.request.post(`/api/programs/${spring.id}/enrolments`, {
        data: {
          role: 'mentor',
          personId: personId(email),
          profile: {
            skillsOffered: ['Roadmapping', 'Storytelling'],
            goals: 'I run product discovery and can help with roadmaps and presenting them.',
            capacity: 2,
            languages: ['English'],
            learningStyle: 'visual',
          },
        },
      });
      assert.ok(enrolled.ok(), await enrolled.text());
    }
    const bulk = await page.request.post(`/api/programs/${spring.id}/enrolments/bulk`, {
      data: {
        role: 'mentee',
        personIds: [personId('kemi.adeyemi@acme.test'), personId('lucas.moreau@acme.test')],
      },
    });
    assert.ok(bulk.ok(), await bulk.text());
    await transition(page.request, spring.id, 'matching');

    await page.goto(`/programs/${spring.id}/runs`);
    const panel = page.getByRole('region', { name: 'Before you run: profiles' });
    await panel.getByText('2 of 3 mentees have a thin profile, 2 of them empty.').waitFor();
    await panel.getByText('All 3 mentors have skills, goals and the required answers.').waitFor();
    await panel.getByRole('button', { name: 'Show who (2)' }).click();
    const list = page.getByRole('table', { name: 'People with thin profiles' });
    await list.getByText('Kemi Adeyemi').waitFor();
    await list.getByText('Lucas Moreau').waitFor();
    assert.equal(await list.getByText('Sofia Lindqvist').count(), 0, 'her profile is complete');
    await scan(page, '04-thin-profiles');
    await panel.getByRole('button', { name: 'Remind 2 people' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remind 2 people?' });
    await confirm.waitFor();
    await scan(page, '05-remind-confirm');
    await confirm.getByRole('button', { name: 'Send reminders' }).click();
    await page.getByText('2 people reminded').waitFor();
    await panel.getByRole('button', { name: 'Everyone was reminded today' }).waitFor();

    // The run marks the pairs resting on missing information and says why.
    await page.getByRole('button', { name: 'Run matching' }).click();
    const runLink = page.getByRole('link', { name: 'Run #1' });
    await runLink.waitFor({ timeout: 30_000 });
    await page.getByRole('table', { name: 'Match runs' }).getByText('Draft').waitFor({ timeout: 30_000 });
    await runLink.click();
    await page.getByRole('heading', { level: 1, name: /Run #1/ }).waitFor();
    await page.getByText('2 pairs rest on little evidence').waitFor();
    await page.getByRole('radiogroup', { name: 'Show' }).getByText('Thin evidence', { exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^2 mentees$/ })
      .waitFor();
    const thin = page.getByTestId('pair-row');
    await thin.filter({ hasText: 'Kemi Adeyemi' }).getByText('Thin evidence').waitFor();
    assert.equal(await page.getByTestId('pair-row').filter({ hasText: 'Sofia Lindqvist' }).count(), 0);
    await thin
      .filter({ hasText: 'Kemi Adeyemi' })
      .getByRole('button', { name: /^Why Kemi Adeyemi/ })
      .click();
    await page.getByText('This pair was matched on little evidence').waitFor();
    await page
      .getByText(/of this score comes from criteria with information missing \(skills, goals/)
      .waitFor();
    await scan(page, '06-run-thin-evidence');

    // Kemi is told by email (the built-in mailbox), with a link to her enrolment form.
    let reminderMail: { id: string; subject: string } | undefined;
    for (let attempt = 0; attempt < 60 && !reminderMail; attempt++) {
      const mailbox = (await (
        await page.request.get('/api/mailbox?to=kemi.adeyemi@acme.test&pageSize=50')
      ).json()) as { items: { id: string; subject: string }[] };
      reminderMail = mailbox.items.find((mail) => mail.subject.includes('Complete your profile'));
      if (!reminderMail) await page.waitForTimeout(500);
    }
    assert.ok(reminderMail, 'the reminder reached the mailbox');
    const mail = (await (await page.request.get(`/api/mailbox/${reminderMail.id}`)).json()) as {
      textBody: string;
    };
    assert.match(mail.textBody, /missing the skills you want to develop and your career goals/);
    assert.match(mail.textBody, /\/mentoring\/enrolments\/[0-9a-f-]{36}\/edit/);
    await page.goto(`/mailbox/${reminderMail.id}`);
    await page.getByText(reminderMail.subject).first().waitFor();

    scanner.assertNone();
  } catch (error) {
    await harness.screenshot(page, 'profiles-failure');
    throw new Error(`${(error as Error).message}\n--- server output ---\n${harness.serverOutput()}`, {
      cause: error,
    });
  }
});
