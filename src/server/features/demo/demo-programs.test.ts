import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import {
  agreementVersions,
  enrolments,
  goals,
  meetingFeedback,
  meetings,
  mentoringProfiles,
  notes,
  organisations,
  programResources,
  programs,
  relationships,
  relationships as relationshipsTable,
  surveyResponses,
  workspaceActivity,
} from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { getHome } from '../home/home.service.ts';
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
    assert.ok(pairs.every((r) => r.origin === 'match_run'));
    assert.ok(pairs.filter((r) => r.status === 'active').length >= 20);
    assert.equal(pairs.filter((r) => r.status === 'ended_early').length, 1);
    assert.equal(pairs.filter((r) => r.status === 'completed').length, 2);
    const circleEnrolments = await t.ctx.db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.programId, circle.id), eq(enrolments.status, 'approved')));
    assert.ok(circleEnrolments.some((e) => e.role === 'mentor'));
    assert.ok(circleEnrolments.some((e) => e.role === 'mentee'));
    const profile = circleEnrolments.find((e) => e.role === 'mentee')!.profile as { skillsWanted: string[] };
    assert.ok(profile.skillsWanted.length > 0);
    // Months of workspace life: every pair has an agreement, goals, held meetings with ratings; surveys answered.
    const ids = new Set(pairs.map((r) => r.id));
    const inProgram = <T extends { relationshipId: string }>(rows: T[]) =>
      rows.filter((row) => ids.has(row.relationshipId));
    const agreementRows = inProgram(await t.ctx.db.select().from(agreementVersions));
    const goalRows = inProgram(await t.ctx.db.select().from(goals));
    const meetingRows = inProgram(await t.ctx.db.select().from(meetings));
    for (const pair of pairs) {
      assert.ok(
        agreementRows.some((a) => a.relationshipId === pair.id && a.mentorSignedAt && a.menteeSignedAt),
      );
      assert.equal(goalRows.filter((g) => g.relationshipId === pair.id).length, 2);
      const held = meetingRows.filter((m) => m.relationshipId === pair.id && m.status === 'held');
      assert.ok(held.length >= 3, `pair ${pair.id} held ${held.length} meetings`);
      assert.ok(pair.startedAt && pair.startedAt.getTime() < Date.now() - 90 * 24 * 3600 * 1000);
    }
    assert.ok(goalRows.some((g) => g.status === 'done'));
    assert.ok(meetingRows.some((m) => m.status === 'scheduled' && m.startsAt.getTime() > Date.now()));
    const feedback = await t.ctx.db
      .select()
      .from(meetingFeedback)
      .where(eq(meetingFeedback.programId, leadership.id));
    assert.ok(feedback.length > pairs.length * 3);
    const surveys = await t.ctx.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.programId, leadership.id));
    assert.ok(surveys.filter((s) => s.kind === 'check_in').length > pairs.length);
    assert.equal(surveys.filter((s) => s.rematchRequested).length, 1);
    assert.ok(surveys.filter((s) => s.kind === 'closing' && s.nps !== null).length >= 4);
    assert.ok(inProgram(await t.ctx.db.select().from(notes)).some((n) => n.visibility === 'shared'));
    // The timeline tells what already happened: nothing in it is dated in the future.
    const timeline = inProgram(await t.ctx.db.select().from(workspaceActivity));
    assert.ok(timeline.length > pairs.length * 5);
    const late = timeline.filter((a) => a.createdAt.getTime() > Date.now());
    assert.deepEqual(
      late.map((a) => a.summary),
      [],
    );
    const library = await t.ctx.db
      .select()
      .from(programResources)
      .where(eq(programResources.programId, leadership.id));
    assert.deepEqual([...new Set(library.map((r) => r.kind))].sort(), ['guide', 'prompt', 'training']);
    // The demo admin mentors in the running program, so the demo shows a workspace from the inside.
    const adminPairs = await t.ctx.db
      .select()
      .from(relationshipsTable)
      .where(eq(relationshipsTable.mentorPersonId, demo.admin.personId!));
    assert.ok(adminPairs.length >= 1, 'the demo admin mentors nobody');

    // Each persona's home has something to do: the admin (who mentors), one of their mentees, a circle mentor.
    const homeOf = (
      personId: string | null,
      role: 'admin' | 'member' = 'member',
      userId: string = randomUUID(),
    ) =>
      getHome(
        t.ctx,
        {
          userId,
          organisationId: demo.organisation.id,
          role,
          personId,
          email: 'demo@example.com',
          name: 'Demo',
        },
        {},
      );
    const adminHome = await homeOf(demo.admin.personId, 'admin', demo.admin.userId);
    assert.ok(
      adminHome.waiting.items.some((item) => item.kind === 'agreement_to_sign'),
      'the admin is asked to sign an agreement',
    );
    const circleNeeds = adminHome.staff!.programs.find((p) => p.id === circle.id)!.needs.map((n) => n.kind);
    assert.deepEqual(circleNeeds, ['requests_waiting', 'enrolments_to_approve']);
    const leadershipNeeds = adminHome.staff!.programs.find((p) => p.id === leadership.id)!.needs;
    assert.deepEqual(
      leadershipNeeds.map((n) => n.kind),
      ['rematch_requests'],
    );
    const menteeOfAdmin = adminHome.relationships
      .filter((r) => r.myRole === 'mentor')
      .map((r) => r.partner.personId);
    const menteeHomes = await Promise.all(menteeOfAdmin.map((personId) => homeOf(personId)));
    assert.ok(
      menteeHomes.some((home) =>
        home.waiting.items.some(
          (item) => item.kind === 'agreement_to_sign' && /signed version/.test(item.why),
        ),
      ),
      'a mentee of the admin is asked to sign the agreement the admin changed',
    );
    const [request] = await t.ctx.db
      .select()
      .from(relationships)
      .where(and(eq(relationships.programId, circle.id), eq(relationships.status, 'proposed')));
    const mentorHome = await homeOf(request!.mentorPersonId);
    assert.equal(mentorHome.waiting.items.filter((item) => item.kind === 'request_to_answer').length, 2);

    // The whole demo (360 people imported, two programs, a run published) stays quick; generous for loaded CI.
    assert.ok(seconds < 30, `demo took ${seconds.toFixed(1)} s`);
  });

  it('gives everyone enrolled a mentoring profile, prefilled in their next program (issue 13)', async () => {
    const [demo] = await t.ctx.db.select().from(organisations).where(eq(organisations.isDemo, true));
    const enrolled = new Set(
      (await t.ctx.db.select().from(enrolments).where(eq(enrolments.organisationId, demo!.id))).map(
        (row) => row.personId,
      ),
    );
    const profiles = await t.ctx.db
      .select()
      .from(mentoringProfiles)
      .where(eq(mentoringProfiles.organisationId, demo!.id));
    assert.equal(profiles.length, enrolled.size);
    const mentors = profiles.filter(
      (row) => ((row.profile as { skillsOffered: string[] }).skillsOffered ?? []).length > 0,
    );
    assert.ok(mentors.length > 0, 'mentors with skills');
    // Every mentor of every demo program (flash, group and one-to-one) says what they help with.
    const silent = mentors.filter((row) => !(row.profile as { helpWith: string }).helpWith);
    assert.deepEqual(
      silent.map((row) => row.personId),
      [],
      'what they help with, as a mentor',
    );
    assert.ok(mentors.every((row) => row.capacity && row.capacity >= 1));
  });
});
