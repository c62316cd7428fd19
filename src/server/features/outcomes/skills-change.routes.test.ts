import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { SkillsChangeReport } from '../../../contracts/outcomes.contracts.ts';
import { auditLog, programs, relationships, surveyResponses } from '../../db/schema.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import {
  createMemberPerson,
  createParticipant,
  createRelationshipRow,
} from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createWorkspaceFixture, type WorkspaceFixture } from '../../testing/workspace-factories.ts';

const DAY = 24 * 3600 * 1000;

describe('self-rated skills: program settings, survey answers and the change from start to end', () => {
  let t: TestApp;
  let f: WorkspaceFixture;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie?: string, payload?: unknown) =>
    t.call(method, url, cookie, payload);
  const surveysUrl = (relationshipId: string, rest = '') =>
    `/api/relationships/${relationshipId}/surveys${rest}`;

  before(async () => {
    t = await createTestApp();
    f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    await t.ctx.db
      .update(relationships)
      .set({ startedAt: new Date(t.clock.now.getTime() - 31 * DAY) })
      .where(eq(relationships.programId, f.program.id));
  });
  after(() => t.close());

  it('program staff choose up to 8 skills, each once; the program shows them', async () => {
    const url = `/api/programs/${f.program.id}`;
    const tooMany = await call('PATCH', url, f.coordinator.cookie, {
      selfRatedSkills: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
    });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /selfRatedSkills/);
    const twice = await call('PATCH', url, f.coordinator.cookie, {
      selfRatedSkills: ['Coaching', 'coaching'],
    });
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /selfRatedSkills/);
    const saved = await call('PATCH', url, f.coordinator.cookie, {
      selfRatedSkills: [' Negotiation ', 'Public speaking'],
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json().selfRatedSkills, ['Negotiation', 'Public speaking']);
  });

  it('the check-in asks for them; only the program’s skills, rated 1–5, are accepted', async () => {
    const surveys = await call('GET', surveysUrl(f.relationship.id), f.mentee.cookie);
    assert.deepEqual(surveys.json().skills, ['Negotiation', 'Public speaking']);
    const base = { rating: 4 };
    const unknown = await call('POST', surveysUrl(f.relationship.id, '/check-in'), f.mentee.cookie, {
      ...base,
      skills: { Negotiation: 2, Cooking: 3 },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details.issues[0].path, 'body.skills.Cooking');
    const outOfRange = await call('POST', surveysUrl(f.relationship.id, '/check-in'), f.mentee.cookie, {
      ...base,
      skills: { Negotiation: 6 },
    });
    assert.equal(outOfRange.statusCode, 400);
    assert.match(outOfRange.body, /skills/);
    // Nothing was written by the refused answers.
    const none = await t.ctx.db
      .select()
      .from(surveyResponses)
      .where(
        and(eq(surveyResponses.relationshipId, f.relationship.id), eq(surveyResponses.kind, 'check_in')),
      );
    assert.equal(none.length, 0);
    const ok = await call('POST', surveysUrl(f.relationship.id, '/check-in'), f.mentee.cookie, {
      ...base,
      skills: { Negotiation: 2, 'Public speaking': 3 },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(ok.json().checkIn.myAnswer.skills, { Negotiation: 2, 'Public speaking': 3 });
  });

  it('staff see the mean change per skill and overall once enough people rated both times', async () => {
    const url = `/api/programs/${f.program.id}/skills-change`;
    // Close the first pair and let the mentee answer the closing survey through the API.
    await t.ctx.db
      .update(relationships)
      .set({ status: 'completed' })
      .where(eq(relationships.id, f.relationship.id));
    const closing = await call('POST', surveysUrl(f.relationship.id, '/closing'), f.mentee.cookie, {
      rating: 5,
      nps: 9,
      skills: { Negotiation: 4, 'Public speaking': 3 },
    });
    assert.equal(closing.statusCode, 201, closing.body);
    const few = (await call('GET', url, f.coordinator.cookie)).json() as SkillsChangeReport;
    assert.equal(few.overall.n, 1);
    assert.equal(few.overall.suppressed, true);
    assert.equal(few.overall.mean, null);
    assert.equal(few.bySkill.find((s) => s.skill === 'Negotiation')!.mean, null);
    // The file shows no more than the card: one person's change is withheld there too.
    const fewCsv = await call('GET', `${url}.csv`, f.coordinator.cookie);
    assert.equal(fewCsv.statusCode, 200, fewCsv.body);
    assert.match(fewCsv.body, /^Negotiation,1,suppressed,suppressed,suppressed,suppressed,suppressed$/m);
    assert.match(fewCsv.body, /^all skills,1,,,suppressed,suppressed,suppressed$/m);
    assert.doesNotMatch(fewCsv.body, /,[2-5](\.\d+)?(,|$)/m);

    // Five more people: Negotiation +1 each, Public speaking unchanged.
    for (let i = 0; i < 5; i++) {
      const mentor = await createParticipant(t.ctx.db, f.program, 'mentor');
      const mentee = await createParticipant(t.ctx.db, f.program, 'mentee');
      const pair = await createRelationshipRow(t.ctx.db, {
        organisationId: f.organisationId,
        programId: f.program.id,
        mentor: mentor.enrolment,
        mentee: mentee.enrolment,
        status: 'completed',
      });
      for (const [kind, negotiation] of [
        ['check_in', 2],
        ['closing', 3],
      ] as const) {
        await t.ctx.db.insert(surveyResponses).values({
          organisationId: f.organisationId,
          relationshipId: pair.id,
          programId: f.program.id,
          personId: mentee.person.id,
          role: 'mentee',
          kind,
          rating: 4,
          answers: { skills: { Negotiation: negotiation, 'Public speaking': 3 } },
        });
      }
    }
    const res = await call('GET', url, f.admin.cookie);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as SkillsChangeReport;
    const negotiation = body.bySkill.find((s) => s.skill === 'Negotiation')!;
    assert.equal(negotiation.n, 6);
    // Changes +2, +1, +1, +1, +1, +1: mean 7/6, with an interval around it.
    assert.ok(Math.abs(negotiation.mean! - 7 / 6) < 1e-9);
    assert.ok(negotiation.lower! < negotiation.mean! && negotiation.mean! < negotiation.upper!);
    assert.equal(negotiation.meanStart, 2);
    assert.ok(Math.abs(negotiation.meanEnd! - 19 / 6) < 1e-9);
    const speaking = body.bySkill.find((s) => s.skill === 'Public speaking')!;
    assert.equal(speaking.mean, 0);
    assert.equal(body.overall.n, 6);
    assert.equal(body.overall.suppressed, false);
  });

  it('exports the table as CSV: the card’s rows, formula-safe, dated, audited', async () => {
    const url = `/api/programs/${f.program.id}/skills-change`;
    const formula = '=HYPERLINK("https://evil.example","Click")';
    await t.ctx.db
      .update(programs)
      .set({ selfRatedSkills: ['Negotiation', 'Public speaking', formula] })
      .where(eq(programs.id, f.program.id));
    const json = (await call('GET', url, f.coordinator.cookie)).json() as SkillsChangeReport;
    const res = await call('GET', `${url}.csv`, f.coordinator.cookie);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="Grow-2026-skills-change-${t.clock.now.toISOString().slice(0, 10)}.csv"`,
    );
    const lines = res.body.trim().split('\n');
    assert.equal(lines[0], 'skill,people_rated_twice,mean_start,mean_end,mean_change,lower_95,upper_95');
    const negotiation = json.bySkill.find((s) => s.skill === 'Negotiation')!;
    const r = (x: number | null) => Math.round(x! * 100) / 100;
    assert.equal(
      lines[1],
      `Negotiation,6,${r(negotiation.meanStart)},${r(negotiation.meanEnd)},${r(negotiation.mean)},${r(negotiation.lower)},${r(negotiation.upper)}`,
    );
    assert.equal(lines[2], 'Public speaking,6,3,3,0,0,0');
    // Nobody rated the third skill: its name is written as text, its figures withheld.
    assert.equal(
      lines[3],
      `"'=HYPERLINK(""https://evil.example"",""Click"")",0,suppressed,suppressed,suppressed,suppressed,suppressed`,
    );
    assert.equal(
      lines[4],
      `all skills,6,,,${r(json.overall.mean)},${r(json.overall.lower)},${r(json.overall.upper)}`,
    );
    assert.equal(lines[5], `ratings given only at the start or only at the end,${json.unpaired},,,,,`);
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'outcomes.skills_change_exported'));
    assert.equal(audits.length, 2);
    assert.ok(audits.every((a) => a.targetId === f.program.id && a.organisationId === f.organisationId));
    await t.ctx.db
      .update(programs)
      .set({ selfRatedSkills: ['Negotiation', 'Public speaking'] })
      .where(eq(programs.id, f.program.id));
  });

  it('members, participants, other programs’ coordinators and other organisations are refused', async () => {
    const url = `/api/programs/${f.program.id}/skills-change`;
    const other = await createProgram(t.ctx.db, f.organisationId, { status: 'running', name: 'Other' });
    const staff = await createMemberPerson(t.ctx.db, f.organisationId);
    await addCoordinator(t.ctx.db, f.organisationId, other.id, staff.user.id);
    for (const u of [url, `${url}.csv`]) {
      assert.equal((await call('GET', u)).statusCode, 401, u);
      assert.equal((await call('GET', u, f.member.cookie)).statusCode, 403, u);
      assert.equal((await call('GET', u, f.mentee.cookie)).statusCode, 403, u);
      assert.equal((await call('GET', u, staff.cookie)).statusCode, 403, u);
      assert.equal((await call('GET', u, f.otherAdmin.cookie)).statusCode, 404, u);
    }
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'outcomes.skills_change_exported'));
    assert.equal(audits.length, 2, 'a refused download is not recorded');
    const program = await t.ctx.db.select().from(programs).where(eq(programs.id, f.program.id));
    assert.deepEqual(program[0]!.selfRatedSkills, ['Negotiation', 'Public speaking']);
  });
});
