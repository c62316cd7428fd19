import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import {
  auditLog,
  enrolments,
  goals,
  meetingFeedback,
  meetings,
  programResources,
  relationships,
  resourceCompletions,
  surveyResponses,
} from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { addCoordinator, createProgram, enrolPerson } from '../../testing/program-factories.ts';
import {
  createMemberPerson,
  createParticipant,
  createRelationshipRow,
} from '../../testing/relationship-factories.ts';
import { createTestApp, issuePaths, type TestApp } from '../../testing/test-app.ts';

const DAY = 24 * 3600 * 1000;
const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00.000Z`);

type Fig = { value: number | null; suppressed: boolean };
type Dashboard = {
  period: { from: string; to: string };
  minGroupSize: number;
  funnel: Record<string, Fig> & { endedEarlyReasons: { reason: string; pairs: Fig }[] };
  matching: Record<string, Fig>;
  months: ({ month: string } & Record<string, Fig>)[];
  ratings: { raters: Fig; mean: Fig; distribution: { rating: number; count: Fig }[] };
  nps: { score: Fig; answers: Fig };
  checkInFit: { mean: Fig; answers: Fig };
  goals: Record<string, Fig>;
  resources: { items: { title: string; eligible: Fig; completed: Fig; completionRate: Fig }[] };
};

const shown = (value: number | null): Fig => ({ value, suppressed: false });
const hidden: Fig = { value: null, suppressed: true };

/**
 * A running program (fortnightly: a pair is quiet after 21 days) seen on 30 June 2026, every figure worked out by
 * hand below. Mentees enrolled on 1 February: six in Engineering at level 3 (E1–E6) plus a withdrawn one (E7) and a
 * rejected one (E8, not counted), three in Sales at level 5 (S1–S3). Four mentors in Leadership at level 8.
 */
describe('program dashboard and organisation overview', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let member: string;
  let otherAdmin: string;
  let coordinator: string;
  let otherCoordinator: string;
  let mentorCookie: string;
  let program: Awaited<ReturnType<typeof createProgram>>;
  let otherProgram: Awaited<ReturnType<typeof createProgram>>;
  const mentee: Record<string, { person: { id: string }; enrolment: { id: string; personId: string } }> = {};
  const pair: Record<string, string> = {};

  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const dashboard = async (query = '', cookie = admin) => {
    const res = await get(`/api/programs/${program.id}/dashboard${query}`, cookie);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Dashboard;
  };

  const held = (relationshipId: string, day: string, status = 'held') =>
    t.ctx.db
      .insert(meetings)
      .values({
        organisationId: orgId,
        relationshipId,
        title: 'Catch-up',
        startsAt: at(day),
        heldAt: status === 'held' ? at(day, '11:00') : null,
        durationMinutes: 60,
        timeZone: 'Europe/London',
        icsUid: randomUUID(),
        status,
        createdAt: new Date(at(day).getTime() - 7 * DAY),
      })
      .returning();
  const rate = async (key: string, relationshipId: string, day: string, rating: number) => {
    const [m] = await t.ctx.db.select().from(meetings).where(eq(meetings.relationshipId, relationshipId));
    await t.ctx.db.insert(meetingFeedback).values({
      organisationId: orgId,
      relationshipId,
      meetingId: m!.id,
      programId: program.id,
      personId: mentee[key]!.person.id,
      role: 'mentee',
      rating,
      comment: 'a private comment',
      createdAt: at(day),
    });
  };
  const survey = (key: string, kind: 'check_in' | 'closing', day: string, value: number) =>
    t.ctx.db.insert(surveyResponses).values({
      organisationId: orgId,
      relationshipId: pair[key]!,
      programId: program.id,
      personId: mentee[key]!.person.id,
      role: 'mentee',
      kind,
      rating: kind === 'check_in' ? value : null,
      nps: kind === 'closing' ? value : null,
      comment: 'survey words',
      createdAt: at(day),
    });

  before(async () => {
    t = await createTestApp();
    t.clock.now = at('2026-06-30', '12:00');
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    admin = two.admin.cookie;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
    program = await createProgram(t.ctx.db, orgId, {
      status: 'running',
      name: 'Grow 2026',
      startsOn: '2026-03-01',
      meetingCadence: 'fortnightly',
    });
    otherProgram = await createProgram(t.ctx.db, orgId, { status: 'enrolling', name: 'Other program' });
    const staff = await createMemberPerson(t.ctx.db, orgId);
    await addCoordinator(t.ctx.db, orgId, program.id, staff.user.id);
    coordinator = staff.cookie;
    const otherStaff = await createMemberPerson(t.ctx.db, orgId);
    await addCoordinator(t.ctx.db, orgId, otherProgram.id, otherStaff.user.id);
    otherCoordinator = otherStaff.cookie;

    const enrolled = at('2026-02-01', '09:00');
    const mentors: Awaited<ReturnType<typeof createParticipant>>[] = [];
    for (let i = 0; i < 4; i++) {
      const m = await createParticipant(t.ctx.db, program, 'mentor', {
        person: { name: `Mentor ${i}`, department: 'Leadership', level: 8, location: 'London' },
      });
      await t.ctx.db.update(enrolments).set({ createdAt: enrolled }).where(eq(enrolments.id, m.enrolment.id));
      mentors.push(m);
      mentorCookie = m.cookie;
    }
    const add = async (key: string, department: string, level: number, status = 'approved') => {
      const p = await createMemberPerson(t.ctx.db, orgId, {
        name: key,
        department,
        level,
        location: 'London',
      });
      const enrolment = await enrolPerson(t.ctx.db, {
        organisationId: orgId,
        programId: program.id,
        personId: p.person.id,
        role: 'mentee',
        status: status as 'approved',
        createdAt: enrolled,
      });
      mentee[key] = { person: p.person, enrolment };
    };
    for (const key of ['E1', 'E2', 'E3', 'E4', 'E5', 'E6']) await add(key, 'Engineering', 3);
    await add('E7', 'Engineering', 3, 'withdrawn');
    await add('E8', 'Engineering', 3, 'rejected');
    for (const key of ['S1', 'S2', 'S3']) await add(key, 'Sales', 5);

    const relate = async (
      key: string,
      mentor: number,
      started: string,
      score: number,
      end?: { status: string; on: string; reasonCode?: string },
    ) => {
      const row = await createRelationshipRow(t.ctx.db, {
        organisationId: orgId,
        programId: program.id,
        mentor: mentors[mentor]!.enrolment,
        mentee: mentee[key]!.enrolment,
        status: 'active',
        origin: 'match_run',
        expiresAt: null,
        createdAt: at(started, '08:00'),
      });
      await t.ctx.db
        .update(relationships)
        .set({
          score,
          ...(end
            ? { status: end.status, endedAt: at(end.on, '08:00'), reasonCode: end.reasonCode ?? null }
            : {}),
        })
        .where(eq(relationships.id, row.id));
      pair[key] = row.id;
    };
    // Days from enrolment (1 Feb) to start: 28, 30, 38, 59, 59, and 28 for each Sales mentee. Scores are stored in
    // hundredths (8000 = 80.00).
    await relate('E1', 0, '2026-03-01', 8000);
    await relate('E2', 0, '2026-03-03', 7000);
    await relate('E3', 1, '2026-03-11', 6000, { status: 'completed', on: '2026-05-31' });
    await relate('E4', 1, '2026-04-01', 5000, {
      status: 'ended_early',
      on: '2026-05-10',
      reasonCode: 'left_organisation',
    });
    await relate('E5', 2, '2026-04-01', 9000);
    await relate('S1', 2, '2026-03-01', 4000);
    await relate('S2', 3, '2026-03-01', 4000);
    await relate('S3', 3, '2026-03-01', 4000);

    for (const day of ['2026-03-12', '2026-04-05', '2026-05-01', '2026-06-20']) await held(pair.E1!, day);
    await held(pair.E2!, '2026-03-15');
    for (const day of ['2026-03-20', '2026-04-20', '2026-05-20']) await held(pair.E3!, day);
    await held(pair.E4!, '2026-04-10');
    for (const day of ['2026-04-15', '2026-05-12', '2026-06-05']) await held(pair.E5!, day);
    await held(pair.E5!, '2026-07-05', 'scheduled'); // booked on 28 June
    await held(pair.E2!, '2026-06-10', 'cancelled'); // booked and cancelled: not a meeting held
    for (const key of ['S1', 'S2', 'S3']) await held(pair[key]!, '2026-03-05');

    // Ratings: six mentees in March (mean 26 / 6), two in April (too few to show that month).
    for (const [key, rating] of [
      ['E1', 5],
      ['E2', 4],
      ['E3', 5],
      ['S1', 3],
      ['S2', 4],
      ['S3', 5],
    ] as const) {
      await rate(key, pair[key]!, '2026-03-25', rating);
    }
    const [april] = await held(pair.E1!, '2026-04-28');
    await t.ctx.db.insert(meetingFeedback).values({
      organisationId: orgId,
      relationshipId: pair.E1!,
      meetingId: april!.id,
      programId: program.id,
      personId: mentee.E1!.person.id,
      role: 'mentee',
      rating: 4,
      createdAt: at('2026-04-28'),
    });
    await rate('E4', pair.E4!, '2026-04-12', 2);

    // Check-ins: five in April (mean 21 / 5), E5 a poor fit (2) in late June.
    for (const [key, fit] of [
      ['E1', 5],
      ['E2', 4],
      ['E3', 4],
      ['S1', 3],
      ['S2', 5],
    ] as const) {
      await survey(key, 'check_in', '2026-04-10', fit);
    }
    await survey('E5', 'check_in', '2026-06-25', 2);
    // Closing surveys in June: promoters E3, E1, S2; passive S1; detractor E2 → NPS (3 − 1) / 5 = 40.
    for (const [key, nps] of [
      ['E3', 10],
      ['E1', 9],
      ['E2', 6],
      ['S1', 8],
      ['S2', 10],
    ] as const) {
      await survey(key, 'closing', '2026-06-15', nps);
    }

    // Goals: five pairs, six goals not dropped, three done.
    const goal = (key: string, status: string) =>
      t.ctx.db.insert(goals).values({
        organisationId: orgId,
        relationshipId: pair[key]!,
        title: 'secret goal title',
        status,
        createdAt: at('2026-03-20'),
        completedAt: status === 'done' ? at('2026-05-01') : null,
      });
    await goal('E1', 'done');
    await goal('E1', 'on_track');
    await goal('E2', 'not_started');
    await goal('E2', 'dropped');
    await goal('E3', 'done');
    await goal('E5', 'on_track');
    await goal('S1', 'done');

    // Resources: one for everyone (13 approved participants, 6 completed), one for the 4 mentors.
    const [forAll] = await t.ctx.db
      .insert(programResources)
      .values({
        organisationId: orgId,
        programId: program.id,
        kind: 'guide',
        title: '=HYPERLINK("https://evil.example","Guide")',
        audience: 'both',
        position: 0,
      })
      .returning();
    await t.ctx.db.insert(programResources).values({
      organisationId: orgId,
      programId: program.id,
      kind: 'training',
      title: 'Mentor training',
      audience: 'mentor',
      position: 1,
    });
    for (const key of ['E1', 'E2', 'E3', 'S1', 'E7']) {
      await t.ctx.db.insert(resourceCompletions).values({
        organisationId: orgId,
        resourceId: forAll!.id,
        personId: mentee[key]!.person.id,
        completedAt: at('2026-04-01'),
      });
    }
    for (const m of mentors.slice(0, 2)) {
      await t.ctx.db.insert(resourceCompletions).values({
        organisationId: orgId,
        resourceId: forAll!.id,
        personId: m.person.id,
        completedAt: at('2026-04-01'),
      });
    }
  });
  after(() => t.close());

  it('computes the funnel, matching, monthly series, ratings, NPS, goals and resources', async () => {
    const d = await dashboard('', coordinator);
    assert.deepEqual(d.period, { from: '2026-03-01', to: '2026-06-30' });
    assert.equal(d.minGroupSize, 5);
    // Funnel: 10 mentees enrolled (E8 rejected is not), 8 matched, 6 active on 30 June; the single completed, the
    // single withdrawn and the single ended early are fewer than 5 and hidden.
    assert.deepEqual(d.funnel.enrolled, shown(10));
    assert.deepEqual(d.funnel.matched, shown(8));
    assert.deepEqual(d.funnel.active, shown(6));
    assert.deepEqual(d.funnel.completed, hidden);
    assert.deepEqual(d.funnel.withdrawn, hidden);
    assert.deepEqual(d.funnel.endedEarly, hidden);
    assert.deepEqual(d.funnel.mentorsEnrolled, hidden);
    const reasons = Object.fromEntries(d.funnel.endedEarlyReasons.map((r) => [r.reason, r.pairs]));
    assert.deepEqual(reasons.left_organisation, hidden);
    assert.deepEqual(reasons.other, shown(0));
    // Matching: 8 / 10; days to match 28,28,28,28,30,38,59,59 → median 29; scores 470 / 8 = 58.75.
    assert.deepEqual(d.matching.matchRate, shown(0.8));
    assert.deepEqual(d.matching.medianDaysToMatch, shown(29));
    assert.deepEqual(d.matching.meanMatchScore, shown(58.8));

    assert.deepEqual(
      d.months.map((m) => m.month),
      ['2026-03', '2026-04', '2026-05', '2026-06'],
    );
    const [mar, apr, may, jun] = d.months;
    // Active pairs: March 6 (E4, E5 start 1 April), April and May 8, June 6 (E3 completed 31 May, E4 ended 10 May).
    assert.deepEqual(
      d.months.map((m) => m.activePairs.value),
      [6, 8, 8, 6],
    );
    // Held: March 6, April 5 (E1 twice, E3, E4, E5), May 3, June 2 (the cancelled one does not count).
    assert.deepEqual(
      d.months.map((m) => m.meetingsHeld.value),
      [6, 5, 3, 2],
    );
    assert.deepEqual(
      d.months.map((m) => m.meetingsPerPair.value),
      [1, 0.63, 0.38, 0.33],
    );
    // At risk at each month's end (quiet after 21 days, none booked; or a poor fit):
    // 1 April: the three Sales pairs (last met 5 March) of 6 → 0.5.
    // 1 May: E2 and the Sales pairs of 8 (E1 last met 28 April) → 0.5.
    // 1 June: E1 (last met 1 May, next booked only on 13 June), E2, Sales ×3 of 6; E5 met 12 May → 5 / 6.
    // 30 June (now): E2, Sales ×3 and E5 (poor fit on 25 June, though a meeting is booked) of 6 → 5 / 6.
    assert.deepEqual(
      d.months.map((m) => m.atRiskShare.value),
      [0.5, 0.5, 0.8333, 0.8333],
    );
    // Ratings: March six mentees, mean 26 / 6; April only two raters → hidden.
    assert.deepEqual(mar!.meanRating, shown(4.33));
    assert.deepEqual(apr!.meanRating, hidden);
    assert.deepEqual(apr!.meanCheckInFit, shown(4.2));
    assert.deepEqual(jun!.meanCheckInFit, hidden);
    assert.deepEqual(jun!.nps, shown(40));
    assert.deepEqual(may!.nps, shown(null));
    // Over the period: 8 ratings by 7 people (32 / 8 = 4), 1:0 2:1 3:1 4:3 5:3.
    assert.deepEqual(d.ratings.mean, shown(4));
    assert.deepEqual(
      d.ratings.distribution.map((r) => r.count.value),
      [0, 1, 1, 3, 3],
    );
    assert.deepEqual(d.nps.score, shown(40));
    assert.deepEqual(d.checkInFit.mean, shown(3.83));
    // Goals: 6 not dropped over 5 pairs, 3 done.
    assert.deepEqual(d.goals.total, shown(6));
    assert.deepEqual(d.goals.done, shown(3));
    assert.deepEqual(d.goals.completionRate, shown(0.5));
    // Resources: 13 approved participants (E7 withdrawn is not), 6 completed; the mentors' one: 4 people → hidden.
    const [guide, training] = d.resources.items;
    assert.deepEqual(guide!.eligible, shown(13));
    assert.deepEqual(guide!.completed, shown(6));
    assert.deepEqual(guide!.completionRate, shown(0.4615));
    assert.deepEqual(training!.eligible, hidden);
    assert.deepEqual(training!.completionRate, hidden);
    // Metadata only.
    assert.doesNotMatch(JSON.stringify(d), /private comment|survey words|secret goal title/);
  });

  it('filters by department, level band and location, and narrows the period', async () => {
    const eng = await dashboard('?department=Engineering');
    // 7 Engineering mentees (E7 withdrawn counts as enrolled), 5 matched; first matches 28,30,38,59,59 → median 38.
    assert.deepEqual(eng.funnel.enrolled, shown(7));
    assert.deepEqual(eng.funnel.matched, shown(5));
    assert.deepEqual(eng.funnel.active, hidden); // E1, E2, E5
    assert.deepEqual(eng.matching.matchRate, shown(0.7143));
    assert.deepEqual(eng.matching.medianDaysToMatch, shown(38));
    assert.deepEqual(eng.funnel.mentorsEnrolled, shown(0)); // mentors are in Leadership
    const band = await dashboard('?levelBand=3-4');
    assert.deepEqual(band.funnel, eng.funnel);
    const london = await dashboard('?location=London');
    assert.deepEqual(london.funnel.enrolled, shown(10));
    const nowhere = await dashboard('?location=Paris');
    assert.deepEqual(nowhere.funnel.enrolled, shown(0));
    assert.deepEqual(nowhere.funnel.active, shown(0));
    assert.deepEqual(nowhere.months[0]!.activePairs, shown(0));

    const april = await dashboard('?from=2026-04-01&to=2026-04-30');
    assert.deepEqual(
      april.months.map((m) => m.month),
      ['2026-04'],
    );
    assert.deepEqual(april.months[0]!.meetingsHeld, shown(5));
    // Funnel as at 30 April: 8 matched, E3 and E4 still active then.
    assert.deepEqual(april.funnel.active, shown(8));
    // Only the relationships started in April (E4, E5) count for time to match: 2 → hidden.
    assert.deepEqual(april.matching.medianDaysToMatch, hidden);
  });

  it('hides every figure of a cohort of fewer than 5 people, for admins and coordinators alike', async () => {
    for (const cookie of [admin, coordinator]) {
      for (const query of ['?department=Sales', '?levelBand=5-6']) {
        const d = await dashboard(query, cookie);
        const shownValues: unknown[] = [];
        const walk = (v: unknown) => {
          if (v && typeof v === 'object') {
            const o = v as Record<string, unknown>;
            if ('suppressed' in o && 'value' in o) {
              if (!o.suppressed && o.value !== null && o.value !== 0) shownValues.push(o.value);
            } else for (const x of Object.values(o)) walk(x);
          }
        };
        walk({ ...d, minGroupSize: undefined });
        assert.deepEqual(shownValues, [], `${query}: ${JSON.stringify(shownValues)}`);
        assert.deepEqual(d.funnel.enrolled, hidden);
        assert.deepEqual(d.months[0]!.meanRating, hidden);
      }
    }
  });

  it('refuses members, a mentor, another program’s coordinator and another organisation; bad queries name the field', async () => {
    for (const url of [
      `/api/programs/${program.id}/dashboard`,
      `/api/programs/${program.id}/dashboard.csv?table=funnel`,
    ]) {
      for (const cookie of [member, mentorCookie, otherCoordinator]) {
        const res = await get(url, cookie);
        assert.ok([403, 404].includes(res.statusCode), `${url} ${res.statusCode}`);
      }
      assert.equal((await get(url, otherAdmin)).statusCode, 404);
      assert.equal((await get(url)).statusCode, 401);
    }
    const base = `/api/programs/${program.id}/dashboard`;
    for (const [query, path] of [
      ['?from=2026-13-01', 'querystring.from'],
      ['?to=yesterday', 'querystring.to'],
      ['?levelBand=9', 'querystring.levelBand'],
      ['?from=2026-06-01&to=2026-05-01', 'querystring.from'],
      ['?from=2016-01-01&to=2026-06-01', 'querystring.from'],
      ['?colour=blue', 'querystring'],
    ] as const) {
      const res = await get(`${base}${query}`, admin);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.ok(
        issuePaths(res).some((p) => p.startsWith(path)),
        `${query}: ${JSON.stringify(issuePaths(res))}`,
      );
    }
    const badTable = await get(`${base}.csv?table=people`, admin);
    assert.equal(badTable.statusCode, 400);
    assert.deepEqual(issuePaths(badTable), ['querystring.table']);
    const missing = await get(`/api/programs/${randomUUID()}/dashboard`, admin);
    assert.equal(missing.statusCode, 404);
  });

  it('exports each table as CSV with the same suppression, formula-safe, and audits it', async () => {
    const res = await get(`/api/programs/${program.id}/dashboard.csv?table=monthly`, coordinator);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /text\/csv/);
    assert.match(
      res.headers['content-disposition'] as string,
      /Grow-2026-monthly-2026-03-01-to-2026-06-30\.csv/,
    );
    const lines = res.body.trim().split('\n');
    assert.equal(
      lines[0],
      'month,active_pairs,meetings_held,meetings_per_pair,at_risk_percent,mean_rating,mean_check_in_fit,nps',
    );
    assert.equal(lines[1], '2026-03,6,6,1,50,4.33,,');
    assert.equal(lines[2], '2026-04,8,5,0.63,50,suppressed,4.2,');
    const funnel = await get(`/api/programs/${program.id}/dashboard.csv?table=funnel`, admin);
    assert.match(funnel.body, /^completed,suppressed$/m);
    assert.match(funnel.body, /^match rate percent,80$/m);
    const resources = await get(`/api/programs/${program.id}/dashboard.csv?table=resources`, admin);
    assert.ok(resources.body.includes(`"'=HYPERLINK(""https://evil.example"",""Guide"")"`), resources.body);
    const sales = await get(`/api/programs/${program.id}/dashboard.csv?table=funnel&department=Sales`, admin);
    assert.match(sales.body, /^enrolled,suppressed$/m);
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'program.dashboard_exported'));
    assert.equal(audits.length, 4);
    assert.deepEqual(audits.map((a) => (a.details as { table: string }).table).sort(), [
      'funnel',
      'funnel',
      'monthly',
      'resources',
    ]);
  });

  it('gives admins every program with the organisation totals, a coordinator theirs, and others nothing', async () => {
    const res = await get('/api/analytics/overview', admin);
    assert.equal(res.statusCode, 200, res.body);
    const all = res.json() as {
      scope: string;
      programs: ({ id: string; name: string } & Record<string, Fig>)[];
      totals: { programs: number } & Record<string, Fig>;
    };
    assert.equal(all.scope, 'organisation');
    assert.deepEqual(all.programs.map((p) => p.name).sort(), ['Grow 2026', 'Other program']);
    const grow = all.programs.find((p) => p.id === program.id)!;
    // 9 approved mentees + 4 mentors; 6 active pairs, 5 at risk now; 2 meetings in 30 days by 2 pairs → hidden;
    // 8 ratings by 7 people → 4; NPS 40.
    assert.deepEqual(grow.enrolled, shown(13));
    assert.deepEqual(grow.activePairs, shown(6));
    assert.deepEqual(grow.atRiskShare, shown(0.8333));
    assert.deepEqual(grow.meetingsLast30Days, hidden);
    assert.deepEqual(grow.meanRating, shown(4));
    assert.deepEqual(grow.nps, shown(40));
    const other = all.programs.find((p) => p.id === otherProgram.id)!;
    assert.deepEqual(other.enrolled, shown(0));
    assert.equal(all.totals.programs, 2);
    assert.deepEqual(all.totals.enrolled, shown(13));

    const mine = (await get('/api/analytics/overview', coordinator)).json() as typeof all;
    assert.equal(mine.scope, 'coordinated');
    assert.deepEqual(
      mine.programs.map((p) => p.id),
      [program.id],
    );
    assert.equal((await get('/api/analytics/overview', member)).statusCode, 403);
    assert.equal((await get('/api/analytics/overview', mentorCookie)).statusCode, 403);
    assert.equal((await get('/api/analytics/overview')).statusCode, 401);
    const theirs = (await get('/api/analytics/overview', otherAdmin)).json() as typeof all;
    assert.deepEqual(theirs.programs, []);
    assert.equal(theirs.totals.programs, 0);
  });

  it('exports the overview as CSV: the same programs and figures as the page, formula-safe, audited', async () => {
    await createProgram(t.ctx.db, orgId, {
      status: 'draft',
      name: '=HYPERLINK("https://evil.example","Click")',
    });
    const json = (await get('/api/analytics/overview', admin)).json() as {
      programs: ({ name: string; status: string } & Record<string, Fig>)[];
      totals: { programs: number } & Record<string, Fig>;
    };
    const res = await get('/api/analytics/overview.csv', admin);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /^text\/csv/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(
      res.headers['content-disposition'],
      'attachment; filename="programs-overview-2026-06-30.csv"',
    );
    const lines = res.body.trim().split('\n');
    assert.equal(
      lines[0],
      'program,status,people_enrolled,active_pairs,at_risk_percent,meetings_last_30_days,mean_rating,nps',
    );
    // Grow 2026 as the page shows it (meetings in the last 30 days by two pairs: withheld).
    assert.ok(lines.includes('Grow 2026,running,13,6,83.33,suppressed,4,40'), res.body);
    assert.ok(lines.includes('Other program,enrolling,0,0,,0,,'), res.body);
    assert.ok(lines.includes(`"'=HYPERLINK(""https://evil.example"",""Click"")",draft,0,0,,0,,`), res.body);
    assert.equal(lines.length, json.programs.length + 2);
    const cellOf = (fig: Fig, scale = 1) =>
      fig.suppressed
        ? 'suppressed'
        : fig.value === null
          ? ''
          : String(Math.round(fig.value * scale * 100) / 100);
    const t0 = json.totals;
    assert.equal(
      lines.at(-1),
      [
        'whole organisation',
        '3 programs',
        cellOf(t0.enrolled!),
        cellOf(t0.activePairs!),
        cellOf(t0.atRiskShare!, 100),
        cellOf(t0.meetingsLast30Days!),
        cellOf(t0.meanRating!),
        cellOf(t0.nps!),
      ].join(','),
    );
    // A coordinator: only the program they run; refused roles; another organisation sees none of these programs.
    const mine = await get('/api/analytics/overview.csv', coordinator);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.deepEqual(
      mine.body
        .trim()
        .split('\n')
        .map((l) => l.split(',')[0]),
      ['program', 'Grow 2026', 'your programs'],
    );
    assert.equal((await get('/api/analytics/overview.csv', member)).statusCode, 403);
    assert.equal((await get('/api/analytics/overview.csv', mentorCookie)).statusCode, 403);
    assert.equal((await get('/api/analytics/overview.csv')).statusCode, 401);
    const theirs = await get('/api/analytics/overview.csv', otherAdmin);
    assert.equal(theirs.statusCode, 200);
    assert.doesNotMatch(theirs.body, /Grow 2026|Other program|HYPERLINK/);
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'analytics.overview_exported'));
    assert.equal(audits.length, 3);
    assert.deepEqual(
      audits
        .filter((a) => a.organisationId === orgId)
        .map((a) => a.details)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [
        { scope: 'coordinated', programs: 1 },
        { scope: 'organisation', programs: 3 },
      ],
    );
  });

  it('lets an admin raise the smallest shown group (never below 5), which then applies everywhere', async () => {
    assert.deepEqual((await get('/api/analytics/settings', admin)).json(), { minGroupSize: 5 });
    assert.equal((await get('/api/analytics/settings', coordinator)).statusCode, 403);
    const put = (body: unknown, cookie = admin) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/analytics/settings',
        headers: { cookie },
        payload: body as object,
      });
    const low = await put({ minGroupSize: 4 });
    assert.equal(low.statusCode, 400);
    assert.deepEqual(issuePaths(low), ['body.minGroupSize']);
    assert.deepEqual((await get('/api/analytics/settings', admin)).json(), { minGroupSize: 5 });
    assert.equal((await put({ minGroupSize: 7 }, coordinator)).statusCode, 403);
    assert.equal((await put({ minGroupSize: 7 }, otherAdmin)).statusCode, 200);
    assert.deepEqual((await get('/api/analytics/settings', admin)).json(), { minGroupSize: 5 });
    const ok = await put({ minGroupSize: 7 });
    assert.equal(ok.statusCode, 200, ok.body);
    const d = await dashboard();
    assert.equal(d.minGroupSize, 7);
    assert.deepEqual(d.months[0]!.meanRating, hidden); // six raters in March
    assert.deepEqual(d.funnel.active, hidden); // six
    assert.deepEqual(d.funnel.enrolled, shown(10));
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'analytics.settings_updated'));
    assert.equal(audits.filter((a) => a.organisationId === orgId).length, 1);
  });
});
