import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { relationshipEvents, relationships } from '../../db/schema.ts';
import { createOrganisation } from '../../testing/factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createParticipant, createRelationshipRow } from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * Capacity under concurrency (§5): twenty mentees' requests accepted at once against a mentor with two places. On
 * PostgreSQL the test pool has several connections, so the transactions really overlap; the mentor's enrolment
 * row lock makes them count places one after another.
 */
describe('accepting requests concurrently', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('20 concurrent accepts against a mentor with capacity 2 leave exactly 2 active relationships', async (test) => {
    const org = await createOrganisation(t.ctx.db);
    const program = await createProgram(t.ctx.db, org.id, {
      matchingMode: 'self_select',
      maxOpenRequests: 3,
    });
    const mentor = await createParticipant(t.ctx.db, program, 'mentor', { capacity: 2 });
    const requestIds: string[] = [];
    for (let k = 0; k < 20; k++) {
      const mentee = await createParticipant(t.ctx.db, program, 'mentee');
      const row = await createRelationshipRow(t.ctx.db, {
        organisationId: org.id,
        programId: program.id,
        mentor: mentor.enrolment,
        mentee: mentee.enrolment,
      });
      requestIds.push(row.id);
    }

    const started = performance.now();
    const responses = await Promise.all(
      requestIds.map((id) =>
        t.app.inject({
          method: 'POST',
          url: `/api/requests/${id}/accept`,
          headers: { cookie: mentor.cookie },
        }),
      ),
    );
    const elapsed = performance.now() - started;
    const statuses = responses.map((response) => response.statusCode);
    assert.equal(statuses.filter((s) => s === 200).length, 2, `statuses: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 18, `statuses: ${statuses.join(',')}`);
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      assert.match(response.json().error.message, /mentor is full/);
    }
    const active = await t.ctx.db
      .select()
      .from(relationships)
      .where(
        and(eq(relationships.mentorEnrolmentId, mentor.enrolment.id), eq(relationships.status, 'active')),
      );
    assert.equal(active.length, 2);
    const proposed = await t.ctx.db
      .select()
      .from(relationships)
      .where(
        and(eq(relationships.mentorEnrolmentId, mentor.enrolment.id), eq(relationships.status, 'proposed')),
      );
    assert.equal(proposed.length, 18, 'the refused requests stay open, untouched');
    const acceptEvents = await t.ctx.db
      .select()
      .from(relationshipEvents)
      .where(eq(relationshipEvents.toStatus, 'active'));
    assert.equal(acceptEvents.length, 2, 'no half-written history from the refused transactions');
    test.diagnostic(`${t.ctx.dbKind}: 20 concurrent accepts in ${Math.round(elapsed)} ms`);
  });

  it('6 concurrent requests from one mentee with a limit of 2 open requests create exactly 2', async () => {
    const org = await createOrganisation(t.ctx.db);
    const program = await createProgram(t.ctx.db, org.id, {
      matchingMode: 'self_select',
      maxOpenRequests: 2,
    });
    const mentee = await createParticipant(t.ctx.db, program, 'mentee');
    const mentors = [];
    for (let k = 0; k < 6; k++) mentors.push(await createParticipant(t.ctx.db, program, 'mentor'));
    const responses = await Promise.all(
      mentors.map((mentor) =>
        t.app.inject({
          method: 'POST',
          url: `/api/programs/${program.id}/requests`,
          headers: { cookie: mentee.cookie },
          payload: { mentorEnrolmentId: mentor.enrolment.id, message: 'Hello' },
        }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    assert.equal(statuses.filter((s) => s === 201).length, 2, `statuses: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 4, `statuses: ${statuses.join(',')}`);
    const open = await t.ctx.db
      .select()
      .from(relationships)
      .where(
        and(eq(relationships.menteeEnrolmentId, mentee.enrolment.id), eq(relationships.status, 'proposed')),
      );
    assert.equal(open.length, 2);
  });
});
