import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, enrolments } from '../../db/schema.ts';
import { createParticipant } from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  createWorkspaceFixture,
  setRelationshipStatus,
  type WorkspaceFixture,
} from '../../testing/workspace-factories.ts';

describe('program resources API', () => {
  let t: TestApp;
  let f: WorkspaceFixture;

  const call: TestApp['call'] = (...args) => t.call(...args);
  const list = (cookie: string, query = '') =>
    call('GET', `/api/programs/${f.program.id}/resources${query}`, cookie);
  const create = (payload: unknown, cookie = f.coordinator.cookie) =>
    call('POST', `/api/programs/${f.program.id}/resources`, cookie, payload);
  const titles = (body: { items: { title: string }[] }) => body.items.map((item) => item.title);

  let guide: { id: string };
  let mentorTraining: { id: string };
  let menteePrompt: { id: string };
  let linkTraining: { id: string };

  before(async () => {
    t = await createTestApp();
    f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const made = [
      await create({
        kind: 'guide',
        title: 'How to run a first meeting',
        body: '# Welcome\n\nAsk **open** questions.',
      }),
      await create({
        kind: 'training',
        title: 'Active listening',
        body: 'Module 1',
        audience: 'mentor',
      }),
      await create({
        kind: 'prompt',
        title: 'What would you try if you could not fail?',
        audience: 'mentee',
        body: '…',
      }),
      await create(
        {
          kind: 'training',
          title: 'Giving feedback (video)',
          url: 'https://example.com/feedback',
          audience: 'both',
        },
        f.admin.cookie,
      ),
    ];
    for (const response of made) assert.equal(response.statusCode, 201, response.body);
    [guide, mentorTraining, menteePrompt, linkTraining] = made.map((response) => response.json());
  });
  after(() => t.close());

  it('lets staff add resources and audits it', async () => {
    const entries = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'resource.created'), eq(auditLog.targetId, guide.id)));
    assert.equal(entries.length, 1);
    const body = (await list(f.admin.cookie)).json();
    assert.equal(body.viewer, 'staff');
    assert.deepEqual(titles(body), [
      'How to run a first meeting',
      'What would you try if you could not fail?',
      'Active listening',
      'Giving feedback (video)',
    ]);
    assert.ok(body.items.every((item: { completionCount: number }) => item.completionCount === 0));
  });

  it('shows each participant what is meant for their role, with their own done flag', async () => {
    const mentorView = (await list(f.mentor.cookie)).json();
    assert.equal(mentorView.viewer, 'participant');
    assert.deepEqual(mentorView.roles, ['mentor']);
    assert.deepEqual(titles(mentorView), [
      'How to run a first meeting',
      'Active listening',
      'Giving feedback (video)',
    ]);
    assert.ok(
      mentorView.items.every(
        (item: { completionCount: null; done: boolean }) => item.completionCount === null && !item.done,
      ),
    );

    const menteeView = (await list(f.mentee.cookie)).json();
    assert.deepEqual(titles(menteeView), [
      'How to run a first meeting',
      'What would you try if you could not fail?',
      'Giving feedback (video)',
    ]);
    const prompts = (await list(f.mentee.cookie, '?kind=prompt')).json();
    assert.deepEqual(titles(prompts), ['What would you try if you could not fail?']);
    const prompt = prompts.items[0];
    for (const key of ['id', 'kind', 'title', 'body', 'url', 'audience', 'done'])
      assert.ok(key in prompt, key);

    const paged = (await list(f.mentee.cookie, '?pageSize=2&page=2')).json();
    assert.equal(paged.total, 3);
    assert.deepEqual(titles(paged), ['Giving feedback (video)']);
  });

  it('lets a participant mark a resource done and undo it; staff see the count', async () => {
    const marked = await call('POST', `/api/resources/${mentorTraining.id}/completion`, f.mentor.cookie);
    assert.equal(marked.statusCode, 200, marked.body);
    assert.equal(marked.json().done, true);
    assert.ok(marked.json().completedAt);
    // twice is fine
    assert.equal(
      (await call('POST', `/api/resources/${mentorTraining.id}/completion`, f.mentor.cookie)).statusCode,
      200,
    );
    await call('POST', `/api/resources/${linkTraining.id}/completion`, f.mentee.cookie);
    await call('POST', `/api/resources/${linkTraining.id}/completion`, f.otherMentor.cookie);

    const mine = (await list(f.mentor.cookie, '?kind=training')).json();
    assert.deepEqual(
      mine.items.map((item: { title: string; done: boolean }) => [item.title, item.done]),
      [
        ['Active listening', true],
        ['Giving feedback (video)', false],
      ],
    );
    const staff = (await list(f.coordinator.cookie, '?kind=training')).json();
    assert.deepEqual(
      staff.items.map((item: { title: string; completionCount: number }) => [
        item.title,
        item.completionCount,
      ]),
      [
        ['Active listening', 1],
        ['Giving feedback (video)', 2],
      ],
    );
    const undone = await call('DELETE', `/api/resources/${mentorTraining.id}/completion`, f.mentor.cookie);
    assert.equal(undone.statusCode, 200);
    assert.equal(undone.json().done, false);
    await call('DELETE', `/api/resources/${linkTraining.id}/completion`, f.otherMentor.cookie);
  });

  it('refuses completion to people the resource is not meant for', async () => {
    // the mentee may not see a mentor-only module
    assert.equal(
      (await call('POST', `/api/resources/${mentorTraining.id}/completion`, f.mentee.cookie)).statusCode,
      404,
    );
    assert.equal(
      (await call('POST', `/api/resources/${menteePrompt.id}/completion`, f.mentor.cookie)).statusCode,
      404,
    );
    assert.equal(
      (await call('POST', `/api/resources/${guide.id}/completion`, f.outsider.cookie)).statusCode,
      404,
    );
    assert.equal(
      (await call('POST', `/api/resources/${guide.id}/completion`, f.otherAdmin.cookie)).statusCode,
      404,
    );
    assert.equal(
      (await call('POST', `/api/resources/${guide.id}/completion`, f.admin.cookie)).statusCode,
      403,
    );
    assert.equal(
      (await call('POST', `/api/resources/${randomUUID()}/completion`, f.mentor.cookie)).statusCode,
      404,
    );
    assert.equal((await call('POST', `/api/resources/${guide.id}/completion`)).statusCode, 401);
  });

  it('keeps the library readable and completable after the relationship ends', async () => {
    const other = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const made = await call('POST', `/api/programs/${other.program.id}/resources`, other.admin.cookie, {
      kind: 'guide',
      title: 'Closing well',
      body: 'Say thank you.',
    });
    assert.equal(made.statusCode, 201, made.body);
    await setRelationshipStatus(t.ctx.db, other.relationship.id, 'completed');
    // her enrolment is withdrawn, but she was a side of a relationship in the program
    await t.ctx.db
      .update(enrolments)
      .set({ status: 'withdrawn' })
      .where(eq(enrolments.id, other.mentee.enrolment.id));
    const read = await call('GET', `/api/programs/${other.program.id}/resources`, other.mentee.cookie);
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(titles(read.json()), ['Closing well']);
    const done = await call('POST', `/api/resources/${made.json().id}/completion`, other.mentee.cookie);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().done, true);
  });

  it('refuses the library to people outside the program', async () => {
    assert.equal((await list(f.outsider.cookie)).statusCode, 403);
    assert.equal((await list(f.member.cookie)).statusCode, 403);
    assert.equal((await list(f.otherAdmin.cookie)).statusCode, 404);
    assert.equal((await call('GET', `/api/programs/${f.program.id}/resources`)).statusCode, 401);
    // a pending enrolment is not a participant yet
    const pending = await createParticipant(t.ctx.db, f.program, 'mentee');
    await t.ctx.db
      .update(enrolments)
      .set({ status: 'pending_approval' })
      .where(eq(enrolments.id, pending.enrolment.id));
    assert.equal((await list(pending.cookie)).statusCode, 403);
  });

  it('refuses staff routes to participants, members and other organisations', async () => {
    for (const cookie of [f.mentor.cookie, f.mentee.cookie, f.outsider.cookie, f.member.cookie]) {
      assert.equal((await create({ kind: 'guide', title: 'x', body: 'y' }, cookie)).statusCode, 403);
      assert.equal(
        (await call('PATCH', `/api/resources/${guide.id}`, cookie, { title: 'Hacked' })).statusCode,
        403,
      );
      assert.equal((await call('DELETE', `/api/resources/${guide.id}`, cookie)).statusCode, 403);
    }
    assert.equal(
      (await create({ kind: 'guide', title: 'x', body: 'y' }, f.otherAdmin.cookie)).statusCode,
      404,
    );
    assert.equal(
      (await call('PATCH', `/api/resources/${guide.id}`, f.otherAdmin.cookie, { title: 'Hacked' }))
        .statusCode,
      404,
    );
    assert.equal((await call('DELETE', `/api/resources/${guide.id}`, f.otherAdmin.cookie)).statusCode, 404);
    const still = (await list(f.admin.cookie)).json();
    assert.ok(titles(still).includes('How to run a first meeting'));
  });

  it('validates input and names the field', async () => {
    const cases: [unknown, string][] = [
      [{ kind: 'video', title: 'x', body: 'y' }, 'body.kind'],
      [{ kind: 'guide', title: '  ', body: 'y' }, 'body.title'],
      [{ kind: 'guide', title: 'x', body: 'y', url: 'javascript:alert(1)' }, 'body.url'],
      [{ kind: 'guide', title: 'x', body: 'y', url: 'ftp://example.com/file' }, 'body.url'],
      [{ kind: 'guide', title: 'x', body: 'y'.repeat(50_001) }, 'body.body'],
      [{ kind: 'guide', title: 'x' }, 'body.body'],
      [{ kind: 'guide', title: 'x', body: 'y', audience: 'staff' }, 'body.audience'],
      [{ kind: 'guide', title: 'x', body: 'y', extra: 1 }, 'body'],
    ];
    for (const [payload, field] of cases) {
      const response = await create(payload);
      assert.equal(
        response.statusCode,
        400,
        `${JSON.stringify(payload).slice(0, 80)}: ${response.body.slice(0, 200)}`,
      );
      const paths = response.json().error.details.issues.map((issue: { path: string }) => issue.path);
      assert.ok(
        paths.some((path: string) => path.startsWith(field)),
        `${field} in ${paths}`,
      );
    }
    const clear = await call('PATCH', `/api/resources/${guide.id}`, f.coordinator.cookie, { body: '' });
    assert.equal(clear.statusCode, 400);
    assert.equal(clear.json().error.details.issues[0].path, 'body.body');
    assert.equal((await list(f.admin.cookie, '?kind=video')).statusCode, 400);
  });

  it('lets staff edit and delete a resource, audited', async () => {
    const edited = await call('PATCH', `/api/resources/${menteePrompt.id}`, f.coordinator.cookie, {
      title: 'If you could not fail, what would you try?',
      audience: 'both',
      url: 'https://example.com/prompts',
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().audience, 'both');
    assert.equal(edited.json().url, 'https://example.com/prompts');
    assert.ok(
      titles((await list(f.mentor.cookie, '?kind=prompt')).json()).includes(
        'If you could not fail, what would you try?',
      ),
    );

    await call('POST', `/api/resources/${menteePrompt.id}/completion`, f.mentee.cookie);
    const removed = await call('DELETE', `/api/resources/${menteePrompt.id}`, f.admin.cookie);
    assert.equal(removed.statusCode, 204);
    assert.equal((await call('DELETE', `/api/resources/${menteePrompt.id}`, f.admin.cookie)).statusCode, 404);
    assert.equal((await list(f.mentee.cookie, '?kind=prompt')).json().total, 0);
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, menteePrompt.id));
    assert.deepEqual(audit.map((entry) => entry.action).sort(), [
      'resource.created',
      'resource.deleted',
      'resource.updated',
    ]);
  });
});
