import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { PairExplanation, RunPairList } from '../../../contracts/match-runs.contracts.ts';
import { matchRunPairs } from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { insertEnrolmentsBulk, insertPeopleBulk } from '../../testing/match-run-factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { runMatchRunNow } from './match-runs.service.ts';

/*
 * Issue 13 §4: a pair whose score comes mostly from criteria with nothing to go on (half marks for missing data) is
 * marked in the run's pairs, its statistics, its explanation and its export, and the share is stored with the pair.
 */
describe('pairs resting on missing information', () => {
  let t: TestApp;
  let admin: string;
  let otherAdmin: string;
  let programId: string;
  let runId: string;
  const enrolled: Record<string, string> = {};

  const get = async (url: string, cookie = admin) => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/programs/${programId}${url}`,
      headers: { cookie },
    });
    return response;
  };
  const json = async <T>(url: string): Promise<T> => {
    const response = await get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    return response.json() as T;
  };

  before(async () => {
    t = await createTestApp();
    const orgs = await createTwoOrganisations(t.ctx.db);
    admin = orgs.admin.cookie;
    otherAdmin = orgs.otherAdmin.cookie;
    const program = await createProgram(t.ctx.db, orgs.org.id, { status: 'matching' });
    programId = program.id;
    const known = {
      department: 'Engineering',
      jobFunction: 'Engineering management',
      timeZone: 'Europe/Paris',
      languages: ['English'],
    };
    const [mentorA, mentorB, full, empty] = await insertPeopleBulk(t.ctx.db, orgs.org.id, [
      { name: 'Ada Mentor', level: 8, ...known },
      { name: 'Bo Mentor', level: 8, ...known },
      { name: 'Cy Complete', level: 5, ...known },
      // Bulk-enrolled with nothing said and nothing in the directory either.
      { name: 'Di Blank', level: null },
    ]);
    const mentorProfile = {
      skillsOffered: ['sql', 'negotiation'],
      goals: 'help engineers lead a team and negotiate budgets',
      learningStyle: 'visual',
    };
    const ids = await insertEnrolmentsBulk(t.ctx.db, orgs.org.id, program.id, [
      { personId: mentorA!, role: 'mentor', capacity: 1, profile: mentorProfile },
      { personId: mentorB!, role: 'mentor', capacity: 1, profile: mentorProfile },
      {
        personId: full!,
        role: 'mentee',
        profile: {
          skillsWanted: ['sql'],
          goals: 'lead a team of engineers',
          targetFunction: 'Engineering management',
          learningStyle: 'visual',
        },
      },
      { personId: empty!, role: 'mentee', profile: {} },
    ]);
    enrolled.full = ids[2]!;
    enrolled.empty = ids[3]!;
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/programs/${programId}/match-runs`,
      headers: { cookie: admin },
      payload: { mode: 'optimal' },
    });
    assert.equal(created.statusCode, 202, created.body);
    runId = created.json().id;
    await runMatchRunNow(t.ctx, runId);
  });
  after(() => t.close());

  it('marks the pair of an empty profile in the list, the filter and the run figures, not the complete one', async () => {
    const pairs = await json<RunPairList>(`/match-runs/${runId}/pairs`);
    const byMentee = new Map(pairs.items.map((pair) => [pair.mentee.enrolmentId, pair]));
    const blank = byMentee.get(enrolled.empty!)!;
    const complete = byMentee.get(enrolled.full!)!;
    assert.ok(blank.mentor && complete.mentor, 'both mentees are matched');
    assert.equal(blank.neutralShare, 1, 'every point of the blank profile is half marks for nothing');
    assert.equal(blank.restsOnNeutral, true);
    assert.ok(complete.neutralShare !== null && complete.neutralShare < 0.5, `${complete.neutralShare}`);
    assert.equal(complete.restsOnNeutral, false);

    const flagged = await json<RunPairList>(`/match-runs/${runId}/pairs?filter=neutral`);
    assert.deepEqual(
      flagged.items.map((pair) => pair.mentee.name),
      ['Di Blank'],
    );
    assert.equal(flagged.total, 1);
    const run = await json<{ stats: { restingOnNeutral: number } }>(`/match-runs/${runId}`);
    assert.equal(run.stats.restingOnNeutral, 1);
  });

  it('explains why: which criteria had nothing to go on, and the share, in words', async () => {
    const blank = await json<PairExplanation>(`/match-runs/${runId}/pairs/${enrolled.empty}/explanation`);
    assert.equal(blank.restsOnNeutral, true);
    assert.equal(blank.neutralShare, 1);
    assert.match(
      blank.neutralWarning ?? '',
      /^100% of this score comes from criteria with information missing \(skills, goals/,
    );
    assert.ok(blank.criteria.filter((c) => c.neutral).length >= 5);
    assert.match(blank.text, /information missing/);

    const complete = await json<PairExplanation>(`/match-runs/${runId}/pairs/${enrolled.full}/explanation`);
    assert.equal(complete.restsOnNeutral, false);
    assert.equal(complete.neutralWarning, null);
    assert.equal(complete.criteria.find((c) => c.criterion === 'skills')?.neutral, false);
    assert.equal(complete.criteria.find((c) => c.criterion === 'preference')?.neutral, true);
  });

  it('stores the share with the pair, so it stays as the run was solved', async () => {
    const [row] = await t.ctx.db
      .select({ explanation: matchRunPairs.explanation })
      .from(matchRunPairs)
      .where(eq(matchRunPairs.menteeEnrolmentId, enrolled.empty!));
    const stored = row!.explanation as { neutralShare: number; neutral: number[] };
    assert.equal(stored.neutralShare, 10000);
    assert.equal(stored.neutral.length, 10);
  });

  it('puts the warning in the pairs export', async () => {
    const response = await get(`/match-runs/${runId}/pairs.csv`);
    assert.equal(response.statusCode, 200);
    const line = response.body.split('\n').find((text) => text.includes('Di Blank'))!;
    assert.match(line, /information missing/);
    const other = response.body.split('\n').find((text) => text.includes('Cy Complete'))!;
    assert.doesNotMatch(other, /information missing/);
  });

  it('says "not known" for pairs stored before the share was kept, without guessing from the values', async () => {
    await t.ctx.db
      .update(matchRunPairs)
      .set({ explanation: sql`${matchRunPairs.explanation} - 'neutral' - 'neutralShare'` })
      .where(eq(matchRunPairs.menteeEnrolmentId, enrolled.empty!));
    const pairs = await json<RunPairList>(`/match-runs/${runId}/pairs`);
    const blank = pairs.items.find((pair) => pair.mentee.enrolmentId === enrolled.empty)!;
    assert.equal(blank.neutralShare, null);
    assert.equal(blank.restsOnNeutral, false);
    const explanation = await json<PairExplanation>(
      `/match-runs/${runId}/pairs/${enrolled.empty}/explanation`,
    );
    assert.equal(explanation.neutralShare, null);
    assert.ok(explanation.criteria.every((c) => c.neutral === null));
  });

  it('shows another organisation nothing', async () => {
    const response = await get(`/match-runs/${runId}/pairs?filter=neutral`, otherAdmin);
    assert.equal(response.statusCode, 404);
  });

  it('refuses an unknown filter, naming the field', async () => {
    const response = await get(`/match-runs/${runId}/pairs?filter=thin`);
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.details.issues[0].path, 'querystring.filter');
  });
});
