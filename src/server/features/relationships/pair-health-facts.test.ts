import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  actionItems,
  agreementVersions,
  goals,
  groupAgreementSignatures,
  groupAgreementVersions,
  meetingFeedback,
  meetings,
  pairHealthFacts,
  relationships,
  surveyResponses,
  workspaceActivity,
} from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { createGroupRow } from '../../testing/group-factories.ts';
import { createPair } from '../../testing/nudge-factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { listActivePairFacts, type PairHealthRow } from './pair-health.repository.ts';

const DAY = 24 * 3600 * 1000;

/**
 * The reference: every fact computed straight from the workspace's tables, as pair health read them before the
 * database kept them (migration 0013). The kept facts must always say the same, at any time of reading.
 */
async function referenceFacts(db: Db, organisationId: string, programId: string, now: Date) {
  const at = now.toISOString();
  const today = at.slice(0, 10);
  const result = await db.execute(sql`
    select r.id, r.mentee_person_id, r.started_at, mp.name as mentor_name, ep.name as mentee_name,
      m.last_held, m.next_at, coalesce(m.held, 0) as held, coalesce(m.planned, 0) as planned,
      wa.last_activity,
      case when coalesce(pa.version, ga.version) is null then 'none'
           when (pa.version is not null and pa.mentor_signed_at is not null and pa.mentee_signed_at is not null)
             or (ga.version is not null and ga.mentor_signed_at is not null and ga.mentee_signed_at is not null)
             then 'signed'
           else 'waiting' end as agreement_status,
      g.progress, fb.last_rating, coalesce(s.answers, 0) as check_in_answers, s.fit,
      coalesce(s.rematch, false) as rematch, coalesce(ai.open, 0) as open_items, coalesce(ai.overdue, 0) as overdue_items
    from relationships r
    join people mp on mp.id = r.mentor_person_id
    join people ep on ep.id = r.mentee_person_id
    left join lateral (
      select max(starts_at) filter (where status = 'held') as last_held,
        min(starts_at) filter (where status = 'scheduled' and starts_at > ${at}::timestamptz) as next_at,
        count(*) filter (where status = 'held')::int as held,
        count(*) filter (where status in ('held', 'cancelled', 'no_show')
          or (status = 'scheduled' and starts_at <= ${at}::timestamptz))::int as planned
      from meetings where relationship_id = r.id
    ) m on true
    left join lateral (
      select max(created_at) as last_activity from workspace_activity where relationship_id = r.id
    ) wa on true
    left join lateral (
      select version, mentor_signed_at, mentee_signed_at from agreement_versions
      where relationship_id = r.id and r.group_id is null order by version desc limit 1
    ) pa on true
    left join lateral (
      select v.version,
        (select sg.signed_at from group_agreement_signatures sg
          where sg.version_id = v.id and sg.person_id = r.mentor_person_id) as mentor_signed_at,
        (select sg.signed_at from group_agreement_signatures sg
          where sg.version_id = v.id and sg.person_id = r.mentee_person_id) as mentee_signed_at
      from group_agreement_versions v where v.group_id = r.group_id order by v.version desc limit 1
    ) ga on true
    left join lateral (
      select round(avg(progress_percent))::int as progress from goals
      where relationship_id = r.id and status <> 'dropped'
    ) g on true
    left join lateral (
      select min(f.rating)::int as last_rating from meeting_feedback f
      where f.meeting_id = (
        select mm.id from meetings mm
        where mm.relationship_id = r.id and exists (select 1 from meeting_feedback f2 where f2.meeting_id = mm.id)
        order by mm.starts_at desc, mm.id desc limit 1)
    ) fb on true
    left join lateral (
      select count(*)::int as answers, min(rating)::int as fit, bool_or(rematch_requested) as rematch
      from survey_responses where relationship_id = r.id and kind = 'check_in'
    ) s on true
    left join lateral (
      select count(*) filter (where done_at is null)::int as open,
        count(*) filter (where done_at is null and due_on < ${today}::date)::int as overdue
      from action_items where relationship_id = r.id
    ) ai on true
    where r.organisation_id = ${organisationId} and r.program_id = ${programId} and r.status = 'active'
    order by r.started_at desc, r.id
  `);
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  const time = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map(
    (row): PairHealthRow => ({
      id: String(row.id),
      menteePersonId: String(row.mentee_person_id),
      startedAt: time(row.started_at) ?? now,
      lastMeetingHeldAt: time(row.last_held),
      nextMeetingAt: time(row.next_at),
      meetingsHeld: Number(row.held),
      meetingsPlanned: Number(row.planned),
      lastActivityAt: time(row.last_activity),
      agreementStatus: row.agreement_status as PairHealthRow['agreementStatus'],
      goalProgress: num(row.progress),
      lastRating: num(row.last_rating),
      checkInAnswers: Number(row.check_in_answers),
      checkInFit: num(row.fit),
      rematchRequested: Boolean(row.rematch),
      openActionItems: Number(row.open_items),
      overdueActionItems: Number(row.overdue_items),
    }),
  );
}

