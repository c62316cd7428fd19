import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq, notInArray } from 'drizzle-orm';
import {
  actionItems,
  agreementVersions,
  auditLog,
  goals,
  meetingFeedback,
  meetings,
  relationships,
} from './db/schema.ts';
import { accessOf } from './route-access.ts';
import { createGroupRow } from './testing/group-factories.ts';
import { createMemberPerson, createParticipant } from './testing/relationship-factories.ts';
import { createTestApp, type TestApp } from './testing/test-app.ts';
import { createWorkspaceFixture, type WorkspaceFixture } from './testing/workspace-factories.ts';

/**
 * The privacy proof of §10: "private notes never leave their author". A private note is written through the API,
 * then every GET route the app serves — walked generically from `t.apiRoutes`, so routes added later are covered
 * without touching this file — is called by everyone who is not its author, with every id of the fixture in every
 * path parameter and with search-like query strings. Two things must hold:
 *   1. the note's unique marker (and id) appears in no response;
 *   2. every response is exactly what that caller saw before the note existed — so no count, total, "last
 *      activity" or other trace of the note reaches anyone but its author.
 * The author's own walk must find the marker and differ from before, or the test itself would be unable to fail.
 * The same walk checks that a survey comment its author did not share never reaches anyone else. The author is also
 * in a mentoring group (issue 14) and writes a private group note the same way: the group's mentor and another
 * member of the group join the callers who must see nothing of it.
 */

const NOTE_MARKER = `private-marker-${randomUUID()}`;
const SURVEY_MARKER = `unshared-survey-${randomUUID()}`;
const DAY = 24 * 3600 * 1000;

/** What fills the path parameters: each named candidate goes into each parameter. */
type Candidates = Record<string, string>;

interface Observation {
  url: string;
  status: number;
  body: string;
}
type Walk = Map<string, Observation>;

