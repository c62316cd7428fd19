import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { DiversityReport, OutcomesReport } from '../../../contracts/outcomes.contracts.ts';
import { syntheticOrganisation } from '../../../core/analytics/outcomes.synthetic.ts';
import type { Db } from '../../db/client.ts';
import { auditLog, sessions } from '../../db/schema.ts';
import { createPerson, createTwoOrganisations } from '../../testing/factories.ts';
import { insertEnrolmentsBulk } from '../../testing/match-run-factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import { createMemberPerson } from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * The outcomes service end to end on a seeded organisation (decision 018's synthetic one: seniors join more and are
 * promoted more; taking part adds +8 points to promotion within a year, nothing to retention), written to the
 * directory, the career history and the relationships as an import and the programs would.
 */

const day = (d: Date) => d.toISOString().slice(0, 10);
const SEED = 7;
const PEOPLE = 3000;

async function insertBulk(db: Db, table: string, columns: string, types: string, rows: object[]) {
  for (let i = 0; i < rows.length; i += 4000) {
    await db.execute(
      sql.raw(
        `insert into ${table} (${columns}) select ${columns} from json_to_recordset('${JSON.stringify(
          rows.slice(i, i + 4000),
        ).replace(/'/g, "''")}'::json) as t (${types})`,
      ),
    );
  }
}

/** The synthetic organisation in `organisationId`; its participants are mentees of `programId`. */
async function seedSynthetic(db: Db, organisationId: string, programId: string) {
  const org = syntheticOrganisation({ seed: SEED, people: PEOPLE });
  const ids = new Map(org.population.map((p) => [p.personId, randomUUID()]));
  const genders = ['Woman', 'Man'];
  await insertBulk(
    db,
    'people',
    'id, organisation_id, name, email, department, job_function, level, hire_date, status, demographics',
    'id uuid, organisation_id uuid, name text, email text, department text, job_function text, level integer, hire_date date, status text, demographics jsonb',
    org.population.map((p, i) => {
      const id = ids.get(p.personId)!;
      const left = p.employment[0]!.end !== null;
      // Three people describe themselves as non-binary (a group too small to show); every tenth says nothing.
      const demographics = i % 10 === 9 ? null : { gender: i < 3 ? 'Non-binary' : genders[i % 2] };
      return {
        id,
        organisation_id: organisationId,
        name: p.personId,
        email: `${id}@example.com`,
        department: p.department,
        job_function: p.jobFunction,
        level: p.level,
        hire_date: day(p.hireDate!),
        status: left ? 'inactive' : 'active',
        demographics,
      };
    }),
  );
  const events: object[] = [];
  for (const p of org.population) {
    const personId = ids.get(p.personId)!;
    const exit = p.employment[0]!.end;
    if (exit) {
      events.push({
        organisation_id: organisationId,
        person_id: personId,
        kind: 'exit',
        effective_on: day(exit),
        exit_type: 'voluntary',
        source: 'csv',
      });
    }
    const seen = new Set<string>();
    for (const promotion of p.promotions) {
      if (seen.has(day(promotion))) continue;
      seen.add(day(promotion));
      events.push({
        organisation_id: organisationId,
        person_id: personId,
        kind: 'promotion',
        effective_on: day(promotion),
        source: 'csv',
      });
    }
  }
  await insertBulk(
    db,
    'career_events',
    'organisation_id, person_id, kind, effective_on, exit_type, source',
    'organisation_id uuid, person_id uuid, kind text, effective_on date, exit_type text, source text',
    events,
  );
  // One mentor (with no hire date: never a comparison person) takes every mentee.
  const mentor = await createPerson(db, organisationId, { name: 'The Mentor' });
  const [mentorEnrolment] = await insertEnrolmentsBulk(db, organisationId, programId, [
    { personId: mentor.id, role: 'mentor', capacity: 20 },
  ]);
  const menteeIds = org.participants.map((p) => ids.get(p.personId)!);
  const enrolmentIds = await insertEnrolmentsBulk(
    db,
    organisationId,
    programId,
    menteeIds.map((personId) => ({ personId, role: 'mentee' as const })),
  );
  await insertBulk(
    db,
    'relationships',
    'organisation_id, program_id, mentor_enrolment_id, mentee_enrolment_id, mentor_person_id, mentee_person_id, status, origin, started_at',
    'organisation_id uuid, program_id uuid, mentor_enrolment_id uuid, mentee_enrolment_id uuid, mentor_person_id uuid, mentee_person_id uuid, status text, origin text, started_at timestamptz',
    org.participants.map((p, i) => ({
      organisation_id: organisationId,
      program_id: programId,
      mentor_enrolment_id: mentorEnrolment,
      mentee_enrolment_id: enrolmentIds[i],
      mentor_person_id: mentor.id,
      mentee_person_id: menteeIds[i],
      status: 'completed',
      origin: 'match_run',
      started_at: p.startedAt.toISOString(),
    })),
  );
  return { org, ids };
}

