import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { agreementVersions, auditLog, meetings, sessions, surveyResponses } from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import {
  createMemberPerson,
  createParticipant,
  createRelationshipRow,
} from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const DAY = 24 * 3600 * 1000;

describe('pair health on the program relationships table', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let member: string;
  let otherAdmin: string;
  let coordinator: string;
  let mentorCookie: string;
  let program: Awaited<ReturnType<typeof createProgram>>;
  const pairs: Record<string, string> = {};
  const start = () => t.clock.now;

  /** Move the app's clock; the test sessions are kept alive (their expiry is not what these tests are about). */
  const advanceDays = async (days: number) => {
    t.clock.advance(days * DAY);
    await t.ctx.db.update(sessions).set({
      expiresAt: new Date(t.clock.now.getTime() + DAY),
      lastSeenAt: t.clock.now,
      createdAt: t.clock.now,
    });
  };
  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  async function pair(key: string, mentorName: string, menteeName: string) {
    const m = await createParticipant(t.ctx.db, program, 'mentor', {
      person: { name: mentorName, level: 7 },
    });
    const e = await createParticipant(t.ctx.db, program, 'mentee', {
      person: { name: menteeName, level: 3 },
    });
    mentorCookie = m.cookie;
    const row = await createRelationshipRow(t.ctx.db, {
      organisationId: orgId,
      programId: program.id,
      mentor: m.enrolment,
      mentee: e.enrolment,
      status: 'active',
      origin: 'match_run',
      expiresAt: null,
      createdAt: new Date(start().getTime() - 1000),
    });
    pairs[key] = row.id;
    return { relationshipId: row.id, mentee: e };
  }
  const heldMeeting = (
    relationshipId: string,
    daysAfterStart: number,
    markedHeldAfterStart = daysAfterStart,
  ) =>
    t.ctx.db.insert(meetings).values({
      organisationId: orgId,
      relationshipId,
      title: 'Catch-up',
      startsAt: new Date(start().getTime() + daysAfterStart * DAY),
      heldAt: new Date(start().getTime() + markedHeldAfterStart * DAY),
      durationMinutes: 60,
      timeZone: 'Europe/London',
      icsUid: randomUUID(),
      status: 'held',
    });
  const signedAgreement = (relationshipId: string) =>
    t.ctx.db.insert(agreementVersions).values({
      organisationId: orgId,
      relationshipId,
      version: 1,
      content: { goals: 'secret agreement text' },
      mentorSignedAt: start(),
      menteeSignedAt: start(),
    });

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    admin = two.admin.cookie;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
    program = await createProgram(t.ctx.db, orgId, { status: 'running', name: 'Grow 2026' });
    const staff = await createMemberPerson(t.ctx.db, orgId);
    await addCoordinator(t.ctx.db, orgId, program.id, staff.user.id);
    coordinator = staff.cookie;

    const a = await pair('onTrack', 'Ada Mentor', 'Amy Mentee');
    await signedAgreement(a.relationshipId);
    await heldMeeting(a.relationshipId, 20);
    const b = await pair('quiet', 'Ben Mentor', 'Bea Mentee');
    await signedAgreement(b.relationshipId);
    // Met on day 2, marked held only on day 22: still quiet since day 2.
    await heldMeeting(b.relationshipId, 2, 22);
    const d = await pair('poorFit', 'Dan Mentor', 'Dee Mentee');
    await signedAgreement(d.relationshipId);
    await heldMeeting(d.relationshipId, 20);
    await t.ctx.db.insert(surveyResponses).values({
      organisationId: orgId,
      relationshipId: d.relationshipId,
      programId: program.id,
      personId: d.mentee.person.id,
      role: 'mentee',
      kind: 'check_in',
      rating: 1,
      comment: 'private words',
    });
    await pair('silent', 'Cal Mentor', '=HYPERLINK("https://evil.example","Click")');
    await advanceDays(25);
  });
  after(() => t.close());

  const page = async (query = '', cookie = admin) => {
    const res = await get(`/api/programs/${program.id}/relationship-health${query}`, cookie);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as {
      items: {
        relationshipId: string;
        mentorName: string;
        menteeName: string;
        state: string;
        reasons: { code: string; message: string }[];
      }[];
      total: number;
      counts: Record<string, number>;
    };
  };
  const rowOf = (items: Awaited<ReturnType<typeof page>>['items'], key: string) =>
    items.find((i) => i.relationshipId === pairs[key])!;

  it('shows each pair’s facts and health: recent meeting on track, quiet at risk, poor fit at risk', async () => {
    const body = await page('', coordinator);
    assert.equal(body.total, 4);
    const onTrack = rowOf(body.items, 'onTrack') as unknown as Record<string, unknown>;
    assert.equal(onTrack.state, 'on_track');
    assert.equal(onTrack.daysSinceLastMeeting, 5);
    assert.equal(onTrack.meetingsHeld, 1);
    assert.equal(onTrack.agreement, 'signed');
    const quiet = rowOf(body.items, 'quiet');
    assert.equal(quiet.state, 'at_risk');
    assert.match(quiet.reasons.find((r) => r.code === 'quiet')!.message, /No meeting for 23 days/);
    const poor = rowOf(body.items, 'poorFit') as unknown as Record<string, unknown>;
    assert.equal(poor.state, 'at_risk');
    assert.equal(poor.checkInFit, 1);
    assert.match(JSON.stringify(poor.reasons), /good fit/);
    const silent = rowOf(body.items, 'silent') as unknown as Record<string, unknown>;
    assert.equal(silent.agreement, 'none');
    assert.equal(silent.daysSinceLastMeeting, null);
    // metadata only: no agreement text, no survey comment
    assert.doesNotMatch(JSON.stringify(body), /secret agreement text|private words/);
  });

  it('sorts by risk and filters by state', async () => {
    await advanceDays(36); // day 61: the silent pair has had nothing for 60 days
    const body = await page('?sort=risk');
    assert.equal(body.items[0]!.relationshipId, pairs.silent);
    assert.equal(body.items[0]!.state, 'inactive');
    const order = { inactive: 0, at_risk: 1, needs_check_in: 2, on_track: 3 } as Record<string, number>;
    const ranks = body.items.map((i) => order[i.state]!);
    assert.deepEqual(
      ranks,
      [...ranks].sort((x, y) => x - y),
    );
    const inactive = await page('?state=inactive');
    assert.deepEqual(
      inactive.items.map((i) => i.relationshipId),
      [pairs.silent],
    );
    assert.equal(inactive.total, 1);
    assert.equal(body.counts.inactive, 1);
    const paged = await page('?sort=risk&pageSize=1&page=2');
    assert.equal(paged.items.length, 1);
    assert.equal(paged.total, 4);
    const bad = await get(`/api/programs/${program.id}/relationship-health?state=great`, admin);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /state/);
  });

  it('sorts by mentor or mentee name across pages, and every row of a page carries both names', async () => {
    const mentors = ['Ada Mentor', 'Ben Mentor', 'Cal Mentor', 'Dan Mentor'];
    const byMentor = [];
    for (let n = 1; n <= 4; n += 1) byMentor.push(...(await page(`?sort=mentor&pageSize=1&page=${n}`)).items);
    assert.deepEqual(
      byMentor.map((i) => i.mentorName),
      mentors,
    );
    const byMentee = (await page('?sort=mentee&pageSize=2&page=2')).items;
    assert.deepEqual(
      byMentee.map((i) => i.menteeName),
      ['Bea Mentee', 'Dee Mentee'],
    );
    // By risk, the names are looked up for the page's pairs only, and each row has its own pair's.
    const names: Record<string, [string, string]> = {
      onTrack: ['Ada Mentor', 'Amy Mentee'],
      quiet: ['Ben Mentor', 'Bea Mentee'],
      poorFit: ['Dan Mentor', 'Dee Mentee'],
      silent: ['Cal Mentor', '=HYPERLINK("https://evil.example","Click")'],
    };
    const expected = new Map(Object.entries(names).map(([key, pair]) => [pairs[key], pair]));
    for (const n of [1, 2])
      for (const item of (await page(`?sort=risk&pageSize=2&page=${n}`)).items)
        assert.deepEqual([item.mentorName, item.menteeName], expected.get(item.relationshipId));
  });

  it('exports the pairs as CSV with the columns, neutralising formula names, and audits it', async () => {
    const res = await get(`/api/programs/${program.id}/relationships.csv`, coordinator);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /text\/csv/);
    const [header, ...lines] = res.body.trim().split('\n');
    assert.equal(
      header,
      'mentor,mentee,started,health,reasons,days_since_last_meeting,meetings_held,meetings_planned,agreement,goal_progress_percent,last_rating,check_in_fit,open_action_items',
    );
    assert.equal(lines.length, 4);
    assert.ok(res.body.includes(`"'=HYPERLINK(""https://evil.example"",""Click"")"`), res.body);
    assert.ok(!/(^|,)=HYPERLINK/m.test(res.body));
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'program.relationships_exported'));
    assert.equal(audits.length, 1);
  });

  it('refuses a member, a mentor of the program and another organisation', async () => {
    for (const url of [
      `/api/programs/${program.id}/relationship-health`,
      `/api/programs/${program.id}/relationships.csv`,
    ]) {
      for (const cookie of [member, mentorCookie]) {
        const res = await get(url, cookie);
        assert.ok([403, 404].includes(res.statusCode), `${url} ${res.statusCode}`);
      }
      assert.equal((await get(url, otherAdmin)).statusCode, 404);
      assert.equal((await get(url)).statusCode, 401);
    }
  });
});
