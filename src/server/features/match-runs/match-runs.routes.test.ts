import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import {
  auditLog,
  notifications,
  people,
  programs,
  relationshipEvents,
  relationships,
} from '../../db/schema.ts';
import { builtInJobHandlers } from '../../jobs/job-handlers.ts';
import { startJobRunner } from '../../jobs/job-runner.ts';
import { createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import { insertEnrolmentsBulk, insertPeopleBulk } from '../../testing/match-run-factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { runMatchRunNow } from './match-runs.service.ts';

/*
 * A small organisation where every rule shows:
 *   CEO (9) ─ VP (8) ─ Manager (6) ─ Ivy (3), Ian (3)
 *                  └─ Iris (2)
 *   Olga (7), Omar (7): outside that line.   Sam (8): senior mentee, no mentor two levels above but the CEO (9).
 * Mentors: CEO (1), VP (1), Olga (2), Omar (1). Mentees: Ivy, Ian (avoids Omar), Iris, Sam.
 * Eligible: Ivy → Olga, Omar; Ian → Olga; Iris → Olga, Omar; Sam → none (CEO is one level above: level rule).
 */
describe('match runs', () => {
  let t: TestApp;
  let admin: { cookie: string };
  let member: { cookie: string };
  let coordinator: { cookie: string };
  let otherAdmin: { cookie: string };
  let programId: string;
  const person: Record<string, string> = {};
  const enrolment: Record<string, string> = {};

  const api = async (cookie: string | null, method: string, url: string, payload?: unknown) => {
    const response = await t.app.inject({
      method: method as 'GET',
      url,
      headers: cookie ? { cookie } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: response.statusCode, body: response.json() };
  };

  const runNow = async (mode = 'optimal', extra: Record<string, unknown> = {}) => {
    const created = await api(admin.cookie, 'POST', `/api/programs/${programId}/match-runs`, {
      mode,
      ...extra,
    });
    assert.equal(created.status, 202, JSON.stringify(created.body));
    await runMatchRunNow(t.ctx, created.body.id);
    const run = await api(admin.cookie, 'GET', `/api/programs/${programId}/match-runs/${created.body.id}`);
    assert.equal(run.body.status, 'draft', JSON.stringify(run.body));
    return run.body;
  };

  const mentorOf = async (runId: string) => {
    const pairs = await api(
      admin.cookie,
      'GET',
      `/api/programs/${programId}/match-runs/${runId}/pairs?pageSize=50`,
    );
    return new Map<string, string | null>(
      pairs.body.items.map((p: { mentee: { name: string }; mentor: { name: string } | null }) => [
        p.mentee.name,
        p.mentor?.name ?? null,
      ]),
    );
  };

  before(async () => {
    t = await createTestApp();
    const orgs = await createTwoOrganisations(t.ctx.db);
    admin = orgs.admin;
    member = orgs.member;
    otherAdmin = orgs.otherAdmin;
    const org = orgs.org;
    const ids = await insertPeopleBulk(t.ctx.db, org.id, [{ name: 'CEO', level: 9 }]);
    person.CEO = ids[0]!;
    [person.VP] = await insertPeopleBulk(t.ctx.db, org.id, [{ name: 'VP', level: 8, managerId: person.CEO }]);
    [person.Manager] = await insertPeopleBulk(t.ctx.db, org.id, [
      { name: 'Manager', level: 6, managerId: person.VP },
    ]);
    const rest = await insertPeopleBulk(t.ctx.db, org.id, [
      { name: 'Ivy', level: 3, managerId: person.Manager },
      { name: 'Ian', level: 3, managerId: person.Manager },
      { name: 'Iris', level: 2, managerId: person.VP },
      { name: 'Olga', level: 7 },
      { name: 'Omar', level: 7 },
      { name: 'Sam', level: 8 },
    ]);
    for (const [k, name] of ['Ivy', 'Ian', 'Iris', 'Olga', 'Omar', 'Sam'].entries()) person[name] = rest[k]!;
    const program = await createProgram(t.ctx.db, org.id, { name: 'Leaders', status: 'matching' });
    programId = program.id;
    const mentors = [
      ['CEO', 1],
      ['VP', 1],
      ['Olga', 2],
      ['Omar', 1],
    ] as const;
    const mentorIds = await insertEnrolmentsBulk(
      t.ctx.db,
      org.id,
      programId,
      mentors.map(([name, capacity]) => ({
        personId: person[name]!,
        role: 'mentor' as const,
        capacity,
        profile: { skillsOffered: ['sql', 'negotiation'], goals: 'help people grow into leadership' },
      })),
    );
    mentors.forEach(([name], k) => {
      enrolment[name] = mentorIds[k]!;
    });
    const mentees = ['Ivy', 'Ian', 'Iris', 'Sam'];
    const menteeIds = await insertEnrolmentsBulk(
      t.ctx.db,
      org.id,
      programId,
      mentees.map((name) => ({
        personId: person[name]!,
        role: 'mentee' as const,
        profile: {
          skillsWanted: ['sql'],
          goals: 'grow into leadership',
          ...(name === 'Ian' ? { avoidPersonIds: [person.Omar] } : {}),
        },
      })),
    );
    mentees.forEach((name, k) => {
      enrolment[name] = menteeIds[k]!;
    });
    const coordinatorUser = await createSignedInUser(t.ctx.db, org.id, { role: 'member' });
    coordinator = coordinatorUser;
    await addCoordinator(t.ctx.db, org.id, programId, coordinatorUser.user.id);
  });
  after(() => t.close());

  it('refuses the signed-out (401), members who are not staff (403) and other organisations (404)', async () => {
    const base = `/api/programs/${programId}`;
    assert.equal((await api(null, 'GET', `${base}/criteria`)).status, 401);
    assert.equal((await api(member.cookie, 'GET', `${base}/criteria`)).status, 403);
    assert.equal((await api(member.cookie, 'POST', `${base}/match-runs`, { mode: 'optimal' })).status, 403);
    assert.equal((await api(member.cookie, 'GET', `${base}/match-runs`)).status, 403);
    assert.equal((await api(otherAdmin.cookie, 'GET', `${base}/criteria`)).status, 404);
    assert.equal(
      (await api(otherAdmin.cookie, 'POST', `${base}/match-runs`, { mode: 'optimal' })).status,
      404,
    );
    assert.equal(
      (await api(coordinator.cookie, 'GET', `${base}/criteria`)).status,
      200,
      'coordinators are staff',
    );
    const run = await runNow();
    for (const path of [`/match-runs/${run.id}`, `/match-runs/${run.id}/pairs`]) {
      assert.equal((await api(otherAdmin.cookie, 'GET', `${base}${path}`)).status, 404);
      assert.equal((await api(member.cookie, 'GET', `${base}${path}`)).status, 403);
    }
    const publish = await api(otherAdmin.cookie, 'POST', `${base}/match-runs/${run.id}/publish`);
    assert.equal(publish.status, 404);
  });

  it('reads and saves criteria, previews them, and names the field of bad input', async () => {
    const base = `/api/programs/${programId}/criteria`;
    const initial = await api(admin.cookie, 'GET', base);
    assert.equal(initial.status, 200);
    assert.deepEqual(initial.body.levelRule, { type: 'one_to_one', gap: 2 });
    assert.equal(initial.body.weights.skills, 'high');

    for (const [payload, field] of [
      [{ weights: { skils: 'high' } }, 'skils'],
      [{ weights: { skills: 'huge' } }, 'weights.skills'],
      [{ minimumScore: 150 }, 'minimumScore'],
      [{ levelRule: { gap: 'two' } }, 'levelRule.gap'],
      [{ colour: 'red' }, 'colour'],
    ] as const) {
      const response = await api(admin.cookie, 'PUT', base, payload);
      assert.equal(response.status, 400, JSON.stringify(payload));
      assert.match(response.body.error.message, new RegExp(field.replace('.', '\\.')));
    }

    const preview = await api(admin.cookie, 'POST', `${base}/preview`, { levelRule: { gap: 1 } });
    assert.equal(preview.status, 200);
    assert.equal(preview.body.mentees + preview.body.mentors > 0, true);
    assert.equal(
      preview.body.histogram.reduce((sum: number, b: { pairs: number }) => sum + b.pairs, 0),
      preview.body.eligiblePairs,
    );
    assert.equal(preview.body.menteesWithoutEligibleMentor, 0, 'with a gap of 1 the CEO can mentor Sam');
    const strict = await api(admin.cookie, 'POST', `${base}/preview`, { levelRule: { gap: 2 } });
    assert.equal(strict.body.menteesWithoutEligibleMentor, 1);
    assert.equal(strict.body.withoutEligibleByRule.level, 1);
    // Named, with why in words, not a rule key (issue 13 §7).
    assert.deepEqual(strict.body.withoutEligible, [
      { menteeEnrolmentId: enrolment.Sam, name: 'Sam', reason: 'the level rule of the program type' },
    ]);
    assert.deepEqual(strict.body.ruleReasons, { level: 'the level rule of the program type' });
    const demanding = await api(admin.cookie, 'POST', `${base}/preview`, {
      levelRule: { gap: 1 },
      minimumScore: 99,
    });
    assert.equal(demanding.body.menteesWithoutEligibleMentor, 4);
    assert.deepEqual(
      demanding.body.withoutEligible.map((mentee: { name: string; reason: string }) => [
        mentee.name,
        mentee.reason,
      ]),
      [
        ['Ian', 'the mentor is in the mentee’s reporting line'],
        ['Iris', 'the mentor is in the mentee’s reporting line'],
        ['Ivy', 'the mentor is in the mentee’s reporting line'],
        ['Sam', 'the level rule of the program type'],
      ],
      'by name, each under the rule that removed most of their mentors',
    );
    assert.equal((await api(admin.cookie, 'GET', base)).body.levelRule.gap, 2, 'a preview saves nothing');

    const saved = await api(admin.cookie, 'PUT', base, { weights: { goals: 7.5 }, minimumScore: 0 });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.weights.goals, 7.5);
    assert.equal(saved.body.minimumScore, 0);
    const [row] = await t.ctx.db.select().from(programs).where(eq(programs.id, programId));
    assert.equal((row!.criteria as { weights: { goals: number } }).weights.goals, 7.5);
  });

  it('runs to a draft with statistics, reasons, a paginated pairs table and explanations', async () => {
    const run = await runNow('optimal');
    assert.equal(run.stats.mentees, 4);
    assert.equal(run.stats.matched, 3);
    assert.equal(run.stats.unmatched, 1);
    assert.deepEqual(run.stats.unmatchedByReason, { no_eligible_mentor: 1 });
    assert.equal(run.stats.matchedPercent, 75);
    assert.equal(run.progress.phase, 'done');
    const mentors = await mentorOf(run.id);
    assert.equal(mentors.get('Ian'), 'Olga', 'Ian avoids Omar; CEO and VP are in his line');
    assert.equal(mentors.get('Sam'), null);
    assert.equal([...mentors.values()].filter((m) => m === 'Olga').length, 2, 'Olga takes two');

    const base = `/api/programs/${programId}/match-runs/${run.id}`;
    await t.ctx.db.update(people).set({ title: 'Chief analyst' }).where(eq(people.id, person.Sam!));
    const page = await api(admin.cookie, 'GET', `${base}/pairs?pageSize=2&page=2&sort=mentee&order=asc`);
    assert.equal(page.body.total, 4);
    assert.deepEqual(
      page.body.items.map((p: { mentee: { name: string } }) => p.mentee.name),
      ['Ivy', 'Sam'],
    );
    // What tells two people of the same name apart in the review (issue 13 §10).
    const sam = page.body.items[1].mentee;
    assert.deepEqual([sam.title, sam.department], ['Chief analyst', null]);
    const unmatched = await api(admin.cookie, 'GET', `${base}/pairs?filter=unmatched`);
    assert.equal(unmatched.body.total, 1);
    const searched = await api(admin.cookie, 'GET', `${base}/pairs?q=olg`);
    assert.equal(searched.body.total, 2);
    assert.equal((await api(admin.cookie, 'GET', `${base}/pairs?sort=height`)).status, 400);

    const why = await api(admin.cookie, 'GET', `${base}/pairs/${enrolment.Ian}/explanation`);
    assert.equal(why.status, 200);
    assert.equal(why.body.matched, true);
    const points = why.body.criteria.reduce((sum: number, c: { points: number }) => sum + c.points, 0);
    assert.equal(Math.round(points * 100), Math.round(why.body.score * 100), 'points add up to the score');
    assert.match(why.body.text, /skills/);

    const whyNot = await api(admin.cookie, 'GET', `${base}/pairs/${enrolment.Sam}/explanation`);
    assert.equal(whyNot.body.matched, false);
    assert.equal(whyNot.body.unmatched.code, 'no_eligible_mentor');
    const rules = whyNot.body.unmatched.removed.map((r: { rule: string }) => r.rule);
    assert.ok(rules.includes('level'), JSON.stringify(whyNot.body));

    const list = await api(admin.cookie, 'GET', `/api/programs/${programId}/match-runs`);
    assert.ok(list.body.items.length >= 1);
    assert.ok(list.body.items.every((r: { stats: unknown }) => r.stats !== undefined));
  });

  it('edits a draft: refuses rule breaks and full mentors, reassigns, swaps, unmatches, locks', async () => {
    const run = await runNow('optimal');
    const edits = `/api/programs/${programId}/match-runs/${run.id}/edits`;
    const refusals: [Record<string, unknown>, RegExp][] = [
      [
        { action: 'reassign', menteeEnrolmentId: enrolment.Ivy, mentorEnrolmentId: enrolment.VP },
        /reporting line/,
      ],
      [
        { action: 'reassign', menteeEnrolmentId: enrolment.Sam, mentorEnrolmentId: enrolment.Olga },
        /level rule/,
      ],
      [{ action: 'reassign', menteeEnrolmentId: enrolment.Ian, mentorEnrolmentId: enrolment.Omar }, /avoid/],
    ];
    for (const [payload, message] of refusals) {
      const response = await api(admin.cookie, 'POST', edits, payload);
      assert.equal(response.status, 409, JSON.stringify(response.body));
      assert.match(response.body.error.message, message);
    }
    const mentors = await mentorOf(run.id);
    const onOmar = [...mentors].find(([, m]) => m === 'Omar')?.[0];
    assert.ok(onOmar, 'someone is with Omar');
    // Olga is full (2 of 2): moving Omar's mentee to her is refused.
    const full = await api(admin.cookie, 'POST', edits, {
      action: 'reassign',
      menteeEnrolmentId: enrolment[onOmar],
      mentorEnrolmentId: enrolment.Olga,
    });
    assert.equal(full.status, 409);
    assert.match(full.body.error.message, /capacity/);
    assert.equal(
      (await api(admin.cookie, 'POST', edits, { action: 'reassign', menteeEnrolmentId: enrolment.Ivy }))
        .status,
      400,
    );

    // Unmatch Ian (Olga frees a place), then move Omar's mentee to Olga.
    let after = await api(admin.cookie, 'POST', edits, {
      action: 'unmatch',
      menteeEnrolmentId: enrolment.Ian,
    });
    assert.equal(after.status, 200);
    assert.equal(after.body.stats.unmatched, 2);
    assert.equal(after.body.stats.unmatchedByReason.unmatched_by_edit, 1);
    after = await api(admin.cookie, 'POST', edits, {
      action: 'reassign',
      menteeEnrolmentId: enrolment[onOmar],
      mentorEnrolmentId: enrolment.Olga,
    });
    assert.equal(after.status, 200, JSON.stringify(after.body));
    assert.equal(after.body.stats.edited, 2);
    let now = await mentorOf(run.id);
    assert.equal(now.get(onOmar), 'Olga');

    // Swap Ivy and Iris when one is with Omar... both are with Olga now: move Iris to Omar, then swap.
    const iris = await api(admin.cookie, 'POST', edits, {
      action: 'reassign',
      menteeEnrolmentId: enrolment.Iris,
      mentorEnrolmentId: enrolment.Omar,
    });
    assert.equal(iris.status, 200, JSON.stringify(iris.body));
    const swap = await api(admin.cookie, 'POST', edits, {
      action: 'swap',
      menteeA: enrolment.Ivy,
      menteeB: enrolment.Iris,
    });
    assert.equal(swap.status, 200, JSON.stringify(swap.body));
    now = await mentorOf(run.id);
    assert.equal(now.get('Ivy'), 'Omar');
    assert.equal(now.get('Iris'), 'Olga');
    // Ian (unmatched) swapped with Ivy (Omar) would put Ian with Omar, whom he avoids.
    const badSwap = await api(admin.cookie, 'POST', edits, {
      action: 'swap',
      menteeA: enrolment.Ian,
      menteeB: enrolment.Ivy,
    });
    assert.equal(badSwap.status, 409);

    const locked = await api(admin.cookie, 'POST', edits, {
      action: 'lock',
      menteeEnrolmentId: enrolment.Ivy,
    });
    assert.equal(locked.body.stats.locked, 1);
    assert.equal(
      (await api(admin.cookie, 'POST', edits, { action: 'lock', menteeEnrolmentId: enrolment.Ian })).status,
      409,
    );
    const unlocked = await api(admin.cookie, 'POST', edits, {
      action: 'unlock',
      menteeEnrolmentId: enrolment.Ivy,
    });
    assert.equal(unlocked.body.stats.locked, 0);
    assert.equal((await api(admin.cookie, 'POST', edits, { action: 'paint' })).status, 400);
  });

  it('re-runs keeping locked pairs and edits, and compares two runs', async () => {
    const first = await runNow('optimal');
    const edits = `/api/programs/${programId}/match-runs/${first.id}/edits`;
    const before = await mentorOf(first.id);
    // Lock Ivy with whichever mentor she did not get, when allowed: put her with Omar and lock.
    if (before.get('Ivy') !== 'Omar') {
      const onOmar = [...before].find(([, m]) => m === 'Omar')?.[0];
      if (onOmar)
        await api(admin.cookie, 'POST', edits, { action: 'unmatch', menteeEnrolmentId: enrolment[onOmar] });
      const moved = await api(admin.cookie, 'POST', edits, {
        action: 'reassign',
        menteeEnrolmentId: enrolment.Ivy,
        mentorEnrolmentId: enrolment.Omar,
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
    }
    await api(admin.cookie, 'POST', edits, { action: 'lock', menteeEnrolmentId: enrolment.Ivy });
    const second = await runNow('fair', { baseRunId: first.id, seed: 7 });
    const pairs = await api(
      admin.cookie,
      'GET',
      `/api/programs/${programId}/match-runs/${second.id}/pairs?filter=locked`,
    );
    assert.equal(pairs.body.total, 1);
    assert.equal(pairs.body.items[0].mentee.name, 'Ivy');
    assert.equal(pairs.body.items[0].mentor.name, 'Omar');

    const plain = await runNow('optimal');
    const compare = await api(
      admin.cookie,
      'GET',
      `/api/programs/${programId}/match-runs/compare?a=${plain.id}&b=${second.id}`,
    );
    assert.equal(compare.status, 200, JSON.stringify(compare.body));
    assert.equal(compare.body.a.id, plain.id);
    const plainMentors = await mentorOf(plain.id);
    const secondMentors = await mentorOf(second.id);
    const changed = [...plainMentors].filter(([name, m]) => secondMentors.get(name) !== m).map(([n]) => n);
    assert.deepEqual(
      compare.body.changed.items.map((row: { mentee: { name: string } }) => row.mentee.name).sort(),
      changed.sort(),
    );
    const missing = await api(
      admin.cookie,
      'GET',
      `/api/programs/${programId}/match-runs/compare?a=${plain.id}&b=00000000-0000-4000-8000-000000000000`,
    );
    assert.equal(missing.status, 404);
    assert.equal(
      (await api(admin.cookie, 'GET', `/api/programs/${programId}/match-runs/compare?a=${plain.id}`)).status,
      400,
    );
  });

  it('publishes once even when clicked twice at the same time, notifies both people and starts the program', async () => {
    const run = await runNow('optimal');
    const url = `/api/programs/${programId}/match-runs/${run.id}/publish`;
    const [one, two] = await Promise.all([api(admin.cookie, 'POST', url), api(admin.cookie, 'POST', url)]);
    const statuses = [one.status, two.status].sort();
    assert.deepEqual(statuses, [200, 409], JSON.stringify([one.body, two.body]));
    const ok = one.status === 200 ? one.body : two.body;
    assert.equal(ok.relationshipsCreated, 3);
    assert.equal(ok.notificationsCreated, 6);
    assert.equal(ok.run.status, 'published');
    const rels = await t.ctx.db.select().from(relationships).where(eq(relationships.matchRunId, run.id));
    assert.equal(rels.length, 3);
    assert.ok(rels.every((r) => r.status === 'active' && r.origin === 'match_run' && r.startedAt));
    const events = await t.ctx.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(relationshipEvents)
      .where(eq(relationshipEvents.relationshipId, rels[0]!.id));
    assert.equal(events[0]!.n, 1);
    // Each side: the partner named, why they were matched (the run's explanation), the first step, the workspace.
    const nameOf = async (personId: string) =>
      (await t.ctx.db.select().from(people).where(eq(people.id, personId)))[0]!.name;
    const [mentorName, menteeName] = [
      await nameOf(rels[0]!.mentorPersonId),
      await nameOf(rels[0]!.menteePersonId),
    ];
    const noteTo = async (personId: string, side: string) => {
      const rows = await t.ctx.db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.personId, personId),
            eq(notifications.dedupeKey, `publish:${rels[0]!.id}:${side}`),
          ),
        );
      assert.equal(rows.length, 1, side);
      const note = rows[0]!;
      assert.equal(note.kind, 'relationship_started');
      assert.equal(note.link, `/mentoring/relationships/${rels[0]!.id}`);
      const extras = note.emailExtras as { programId: string; details: string[]; actionLabel: string };
      assert.equal(extras.programId, programId);
      assert.equal(extras.details[0], 'Why you were matched:');
      assert.ok(extras.details.length > 1, 'at least one reason');
      assert.ok(
        extras.details.slice(1).every((line) => /^[A-Z][^:]+: \S/.test(line)),
        extras.details.join('|'),
      );
      return note;
    };
    const toMentee = await noteTo(rels[0]!.menteePersonId, 'mentee');
    assert.match(toMentee.title, new RegExp(`^${mentorName} is your mentor in `));
    assert.match(toMentee.body, new RegExp(`Say hello to ${mentorName.split(' ')[0]} .*ready to sign`));
    const toMentor = await noteTo(rels[0]!.mentorPersonId, 'mentor');
    assert.match(toMentor.title, new RegExp(`^You are mentoring ${menteeName} in `));
    assert.deepEqual(
      (toMentor.emailExtras as { details: string[] }).details,
      (toMentee.emailExtras as { details: string[] }).details,
      'both read the same reasons',
    );
    const [program] = await t.ctx.db.select().from(programs).where(eq(programs.id, programId));
    assert.equal(program!.status, 'running');
    const audit = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'match_run.published'), eq(auditLog.targetId, run.id)));
    assert.equal(audit.length, 1);

    const again = await api(admin.cookie, 'POST', url);
    assert.equal(again.status, 409);
    const edit = await api(admin.cookie, 'POST', `/api/programs/${programId}/match-runs/${run.id}/edits`, {
      action: 'unmatch',
      menteeEnrolmentId: enrolment.Ivy,
    });
    assert.equal(edit.status, 409, 'a published run is not edited');

    // A new run now leaves the paired mentees out, and can only offer Sam, who has no eligible mentor.
    const next = await runNow('participation');
    assert.equal(next.stats.mentees, 1);
    assert.equal(next.stats.matched, 0);
  });

  it('runs as a job through the job runner, with progress visible', async () => {
    const runner = startJobRunner(t.ctx, { pollIntervalMs: 50, handlers: builtInJobHandlers });
    try {
      const created = await api(coordinator.cookie, 'POST', `/api/programs/${programId}/match-runs`, {
        mode: 'stable',
      });
      assert.equal(created.status, 202);
      assert.equal(created.body.status, 'queued');
      let run = created.body;
      for (let k = 0; k < 100 && run.status !== 'draft' && run.status !== 'failed'; k++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        run = (await api(admin.cookie, 'GET', `/api/programs/${programId}/match-runs/${created.body.id}`))
          .body;
      }
      assert.equal(run.status, 'draft', JSON.stringify(run));
      assert.deepEqual(run.progress, { phase: 'done', percent: 100 });
    } finally {
      await runner.stop();
    }
  });
});
