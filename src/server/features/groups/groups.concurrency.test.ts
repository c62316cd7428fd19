import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { relationshipEvents, relationships } from '../../db/schema.ts';
import { createOrganisation } from '../../testing/factories.ts';
import { createGroupRow } from '../../testing/group-factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createParticipant } from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * Seats under concurrency (issue 14): mentees joining one group at once. On PostgreSQL the test pool has several
 * connections, so the transactions really overlap; the group's row lock makes them count members one after another.
 */
describe('joining a group concurrently', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('12 mentees joining a group of at most 3 at once leave exactly 3 members; the rest hear it is full', async (test) => {
    const org = await createOrganisation(t.ctx.db);
    const program = await createProgram(t.ctx.db, org.id, {
      type: 'group',
      matchingMode: 'self_select',
      status: 'running',
      groupMinSize: 1,
      groupMaxSize: 3,
    });
    const { group } = await createGroupRow(t.ctx.db, program, {
      mentees: 0,
      status: 'open',
      origin: 'self_select',
    });
    const mentees = [];
    for (let k = 0; k < 12; k++) mentees.push(await createParticipant(t.ctx.db, program, 'mentee'));

    const started = performance.now();
    const responses = await Promise.all(
      mentees.map((mentee) =>
        t.app.inject({
          method: 'POST',
          url: `/api/groups/${group.id}/join`,
          headers: { cookie: mentee.cookie },
        }),
      ),
    );
    const elapsed = performance.now() - started;
    const statuses = responses.map((response) => response.statusCode);
    assert.equal(statuses.filter((s) => s === 200).length, 3, `statuses: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 9, `statuses: ${statuses.join(',')}`);
    for (const response of responses.filter((r) => r.statusCode === 409))
      assert.equal(response.json().error.message, 'This group is full');
    const members = await t.ctx.db
      .select()
      .from(relationships)
      .where(and(eq(relationships.groupId, group.id), eq(relationships.status, 'active')));
    assert.equal(members.length, 3);
    const events = await t.ctx.db
      .select()
      .from(relationshipEvents)
      .innerJoin(relationships, eq(relationships.id, relationshipEvents.relationshipId))
      .where(eq(relationships.groupId, group.id));
    assert.equal(events.length, 3, 'no half-written history from the refused transactions');
    test.diagnostic(`${t.ctx.dbKind}: 12 concurrent joins in ${Math.round(elapsed)} ms`);
  });

  it('one mentee joining two groups at once ends up in exactly one', async () => {
    const org = await createOrganisation(t.ctx.db);
    const program = await createProgram(t.ctx.db, org.id, {
      type: 'group',
      matchingMode: 'self_select',
      status: 'running',
      groupMinSize: 1,
      groupMaxSize: 5,
    });
    const groups = [];
    for (let k = 0; k < 4; k++)
      groups.push(
        (await createGroupRow(t.ctx.db, program, { mentees: 0, status: 'open', origin: 'self_select' }))
          .group,
      );
    const mentee = await createParticipant(t.ctx.db, program, 'mentee');
    const responses = await Promise.all(
      groups.map((group) =>
        t.app.inject({
          method: 'POST',
          url: `/api/groups/${group.id}/join`,
          headers: { cookie: mentee.cookie },
        }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    assert.equal(statuses.filter((s) => s === 200).length, 1, `statuses: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 3, `statuses: ${statuses.join(',')}`);
    const active = await t.ctx.db
      .select()
      .from(relationships)
      .where(
        and(eq(relationships.menteeEnrolmentId, mentee.enrolment.id), eq(relationships.status, 'active')),
      );
    assert.equal(active.length, 1);
  });
});
