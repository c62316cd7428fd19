import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import {
  actionItems,
  agreementVersions,
  goalMilestones,
  goals,
  meetingFeedback,
  meetings,
  notes,
  surveyResponses,
} from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createWorkspaceFixture, type WorkspaceFixture } from '../../testing/workspace-factories.ts';

/**
 * Acceptance 8: once a relationship is completed or ended early, its workspace is read-only for the pair — every
 * write answers 409 and every read still works — while the program's library stays open to them.
 */
describe('workspace after the relationship ends', () => {
  let t: TestApp;

  const call: TestApp['call'] = (...args) => t.call(...args);

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  /** A pair with one of everything, written straight to the tables so this test depends on no other feature's writes. */
  async function pairWithContent(f: WorkspaceFixture) {
    const base = { organisationId: f.organisationId, relationshipId: f.relationship.id };
    const now = t.clock.now.getTime();
    const content = {
      goals: 'Grow',
      meetingFrequency: 'fortnightly',
      communicationModes: ['video'],
      confidentiality: 'Between us',
      groundRules: 'Be on time',
      endDate: null,
    };
    await t.ctx.db
      .insert(agreementVersions)
      .values({ ...base, version: 1, content, editedByPersonId: f.mentor.person.id });
    const [goal] = await t.ctx.db
      .insert(goals)
      .values({ ...base, title: 'Ship a spec' })
      .returning();
    const [milestone] = await t.ctx.db
      .insert(goalMilestones)
      .values({ organisationId: f.organisationId, goalId: goal!.id, title: 'Outline' })
      .returning();
    const [meeting] = await t.ctx.db
      .insert(meetings)
      .values({
        ...base,
        organiserPersonId: f.mentor.person.id,
        title: 'Next chat',
        startsAt: new Date(now + 2 * 24 * 3600_000),
        durationMinutes: 45,
        timeZone: 'Europe/London',
        icsUid: `${randomUUID()}@trellis.test`,
      })
      .returning();
    const [item] = await t.ctx.db
      .insert(actionItems)
      .values({ ...base, title: 'Draft the spec', ownerPersonId: f.mentee.person.id })
      .returning();
    const [note] = await t.ctx.db
      .insert(notes)
      .values({ ...base, authorPersonId: f.mentee.person.id, visibility: 'shared', body: 'Ideas' })
      .returning();
    const resource = await call('POST', `/api/programs/${f.program.id}/resources`, f.admin.cookie, {
      kind: 'guide',
      title: 'Closing well',
      body: 'Say thank you.',
    });
    assert.equal(resource.statusCode, 201, resource.body);
    return {
      goal: goal!,
      milestone: milestone!,
      meeting: meeting!,
      item: item!,
      note: note!,
      resource: resource.json(),
    };
  }

  async function assertReadOnly(f: WorkspaceFixture, content: Awaited<ReturnType<typeof pairWithContent>>) {
    const r = f.relationship.id;
    const writes: [method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown][] = [
      [
        'PUT',
        `/api/relationships/${r}/agreement`,
        {
          content: {
            goals: 'Changed',
            meetingFrequency: 'weekly',
            communicationModes: ['video'],
            confidentiality: '',
            groundRules: '',
            endDate: null,
          },
        },
      ],
      ['POST', `/api/relationships/${r}/agreement/sign`, { version: 1 }],
      ['POST', `/api/relationships/${r}/goals`, { title: 'A new goal' }],
      ['PATCH', `/api/goals/${content.goal.id}`, { title: 'Renamed' }],
      ['POST', `/api/goals/${content.goal.id}/milestones`, { title: 'Another step' }],
      ['PATCH', `/api/goals/${content.goal.id}/milestones/${content.milestone.id}`, { reached: true }],
      ['DELETE', `/api/goals/${content.goal.id}/milestones/${content.milestone.id}`],
      ['DELETE', `/api/goals/${content.goal.id}`],
      [
        'POST',
        `/api/relationships/${r}/meetings`,
        { title: 'One more', date: '2030-01-10', time: '10:00', durationMinutes: 30 },
      ],
      ['PATCH', `/api/meetings/${content.meeting.id}`, { title: 'Renamed' }],
      ['POST', `/api/meetings/${content.meeting.id}/cancel`, {}],
      ['POST', `/api/meetings/${content.meeting.id}/held`, {}],
      ['POST', `/api/meetings/${content.meeting.id}/no-show`, {}],
      ['POST', `/api/meetings/${content.meeting.id}/agenda/prompts`, { resourceId: content.resource.id }],
      [
        'POST',
        `/api/relationships/${r}/action-items`,
        { title: 'Another', ownerPersonId: f.mentee.person.id },
      ],
      ['PATCH', `/api/action-items/${content.item.id}`, { done: true }],
      ['DELETE', `/api/action-items/${content.item.id}`],
      ['POST', `/api/relationships/${r}/notes`, { visibility: 'shared', body: 'Too late' }],
    ];
    for (const cookie of [f.mentor.cookie, f.mentee.cookie]) {
      for (const [method, url, payload] of writes) {
        const response = await call(method, url, cookie, payload);
        assert.equal(
          response.statusCode,
          409,
          `${method} ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`,
        );
      }
    }
    const reads = [
      `/api/relationships/${r}/workspace`,
      `/api/relationships/${r}/timeline`,
      `/api/relationships/${r}/agreement`,
      `/api/relationships/${r}/goals`,
      `/api/relationships/${r}/meetings`,
      `/api/meetings/${content.meeting.id}`,
      `/api/meetings/${content.meeting.id}/ics`,
      `/api/relationships/${r}/action-items`,
      `/api/relationships/${r}/notes`,
      `/api/programs/${f.program.id}/resources`,
    ];
    for (const cookie of [f.mentor.cookie, f.mentee.cookie]) {
      for (const url of reads) {
        const response = await call('GET', url, cookie);
        assert.equal(response.statusCode, 200, `GET ${url}: ${response.body.slice(0, 300)}`);
      }
    }
    const overview = (await call('GET', `/api/relationships/${r}/workspace`, f.mentee.cookie)).json();
    assert.equal(overview.readOnly, true);
    assert.equal(overview.goals.total, 1, 'nothing was changed by the refused writes');
    assert.equal(overview.notes.sharedCount, 1);
    // the library is the program's, not the pair's: still readable and completable
    const done = await call('POST', `/api/resources/${content.resource.id}/completion`, f.mentee.cookie);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().done, true);
    const undone = await call('DELETE', `/api/resources/${content.resource.id}/completion`, f.mentee.cookie);
    assert.equal(undone.statusCode, 200, undone.body);
  }

  it('ends early at either side’s request: the workspace turns read-only', async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const content = await pairWithContent(f);
    const ended = await call('POST', `/api/relationships/${f.relationship.id}/end`, f.mentee.cookie, {
      reason: 'We agreed to stop',
    });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json().status, 'ended_early');
    await assertReadOnly(f, content);
  });

  it('marks completed: the workspace turns read-only', async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const content = await pairWithContent(f);
    const completed = await call(
      'POST',
      `/api/relationships/${f.relationship.id}/complete`,
      f.mentor.cookie,
      {},
    );
    assert.equal(completed.statusCode, 200, completed.body);
    assert.equal(completed.json().status, 'completed');
    await assertReadOnly(f, content);
    // and it cannot be ended again
    const again = await call('POST', `/api/relationships/${f.relationship.id}/end`, f.mentor.cookie, {
      reason: 'x',
    });
    assert.equal(again.statusCode, 409);
  });
});

