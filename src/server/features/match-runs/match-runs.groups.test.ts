import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { matchRuns, mentoringGroups, notifications, relationships } from '../../db/schema.ts';
import { createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import { insertEnrolmentsBulk, insertPeopleBulk } from '../../testing/match-run-factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { runMatchRunNow } from './match-runs.service.ts';

/*
 * A group program (sizes 3–4): mentors Ada, Bea, Cal (level 8, room for 5 each); seven mentees (level 3), four who
 * want Python and three who want Sales. The run must form two groups (3 + 4): a third would be below the minimum.
 */
describe('match runs of group programs', () => {
  let t: TestApp;
  let admin: { cookie: string };
  let member: { cookie: string };
  let coordinator: { cookie: string };
  let otherAdmin: { cookie: string };
  let programId: string;
  let pairProgramId: string;
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
  const runNow = async (payload: Record<string, unknown> = { mode: 'optimal' }) => {
    const created = await api(admin.cookie, 'POST', `/api/programs/${programId}/match-runs`, payload);
    assert.equal(created.status, 202, JSON.stringify(created.body));
    await runMatchRunNow(t.ctx, created.body.id);
    const run = await api(admin.cookie, 'GET', `/api/programs/${programId}/match-runs/${created.body.id}`);
    assert.equal(run.body.status, 'draft', JSON.stringify(run.body));
    return run.body;
  };
  const groupsOf = async (runId: string) =>
    (await api(admin.cookie, 'GET', `/api/programs/${programId}/match-runs/${runId}/groups`)).body as {
      groups: {
        mentor: { name: string; enrolmentId: string };
        size: number;
        seats: number;
        cohesion: number;
        why: string;
        belowMinimum: boolean;
        members: { mentee: { name: string; enrolmentId: string } }[];
      }[];
      unmatched: { mentee: { name: string }; reason: string }[];
    };

  before(async () => {
    t = await createTestApp();
    const orgs = await createTwoOrganisations(t.ctx.db);
    ({ admin, member, otherAdmin } = orgs);
    const org = orgs.org;
    const names = ['Ada', 'Bea', 'Cal', 'Pia', 'Pat', 'Pol', 'Pru', 'Sid', 'Sue', 'Sal'];
    const ids = await insertPeopleBulk(
      t.ctx.db,
      org.id,
      names.map((name, k) => ({ name: `${name} ${k < 3 ? 'Mentor' : 'Mentee'}`, level: k < 3 ? 8 : 3 })),
    );
    const program = await createProgram(t.ctx.db, org.id, {
      name: 'Circles',
      type: 'group',
      status: 'matching',
      groupMinSize: 3,
      groupMaxSize: 4,
    });
    programId = program.id;
    pairProgramId = (await createProgram(t.ctx.db, org.id, { name: 'Pairs', status: 'matching' })).id;
    const rows = names.map((name, k) => ({
      personId: ids[k]!,
      role: (k < 3 ? 'mentor' : 'mentee') as 'mentor' | 'mentee',
      ...(k < 3
        ? { capacity: 5, profile: { skillsOffered: ['python', 'sales'], goals: 'help people grow' } }
        : {
            profile: {
              skillsWanted: name.startsWith('P') ? ['python'] : ['sales'],
              goals: name.startsWith('P') ? 'write better python code' : 'close bigger sales deals',
            },
          }),
    }));
    const enrolled = await insertEnrolmentsBulk(t.ctx.db, org.id, programId, rows);
    names.forEach((name, k) => {
      enrolment[name] = enrolled[k]!;
    });
    const coordinatorUser = await createSignedInUser(t.ctx.db, org.id, { role: 'member' });
    coordinator = coordinatorUser;
    await addCoordinator(t.ctx.db, org.id, programId, coordinatorUser.user.id);
  });
  after(() => t.close());

  it('forms groups within the size limits, keeping mentees who want the same skills together', async () => {
    const run = await runNow();
    const stats = run.stats;
    assert.equal(stats.matched, 7);
    assert.deepEqual(
      stats.groups.items.map((g: { size: number }) => g.size).sort(),
      [3, 4],
      'two groups: a third would be below the minimum of 3',
    );
    const view = await groupsOf(run.id);
    assert.equal(view.groups.length, 2);
    for (const group of view.groups) {
      const kinds = new Set(group.members.map((m) => m.mentee.name[0]));
      assert.equal(kinds.size, 1, `one kind of mentee per group: ${group.members.map((m) => m.mentee.name)}`);
      assert.equal(group.seats, 4);
      assert.equal(group.cohesion, 100);
      assert.match(group.why, /shared skills: (python|sales) \(\d of \d\)/i);
    }
    const pia = view.groups.flatMap((g) => g.members).find((m) => m.mentee.name.startsWith('Pia'))!;
    const explained = await api(
      admin.cookie,
      'GET',
      `/api/programs/${programId}/match-runs/${run.id}/pairs/${pia.mentee.enrolmentId}/explanation`,
    );
    assert.equal(explained.status, 200, JSON.stringify(explained.body));
    assert.match(explained.body.text, /group cohesion 100 \(shared skills/);
    assert.equal(explained.body.group.size, 4);
  });

  it('keeps the cohesion weight with the criteria, and refuses one that is not a weight naming the field', async () => {
    const url = `/api/programs/${programId}/criteria`;
    assert.equal((await api(admin.cookie, 'GET', url)).body.cohesion, 'medium', 'the default');
    const saved = await api(admin.cookie, 'PUT', url, { cohesion: 'high' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal((await api(admin.cookie, 'GET', url)).body.cohesion, 'high');
    const refused = await api(admin.cookie, 'PUT', url, { cohesion: 'must' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.details.issues[0].path, 'body.cohesion');
    assert.equal((await api(admin.cookie, 'GET', url)).body.cohesion, 'high', 'nothing written');
  });

  it('refuses a mode that does not form groups, naming the field, and writes no run', async () => {
    const before = await t.ctx.db.select().from(matchRuns).where(eq(matchRuns.programId, programId));
    const refused = await api(admin.cookie, 'POST', `/api/programs/${programId}/match-runs`, {
      mode: 'stable',
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.details.issues[0].path, 'body.mode');
    const afterRows = await t.ctx.db.select().from(matchRuns).where(eq(matchRuns.programId, programId));
    assert.equal(afterRows.length, before.length);
  });

  it('refuses moving a mentee into a full group (409 naming the group) and leaves the draft as it was', async () => {
    const run = await runNow();
    const view = await groupsOf(run.id);
    const full = view.groups.find((g) => g.size === 4)!;
    const other = view.groups.find((g) => g.size === 3)!;
    const mover = other.members[0]!.mentee;
    const refused = await api(admin.cookie, 'POST', `/api/programs/${programId}/match-runs/${run.id}/edits`, {
      action: 'reassign',
      menteeEnrolmentId: mover.enrolmentId,
      mentorEnrolmentId: full.mentor.enrolmentId,
    });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.match(
      refused.body.error.message,
      new RegExp(`${full.mentor.name}’s group is full: it has 4 of 4 places`),
    );
    assert.equal(refused.body.error.details.group, full.mentor.enrolmentId);
    const again = await groupsOf(run.id);
    assert.deepEqual(
      again.groups.map((g) => g.size),
      view.groups.map((g) => g.size),
    );
    // A move into a group with room is allowed, and the statistics follow.
    const moved = await api(admin.cookie, 'POST', `/api/programs/${programId}/match-runs/${run.id}/edits`, {
      action: 'reassign',
      menteeEnrolmentId: full.members[0]!.mentee.enrolmentId,
      mentorEnrolmentId: other.mentor.enrolmentId,
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(moved.body.stats.groups.items.map((g: { size: number }) => g.size).sort(), [3, 4]);
  });

  it('locks survive a re-run, and compare lists what moved', async () => {
    const first = await runNow();
    const view = await groupsOf(first.id);
    // Move one mentee from the group of four to the group of three, and lock them there.
    const small = view.groups.find((g) => g.size === 3)!;
    const big = view.groups.find((g) => g.size === 4)!;
    const locked = big.members[0]!.mentee;
    const moved = await api(admin.cookie, 'POST', `/api/programs/${programId}/match-runs/${first.id}/edits`, {
      action: 'reassign',
      menteeEnrolmentId: locked.enrolmentId,
      mentorEnrolmentId: small.mentor.enrolmentId,
    });
    assert.equal(moved.status, 200);
    const lock = await api(admin.cookie, 'POST', `/api/programs/${programId}/match-runs/${first.id}/edits`, {
      action: 'lock',
      menteeEnrolmentId: locked.enrolmentId,
    });
    assert.equal(lock.status, 200);
    const second = await runNow({ mode: 'optimal', baseRunId: first.id });
    const after = await groupsOf(second.id);
    const holder = after.groups.find((g) =>
      g.members.some((m) => m.mentee.enrolmentId === locked.enrolmentId),
    )!;
    assert.equal(holder.mentor.enrolmentId, small.mentor.enrolmentId, 'the lock held');
    for (const group of after.groups) assert.ok(group.size >= 3 && group.size <= 4);
    const compared = await api(
      admin.cookie,
      'GET',
      `/api/programs/${programId}/match-runs/compare?a=${first.id}&b=${second.id}`,
    );
    assert.equal(compared.status, 200, JSON.stringify(compared.body));
  });

  it('refuses the signed-out, members who are not staff and other organisations; coordinators see groups', async () => {
    const run = await runNow();
    const url = `/api/programs/${programId}/match-runs/${run.id}/groups`;
    assert.equal((await api(null, 'GET', url)).status, 401);
    assert.equal((await api(member.cookie, 'GET', url)).status, 403);
    assert.equal((await api(otherAdmin.cookie, 'GET', url)).status, 404);
    assert.equal((await api(coordinator.cookie, 'GET', url)).status, 200);
    const pairRun = await api(admin.cookie, 'POST', `/api/programs/${pairProgramId}/match-runs`, {
      mode: 'optimal',
    });
    await runMatchRunNow(t.ctx, pairRun.body.id);
    const notGroups = await api(
      admin.cookie,
      'GET',
      `/api/programs/${pairProgramId}/match-runs/${pairRun.body.id}/groups`,
    );
    assert.equal(notGroups.status, 409);
  });

  it('publishing creates one group per mentor with its members, skips a group below the minimum, and tells them', async () => {
    const run = await runNow();
    const view = await groupsOf(run.id);
    const big = view.groups.find((g) => g.size === 4)!;
    const small = view.groups.find((g) => g.size === 3)!;
    // Take one mentee out of the small group: it falls below the minimum and is not published.
    const out = small.members[0]!.mentee;
    const unmatch = await api(admin.cookie, 'POST', `/api/programs/${programId}/match-runs/${run.id}/edits`, {
      action: 'unmatch',
      menteeEnrolmentId: out.enrolmentId,
    });
    assert.equal(unmatch.status, 200);
    assert.equal(
      unmatch.body.stats.groups.items.find(
        (g: { mentorEnrolmentId: string }) => g.mentorEnrolmentId === small.mentor.enrolmentId,
      ).belowMinimum,
      true,
    );
    const published = await api(
      admin.cookie,
      'POST',
      `/api/programs/${programId}/match-runs/${run.id}/publish`,
    );
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.relationshipsCreated, 4);
    assert.equal(published.body.skipped.length, 2);
    assert.match(
      published.body.skipped[0].reason,
      /would have 2 mentees, fewer than the program’s minimum of 3/,
    );
    const firstName = big.mentor.name.split(' ')[0];
    assert.deepEqual(
      published.body.groups.map((g: { name: string; members: number }) => [g.name, g.members]),
      [[`${firstName}’s group`, 4]],
    );
    const groups = await t.ctx.db
      .select()
      .from(mentoringGroups)
      .where(eq(mentoringGroups.programId, programId));
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.status, 'active');
    assert.equal(groups[0]!.origin, 'match_run');
    assert.equal(groups[0]!.matchRunId, run.id);
    assert.equal(groups[0]!.mentorEnrolmentId, big.mentor.enrolmentId);
    const members = await t.ctx.db
      .select()
      .from(relationships)
      .where(and(eq(relationships.programId, programId), eq(relationships.groupId, groups[0]!.id)));
    assert.equal(members.length, 4);
    assert.ok(members.every((r) => r.status === 'active' && r.origin === 'match_run'));
    const notes = await t.ctx.db.select().from(notifications).where(eq(notifications.kind, 'group_started'));
    const menteeNotes = notes.filter((n) => n.title.startsWith('You are in'));
    assert.equal(menteeNotes.length, 4);
    assert.equal(
      menteeNotes[0]!.title,
      `You are in “${firstName}’s group” with ${big.mentor.name} in Circles`,
    );
    // Published once.
    assert.equal(
      (await api(admin.cookie, 'POST', `/api/programs/${programId}/match-runs/${run.id}/publish`)).status,
      409,
    );
  });
});
