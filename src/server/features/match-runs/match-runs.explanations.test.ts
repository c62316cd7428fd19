import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { PairExplanation } from '../../../contracts/match-runs.contracts.ts';
import { enrolments, matchRunPairs, relationships } from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { insertEnrolmentsBulk, insertPeopleBulk } from '../../testing/match-run-factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { runMatchRunNow } from './match-runs.service.ts';

/*
 * An explanation describes the run as it was solved. Publishing a run starts its pairs as relationships, which
 * afterwards count as "previous pairs" and take their mentees out of the next run; neither may change what an
 * earlier run's explanation says, and its points must keep adding up to the stored score.
 */
describe('explanations of a run stay as the run was solved', () => {
  let t: TestApp;
  let admin: string;
  let programId: string;
  const mentees: string[] = [];

  const api = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await t.app.inject({
      method,
      url: `/api/programs/${programId}${url}`,
      headers: { cookie: admin },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };

  const newRun = async () => {
    const created = await api('POST', '/match-runs', { mode: 'optimal' });
    await runMatchRunNow(t.ctx, created.id);
    return created.id as string;
  };

  /** Every matched pair's explanation in the run, by mentee enrolment. */
  const explanations = async (runId: string) => {
    const pairs = await api('GET', `/match-runs/${runId}/pairs?pageSize=100`);
    const byMentee = new Map<string, PairExplanation>();
    for (const pair of pairs.items as { mentee: { enrolmentId: string }; mentor: unknown }[]) {
      if (!pair.mentor) continue;
      byMentee.set(
        pair.mentee.enrolmentId,
        await api('GET', `/match-runs/${runId}/pairs/${pair.mentee.enrolmentId}/explanation`),
      );
    }
    return byMentee;
  };

  const assertTrue = (all: Map<string, PairExplanation>, when: string) => {
    assert.ok(all.size > 0, `${when}: no matched pair`);
    for (const [mentee, explanation] of all) {
      const points = explanation.criteria.reduce((sum, c) => sum + Math.round(c.points * 100), 0);
      assert.equal(points / 100, explanation.score, `${when}: points of ${mentee} add up to the score`);
      assert.doesNotMatch(explanation.text, /removed|already paired/, `${when}: ${explanation.text}`);
    }
  };

  before(async () => {
    t = await createTestApp();
    const orgs = await createTwoOrganisations(t.ctx.db);
    admin = orgs.admin.cookie;
    const program = await createProgram(t.ctx.db, orgs.org.id, { status: 'matching' });
    programId = program.id;
    const goals = [
      'grow into a people manager and lead a team',
      'learn product discovery and roadmaps',
      'get better at negotiation with customers',
      'move into data engineering with sql',
      'lead a team through a reorganisation',
      'present to executives with confidence',
    ];
    const people = await insertPeopleBulk(t.ctx.db, orgs.org.id, [
      { name: 'Mentor A', level: 8 },
      { name: 'Mentor B', level: 8 },
      ...goals.map((_, k) => ({ name: `Mentee ${k}`, level: 3 })),
    ]);
    const enrolments = await insertEnrolmentsBulk(t.ctx.db, orgs.org.id, program.id, [
      {
        personId: people[0]!,
        role: 'mentor',
        capacity: 4,
        profile: { skillsOffered: ['sql', 'negotiation'], goals: 'help people lead a team and negotiate' },
      },
      {
        personId: people[1]!,
        role: 'mentor',
        capacity: 4,
        profile: { skillsOffered: ['roadmaps'], goals: 'share product discovery and executive presence' },
      },
      ...goals.map((text, k) => ({
        personId: people[2 + k]!,
        role: 'mentee' as const,
        profile: { skillsWanted: k % 2 ? ['sql'] : ['roadmaps', 'negotiation'], goals: text },
      })),
    ]);
    mentees.push(...enrolments.slice(2));
  });
  after(() => t.close());

  it('keeps every explanation of a run, and its points adding up to the score, before and after publishing', async () => {
    const first = await newRun();
    // Only three mentees in the first run's pairs: unmatch the others so a second run has someone to pair.
    for (const mentee of mentees.slice(3))
      await api('POST', `/match-runs/${first}/edits`, { action: 'unmatch', menteeEnrolmentId: mentee });
    const before = await explanations(first);
    assertTrue(before, 'draft');

    await api('POST', `/match-runs/${first}/publish`);
    const after = await explanations(first);
    assertTrue(after, 'after publishing');
    assert.deepEqual(after, before);

    // A second run, made after the first was published: its mentees are the ones still without a mentor.
    const second = await newRun();
    const secondBefore = await explanations(second);
    assertTrue(secondBefore, 'second run draft');
    await api('POST', `/match-runs/${second}/publish`);
    const secondAfter = await explanations(second);
    assertTrue(secondAfter, 'second run after publishing');
    assert.deepEqual(secondAfter, secondBefore);
    assert.deepEqual(await explanations(first), before, 'the first run after the second was published');
  });

  it('explains a run solved before explanations were stored over its own snapshot, before and after publishing', async () => {
    // Free the mentees again so a third run pairs them, then forget its stored explanations (an older run).
    await t.ctx.db
      .update(relationships)
      .set({ status: 'completed' })
      .where(eq(relationships.programId, programId));
    await t.ctx.db.update(enrolments).set({ capacity: 10 }).where(eq(enrolments.role, 'mentor'));
    const run = await newRun();
    const stored = await explanations(run);
    await t.ctx.db.update(matchRunPairs).set({ explanation: null }).where(eq(matchRunPairs.runId, run));
    const recomputed = await explanations(run);
    assertTrue(recomputed, 'older run, draft');
    await api('POST', `/match-runs/${run}/publish`);
    const afterPublishing = await explanations(run);
    assertTrue(afterPublishing, 'older run, after publishing');
    assert.deepEqual(afterPublishing, recomputed);
    assert.deepEqual(recomputed, stored);
  });
});
