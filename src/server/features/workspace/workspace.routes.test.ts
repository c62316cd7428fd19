import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import {
  actionItems,
  agreementVersions,
  enrolments,
  goalMilestones,
  goals,
  meetings,
  notes,
  people,
  relationshipEvents,
  workspaceActivity,
} from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createWorkspaceFixture, type WorkspaceFixture } from '../../testing/workspace-factories.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('pair workspace overview and timeline API', () => {
  let t: TestApp;

  const call: TestApp['call'] = (...args) => t.call(...args);
  const overview = async (f: WorkspaceFixture, cookie: string) => {
    const response = await call('GET', `/api/relationships/${f.relationship.id}/workspace`, cookie);
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };
  const day = (offsetDays: number) =>
    new Date(t.clock.now.getTime() + offsetDays * DAY).toISOString().slice(0, 10);

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('shows a brand-new pair an empty workspace with the partner’s profile from this program', async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    await t.ctx.db
      .update(people)
      .set({
        title: 'Product Analyst',
        department: 'Data',
        jobFunction: 'Analytics',
        languages: ['English', 'Spanish'],
      })
      .where(eq(people.id, f.mentee.person.id));
    await t.ctx.db
      .update(enrolments)
      .set({
        profile: {
          goals: 'Move into product management',
          skillsWanted: ['Roadmapping'],
          skillsNote: 'PM basics',
        },
      })
      .where(eq(enrolments.id, f.mentee.enrolment.id));
    await t.ctx.db
      .update(enrolments)
      .set({ profile: { goals: 'I help analysts grow', skillsOffered: ['Roadmapping', 'Stakeholders'] } })
      .where(eq(enrolments.id, f.mentor.enrolment.id));

    const mentorView = await overview(f, f.mentor.cookie);
    assert.equal(mentorView.myRole, 'mentor');
    assert.equal(mentorView.status, 'active');
    assert.equal(mentorView.readOnly, false);
    assert.deepEqual(mentorView.availableActions.sort(), ['complete', 'end_early']);
    assert.equal(mentorView.program.name, 'Grow 2026');
    assert.equal(mentorView.me.name, 'Maya Mentor');
    assert.deepEqual(
      {
        name: mentorView.partner.name,
        role: mentorView.partner.role,
        title: mentorView.partner.title,
        department: mentorView.partner.department,
        timeZone: mentorView.partner.timeZone,
        languages: mentorView.partner.languages,
        goals: mentorView.partner.goals,
        skillsWanted: mentorView.partner.skillsWanted,
        skillsOffered: mentorView.partner.skillsOffered,
      },
      {
        name: 'Ivy Mentee',
        role: 'mentee',
        title: 'Product Analyst',
        department: 'Data',
        timeZone: 'America/New_York',
        languages: ['English', 'Spanish'],
        goals: 'Move into product management',
        skillsWanted: ['Roadmapping'],
        skillsOffered: [],
      },
    );
    assert.equal(mentorView.partner.email, f.mentee.person.email);
    assert.deepEqual(mentorView.agreement, {
      status: 'none',
      version: 0,
      mentorSignedAt: null,
      menteeSignedAt: null,
      awaitingMySignature: false,
      updatedAt: null,
    });
    assert.equal(mentorView.goals.total, 0);
    assert.deepEqual(mentorView.goals.items, []);
    assert.equal(mentorView.meetings.next, null);
    assert.equal(mentorView.meetings.heldCount, 0);
    assert.equal(mentorView.actionItems.openCount, 0);
    assert.deepEqual(mentorView.notes, { sharedCount: 0, myPrivateCount: 0, recent: [] });

    const menteeView = await overview(f, f.mentee.cookie);
    assert.equal(menteeView.partner.name, 'Maya Mentor');
    assert.deepEqual(menteeView.partner.skillsOffered, ['Roadmapping', 'Stakeholders']);
    assert.equal(menteeView.partner.goals, 'I help analysts grow');
  });

  it('sums up agreement, goals, meetings, action items and notes; never the partner’s private notes', async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const base = { organisationId: f.organisationId, relationshipId: f.relationship.id };
    const now = t.clock.now.getTime();
    await t.ctx.db.insert(agreementVersions).values([
      { ...base, version: 1, content: {}, createdAt: new Date(now - 3 * DAY) },
      {
        ...base,
        version: 2,
        content: {},
        mentorSignedAt: new Date(now - DAY),
        createdAt: new Date(now - 2 * DAY),
      },
    ]);
    const [milestoneGoal] = await t.ctx.db
      .insert(goals)
      .values([
        {
          ...base,
          title: 'Ship a product spec',
          status: 'on_track',
          progressMode: 'milestones',
          position: 0,
        },
        {
          ...base,
          title: 'Present at the all-hands',
          status: 'at_risk',
          progressMode: 'percent',
          progressPercent: 30,
          position: 1,
        },
        { ...base, title: 'Read Inspired', status: 'done', progressMode: 'milestones', position: 2 },
      ])
      .returning();
    await t.ctx.db.insert(goalMilestones).values([
      {
        organisationId: f.organisationId,
        goalId: milestoneGoal!.id,
        title: 'Outline',
        reachedAt: new Date(now - DAY),
        position: 0,
      },
      { organisationId: f.organisationId, goalId: milestoneGoal!.id, title: 'Review', position: 1 },
      { organisationId: f.organisationId, goalId: milestoneGoal!.id, title: 'Publish', position: 2 },
      {
        organisationId: f.organisationId,
        goalId: milestoneGoal!.id,
        title: 'Celebrate',
        reachedAt: new Date(now),
        position: 3,
      },
    ]);
    const meeting = (title: string, startsAt: number, status: string, markedHeldAt = startsAt + HOUR) => ({
      ...base,
      organiserPersonId: f.mentor.person.id,
      title,
      startsAt: new Date(startsAt),
      durationMinutes: 60,
      timeZone: 'Europe/London',
      status,
      icsUid: `${randomUUID()}@trellis.test`,
      ...(status === 'held' ? { heldAt: new Date(markedHeldAt) } : {}),
    });
    await t.ctx.db.insert(meetings).values([
      // Marked held only yesterday: the last meeting is still the one of three days ago.
      meeting('Kick-off', now - 10 * DAY, 'held', now - DAY),
      meeting('Second chat', now - 3 * DAY, 'held'),
      meeting('Cancelled one', now + DAY, 'cancelled'),
      meeting('Skipped', now - 5 * DAY, 'no_show'),
      meeting('Later chat', now + 14 * DAY, 'scheduled'),
      meeting('Next chat', now + 2 * DAY, 'scheduled'),
    ]);
    await t.ctx.db.insert(actionItems).values([
      { ...base, title: 'Draft the spec', ownerPersonId: f.mentee.person.id, dueOn: day(5) },
      { ...base, title: 'Send the article', ownerPersonId: f.mentor.person.id, dueOn: day(-2) },
      { ...base, title: 'Book a room', ownerPersonId: f.mentee.person.id, dueOn: null },
      { ...base, title: 'Ask for feedback', ownerPersonId: f.mentee.person.id, dueOn: day(1) },
      { ...base, title: 'Update the CV', ownerPersonId: f.mentee.person.id, dueOn: day(30) },
      { ...base, title: 'Pick a book', ownerPersonId: f.mentee.person.id, dueOn: day(20) },
      {
        ...base,
        title: 'Already done',
        ownerPersonId: f.mentee.person.id,
        dueOn: day(-9),
        doneAt: new Date(now),
      },
    ]);
    const long = `Shared thoughts. ${'x'.repeat(400)}`;
    await t.ctx.db.insert(notes).values([
      {
        ...base,
        authorPersonId: f.mentor.person.id,
        visibility: 'shared',
        body: long,
        createdAt: new Date(now - 4 * HOUR),
      },
      {
        ...base,
        authorPersonId: f.mentor.person.id,
        visibility: 'private',
        body: 'SECRET mentor reflection',
        createdAt: new Date(now - HOUR),
      },
      {
        ...base,
        authorPersonId: f.mentee.person.id,
        visibility: 'private',
        body: 'My own worry',
        createdAt: new Date(now - 2 * HOUR),
      },
      {
        ...base,
        authorPersonId: f.mentee.person.id,
        visibility: 'shared',
        body: 'Agenda ideas',
        createdAt: new Date(now - 3 * HOUR),
      },
      {
        ...base,
        authorPersonId: f.mentee.person.id,
        visibility: 'shared',
        body: 'Oldest shared',
        createdAt: new Date(now - 9 * HOUR),
      },
    ]);
    // another pair's rows never leak in
    await t.ctx.db.insert(notes).values({
      organisationId: f.organisationId,
      relationshipId: f.otherRelationship.id,
      authorPersonId: f.otherMentee.person.id,
      visibility: 'shared',
      body: 'Other pair',
    });

    const mentee = await overview(f, f.mentee.cookie);
    assert.equal(mentee.agreement.status, 'awaiting_mentee');
    assert.equal(mentee.agreement.version, 2);
    assert.equal(mentee.agreement.awaitingMySignature, true);
    const mentor = await overview(f, f.mentor.cookie);
    assert.equal(mentor.agreement.awaitingMySignature, false);

    assert.equal(mentee.goals.total, 3);
    assert.deepEqual(
      mentee.goals.items[0].milestones,
      { reached: 2, total: 4 },
      JSON.stringify(mentee.goals),
    );
    assert.deepEqual(mentee.goals.byStatus, { not_started: 0, on_track: 1, at_risk: 1, done: 1, dropped: 0 });
    assert.deepEqual(
      mentee.goals.items.map((goal: { title: string; progress: number }) => [goal.title, goal.progress]),
      [
        ['Ship a product spec', 50],
        ['Present at the all-hands', 30],
        ['Read Inspired', 100],
      ],
    );
    assert.equal(mentee.goals.items[1].milestones, null);

    assert.equal(mentee.meetings.next.title, 'Next chat');
    assert.equal(mentee.meetings.upcomingCount, 2);
    assert.equal(mentee.meetings.heldCount, 2);
    assert.equal(
      mentee.meetings.lastHeldAt,
      new Date(now - 3 * DAY).toISOString(),
      'the day the last meeting took place, not the day someone marked a meeting held',
    );

    assert.equal(mentee.actionItems.openCount, 6);
    assert.equal(mentee.actionItems.overdueCount, 1);
    assert.deepEqual(
      mentee.actionItems.items.map((item: { title: string }) => item.title),
      ['Send the article', 'Ask for feedback', 'Draft the spec', 'Pick a book', 'Update the CV'],
    );
    assert.equal(mentee.actionItems.items[0].owner.name, 'Maya Mentor');
    assert.equal(mentee.actionItems.items[0].overdue, true);

    // The mentee: the shared notes and her own private note; the mentor's private note is nowhere.
    assert.equal(mentee.notes.sharedCount, 3);
    assert.equal(mentee.notes.myPrivateCount, 1);
    assert.deepEqual(
      mentee.notes.recent.map((note: { excerpt: string; visibility: string; mine: boolean }) => [
        note.excerpt.slice(0, 16),
        note.visibility,
        note.mine,
      ]),
      [
        ['My own worry', 'private', true],
        ['Agenda ideas', 'shared', true],
        ['Shared thoughts.', 'shared', false],
      ],
    );
    const sharedLong = mentee.notes.recent[2];
    assert.equal(sharedLong.excerpt.length, 280);
    assert.equal(sharedLong.truncated, true);
    assert.equal(mentee.notes.recent[0].truncated, false);
    const menteeBody = JSON.stringify(mentee);
    assert.ok(!menteeBody.includes('SECRET'), 'the mentor’s private note leaked to the mentee');
    assert.ok(!menteeBody.includes('Other pair'));

    // The mentor: his own private note, not hers.
    assert.equal(mentor.notes.sharedCount, 3);
    assert.equal(mentor.notes.myPrivateCount, 1);
    assert.equal(mentor.notes.recent[0].excerpt, 'SECRET mentor reflection');
    assert.ok(!JSON.stringify(mentor).includes('My own worry'));
  });

  it('refuses the overview and timeline to everyone but the pair', async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    for (const path of ['workspace', 'timeline']) {
      const url = `/api/relationships/${f.relationship.id}/${path}`;
      for (const cookie of [
        f.admin.cookie,
        f.coordinator.cookie,
        f.outsider.cookie,
        f.otherMentor.cookie,
        f.otherMentee.cookie,
        f.otherAdmin.cookie,
        f.member.cookie,
      ]) {
        const response = await call('GET', url, cookie);
        assert.equal(response.statusCode, 404, `${path}: ${response.body}`);
      }
      assert.equal((await call('GET', url)).statusCode, 401);
      assert.equal(
        (await call('GET', `/api/relationships/${randomUUID()}/${path}`, f.mentor.cookie)).statusCode,
        404,
      );
      assert.equal(
        (await call('GET', `/api/relationships/not-a-uuid/${path}`, f.mentor.cookie)).statusCode,
        400,
      );
    }
    assert.equal(
      (await call('GET', `/api/relationships/${f.relationship.id}/timeline?pageSize=0`, f.mentor.cookie))
        .statusCode,
      400,
    );
  });

  it('tells the story on the timeline, newest first, with who did what', async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const now = t.clock.now.getTime();
    await t.ctx.db.insert(workspaceActivity).values([
      {
        organisationId: f.organisationId,
        relationshipId: f.relationship.id,
        actorPersonId: f.mentor.person.id,
        kind: 'goal_added',
        summary: 'Added the goal “Ship a product spec”',
        createdAt: new Date(now - 2000),
      },
      {
        organisationId: f.organisationId,
        relationshipId: f.relationship.id,
        actorPersonId: f.mentee.person.id,
        kind: 'agreement_signed',
        summary: 'Signed the agreement (version 1)',
        createdAt: new Date(now - 1000),
      },
      {
        organisationId: f.organisationId,
        relationshipId: f.otherRelationship.id,
        actorPersonId: f.otherMentor.person.id,
        kind: 'goal_added',
        summary: 'Not ours',
        createdAt: new Date(now - 1000),
      },
    ]);
    const ended = await call('POST', `/api/relationships/${f.relationship.id}/end`, f.mentee.cookie, {
      reason: 'I changed teams',
    });
    assert.equal(ended.statusCode, 200, ended.body);

    const page = await call('GET', `/api/relationships/${f.relationship.id}/timeline`, f.mentor.cookie);
    assert.equal(page.statusCode, 200, page.body);
    const body = page.json();
    assert.equal(body.total, 4);
    assert.deepEqual(
      body.items.map((item: { kind: string; source: string; actor: { name: string } | null }) => [
        item.source,
        item.kind,
        item.actor?.name ?? null,
      ]),
      [
        ['relationship', 'end_early', 'Ivy Mentee'],
        ['workspace', 'agreement_signed', 'Ivy Mentee'],
        ['workspace', 'goal_added', 'Maya Mentor'],
        ['relationship', 'created', null],
      ],
    );
    assert.equal(body.items[0].reason, 'I changed teams');
    assert.match(body.items[0].summary, /ended early/);
    assert.equal(body.items[3].summary, 'The mentoring relationship started');
    assert.ok(!JSON.stringify(body).includes('Not ours'));

    const second = (
      await call('GET', `/api/relationships/${f.relationship.id}/timeline?page=2&pageSize=3`, f.mentee.cookie)
    ).json();
    assert.deepEqual(
      second.items.map((item: { kind: string }) => item.kind),
      ['created'],
    );
    // the overview of the ended relationship is read-only and says why
    const view = await overview(f, f.mentor.cookie);
    assert.equal(view.readOnly, true);
    assert.equal(view.status, 'ended_early');
    assert.equal(view.endReason, 'I changed teams');
    assert.deepEqual(view.availableActions, []);
  });
  it('pages a long history exactly as one sorted list would, however its two sources interleave', async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const base = t.clock.now.getTime() - 100 * DAY;
    // A seeded generator: the same history every run, with many equal instants across and within the sources.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const at = () => new Date(base + Math.floor(next() * 40) * HOUR);
    const activity = await t.ctx.db
      .insert(workspaceActivity)
      .values(
        Array.from({ length: 45 }, (_, i) => ({
          organisationId: f.organisationId,
          relationshipId: f.relationship.id,
          actorPersonId: f.mentor.person.id,
          kind: 'note_added',
          summary: `Activity ${i}`,
          createdAt: at(),
        })),
      )
      .returning({ id: workspaceActivity.id, createdAt: workspaceActivity.createdAt });
    const events = await t.ctx.db
      .insert(relationshipEvents)
      .values(
        Array.from({ length: 17 }, () => ({
          organisationId: f.organisationId,
          relationshipId: f.relationship.id,
          fromStatus: 'active',
          toStatus: 'active',
          createdAt: at(),
        })),
      )
      .returning({ id: relationshipEvents.id, createdAt: relationshipEvents.createdAt });
    const existing = await t.ctx.db
      .select({ id: relationshipEvents.id, createdAt: relationshipEvents.createdAt })
      .from(relationshipEvents)
      .where(eq(relationshipEvents.relationshipId, f.relationship.id));
    // Brute force: every line of the pair, newest first; at one instant the workspace's before the relationship's,
    // and the later written first.
    const expected = [
      ...activity.map((row) => ({
        id: `workspace:${row.id}`,
        at: row.createdAt.getTime(),
        source: 1,
        seq: row.id,
      })),
      ...existing.map((row) => ({
        id: `relationship:${row.id}`,
        at: row.createdAt.getTime(),
        source: 0,
        seq: row.id,
      })),
    ]
      .sort((a, b) => b.at - a.at || b.source - a.source || b.seq - a.seq)
      .map((line) => line.id);
    // The seventeen above and the fixture's own start.
    assert.equal(existing.length, events.length + 1);

    for (const pageSize of [1, 4, 7, 20, 100]) {
      const seen: string[] = [];
      for (let page = 1; page <= Math.ceil(expected.length / pageSize) + 1; page++) {
        const response = await call(
          'GET',
          `/api/relationships/${f.relationship.id}/timeline?page=${page}&pageSize=${pageSize}`,
          f.mentor.cookie,
        );
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        assert.equal(body.total, expected.length, `total, page ${page} of ${pageSize}`);
        seen.push(...body.items.map((item: { id: string }) => item.id));
      }
      assert.deepEqual(seen, expected, `pages of ${pageSize}`);
    }
  });
});
