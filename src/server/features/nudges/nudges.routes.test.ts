import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type {
  ProgramMessageSettings,
  ScheduledMessagesPage,
  SentMessagesPage,
} from '../../../contracts/messages.contracts.ts';
import { auditLog, programMessageSettings } from '../../db/schema.ts';
import { createNudgeFixture } from '../../testing/nudge-factories.ts';
import { createTestApp, issuePaths, type TestApp } from '../../testing/test-app.ts';
import { emailPendingNotices } from '../messages/messages.service.ts';
import { runMessageTick } from './nudges.service.ts';

// The staff's side of reminders and nudges: a program's settings (overrides only, validated, audited), what is
// scheduled in the next 30 days and what was sent; program staff only, another organisation sees nothing.

const DAY = 24 * 3_600_000;
const T0 = new Date('2026-03-02T10:00:00Z');

let t: TestApp;
let f: Awaited<ReturnType<typeof createNudgeFixture>>;
before(async () => {
  t = await createTestApp();
  t.clock.now = T0;
  f = await createNudgeFixture(t.ctx.db, { now: T0 });
});
after(async () => {
  await t.close();
});

const settingsUrl = () => `/api/programs/${f.program.id}/message-settings`;

async function storedSettings() {
  const [row] = await t.ctx.db
    .select()
    .from(programMessageSettings)
    .where(eq(programMessageSettings.programId, f.program.id));
  return row ? { nudges: row.nudges, pausedKinds: row.pausedKinds } : null;
}

describe('program message settings', () => {
  it('shows every kind with its defaults to the program’s staff', async () => {
    const res = await t.call('GET', settingsUrl(), f.coordinator.cookie);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as ProgramMessageSettings;
    assert.equal(body.quietDaysFromCadence, 21);
    assert.equal(body.kinds.length, 11);
    const quiet = body.kinds.find((k) => k.kind === 'quiet_pair')!;
    assert.deepEqual(
      { enabled: quiet.enabled, paused: quiet.paused, values: quiet.values, label: quiet.label },
      { enabled: true, paused: false, values: { days: null }, label: 'Quiet pair' },
    );
    const closure = body.kinds.find((k) => k.kind === 'inactive_closure')!;
    assert.equal(closure.enabled, false);
    assert.deepEqual(closure.defaults, { enabled: false, days: 90, noticeDays: 7 });
    assert.deepEqual(body.kinds.find((k) => k.kind === 'meeting_reminder')!.values, { hoursBefore: [24, 1] });
    assert.ok(body.kinds.every((k) => k.description.length > 20));
  });

  it('stores only what differs from the defaults, keeps earlier changes, and audits each change', async () => {
    const res = await t.call('PUT', settingsUrl(), f.coordinator.cookie, {
      nudges: { quiet_pair: { days: 14 }, no_first_meeting: { days: 7 } },
      pausedKinds: ['escalation'],
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as ProgramMessageSettings;
    assert.deepEqual(body.kinds.find((k) => k.kind === 'quiet_pair')!.values, { days: 14 });
    assert.equal(body.kinds.find((k) => k.kind === 'escalation')!.paused, true);
    assert.deepEqual(await storedSettings(), {
      nudges: { quiet_pair: { days: 14 } },
      pausedKinds: ['escalation'],
    });

    // Another field: the earlier change stays; pauses not given stay as they are.
    await t.call('PUT', settingsUrl(), f.coordinator.cookie, {
      nudges: { meeting_reminder: { hoursBefore: [48, 2] } },
    });
    assert.deepEqual(await storedSettings(), {
      nudges: { quiet_pair: { days: 14 }, meeting_reminder: { hoursBefore: [48, 2] } },
      pausedKinds: ['escalation'],
    });
    // Back to the default clears the override.
    await t.call('PUT', settingsUrl(), f.admin.cookie, {
      nudges: { quiet_pair: { days: null }, meeting_reminder: { hoursBefore: [24, 1] } },
      pausedKinds: [],
    });
    assert.deepEqual(await storedSettings(), { nudges: {}, pausedKinds: [] });
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.organisationId, f.organisationId),
          eq(auditLog.action, 'program.message_settings_updated'),
        ),
      );
    assert.equal(audits.length, 3);
    assert.equal(audits[0]!.targetId, f.program.id);
  });

  it('refuses bad values with a 400 naming the field, and writes nothing', async () => {
    await t.call('PUT', settingsUrl(), f.coordinator.cookie, { nudges: { quiet_pair: { days: 30 } } });
    const before = await storedSettings();
    const cases: [unknown, string][] = [
      [{ nudges: { no_first_meeting: { days: 0 } } }, 'body.nudges.no_first_meeting.days'],
      [{ nudges: { quiet_pair: { days: 999 } } }, 'body.nudges.quiet_pair.days'],
      [{ nudges: { quiet_pair: { enabled: 'yes' } } }, 'body.nudges.quiet_pair.enabled'],
      [{ nudges: { meeting_reminder: { hoursBefore: [1, 1] } } }, 'body.nudges.meeting_reminder.hoursBefore'],
      [{ nudges: { inactive_closure: { days: 5 } } }, 'body.nudges.inactive_closure.days'],
      [{ pausedKinds: ['whenever'] }, 'body.pausedKinds.0'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.call('PUT', settingsUrl(), f.coordinator.cookie, payload);
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
      assert.deepEqual(issuePaths(res), [field]);
    }
    const unknown = await t.call('PUT', settingsUrl(), f.coordinator.cookie, { nudges: { sometimes: {} } });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(await storedSettings(), before);
    await t.call('PUT', settingsUrl(), f.coordinator.cookie, { nudges: { quiet_pair: { days: null } } });
  });

  it('refuses members, coordinators of other programs (403), another organisation (404) and the signed out (401)', async () => {
    const urls: ['GET' | 'PUT', string, unknown?][] = [
      ['GET', settingsUrl()],
      ['PUT', settingsUrl(), { pausedKinds: ['quiet_pair'] }],
      ['GET', `/api/programs/${f.program.id}/messages/scheduled`],
      ['GET', `/api/programs/${f.program.id}/messages/sent`],
    ];
    const before = await storedSettings();
    for (const [method, url, payload] of urls) {
      assert.equal((await t.call(method, url, undefined, payload)).statusCode, 401, url);
      assert.equal((await t.call(method, url, f.member.cookie, payload)).statusCode, 403, url);
      assert.equal((await t.call(method, url, f.mentor.cookie, payload)).statusCode, 403, url);
      assert.equal((await t.call(method, url, f.otherCoordinator.cookie, payload)).statusCode, 403, url);
      const other = await t.call(method, url, f.otherAdmin.cookie, payload);
      assert.equal(other.statusCode, 404, url);
      assert.equal(other.json().error.code, 'not_found');
    }
    assert.deepEqual(await storedSettings(), before);
  });
});