describe('private notes never reach anyone but their author (every GET route)', () => {
  let t: TestApp;
  let f: WorkspaceFixture;
  let adminWithPerson: Awaited<ReturnType<typeof createMemberPerson>>;
  let meetingId: string;
  let sharedNoteId: string;
  let group: Awaited<ReturnType<typeof createGroupRow>>;
  const candidates: Candidates = {};
  /** Everyone who is not the author; the group's mentor and another member join once the group exists. */
  const others: Record<string, string> = {};
  /** Where the private note's id goes before it exists, so both walks request the same URLs. */
  const notYetWritten = [randomUUID(), randomUUID(), randomUUID()];
  let privateNoteIds: string[] = [];

  /** The author's own walk only needs the pair's routes: it proves the checks can fail, not that nothing leaks. */
  const pairRoutes = (url: string) =>
    url.startsWith('/api/relationships/:id') || url.startsWith('/api/groups/:id');
  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  /** The route with each parameter filled by the named candidates (in order), and a key naming them. */
  function fill(template: string, names: string[]): { key: string; url: string } {
    let url = template;
    (template.match(/:[A-Za-z]+/g) ?? []).forEach((param, index) => {
      url = url.replace(param, encodeURIComponent(candidates[names[index]!] ?? names[index]!));
    });
    return { key: `${template} ${names.join(',')}`, url };
  }

  function queryVariants(): { key: string; query: string }[] {
    return [
      { key: 'q', query: `q=${encodeURIComponent(NOTE_MARKER)}` },
      { key: 'visibility=private', query: 'visibility=private' },
      { key: 'meetingId', query: `meetingId=${meetingId}` },
      { key: 'pageSize', query: 'pageSize=200' },
      { key: 'status=all', query: 'status=all' },
    ];
  }

  /**
   * Call every GET route as one caller, with every candidate in every parameter; query variants on the URLs the
   * caller may read. A route with several parameters (a child of a parent, e.g. a program's match run) tries every
   * candidate as the child only under parents that answer differently from a parent that does not exist.
   */
  async function walk(cookie: string, only?: (url: string) => boolean): Promise<Walk> {
    const seen: Walk = new Map();
    // One-time-link lookups (GET /api/auth/invitations/:token) answer by the token alone, whoever asks, and slow down
    // an address that tries many bad tokens (decision 015): walking them would only measure that limit.
    const routes = t.apiRoutes.filter(
      (route) => route.method === 'GET' && !route.url.includes(':token') && (!only || only(route.url)),
    );
    const names = Object.keys(candidates);
    const visit = async ({ key, url }: { key: string; url: string }, isPublic = false) => {
      const bare = await get(url, cookie);
      seen.set(key, { url, status: bare.statusCode, body: bare.body });
      if (bare.statusCode < 300 && !isPublic) {
        for (const variant of queryVariants()) {
          const withQuery = `${url}?${variant.query}`;
          const response = await get(withQuery, cookie);
          seen.set(`${key} ?${variant.key}`, {
            url: withQuery,
            status: response.statusCode,
            body: response.body,
          });
        }
      }
      return bare;
    };
    for (const route of routes) {
      const params = route.url.match(/:[A-Za-z]+/g) ?? [];
      const isPublic = accessOf('GET', route.url) === 'public';
      if (params.length === 0) await visit({ key: route.url, url: route.url }, isPublic);
      if (params.length === 1) for (const name of names) await visit(fill(route.url, [name]), isPublic);
      if (params.length > 1) {
        const missing = randomUUID();
        for (const parent of names) {
          // Probe the parent with two children; skip it when it answers exactly like a parent that does not exist.
          let differs = false;
          for (const child of [parent, 'number']) {
            const rest = params.slice(1).map(() => child);
            const probe = await visit(fill(route.url, [parent, ...rest]));
            // Refused on the parent: no child changes that.
            if (probe.statusCode === 401 || probe.statusCode === 403) break;
            const absent = await get(fill(route.url, [missing, ...rest]).url, cookie);
            if (probe.statusCode !== absent.statusCode || probe.body !== absent.body) differs = true;
          }
          if (!differs) continue;
          for (let j = 1; j < params.length; j++) {
            for (const child of names) {
              await visit(
                fill(
                  route.url,
                  params.map((_, index) => (index === j ? child : parent)),
                ),
              );
            }
          }
        }
      }
    }
    return seen;
  }

  /** Ids and instants that legitimately change between two walks (rows the walk itself writes, e.g. audit). */
  function normalise(body: string, privateIds: string[]): string {
    let out = body;
    for (const id of privateIds) out = out.replaceAll(id, '<private-note-id>');
    // Serial ids of rows the walk itself wrote (the audit of an export) differ from one walk to the next.
    return out.replace(/"id":\d+/g, '"id":0');
  }

  function differences(before: Walk, after: Walk, beforeIds: string[], afterIds: string[]): string[] {
    const problems: string[] = [];
    for (const [key, seen] of after) {
      const earlier = before.get(key);
      if (!earlier) {
        problems.push(`${key}: answered ${seen.status} now, was not reachable before`);
        continue;
      }
      if (earlier.status !== seen.status) {
        problems.push(`${key}: status ${earlier.status} → ${seen.status}`);
        continue;
      }
      const a = normalise(earlier.body, beforeIds);
      const b = normalise(seen.body, afterIds);
      if (a !== b) {
        let at = 0;
        while (at < a.length && a[at] === b[at]) at++;
        problems.push(
          `${key}: body changed near …${a.slice(Math.max(0, at - 60), at + 60)}… → …${b.slice(Math.max(0, at - 60), at + 60)}…`,
        );
      }
    }
    for (const key of before.keys()) if (!after.has(key)) problems.push(`${key}: no longer reachable`);
    return problems;
  }

  function leaks(seen: Walk, secrets: string[]): string[] {
    const found: string[] = [];
    for (const [key, observation] of seen) {
      for (const secret of secrets) {
        // A response may echo an id the caller put in the URL's path; that reveals nothing.
        if (observation.url.split('?')[0]!.includes(secret)) continue;
        if (observation.body.includes(secret))
          found.push(`${key} (${observation.status}) contains ${secret}`);
      }
    }
    return found;
  }

  /** Rows the walk itself writes (an export is audited): removed so the next walk starts from the same state. */
  async function forgetAuditSince(ids: number[]) {
    await t.ctx.db.delete(auditLog).where(ids.length > 0 ? notInArray(auditLog.id, ids) : undefined);
  }

  before(async () => {
    t = await createTestApp();
    f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    adminWithPerson = await createMemberPerson(t.ctx.db, f.organisationId, { name: 'Ada Admin' }, 'admin');
    const db = t.ctx.db;
    const now = t.clock.now;
    // The pair has been meeting for 40 days: everything in the workspace exists, written straight into the tables.
    await db
      .update(relationships)
      .set({ startedAt: new Date(now.getTime() - 40 * DAY) })
      .where(eq(relationships.id, f.relationship.id));
    const [meeting] = await db
      .insert(meetings)
      .values({
        organisationId: f.organisationId,
        relationshipId: f.relationship.id,
        organiserPersonId: f.mentee.person.id,
        title: 'Career chat',
        startsAt: new Date(now.getTime() - 2 * DAY),
        durationMinutes: 45,
        timeZone: 'Europe/London',
        icsUid: `${randomUUID()}@trellis.test`,
        status: 'held',
        heldAt: new Date(now.getTime() - 2 * DAY),
      })
      .returning();
    meetingId = meeting!.id;
    const [goal] = await db
      .insert(goals)
      .values({
        organisationId: f.organisationId,
        relationshipId: f.relationship.id,
        title: 'Lead a project',
        createdByPersonId: f.mentee.person.id,
      })
      .returning();
    const [actionItem] = await db
      .insert(actionItems)
      .values({
        organisationId: f.organisationId,
        relationshipId: f.relationship.id,
        meetingId,
        title: 'Draft the proposal',
        ownerPersonId: f.mentee.person.id,
      })
      .returning();
    await db.insert(agreementVersions).values({
      organisationId: f.organisationId,
      relationshipId: f.relationship.id,
      version: 1,
      content: {
        goals: 'Grow',
        meetingFrequency: 'weekly',
        communicationModes: ['video'],
        confidentiality: 'Between us',
        groundRules: '',
        endDate: null,
      },
      editedByPersonId: f.mentee.person.id,
    });
    // Feedback whose comments the mentee did not share with anyone.
    await db.insert(meetingFeedback).values({
      organisationId: f.organisationId,
      relationshipId: f.relationship.id,
      meetingId,
      programId: f.program.id,
      personId: f.mentee.person.id,
      role: 'mentee',
      rating: 4,
      helped: ['advice'],
      comment: `${SURVEY_MARKER} meeting`,
      shareComment: false,
    });
    const checkIn = await t.app.inject({
      method: 'POST',
      url: `/api/relationships/${f.relationship.id}/surveys/check-in`,
      headers: { cookie: f.mentee.cookie },
      payload: { rating: 2, comment: `${SURVEY_MARKER} check-in`, shareComment: false },
    });
    assert.equal(checkIn.statusCode, 201, checkIn.body);
    // A shared note, which the partner must see (the walk's other positive control).
    const shared = await t.app.inject({
      method: 'POST',
      url: `/api/relationships/${f.relationship.id}/notes`,
      headers: { cookie: f.mentee.cookie },
      payload: { visibility: 'shared', body: 'A shared note both of us read', meetingId },
    });
    assert.equal(shared.statusCode, 201, shared.body);
    sharedNoteId = shared.json().id;

    // The author's group: another mentor leads it, with one more mentee; a held group meeting, a goal, a shared note.
    const groupMate = await createParticipant(db, f.program, 'mentee', { person: { name: 'Gus Groupmate' } });
    group = await createGroupRow(db, f.program, {
      name: 'Walk group',
      mentor: f.otherMentor,
      members: [f.mentee, groupMate],
      startedAt: new Date(now.getTime() - 40 * DAY),
    });
    const past = new Date(now.getTime() - 3 * DAY);
    const groupMeeting = await t.app.inject({
      method: 'POST',
      url: `/api/groups/${group.group.id}/meetings`,
      headers: { cookie: f.otherMentor.cookie },
      payload: {
        title: 'Group kick-off',
        date: past.toISOString().slice(0, 10),
        time: '10:00',
        timeZone: 'UTC',
        durationMinutes: 60,
      },
    });
    assert.equal(groupMeeting.statusCode, 201, groupMeeting.body);
    const attendance = await t.app.inject({
      method: 'POST',
      url: `/api/groups/${group.group.id}/meetings/${groupMeeting.json().id}/attendance`,
      headers: { cookie: f.otherMentor.cookie },
      payload: { attendance: group.members.map((m) => ({ personId: m.person.id, attended: true })) },
    });
    assert.equal(attendance.statusCode, 200, attendance.body);
    const groupGoal = await t.app.inject({
      method: 'POST',
      url: `/api/groups/${group.group.id}/goals`,
      headers: { cookie: groupMate.cookie },
      payload: { title: 'Present together' },
    });
    assert.equal(groupGoal.statusCode, 201, groupGoal.body);
    const groupShared = await t.app.inject({
      method: 'POST',
      url: `/api/groups/${group.group.id}/notes`,
      headers: { cookie: f.mentee.cookie },
      payload: {
        visibility: 'shared',
        body: 'A note the whole group reads',
        meetingId: groupMeeting.json().id,
      },
    });
    assert.equal(groupShared.statusCode, 201, groupShared.body);
    others.groupMentor = f.otherMentor.cookie;
    others.groupMate = groupMate.cookie;

    Object.assign(candidates, {
      group: group.group.id,
      groupMembership: group.members[0]!.relationship.id,
      groupMeeting: groupMeeting.json().id,
      groupMeetingRow: (
        await db.select().from(meetings).where(eq(meetings.groupMeetingId, groupMeeting.json().id))
      )[0]!.id,
      groupGoal: groupGoal.json().id,
      groupSharedNote: groupShared.json().id,
      groupPrivateNote: notYetWritten[2]!,
      relationship: f.relationship.id,
      program: f.program.id,
      author: f.mentee.person.id,
      partner: f.mentor.person.id,
      authorEnrolment: f.mentee.enrolment.id,
      authorUser: f.mentee.user.id,
      coordinator: f.coordinator.person.id,
      adminPerson: adminWithPerson.person.id,
      meeting: meetingId,
      goal: goal!.id,
      actionItem: actionItem!.id,
      checkIn: checkIn.json().checkIn.myAnswer.id,
      sharedNote: sharedNoteId,
      privateNote: notYetWritten[0]!,
      privateMeetingNote: notYetWritten[1]!,
      number: '1',
    });
  });
  after(() => t.close());

  it('shows the private note to its author only, leaving every other response unchanged', async () => {
    Object.assign(others, {
      partner: f.mentor.cookie,
      admin: f.admin.cookie,
      coordinator: f.coordinator.cookie,
      outsider: f.outsider.cookie,
      'another organisation’s admin': f.otherAdmin.cookie,
    });
    const auditBefore = (await t.ctx.db.select({ id: auditLog.id }).from(auditLog)).map((row) => row.id);

    // Before the note exists.
    const before = new Map<string, Walk>();
    for (const [name, cookie] of Object.entries(others)) before.set(name, await walk(cookie));
    const authorBefore = await walk(f.mentee.cookie, pairRoutes);
    await forgetAuditSince(auditBefore);

    // The author writes two private notes (one on the meeting) and edits one, through the API.
    const write = (payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/relationships/${f.relationship.id}/notes`,
        headers: { cookie: f.mentee.cookie },
        payload,
      });
    const plain = await write({ visibility: 'private', body: `Draft: ${NOTE_MARKER}` });
    assert.equal(plain.statusCode, 201, plain.body);
    const inMeeting = await write({ visibility: 'private', body: `Meeting: ${NOTE_MARKER}`, meetingId });
    assert.equal(inMeeting.statusCode, 201, inMeeting.body);
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/notes/${plain.json().id}`,
      headers: { cookie: f.mentee.cookie },
      payload: { body: `Thoughts about my mentor: ${NOTE_MARKER}` },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    // And a private note in the group, on its meeting, edited once.
    const inGroup = await t.app.inject({
      method: 'POST',
      url: `/api/groups/${group.group.id}/notes`,
      headers: { cookie: f.mentee.cookie },
      payload: { visibility: 'private', body: `Group: ${NOTE_MARKER}`, meetingId: candidates.groupMeeting },
    });
    assert.equal(inGroup.statusCode, 201, inGroup.body);
    const editedInGroup = await t.app.inject({
      method: 'PATCH',
      url: `/api/groups/${group.group.id}/notes/${inGroup.json().id}`,
      headers: { cookie: f.mentee.cookie },
      payload: { body: `About the group: ${NOTE_MARKER}` },
    });
    assert.equal(editedInGroup.statusCode, 200, editedInGroup.body);
    privateNoteIds = [plain.json().id, inMeeting.json().id, inGroup.json().id];
    candidates.privateNote = privateNoteIds[0]!;
    candidates.privateMeetingNote = privateNoteIds[1]!;
    candidates.groupPrivateNote = privateNoteIds[2]!;
    const placeholderIds = notYetWritten;

    // After: nobody else sees anything new, anywhere.
    for (const [name, cookie] of Object.entries(others)) {
      const after = await walk(cookie);
      assert.ok(after.size > 100, `${name}: the walk reached ${after.size} URLs`);
      assert.deepEqual(
        leaks(after, [NOTE_MARKER, ...privateNoteIds]),
        [],
        `${name} can read the private note`,
      );
      assert.deepEqual(leaks(after, [SURVEY_MARKER]), [], `${name} can read an unshared survey comment`);
      const changed = differences(before.get(name)!, after, placeholderIds, privateNoteIds);
      assert.deepEqual(changed.slice(0, 10), [], `${name} can tell that a private note was written`);
    }

    // Spelled out, whatever the walk finds: the admin's export of the author, the people search, the mailbox.
    for (const cookie of [f.admin.cookie, adminWithPerson.cookie]) {
      const exported = await get(`/api/people/${f.mentee.person.id}/export`, cookie);
      assert.equal(exported.statusCode, 200, exported.body);
      assert.ok(exported.body.includes(f.mentee.person.email), 'the export is of the author');
      assert.ok(!exported.body.includes(NOTE_MARKER), 'the export leaves private notes out');
      const search = await get(`/api/people?q=${encodeURIComponent(NOTE_MARKER)}`, cookie);
      assert.equal(search.statusCode, 200, search.body);
      assert.equal(search.json().total, 0);
      const mailbox = await get('/api/mailbox?pageSize=200', cookie);
      assert.equal(mailbox.statusCode, 200, mailbox.body);
      assert.ok(!mailbox.body.includes(NOTE_MARKER));
    }
    const staffNotes = await get(`/api/relationships/${f.relationship.id}/notes`, f.admin.cookie);
    assert.equal(staffNotes.statusCode, 404);

    // The partner does read the shared note; staff do not (the workspace is the pair's).
    const partnerNotes = await get(`/api/relationships/${f.relationship.id}/notes`, f.mentor.cookie);
    assert.equal(partnerNotes.statusCode, 200);
    assert.ok(partnerNotes.body.includes('A shared note both of us read'));
    assert.equal(partnerNotes.json().total, 1);

    // The author's walk finds the note and differs from before: the checks above can fail.
    const authorAfter = await walk(f.mentee.cookie, pairRoutes);
    const found = leaks(authorAfter, [NOTE_MARKER]);
    assert.ok(
      found.some((line) => line.startsWith('/api/relationships/:id/notes relationship')),
      `the author reads their private note: ${found.slice(0, 3).join('; ')}`,
    );
    assert.ok(leaks(authorAfter, [SURVEY_MARKER]).length > 0, 'the author reads their own survey comment');
    assert.ok(differences(authorBefore, authorAfter, placeholderIds, privateNoteIds).length > 0);
    const authorNotes = await get(`/api/relationships/${f.relationship.id}/notes`, f.mentee.cookie);
    assert.equal(authorNotes.json().total, 3);
    assert.ok(
      found.some((line) => line.startsWith('/api/groups/:id/notes group')),
      `the author reads their private group note: ${found.slice(0, 3).join('; ')}`,
    );
    // The group reads its shared note; the other members and staff never the private one.
    const mateNotes = await get(`/api/groups/${group.group.id}/notes`, others.groupMate!);
    assert.equal(mateNotes.statusCode, 200);
    assert.equal(mateNotes.json().total, 1);
    assert.ok(mateNotes.body.includes('A note the whole group reads'));
    assert.equal((await get(`/api/groups/${group.group.id}/notes`, f.admin.cookie)).statusCode, 404);
  });
});