describe('outcomes: promotion and retention against comparable people, and the diversity view', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let member: string;
  let otherAdmin: string;
  let coordinator: string;
  let program: { id: string; name: string };
  let small: { id: string };
  let synthetic: Awaited<ReturnType<typeof seedSynthetic>>['org'];

  const get = (url: string, cookie?: string) => t.call('GET', url, cookie);
  const report = async (query: string, cookie = admin) => {
    const res = await get(`/api/outcomes?${query}`, cookie);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as OutcomesReport;
  };

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    admin = two.admin.cookie;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
    program = await createProgram(t.ctx.db, orgId, { status: 'closed', name: 'Grow 2022' });
    small = await createProgram(t.ctx.db, orgId, { status: 'running', name: '=Small' });
    const staff = await createMemberPerson(t.ctx.db, orgId);
    await addCoordinator(t.ctx.db, orgId, small.id, staff.user.id);
    coordinator = staff.cookie;
    synthetic = (await seedSynthetic(t.ctx.db, orgId, program.id)).org;
    t.clock.now = synthetic.now;
    await t.ctx.db.update(sessions).set({ createdAt: synthetic.now, lastSeenAt: synthetic.now });
  });
  after(() => t.close());

  it('recovers the known effect with the matched comparison, while the unadjusted one is biased', async () => {
    const body = await report(`programId=${program.id}&role=mentee&horizonMonths=12`);
    assert.equal(body.hasHistory, true);
    assert.equal(body.suppressed, false);
    assert.equal(body.participants.total, synthetic.participants.length);
    assert.ok(body.participants.matched > 300, `${body.participants.matched} matched`);
    const promotion = body.promotion!;
    const d = promotion.difference!;
    // The true effect (+8 points) is inside the matched interval; the unadjusted difference overstates it.
    assert.ok(d.lower <= 0.08 && 0.08 <= d.upper, JSON.stringify(d));
    const naive = promotion.naive.difference!;
    assert.ok(naive.lower > 0.08, `unadjusted ${JSON.stringify(naive)}`);
    assert.ok(naive.estimate > d.estimate + 0.05);
    // Retention: no true effect; the matched interval covers 0.
    const r = body.retention!.difference!;
    assert.ok(r.lower <= 0 && 0 <= r.upper, JSON.stringify(r));
    assert.ok(
      promotion.comparison.effectiveSize > 0 && promotion.comparison.people > promotion.participants.people,
    );
    assert.match(body.matchingRule, /same department/);
    // Kaplan–Meier curves: start at 1, never rise, end near the retention rate.
    const curve = body.curves!.participants;
    assert.equal(curve[0]!.survival, 1);
    assert.ok(curve.length <= 62);
    for (let i = 1; i < curve.length; i++) assert.ok(curve[i]!.survival <= curve[i - 1]!.survival);
    assert.ok(Math.abs(curve.at(-1)!.survival - body.retention!.participants.rate!) < 0.05);
  });

  it('all programs for admins; the horizon changes who is counted', async () => {
    const all = await report('role=mentee&horizonMonths=24');
    assert.equal(all.programId, null);
    // Participants started in 2022; by June 2024 not everyone's 24 months have passed.
    assert.ok(all.participants.horizonNotElapsed > 0);
    const mentors = await report(`programId=${program.id}&role=mentor`);
    // One mentor, no hire date: too few to show anything.
    assert.equal(mentors.suppressed, true);
    assert.equal(mentors.promotion, null);
    assert.equal(mentors.curves, null);
    assert.equal(mentors.participants.dropped.missingData, 1);
  });

  it('withholds everything when fewer participants than the smallest group are matched', async () => {
    const body = await report(`programId=${small.id}`, coordinator);
    assert.equal(body.suppressed, true);
    assert.equal(body.promotion, null);
    assert.equal(body.retention, null);
    assert.equal(body.minGroupSize, 5);
  });

  it('exports the report as CSV, formula-safe, and audits it', async () => {
    const res = await get(`/api/outcomes.csv?programId=${program.id}`, admin);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /text\/csv/);
    assert.match(String(res.headers['content-disposition']), /Grow-2022-outcomes-mentees\.csv/);
    const lines = res.body.trim().split('\n');
    assert.equal(lines[0], 'measure,group,people,percent,lower_95,upper_95,effective_size');
    assert.ok(
      lines.some((l) => l.startsWith('promoted within 12 months,comparable people not in mentoring,')),
    );
    const smallCsv = await get(`/api/outcomes.csv?programId=${small.id}`, coordinator);
    assert.equal(smallCsv.statusCode, 200);
    assert.match(String(smallCsv.headers['content-disposition']), /Small-outcomes/);
    assert.match(smallCsv.body, /withheld: fewer than 5 people/);
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'outcomes.exported'));
    assert.equal(audits.length, 2);
  });

  it('coordinators see only their programs, never all; members and other organisations see nothing', async () => {
    assert.equal((await get(`/api/outcomes?programId=${program.id}`, coordinator)).statusCode, 403);
    assert.equal((await get('/api/outcomes', coordinator)).statusCode, 403);
    assert.equal((await get('/api/outcomes/diversity', coordinator)).statusCode, 403);
    assert.equal((await get('/api/outcomes/diversity.csv', coordinator)).statusCode, 403);
    assert.equal(
      (await get(`/api/outcomes/diversity.csv?programId=${program.id}`, coordinator)).statusCode,
      403,
    );
    const programs = (await get('/api/outcomes/programs', coordinator)).json() as {
      allowAll: boolean;
      items: { id: string }[];
    };
    assert.equal(programs.allowAll, false);
    assert.deepEqual(
      programs.items.map((p) => p.id),
      [small.id],
    );
    for (const url of [
      '/api/outcomes',
      `/api/outcomes?programId=${program.id}`,
      `/api/outcomes.csv?programId=${program.id}`,
      '/api/outcomes/programs',
      `/api/outcomes/diversity?programId=${program.id}`,
      `/api/outcomes/diversity.csv?programId=${program.id}`,
      `/api/programs/${program.id}/skills-change`,
      `/api/programs/${program.id}/skills-change.csv`,
    ]) {
      assert.equal((await get(url, member)).statusCode, 403, url);
      assert.equal((await get(url)).statusCode, 401, url);
    }
    for (const url of [
      `/api/outcomes?programId=${program.id}`,
      `/api/outcomes.csv?programId=${program.id}`,
      `/api/outcomes/diversity?programId=${program.id}`,
      `/api/outcomes/diversity.csv?programId=${program.id}`,
      `/api/programs/${program.id}/skills-change`,
      `/api/programs/${program.id}/skills-change.csv`,
    ]) {
      assert.equal((await get(url, otherAdmin)).statusCode, 404, url);
    }
    // The other organisation's own report sees none of these people.
    const theirs = (await get('/api/outcomes', otherAdmin)).json() as OutcomesReport;
    assert.equal(theirs.participants.total, 0);
    assert.equal(theirs.hasHistory, false);
    const theirDiversity = await get('/api/outcomes/diversity.csv', otherAdmin);
    assert.equal(theirDiversity.statusCode, 200);
    assert.deepEqual(
      theirDiversity.body
        .trim()
        .split('\n')
        .map((l) => l.split(',')[0]),
      ['gender', 'Not stated', 'Total'],
    );
  });

  it('answers 400 naming the field for a bad query', async () => {
    for (const [query, field] of [
      ['horizonMonths=0', 'horizonMonths'],
      ['horizonMonths=abc', 'horizonMonths'],
      ['role=boss', 'role'],
      ['programId=nope', 'programId'],
      ['colour=red', ''],
    ] as const) {
      const res = await get(`/api/outcomes?${query}`, admin);
      assert.equal(res.statusCode, 400, query);
      assert.match(res.body, new RegExp(field), query);
    }
    const bad = await get('/api/outcomes/diversity?dimension=a;drop', admin);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /dimension/);
  });

  it('diversity: people, participants, matching and outcomes by group, small groups and their complements hidden', async () => {
    const res = await get(`/api/outcomes/diversity?programId=${program.id}&dimension=gender`, admin);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as DiversityReport;
    assert.deepEqual(body.dimensions, ['gender']);
    assert.deepEqual(
      body.groups.map((g) => g.group),
      ['Man', 'Non-binary', 'Woman', 'Not stated'],
    );
    const nonBinary = body.groups.find((g) => g.group === 'Non-binary')!;
    assert.equal(nonBinary.people, null);
    assert.equal(nonBinary.participants, null);
    assert.equal(nonBinary.promotionRate, null);
    // The hidden row cannot be worked out from the totals: in every column some other cell or the total is hidden.
    for (const key of ['people', 'participants', 'matched', 'followed', 'promoted', 'retained'] as const) {
      const others = body.groups.filter((g) => g !== nonBinary).map((g) => g[key]);
      assert.ok(others.includes(null) || body.total[key] === null, key);
    }
    assert.ok(body.hiddenCells > 0);
    const woman = body.groups.find((g) => g.group === 'Woman')!;
    assert.ok(woman.people! > 800 && woman.participants! > 100, JSON.stringify(woman));
    assert.ok(woman.matchRate! > 0.99);
    assert.ok(woman.promotionRate! > 0 && woman.promotionRate! < 1);
    const notStated = body.groups.find((g) => g.notStated)!;
    assert.ok(notStated.people === null || notStated.people > 100);
  });

  it('diversity CSV: the same rows as the page, withheld cells never written as numbers, formula-safe, audited', async () => {
    // Six people describe themselves as "@x": a spreadsheet would read it as a formula.
    await t.ctx.db.execute(
      sql`update people set demographics = '{"gender":"@x"}'::jsonb where id in (select id from people where organisation_id = ${orgId} and demographics->>'gender' = 'Woman' and status = 'active' limit 6)`,
    );
    const query = `programId=${program.id}&dimension=gender&role=mentee`;
    const json = (await get(`/api/outcomes/diversity?${query}`, admin)).json() as DiversityReport;
    const res = await get(`/api/outcomes/diversity.csv?${query}`, admin);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const today = t.clock.now.toISOString().slice(0, 10);
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="Grow-2022-diversity-gender-mentees-${today}.csv"`,
    );
    const lines = res.body.trim().split('\n');
    assert.equal(
      lines[0],
      'gender,people,participants,matched,match_rate_percent,started_12_months_ago_or_more,promoted_within_12_months,promotion_rate_percent,still_employed_at_12_months,retention_rate_percent',
    );
    const label = (g: string) => (g === '@x' ? "'@x" : g);
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      [...json.groups.map((g) => label(g.group)), 'Total'],
    );
    const keys = ['people', 'participants', 'matched', 'followed', 'promoted', 'retained'] as const;
    const columns = [1, 2, 3, 5, 6, 8];
    for (const [i, row] of [...json.groups, json.total].entries()) {
      const cells = lines[i + 1]!.split(',');
      keys.forEach((key, j) => {
        const value = row[key];
        assert.equal(cells[columns[j]!], value === null ? 'suppressed' : String(value), `${cells[0]} ${key}`);
      });
      if (row.matchRate !== null) {
        assert.equal(Number(cells[4]), Math.round(row.matchRate * 1000) / 10, `${cells[0]} match rate`);
      }
    }
    // The groups of three are withheld everywhere in the file, rates included.
    const nonBinary = lines.find((l) => l.startsWith('Non-binary,'))!;
    assert.equal(nonBinary, `Non-binary,${Array(9).fill('suppressed').join(',')}`);
    const x = lines.find((l) => l.startsWith("'@x,"));
    assert.ok(x, res.body);
    assert.ok(!lines.some((l) => l.startsWith('@')), 'no line starts with a formula');
    // A coordinator's small program: a dated file named after it, every figure withheld or zero.
    const mine = await get(`/api/outcomes/diversity.csv?programId=${small.id}`, coordinator);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.match(
      String(mine.headers['content-disposition']),
      new RegExp(`Small-diversity-gender-mentees-${today}\\.csv`),
    );
    for (const line of mine.body.trim().split('\n').slice(1)) {
      for (const c of line.split(',').slice(1)) assert.ok(['suppressed', '0', ''].includes(c), line);
    }
    const bad = await get('/api/outcomes/diversity.csv?dimension=a;drop', admin);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /dimension/);
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'outcomes.diversity_exported'));
    // The two files here and the other organisation's own (empty) one.
    assert.equal(audits.filter((a) => a.organisationId === orgId).length, 2);
    const first = audits.find((a) => a.targetId === program.id)!;
    assert.deepEqual(first.details, { role: 'mentee', dimension: 'gender', hiddenCells: json.hiddenCells });
  });

  it('reads every change to the careers, the directory and the starts on the next request (nothing kept goes stale)', async () => {
    const query = `programId=${program.id}&role=mentee&horizonMonths=12`;
    const before = await report(query);
    assert.ok(before.promotion!.participants.events > 0);
    // Careers: the participants' promotions are withdrawn from the HRIS history.
    await t.ctx.db.execute(sql`
      delete from career_events where organisation_id = ${orgId} and kind = 'promotion'
        and person_id in (select mentee_person_id from relationships where program_id = ${program.id})`);
    const withoutPromotions = await report(query);
    assert.equal(withoutPromotions.promotion!.participants.events, 0);
    // Starts: one relationship never started after all.
    const picked = (await t.ctx.db.execute(
      sql`select id from relationships where program_id = ${program.id} and started_at is not null order by started_at limit 1`,
    )) as unknown as { rows: { id: string }[] };
    const rel = picked.rows[0];
    await t.ctx.db.execute(sql`update relationships set started_at = null where id = ${rel!.id}`);
    const oneFewer = await report(query);
    assert.equal(oneFewer.participants.total, before.participants.total - 1);
    // Directory: a matched participant moves to a department of their own (no timestamp touched): nobody compares.
    await t.ctx.db.execute(sql`
      update people set department = 'A department of one' where id = (
        select r.mentee_person_id from relationships r join people p on p.id = r.mentee_person_id
        where r.program_id = ${program.id} and r.started_at is not null and p.status = 'active'
          and r.started_at < ${new Date(t.clock.now.getTime() - 400 * 86_400_000).toISOString()}
        order by r.started_at limit 1)`);
    const moved = await report(query);
    assert.equal(moved.participants.dropped.noComparable, oneFewer.participants.dropped.noComparable + 1);
  });
});