describe('scheduled and sent messages of a program', () => {
  it('lists what goes out in the next 30 days, soonest first, with who, why and whether paused, in pages and by kind', async () => {
    t.clock.now = T0;
    await runMessageTick(t.ctx, { organisationId: f.organisationId });
    const res = await t.call(
      'GET',
      `/api/programs/${f.program.id}/messages/scheduled?pageSize=50`,
      f.coordinator.cookie,
    );
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json() as ScheduledMessagesPage;
    // No first meeting and agreement (day 7), quiet pair (day 21), to both; the check-in (day 33) is further off.
    assert.equal(page.total, 6);
    const kinds = page.items.map((item) => item.kind);
    assert.deepEqual(
      [...kinds.slice(0, 4).sort(), ...kinds.slice(4)],
      [
        'agreement_unsigned',
        'agreement_unsigned',
        'no_first_meeting',
        'no_first_meeting',
        'quiet_pair',
        'quiet_pair',
      ],
    );
    const sorted = page.items.map((item) => item.sendAt);
    assert.deepEqual(sorted, [...sorted].sort());
    const quiet = page.items.find((item) => item.kind === 'quiet_pair')!;
    assert.equal(quiet.kindLabel, 'Quiet pair');
    assert.equal(quiet.reason, 'No meeting since the start on 2 Mar 2026 (21 days)');
    assert.equal(quiet.relationshipId, f.relationship.id);
    assert.equal(quiet.paused, false);
    assert.ok(['Maya Mentor', 'Ivy Mentee'].includes(quiet.recipientName));

    const second = await t.call(
      'GET',
      `/api/programs/${f.program.id}/messages/scheduled?page=2&pageSize=4`,
      f.coordinator.cookie,
    );
    assert.deepEqual(
      (second.json() as ScheduledMessagesPage).items.map((item) => item.kind),
      ['quiet_pair', 'quiet_pair'],
    );
    const byKind = await t.call(
      'GET',
      `/api/programs/${f.program.id}/messages/scheduled?kind=no_first_meeting`,
      f.admin.cookie,
    );
    assert.equal((byKind.json() as ScheduledMessagesPage).total, 2);
    const bad = await t.call(
      'GET',
      `/api/programs/${f.program.id}/messages/scheduled?kind=often`,
      f.admin.cookie,
    );
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(issuePaths(bad), ['querystring.kind']);
  });

  it('lists the emails sent about the program from the outbox, newest first', async () => {
    t.clock.now = new Date(T0.getTime() + 7 * DAY);
    await runMessageTick(t.ctx, { organisationId: f.organisationId });
    await emailPendingNotices(t.ctx, f.organisationId);
    const res = await t.call('GET', `/api/programs/${f.program.id}/messages/sent`, f.coordinator.cookie);
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json() as SentMessagesPage;
    assert.equal(page.total, 4);
    const nudge = page.items.find(
      (item) => item.kind === 'no_first_meeting' && item.recipientName === 'Maya Mentor',
    );
    assert.ok(nudge, JSON.stringify(page.items));
    assert.equal(nudge.subject, 'Time to plan your first meeting with Ivy');
    assert.equal(nudge.toAddress, f.mentor.person.email);
    // Another program's staff list nothing of this one.
    const other = await t.call(
      'GET',
      `/api/programs/${f.otherProgram.id}/messages/sent`,
      f.otherCoordinator.cookie,
    );
    assert.equal((other.json() as SentMessagesPage).total, 0);
  });
});
