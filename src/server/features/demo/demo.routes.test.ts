import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import { careerEvents, people, programs, relationships } from '../../db/schema.ts';
import { createOrganisation } from '../../testing/factories.ts';
import { createTestApp, sessionCookieFrom, type TestApp } from '../../testing/test-app.ts';
import { createDemoOrganisation } from './demo.service.ts';

describe('demo organisation', () => {
  let t: TestApp;
  let adminCookie = '';
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('creates the demo organisation on an empty instance and signs its admin in', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/setup/demo' });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.equal(body.peopleCount, 360);
    assert.equal(body.me.role, 'admin');
    assert.equal(body.me.organisation.isDemo, true);
    assert.equal(body.credentials.email, 'admin@demo.trellis.local');
    assert.ok(body.credentials.password.length >= 10);
    const cookie = sessionCookieFrom(response);
    adminCookie = cookie;
    const directory = (
      await t.app.inject({ method: 'GET', url: '/api/people?pageSize=1', headers: { cookie } })
    ).json();
    assert.equal(directory.total, 360);
    const me = (
      await t.app.inject({ method: 'GET', url: `/api/people/${body.me.personId}`, headers: { cookie } })
    ).json();
    assert.equal(me.title, 'Head of People');
    assert.equal(me.managerChain.length, 1, 'the Head of People reports to the chief executive');
    assert.ok(me.directReports.length > 0);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: body.credentials,
    });
    assert.equal(signIn.statusCode, 200, 'the printed credentials work');
  });

  it('gives the demo five years of HRIS history consistent with the directory, and opt-in demographics', async () => {
    const organisationId = (await t.ctx.db.select().from(people).limit(1))[0]!.organisationId;
    const everyone = await t.ctx.db.select().from(people).where(eq(people.organisationId, organisationId));
    const events = await t.ctx.db
      .select()
      .from(careerEvents)
      .where(eq(careerEvents.organisationId, organisationId))
      .orderBy(careerEvents.effectiveOn);
    assert.ok(
      everyone.every((p) => p.hireDate !== null),
      'everyone has a hire date',
    );
    const byId = new Map(everyone.map((p) => [p.id, p]));
    const lastPromotion = new Map<string, string>();
    for (const e of events.filter((e) => e.kind === 'promotion')) lastPromotion.set(e.personId, e.toValue!);
    assert.ok(lastPromotion.size > 60, `${lastPromotion.size} people promoted`);
    for (const [personId, to] of lastPromotion)
      assert.equal(Number(to), byId.get(personId)!.level, "the last promotion reaches the person's level");
    const leavers = everyone.filter((p) => p.status === 'inactive');
    const exits = events.filter((e) => e.kind === 'exit');
    assert.ok(leavers.length > 80, `${leavers.length} former employees`);
    assert.deepEqual(new Set(exits.map((e) => e.personId)), new Set(leavers.map((p) => p.id)));
    assert.ok(
      exits.some((e) => e.exitType === 'voluntary') && exits.some((e) => e.exitType === 'involuntary'),
    );
    const fiveYearsAgo = new Date(Date.now() - 5 * 366 * 86_400_000).toISOString().slice(0, 10);
    assert.ok(events.every((e) => e.effectiveOn >= fiveYearsAgo && e.source === 'demo'));
    const stated = everyone.filter((p) => p.demographics !== null).length / everyone.length;
    assert.ok(stated > 0.6 && stated < 0.8, `${stated} stated demographics`);
    const active = await t.ctx.db
      .select()
      .from(people)
      .where(and(eq(people.organisationId, organisationId), eq(people.status, 'active')));
    assert.equal(active.length, 360, 'the former employees come on top of the 360 people');
  });

  it('has a closed past program whose participants the outcome page can compare, with skills before and after', async () => {
    const organisationId = (await t.ctx.db.select().from(people).limit(1))[0]!.organisationId;
    const [past] = await t.ctx.db
      .select()
      .from(programs)
      .where(and(eq(programs.organisationId, organisationId), eq(programs.name, 'Emerging Leaders 2024')));
    assert.ok(past, 'the past program exists');
    assert.equal(past.status, 'closed');
    assert.ok(past.selfRatedSkills.length >= 3);
    const pairs = await t.ctx.db.select().from(relationships).where(eq(relationships.programId, past.id));
    assert.ok(pairs.length >= 70 && pairs.length <= 90, `${pairs.length} pairs`);
    const now = t.clock.now.getTime();
    const month = 30.4 * 86_400_000;
    for (const pair of pairs) {
      assert.ok(['completed', 'ended_early'].includes(pair.status));
      const monthsAgo = (now - pair.startedAt!.getTime()) / month;
      assert.ok(monthsAgo > 26 && monthsAgo < 31, `started ${monthsAgo.toFixed(1)} months ago`);
      assert.ok(pair.endedAt!.getTime() > pair.startedAt!.getTime());
    }
    assert.ok(pairs.some((p) => p.status === 'ended_early' && p.reason));
    // Some participants have left since: inactive, with their exit in the history.
    const menteeIds = pairs.map((p) => p.menteePersonId);
    const gone = (await t.ctx.db.select().from(people).where(inArray(people.id, menteeIds))).filter(
      (p) => p.status === 'inactive',
    );
    assert.ok(gone.length >= 3, `${gone.length} participants left`);
    const exits = await t.ctx.db
      .select()
      .from(careerEvents)
      .where(
        and(
          eq(careerEvents.kind, 'exit'),
          inArray(
            careerEvents.personId,
            gone.map((p) => p.id),
          ),
        ),
      );
    assert.equal(exits.length, gone.length);

    // The admin sees, for all programs, mentees, a year on: matched participants and both outcomes with intervals.
    const cookie = adminCookie;
    const report = await t.app.inject({
      method: 'GET',
      url: '/api/outcomes?role=mentee&horizonMonths=12',
      headers: { cookie },
    });
    assert.equal(report.statusCode, 200, report.body);
    const body = report.json();
    assert.equal(body.suppressed, false);
    assert.ok(body.participants.matched >= 40, `${body.participants.matched} matched`);
    for (const outcome of [body.promotion, body.retention]) {
      assert.ok(outcome, 'the outcome is shown');
      assert.ok(outcome.difference.lower < outcome.difference.estimate);
      assert.ok(outcome.difference.estimate < outcome.difference.upper);
    }
    // Participants rated themselves at the check-in and at the end: the skills card shows a change.
    const skills = await t.app.inject({
      method: 'GET',
      url: `/api/programs/${past.id}/skills-change`,
      headers: { cookie },
    });
    assert.equal(skills.statusCode, 200, skills.body);
    const change = skills.json();
    assert.ok(change.overall && change.overall.n >= 40, JSON.stringify(change.overall));
    assert.ok(change.overall.mean > 0 && change.overall.lower < change.overall.mean);
  });

  it('refuses once the instance has an organisation (409), and the CLI path refuses a second demo', async () => {
    const again = await t.app.inject({ method: 'POST', url: '/api/setup/demo' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'conflict');
    await assert.rejects(createDemoOrganisation(t.ctx, { emptyInstanceOnly: false }), /already exists/);
  });

  it('lets the CLI add a demo organisation beside a real one', async () => {
    const other = await createTestApp();
    try {
      await createOrganisation(other.ctx.db, { name: 'Real Co' });
      const refused = await other.app.inject({ method: 'POST', url: '/api/setup/demo' });
      assert.equal(refused.statusCode, 409);
      const demo = await createDemoOrganisation(other.ctx, { emptyInstanceOnly: false });
      assert.equal(demo.peopleCount, 360);
      assert.equal(demo.organisation.isDemo, true);
    } finally {
      await other.close();
    }
  });
});
