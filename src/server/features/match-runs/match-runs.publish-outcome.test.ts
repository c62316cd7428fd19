import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import { enrolments, messageSettings, notifications, programs } from '../../db/schema.ts';
import { createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import { insertEnrolmentsBulk, insertPeopleBulk } from '../../testing/match-run-factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { runMatchRunNow } from './match-runs.service.ts';

/** What publishing says it did: who was actually told and how, and what became of the program's status. */
describe('publishing a run reports what happened', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    admin = two.admin.cookie;
  });
  after(() => t.close());

  async function draftRun(status: 'enrolling' | 'matching' | 'running', names: string[]) {
    const ids = await insertPeopleBulk(
      t.ctx.db,
      orgId,
      names.map((name, index) => ({ name, level: index < names.length / 2 ? 8 : 3 })),
    );
    const program = await createProgram(t.ctx.db, orgId, { status });
    const half = names.length / 2;
    await insertEnrolmentsBulk(
      t.ctx.db,
      orgId,
      program.id,
      ids.map((personId, index) =>
        index < half
          ? { personId, role: 'mentor' as const, capacity: 1 }
          : { personId, role: 'mentee' as const },
      ),
    );
    const created = await t.call('POST', `/api/programs/${program.id}/match-runs`, admin, {
      mode: 'participation',
    });
    const runId = created.json().id;
    await runMatchRunNow(t.ctx, runId);
    return { program, runId, ids };
  }
  const publish = (programId: string, runId: string) =>
    t.call('POST', `/api/programs/${programId}/match-runs/${runId}/publish`, admin);

  it('says how each person of the new pairs was told, and moves an enrolling program to running', async () => {
    const { program, runId, ids } = await draftRun('enrolling', ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fox']);
    const [ann, ben, cat, dan, eve] = ids;
    // Ann and Dan have accounts; the others have none (their email invites them). Ben reads match news in the app
    // only, Cat turned it off; Eve chose a weekly digest, which does not hold back the news of a match.
    for (const personId of [ann!, dan!])
      await createSignedInUser(t.ctx.db, orgId, { personId, email: `${personId}@example.com` });
    await t.ctx.db.insert(messageSettings).values([
      { personId: ben!, organisationId: orgId, channels: { matches: 'in_app' }, unsubscribeKey: 'k' },
      { personId: cat!, organisationId: orgId, channels: { matches: 'off' }, unsubscribeKey: 'k' },
      { personId: eve!, organisationId: orgId, channels: {}, digest: 'weekly', unsubscribeKey: 'k' },
    ]);

    const response = await publish(program.id, runId);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.relationshipsCreated, 3);
    assert.equal(body.notificationsCreated, 5, 'Cat gets no notice');
    assert.deepEqual(body.told, {
      people: 6,
      byEmail: 4, // Ann, Dan, Eve and Fox
      inDigest: 0,
      inAppOnly: 1, // Ben
      notTold: 1, // Cat
      withoutAccount: 3, // Ben, Eve and Fox (Cat was not told)
    });
    const notices = await t.ctx.db.select().from(notifications).where(inArray(notifications.personId, ids));
    assert.equal(notices.length, 5);
    assert.equal(notices.find((notice) => notice.personId === ben)?.emailStatus, null);
    assert.deepEqual(body.program, {
      status: 'running',
      changed: true,
      message: 'The program is now running.',
    });
    const [row] = await t.ctx.db.select().from(programs).where(eq(programs.id, program.id));
    assert.equal(row!.status, 'running');
  });

  it('leaves the program where it is when no pair is published, and says so', async () => {
    const { program, runId } = await draftRun('matching', ['Gil', 'Hana']);
    // Since the run, both left the program: their pair is skipped.
    await t.ctx.db
      .update(enrolments)
      .set({ status: 'withdrawn' })
      .where(eq(enrolments.programId, program.id));
    const body = (await publish(program.id, runId)).json();
    assert.equal(body.relationshipsCreated, 0);
    assert.deepEqual(body.told, {
      people: 0,
      byEmail: 0,
      inDigest: 0,
      inAppOnly: 0,
      notTold: 0,
      withoutAccount: 0,
    });
    assert.deepEqual(body.program, {
      status: 'matching',
      changed: false,
      message: 'No pair was published, so the program is still in matching.',
    });
    const [row] = await t.ctx.db.select().from(programs).where(eq(programs.id, program.id));
    assert.equal(row!.status, 'matching');
  });

  it('says a running program was already running', async () => {
    const { program, runId } = await draftRun('running', ['Ida', 'Jon']);
    const body = (await publish(program.id, runId)).json();
    assert.equal(body.relationshipsCreated, 1);
    assert.deepEqual(body.program, {
      status: 'running',
      changed: false,
      message: 'The program was already running.',
    });
  });
});
