import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { enrolments, programs, relationships } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createDemoOrganisation } from './demo.service.ts';

describe('demo programs', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('gives the demo a running program with published pairs and a self-select program in enrolment', async () => {
    const started = performance.now();
    const demo = await createDemoOrganisation(t.ctx, { emptyInstanceOnly: true });
    const seconds = (performance.now() - started) / 1000;
    const rows = await t.ctx.db
      .select()
      .from(programs)
      .where(eq(programs.organisationId, demo.organisation.id));
    const leadership = rows.find((p) => p.name === 'Engineering Leadership 2027');
    const circle = rows.find((p) => p.name === 'Product Mentoring Circle');
    assert.ok(leadership && circle, rows.map((p) => p.name).join(', '));
    assert.equal(leadership.status, 'running');
    assert.equal(leadership.matchingMode, 'admin');
    assert.equal(circle.status, 'enrolling');
    assert.equal(circle.matchingMode, 'self_select');

    const pairs = await t.ctx.db
      .select()
      .from(relationships)
      .where(eq(relationships.programId, leadership.id));
    assert.ok(pairs.length >= 20, `only ${pairs.length} pairs published`);
    assert.ok(pairs.every((r) => r.status === 'active' && r.origin === 'match_run'));
    const circleEnrolments = await t.ctx.db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.programId, circle.id), eq(enrolments.status, 'approved')));
    assert.ok(circleEnrolments.some((e) => e.role === 'mentor'));
    assert.ok(circleEnrolments.some((e) => e.role === 'mentee'));
    const profile = circleEnrolments.find((e) => e.role === 'mentee')!.profile as { skillsWanted: string[] };
    assert.ok(profile.skillsWanted.length > 0);
    // The whole demo (360 people imported, two programs, a run published) stays quick; generous for loaded CI.
    assert.ok(seconds < 30, `demo took ${seconds.toFixed(1)} s`);
  });
});
