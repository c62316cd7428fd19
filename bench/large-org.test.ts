// A small run of the analytics bench's organisation generator (200 people): the row counts it promises and the
// consistency the outcome pages rely on (levels agree with the HRIS history, leavers have one exit, nobody leaves
// during a relationship), and that its admin and coordinator can open the pair-health page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../src/server/testing/test-app.ts';
import { generateLargeOrganisation, type LargeOrg } from './large-org.ts';

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

describe('large organisation generator (bench)', () => {
  let t: TestApp;
  let org: LargeOrg;
  before(async () => {
    t = await createTestApp();
    org = await generateLargeOrganisation(t.database.db, { scale: 0.004, seed: 3, slug: 'bench-smoke' });
  });
  after(() => t.close());

  it('writes the promised rows', async () => {
    const count = async (table: string) =>
      Number(
        rowsOf(
          await t.database.db.execute(
            sql`select count(*) as n from ${sql.raw(table)} where organisation_id = ${org.organisationId}`,
          ),
        )[0]!.n,
      );
    assert.equal(await count('people'), 200);
    assert.equal(await count('programs'), 20);
    assert.equal(await count('relationships'), org.counts.relationships);
    assert.ok(org.counts.relationships! >= 40);
    for (const table of ['meetings', 'meeting_feedback', 'survey_responses', 'career_events', 'goals'])
      assert.equal(await count(table), org.counts[table], table);
    assert.ok(org.counts.meetings! > 300, `meetings ${org.counts.meetings}`);
    const statuses = rowsOf(
      await t.database.db.execute(
        sql`select distinct status from relationships where organisation_id = ${org.organisationId} order by status`,
      ),
    ).map((r) => r.status);
    assert.deepEqual(statuses, ['active', 'completed', 'ended_early']);
    const withDemographics = Number(
      rowsOf(
        await t.database.db.execute(
          sql`select count(*) as n from people where organisation_id = ${org.organisationId} and demographics is not null`,
        ),
      )[0]!.n,
    );
    assert.ok(withDemographics > 100 && withDemographics < 180, `demographics on ${withDemographics} of 200`);
  });

  it('keeps levels, exits and relationships consistent with the HRIS history', async () => {
    const db = t.database.db;
    // The level after the last promotion or level change is the person's level.
    const mismatched = rowsOf(
      await db.execute(sql`
        select p.id, p.level, last.to_value from people p
        join lateral (
          select to_value from career_events e
          where e.person_id = p.id and e.kind in ('promotion', 'level_change')
          order by effective_on desc limit 1
        ) last on true
        where p.organisation_id = ${org.organisationId} and last.to_value::int <> p.level`),
    );
    assert.deepEqual(mismatched, []);
    const promotions = Number(
      rowsOf(
        await db.execute(
          sql`select count(*) as n from career_events where organisation_id = ${org.organisationId} and kind = 'promotion'`,
        ),
      )[0]!.n,
    );
    assert.ok(promotions > 10, `promotions ${promotions}`);
    // Leavers are inactive with exactly one exit; nobody else has one.
    const exits = rowsOf(
      await db.execute(sql`
        select p.status, count(e.id) as exits from people p
        left join career_events e on e.person_id = p.id and e.kind = 'exit'
        where p.organisation_id = ${org.organisationId} group by p.id, p.status
        having (p.status = 'inactive') <> (count(e.id) = 1)`),
    );
    assert.deepEqual(exits, []);
    // Nobody leaves before a relationship they take part in has ended.
    const leftDuring = rowsOf(
      await db.execute(sql`
        select r.id from relationships r
        join career_events e on e.kind = 'exit' and e.person_id in (r.mentor_person_id, r.mentee_person_id)
        where r.organisation_id = ${org.organisationId}
          and (r.ended_at is null or e.effective_on < r.ended_at::date)`),
    );
    assert.deepEqual(leftDuring, []);
    // Ratings only for held meetings.
    const ratedUnheld = rowsOf(
      await db.execute(sql`
        select f.id from meeting_feedback f join meetings m on m.id = f.meeting_id
        where f.organisation_id = ${org.organisationId} and m.status <> 'held'`),
    );
    assert.deepEqual(ratedUnheld, []);
  });

  it('lets the admin and the coordinator open the largest program’s pair health', async () => {
    for (const cookie of [org.admin.cookie, org.coordinator.cookie]) {
      const response = await t.call(
        'GET',
        `/api/programs/${org.largestProgramId}/relationship-health`,
        cookie,
      );
      assert.equal(response.statusCode, 200, response.body);
      assert.ok(response.json().total > 0);
    }
  });
});
