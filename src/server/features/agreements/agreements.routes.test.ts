import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { agreementVersions, auditLog, notifications, workspaceActivity } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  createWorkspaceFixture,
  setRelationshipStatus,
  type WorkspaceFixture,
} from '../../testing/workspace-factories.ts';

const content = {
  goals: 'Get ready to lead the platform team by the summer.',
  meetingFrequency: 'weekly',
  communicationModes: ['video', 'in_person'],
  confidentiality: 'Between us.',
  groundRules: 'Be on time.',
  endDate: '2027-01-31',
};

describe('agreements API', () => {
  let t: TestApp;
  let f: WorkspaceFixture;

  const call: TestApp['call'] = (...args) => t.call(...args);
  const pairUrl = (fixture: WorkspaceFixture = f) =>
    `/api/relationships/${fixture.relationship.id}/agreement`;
  const templateUrl = (fixture: WorkspaceFixture = f) =>
    `/api/programs/${fixture.program.id}/agreement-template`;
  const notesOf = (personId: string, kind: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, personId), eq(notifications.kind, kind)));

  before(async () => {
    t = await createTestApp();
    f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
  });
  after(() => t.close());

  describe('program template', () => {
    it('serves a useful default until staff write one, to staff and the program’s participants', async () => {
      for (const cookie of [f.admin.cookie, f.coordinator.cookie, f.mentor.cookie, f.otherMentee.cookie]) {
        const res = await call('GET', templateUrl(), cookie);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.equal(body.isDefault, true);
        assert.equal(body.content.meetingFrequency, 'fortnightly');
        assert.deepEqual(body.content.communicationModes, ['video', 'chat']);
        assert.match(
          body.content.confidentiality,
          /stays between us unless we both agree or someone is at risk/,
        );
        assert.match(body.content.groundRules, /prepared/i);
        assert.equal(body.content.endDate, null);
      }
    });

    it('refuses colleagues outside the program and other organisations', async () => {
      assert.equal((await call('GET', templateUrl(), f.outsider.cookie)).statusCode, 403);
      assert.equal((await call('GET', templateUrl(), f.member.cookie)).statusCode, 403);
      assert.equal((await call('GET', templateUrl(), f.otherAdmin.cookie)).statusCode, 404);
      assert.equal((await call('GET', templateUrl(), undefined)).statusCode, 401);
    });

    it('lets the coordinator save a template, audits it, and refuses participants and outsiders', async () => {
      const own = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
      const template = { ...content, endDate: null, goals: 'Pick one stretch goal.' };
      for (const cookie of [own.mentor.cookie, own.mentee.cookie, own.outsider.cookie]) {
        assert.equal((await call('PUT', templateUrl(own), cookie, { content: template })).statusCode, 403);
      }
      assert.equal(
        (await call('PUT', templateUrl(own), own.otherAdmin.cookie, { content: template })).statusCode,
        404,
      );
      const res = await call('PUT', templateUrl(own), own.coordinator.cookie, { content: template });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { content: template, isDefault: false });
      const read = await call('GET', templateUrl(own), own.mentee.cookie);
      assert.deepEqual(read.json(), { content: template, isDefault: false });
      const audits = await t.ctx.db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.targetId, own.program.id),
            eq(auditLog.action, 'program.agreement_template_updated'),
          ),
        );
      assert.equal(audits.length, 1);
      assert.equal(audits[0]?.actorUserId, own.coordinator.user.id);
      // A new pair's draft starts from it.
      const draft = (await call('GET', pairUrl(own), own.mentee.cookie)).json();
      assert.equal(draft.content.goals, 'Pick one stretch goal.');
    });

    it('names the field of a bad template', async () => {
      const res = await call('PUT', templateUrl(), f.admin.cookie, {
        content: { ...content, meetingFrequency: 'hourly' },
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /body\.content\.meetingFrequency/);
      const missing = await call('PUT', templateUrl(), f.admin.cookie, { content: { goals: 'x' } });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /body\.content\./);
    });
  });

  describe('pair agreement', () => {
    it('starts as a draft from the template, ending when the program says relationships end', async () => {
      const res = await call('GET', pairUrl(), f.mentee.cookie);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.version, 0);
      assert.equal(body.status, 'draft');
      assert.equal(body.myRole, 'mentee');
      assert.deepEqual(body.availableActions, ['edit', 'sign']);
      assert.deepEqual(body.versions, []);
      const start = new Date(f.relationship.startedAt ?? f.relationship.createdAt);
      const expected = new Date(start);
      expected.setUTCDate(1);
      expected.setUTCMonth(expected.getUTCMonth() + f.program.relationshipMonths);
      assert.equal(body.content.endDate.slice(0, 7), expected.toISOString().slice(0, 7));
    });

    it('refuses staff, outsiders, the other pair and other organisations with 404', async () => {
      for (const cookie of [
        f.admin.cookie,
        f.coordinator.cookie,
        f.outsider.cookie,
        f.otherMentor.cookie,
        f.otherAdmin.cookie,
      ]) {
        assert.equal((await call('GET', pairUrl(), cookie)).statusCode, 404);
        assert.equal((await call('PUT', pairUrl(), cookie, { content })).statusCode, 404);
        assert.equal((await call('POST', `${pairUrl()}/sign`, cookie, { version: 0 })).statusCode, 404);
        assert.equal((await call('GET', `${pairUrl()}/versions/1`, cookie)).statusCode, 404);
      }
      assert.equal((await call('GET', pairUrl(), undefined)).statusCode, 401);
    });

    it('numbers versions, asks both to sign again after an edit, and records the signing', async () => {
      const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
      const first = await call('PUT', pairUrl(p), p.mentee.cookie, { content });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().version, 1);
      assert.equal(first.json().status, 'draft');
      assert.equal(first.json().editedBy.name, 'Ivy Mentee');
      // The partner is asked to sign, with a link to the agreement; the editor is not told of their own edit.
      const told = await notesOf(p.mentor.person.id, 'agreement_to_sign');
      assert.equal(told.length, 1);
      assert.equal(told[0]?.title, 'Ivy Mentee edited your mentoring agreement: it is ready for you to sign');
      assert.match(told[0]!.body, /Read version 1 and sign it/);
      assert.equal(told[0]?.link, `/mentoring/relationships/${p.relationship.id}/agreement`);
      assert.deepEqual(told[0]?.emailExtras, {
        programId: p.program.id,
        actionLabel: 'Read and sign the agreement',
      });
      assert.equal((await notesOf(p.mentee.person.id, 'agreement_to_sign')).length, 0);

      const mentorSigns = await call('POST', `${pairUrl(p)}/sign`, p.mentor.cookie, { version: 1 });
      // Signed by one: the other is asked for theirs.
      const yourTurn = await notesOf(p.mentee.person.id, 'agreement_to_sign');
      assert.equal(yourTurn.length, 1);
      assert.equal(yourTurn[0]?.title, 'Maya Mentor signed your mentoring agreement: your signature is next');
      assert.equal(mentorSigns.statusCode, 200, mentorSigns.body);
      assert.equal(mentorSigns.json().status, 'awaiting_mentee');
      assert.deepEqual(mentorSigns.json().availableActions, ['edit']);
      const again = await call('POST', `${pairUrl(p)}/sign`, p.mentor.cookie, { version: 1 });
      assert.equal(again.statusCode, 409);

      // The mentee edits before signing: a new unsigned version, the mentor's signature does not carry over.
      const edited = await call('PUT', pairUrl(p), p.mentee.cookie, {
        content: { ...content, groundRules: 'Be on time. Cameras on.' },
      });
      assert.equal(edited.json().version, 2);
      assert.equal(edited.json().status, 'draft');
      assert.deepEqual(edited.json().signatures, { mentorSignedAt: null, menteeSignedAt: null });
      const stale = await call('POST', `${pairUrl(p)}/sign`, p.mentee.cookie, { version: 1 });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.details.currentVersion, 2);

      assert.equal(
        (await call('POST', `${pairUrl(p)}/sign`, p.mentee.cookie, { version: 2 })).json().status,
        'awaiting_mentor',
      );
      const signed = await call('POST', `${pairUrl(p)}/sign`, p.mentor.cookie, { version: 2 });
      assert.equal(signed.json().status, 'signed');
      assert.ok(signed.json().signatures.mentorSignedAt);
      assert.ok(signed.json().signatures.menteeSignedAt);
      assert.deepEqual(
        signed.json().versions.map((v: { version: number; signed: boolean }) => [v.version, v.signed]),
        [
          [2, true],
          [1, false],
        ],
      );
      const activity = await t.ctx.db
        .select()
        .from(workspaceActivity)
        .where(
          and(
            eq(workspaceActivity.relationshipId, p.relationship.id),
            eq(workspaceActivity.kind, 'agreement_signed'),
          ),
        );
      assert.equal(activity.length, 1);
      for (const person of [p.mentor.person.id, p.mentee.person.id]) {
        const notes = await notesOf(person, 'agreement_signed');
        assert.ok(notes.some((n) => n.title === 'Your mentoring agreement is signed'));
      }

      // An edit after signing asks both to sign again.
      const afterSigning = await call('PUT', pairUrl(p), p.mentor.cookie, {
        content: { ...content, meetingFrequency: 'monthly' },
      });
      assert.equal(afterSigning.json().version, 3);
      assert.equal(afterSigning.json().status, 'draft');
      assert.deepEqual(afterSigning.json().availableActions, ['edit', 'sign']);
      const menteeNotes = await notesOf(p.mentee.person.id, 'agreement_to_sign');
      const signAgain = menteeNotes.find((n) => /sign version 3 again/.test(n.body));
      assert.ok(signAgain);
      assert.equal(
        signAgain.title,
        'Maya Mentor changed your signed mentoring agreement: please sign it again',
      );
      assert.equal(signAgain.dedupeKey, `agreement:${p.relationship.id}:v3:to-sign:${p.mentee.person.id}`);

      // Past versions stay readable as they were.
      const past = await call('GET', `${pairUrl(p)}/versions/2`, p.mentee.cookie);
      assert.equal(past.statusCode, 200, past.body);
      assert.equal(past.json().content.groundRules, 'Be on time. Cameras on.');
      assert.ok(past.json().signatures.mentorSignedAt);
      assert.equal((await call('GET', `${pairUrl(p)}/versions/9`, p.mentee.cookie)).statusCode, 404);
    });

    it('saving the same content again keeps the version and its signatures', async () => {
      const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
      await call('PUT', pairUrl(p), p.mentee.cookie, { content });
      await call('POST', `${pairUrl(p)}/sign`, p.mentee.cookie, { version: 1 });
      const same = await call('PUT', pairUrl(p), p.mentor.cookie, { content });
      assert.equal(same.json().version, 1);
      assert.equal(same.json().status, 'awaiting_mentor');
    });

    it('signing the never-saved draft saves it as version 1 first', async () => {
      const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
      const res = await call('POST', `${pairUrl(p)}/sign`, p.mentor.cookie, { version: 0 });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().version, 1);
      assert.equal(res.json().status, 'awaiting_mentee');
      assert.equal(res.json().versions.length, 1);
      // The draft is gone once saved: signing "version 0" again is stale.
      assert.equal(
        (await call('POST', `${pairUrl(p)}/sign`, p.mentee.cookie, { version: 0 })).statusCode,
        409,
      );
    });

    it('never gives two simultaneous edits the same version number', async () => {
      const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          call('PUT', pairUrl(p), i % 2 ? p.mentor.cookie : p.mentee.cookie, {
            content: { ...content, goals: `Goal draft ${i}` },
          }),
        ),
      );
      for (const res of results) assert.ok([200, 409].includes(res.statusCode), res.body);
      const rows = await t.ctx.db
        .select({ version: agreementVersions.version })
        .from(agreementVersions)
        .where(eq(agreementVersions.relationshipId, p.relationship.id));
      const numbers = rows.map((r) => r.version).sort((a, b) => a - b);
      assert.deepEqual(
        numbers,
        numbers.map((_, i) => i + 1),
      );
      assert.equal(numbers.length, results.filter((r) => r.statusCode === 200).length);
    });

    it('names the field of bad input', async () => {
      const bad = await call('PUT', pairUrl(), f.mentor.cookie, {
        content: { ...content, communicationModes: ['pigeon'] },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /body\.content\.communicationModes/);
      const badDate = await call('PUT', pairUrl(), f.mentor.cookie, {
        content: { ...content, endDate: '2027-13-45' },
      });
      assert.equal(badDate.statusCode, 400);
      assert.match(badDate.body, /body\.content\.endDate/);
      const beforeStart = await call('PUT', pairUrl(), f.mentor.cookie, {
        content: { ...content, endDate: '2001-01-01' },
      });
      assert.equal(beforeStart.statusCode, 400);
      assert.match(beforeStart.body, /body\.content\.endDate/);
      const sign = await call('POST', `${pairUrl()}/sign`, f.mentor.cookie, { version: 'latest' });
      assert.equal(sign.statusCode, 400);
      assert.match(sign.body, /body\.version/);
    });

    it('stays readable but read-only after the relationship ends', async () => {
      const p = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
      await call('PUT', pairUrl(p), p.mentee.cookie, { content });
      await setRelationshipStatus(t.ctx.db, p.relationship.id, 'completed');
      const read = await call('GET', pairUrl(p), p.mentor.cookie);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().readOnly, true);
      assert.deepEqual(read.json().availableActions, []);
      assert.equal((await call('GET', `${pairUrl(p)}/versions/1`, p.mentor.cookie)).statusCode, 200);
      assert.equal((await call('PUT', pairUrl(p), p.mentor.cookie, { content })).statusCode, 409);
      assert.equal(
        (await call('POST', `${pairUrl(p)}/sign`, p.mentor.cookie, { version: 1 })).statusCode,
        409,
      );
    });
  });
});
