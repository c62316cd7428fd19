import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { meetings, notifications, workspaceActivity } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  createWorkspaceFixture,
  setRelationshipStatus,
  type WorkspaceFixture,
} from '../../testing/workspace-factories.ts';

describe('notes API', () => {
  let t: TestApp;
  let f: WorkspaceFixture;
  let meetingId: string;
  let otherMeetingId: string;

  const call: TestApp['call'] = (...args) => t.call(...args);
  const notesUrl = (query = '', fixture: WorkspaceFixture = f) =>
    `/api/relationships/${fixture.relationship.id}/notes${query}`;
  const write = (cookie: string, payload: Record<string, unknown>, fixture: WorkspaceFixture = f) =>
    call('POST', notesUrl('', fixture), cookie, payload);
  const activityOf = (relationshipId: string) =>
    t.ctx.db.select().from(workspaceActivity).where(eq(workspaceActivity.relationshipId, relationshipId));
  const addMeeting = async (fixture: WorkspaceFixture, relationshipId: string, title: string) => {
    const [row] = await t.ctx.db
      .insert(meetings)
      .values({
        organisationId: fixture.organisationId,
        relationshipId,
        title,
        startsAt: new Date(t.clock.now.getTime() - 3600_000),
        durationMinutes: 45,
        timeZone: 'Europe/London',
        icsUid: `${randomUUID()}@trellis.test`,
      })
      .returning();
    return row!.id;
  };

  before(async () => {
    t = await createTestApp();
    f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    meetingId = await addMeeting(f, f.relationship.id, 'First chat');
    otherMeetingId = await addMeeting(f, f.otherRelationship.id, 'Someone else’s chat');
  });
  after(() => t.close());

  it('shows the pair every shared note and each side only their own private notes', async () => {
    const shared = await write(f.mentee.cookie, { visibility: 'shared', body: 'Agenda: **promotion** plan' });
    assert.equal(shared.statusCode, 201, shared.body);
    assert.equal(shared.json().visibility, 'shared');
    assert.equal(shared.json().mine, true);
    assert.equal(shared.json().author.name, 'Ivy Mentee');
    const menteePrivate = await write(f.mentee.cookie, { visibility: 'private', body: 'I feel stuck' });
    assert.equal(menteePrivate.statusCode, 201, menteePrivate.body);
    const mentorPrivate = await write(f.mentor.cookie, {
      visibility: 'private',
      body: 'Ask about the manager',
    });
    assert.equal(mentorPrivate.statusCode, 201, mentorPrivate.body);

    const mine = (await call('GET', notesUrl(), f.mentee.cookie)).json();
    assert.deepEqual(mine.items.map((n: { body: string }) => n.body).sort(), [
      'Agenda: **promotion** plan',
      'I feel stuck',
    ]);
    assert.equal(mine.total, 2);
    assert.equal(mine.readOnly, false);

    const partner = (await call('GET', notesUrl(), f.mentor.cookie)).json();
    assert.deepEqual(partner.items.map((n: { body: string }) => n.body).sort(), [
      'Agenda: **promotion** plan',
      'Ask about the manager',
    ]);
    assert.equal(partner.total, 2);
    const partnerShared = partner.items.find((n: { visibility: string }) => n.visibility === 'shared');
    assert.equal(partnerShared.mine, false);

    const partnerPrivate = (await call('GET', notesUrl('?visibility=private'), f.mentor.cookie)).json();
    assert.deepEqual(
      partnerPrivate.items.map((n: { body: string }) => n.body),
      ['Ask about the manager'],
    );
    assert.equal(partnerPrivate.total, 1);
    const onlyShared = (await call('GET', notesUrl('?visibility=shared'), f.mentor.cookie)).json();
    assert.equal(onlyShared.total, 1);
    assert.equal(onlyShared.items[0].body, 'Agenda: **promotion** plan');

    const paged = (await call('GET', notesUrl('?pageSize=1&page=2'), f.mentee.cookie)).json();
    assert.equal(paged.items.length, 1);
    assert.equal(paged.total, 2);
  });

  it('records a shared note on the pair’s timeline without its body, and nothing for a private note', async () => {
    const before = (await activityOf(f.relationship.id)).length;
    const notesBefore = (await t.ctx.db.select().from(notifications)).length;
    await write(f.mentor.cookie, { visibility: 'private', body: 'Secret thought 81723' });
    assert.equal((await activityOf(f.relationship.id)).length, before);
    const created = (
      await write(f.mentor.cookie, { visibility: 'shared', body: 'Shared thought 99812' })
    ).json();
    const activity = await activityOf(f.relationship.id);
    assert.equal(activity.length, before + 1);
    const line = activity.find((row) => row.subjectId === created.id)!;
    assert.equal(line.kind, 'note_shared');
    assert.equal(line.summary, 'Maya Mentor shared a note');
    assert.ok(!JSON.stringify(activity).includes('81723'));
    assert.ok(!JSON.stringify(activity).includes('99812'));
    // nobody is notified about notes
    assert.equal((await t.ctx.db.select().from(notifications)).length, notesBefore);
  });

  it('refuses everyone outside the pair, staff included, with the same 404', async () => {
    for (const cookie of [
      f.admin.cookie,
      f.coordinator.cookie,
      f.outsider.cookie,
      f.otherMentor.cookie,
      f.otherAdmin.cookie,
    ]) {
      const list = await call('GET', notesUrl(), cookie);
      assert.equal(list.statusCode, 404, list.body);
      const created = await write(cookie, { visibility: 'shared', body: 'hello' });
      assert.equal(created.statusCode, 404, created.body);
    }
    assert.equal((await call('GET', notesUrl(), undefined)).statusCode, 401);
    assert.equal(
      (await call('GET', `/api/relationships/${randomUUID()}/notes`, f.mentor.cookie)).statusCode,
      404,
    );
  });

  it('names the field of a bad note', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ visibility: 'shared', body: '   ' }, 'body.body'],
      [{ visibility: 'shared', body: 'x'.repeat(20_001) }, 'body.body'],
      [{ visibility: 'public', body: 'hello' }, 'body.visibility'],
      [{ body: 'hello' }, 'body.visibility'],
      [{ visibility: 'shared', body: 'hello', meetingId: 'nope' }, 'body.meetingId'],
      [{ visibility: 'shared', body: 'hello', meetingId: otherMeetingId }, 'body.meetingId'],
      [{ visibility: 'shared', body: 'hello', meetingId: randomUUID() }, 'body.meetingId'],
      [{ visibility: 'shared', body: 'hello', colour: 'red' }, 'body.colour'],
    ];
    for (const [payload, path] of cases) {
      const response = await write(f.mentee.cookie, payload);
      assert.equal(response.statusCode, 400, `${JSON.stringify(payload).slice(0, 80)}: ${response.body}`);
      assert.equal(response.json().error.details.issues[0].path, path);
    }
    const exact = await write(f.mentee.cookie, { visibility: 'private', body: 'y'.repeat(20_000) });
    assert.equal(exact.statusCode, 201);
    await call('DELETE', `/api/notes/${exact.json().id}`, f.mentee.cookie);
    const badQuery = await call('GET', notesUrl('?visibility=secret'), f.mentee.cookie);
    assert.equal(badQuery.statusCode, 400);
    assert.equal(badQuery.json().error.details.issues[0].path, 'querystring.visibility');
  });

  it('keeps notes taken in a meeting with the meeting, and lists them by meeting', async () => {
    const inMeeting = await write(f.mentee.cookie, {
      visibility: 'shared',
      body: 'We agreed on goals',
      meetingId,
    });
    assert.equal(inMeeting.statusCode, 201, inMeeting.body);
    assert.equal(inMeeting.json().meeting.id, meetingId);
    assert.equal(inMeeting.json().meeting.title, 'First chat');
    await write(f.mentor.cookie, { visibility: 'private', body: 'Mentor’s own meeting note', meetingId });
    const forMentee = (await call('GET', notesUrl(`?meetingId=${meetingId}`), f.mentee.cookie)).json();
    assert.deepEqual(
      forMentee.items.map((n: { body: string }) => n.body),
      ['We agreed on goals'],
    );
    const forMentor = (await call('GET', notesUrl(`?meetingId=${meetingId}`), f.mentor.cookie)).json();
    assert.equal(forMentor.total, 2);
    const activity = await activityOf(f.relationship.id);
    assert.ok(activity.some((row) => row.summary === 'Ivy Mentee shared a note on “First chat”'));
  });

  it('lets only the author edit or delete a note, and never reveals a private note to the partner', async () => {
    const shared = (await write(f.mentee.cookie, { visibility: 'shared', body: 'v1' })).json();
    const secret = (await write(f.mentee.cookie, { visibility: 'private', body: 'hidden' })).json();

    const edited = await call('PATCH', `/api/notes/${shared.id}`, f.mentee.cookie, { body: 'v2' });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().body, 'v2');

    // The partner can read the shared note but not change it.
    const partnerEdit = await call('PATCH', `/api/notes/${shared.id}`, f.mentor.cookie, { body: 'mine now' });
    assert.equal(partnerEdit.statusCode, 403, partnerEdit.body);
    assert.equal((await call('DELETE', `/api/notes/${shared.id}`, f.mentor.cookie)).statusCode, 403);
    // A private note answers exactly like a note that does not exist.
    const missing = await call('PATCH', `/api/notes/${randomUUID()}`, f.mentor.cookie, { body: 'x' });
    const hidden = await call('PATCH', `/api/notes/${secret.id}`, f.mentor.cookie, { body: 'x' });
    assert.equal(hidden.statusCode, 404);
    assert.deepEqual(hidden.json(), missing.json());
    assert.equal((await call('DELETE', `/api/notes/${secret.id}`, f.mentor.cookie)).statusCode, 404);
    for (const cookie of [f.admin.cookie, f.coordinator.cookie, f.outsider.cookie, f.otherAdmin.cookie]) {
      for (const id of [shared.id, secret.id]) {
        assert.equal((await call('PATCH', `/api/notes/${id}`, cookie, { body: 'x' })).statusCode, 404);
        assert.equal((await call('DELETE', `/api/notes/${id}`, cookie)).statusCode, 404);
      }
    }
    assert.equal((await call('PATCH', `/api/notes/${secret.id}`, undefined, { body: 'x' })).statusCode, 401);

    // Validation names the field.
    const empty = await call('PATCH', `/api/notes/${shared.id}`, f.mentee.cookie, { body: '' });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.details.issues[0].path, 'body.body');
    const nothing = await call('PATCH', `/api/notes/${shared.id}`, f.mentee.cookie, {});
    assert.equal(nothing.statusCode, 400);
    const unshare = await call('PATCH', `/api/notes/${shared.id}`, f.mentee.cookie, {
      visibility: 'private',
    });
    assert.equal(unshare.statusCode, 400);
    assert.equal(unshare.json().error.details.issues[0].path, 'body.visibility');
    const otherMeeting = await call('PATCH', `/api/notes/${shared.id}`, f.mentee.cookie, {
      meetingId: otherMeetingId,
    });
    assert.equal(otherMeeting.statusCode, 400);
    assert.equal(otherMeeting.json().error.details.issues[0].path, 'body.meetingId');

    // Sharing a private note puts it on the timeline and in the partner's list.
    const activityBefore = (await activityOf(f.relationship.id)).length;
    const nowShared = await call('PATCH', `/api/notes/${secret.id}`, f.mentee.cookie, {
      visibility: 'shared',
    });
    assert.equal(nowShared.statusCode, 200, nowShared.body);
    assert.equal((await activityOf(f.relationship.id)).length, activityBefore + 1);
    const partnerList = (await call('GET', notesUrl('?pageSize=200'), f.mentor.cookie)).json();
    assert.ok(partnerList.items.some((n: { id: string }) => n.id === secret.id));

    const removed = await call('DELETE', `/api/notes/${shared.id}`, f.mentee.cookie);
    assert.equal(removed.statusCode, 204);
    assert.equal(
      (await call('PATCH', `/api/notes/${shared.id}`, f.mentee.cookie, { body: 'x' })).statusCode,
      404,
    );
  });

  it('keeps notes readable but unchangeable once the relationship has ended', async () => {
    const ended = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const note = (
      await write(ended.mentor.cookie, { visibility: 'private', body: 'before the end' }, ended)
    ).json();
    await setRelationshipStatus(t.ctx.db, ended.relationship.id, 'completed');
    const list = await call('GET', notesUrl('', ended), ended.mentor.cookie);
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().readOnly, true);
    assert.equal(list.json().total, 1);
    assert.equal(
      (await write(ended.mentor.cookie, { visibility: 'shared', body: 'after' }, ended)).statusCode,
      409,
    );
    assert.equal(
      (await call('PATCH', `/api/notes/${note.id}`, ended.mentor.cookie, { body: 'after' })).statusCode,
      409,
    );
    assert.equal((await call('DELETE', `/api/notes/${note.id}`, ended.mentor.cookie)).statusCode, 409);
    // The partner still learns nothing about the private note.
    assert.equal((await call('DELETE', `/api/notes/${note.id}`, ended.mentee.cookie)).statusCode, 404);
    assert.equal((await call('GET', notesUrl('', ended), ended.mentee.cookie)).json().total, 0);
  });
});