describe('erasing a person who took part in a workspace (§10)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('deletes their private notes and the words of their ratings and survey answers; scores and shared notes stay', async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const base = { organisationId: f.organisationId, relationshipId: f.relationship.id };
    const [meeting] = await t.ctx.db
      .insert(meetings)
      .values({
        ...base,
        organiserPersonId: f.mentor.person.id,
        title: 'Kick-off',
        startsAt: new Date(t.clock.now.getTime() - 2 * 3600_000),
        durationMinutes: 45,
        timeZone: 'Europe/London',
        status: 'held',
        icsUid: `${randomUUID()}@trellis.test`,
      })
      .returning();
    await t.ctx.db.insert(notes).values([
      { ...base, authorPersonId: f.mentee.person.id, visibility: 'private', body: 'My private worry' },
      { ...base, authorPersonId: f.mentee.person.id, visibility: 'shared', body: 'Our shared plan' },
      { ...base, authorPersonId: f.mentor.person.id, visibility: 'private', body: 'The mentor’s own note' },
    ]);
    const feedback = { ...base, meetingId: meeting!.id, programId: f.program.id, helped: ['advice'] };
    await t.ctx.db.insert(meetingFeedback).values([
      {
        ...feedback,
        personId: f.mentee.person.id,
        role: 'mentee',
        rating: 2,
        comment: 'Felt rushed',
        shareComment: true,
      },
      {
        ...feedback,
        personId: f.mentor.person.id,
        role: 'mentor',
        rating: 4,
        comment: 'Good start',
        shareComment: true,
      },
    ]);
    await t.ctx.db.insert(surveyResponses).values({
      ...base,
      programId: f.program.id,
      personId: f.mentee.person.id,
      role: 'mentee',
      kind: 'check_in',
      rating: 2,
      rematchRequested: true,
      comment: 'My mentor works on another stack',
      shareComment: true,
    });

    // The admin's export of the person lists their programs and relationships, never what the pair wrote.
    const exported = await t.call('GET', `/api/people/${f.mentee.person.id}/export`, f.admin.cookie);
    assert.equal(exported.statusCode, 200, exported.body);
    const mentoring = exported.json().mentoring;
    assert.deepEqual(
      mentoring.enrolments.map((e: { programName: string; role: string }) => [e.programName, e.role]),
      [['Grow 2026', 'mentee']],
    );
    assert.deepEqual(
      mentoring.relationships.map((r: { partnerName: string; role: string; status: string }) => [
        r.partnerName,
        r.role,
        r.status,
      ]),
      [['Maya Mentor', 'mentee', 'active']],
    );
    for (const words of ['My private worry', 'Our shared plan', 'Felt rushed', 'another stack'])
      assert.ok(!exported.body.includes(words), words);

    const erased = await t.call('DELETE', `/api/people/${f.mentee.person.id}`, f.admin.cookie);
    assert.equal(erased.statusCode, 200, erased.body);

    const left = await t.ctx.db.select().from(notes).where(eq(notes.relationshipId, f.relationship.id));
    assert.deepEqual(left.map((n) => n.body).sort(), ['Our shared plan', 'The mentor’s own note']);
    const ratings = await t.ctx.db
      .select()
      .from(meetingFeedback)
      .where(eq(meetingFeedback.meetingId, meeting!.id));
    const theirs = ratings.find((r) => r.personId === f.mentee.person.id)!;
    assert.deepEqual([theirs.rating, theirs.comment, theirs.shareComment], [2, '', false]);
    assert.equal(ratings.find((r) => r.personId === f.mentor.person.id)!.comment, 'Good start');
    const [survey] = await t.ctx.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.personId, f.mentee.person.id));
    assert.deepEqual([survey!.rating, survey!.comment, survey!.shareComment], [2, '', false]);

    // Program staff still count the scores, but no longer read what the erased person wrote.
    const results = await t.call('GET', `/api/programs/${f.program.id}/feedback`, f.admin.cookie);
    assert.equal(results.statusCode, 200, results.body);
    assert.ok(!results.body.includes('Felt rushed'));
    assert.ok(!results.body.includes('another stack'));
    assert.ok(results.body.includes('Good start'));
  });
});
