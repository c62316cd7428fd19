import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import {
  flashPatterns,
  flashSlots,
  groupAgreementSignatures,
  groupMeetings,
  meetingFeedback,
  meetings,
  mentoringGroups,
  programs,
  relationships,
} from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createDemoOrganisation } from './demo.service.ts';

// Issue 14 §5: the demo has a running group program with two groups and history, and a flash program with mentors'
// slots and past sessions.
describe('demo group and flash programs', () => {
  let t: TestApp;
  let organisationId: string;
  before(async () => {
    t = await createTestApp();
    organisationId = (await createDemoOrganisation(t.ctx, { emptyInstanceOnly: true })).organisation.id;
  });
  after(() => t.close());

  const programNamed = async (name: string) => {
    const [row] = await t.ctx.db
      .select()
      .from(programs)
      .where(and(eq(programs.organisationId, organisationId), eq(programs.name, name)));
    assert.ok(row, name);
    return row;
  };

  it('runs a group program whose two groups were formed by matching, within the size limits, with history', async () => {
    const program = await programNamed('New Managers Circles');
    assert.equal(program.type, 'group');
    assert.equal(program.status, 'running');
    const groups = await t.ctx.db
      .select()
      .from(mentoringGroups)
      .where(eq(mentoringGroups.programId, program.id));
    assert.equal(groups.length, 2);
    const now = t.clock.now.getTime();
    for (const group of groups) {
      assert.equal(group.origin, 'match_run');
      const members = await t.ctx.db.select().from(relationships).where(eq(relationships.groupId, group.id));
      assert.ok(
        members.length >= program.groupMinSize && members.length <= program.groupMaxSize,
        `${members.length}`,
      );
      for (const m of members) {
        assert.equal(m.status, 'active');
        assert.ok(m.startedAt!.getTime() < now - 50 * 24 * 3600 * 1000, 'started weeks ago');
      }
      const gms = await t.ctx.db.select().from(groupMeetings).where(eq(groupMeetings.groupId, group.id));
      assert.ok(gms.filter((m) => m.status === 'held').length >= 3);
      assert.equal(gms.filter((m) => m.status === 'scheduled' && m.startsAt.getTime() > now).length, 1);
      // Attendance per member: every member has a row of every group meeting; someone missed one.
      const rows = await t.ctx.db
        .select()
        .from(meetings)
        .where(and(eq(meetings.relationshipId, members[0]!.id), eq(meetings.organisationId, organisationId)));
      assert.equal(rows.filter((r) => r.groupMeetingId).length, gms.length);
    }
    const absences = await t.ctx.db.select().from(meetings).where(eq(meetings.status, 'no_show'));
    assert.ok(
      absences.some((m) => m.groupMeetingId),
      'a member missed a group meeting',
    );
    const signatures = await t.ctx.db.select().from(groupAgreementSignatures);
    assert.ok(signatures.length >= 2 * (1 + program.groupMinSize));
  });

  it('runs a flash program with weekly patterns, open slots to come and past sessions with both sides’ feedback', async () => {
    const program = await programNamed('Coffee chats with experts');
    assert.equal(program.type, 'flash');
    assert.equal(program.status, 'running');
    const patterns = await t.ctx.db
      .select()
      .from(flashPatterns)
      .where(eq(flashPatterns.programId, program.id));
    assert.equal(patterns.length, 5);
    const slots = await t.ctx.db.select().from(flashSlots).where(eq(flashSlots.programId, program.id));
    const now = t.clock.now.getTime();
    assert.ok(slots.filter((s) => s.status === 'open' && s.startsAt.getTime() > now).length >= 8);
    const held = slots.filter((s) => s.status === 'booked' && s.startsAt.getTime() < now);
    assert.ok(held.length >= 6, `${held.length} past sessions`);
    assert.ok(
      slots.some((s) => s.status === 'booked' && s.startsAt.getTime() > now),
      'a session to come',
    );
    const flash = await t.ctx.db.select().from(relationships).where(eq(relationships.programId, program.id));
    assert.ok(flash.every((r) => r.origin === 'flash'));
    for (const slot of held) {
      const rel = flash.find((r) => r.id === slot.relationshipId)!;
      assert.equal(rel.status, 'completed');
      assert.ok(slot.topic && slot.agenda);
      const feedback = await t.ctx.db
        .select()
        .from(meetingFeedback)
        .where(eq(meetingFeedback.relationshipId, rel.id));
      assert.deepEqual(feedback.map((f) => f.role).sort(), ['mentee', 'mentor']);
    }
  });
});
