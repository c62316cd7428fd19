import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { notifications, workspaceActivity } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  createWorkspaceFixture,
  setRelationshipStatus,
  type WorkspaceFixture,
} from '../../testing/workspace-factories.ts';

const smart = {
  title: 'Present the Q3 roadmap to the leadership team',
  measurable: 'One presentation, feedback score of 4/5 or more',
  achievable: 'Two dry runs with my mentor first',
  relevant: 'Senior engineers present to leadership',
  dueOn: '2027-03-31',
};

describe('goals API', () => {
  let t: TestApp;
  let f: WorkspaceFixture;

  const call: TestApp['call'] = (...args) => t.call(...args);
  const goalsUrl = (fixture: WorkspaceFixture = f) => `/api/relationships/${fixture.relationship.id}/goals`;
  const addGoal = async (fixture: WorkspaceFixture, body: object = smart, cookie = fixture.mentee.cookie) => {
    const res = await call('POST', goalsUrl(fixture), cookie, body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json().goal;
  };
  const celebrationsOf = (personId: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, personId), eq(notifications.kind, 'celebration')));
  const activityOf = (relationshipId: string, kind: string) =>
    t.ctx.db
      .select()
      .from(workspaceActivity)
      .where(and(eq(workspaceActivity.relationshipId, relationshipId), eq(workspaceActivity.kind, kind)));

  before(async () => {
    t = await createTestApp();
    f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
  });
  after(() => t.close());

  it('adds a SMART goal with milestones that both sides of the pair see, on the timeline too', async () => {
    const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const empty = await call('GET', goalsUrl(p), p.mentor.cookie);
    assert.equal(empty.statusCode, 200, empty.body);
    assert.deepEqual(empty.json().items, []);
    const goal = await addGoal(p, {
      ...smart,
      milestones: [{ title: 'Draft slides' }, { title: 'Dry run', dueOn: '2027-03-01' }],
    });
    assert.equal(goal.title, smart.title);
    assert.equal(goal.status, 'not_started');
    assert.equal(goal.progressMode, 'milestones');
    assert.equal(goal.progress, 0);
    assert.deepEqual(
      goal.milestones.map((m: { title: string; reached: boolean }) => [m.title, m.reached]),
      [
        ['Draft slides', false],
        ['Dry run', false],
      ],
    );
    assert.equal(goal.createdBy.name, 'Ivy Mentee');
    const list = (await call('GET', goalsUrl(p), p.mentor.cookie)).json();
    assert.equal(list.total, 1);
    assert.equal(list.items[0].measurable, smart.measurable);
    assert.equal(list.items[0].dueOn, '2027-03-31');
    assert.equal((await activityOf(p.relationship.id, 'goal_added')).length, 1);
  });

  it('paginates the list', async () => {
    const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    for (const title of ['First', 'Second', 'Third']) await addGoal(p, { title });
    const page = (await call('GET', `${goalsUrl(p)}?page=2&pageSize=2`, p.mentee.cookie)).json();
    assert.equal(page.total, 3);
    assert.deepEqual(
      page.items.map((g: { title: string }) => g.title),
      ['Third'],
    );
  });

  it('celebrates a reached milestone with both people and counts it in the progress', async () => {
    const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const goal = await addGoal(p, {
      ...smart,
      milestones: [{ title: 'Draft slides' }, { title: 'Dry run' }],
    });
    const [first] = goal.milestones;
    const res = await call('PATCH', `/api/goals/${goal.id}/milestones/${first.id}`, p.mentee.cookie, {
      reached: true,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().celebrate, 'milestone_reached');
    assert.equal(res.json().goal.progress, 50);
    // Progress moved the goal from not started to on track.
    assert.equal(res.json().goal.status, 'on_track');

    const mentorNotes = await celebrationsOf(p.mentor.person.id);
    const menteeNotes = await celebrationsOf(p.mentee.person.id);
    assert.equal(mentorNotes.length, 1);
    assert.equal(menteeNotes.length, 1);
    assert.match(mentorNotes[0]!.title, /Draft slides/);
    assert.equal(mentorNotes[0]!.link, `/mentoring/relationships/${p.relationship.id}/goals`);
    // The panel finds a pair's celebrations by the relationship they are about, not by their link.
    assert.equal(mentorNotes[0]!.relationshipId, p.relationship.id);
    // The one who ticked it saw it on screen; the partner finds a card on the goals panel (and an email).
    assert.ok(menteeNotes[0]!.readAt);
    assert.equal(menteeNotes[0]!.emailStatus, null, 'no email about what they just did');
    assert.equal(mentorNotes[0]!.emailStatus, 'pending');
    assert.deepEqual(mentorNotes[0]!.emailExtras, { programId: p.program.id });
    assert.equal(mentorNotes[0]!.readAt, null);
    const mentorView = (await call('GET', goalsUrl(p), p.mentor.cookie)).json();
    assert.equal(mentorView.celebrations.length, 1);
    assert.match(mentorView.celebrations[0].title, /Draft slides/);
    assert.deepEqual((await call('GET', goalsUrl(p), p.mentee.cookie)).json().celebrations, []);
    // Dismissing the card marks the notification read.
    const read = await call('POST', '/api/notifications/read', p.mentor.cookie, {
      ids: [mentorView.celebrations[0].notificationId],
    });
    assert.ok(read.statusCode < 300, read.body);
    assert.deepEqual((await call('GET', goalsUrl(p), p.mentor.cookie)).json().celebrations, []);
    assert.equal((await activityOf(p.relationship.id, 'milestone_reached')).length, 1);

    // Un-ticking and ticking again does not celebrate twice.
    await call('PATCH', `/api/goals/${goal.id}/milestones/${first.id}`, p.mentee.cookie, { reached: false });
    const again = await call('PATCH', `/api/goals/${goal.id}/milestones/${first.id}`, p.mentor.cookie, {
      reached: true,
    });
    assert.equal(again.json().goal.progress, 50);
    assert.equal(again.json().celebrate, null, 'no confetti the second time');
    assert.equal((await celebrationsOf(p.mentor.person.id)).length, 1);
    assert.equal(
      (await activityOf(p.relationship.id, 'milestone_reached')).length,
      1,
      'the timeline says "reached" once',
    );
  });

  it('finishing a goal sets completedAt, shows 100% and celebrates with both', async () => {
    const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const goal = await addGoal(p, { ...smart, progressMode: 'percent' });
    const halfway = await call('PATCH', `/api/goals/${goal.id}`, p.mentor.cookie, { progressPercent: 40 });
    assert.equal(halfway.json().goal.progress, 40);
    assert.equal(halfway.json().celebrate, null);
    const done = await call('PATCH', `/api/goals/${goal.id}`, p.mentor.cookie, { status: 'done' });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().celebrate, 'goal_done');
    assert.equal(done.json().goal.progress, 100);
    assert.ok(done.json().goal.completedAt);
    for (const person of [p.mentor.person.id, p.mentee.person.id]) {
      const notes = await celebrationsOf(person);
      assert.equal(notes.length, 1);
      assert.match(notes[0]!.title, /Goal achieved/);
    }
    assert.equal((await celebrationsOf(p.mentee.person.id))[0]!.readAt, null);
    assert.equal((await activityOf(p.relationship.id, 'goal_done')).length, 1);
    // Reopening clears completedAt and shows the hand-set progress again.
    const reopened = await call('PATCH', `/api/goals/${goal.id}`, p.mentee.cookie, { status: 'at_risk' });
    assert.equal(reopened.json().goal.completedAt, null);
    assert.equal(reopened.json().goal.progress, 40);
    assert.equal(reopened.json().goal.status, 'at_risk');
  });

  it('edits SMART fields and milestones, and deletes them', async () => {
    const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const goal = await addGoal(p);
    const edited = await call('PATCH', `/api/goals/${goal.id}`, p.mentor.cookie, {
      title: 'Present the Q4 roadmap',
      dueOn: null,
      relevant: 'Visibility',
    });
    assert.equal(edited.json().goal.title, 'Present the Q4 roadmap');
    assert.equal(edited.json().goal.dueOn, null);
    assert.equal(edited.json().goal.measurable, smart.measurable);
    const added = await call('POST', `/api/goals/${goal.id}/milestones`, p.mentor.cookie, {
      title: 'Book the room',
      dueOn: '2027-02-01',
    });
    assert.equal(added.statusCode, 201, added.body);
    const milestone = added.json().goal.milestones[0];
    assert.equal(milestone.title, 'Book the room');
    const renamed = await call('PATCH', `/api/goals/${goal.id}/milestones/${milestone.id}`, p.mentee.cookie, {
      title: 'Book a bigger room',
    });
    assert.equal(renamed.json().goal.milestones[0].title, 'Book a bigger room');
    assert.equal(renamed.json().celebrate, null);
    const removed = await call('DELETE', `/api/goals/${goal.id}/milestones/${milestone.id}`, p.mentee.cookie);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(removed.json().goal.milestones, []);
    assert.equal(
      (await call('DELETE', `/api/goals/${goal.id}/milestones/${milestone.id}`, p.mentee.cookie)).statusCode,
      404,
    );
    assert.equal((await call('DELETE', `/api/goals/${goal.id}`, p.mentor.cookie)).statusCode, 204);
    assert.equal((await call('GET', goalsUrl(p), p.mentor.cookie)).json().total, 0);
    assert.equal(
      (await call('PATCH', `/api/goals/${goal.id}`, p.mentor.cookie, { title: 'x' })).statusCode,
      404,
    );
  });

  it('refuses staff, outsiders, the other pair and other organisations with 404', async () => {
    const goal = await addGoal(f, { ...smart, milestones: [{ title: 'Step' }] });
    const milestoneId = goal.milestones[0].id;
    for (const cookie of [
      f.admin.cookie,
      f.coordinator.cookie,
      f.outsider.cookie,
      f.otherMentor.cookie,
      f.otherMentee.cookie,
      f.otherAdmin.cookie,
    ]) {
      assert.equal((await call('GET', goalsUrl(), cookie)).statusCode, 404);
      assert.equal((await call('POST', goalsUrl(), cookie, smart)).statusCode, 404);
      assert.equal(
        (await call('PATCH', `/api/goals/${goal.id}`, cookie, { status: 'done' })).statusCode,
        404,
      );
      assert.equal((await call('DELETE', `/api/goals/${goal.id}`, cookie)).statusCode, 404);
      assert.equal(
        (await call('POST', `/api/goals/${goal.id}/milestones`, cookie, { title: 'x' })).statusCode,
        404,
      );
      assert.equal(
        (await call('PATCH', `/api/goals/${goal.id}/milestones/${milestoneId}`, cookie, { reached: true }))
          .statusCode,
        404,
      );
      assert.equal(
        (await call('DELETE', `/api/goals/${goal.id}/milestones/${milestoneId}`, cookie)).statusCode,
        404,
      );
    }
    assert.equal((await call('GET', goalsUrl(), undefined)).statusCode, 401);
    // A milestone of another goal through this goal's address is a 404 too.
    const other = await addGoal(f, { title: 'Other', milestones: [{ title: 'Theirs' }] });
    assert.equal(
      (
        await call('PATCH', `/api/goals/${goal.id}/milestones/${other.milestones[0].id}`, f.mentor.cookie, {
          reached: true,
        })
      ).statusCode,
      404,
    );
    // Nothing changed.
    const list = (await call('GET', goalsUrl(), f.mentee.cookie)).json();
    const mine = list.items.find((g: { id: string }) => g.id === goal.id);
    assert.equal(mine.status, 'not_started');
    assert.equal(mine.milestones[0].reached, false);
  });

  it('names the field of bad input', async () => {
    const noTitle = await call('POST', goalsUrl(), f.mentee.cookie, { ...smart, title: '  ' });
    assert.equal(noTitle.statusCode, 400);
    assert.match(noTitle.body, /body\.title/);
    const badDate = await call('POST', goalsUrl(), f.mentee.cookie, { ...smart, dueOn: '31/03/2027' });
    assert.equal(badDate.statusCode, 400);
    assert.match(badDate.body, /body\.dueOn/);
    const badMilestone = await call('POST', goalsUrl(), f.mentee.cookie, {
      ...smart,
      milestones: [{ title: '' }],
    });
    assert.equal(badMilestone.statusCode, 400);
    assert.match(badMilestone.body, /body\.milestones\.0\.title|body\.milestones\[0\]\.title/);
    const goal = await addGoal(f, { title: 'Percent goal' });
    const tooMuch = await call('PATCH', `/api/goals/${goal.id}`, f.mentee.cookie, {
      progressMode: 'percent',
      progressPercent: 140,
    });
    assert.equal(tooMuch.statusCode, 400);
    assert.match(tooMuch.body, /body\.progressPercent/);
    const wrongMode = await call('PATCH', `/api/goals/${goal.id}`, f.mentee.cookie, { progressPercent: 40 });
    assert.equal(wrongMode.statusCode, 400);
    assert.match(wrongMode.body, /body\.progressPercent/);
    const badStatus = await call('PATCH', `/api/goals/${goal.id}`, f.mentee.cookie, { status: 'finished' });
    assert.equal(badStatus.statusCode, 400);
    assert.match(badStatus.body, /body\.status/);
    const badReached = await call('POST', `/api/goals/${goal.id}/milestones`, f.mentee.cookie, {
      title: 'x',
      dueOn: 'soon',
    });
    assert.equal(badReached.statusCode, 400);
    assert.match(badReached.body, /body\.dueOn/);
    assert.equal(
      (await call('PATCH', '/api/goals/not-a-uuid', f.mentee.cookie, { title: 'x' })).statusCode,
      400,
    );
  });

  it('stays readable but read-only after the relationship ends', async () => {
    const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const goal = await addGoal(p, { ...smart, milestones: [{ title: 'Step' }] });
    await setRelationshipStatus(t.ctx.db, p.relationship.id, 'ended_early');
    const read = await call('GET', goalsUrl(p), p.mentee.cookie);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().readOnly, true);
    assert.equal(read.json().items.length, 1);
    const milestoneId = goal.milestones[0].id;
    assert.equal((await call('POST', goalsUrl(p), p.mentee.cookie, smart)).statusCode, 409);
    assert.equal(
      (await call('PATCH', `/api/goals/${goal.id}`, p.mentee.cookie, { status: 'done' })).statusCode,
      409,
    );
    assert.equal((await call('DELETE', `/api/goals/${goal.id}`, p.mentee.cookie)).statusCode, 409);
    assert.equal(
      (await call('POST', `/api/goals/${goal.id}/milestones`, p.mentee.cookie, { title: 'x' })).statusCode,
      409,
    );
    assert.equal(
      (
        await call('PATCH', `/api/goals/${goal.id}/milestones/${milestoneId}`, p.mentee.cookie, {
          reached: true,
        })
      ).statusCode,
      409,
    );
    assert.equal(
      (await call('DELETE', `/api/goals/${goal.id}/milestones/${milestoneId}`, p.mentee.cookie)).statusCode,
      409,
    );
  });
});
