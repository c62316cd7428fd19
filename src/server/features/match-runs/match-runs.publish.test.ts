import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { people, relationships } from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { insertEnrolmentsBulk, insertPeopleBulk } from '../../testing/match-run-factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { runMatchRunNow } from './match-runs.service.ts';

describe('publishing a draft re-checks what changed since the run', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('skips and reports pairs whose mentor filled up or moved into the mentee’s reporting line', async () => {
    const { org, admin } = await createTwoOrganisations(t.ctx.db);
    const [ada, bo, cy, di, ed] = await insertPeopleBulk(t.ctx.db, org.id, [
      { name: 'Ada', level: 8 },
      { name: 'Bo', level: 8 },
      { name: 'Cy', level: 3 },
      { name: 'Di', level: 3 },
      { name: 'Ed', level: 3 },
    ]);
    const program = await createProgram(t.ctx.db, org.id, { status: 'matching' });
    const [adaMentor, boMentor, cyMentee, diMentee, edMentee] = await insertEnrolmentsBulk(
      t.ctx.db,
      org.id,
      program.id,
      [
        { personId: ada!, role: 'mentor', capacity: 1 },
        { personId: bo!, role: 'mentor', capacity: 1 },
        { personId: cy!, role: 'mentee' },
        { personId: di!, role: 'mentee' },
        { personId: ed!, role: 'mentee', status: 'withdrawn' },
      ],
    );
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/programs/${program.id}/match-runs`,
      headers: { cookie: admin.cookie },
      payload: { mode: 'participation' },
    });
    const runId = created.json().id;
    await runMatchRunNow(t.ctx, runId);
    const pairs = (
      await t.app.inject({
        method: 'GET',
        url: `/api/programs/${program.id}/match-runs/${runId}/pairs`,
        headers: { cookie: admin.cookie },
      })
    ).json().items as { mentee: { enrolmentId: string }; mentor: { enrolmentId: string } }[];
    assert.equal(pairs.length, 2);
    const mentorOf = new Map(pairs.map((p) => [p.mentee.enrolmentId, p.mentor.enrolmentId]));

    // Since the run: Ada's only place went to Ed (a relationship started elsewhere), and Bo became Di's manager.
    await t.ctx.db.insert(relationships).values({
      organisationId: org.id,
      programId: program.id,
      mentorEnrolmentId: adaMentor!,
      menteeEnrolmentId: edMentee!,
      mentorPersonId: ada!,
      menteePersonId: ed!,
      status: 'active',
      origin: 'request',
    });
    const cyMentor = mentorOf.get(cyMentee!)!;
    const diMentor = mentorOf.get(diMentee!)!;
    const boMentee = cyMentor === boMentor ? cy! : di!;
    await t.ctx.db.update(people).set({ managerId: bo! }).where(eq(people.id, boMentee));

    const published = await t.app.inject({
      method: 'POST',
      url: `/api/programs/${program.id}/match-runs/${runId}/publish`,
      headers: { cookie: admin.cookie },
    });
    assert.equal(published.statusCode, 200, published.body);
    const body = published.json();
    assert.equal(body.relationshipsCreated, 0);
    const reasons = body.skipped.map((s: { reason: string }) => s.reason).sort();
    assert.deepEqual(reasons, [
      'the mentor has no capacity left',
      'the mentor is in the mentee’s reporting line',
    ]);
    assert.ok([cyMentor, diMentor].includes(adaMentor!) && [cyMentor, diMentor].includes(boMentor!));
    const rows = await t.ctx.db.select().from(relationships).where(eq(relationships.programId, program.id));
    assert.equal(rows.length, 1, 'only the relationship that was there');
  });
});
