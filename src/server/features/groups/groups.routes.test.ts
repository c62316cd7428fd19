import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { mentoringGroups, notifications, relationships } from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { createGroupRow } from '../../testing/group-factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import { createMemberPerson, createParticipant } from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

type Participant = Awaited<ReturnType<typeof createParticipant>>;

describe('mentoring groups: staff manage them, mentees join and leave', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let member: string;
  let otherAdmin: string;
  let program: Awaited<ReturnType<typeof createProgram>>;

  const send = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    cookie?: string,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      headers: cookie ? { cookie } : {},
      ...(payload === undefined && method === 'POST' ? { payload: {} } : {}),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const notesOf = (personId: string, kind: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, personId), eq(notifications.kind, kind)));
  const groupsOf = (programId: string) =>
    t.ctx.db.select().from(mentoringGroups).where(eq(mentoringGroups.programId, programId));

  async function people(p: { id: string; organisationId: string }, role: 'mentor' | 'mentee', n: number) {
    const list: Participant[] = [];
    for (let k = 0; k < n; k++) list.push(await createParticipant(t.ctx.db, p, role));
    return list;
  }

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    admin = two.admin.cookie;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
    program = await createProgram(t.ctx.db, orgId, {
      type: 'group',
      status: 'running',
      groupMinSize: 2,
      groupMaxSize: 4,
    });
  });
  after(() => t.close());

  it('staff create a group by hand: its members start with the mentor and everyone is told', async () => {
    const [mentor, coMentor] = await people(program, 'mentor', 2);
    const mentees = await people(program, 'mentee', 3);
    const response = await send('POST', `/api/programs/${program.id}/groups`, admin, {
      mentorEnrolmentId: mentor!.enrolment.id,
      coMentorEnrolmentId: coMentor!.enrolment.id,
      name: 'Data leads',
      menteeEnrolmentIds: mentees.map((m) => m.enrolment.id),
    });
    assert.equal(response.statusCode, 201, response.body);
    const { group, told } = response.json();
    assert.equal(group.name, 'Data leads');
    assert.equal(group.status, 'active');
    assert.equal(group.origin, 'staff');
    assert.equal(group.members, 3);
    assert.equal(group.maxSize, 4);
    assert.equal(group.coMentor.enrolmentId, coMentor!.enrolment.id);
    assert.equal(group.memberList.length, 3);
    assert.equal(told.people, 5, 'mentor, co-mentor and three members');
    const rows = await t.ctx.db.select().from(relationships).where(eq(relationships.groupId, group.id));
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.status === 'active' && r.origin === 'group'));
    assert.equal((await notesOf(mentees[0]!.person.id, 'group_started')).length, 1);
    assert.equal((await notesOf(mentees[0]!.person.id, 'group_started'))[0]!.link, `/groups/${group.id}`);

    // The member sees one entry with the group's name among their relationships, and the group among theirs.
    const mine = await send('GET', '/api/me/relationships', mentees[0]!.cookie);
    assert.equal(mine.json().items[0].groupId, group.id);
    assert.equal(mine.json().items[0].groupName, 'Data leads');
    // The mentor's home shows the group once, not once per member, linking to the group's page.
    const home = await send('GET', '/api/home', mentor!.cookie);
    assert.equal(home.statusCode, 200, home.body);
    assert.deepEqual(
      home
        .json()
        .relationships.map((r: { group: { name: string } | null; link: string }) => [r.group?.name, r.link]),
      [['Data leads', `/groups/${group.id}`]],
    );
    const myGroups = await send('GET', '/api/me/groups', coMentor!.cookie);
    assert.equal(myGroups.statusCode, 200, myGroups.body);
    assert.deepEqual(
      myGroups
        .json()
        .items.map((g: { name: string; myRole: string; link: string }) => [g.name, g.myRole, g.link]),
      [['Data leads', 'co_mentor', `/groups/${group.id}`]],
    );
  });

  it('refuses a size outside the program’s range (400 naming the field) and a mentor who leads a group (409), writing nothing', async () => {
    const [mentor] = await people(program, 'mentor', 1);
    const mentees = await people(program, 'mentee', 5);
    const before = (await groupsOf(program.id)).length;
    const tooMany = await send('POST', `/api/programs/${program.id}/groups`, admin, {
      mentorEnrolmentId: mentor!.enrolment.id,
      name: 'Too big',
      menteeEnrolmentIds: mentees.map((m) => m.enrolment.id),
    });
    assert.equal(tooMany.statusCode, 400, tooMany.body);
    assert.equal(tooMany.json().error.details.issues[0].path, 'body.menteeEnrolmentIds');
    assert.match(tooMany.json().error.details.issues[0].message, /between 2 and 4 mentees/);

    const ok = await send('POST', `/api/programs/${program.id}/groups`, admin, {
      mentorEnrolmentId: mentor!.enrolment.id,
      name: 'First',
      menteeEnrolmentIds: [mentees[0]!.enrolment.id, mentees[1]!.enrolment.id],
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const again = await send('POST', `/api/programs/${program.id}/groups`, admin, {
      mentorEnrolmentId: mentor!.enrolment.id,
      name: 'Second',
      menteeEnrolmentIds: [mentees[2]!.enrolment.id, mentees[3]!.enrolment.id],
    });
    assert.equal(again.statusCode, 409, again.body);
    assert.match(again.json().error.message, new RegExp(`${mentor!.person.name} already leads a group`));
    assert.equal(again.json().error.details.mentorEnrolmentId, mentor!.enrolment.id);

    // A mentee already in a group: refused whole, no group and no relationship half-written.
    const [other] = await people(program, 'mentor', 1);
    const taken = await send('POST', `/api/programs/${program.id}/groups`, admin, {
      mentorEnrolmentId: other!.enrolment.id,
      name: 'Overlapping',
      menteeEnrolmentIds: [mentees[4]!.enrolment.id, mentees[0]!.enrolment.id],
    });
    assert.equal(taken.statusCode, 409, taken.body);
    assert.match(taken.json().error.message, /already has a mentor or a group/);
    assert.equal((await groupsOf(program.id)).length, before + 1);
    const stray = await t.ctx.db
      .select()
      .from(relationships)
      .where(eq(relationships.menteeEnrolmentId, mentees[4]!.enrolment.id));
    assert.equal(stray.length, 0);
  });

  it('lists the program’s groups with seats, meetings and goals for staff only', async () => {
    const response = await send('GET', `/api/programs/${program.id}/groups`, admin);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.ok(body.total >= 2);
    const data = body.items.find((g: { name: string }) => g.name === 'Data leads');
    assert.equal(data.members, 3);
    assert.equal(data.meetingsHeld, 0);
    assert.equal(data.lastMeetingAt, null);
    assert.equal(data.goalsTotal, 0);

    assert.equal((await send('GET', `/api/programs/${program.id}/groups`)).statusCode, 401);
    assert.equal((await send('GET', `/api/programs/${program.id}/groups`, member)).statusCode, 403);
    assert.equal((await send('GET', `/api/programs/${program.id}/groups`, otherAdmin)).statusCode, 404);
    const coordinator = await createMemberPerson(t.ctx.db, orgId, {});
    await addCoordinator(t.ctx.db, orgId, program.id, coordinator.user.id);
    assert.equal(
      (await send('GET', `/api/programs/${program.id}/groups`, coordinator.cookie)).statusCode,
      200,
    );
  });

  it('staff add and remove members within the seats, rename, set and clear the co-mentor', async () => {
    const { group, mentor, members } = await createGroupRow(t.ctx.db, program, { mentees: 3 });
    const extra = await people(program, 'mentee', 2);
    const full = await send('POST', `/api/groups/${group.id}/members`, admin, {
      menteeEnrolmentIds: extra.map((m) => m.enrolment.id),
    });
    assert.equal(full.statusCode, 409, full.body);
    assert.match(full.json().error.message, /1 seat left/);
    const added = await send('POST', `/api/groups/${group.id}/members`, admin, {
      menteeEnrolmentIds: [extra[0]!.enrolment.id],
    });
    assert.equal(added.statusCode, 200, added.body);
    assert.equal(added.json().group.members, 4);
    assert.equal((await notesOf(extra[0]!.person.id, 'group_joined')).length, 1);

    const removed = await send(
      'DELETE',
      `/api/groups/${group.id}/members/${members[0]!.enrolment.id}`,
      admin,
    );
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().group.members, 3);
    const [ended] = await t.ctx.db
      .select()
      .from(relationships)
      .where(eq(relationships.id, members[0]!.relationship.id));
    assert.equal(ended!.status, 'ended_early');
    assert.equal((await notesOf(mentor.person.id, 'group_member_left')).length, 1);

    const [co] = await people(program, 'mentor', 1);
    const renamed = await send('PATCH', `/api/groups/${group.id}/details`, admin, {
      name: 'Renamed',
      coMentorEnrolmentId: co!.enrolment.id,
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().group.name, 'Renamed');
    assert.equal(renamed.json().group.coMentor.personId, co!.person.id);
    const cleared = await send('PATCH', `/api/groups/${group.id}/details`, admin, {
      coMentorEnrolmentId: null,
    });
    assert.equal(cleared.json().group.coMentor, null);
    const self = await send('PATCH', `/api/groups/${group.id}/details`, admin, {
      coMentorEnrolmentId: mentor.enrolment.id,
    });
    assert.equal(self.statusCode, 400);
    assert.equal(self.json().error.details.issues[0].path, 'body.coMentorEnrolmentId');

    // Refused roles: a member of the group may read it but not manage it; a colleague or another org sees nothing.
    assert.equal(
      (await send('GET', `/api/groups/${group.id}/membership`, members[1]!.cookie)).statusCode,
      200,
    );
    assert.equal(
      (
        await send('POST', `/api/groups/${group.id}/members`, members[1]!.cookie, {
          menteeEnrolmentIds: [extra[1]!.enrolment.id],
        })
      ).statusCode,
      403,
    );
    assert.equal((await send('GET', `/api/groups/${group.id}/membership`, member)).statusCode, 404);
    assert.equal((await send('GET', `/api/groups/${group.id}/membership`, otherAdmin)).statusCode, 404);
    assert.equal(
      (await send('PATCH', `/api/groups/${group.id}/details`, otherAdmin, { name: 'x' })).statusCode,
      404,
    );
    assert.equal((await send('POST', `/api/groups/${group.id}/close`, otherAdmin)).statusCode, 404);
    assert.equal(
      (await send('DELETE', `/api/groups/${group.id}/members/${members[1]!.enrolment.id}`, member))
        .statusCode,
      404,
    );
  });

  it('the mentor closes the group: every member’s relationship is completed and they are told', async () => {
    const { group, mentor, members } = await createGroupRow(t.ctx.db, program, { mentees: 2 });
    assert.equal((await send('POST', `/api/groups/${group.id}/close`, members[0]!.cookie)).statusCode, 403);
    const response = await send('POST', `/api/groups/${group.id}/close`, mentor.cookie, {
      note: 'We are done',
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().group.status, 'closed');
    assert.ok(response.json().group.closedAt);
    const rows = await t.ctx.db.select().from(relationships).where(eq(relationships.groupId, group.id));
    assert.deepEqual(
      rows.map((r) => r.status),
      ['completed', 'completed'],
    );
    assert.equal((await notesOf(members[0]!.person.id, 'relationship_completed')).length, 1);
    const again = await send('POST', `/api/groups/${group.id}/close`, mentor.cookie);
    assert.equal(again.statusCode, 409);
    // The mentor may lead a new group once this one is closed.
    const [m1, m2] = await people(program, 'mentee', 2);
    const next = await send('POST', `/api/programs/${program.id}/groups`, admin, {
      mentorEnrolmentId: mentor.enrolment.id,
      name: 'Round two',
      menteeEnrolmentIds: [m1!.enrolment.id, m2!.enrolment.id],
    });
    assert.equal(next.statusCode, 201, next.body);
  });

  describe('self-select', () => {
    let selfProgram: Awaited<ReturnType<typeof createProgram>>;
    before(async () => {
      selfProgram = await createProgram(t.ctx.db, orgId, {
        type: 'group',
        matchingMode: 'self_select',
        status: 'running',
        groupMinSize: 1,
        groupMaxSize: 2,
      });
    });

    it('a mentor opens a group, mentees find it and join until it is full, one group each', async () => {
      const mentor = await createParticipant(t.ctx.db, selfProgram, 'mentor', {
        profile: { skillsOffered: ['sql', 'leadership'] },
      });
      const [ann, ben, cat] = await people(selfProgram, 'mentee', 3);
      const opened = await send('POST', `/api/programs/${selfProgram.id}/groups/open`, mentor.cookie, {
        name: 'SQL circle',
        description: 'Weekly queries',
      });
      assert.equal(opened.statusCode, 201, opened.body);
      assert.equal(opened.json().status, 'open');
      assert.equal(opened.json().origin, 'self_select');
      const id = opened.json().id;
      const twice = await send('POST', `/api/programs/${selfProgram.id}/groups/open`, mentor.cookie, {
        name: 'Another',
      });
      assert.equal(twice.statusCode, 409);
      assert.equal(
        (await send('POST', `/api/programs/${selfProgram.id}/groups/open`, ann!.cookie, { name: 'Mine' }))
          .statusCode,
        403,
        'mentees do not open groups',
      );

      const found = await send('GET', `/api/programs/${selfProgram.id}/open-groups`, ann!.cookie);
      assert.equal(found.statusCode, 200, found.body);
      const item = found.json().items.find((g: { id: string }) => g.id === id);
      assert.equal(item.seatsLeft, 2);
      assert.deepEqual(item.mentor.skillsOffered, ['sql', 'leadership']);
      assert.equal(item.mentor.email, null);
      assert.equal(found.json().canJoin, true);
      assert.equal(found.json().myGroup, null);

      const joined = await send('POST', `/api/groups/${id}/join`, ann!.cookie);
      assert.equal(joined.statusCode, 200, joined.body);
      assert.equal(joined.json().members, 1);
      assert.equal((await notesOf(mentor.person.id, 'group_member_joined')).length, 1);
      assert.equal((await send('POST', `/api/groups/${id}/join`, ann!.cookie)).statusCode, 409);
      assert.equal((await send('POST', `/api/groups/${id}/join`, ben!.cookie)).statusCode, 200);
      const full = await send('POST', `/api/groups/${id}/join`, cat!.cookie);
      assert.equal(full.statusCode, 409);
      assert.equal(full.json().error.message, 'This group is full');
      const after = await send('GET', `/api/programs/${selfProgram.id}/open-groups`, ann!.cookie);
      assert.equal(after.json().myGroup.id, id);
      assert.equal(after.json().items.find((g: { id: string }) => g.id === id).seatsLeft, 0);

      // Only the program's mentees join; another organisation's admin cannot see the group at all.
      assert.equal((await send('POST', `/api/groups/${id}/join`, member)).statusCode, 403);
      assert.equal((await send('POST', `/api/groups/${id}/join`, otherAdmin)).statusCode, 404);
      assert.equal(
        (await send('GET', `/api/programs/${selfProgram.id}/open-groups`, otherAdmin)).statusCode,
        404,
      );

      // A member leaves: their relationship ends early ("left the group"), the mentor is told, the rest continue.
      const left = await send('POST', `/api/groups/${id}/leave`, ann!.cookie, { reason: 'Changed team' });
      assert.equal(left.statusCode, 200, left.body);
      const [annRow] = await t.ctx.db
        .select()
        .from(relationships)
        .where(and(eq(relationships.groupId, id), eq(relationships.menteePersonId, ann!.person.id)));
      assert.equal(annRow!.status, 'ended_early');
      assert.equal(annRow!.reason, 'left the group');
      const told = await notesOf(mentor.person.id, 'group_member_left');
      assert.equal(told.length, 1);
      assert.match(told[0]!.body, /Changed team/);
      assert.equal((await send('POST', `/api/groups/${id}/leave`, mentor.cookie)).statusCode, 403);
      assert.equal((await send('POST', `/api/groups/${id}/leave`, member)).statusCode, 404);
      const annGroups = await send('GET', '/api/me/groups?state=all', ann!.cookie);
      assert.deepEqual(
        annGroups.json().items.map((g: { id: string; current: boolean }) => [g.id, g.current]),
        [[id, false]],
        'a past member still finds the group, no longer current',
      );
      // Cat takes the free seat.
      assert.equal((await send('POST', `/api/groups/${id}/join`, cat!.cookie)).statusCode, 200);
    });

    it('staff open a group for a mentor; programs where staff form groups refuse self-select', async () => {
      const mentor = await createParticipant(t.ctx.db, selfProgram, 'mentor');
      const opened = await send('POST', `/api/programs/${selfProgram.id}/groups/open`, admin, {
        mentorEnrolmentId: mentor.enrolment.id,
        name: 'Staff opened',
      });
      assert.equal(opened.statusCode, 201, opened.body);
      assert.equal((await notesOf(mentor.person.id, 'group_opened')).length, 1);
      const adminMode = await send('GET', `/api/programs/${program.id}/open-groups`, admin);
      assert.equal(adminMode.statusCode, 409);
      const pairs = await createProgram(t.ctx.db, orgId, { matchingMode: 'self_select', status: 'running' });
      const pairMentor = await createParticipant(t.ctx.db, pairs, 'mentor');
      const refused = await send('POST', `/api/programs/${pairs.id}/groups/open`, pairMentor.cookie, {
        name: 'Nope',
      });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.json().error.message, /one to one/);
    });
  });
});
