import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { MentoringProfile } from '../../../contracts/mentoring-profiles.contracts.ts';
import { auditLog, enrolments, mentoringProfiles } from '../../db/schema.ts';
import { createPerson, createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import { createProgram, createSkills, enrolPerson } from '../../testing/program-factories.ts';
import { createRelationshipRow } from '../../testing/relationship-factories.ts';
import { createTestApp, issuePaths, type TestApp } from '../../testing/test-app.ts';

/* Issue 13 §3: a person's mentoring profile is theirs, carried from one program to the next. */
describe('my mentoring profile', () => {
  let t: TestApp;
  let orgId: string;
  let otherOrgId: string;
  let admin: string;
  const people: Record<string, { id: string; cookie: string }> = {};

  const profileOf = async (cookie: string) => {
    const response = await t.call('GET', '/api/me/mentoring-profile', cookie);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as MentoringProfile;
  };
  const storedRow = async (personId: string) =>
    (await t.ctx.db.select().from(mentoringProfiles).where(eq(mentoringProfiles.personId, personId)))[0];
  const enrolmentRow = async (id: string) =>
    (await t.ctx.db.select().from(enrolments).where(eq(enrolments.id, id)))[0]!;

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    otherOrgId = two.other.id;
    admin = two.admin.cookie;
    for (const name of ['ana', 'ben', 'cleo', 'dev', 'eli']) {
      const person = await createPerson(t.ctx.db, orgId, { name });
      const { cookie } = await createSignedInUser(t.ctx.db, orgId, { personId: person.id });
      people[name] = { id: person.id, cookie };
    }
    await createSkills(t.ctx.db, orgId, ['Leadership', 'SQL', 'Negotiation']);
  });
  after(() => t.close());

  it('is empty before a first enrolment, and saved from the person’s own enrolment', async () => {
    const before = await profileOf(people.ana!.cookie);
    assert.equal(before.source, 'none');
    assert.deepEqual(before.skillsWanted, []);
    assert.equal(before.updatedAt, null);

    const first = await createProgram(t.ctx.db, orgId, { status: 'enrolling', name: 'Spring cohort' });
    const enrolled = await t.call('POST', `/api/programs/${first.id}/enrolments`, people.ana!.cookie, {
      role: 'mentee',
      profile: {
        skillsWanted: ['sql', 'leadership'],
        goals: 'Lead the data team',
        targetFunction: 'Data',
        learningStyle: 'visual',
        meetingMode: 'video',
        languages: ['English', 'French'],
        availability: 'Mornings',
        departmentPreference: 'different',
        preferredMentorIds: [people.ben!.id],
      },
    });
    assert.equal(enrolled.statusCode, 201, enrolled.body);
    const saved = await profileOf(people.ana!.cookie);
    assert.equal(saved.source, 'saved');
    assert.deepEqual(saved.skillsWanted, ['SQL', 'Leadership'], 'in the vocabulary’s spelling');
    assert.equal(saved.goals, 'Lead the data team');
    assert.equal(saved.targetFunction, 'Data');
    assert.equal(saved.learningStyle, 'visual');
    assert.deepEqual(saved.languages, ['English', 'French']);
    assert.equal(saved.availability, 'Mornings');
    assert.equal(saved.departmentPreference, 'different');
    assert.equal(saved.helpWith, '', 'mentor fields untouched by a mentee enrolment');
    assert.ok(!('preferredMentorIds' in saved), 'preferred mentors stay with the program');
    assert.deepEqual(
      saved.openEnrolments.map((e) => [e.programName, e.role]),
      [['Spring cohort', 'mentee']],
    );

    // As a mentor elsewhere: what they can help with goes beside their goals, not over them.
    const second = await createProgram(t.ctx.db, orgId, { status: 'enrolling', name: 'Autumn cohort' });
    const asMentor = await t.call('POST', `/api/programs/${second.id}/enrolments`, people.ana!.cookie, {
      role: 'mentor',
      profile: { skillsOffered: ['Negotiation'], goals: 'Salary talks', capacity: 3 },
    });
    assert.equal(asMentor.statusCode, 201, asMentor.body);
    const both = await profileOf(people.ana!.cookie);
    assert.equal(both.goals, 'Lead the data team');
    assert.equal(both.helpWith, 'Salary talks');
    assert.deepEqual(both.skillsOffered, ['Negotiation']);
    assert.equal(both.capacity, 3);
    assert.deepEqual(both.languages, ['English', 'French'], 'not given, so kept');
  });

  it('follows the person’s edits of their enrolment, not staff’s', async () => {
    const program = await createProgram(t.ctx.db, orgId, { status: 'enrolling' });
    const enrolled = await t.call('POST', `/api/programs/${program.id}/enrolments`, people.ben!.cookie, {
      role: 'mentee',
      profile: { goals: 'First words' },
    });
    const id = enrolled.json().id as string;
    const own = await t.call('PATCH', `/api/enrolments/${id}`, people.ben!.cookie, {
      profile: { goals: 'Second thoughts', skillsWanted: ['SQL'] },
    });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal((await profileOf(people.ben!.cookie)).goals, 'Second thoughts');
    const byStaff = await t.call('PATCH', `/api/enrolments/${id}`, admin, {
      profile: { goals: 'Staff words' },
    });
    assert.equal(byStaff.statusCode, 200, byStaff.body);
    assert.equal((await profileOf(people.ben!.cookie)).goals, 'Second thoughts');

    // Staff enrolling someone do not write their profile either.
    const other = await createProgram(t.ctx.db, orgId, { status: 'enrolling' });
    const forBen = await t.call('POST', `/api/programs/${other.id}/enrolments`, admin, {
      role: 'mentee',
      personId: people.ben!.id,
      profile: { goals: 'Chosen by staff' },
    });
    assert.equal(forBen.statusCode, 201, forBen.body);
    assert.equal((await profileOf(people.ben!.cookie)).goals, 'Second thoughts');
  });

  it('reads through from the latest enrolments for someone who never saved one (no migration)', async () => {
    const old = await createProgram(t.ctx.db, orgId, { status: 'closed' });
    const newer = await createProgram(t.ctx.db, orgId, { status: 'running' });
    await enrolPerson(t.ctx.db, {
      organisationId: orgId,
      programId: old.id,
      personId: people.cleo!.id,
      role: 'mentee',
      profile: { skillsWanted: ['SQL'], goals: 'Old goals', learningStyle: 'reading' },
      createdAt: new Date('2025-01-01T00:00:00Z'),
    });
    await enrolPerson(t.ctx.db, {
      organisationId: orgId,
      programId: newer.id,
      personId: people.cleo!.id,
      role: 'mentor',
      capacity: 4,
      profile: { skillsOffered: ['Leadership'], goals: 'Leading teams', learningStyle: 'visual' },
      createdAt: new Date('2026-01-01T00:00:00Z'),
    });
    const read = await profileOf(people.cleo!.cookie);
    assert.equal(read.source, 'enrolment');
    assert.equal(read.goals, 'Old goals');
    assert.equal(read.helpWith, 'Leading teams');
    assert.equal(read.learningStyle, 'visual', 'the newest word wins');
    assert.equal(read.capacity, 4);
    assert.deepEqual(read.openEnrolments, [], 'a running or closed program is past matching');
    assert.equal(await storedRow(people.cleo!.id), undefined, 'reading writes nothing');
  });

  it('saves an edit of the whole profile, and copies it into the open enrolments the person picks', async () => {
    const enrolling = await createProgram(t.ctx.db, orgId, { status: 'enrolling', name: 'Open one' });
    const matched = await createProgram(t.ctx.db, orgId, { status: 'matching', name: 'Paired one' });
    const mentee = await enrolPerson(t.ctx.db, {
      organisationId: orgId,
      programId: enrolling.id,
      personId: people.dev!.id,
      role: 'mentee',
      profile: { goals: 'Before', preferredMentorIds: [people.ana!.id] },
      answers: {},
    });
    const paired = await enrolPerson(t.ctx.db, {
      organisationId: orgId,
      programId: matched.id,
      personId: people.dev!.id,
      role: 'mentee',
      profile: { goals: 'Paired already' },
    });
    const mentorOfPair = await enrolPerson(t.ctx.db, {
      organisationId: orgId,
      programId: matched.id,
      personId: people.eli!.id,
      role: 'mentor',
    });
    await createRelationshipRow(t.ctx.db, {
      organisationId: orgId,
      programId: matched.id,
      mentor: { id: mentorOfPair.id, personId: people.eli!.id },
      mentee: { id: paired.id, personId: people.dev!.id },
      status: 'active',
      origin: 'match_run',
    });
    const mine = await profileOf(people.dev!.cookie);
    assert.deepEqual(
      mine.openEnrolments.map((e) => e.id),
      [mentee.id],
    );

    const body = {
      skillsWanted: ['Negotiation'],
      goals: 'After',
      learningStyle: 'kinesthetic',
      languages: ['Spanish'],
      applyTo: [mentee.id],
    };
    const saved = await t.call('PUT', '/api/me/mentoring-profile', people.dev!.cookie, body);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json().applied, [{ enrolmentId: mentee.id, programName: 'Open one' }]);
    assert.equal(saved.json().profile.source, 'saved');
    assert.equal(saved.json().profile.availability, '', 'left out, so cleared');
    const copied = (await enrolmentRow(mentee.id)).profile as Record<string, unknown>;
    assert.equal(copied.goals, 'After');
    assert.deepEqual(copied.skillsWanted, ['Negotiation']);
    assert.deepEqual(copied.preferredMentorIds, [people.ana!.id], 'program-specific choices stay');
    assert.equal(
      ((await enrolmentRow(paired.id)).profile as Record<string, unknown>).goals,
      'Paired already',
    );

    // Nothing half-written: a paired enrolment named, or a skill not in the vocabulary, refuses the whole save.
    const refused = await t.call('PUT', '/api/me/mentoring-profile', people.dev!.cookie, {
      ...body,
      goals: 'Should not stick',
      applyTo: [mentee.id, paired.id],
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(issuePaths(refused), ['body.applyTo[1]']);
    const unknownSkill = await t.call('PUT', '/api/me/mentoring-profile', people.dev!.cookie, {
      skillsOffered: ['Juggling'],
      goals: 'Should not stick',
    });
    assert.equal(unknownSkill.statusCode, 400);
    assert.deepEqual(issuePaths(unknownSkill), ['body.skillsOffered[0]']);
    assert.match(unknownSkill.json().error.message, /Juggling/);
    assert.equal((await profileOf(people.dev!.cookie)).goals, 'After');
    assert.equal(((await enrolmentRow(mentee.id)).profile as Record<string, unknown>).goals, 'After');
  });

  it('refuses bad input naming the field', async () => {
    for (const [body, path] of [
      [{ learningStyle: 'osmosis' }, 'body.learningStyle'],
      [{ capacity: 0 }, 'body.capacity'],
      [{ languages: 'English' }, 'body.languages'],
      [{ applyTo: ['not-an-id'] }, 'body.applyTo'],
      [{ shoeSize: 44 }, 'body'],
    ] as const) {
      const response = await t.call('PUT', '/api/me/mentoring-profile', people.eli!.cookie, body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.ok(
        issuePaths(response).some((found) => found.startsWith(path)),
        `${JSON.stringify(body)}: ${issuePaths(response)}`,
      );
    }
    assert.equal(await storedRow(people.eli!.id), undefined);
  });

  it('is only ever the caller’s own: another person’s or organisation’s enrolments cannot be named', async () => {
    const program = await createProgram(t.ctx.db, orgId, { status: 'enrolling' });
    const anas = await enrolPerson(t.ctx.db, {
      organisationId: orgId,
      programId: program.id,
      personId: people.ana!.id,
      role: 'mentee',
    });
    const otherProgram = await createProgram(t.ctx.db, otherOrgId, { status: 'enrolling' });
    const stranger = await createPerson(t.ctx.db, otherOrgId);
    const theirs = await enrolPerson(t.ctx.db, {
      organisationId: otherOrgId,
      programId: otherProgram.id,
      personId: stranger.id,
      role: 'mentee',
    });
    const response = await t.call('PUT', '/api/me/mentoring-profile', people.eli!.cookie, {
      goals: 'Mine',
      applyTo: [anas.id, theirs.id],
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(issuePaths(response), ['body.applyTo[0]', 'body.applyTo[1]']);
    assert.notEqual(((await enrolmentRow(anas.id)).profile as Record<string, unknown>).goals, 'Mine');

    // Another organisation's member sees their own (empty) profile, nothing of this one.
    const { cookie } = await createSignedInUser(t.ctx.db, otherOrgId, { personId: stranger.id });
    const theirsRead = await profileOf(cookie);
    assert.equal(theirsRead.source, 'enrolment');
    assert.deepEqual(
      theirsRead.openEnrolments.map((e) => e.id),
      [theirs.id],
    );
  });

  it('answers 401 signed out and 409 to an account with no person in the directory', async () => {
    assert.equal((await t.call('GET', '/api/me/mentoring-profile')).statusCode, 401);
    assert.equal((await t.call('PUT', '/api/me/mentoring-profile', undefined, {})).statusCode, 401);
    const { cookie } = await createSignedInUser(t.ctx.db, orgId, { role: 'admin' });
    const read = await t.call('GET', '/api/me/mentoring-profile', cookie);
    assert.equal(read.statusCode, 409);
    assert.match(read.json().error.message, /not linked to a person/);
    assert.equal((await t.call('PUT', '/api/me/mentoring-profile', cookie, {})).statusCode, 409);
  });

  it('is in the person’s export, and goes with them when they are erased, with what they wrote when enrolling', async () => {
    const person = await createPerson(t.ctx.db, orgId, { name: 'Fay' });
    const { cookie } = await createSignedInUser(t.ctx.db, orgId, { personId: person.id });
    const program = await createProgram(t.ctx.db, orgId, { status: 'enrolling' });
    const enrolled = await t.call('POST', `/api/programs/${program.id}/enrolments`, cookie, {
      role: 'mentee',
      profile: { goals: 'My private ambitions', skillsWanted: ['SQL'] },
    });
    assert.equal(enrolled.statusCode, 201, enrolled.body);
    assert.ok(await storedRow(person.id));
    // The person's export (§10) carries it.
    const exported = await t.call('GET', `/api/people/${person.id}/export`, admin);
    assert.equal(exported.statusCode, 200, exported.body);
    assert.equal(exported.json().mentoring.profile.goals, 'My private ambitions');
    assert.deepEqual(exported.json().mentoring.profile.skillsWanted, ['SQL']);
    const erased = await t.call('DELETE', `/api/people/${person.id}`, admin);
    assert.equal(erased.statusCode, 200, erased.body);
    assert.equal(await storedRow(person.id), undefined);
    const left = await enrolmentRow(enrolled.json().id);
    assert.deepEqual(left.profile, {});
    assert.deepEqual(left.answers, {});
    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, person.id), eq(auditLog.action, 'person.erased')));
    assert.equal((entry!.details as { mentoringProfiles: number }).mentoringProfiles, 1);
  });
});
