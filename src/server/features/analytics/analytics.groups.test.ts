import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { groupMeetings, meetings } from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { createGroupRow } from '../../testing/group-factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const DAY = 24 * 3600 * 1000;

// Issue 14: the program dashboard of a group program counts groups as a whole (groups, members, mean size, group
// meetings held) while its months count each member: a group meeting is one meeting for each member present.
describe('program dashboard of a group program', () => {
  let t: TestApp;
  let admin: string;
  let otherAdmin: string;
  let programId: string;
  let pairProgramId: string;

  before(async () => {
    t = await createTestApp();
    const orgs = await createTwoOrganisations(t.ctx.db);
    admin = orgs.admin.cookie;
    otherAdmin = orgs.otherAdmin.cookie;
    const program = await createProgram(t.ctx.db, orgs.org.id, { type: 'group', status: 'running' });
    programId = program.id;
    pairProgramId = (await createProgram(t.ctx.db, orgs.org.id, { status: 'running' })).id;
    const startedAt = new Date(t.clock.now.getTime() - 20 * DAY);
    const groups = [
      await createGroupRow(t.ctx.db, program, { mentees: 3, startedAt }),
      await createGroupRow(t.ctx.db, program, { mentees: 4, startedAt }),
    ];
    // The first group met twice (everyone present the first time, one absent the second); the second never.
    for (const [n, absent] of [
      [1, -1],
      [2, 2],
    ] as const) {
      const at = new Date(startedAt.getTime() + n * 5 * DAY);
      const [gm] = await t.ctx.db
        .insert(groupMeetings)
        .values({
          organisationId: orgs.org.id,
          groupId: groups[0]!.group.id,
          title: `Circle ${n}`,
          startsAt: at,
          heldAt: at,
          status: 'held',
          durationMinutes: 60,
          timeZone: 'UTC',
          icsUid: randomUUID(),
        })
        .returning();
      for (const [i, member] of groups[0]!.members.entries())
        await t.ctx.db.insert(meetings).values({
          organisationId: orgs.org.id,
          relationshipId: member.relationship.id,
          groupMeetingId: gm!.id,
          title: `Circle ${n}`,
          startsAt: at,
          heldAt: i === absent ? null : at,
          status: i === absent ? 'no_show' : 'held',
          durationMinutes: 60,
          timeZone: 'UTC',
          icsUid: randomUUID(),
        });
    }
  });
  after(() => t.close());

  const dashboard = (id: string, cookie = admin) =>
    t.app.inject({ method: 'GET', url: `/api/programs/${id}/dashboard`, headers: { cookie } });

  it('shows groups, members, mean size and group meetings, and counts each member’s meetings in the months', async () => {
    const res = await dashboard(programId);
    assert.equal(res.statusCode, 200, res.body);
    const d = res.json();
    assert.deepEqual(d.groups, {
      active: { value: 2, suppressed: false },
      members: { value: 7, suppressed: false },
      meanSize: { value: 3.5, suppressed: false },
      meetingsHeld: { value: 2, suppressed: false },
    });
    const held = (d.months as { meetingsHeld: { value: number | null } }[]).reduce(
      (sum, m) => sum + (m.meetingsHeld.value ?? 0),
      0,
    );
    assert.equal(held, 5, 'three members at the first meeting, two at the second');
  });

  it('has no groups block for a pair program, and shows another organisation nothing', async () => {
    const pairs = await dashboard(pairProgramId);
    assert.equal(pairs.statusCode, 200, pairs.body);
    assert.equal(pairs.json().groups, null);
    assert.equal((await dashboard(programId, otherAdmin)).statusCode, 404);
  });
});
