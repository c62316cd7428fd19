import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { and, eq, like, sql } from 'drizzle-orm';
import { notifications, scheduledMessages } from '../../db/schema.ts';
import {
  createNudgeFixture,
  createPair,
  insertAgreementVersion,
  insertMeeting,
} from '../../testing/nudge-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { type TestDatabase, testDbKind } from '../../testing/test-database.ts';
import { runMessageTick } from './nudges.service.ts';

/**
 * Each cause is sent once (issue 11), proved with real processes: two app processes on one PostgreSQL database run
 * a tick at the same moment, then a third one starts ("after a restart") and ticks again. Every cause must have
 * exactly one sent row and one notice, and the processes together must report each send once.
 */

const DAY = 24 * 3_600_000;
const T0 = new Date('2026-03-02T10:00:00Z');
const script = path.join(import.meta.dirname, 'testing', 'run-tick.ts');

interface TickResult {
  programs: number;
  scheduled: number;
  cancelled: number;
  sent: number;
}

function runTickProcess(url: string, now: Date, startAt: number): Promise<TickResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        TRELLIS_NOW: now.toISOString(),
        TRELLIS_START_AT: String(startAt),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`tick process exited with ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as TickResult);
    });
  });
}

describe('message tick across processes', { skip: testDbKind !== 'postgres' && 'PostgreSQL only' }, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('two processes ticking at once, then a third after a restart, send every cause exactly once', async (test) => {
    t.clock.now = T0;
    const f = await createNudgeFixture(t.ctx.db, { now: T0 });
    // 20 new pairs: no first meeting and the unsigned agreement fall due on day 7, for both sides.
    for (let k = 1; k < 20; k++) await createPair(t.ctx.db, f.program, T0);
    // 20 pairs that met two weeks before T0 and signed: quiet for 21 days on day 7.
    const metAt = new Date(T0.getTime() - 14 * DAY);
    for (let k = 0; k < 20; k++) {
      const { relationship } = await createPair(t.ctx.db, f.program, metAt);
      await insertMeeting(t.ctx.db, relationship, { startsAt: metAt, at: metAt, status: 'held' });
      await insertAgreementVersion(t.ctx.db, relationship, {
        version: 1,
        at: metAt,
        mentorSignedAt: metAt,
        menteeSignedAt: metAt,
      });
    }
    // PostgreSQL test databases carry their URL, for other processes to connect to.
    const url = (t.database as TestDatabase).url!;
    const due = new Date(T0.getTime() + 7 * DAY);

    // Planned a minute before, so both processes find the same committed rows due and compete to send them.
    t.clock.now = new Date(due.getTime() - 60_000);
    const planned = await runMessageTick(t.ctx, { organisationId: f.organisationId });
    assert.equal(planned.sent, 0);
    assert.ok(planned.scheduled > 120, 'also what falls due later (quiet pairs, check-ins)');

    const startAt = Date.now() + 6000;
    const [first, second] = await Promise.all([
      runTickProcess(url, due, startAt),
      runTickProcess(url, due, startAt),
    ]);
    const restarted = await runTickProcess(url, new Date(due.getTime() + 10 * 60_000), 0);

    const sent = await t.ctx.db
      .select({ causeKey: scheduledMessages.causeKey, kind: scheduledMessages.kind })
      .from(scheduledMessages)
      .where(
        and(eq(scheduledMessages.organisationId, f.organisationId), eq(scheduledMessages.status, 'sent')),
      );
    // 20 × 2 sides × (no first meeting + agreement) and 20 × 2 sides × quiet pair.
    assert.equal(sent.length, 120);
    assert.equal(new Set(sent.map((row) => row.causeKey)).size, 120);
    assert.equal(
      first.sent + second.sent + restarted.sent,
      120,
      JSON.stringify({ first, second, restarted }),
    );
    assert.equal(restarted.sent, 0);
    test.diagnostic(
      `sent by the two processes: ${first.sent} + ${second.sent}; after the restart: ${restarted.sent}`,
    );

    const notices = await t.ctx.db
      .select({ dedupeKey: notifications.dedupeKey, kind: notifications.kind })
      .from(notifications)
      .where(
        and(eq(notifications.organisationId, f.organisationId), like(notifications.dedupeKey, 'nudge:%')),
      );
    assert.equal(notices.length, 120);
    assert.deepEqual(
      notices.map((n) => n.dedupeKey).sort(),
      sent.map((row) => `nudge:${row.causeKey}`).sort(),
      'one notice per cause, and none without a sent cause',
    );
    const [waiting] = await t.ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(scheduledMessages)
      .where(
        and(
          eq(scheduledMessages.organisationId, f.organisationId),
          eq(scheduledMessages.status, 'scheduled'),
          sql`${scheduledMessages.sendAt} <= ${due}`,
        ),
      );
    assert.equal(waiting!.n, 0, 'nothing due was left behind');
  });
});