/** A small deterministic generator (mulberry32), so a failing seed can be run again. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

// Issue 15 / decision 037: pair health reads each pair's facts from `pair_health_facts`, which statement-level
// triggers keep. Random sequences of the writes the workspace makes — single rows and many rows in one statement,
// inserts, updates and deletes, on one-to-one pairs and a group's members — must leave the kept facts equal to the
// facts computed from the rows, read at several times (the next meeting, the meetings planned by now and the
// overdue items depend on the clock).
describe('the kept facts of pair health', () => {
  let t: TestApp;
  let db: Db;
  let organisationId: string;
  let program: { id: string; organisationId: string };
  type Pair = { id: string; mentorPersonId: string; menteePersonId: string };
  const pairs: Pair[] = [];
  let groupId: string;
  let groupMentorPersonId: string;

  before(async () => {
    t = await createTestApp();
    db = t.ctx.db;
    const orgs = await createTwoOrganisations(db);
    organisationId = orgs.org.id;
    program = await createProgram(db, organisationId, {
      name: 'Grow',
      status: 'running',
      type: 'one_to_one',
    });
    const start = new Date(t.clock.now.getTime() - 60 * DAY);
    for (let i = 0; i < 4; i += 1) {
      const pair = await createPair(db, program, new Date(start.getTime() + i * DAY));
      pairs.push({
        id: pair.relationship.id,
        mentorPersonId: pair.mentor.person.id,
        menteePersonId: pair.mentee.person.id,
      });
    }
    // A group's members are relationships of the same program here, so the one comparison covers both kinds.
    const group = await createGroupRow(db, program, { mentees: 3, startedAt: start });
    groupId = group.group.id;
    groupMentorPersonId = group.mentor.person.id;
    for (const member of group.members)
      pairs.push({
        id: member.relationship.id,
        mentorPersonId: member.relationship.mentorPersonId,
        menteePersonId: member.relationship.menteePersonId,
      });
  });
  after(() => t.close());

  async function assertSame(label: string) {
    for (const offset of [-20, 0, 3, 45]) {
      const now = new Date(t.clock.now.getTime() + offset * DAY);
      // In no set order: pair health sorts them as the page asks.
      const byId = (rows: PairHealthRow[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
      const kept = await listActivePairFacts(db, organisationId, program.id, now);
      const reference = await referenceFacts(db, organisationId, program.id, now);
      assert.deepEqual(byId(kept), byId(reference), `${label}, read ${offset} days from now`);
    }
  }

  it('a new pair has its facts at once: nothing yet, agreement none', async () => {
    const [row] = await db
      .select()
      .from(pairHealthFacts)
      .where(eq(pairHealthFacts.relationshipId, pairs[0]!.id));
    assert.ok(row, 'the pair has a row as soon as it exists');
    assert.equal(row.meetingsHeld, 0);
    assert.equal(row.agreementStatus, 'none');
    assert.deepEqual(row.scheduledStarts, []);
    await assertSame('before any write');
  });

  for (const seed of [1, 2, 3]) {
    it(`random writes (seed ${seed}) keep them equal to the facts computed from the rows`, async () => {
      const rnd = random(seed);
      const now = t.clock.now.getTime();
      const when = () => new Date(now + (rnd.int(120) - 80) * DAY + rnd.int(DAY));
      const dueOn = () => new Date(now + (rnd.int(40) - 20) * DAY).toISOString().slice(0, 10);
      const meetingStatus = () => rnd.pick(['scheduled', 'held', 'cancelled', 'no_show'] as const);
      const meetingRow = (pair: Pair) => ({
        organisationId,
        relationshipId: pair.id,
        title: 'Catch-up',
        startsAt: when(),
        durationMinutes: 45,
        timeZone: 'Europe/London',
        status: meetingStatus(),
        icsUid: randomUUID(),
      });
      const someMeeting = async () => {
        const rows = await db
          .select({ id: meetings.id, relationshipId: meetings.relationshipId })
          .from(meetings);
        return rows.length ? rnd.pick(rows) : null;
      };
      const operations: (() => Promise<unknown>)[] = [
        // meetings: one, several pairs' in one statement, a change of status or time, a deletion
        () => db.insert(meetings).values(meetingRow(rnd.pick(pairs))),
        () =>
          db
            .insert(meetings)
            .values(Array.from({ length: 2 + rnd.int(6) }, () => meetingRow(rnd.pick(pairs)))),
        async () => {
          const m = await someMeeting();
          if (m)
            await db
              .update(meetings)
              .set({ status: meetingStatus(), startsAt: when() })
              .where(eq(meetings.id, m.id));
        },
        async () => {
          const m = await someMeeting();
          if (m) await db.delete(meetings).where(eq(meetings.id, m.id));
        },
        // ratings of a meeting, by either side
        async () => {
          const m = await someMeeting();
          if (!m) return;
          const pair = pairs.find((p) => p.id === m.relationshipId)!;
          const mentor = rnd.next() < 0.5;
          await db
            .insert(meetingFeedback)
            .values({
              organisationId,
              relationshipId: pair.id,
              meetingId: m.id,
              programId: program.id,
              personId: mentor ? pair.mentorPersonId : pair.menteePersonId,
              role: mentor ? 'mentor' : 'mentee',
              rating: 1 + rnd.int(5),
            })
            .onConflictDoNothing();
        },
        async () => {
          const rows = await db.select({ id: meetingFeedback.id }).from(meetingFeedback);
          if (rows.length) await db.delete(meetingFeedback).where(eq(meetingFeedback.id, rnd.pick(rows).id));
        },
        // the timeline
        () =>
          db.insert(workspaceActivity).values({
            organisationId,
            relationshipId: rnd.pick(pairs).id,
            kind: 'goal_added',
            summary: 'Added a goal',
            createdAt: when(),
          }),
        // goals: added, moved on, dropped
        () =>
          db.insert(goals).values({
            organisationId,
            relationshipId: rnd.pick(pairs).id,
            title: 'Lead a project',
            progressPercent: rnd.int(101),
            status: rnd.pick(['not_started', 'on_track', 'dropped'] as const),
          }),
        async () => {
          const rows = await db.select({ id: goals.id }).from(goals);
          if (rows.length)
            await db
              .update(goals)
              .set({
                progressPercent: rnd.int(101),
                status: rnd.pick(['on_track', 'done', 'dropped'] as const),
              })
              .where(eq(goals.id, rnd.pick(rows).id));
        },
        // action items: added with or without a date, done, undone, removed
        () =>
          db.insert(actionItems).values({
            organisationId,
            relationshipId: rnd.pick(pairs).id,
            title: 'Send the draft',
            dueOn: rnd.next() < 0.8 ? dueOn() : null,
          }),
        async () => {
          const rows = await db.select({ id: actionItems.id, doneAt: actionItems.doneAt }).from(actionItems);
          if (!rows.length) return;
          const item = rnd.pick(rows);
          if (rnd.next() < 0.3) await db.delete(actionItems).where(eq(actionItems.id, item.id));
          else
            await db
              .update(actionItems)
              .set({ doneAt: item.doneAt ? null : new Date(now), dueOn: dueOn() })
              .where(eq(actionItems.id, item.id));
        },
        // check-in answers, with a fit and perhaps a rematch request
        async () => {
          const pair = rnd.pick(pairs);
          const mentor = rnd.next() < 0.5;
          await db
            .insert(surveyResponses)
            .values({
              organisationId,
              relationshipId: pair.id,
              programId: program.id,
              personId: mentor ? pair.mentorPersonId : pair.menteePersonId,
              role: mentor ? 'mentor' : 'mentee',
              kind: rnd.pick(['check_in', 'check_in', 'closing'] as const),
              rating: 1 + rnd.int(5),
              rematchRequested: rnd.next() < 0.2,
            })
            .onConflictDoNothing();
        },
        // a one-to-one pair's agreement: a new version, then a signature
        async () => {
          const pair = rnd.pick(pairs.slice(0, 4));
          const [last] = await db
            .select({ version: sql<number>`max(${agreementVersions.version})` })
            .from(agreementVersions)
            .where(eq(agreementVersions.relationshipId, pair.id));
          await db.insert(agreementVersions).values({
            organisationId,
            relationshipId: pair.id,
            version: (last?.version ?? 0) + 1,
            content: { goals: 'Grow' },
            mentorSignedAt: rnd.next() < 0.5 ? new Date(now) : null,
          });
        },
        async () => {
          const rows = await db.select({ id: agreementVersions.id }).from(agreementVersions);
          if (rows.length)
            await db
              .update(agreementVersions)
              .set(rnd.next() < 0.5 ? { mentorSignedAt: new Date(now) } : { menteeSignedAt: new Date(now) })
              .where(eq(agreementVersions.id, rnd.pick(rows).id));
        },
        // the group's agreement: a new version, a member's or the mentor's signature, a signature withdrawn
        async () => {
          const [last] = await db
            .select({ version: sql<number>`max(${groupAgreementVersions.version})` })
            .from(groupAgreementVersions)
            .where(eq(groupAgreementVersions.groupId, groupId));
          await db.insert(groupAgreementVersions).values({
            organisationId,
            groupId,
            version: (last?.version ?? 0) + 1,
            content: { goals: 'Grow together' },
          });
        },
        async () => {
          const versions = await db
            .select({ id: groupAgreementVersions.id })
            .from(groupAgreementVersions)
            .where(eq(groupAgreementVersions.groupId, groupId));
          if (!versions.length) return;
          const signers = [groupMentorPersonId, ...pairs.slice(4).map((p) => p.menteePersonId)];
          await db
            .insert(groupAgreementSignatures)
            .values({
              organisationId,
              versionId: rnd.pick(versions).id,
              personId: rnd.pick(signers),
              signedAt: new Date(now),
            })
            .onConflictDoNothing();
        },
        async () => {
          const rows = await db.select({ id: groupAgreementSignatures.id }).from(groupAgreementSignatures);
          if (rows.length)
            await db
              .delete(groupAgreementSignatures)
              .where(eq(groupAgreementSignatures.id, rnd.pick(rows).id));
        },
        // a pair joins the group or leaves it (its agreement becomes the group's, or its own again)
        async () => {
          const pair = rnd.pick(pairs);
          const [row] = await db
            .select({ groupId: relationships.groupId })
            .from(relationships)
            .where(eq(relationships.id, pair.id));
          await db
            .update(relationships)
            .set({ groupId: row?.groupId ? null : groupId })
            .where(eq(relationships.id, pair.id));
        },
        // a pair's start moves (a request accepted later, a start corrected)
        async () => {
          const pair = rnd.pick(pairs);
          await db.update(relationships).set({ startedAt: when() }).where(eq(relationships.id, pair.id));
        },
        // a pair ends or comes back (only active pairs are listed)
        async () => {
          const pair = rnd.pick(pairs);
          const [row] = await db
            .select({ status: relationships.status })
            .from(relationships)
            .where(eq(relationships.id, pair.id));
          await db
            .update(relationships)
            .set({ status: row?.status === 'active' ? 'completed' : 'active' })
            .where(and(eq(relationships.id, pair.id), eq(relationships.organisationId, organisationId)));
        },
      ];
      for (let step = 1; step <= 60; step += 1) {
        const operation = rnd.int(operations.length);
        await operations[operation]!();
        if (step % 6 === 0) await assertSame(`seed ${seed}, after step ${step} (operation ${operation})`);
      }
    });
  }

  it('the kept facts equal facts computed again from scratch (what migration 0013 does for existing pairs)', async () => {
    const kept = await db.select().from(pairHealthFacts);
    await db.delete(pairHealthFacts);
    await db.execute(sql`select refresh_pair_health_facts(array(select id from relationships), 'all')`);
    const again = await db.select().from(pairHealthFacts);
    const byId = (rows: typeof kept) =>
      [...rows].sort((a, b) => a.relationshipId.localeCompare(b.relationshipId));
    assert.ok(kept.length >= pairs.length);
    assert.deepEqual(byId(again), byId(kept));
  });

  it('a group member’s signature, given and withdrawn, changes their agreement at once', async () => {
    const member = pairs[4]!;
    await db.update(relationships).set({ groupId }).where(eq(relationships.id, member.id));
    const [last] = await db
      .select({ version: sql<number>`max(${groupAgreementVersions.version})` })
      .from(groupAgreementVersions)
      .where(eq(groupAgreementVersions.groupId, groupId));
    const [version] = await db
      .insert(groupAgreementVersions)
      .values({
        organisationId,
        groupId,
        version: (last?.version ?? 0) + 1,
        content: { goals: 'Grow together' },
      })
      .returning();
    const status = async () =>
      (
        await db
          .select({ status: pairHealthFacts.agreementStatus })
          .from(pairHealthFacts)
          .where(eq(pairHealthFacts.relationshipId, member.id))
      )[0]?.status;
    assert.equal(await status(), 'waiting');
    await db.insert(groupAgreementSignatures).values(
      [member.mentorPersonId, member.menteePersonId].map((personId) => ({
        organisationId,
        versionId: version!.id,
        personId,
        signedAt: t.clock.now,
      })),
    );
    assert.equal(await status(), 'signed');
    await assertSame('after both signed the group’s agreement');
    await db
      .delete(groupAgreementSignatures)
      .where(
        and(
          eq(groupAgreementSignatures.versionId, version!.id),
          eq(groupAgreementSignatures.personId, member.menteePersonId),
        ),
      );
    assert.equal(await status(), 'waiting');
    await assertSame('after the member’s signature was withdrawn');
  });

  it('two transactions writing to one pair at once both count (on PostgreSQL each waits for the other)', async () => {
    const pair = pairs[0]!;
    const meeting = () => ({
      organisationId,
      relationshipId: pair.id,
      title: 'Catch-up',
      startsAt: new Date(t.clock.now.getTime() - DAY),
      durationMinutes: 30,
      timeZone: 'Europe/London',
      status: 'held' as const,
      icsUid: randomUUID(),
    });
    let firstWrote!: () => void;
    const wrote = new Promise<void>((resolve) => {
      firstWrote = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first holds its transaction open after its insert; the second inserts meanwhile (on PostgreSQL its trigger
    // waits for the first's lock on the pair's facts), then the first commits.
    const first = db.transaction(async (tx) => {
      await tx.insert(meetings).values(meeting());
      firstWrote();
      await released;
    });
    await wrote;
    const second = db.transaction(async (tx) => {
      await tx.insert(meetings).values(meeting());
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await Promise.all([first, second]);
    await assertSame('after two concurrent meetings of one pair');
  });

  it('a group losing its agreement versions, and a deleted pair, leave no stale or orphan row', async () => {
    await db.delete(groupAgreementVersions).where(eq(groupAgreementVersions.groupId, groupId));
    await assertSame('after the group’s versions were deleted');
    const gone = pairs[1]!;
    await db.delete(relationships).where(eq(relationships.id, gone.id));
    const rows = await db.select().from(pairHealthFacts).where(eq(pairHealthFacts.relationshipId, gone.id));
    assert.deepEqual(rows, []);
    await assertSame('after a pair was deleted');
  });
});
