import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import {
  auditLog,
  enrolments,
  notifications,
  programs,
  relationshipEvents,
  relationships,
} from '../../db/schema.ts';
import { createPerson, createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import { addCoordinator, createProgram, enrolPerson } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** Closing a program ends what is still open in it, and says so before and after (decision 028). */
describe('closing a program', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let member: string;
  let otherAdmin: string;
  let coordinator: { cookie: string; userId: string };

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    admin = two.admin.cookie;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
    const coord = await createSignedInUser(t.ctx.db, orgId);
    coordinator = { cookie: coord.cookie, userId: coord.user.id };
  });
  after(() => t.close());

  /** A running program: two active pairs, a request waiting for its mentor, a completed pair, two people waiting. */
  async function runningProgram() {
    const db = t.ctx.db;
    const program = await createProgram(db, orgId, { status: 'running', name: 'Grow 2026' });
    await addCoordinator(db, orgId, program.id, coordinator.userId);
    const person = async (name: string) => (await createPerson(db, orgId, { name })).id;
    const enrol = async (
      personId: string,
      role: 'mentor' | 'mentee',
      status?: 'pending_approval' | 'waitlisted',
    ) => (await enrolPerson(db, { organisationId: orgId, programId: program.id, personId, role, status })).id;
    const pair = async (mentor: string, mentee: string, status: string) => {
      const [row] = await db
        .insert(relationships)
        .values({
          organisationId: orgId,
          programId: program.id,
          mentorEnrolmentId: await enrol(mentor, 'mentor'),
          menteeEnrolmentId: await enrol(mentee, 'mentee'),
          mentorPersonId: mentor,
          menteePersonId: mentee,
          status,
          origin: 'match_run',
        })
        .returning();
      return row!;
    };
    const ids = {
      ana: await person('Ana'),
      ben: await person('Ben'),
      cho: await person('Cho'),
      dev: await person('Dev'),
      eli: await person('Eli'),
      fin: await person('Fin'),
      gia: await person('Gia'),
      hal: await person('Hal'),
      ida: await person('Ida'),
      jon: await person('Jon'),
    };
    const active = [await pair(ids.ana, ids.ben, 'active'), await pair(ids.cho, ids.dev, 'active')];
    const proposed = await pair(ids.eli, ids.fin, 'proposed');
    const completed = await pair(ids.gia, ids.hal, 'completed');
    const waiting = [
      await enrol(ids.ida, 'mentee', 'pending_approval'),
      await enrol(ids.jon, 'mentee', 'waitlisted'),
    ];
    return { program, ids, active, proposed, completed, waiting };
  }

  it('says before confirming how many pairs, requests and waiting people it affects', async () => {
    const { program } = await runningProgram();
    const url = `/api/programs/${program.id}/close-preview`;
    const preview = await t.call('GET', url, admin);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(preview.json(), {
      canClose: true,
      activePairs: 2,
      openRequests: 1,
      waitingEnrolments: 2,
    });
    assert.equal((await t.call('GET', url, coordinator.cookie)).statusCode, 200);
    assert.equal((await t.call('GET', url, member)).statusCode, 403);
    assert.equal((await t.call('GET', url, otherAdmin)).statusCode, 404);
    const draft = await createProgram(t.ctx.db, orgId, { status: 'draft' });
    const draftPreview = await t.call('GET', `/api/programs/${draft.id}/close-preview`, admin);
    assert.equal(draftPreview.json().canClose, false, 'a draft is deleted, not closed');
    assert.equal((await t.call('GET', '/api/programs/not-an-id/close-preview', admin)).statusCode, 400);
  });

  it('completes the active pairs, withdraws open requests, ends waiting enrolments and tells everyone', async () => {
    const { program, ids, active, proposed, completed, waiting } = await runningProgram();
    const closed = await t.call('POST', `/api/programs/${program.id}/transitions`, coordinator.cookie, {
      to: 'closed',
    });
    assert.equal(closed.statusCode, 200, closed.body);
    const body = closed.json();
    assert.equal(body.status, 'closed');
    assert.deepEqual(body.closing, {
      completed: 2,
      withdrawn: 1,
      enrolmentsEnded: 2,
      // Nobody has an account or settings: each of the 8 people is emailed (with an invitation to sign up).
      told: { people: 8, byEmail: 8, inDigest: 0, inAppOnly: 0, notTold: 0, withoutAccount: 8 },
    });

    const statusOf = async (id: string) =>
      (await t.ctx.db.select().from(relationships).where(eq(relationships.id, id)))[0]!;
    for (const pair of active) {
      const row = await statusOf(pair.id);
      assert.equal(row.status, 'completed');
      assert.equal(row.reasonCode, 'program_closed');
      assert.ok(row.endedAt);
    }
    assert.equal((await statusOf(proposed.id)).status, 'withdrawn');
    assert.equal((await statusOf(completed.id)).endedAt, null, 'an ended pair is left as it was');
    const events = await t.ctx.db
      .select()
      .from(relationshipEvents)
      .where(eq(relationshipEvents.relationshipId, active[0]!.id));
    assert.deepEqual(
      events.map((event) => [event.fromStatus, event.toStatus, event.reason]),
      [['active', 'completed', 'The program closed']],
    );
    const waitingRows = await t.ctx.db.select().from(enrolments).where(inArray(enrolments.id, waiting));
    assert.deepEqual(
      waitingRows.map((row) => row.status),
      ['withdrawn', 'withdrawn'],
    );
    const notice = async (personId: string) =>
      (await t.ctx.db.select().from(notifications).where(eq(notifications.personId, personId)))[0]!;
    const ben = await notice(ids.ben);
    assert.equal(ben.kind, 'relationship_completed');
    assert.equal(ben.title, 'Grow 2026 has closed: your mentoring relationship with Ana is complete');
    assert.match(ben.body, /the closing survey is open/);
    assert.equal((await notice(ids.eli)).kind, 'request_withdrawn');
    assert.equal((await notice(ids.ida)).title, 'Grow 2026 has closed');
    const audit = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, program.id), eq(auditLog.action, 'program.closed')));
    assert.deepEqual(audit[0]?.details, { completed: 2, withdrawn: 1, enrolmentsEnded: 2 });
    // The preview of a closed program: nothing left open, and it cannot close again.
    const after = (await t.call('GET', `/api/programs/${program.id}/close-preview`, admin)).json();
    assert.deepEqual(after, { canClose: false, activePairs: 0, openRequests: 0, waitingEnrolments: 0 });
  });

  it('changes nothing when the close is refused', async () => {
    const { program, active, ids } = await runningProgram();
    const url = `/api/programs/${program.id}/transitions`;
    assert.equal((await t.call('POST', url, member, { to: 'closed' })).statusCode, 403);
    assert.equal((await t.call('POST', url, otherAdmin, { to: 'closed' })).statusCode, 404);
    const bad = await t.call('POST', url, admin, { to: 'finished' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details.issues[0].path, 'body.to');
    const backwards = await t.call('POST', url, admin, { to: 'enrolling' });
    assert.equal(backwards.statusCode, 409);
    const [row] = await t.ctx.db.select().from(relationships).where(eq(relationships.id, active[0]!.id));
    assert.equal(row!.status, 'active');
    const [programRow] = await t.ctx.db.select().from(programs).where(eq(programs.id, program.id));
    assert.equal(programRow!.status, 'running');
    assert.equal(
      (
        await t.ctx.db
          .select()
          .from(notifications)
          .where(inArray(notifications.personId, Object.values(ids)))
      ).length,
      0,
      'nobody told',
    );
    // Other moves say nothing about closing.
    const enrolling = await createProgram(t.ctx.db, orgId, { status: 'enrolling' });
    const moved = await t.call('POST', `/api/programs/${enrolling.id}/transitions`, admin, {
      to: 'matching',
    });
    assert.equal(moved.json().closing, null);
  });
});
