import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { notifications, relationships, sessions, users } from '../../db/schema.ts';
import { createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import {
  createMemberPerson,
  createParticipant,
  createRelationshipRow,
} from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { importPeopleIntoOrganisation } from '../people-imports/people-imports.service.ts';

/*
 * Leaving the organisation ends access at once (decision 016), by each of the three doors: deactivation, an HRIS
 * import marking the person terminated, erasure. Their open relationships are then listed for staff as "left the
 * organisation" and ended on confirmation, the other side told in the app.
 */
describe('people who leave the organisation', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let member: string;
  let otherAdmin: string;

  const me = (cookie: string) => t.call('GET', '/api/auth/me', cookie);
  const accountOf = async (personId: string) =>
    (await t.ctx.db.select().from(users).where(eq(users.personId, personId)))[0]!;
  const sessionsOf = async (userId: string) =>
    (await t.ctx.db.select().from(sessions).where(eq(sessions.userId, userId))).length;
  const relationship = async (id: string) =>
    (await t.ctx.db.select().from(relationships).where(eq(relationships.id, id)))[0]!;
  const notesOf = async (personId: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, personId), eq(notifications.organisationId, orgId)));
  const importCsv = (csv: string, cookie = admin) =>
    t.app.inject({
      method: 'POST',
      url: '/api/people/imports',
      headers: { cookie, 'content-type': 'text/csv' },
      payload: csv,
    });

  /** A program with a mentor and two mentees: one active relationship and one open request, both with `leaver`. */
  async function pairsAround(role: 'mentor' | 'mentee', leaverRole: 'admin' | 'member' = 'member') {
    const program = await createProgram(t.ctx.db, orgId, { status: 'running' });
    const leaver = await createParticipant(t.ctx.db, program, role);
    if (leaverRole === 'admin')
      await t.ctx.db.update(users).set({ role: 'admin' }).where(eq(users.id, leaver.user.id));
    const other = role === 'mentor' ? 'mentee' : 'mentor';
    const partner = await createParticipant(t.ctx.db, program, other);
    const requester = await createParticipant(t.ctx.db, program, other);
    const side = (p: typeof leaver) => ({ id: p.enrolment.id, personId: p.person.id });
    const pair = (a: typeof leaver, b: typeof leaver) =>
      role === 'mentor' ? { mentor: side(a), mentee: side(b) } : { mentor: side(b), mentee: side(a) };
    const active = await createRelationshipRow(t.ctx.db, {
      organisationId: orgId,
      programId: program.id,
      ...pair(leaver, partner),
      status: 'active',
      origin: 'match_run',
    });
    const proposed = await createRelationshipRow(t.ctx.db, {
      organisationId: orgId,
      programId: program.id,
      ...pair(leaver, requester),
      status: 'proposed',
    });
    return { program, leaver, partner, requester, active, proposed };
  }

  before(async () => {
    t = await createTestApp();
    const orgs = await createTwoOrganisations(t.ctx.db);
    orgId = orgs.org.id;
    admin = orgs.admin.cookie;
    member = orgs.member.cookie;
    otherAdmin = orgs.otherAdmin.cookie;
  });
  after(() => t.close());

  it('deactivation signs them out at once, disables their account and takes back admin rights', async () => {
    const { leaver } = await pairsAround('mentor', 'admin');
    assert.equal((await me(leaver.cookie)).statusCode, 200);
    const response = await t.call('POST', `/api/people/${leaver.person.id}/deactivate`, admin);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().status, 'inactive');
    assert.equal((await me(leaver.cookie)).statusCode, 401);
    const account = await accountOf(leaver.person.id);
    assert.equal(account.status, 'disabled');
    assert.equal(account.role, 'member');
    assert.equal(await sessionsOf(account.id), 0);

    // Reactivation brings the person back, not the access: the account stays disabled, a member account.
    const early = await t.call('PATCH', `/api/users/${account.id}`, admin, { status: 'active' });
    assert.equal(early.statusCode, 409, 'no account comes back while its person is gone');
    assert.match(early.json().error.message, /no longer active in the directory/);
    assert.equal((await accountOf(leaver.person.id)).status, 'disabled');
    const back = await t.call('POST', `/api/people/${leaver.person.id}/reactivate`, admin);
    assert.equal(back.json().status, 'active');
    assert.equal((await accountOf(leaver.person.id)).status, 'disabled');
    assert.equal((await me(leaver.cookie)).statusCode, 401);
    const reenabled = await t.call('PATCH', `/api/users/${account.id}`, admin, { status: 'active' });
    assert.equal(reenabled.statusCode, 200, reenabled.body);
    assert.equal(reenabled.json().role, 'member');
  });

  it('refuses to deactivate yourself or the last active admin; refuses members and another organisation', async () => {
    const self = await createMemberPerson(t.ctx.db, orgId, {}, 'admin');
    const refused = await t.call('POST', `/api/people/${self.person.id}/deactivate`, self.cookie);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().error.message, /cannot deactivate yourself/);
    assert.equal((await me(self.cookie)).statusCode, 200);

    const target = await createMemberPerson(t.ctx.db, orgId);
    assert.equal(
      (await t.call('POST', `/api/people/${target.person.id}/deactivate`, member)).statusCode,
      403,
    );
    assert.equal(
      (await t.call('POST', `/api/people/${target.person.id}/deactivate`, otherAdmin)).statusCode,
      404,
    );
    assert.equal((await me(target.cookie)).statusCode, 200);

    // Another organisation whose only admin is a person: the command line cannot mark them gone either.
    const lone = await createTwoOrganisations(t.ctx.db);
    await t.ctx.db.delete(users).where(eq(users.organisationId, lone.org.id));
    const onlyAdmin = await createMemberPerson(
      t.ctx.db,
      lone.org.id,
      { name: 'Only Admin', email: 'only.admin@lone.test' },
      'admin',
    );
    const result = await importPeopleIntoOrganisation(t.ctx, lone.org.id, null, {
      csv: 'Name,Email,Status\nOnly Admin,only.admin@lone.test,Terminated\n',
    });
    assert.equal(result.status, 'rejected');
    assert.equal(result.errors[0]?.line, 2);
    assert.match(result.errors[0]?.message ?? '', /last active admin/);
    assert.equal((await me(onlyAdmin.cookie)).statusCode, 200);
  });

  it('lists their open relationships for staff and ends them per person on confirmation, telling the partner', async () => {
    const { program, leaver, partner, requester, active, proposed } = await pairsAround('mentor');
    const coordinator = await createSignedInUser(t.ctx.db, orgId);
    await addCoordinator(t.ctx.db, orgId, program.id, coordinator.user.id);
    const listed = () => t.call('GET', `/api/programs/${program.id}/leavers`, coordinator.cookie);
    const onPage = () => t.call('GET', `/api/people/${leaver.person.id}/leaver-relationships`, admin);
    assert.equal((await listed()).json().total, 0);
    assert.equal((await onPage()).json().total, 0);
    assert.equal(
      (await t.call('POST', `/api/people/${leaver.person.id}/leaver-relationships/end`, admin)).statusCode,
      409,
      'a person still here has no leaver relationships to end',
    );

    await t.call('POST', `/api/people/${leaver.person.id}/deactivate`, admin);
    const flagged = (await listed()).json();
    assert.equal(flagged.total, 2);
    assert.deepEqual(
      flagged.items.map((item: { leftSides: string[] }) => item.leftSides),
      [['mentor'], ['mentor']],
    );
    assert.equal((await onPage()).json().total, 2);
    // Nothing ends until staff confirm.
    assert.equal((await relationship(active.id)).status, 'active');

    // Refused: a member who is not staff, another organisation, the person page for a member.
    assert.equal((await t.call('GET', `/api/programs/${program.id}/leavers`, member)).statusCode, 403);
    assert.equal((await t.call('GET', `/api/programs/${program.id}/leavers`, otherAdmin)).statusCode, 404);
    assert.equal(
      (await t.call('POST', `/api/programs/${program.id}/leavers/end`, member, {})).statusCode,
      403,
    );
    assert.equal(
      (await t.call('POST', `/api/programs/${program.id}/leavers/end`, otherAdmin, {})).statusCode,
      404,
    );
    assert.equal(
      (await t.call('GET', `/api/people/${leaver.person.id}/leaver-relationships`, member)).statusCode,
      403,
    );
    assert.equal(
      (await t.call('GET', `/api/people/${leaver.person.id}/leaver-relationships`, otherAdmin)).statusCode,
      404,
    );
    assert.equal(
      (await t.call('POST', `/api/people/${leaver.person.id}/leaver-relationships/end`, otherAdmin))
        .statusCode,
      404,
    );
    assert.equal((await relationship(active.id)).status, 'active');

    const ended = await t.call('POST', `/api/people/${leaver.person.id}/leaver-relationships/end`, admin);
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json().ended, 2);
    const endedRow = await relationship(active.id);
    assert.equal(endedRow.status, 'ended_early');
    assert.equal(endedRow.reason, 'left the organisation');
    assert.equal(endedRow.reasonCode, 'left_organisation');
    assert.equal((await relationship(proposed.id)).status, 'declined');
    const [told] = await notesOf(partner.person.id);
    assert.equal(told?.title, `Your mentoring relationship with ${leaver.person.name} has ended`);
    assert.ok(told?.body.startsWith(`${leaver.person.name} has left the organisation. What happens next:`));
    const [requesterTold] = await notesOf(requester.person.id);
    assert.equal(requesterTold?.title, `Your request to ${leaver.person.name} was closed`);
    assert.equal((await notesOf(leaver.person.id)).length, 0);
    assert.equal((await listed()).json().total, 0);
  });

  it('an HRIS import marking them terminated ends their access; staff end their relationships per program', async () => {
    const { program, leaver, partner, active, proposed } = await pairsAround('mentee');
    assert.equal((await me(leaver.cookie)).statusCode, 200);
    const imported = await importCsv(
      `Name,Email,Employment Status\n${leaver.person.name},${leaver.person.email},Terminated\n`,
    );
    assert.equal(imported.statusCode, 201, imported.body);
    assert.equal((await me(leaver.cookie)).statusCode, 401);
    assert.equal((await accountOf(leaver.person.id)).status, 'disabled');

    const flagged = (await t.call('GET', `/api/programs/${program.id}/leavers`, admin)).json();
    assert.equal(flagged.total, 2);
    assert.deepEqual(flagged.items[0].leftSides, ['mentee']);
    const ended = await t.call('POST', `/api/programs/${program.id}/leavers/end`, admin, {
      personId: leaver.person.id,
    });
    assert.equal(ended.json().ended, 2);
    assert.equal((await relationship(active.id)).status, 'ended_early');
    assert.equal((await relationship(proposed.id)).status, 'withdrawn');
    const [told] = await notesOf(partner.person.id);
    assert.equal(told?.title, `Your mentoring relationship with ${leaver.person.name} has ended`);
  });

  it('refuses an import in which the importing admin marks themself terminated, writing nothing', async () => {
    const self = await createMemberPerson(t.ctx.db, orgId, { name: 'Ima Admin' }, 'admin');
    const imported = await importCsv(
      `Name,Email,Status\nIma Admin,${self.person.email},Terminated\n`,
      self.cookie,
    );
    assert.equal(imported.statusCode, 422, imported.body);
    const [error] = imported.json().error.details.errors;
    assert.equal(error.line, 2);
    assert.equal(error.field, 'status');
    assert.match(error.message, /this is you/);
    assert.equal((await me(self.cookie)).statusCode, 200);
    assert.equal((await t.call('GET', `/api/people/${self.person.id}`, admin)).json().status, 'active');
  });

  it('erasure ends their sessions at once and flags their open relationships, the partner told without their name', async () => {
    const { program, leaver, partner, active } = await pairsAround('mentor');
    const erased = await t.call('DELETE', `/api/people/${leaver.person.id}`, admin);
    assert.equal(erased.statusCode, 200, erased.body);
    assert.equal((await me(leaver.cookie)).statusCode, 401);
    const flagged = (await t.call('GET', `/api/programs/${program.id}/leavers`, admin)).json();
    assert.equal(flagged.total, 2);
    assert.equal(flagged.items[0].mentor.name, 'Erased person');
    const ended = await t.call('POST', `/api/programs/${program.id}/leavers/end`, admin, {});
    assert.equal(ended.json().ended, 2);
    assert.equal((await relationship(active.id)).status, 'ended_early');
    const [told] = await notesOf(partner.person.id);
    assert.equal(told?.title, 'Your mentoring relationship has ended');
    assert.ok(told?.body.startsWith('Your partner has left the organisation. What happens next:'));
  });
});
