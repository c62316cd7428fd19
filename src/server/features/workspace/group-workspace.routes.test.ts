import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import { groupNotes, meetings, notifications, relationships } from '../../db/schema.ts';
import { routeAccess } from '../../route-access.ts';
import { createGroupRow } from '../../testing/group-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createWorkspaceFixture, type WorkspaceFixture } from '../../testing/workspace-factories.ts';
import { erasePrivateNotesOf } from '../notes/notes.service.ts';

const HOUR = 3600_000;

describe('group workspace API', () => {
  let t: TestApp;
  let f: WorkspaceFixture;
  let a: Awaited<ReturnType<typeof createGroupRow>>;
  let b: Awaited<ReturnType<typeof createGroupRow>>;

  const call: TestApp['call'] = (...args) => t.call(...args);
  const url = (groupId: string, rest = '') => `/api/groups/${groupId}${rest}`;
  /** The date and time (UTC) `hours` from the clock's now, as the meeting form sends them. */
  const slot = (hours: number) => {
    const at = new Date(t.clock.now.getTime() + hours * HOUR);
    return { date: at.toISOString().slice(0, 10), time: at.toISOString().slice(11, 16), timeZone: 'UTC' };
  };

  before(async () => {
    t = await createTestApp();
    f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    a = await createGroupRow(t.ctx.db, f.program, { name: 'Data leaders', mentees: 3, coMentor: true });
    b = await createGroupRow(t.ctx.db, f.program, { name: 'Design circle', mentees: 2 });
  });
  after(() => t.close());

  it('shows the members their group: members with their role, the agreement to sign, no meeting yet', async () => {
    const response = await call('GET', url(a.group.id, '/workspace'), a.members[0]!.cookie);
    assert.equal(response.statusCode, 200, response.body);
    const ws = response.json();
    assert.equal(ws.group.name, 'Data leaders');
    assert.equal(ws.myRole, 'mentee');
    assert.equal(ws.myRelationshipId, a.members[0]!.relationship.id);
    assert.deepEqual(
      ws.members.map((m: { role: string }) => m.role),
      ['mentor', 'co_mentor', 'mentee', 'mentee', 'mentee'],
    );
    assert.deepEqual(ws.agreement, { status: 'draft', version: 0, signed: 0, of: 5 });
    assert.equal(ws.nextMeeting, null);
    const coMentor = await call(
      'GET',
      url(a.group.id, '/workspace'),
      (a.coMentor as { cookie: string }).cookie,
    );
    assert.equal(coMentor.json().myRole, 'co_mentor');
  });

  it('answers 404 to staff, strangers, another group’s members and another organisation', async () => {
    for (const [who, cookie] of [
      ['admin', f.admin.cookie],
      ['coordinator', f.coordinator.cookie],
      ['outsider', f.outsider.cookie],
      ['member of group B', b.members[0]!.cookie],
      ['mentor of group B', b.mentor.cookie],
      ['another organisation’s admin', f.otherAdmin.cookie],
    ] as const) {
      const response = await call('GET', url(a.group.id, '/workspace'), cookie);
      assert.equal(response.statusCode, 404, `${who}: ${response.body}`);
    }
  });

  it('puts the agreement in force once every current member has signed, and an edit asks everyone again', async () => {
    const everyone = [a.mentor, a.coMentor as typeof a.mentor, ...a.members];
    let view = (await call('GET', url(a.group.id, '/agreement'), a.mentor.cookie)).json();
    assert.equal(view.version, 0);
    assert.deepEqual(view.availableActions, ['edit', 'sign']);
    for (const [index, person] of everyone.entries()) {
      const signed = await call('POST', url(a.group.id, '/agreement/sign'), person.cookie, {
        version: index === 0 ? 0 : 1,
      });
      assert.equal(signed.statusCode, 200, signed.body);
      view = signed.json();
      assert.equal(view.status, index === everyone.length - 1 ? 'signed' : 'awaiting_signatures');
    }
    assert.ok(view.signatures.every((s: { signedAt: string | null }) => s.signedAt));
    const again = await call('POST', url(a.group.id, '/agreement/sign'), a.mentor.cookie, { version: 1 });
    assert.equal(again.statusCode, 409);

    const edited = await call('PUT', url(a.group.id, '/agreement'), a.members[1]!.cookie, {
      content: { ...view.content, groundRules: 'Cameras on. One voice at a time.' },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().version, 2);
    assert.equal(edited.json().status, 'awaiting_signatures');
    assert.ok(edited.json().signatures.every((s: { signedAt: string | null }) => s.signedAt === null));
    const asked = await t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.kind, 'agreement_to_sign'), eq(notifications.personId, a.mentor.person.id)),
      );
    assert.equal(asked.length, 1, 'the mentor is asked to sign version 2');
    const stale = await call('POST', url(a.group.id, '/agreement/sign'), a.mentor.cookie, { version: 1 });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json().error.message, /changed since you read it/);
  });

  it('keeps group goals for the whole group, each member may add and update them', async () => {
    const created = await call('POST', url(a.group.id, '/goals'), a.members[2]!.cookie, {
      title: 'Ship a dashboard together',
      measurable: 'Used by two teams',
    });
    assert.equal(created.statusCode, 201, created.body);
    const goalId = created.json().id;
    const done = await call('PATCH', url(a.group.id, `/goals/${goalId}`), a.mentor.cookie, {
      status: 'done',
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().progressPercent, 100);
    assert.ok(done.json().completedAt);
    const list = await call('GET', url(a.group.id, '/goals'), a.members[0]!.cookie);
    assert.deepEqual(
      list.json().items.map((g: { title: string }) => g.title),
      ['Ship a dashboard together'],
    );
    // Group B's goals and ids are not group A's.
    const elsewhere = await call('PATCH', url(b.group.id, `/goals/${goalId}`), b.mentor.cookie, {
      status: 'done',
    });
    assert.equal(elsewhere.statusCode, 404);
    const bad = await call('POST', url(a.group.id, '/goals'), a.mentor.cookie, { title: '' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details.issues[0].path, 'body.title');
  });

  it('schedules one group meeting: a row for each mentee, one invitation with one UID to every other member', async () => {
    const refused = await call('POST', url(a.group.id, '/meetings'), a.members[0]!.cookie, {
      title: 'Kick-off',
      durationMinutes: 60,
      ...slot(2),
    });
    assert.equal(refused.statusCode, 403, refused.body);

    const created = await call('POST', url(a.group.id, '/meetings'), a.mentor.cookie, {
      title: 'Kick-off',
      durationMinutes: 60,
      location: 'Room 4',
      ...slot(2),
    });
    assert.equal(created.statusCode, 201, created.body);
    const meeting = created.json();
    assert.equal(meeting.status, 'scheduled');
    assert.equal(meeting.attendance.length, 3);
    const rows = await t.ctx.db.select().from(meetings).where(eq(meetings.groupMeetingId, meeting.id));
    assert.deepEqual(
      rows.map((r) => r.relationshipId).sort(),
      a.members.map((m) => m.relationship.id).sort(),
    );
    const invitations = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'meeting_scheduled'));
    const invited = invitations.filter((n) => n.link === `/groups/${a.group.id}/meetings`);
    assert.deepEqual(
      invited.map((n) => n.personId).sort(),
      [(a.coMentor as typeof a.mentor).person.id, ...a.members.map((m) => m.person.id)].sort(),
    );
    const uids = new Set(
      invited.map((n) => {
        const extras = n.emailExtras as { attachments: { content: string }[] };
        return /UID:(.+)\r\n/.exec(extras.attachments[0]!.content)?.[1];
      }),
    );
    assert.equal(uids.size, 1, 'one UID for the group meeting');

    // The mentee's list shows the meeting with only their own attendance line.
    const mine = await call('GET', url(a.group.id, '/meetings'), a.members[0]!.cookie);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.json().items[0].attendance.length, 1);
    assert.ok(mine.json().items[0].myMeetingId);

    // Reschedule: SEQUENCE + 1 on the meeting and every member's row.
    const moved = await call('PATCH', url(a.group.id, `/meetings/${meeting.id}`), a.mentor.cookie, slot(3));
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().sequence, 1);
    const movedRows = await t.ctx.db.select().from(meetings).where(eq(meetings.groupMeetingId, meeting.id));
    assert.ok(movedRows.every((r) => r.sequence === 1 && r.startsAt.toISOString() === moved.json().startsAt));
    const ics = await call('GET', url(a.group.id, `/meetings/${meeting.id}/ics`), a.members[1]!.cookie);
    assert.equal(ics.statusCode, 200);
    assert.match(ics.body, /SEQUENCE:1/);
    assert.equal(/UID:(.+)\r\n/.exec(ics.body)?.[1], [...uids][0]);
    // The pair ics of a member's row is the group's invitation too (one event in a calendar).
    const rowIcs = await call(
      'GET',
      `/api/meetings/${mine.json().items[0].myMeetingId}/ics`,
      a.members[0]!.cookie,
    );
    assert.equal(/UID:(.+)\r\n/.exec(rowIcs.body)?.[1], [...uids][0]);
  });

  it('refuses to change a member’s row of a group meeting through the pair routes', async () => {
    const [row] = await t.ctx.db
      .select()
      .from(meetings)
      .where(eq(meetings.relationshipId, a.members[0]!.relationship.id));
    for (const [method, path, payload] of [
      ['PATCH', `/api/meetings/${row!.id}`, { title: 'Mine now' }],
      ['POST', `/api/meetings/${row!.id}/cancel`, undefined],
      ['POST', `/api/meetings/${row!.id}/held`, undefined],
      ['POST', `/api/meetings/${row!.id}/no-show`, undefined],
    ] as const) {
      for (const cookie of [a.mentor.cookie, a.members[0]!.cookie]) {
        const response = await call(method, path, cookie, payload);
        assert.equal(response.statusCode, 409, `${method} ${path}: ${response.body}`);
        assert.equal(response.json().error.message, 'This is a group meeting: change it from the group');
      }
    }
  });

  it('records attendance per member; who came rates the meeting on their own row, who was absent cannot', async () => {
    const list = await call('GET', url(a.group.id, '/meetings'), a.mentor.cookie);
    const meeting = list.json().items[0];
    const early = await call('POST', url(a.group.id, `/meetings/${meeting.id}/attendance`), a.mentor.cookie, {
      attendance: a.members.map((m) => ({ personId: m.person.id, attended: true })),
    });
    assert.equal(early.statusCode, 409, early.body);
    // Test sessions last a day: the meeting is a few hours away.
    t.clock.advance(4 * HOUR);

    const partial = await call(
      'POST',
      url(a.group.id, `/meetings/${meeting.id}/attendance`),
      a.mentor.cookie,
      {
        attendance: [{ personId: a.members[0]!.person.id, attended: true }],
      },
    );
    assert.equal(partial.statusCode, 400, partial.body);
    assert.equal(partial.json().error.details.issues[0].path, 'body.attendance');
    const stranger = await call(
      'POST',
      url(a.group.id, `/meetings/${meeting.id}/attendance`),
      a.mentor.cookie,
      {
        attendance: [
          ...a.members.map((m) => ({ personId: m.person.id, attended: true })),
          { personId: b.members[0]!.person.id, attended: true },
        ],
      },
    );
    assert.equal(stranger.statusCode, 400);
    assert.equal(stranger.json().error.details.issues[0].path, 'body.attendance.3.personId');

    const recorded = await call(
      'POST',
      url(a.group.id, `/meetings/${meeting.id}/attendance`),
      a.mentor.cookie,
      {
        attendance: a.members.map((m, index) => ({ personId: m.person.id, attended: index !== 2 })),
      },
    );
    assert.equal(recorded.statusCode, 200, recorded.body);
    assert.equal(recorded.json().status, 'held');
    const lines = new Map(
      recorded
        .json()
        .attendance.map((line: { personId: string; status: string }) => [line.personId, line.status]),
    );
    assert.deepEqual(
      a.members.map((m) => lines.get(m.person.id)),
      ['attended', 'attended', 'absent'],
    );
    const rows = await t.ctx.db
      .select()
      .from(meetings)
      .where(
        and(
          eq(meetings.groupMeetingId, meeting.id),
          inArray(
            meetings.relationshipId,
            a.members.map((m) => m.relationship.id),
          ),
        ),
      );
    const statusOf = (i: number) =>
      rows.find((r) => r.relationshipId === a.members[i]!.relationship.id)!.status;
    assert.deepEqual([statusOf(0), statusOf(1), statusOf(2)], ['held', 'held', 'no_show']);

    // A member rates through their own row; the group page then shows they rated.
    const myRow = (await call('GET', url(a.group.id, '/meetings'), a.members[0]!.cookie)).json().items[0];
    assert.equal(myRow.myStatus, 'attended');
    assert.equal(myRow.iRated, false);
    const rated = await call('POST', `/api/meetings/${myRow.myMeetingId}/feedback`, a.members[0]!.cookie, {
      rating: 5,
      helped: ['advice'],
    });
    assert.equal(rated.statusCode, 200, rated.body);
    const after = (await call('GET', url(a.group.id, '/meetings'), a.members[0]!.cookie)).json().items[0];
    assert.equal(after.iRated, true);
    const absentRow = (await call('GET', url(a.group.id, '/meetings'), a.members[2]!.cookie)).json().items[0];
    assert.equal(absentRow.myStatus, 'absent');
    const absentRating = await call(
      'POST',
      `/api/meetings/${absentRow.myMeetingId}/feedback`,
      a.members[2]!.cookie,
      {
        rating: 3,
      },
    );
    assert.equal(absentRating.statusCode, 409);

    // Who rated cannot be marked absent afterwards.
    const rewrite = await call(
      'POST',
      url(a.group.id, `/meetings/${meeting.id}/attendance`),
      a.mentor.cookie,
      {
        attendance: a.members.map((m) => ({ personId: m.person.id, attended: false })),
      },
    );
    assert.equal(rewrite.statusCode, 409, rewrite.body);
  });

  it('shows shared notes to the group and a private note to its author only', async () => {
    const shared = await call('POST', url(a.group.id, '/notes'), a.members[1]!.cookie, {
      visibility: 'shared',
      body: 'Slides from today',
    });
    assert.equal(shared.statusCode, 201, shared.body);
    const secret = await call('POST', url(a.group.id, '/notes'), a.members[1]!.cookie, {
      visibility: 'private',
      body: 'I felt shy',
    });
    assert.equal(secret.statusCode, 201);
    const author = await call('GET', url(a.group.id, '/notes'), a.members[1]!.cookie);
    assert.equal(author.json().total, 2);
    for (const cookie of [a.mentor.cookie, a.members[0]!.cookie, (a.coMentor as typeof a.mentor).cookie]) {
      const other = await call('GET', url(a.group.id, '/notes?visibility=all'), cookie);
      assert.equal(other.json().total, 1);
      assert.ok(!other.body.includes('I felt shy'));
      const edit = await call('PATCH', url(a.group.id, `/notes/${secret.json().id}`), cookie, { body: 'x' });
      assert.equal(edit.statusCode, 404);
    }
    const overview = await call('GET', url(a.group.id, '/workspace'), a.mentor.cookie);
    assert.deepEqual(
      overview.json().recentNotes.map((n: { body: string }) => n.body),
      ['Slides from today'],
    );
    const staff = await call('GET', url(a.group.id, '/notes'), f.admin.cookie);
    assert.equal(staff.statusCode, 404);
  });

  it('erases a person’s private group notes with their other private notes (§10); their shared notes stay', async () => {
    const author = a.members[1]!;
    const erased = await erasePrivateNotesOf(t.ctx.db, f.organisationId, author.person.id);
    assert.equal(erased, 1);
    const left = await t.ctx.db
      .select()
      .from(groupNotes)
      .where(eq(groupNotes.authorPersonId, author.person.id));
    assert.deepEqual(
      left.map((n) => n.visibility),
      ['shared'],
    );
  });

  it('lets the rest continue when a member leaves: they read, read-only; the agreement no longer waits for them', async () => {
    const leaver = a.members[2]!;
    await t.ctx.db
      .update(relationships)
      .set({ status: 'ended_early', endedAt: t.clock.now })
      .where(eq(relationships.id, leaver.relationship.id));
    const read = await call('GET', url(a.group.id, '/workspace'), leaver.cookie);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().readOnly, true);
    const write = await call('POST', url(a.group.id, '/notes'), leaver.cookie, {
      visibility: 'shared',
      body: 'Hi',
    });
    assert.equal(write.statusCode, 409);
    const ws = (await call('GET', url(a.group.id, '/workspace'), a.mentor.cookie)).json();
    assert.equal(ws.readOnly, false);
    assert.equal(ws.agreement.of, 4);
    assert.equal(
      ws.members.find((m: { personId: string }) => m.personId === leaver.person.id).status,
      'left',
    );
    const next = await call('POST', url(a.group.id, '/meetings'), a.mentor.cookie, {
      title: 'Second session',
      durationMinutes: 45,
      ...slot(7),
    });
    assert.equal(next.statusCode, 201, next.body);
    assert.equal(next.json().attendance.length, 2, 'the invitation goes to the members still in the group');
  });

  it('answers 404 on every group workspace route to a member of another group, staff and strangers', async () => {
    const groupRoutes = Object.keys(routeAccess).filter((key) =>
      /^(GET|POST|PUT|PATCH|DELETE) \/api\/groups\/:id\/(workspace|agreement|goals|meetings|notes)/.test(key),
    );
    assert.ok(groupRoutes.length >= 18, `found ${groupRoutes.length} routes`);
    const aMeeting = (await call('GET', url(a.group.id, '/meetings'), a.mentor.cookie)).json().items[0].id;
    const aGoal = (await call('GET', url(a.group.id, '/goals'), a.mentor.cookie)).json().items[0].id;
    const aNote = (await call('GET', url(a.group.id, '/notes'), a.mentor.cookie)).json().items[0].id;
    const bodies: Record<string, unknown> = {
      'PUT /api/groups/:id/agreement': {
        content: {
          goals: '',
          meetingFrequency: 'weekly',
          communicationModes: [],
          confidentiality: '',
          groundRules: '',
          endDate: null,
        },
      },
      'POST /api/groups/:id/agreement/sign': { version: 0 },
      'POST /api/groups/:id/goals': { title: 'Sneaky' },
      'PATCH /api/groups/:id/goals/:goalId': { title: 'Sneaky' },
      'POST /api/groups/:id/meetings': { title: 'Sneaky', durationMinutes: 30, ...slot(5) },
      'PATCH /api/groups/:id/meetings/:meetingId': { title: 'Sneaky' },
      'POST /api/groups/:id/meetings/:meetingId/attendance': {
        attendance: [{ personId: a.members[0]!.person.id, attended: false }],
      },
      'POST /api/groups/:id/notes': { visibility: 'shared', body: 'Sneaky' },
      'PATCH /api/groups/:id/notes/:noteId': { body: 'Sneaky' },
    };
    const fill = (template: string, groupId: string) =>
      template
        .replace(':id', groupId)
        .replace(':goalId', aGoal)
        .replace(':meetingId', aMeeting)
        .replace(':noteId', aNote);
    const callers = [
      ['member of group B', b.members[0]!.cookie],
      ['mentor of group B', b.mentor.cookie],
      ['admin', f.admin.cookie],
      ['coordinator', f.coordinator.cookie],
      ['another organisation’s admin', f.otherAdmin.cookie],
    ] as const;
    for (const key of groupRoutes) {
      const [method, template] = key.split(' ') as [string, string];
      for (const [who, cookie] of callers) {
        // Group A itself, and group A's child ids under group B's id (where B's members do belong).
        for (const groupId of [a.group.id, b.group.id, randomUUID()]) {
          if (groupId === b.group.id && who.includes('group B')) {
            if (
              !template.includes(':goalId') &&
              !template.includes(':meetingId') &&
              !template.includes(':noteId')
            )
              continue;
          }
          const response = await call(
            method as 'GET',
            fill(template, groupId).replace('/api', '/api'),
            cookie,
            bodies[key],
          );
          assert.equal(response.statusCode, 404, `${who}: ${key} on ${groupId}: ${response.body}`);
        }
      }
    }
    // Nothing sneaked in.
    const goals = (await call('GET', url(a.group.id, '/goals'), a.mentor.cookie)).json();
    assert.ok(!JSON.stringify(goals).includes('Sneaky'));
  });
});
