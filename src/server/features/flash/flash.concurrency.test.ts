import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { flashSlots, meetings, relationshipEvents, relationships } from '../../db/schema.ts';
import { createOrganisation } from '../../testing/factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createParticipant } from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * Double booking under concurrency (issue 14): twenty mentees book one slot at once. On PostgreSQL the test pool has
 * several connections, so the transactions really overlap; the conditional UPDATE of the slot (under the mentor's
 * settings row lock) lets exactly one of them take it.
 */
describe('booking a flash slot concurrently', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('20 concurrent bookings of one slot leave exactly one session; the others get 409 and write nothing', async (test) => {
    const org = await createOrganisation(t.ctx.db);
    const program = await createProgram(t.ctx.db, org.id, { type: 'flash', status: 'running' });
    const mentor = await createParticipant(t.ctx.db, program, 'mentor', { person: { timeZone: 'UTC' } });
    const date = new Date(t.clock.now.getTime() + 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const slot = await t.call('POST', `/api/programs/${program.id}/flash/slots`, mentor.cookie, {
      startsAt: `${date}T10:00`,
    });
    assert.equal(slot.statusCode, 201, slot.body);
    const mentees = [];
    for (let k = 0; k < 20; k++) mentees.push(await createParticipant(t.ctx.db, program, 'mentee'));

    const started = performance.now();
    const responses = await Promise.all(
      mentees.map((mentee, k) =>
        t.call('POST', `/api/flash/slots/${slot.json().id}/book`, mentee.cookie, {
          topic: 'Careers',
          agenda: `Question number ${k}`,
        }),
      ),
    );
    const elapsed = performance.now() - started;
    const statuses = responses.map((response) => response.statusCode);
    assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 19, `statuses: ${statuses.join(',')}`);
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      assert.match(response.json().error.message, /This slot was just booked/);
    }
    const winner = responses.find((r) => r.statusCode === 201)!.json();
    const flash = await t.ctx.db.select().from(relationships).where(eq(relationships.origin, 'flash'));
    assert.equal(flash.length, 1, 'one relationship');
    assert.equal(flash[0]!.id, winner.relationshipId);
    assert.equal((await t.ctx.db.select().from(meetings)).length, 1, 'one meeting');
    assert.equal((await t.ctx.db.select().from(relationshipEvents)).length, 1, 'no half-written history');
    const [row] = await t.ctx.db.select().from(flashSlots).where(eq(flashSlots.id, slot.json().id));
    assert.equal(row!.status, 'booked');
    assert.equal(row!.relationshipId, winner.relationshipId);
    assert.equal(row!.agenda, winner.agenda);
    test.diagnostic(`${t.ctx.dbKind}: 20 concurrent bookings in ${Math.round(elapsed)} ms`);
  });
});
