import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import { auditLog, enrolments, messageSettings, notifications } from '../../db/schema.ts';
import { createPerson, createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import { addCoordinator, createProgram, createSkills, enrolPerson } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

describe('enrolment by CSV with a preview, and decisions on many enrolments', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let member: string;
  let otherAdmin: string;
  let otherOrgId: string;
  let coordinator: { cookie: string; userId: string };
  const people: Record<string, { id: string; email: string }> = {};

  const csv = (url: string, text: string, cookie = admin) =>
    t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'text/csv' }, payload: text });
  const decide = (programId: string, payload: unknown, cookie = admin) =>
    t.call('POST', `/api/programs/${programId}/enrolments/decisions`, cookie, payload);
  const statuses = async (programId: string) =>
    Object.fromEntries(
      (await t.ctx.db.select().from(enrolments).where(eq(enrolments.programId, programId))).map((row) => [
        Object.entries(people).find(([, p]) => p.id === row.personId)?.[0] ?? row.personId,
        row.status,
      ]),
    );
  const noticesOf = async (names: string[], kind?: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(
          inArray(
            notifications.personId,
            names.map((name) => people[name]!.id),
          ),
          ...(kind ? [eq(notifications.kind, kind)] : []),
        ),
      );

  before(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    const two = await createTwoOrganisations(db);
    orgId = two.org.id;
    admin = two.admin.cookie;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
    const names = ['ada', 'bo', 'cy', 'di', 'ed', 'fay', 'gus', 'hal', 'ivy', 'jo', 'kai'];
    for (const name of names) {
      const person = await createPerson(db, orgId, {
        name: name.charAt(0).toUpperCase() + name.slice(1),
        email: `${name}@acme.example`,
      });
      people[name] = { id: person.id, email: person.email };
      // Everyone has an account but Kai.
      if (name !== 'kai') await createSignedInUser(db, orgId, { personId: person.id, email: person.email });
    }
    // Coord coordinates the programs of these tests (and not the others of the organisation).
    const session = await createSignedInUser(db, orgId, { email: 'coord-2@acme.example' });
    coordinator = { cookie: session.cookie, userId: session.user.id };
    otherOrgId = two.other.id;
    await createSkills(db, orgId, ['Leadership', 'Negotiation']);
    // What people chose: Fay reads enrolment news in the app only, Gus turned it off, Hal gets a daily digest.
    const settings = (personId: string, channels: Record<string, string>, digest = 'off') =>
      db
        .insert(messageSettings)
        .values({ personId, organisationId: orgId, channels, digest, unsubscribeKey: 'k' });
    await settings(people.fay!.id, { enrolment: 'in_app' });
    await settings(people.gus!.id, { enrolment: 'off' });
    await settings(people.hal!.id, {}, 'daily');
  });
  after(async () => t.close());

  async function newProgram(overrides: Parameters<typeof createProgram>[2] = {}) {
    const program = await createProgram(t.ctx.db, orgId, { status: 'enrolling', ...overrides });
    await addCoordinator(t.ctx.db, orgId, program.id, coordinator.userId);
    return program;
  }

  it('previews a CSV without writing: who is added, who is enrolled already, every problem by line', async () => {
    const program = await newProgram({ mentorDefaultCapacity: 1 });
    await enrolPerson(t.ctx.db, {
      organisationId: orgId,
      programId: program.id,
      personId: people.bo!.id,
      role: 'mentee',
    });
    const url = `/api/programs/${program.id}/enrolments/import/preview`;
    const file = [
      'email,role,capacity,skills,learning style',
      `${people.ada!.email},mentor,,Leadership,visual`,
      `${people.bo!.email},mentee,,,`,
      `${people.cy!.email},mentee,,,`,
      'nobody@acme.example,mentee,,,',
      `${people.di!.email},mentee,2,Juggling,telepathy`,
      `${people.ed!.email},mentor,,,`,
      `${people.cy!.email},mentee,,,`,
    ].join('\n');
    const preview = await csv(url, file);
    assert.equal(preview.statusCode, 200, preview.body);
    const body = preview.json();
    assert.equal(body.rows, 7);
    assert.deepEqual(
      body.toAdd.items.map((item: { line: number; name: string; role: string }) => [
        item.line,
        item.name,
        item.role,
      ]),
      [
        [2, 'Ada', 'mentor'],
        [4, 'Cy', 'mentee'],
        [7, 'Ed', 'mentor'],
      ],
    );
    assert.deepEqual(
      { total: body.toAdd.total, mentors: body.toAdd.mentors, mentees: body.toAdd.mentees },
      { total: 3, mentors: 2, mentees: 1 },
    );
    // Ada's one place already goes to Bo (approved); Cy comes before Ed's place: Cy would wait.
    assert.equal(body.toAdd.waitlisted, 1);
    assert.deepEqual(
      body.alreadyEnrolled.items.map((item: { line: number; name: string; status: string }) => [
        item.line,
        item.name,
        item.status,
      ]),
      [[3, 'Bo', 'approved']],
    );
    assert.deepEqual(
      body.errors.map((error: { line: number; column: string | null }) => [error.line, error.column]),
      [
        [5, 'Email'],
        [6, 'Capacity'],
        [6, 'Learning style'],
        [6, 'Skills'],
        [8, 'Email'],
      ],
    );
    const messages = body.errors.map((error: { message: string }) => error.message);
    assert.match(messages[0], /^Nobody in the directory has the email nobody@acme\.example/);
    assert.equal(messages[1], 'Only mentors have a capacity: leave it empty for mentees.');
    assert.match(messages[2], /“telepathy” is not a learning style Trellis knows: use visual, auditory/);
    assert.match(messages[3], /“Juggling” is not in your organisation’s skills list/);
    assert.equal(messages[4], 'This person is also on line 4.');
    assert.equal(body.errorCount, 5);
    assert.equal(
      (await t.ctx.db.select().from(enrolments).where(eq(enrolments.programId, program.id))).length,
      1,
      'nothing written',
    );

    // A format problem is the file's one error, with its line; a header without the needed columns too.
    const unclosed = (await csv(url, `email,role\n"${people.cy!.email},mentee\n`)).json();
    assert.equal(unclosed.errors[0].line, 2);
    assert.equal(unclosed.errorCount, 1);
    const header = (await csv(url, 'mail,role\nx@y.z,mentor\n')).json();
    assert.deepEqual(
      header.errors.map((error: { message: string }) => error.message),
      [
        '“mail” is not a column Trellis reads. The columns are: email, role, capacity, skills, goals, target function, languages, learning style, meeting mode, department preference, availability.',
        'The header has no “email” column: every file needs one.',
      ],
    );
    // Someone enrolled as the other role is an error on their line.
    const other = (await csv(url, `email,role\n${people.bo!.email},mentor\n`)).json();
    assert.equal(other.errors[0].line, 2);
    assert.match(other.errors[0].message, /already enrolled in the program as a mentee/);

    const json = await t.call('POST', url, admin, { rows: [] });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().error.details.issues[0].path, 'body');
    // The coordinator of the program may; a member may not; another organisation sees nothing.
    assert.equal((await csv(url, file, coordinator.cookie)).statusCode, 200);
    assert.equal((await csv(url, file, member)).statusCode, 403);
    assert.equal((await csv(url, file, otherAdmin)).statusCode, 404);
    // A coordinator of another program only.
    const notTheirs = await createProgram(t.ctx.db, orgId, { status: 'enrolling' });
    assert.equal(
      (await csv(`/api/programs/${notTheirs.id}/enrolments/import/preview`, file, coordinator.cookie))
        .statusCode,
      403,
    );
  });

  it('approves picked enrolments all or nothing, waitlists beyond the places and says who was told how', async () => {
    const program = await newProgram();
    const enrol = (
      name: string,
      role: 'mentor' | 'mentee',
      status: 'pending_approval' | 'approved' | 'waitlisted',
      capacity?: number,
    ) =>
      enrolPerson(t.ctx.db, {
        organisationId: orgId,
        programId: program.id,
        personId: people[name]!.id,
        role,
        status,
        ...(capacity ? { capacity } : {}),
        createdAt: new Date(Date.now() - 1000 * Object.keys(people).indexOf(name)),
      });
    // Ada mentors 2 (pending); Bo waits already (approved before, no place then); Cy … Kai are pending mentees.
    const ada = await enrol('ada', 'mentor', 'pending_approval', 2);
    await enrol('bo', 'mentee', 'waitlisted');
    const pending = await Promise.all(
      ['fay', 'gus', 'hal', 'kai'].map((name) => enrol(name, 'mentee', 'pending_approval')),
    );
    const approvedAlready = await enrol('jo', 'mentor', 'approved', 1);
    const ids = [ada.id, ...pending.map((row) => row.id)];

    // Jo is approved already: the whole decision is refused, naming Jo, and nothing changes.
    const before = await statuses(program.id);
    const refused = await decide(program.id, {
      action: 'approve',
      enrolmentIds: [...ids, approvedAlready.id],
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(
      refused.json().error.message,
      '1 of the 6 enrolments cannot be approved (Jo is already approved). Nothing was changed.',
    );
    assert.deepEqual(refused.json().error.details.refused, [
      { enrolmentId: approvedAlready.id, name: 'Jo', status: 'approved', message: 'is already approved' },
    ]);
    assert.deepEqual(await statuses(program.id), before);
    assert.equal((await noticesOf(['ada', 'fay', 'gus', 'hal', 'kai'])).length, 0);

    // The dry run reports what would happen, and changes nothing.
    const dry = await decide(program.id, {
      action: 'approve',
      enrolmentIds: [...ids, approvedAlready.id],
      dryRun: true,
    });
    assert.equal(dry.statusCode, 200, dry.body);
    const preview = dry.json();
    assert.deepEqual(await statuses(program.id), before);
    assert.equal((await noticesOf(['ada', 'bo', 'fay', 'gus', 'hal', 'kai'])).length, 0);

    // Leaving Jo out: Ada's two places and Jo's one go to Bo (waiting first) and the two oldest pending mentees.
    const done = await decide(program.id, {
      action: 'approve',
      enrolmentIds: [...ids, approvedAlready.id],
      leaveOutRefused: true,
    });
    assert.equal(done.statusCode, 200, done.body);
    const result = done.json();
    assert.deepEqual(
      {
        matched: result.matched,
        changed: result.changed,
        approved: result.approved,
        waitlisted: result.waitlisted,
        promoted: result.promoted,
        refusedCount: result.refusedCount,
      },
      { matched: 6, changed: 5, approved: 3, waitlisted: 2, promoted: 1, refusedCount: 1 },
    );
    assert.deepEqual({ ...preview, dryRun: false }, result, 'the dry run said what happened');
    const after = await statuses(program.id);
    assert.equal(after.ada, 'approved');
    assert.equal(after.bo, 'approved', 'the mentee waiting first takes a new place');
    // Kai enrolled first (oldest), then Hal, Gus, Fay: Kai and Hal take the last two places.
    assert.deepEqual(
      [after.kai, after.hal, after.gus, after.fay],
      ['approved', 'approved', 'waitlisted', 'waitlisted'],
    );

    // Who was told, and how: six people concerned (Ada, Bo, Fay, Gus, Hal, Kai).
    assert.deepEqual(result.told, {
      people: 6,
      byEmail: 3, // Ada, Bo, Kai (no account: the email invites them)
      inDigest: 1, // Hal chose a daily digest
      inAppOnly: 1, // Fay chose in-app for enrolment news
      notTold: 1, // Gus turned enrolment news off
      withoutAccount: 1,
    });
    assert.equal((await noticesOf(['gus'])).length, 0, 'Gus gets nothing');
    assert.equal((await noticesOf(['fay'], 'enrolment.waitlisted'))[0]?.emailStatus ?? null, null);
    assert.equal((await noticesOf(['bo'], 'enrolment.promoted')).length, 1);
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, program.id));
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['program.enrolments_approved'],
    );
  });

  it('decides on every enrolment matching a filter, if the count is still the one the person saw', async () => {
    const program = await newProgram();
    for (const name of ['cy', 'di', 'ed']) {
      await enrolPerson(t.ctx.db, {
        organisationId: orgId,
        programId: program.id,
        personId: people[name]!.id,
        role: 'mentee',
        status: 'pending_approval',
      });
    }
    await enrolPerson(t.ctx.db, {
      organisationId: orgId,
      programId: program.id,
      personId: people.ivy!.id,
      role: 'mentor',
      status: 'pending_approval',
    });
    const filter = { role: 'mentee', status: 'pending_approval' };
    const stale = await decide(program.id, { action: 'reject', filter, expectedCount: 2, reason: 'Full' });
    assert.equal(stale.statusCode, 409);
    assert.match(
      stale.json().error.message,
      /^The list changed since you looked: 3 enrolments match the filter now, not 2/,
    );
    assert.equal((await statuses(program.id)).cy, 'pending_approval');

    const rejected = await decide(program.id, {
      action: 'reject',
      filter,
      expectedCount: 3,
      reason: 'This cohort is full',
    });
    assert.equal(rejected.statusCode, 200, rejected.body);
    assert.equal(rejected.json().rejected, 3);
    assert.deepEqual(await statuses(program.id), {
      cy: 'rejected',
      di: 'rejected',
      ed: 'rejected',
      ivy: 'pending_approval',
    });
    const notice = (await noticesOf(['cy'], 'enrolment.rejected'))[0]!;
    assert.match(notice.body, /“This cohort is full”/);

    // Waitlisting is for mentees: Ivy the mentor is refused, with a summary.
    const mentor = await decide(program.id, { action: 'waitlist', filter: { role: 'mentor' } });
    assert.equal(mentor.statusCode, 409);
    assert.equal(
      mentor.json().error.message,
      'This enrolment cannot be put on the waitlist (Ivy is a mentor: only mentees wait for a place). Nothing was changed.',
    );
    // Many refused: counted by reason.
    const everyone = await decide(program.id, { action: 'waitlist', filter: {}, dryRun: true });
    assert.equal(
      everyone.json().refusedSummary,
      '3 were rejected, 1 is a mentor: only mentees wait for a place',
    );
    const none = await decide(program.id, { action: 'approve', filter: { status: 'rejected' } });
    assert.equal(
      none.json().error.message,
      'None of the 3 enrolments can be approved (3 were rejected). Nothing was changed.',
    );
  });

  it('puts pending mentees on the waitlist and tells them', async () => {
    const program = await newProgram();
    const row = await enrolPerson(t.ctx.db, {
      organisationId: orgId,
      programId: program.id,
      personId: people.di!.id,
      role: 'mentee',
      status: 'pending_approval',
    });
    const waitlisted = await decide(
      program.id,
      { action: 'waitlist', enrolmentIds: [row.id] },
      coordinator.cookie,
    );
    assert.equal(waitlisted.statusCode, 200, waitlisted.body);
    assert.equal((await statuses(program.id)).di, 'waitlisted');
    const notice = (await noticesOf(['di'], 'enrolment.waitlisted')).at(-1)!;
    assert.equal(notice.title, `You are on the waitlist of ${program.name}`);
  });

  it('refuses bad input naming the field, other roles, and another organisation', async () => {
    const program = await newProgram();
    const row = await enrolPerson(t.ctx.db, {
      organisationId: orgId,
      programId: program.id,
      personId: people.ed!.id,
      role: 'mentee',
      status: 'pending_approval',
    });
    const pathOf = async (payload: unknown) => {
      const response = await decide(program.id, payload);
      assert.equal(response.statusCode, 400, response.body);
      return response.json().error.details.issues[0].path;
    };
    assert.equal(await pathOf({ action: 'promote', enrolmentIds: [row.id] }), 'body.action');
    assert.equal(await pathOf({ action: 'approve' }), 'body.enrolmentIds');
    assert.equal(
      await pathOf({ action: 'approve', enrolmentIds: [row.id], filter: {} }),
      'body.enrolmentIds',
    );
    assert.equal(await pathOf({ action: 'approve', enrolmentIds: [row.id], reason: 'x' }), 'body.reason');
    assert.equal(await pathOf({ action: 'approve', enrolmentIds: [row.id, row.id] }), 'body.enrolmentIds[1]');
    assert.equal(
      await pathOf({ action: 'approve', enrolmentIds: [row.id, crypto.randomUUID()] }),
      'body.enrolmentIds[1]',
    );
    assert.equal(await pathOf({ action: 'approve', enrolmentIds: ['nope'] }), 'body.enrolmentIds.0');
    assert.equal((await statuses(program.id)).ed, 'pending_approval', 'nothing written');

    assert.equal(
      (await decide(program.id, { action: 'approve', enrolmentIds: [row.id] }, member)).statusCode,
      403,
    );
    assert.equal(
      (await decide(program.id, { action: 'approve', enrolmentIds: [row.id] }, otherAdmin)).statusCode,
      404,
    );
    // Another organisation's admin cannot reach this enrolment through their own program either.
    const theirs = await createProgram(t.ctx.db, otherOrgId);
    const across = await decide(theirs.id, { action: 'approve', enrolmentIds: [row.id] }, otherAdmin);
    assert.equal(across.statusCode, 400);
    assert.equal(across.json().error.details.issues[0].path, 'body.enrolmentIds[0]');
    assert.equal((await statuses(program.id)).ed, 'pending_approval');
    const notTheirs = await createProgram(t.ctx.db, orgId, { status: 'enrolling' });
    assert.equal(
      (await decide(notTheirs.id, { action: 'approve', filter: {} }, coordinator.cookie)).statusCode,
      403,
    );
  });
});
