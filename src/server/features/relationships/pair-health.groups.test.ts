import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  groupAgreementSignatures,
  groupAgreementVersions,
  groupMeetings,
  meetings,
  sessions,
} from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { createGroupRow } from '../../testing/group-factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

const DAY = 24 * 3600 * 1000;

// Issue 14: a group of k mentees is k relationships, so pair health lists each member; a group meeting counts once
// for each member who attended (their row is held) and not for one who was absent (a no-show); a member's agreement
// is the group's, signed by the mentor and by them.
describe('pair health of a group’s members', () => {
  let t: TestApp;
  let admin: string;
  let group: Awaited<ReturnType<typeof createGroupRow>>;
  let programId: string;

  before(async () => {
    t = await createTestApp();
    const orgs = await createTwoOrganisations(t.ctx.db);
    admin = orgs.admin.cookie;
    const program = await createProgram(t.ctx.db, orgs.org.id, {
      name: 'Circles',
      type: 'group',
      status: 'running',
    });
    programId = program.id;
    const startedAt = new Date(t.clock.now.getTime() - 1000);
    group = await createGroupRow(t.ctx.db, program, { mentees: 3, startedAt });
    const orgId = orgs.org.id;
    const meetingAt = new Date(startedAt.getTime() + 5 * DAY);
    const [gm] = await t.ctx.db
      .insert(groupMeetings)
      .values({
        organisationId: orgId,
        groupId: group.group.id,
        title: 'Circle one',
        startsAt: meetingAt,
        durationMinutes: 60,
        timeZone: 'Europe/London',
        status: 'held',
        heldAt: meetingAt,
        icsUid: randomUUID(),
      })
      .returning();
    const attendance = ['held', 'held', 'no_show'];
    for (const [i, member] of group.members.entries())
      await t.ctx.db.insert(meetings).values({
        organisationId: orgId,
        relationshipId: member.relationship.id,
        groupMeetingId: gm!.id,
        title: 'Circle one',
        startsAt: meetingAt,
        heldAt: attendance[i] === 'held' ? meetingAt : null,
        status: attendance[i]!,
        durationMinutes: 60,
        timeZone: 'Europe/London',
        icsUid: randomUUID(),
      });
    const [version] = await t.ctx.db
      .insert(groupAgreementVersions)
      .values({ organisationId: orgId, groupId: group.group.id, version: 1, content: { goals: 'Grow' } })
      .returning();
    for (const personId of [group.mentor.person.id, group.members[0]!.person.id])
      await t.ctx.db
        .insert(groupAgreementSignatures)
        .values({ organisationId: orgId, versionId: version!.id, personId, signedAt: meetingAt });
    t.clock.advance(10 * DAY);
    await t.ctx.db
      .update(sessions)
      .set({ expiresAt: new Date(t.clock.now.getTime() + DAY), lastSeenAt: t.clock.now });
  });
  after(() => t.close());

  it('counts the group meeting for each member who attended, and the group agreement per member', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/programs/${programId}/relationship-health`,
      headers: { cookie: admin },
    });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as {
      relationshipId: string;
      meetingsHeld: number;
      meetingsPlanned: number;
      agreement: string;
      daysSinceLastMeeting: number | null;
    }[];
    assert.equal(items.length, 3);
    const of = (i: number) =>
      items.find((item) => item.relationshipId === group.members[i]!.relationship.id)!;
    assert.deepEqual(
      [0, 1, 2].map((i) => [of(i).meetingsHeld, of(i).meetingsPlanned]),
      [
        [1, 1],
        [1, 1],
        [0, 1],
      ],
    );
    assert.equal(of(0).daysSinceLastMeeting, 5);
    assert.equal(of(2).daysSinceLastMeeting, null);
    assert.deepEqual(
      [0, 1, 2].map((i) => of(i).agreement),
      ['signed', 'waiting', 'waiting'],
    );
  });
});
