import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import ical from 'node-ical';
import { SMTPServer } from 'smtp-server';
import { buildMeetingIcs } from '../../../core/workspace/ics.ts';
import { outbox } from '../../db/schema.ts';
import { builtInJobHandlers } from '../../jobs/job-handlers.ts';
import { type JobRunner, startJobRunner } from '../../jobs/job-runner.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { createOrganisation, createSignedInUser } from '../../testing/factories.ts';
import { createMemberPerson } from '../../testing/relationship-factories.ts';
import { createTestApp, sessionCookieFrom, type TestApp } from '../../testing/test-app.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { enqueueEmail, renderNoticeEmail } from './mail.service.ts';
import { deliverEmailJob } from './mail-delivery.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const received: Received[] = [];
let refuse: string | null = null;
const server = new SMTPServer({
  authOptional: true,
  // Plain SMTP on loopback: the test server's self-signed certificate would (rightly) fail verification.
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (refuse) return callback(new Error(refuse));
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});

let t: TestApp;
let runner: JobRunner;
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Trellis <trellis@acme.test>' });
  runner = startJobRunner(t.ctx, { pollIntervalMs: 20, backoffBaseMs: 1000, handlers: builtInJobHandlers });
});
after(async () => {
  await runner.stop();
  await t.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Headers unfolded, quoted-printable soft line breaks removed: enough to read a subject and a link. */
function readable(raw: string) {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const headers = head.replace(/\r\n[ \t]+/g, ' ');
  const subject = headers.match(/^Subject: (.*)$/m)?.[1];
  const body = rest.join('\r\n\r\n').replace(/=\r\n/g, '');
  return { subject, body };
}

interface MimePart {
  headers: Map<string, string>;
  /** The decoded body of a leaf part; empty for a multipart. */
  body: string;
  parts: MimePart[];
}

function decodeQuotedPrintable(text: string): string {
  const soft = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Just enough MIME (RFC 2045/2046) to read back what nodemailer wrote: headers, nested multiparts, QP and base64. */
function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = (split < 0 ? raw : raw.slice(0, split)).replace(/\r\n[ \t]+/g, ' ');
  const rest = split < 0 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = type.match(/boundary="?([^";]+)"?/i)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const sections = rest.split(`--${boundary}`).slice(1);
    const parts = sections
      .filter((section) => !section.startsWith('--'))
      .map((section) => parseMime(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    return { headers, body: '', parts };
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const body =
    encoding === 'base64'
      ? Buffer.from(rest.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(rest)
        : rest;
  return { headers, body, parts: [] };
}

/** Every leaf part, depth first. */
function leaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}

async function eventually<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what: string,
) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('email through an SMTP server', () => {
  test('an invitation arrives at the right address with a link that works', async () => {
    const org = await createOrganisation(t.ctx.db, { name: 'Acme' });
    const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin', name: 'Ada' });
    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/users/invitations',
      headers: { cookie: admin.cookie },
      payload: { email: 'grace@acme.test', name: 'Grace' },
    });
    assert.equal(invite.statusCode, 201, invite.body);

    const message = await eventually(
      () => received.find((m) => m.to.includes('grace@acme.test')),
      'the email',
    );
    assert.deepEqual(message.to, ['grace@acme.test']);
    assert.equal(message.from, 'trellis@acme.test');
    const { subject, body } = readable(message.raw);
    assert.equal(subject, 'Ada invited you to join Acme on Trellis');
    const link = body.match(/(http:\/\/localhost:3000\/invitations\/([A-Za-z0-9_-]+))/);
    assert.ok(link, body);

    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/auth/invitations/accept',
      payload: { token: link[2], password: 'grace chose this passphrase' },
    });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().email, 'grace@acme.test');
    assert.equal(accepted.json().organisation.name, 'Acme');
    sessionCookieFrom(accepted);

    const [row] = await t.ctx.db.select().from(outbox).where(eq(outbox.toAddress, 'grace@acme.test'));
    assert.equal(row!.status, 'sent');
    assert.ok(row!.sentAt);
    assert.equal(received.filter((m) => m.to.includes('grace@acme.test')).length, 1, 'sent once');
  });

  test('a password reset link delivered by email is hidden from the mailbox', async () => {
    const org = await createOrganisation(t.ctx.db);
    const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin' });
    const member = await createSignedInUser(t.ctx.db, org.id, {
      passwordHash: await hashPassword('old passphrase!'),
    });
    const request = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: member.user.email },
    });
    assert.equal(request.statusCode, 202);
    const message = await eventually(
      () => received.find((m) => m.to.includes(member.user.email)),
      'the email',
    );
    const { subject, body } = readable(message.raw);
    assert.equal(subject, 'Reset your Trellis password');
    assert.match(body, /\/reset-password\/[A-Za-z0-9_-]{20,}/);

    const [row] = await eventually(async () => {
      const rows = await t.ctx.db.select().from(outbox).where(eq(outbox.toAddress, member.user.email));
      return rows[0]?.status === 'sent' && rows;
    }, 'sent status');
    const shown = await t.app.inject({
      method: 'GET',
      url: `/api/mailbox/${row!.id}`,
      headers: { cookie: admin.cookie },
    });
    assert.equal(shown.statusCode, 200);
    assert.doesNotMatch(shown.body, /reset-password\//);
    assert.equal(shown.json().linkHidden, true);
  });

  test("an admin's reset of an account is emailed to its owner, not shown to the admin", async () => {
    const org = await createOrganisation(t.ctx.db, { name: 'Acme' });
    const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin', name: 'Ada' });
    const member = await createSignedInUser(t.ctx.db, org.id, {
      passwordHash: await hashPassword('old passphrase!'),
    });
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/users/${member.user.id}/password-reset`,
      headers: { cookie: admin.cookie },
    });
    assert.equal(reset.statusCode, 200, reset.body);
    assert.deepEqual(reset.json(), { delivery: 'email', link: null });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: member.cookie } });
    assert.equal(me.statusCode, 401, 'signed out everywhere');

    const message = await eventually(
      () => received.find((m) => m.to.includes(member.user.email)),
      'the email',
    );
    const { subject, body } = readable(message.raw);
    assert.equal(subject, 'Reset your Trellis password');
    assert.match(body, /Ada reset the password/);
    const token = body.match(/\/reset-password\/([A-Za-z0-9_-]{20,})/)![1]!;
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'a new passphrase of mine' },
    });
    assert.equal(confirm.statusCode, 204);
  });

  test('with SMTP an invitation link goes by email only: the admin is not shown it', async () => {
    const org = await createOrganisation(t.ctx.db);
    const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin' });
    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/users/invitations',
      headers: { cookie: admin.cookie },
      payload: { email: 'emailed-only@acme.test' },
    });
    assert.equal(invite.statusCode, 201);
    assert.equal(invite.json().invitationLink, null);
  });

  test('a refused message stays pending with the error and is retried later', async () => {
    const org = await createOrganisation(t.ctx.db);
    const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin' });
    refuse = 'mailbox full';
    try {
      await t.app.inject({
        method: 'POST',
        url: '/api/users/invitations',
        headers: { cookie: admin.cookie },
        payload: { email: 'retry@acme.test' },
      });
      const [row] = await eventually(async () => {
        const rows = await t.ctx.db.select().from(outbox).where(eq(outbox.toAddress, 'retry@acme.test'));
        return rows[0]?.lastError ? rows : null;
      }, 'the failure');
      assert.equal(row!.status, 'pending');
      assert.match(row!.lastError!, /mailbox full/);
    } finally {
      refuse = null;
    }
    // The retry is due 2 s later by the app's clock (base 1 s in this test).
    t.clock.advance(2000);
    const delivered = await eventually(
      () => received.find((m) => m.to.includes('retry@acme.test')),
      'the retry',
    );
    assert.ok(delivered);
    const [row] = await eventually(async () => {
      const rows = await t.ctx.db.select().from(outbox).where(eq(outbox.toAddress, 'retry@acme.test'));
      return rows[0]?.status === 'sent' && rows;
    }, 'sent status');
    assert.equal(row!.attempts, 2);
  });

  test('a notice with a calendar invitation arrives as HTML, text and text/calendar (METHOD:REQUEST), with one-click unsubscribe headers', async () => {
    const org = await createOrganisation(t.ctx.db, { name: 'Acme' });
    const member = await createMemberPerson(t.ctx.db, org.id, { timeZone: 'UTC' });
    // In waking hours wherever the suite runs, so the email is not held back.
    t.clock.now = new Date('2026-06-01T12:00:00Z');
    const ics = buildMeetingIcs({
      uid: 'meeting-42@trellis.test',
      sequence: 3,
      cancelled: false,
      start: new Date('2026-06-03T15:00:00Z'),
      end: new Date('2026-06-03T15:45:00Z'),
      stamp: t.clock.now,
      summary: 'Mentoring: first conversation',
      description: 'Agenda: goals',
      location: null,
      url: null,
      organizer: { name: 'Ada Mentor', email: 'ada@acme.test' },
      attendees: [{ name: member.person.name, email: member.person.email }],
    });
    await t.ctx.db.transaction((tx) =>
      notifyPeople(tx, [
        {
          organisationId: org.id,
          personId: member.person.id,
          kind: 'meeting_scheduled',
          title: 'Ada scheduled a meeting with you',
          body: 'Wednesday 3 June, 15:00–15:45 (UTC).',
          link: '/mentoring/relationships/00000000-0000-4000-8000-000000000000',
          email: {
            attachments: [
              {
                filename: 'invite.ics',
                contentType: 'text/calendar; method=REQUEST; charset=UTF-8',
                content: ics,
              },
            ],
          },
        },
      ]),
    );
    const mail = await eventually(
      () => received.find((m) => m.to.includes(member.person.email)),
      'the meeting notice to arrive',
    );
    const raw = mail.raw;
    const head = raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
    assert.match(head, /^List-Unsubscribe: <http:\/\/localhost:3000\/api\/unsubscribe\/[^>]+>$/m);
    assert.match(head, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    assert.match(head, /^Subject: Ada scheduled a meeting with you$/m);
    assert.match(
      head,
      /^From: "?Acme \(via Trellis\)"? <trellis@acme\.test>$/m,
      'in the organisation’s name',
    );
    assert.match(raw, /Content-Type: text\/plain/);
    assert.match(raw, /Content-Type: text\/html/);
    assert.match(raw, /Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);

    // The calendar part, decoded (nodemailer picks base64 or quoted-printable), is the invitation we built.
    const calendarPart = raw.split(/\r\n--/).find((part) => /Content-Type: text\/calendar/i.test(part))!;
    const [partHead = '', ...partBody] = calendarPart.split('\r\n\r\n');
    const encoded = partBody.join('\r\n\r\n');
    const decoded = /Content-Transfer-Encoding: base64/i.test(partHead)
      ? Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoded
          .replace(/=\r\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
    const calendar = ical.sync.parseICS(decoded);
    const event = Object.values(calendar).find((item) => item?.type === 'VEVENT') as ical.VEvent;
    assert.equal(event.uid, 'meeting-42@trellis.test');
    assert.equal(String(event.sequence), '3');
    assert.equal(event.start.toISOString(), '2026-06-03T15:00:00.000Z');
    assert.match(decoded, /^METHOD:REQUEST/m);

    await eventually(async () => {
      const [row] = await t.ctx.db.select().from(outbox).where(eq(outbox.toAddress, member.person.email));
      return row?.status === 'sent';
    }, 'the message to be marked sent');
  });

  test('one message with HTML, text, a calendar invitation and one-click unsubscribe headers arrives with all of them intact, once', async () => {
    const org = await createOrganisation(t.ctx.db, { name: 'Acme & Sons' });
    const to = 'whole-message@acme.test';
    const unsubscribe = 'http://localhost:3000/api/unsubscribe/v1.person.category.signature';
    const page = 'http://localhost:3000/mentoring/relationships/00000000-0000-4000-8000-000000000001';
    const rendered = await renderNoticeEmail({
      organisationName: org.name,
      recipientName: 'Grace',
      title: 'Ada scheduled a meeting with you',
      body: 'Agenda: <b>goals</b> & next steps — café at noon.',
      details: ['When: Wednesday 3 June, 15:00–15:45 (UTC)', 'Where: Room <2>'],
      action: { label: 'Open the meeting', url: page },
      unsubscribe: {
        url: 'http://localhost:3000/unsubscribe/v1.person.category.signature',
        categoryLabel: 'Meetings',
      },
    });
    const ics = buildMeetingIcs({
      uid: 'meeting-77@trellis.test',
      sequence: 2,
      cancelled: false,
      start: new Date('2026-06-03T15:00:00Z'),
      end: new Date('2026-06-03T15:45:00Z'),
      stamp: new Date('2026-06-01T12:00:00Z'),
      summary: 'Mentoring: Ada & Grace',
      description: 'Agenda: goals; next steps',
      location: 'Room 2, Café',
      url: page,
      organizer: { name: 'Ada Mentor', email: 'ada@acme.test' },
      attendees: [{ name: 'Grace', email: to }],
    });
    const message = await t.ctx.db.transaction((tx) =>
      enqueueEmail(tx, {
        organisationId: org.id,
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        kind: 'meeting_scheduled',
        now: t.clock.now,
        attachments: [
          {
            filename: 'invite.ics',
            contentType: 'text/calendar; method=REQUEST; charset=UTF-8',
            content: ics,
          },
        ],
        headers: {
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      }),
    );
    const arrived = await eventually(() => received.find((m) => m.to.includes(to)), 'the message');
    await eventually(async () => {
      const [row] = await t.ctx.db.select().from(outbox).where(eq(outbox.id, message.id));
      return row?.status === 'sent';
    }, 'the message to be marked sent');

    const mime = parseMime(arrived.raw);
    assert.equal(mime.headers.get('subject'), 'Ada scheduled a meeting with you');
    assert.equal(mime.headers.get('list-unsubscribe'), `<${unsubscribe}>`);
    assert.equal(mime.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');

    const parts = leaves(mime);
    const typeOf = (part: MimePart) => part.headers.get('content-type') ?? '';
    const textPart = parts.find((part) => /^text\/plain/i.test(typeOf(part)));
    const htmlPart = parts.find((part) => /^text\/html/i.test(typeOf(part)));
    const calendarParts = parts.filter((part) => /^text\/calendar/i.test(typeOf(part)));
    assert.ok(textPart && htmlPart, 'a text and an HTML part');
    assert.equal(textPart.body.replace(/\r\n/g, '\n'), rendered.text, 'the text part as rendered');
    assert.equal(
      htmlPart.body.replace(/\r\n/g, '\n'),
      rendered.html.replace(/\r\n/g, '\n'),
      'the HTML as rendered',
    );
    assert.ok(htmlPart.body.includes('Agenda: &lt;b&gt;goals&lt;/b&gt; &amp; next steps — café at noon.'));
    assert.ok(textPart.body.includes(`Open the meeting:\r\n${page}`));

    // The calendar goes as an alternative of the text and HTML with its method, which mail clients need to show an
    // invitation; it is the very file built, and node-ical reads it back.
    const alternative = mime.parts.find((part) => /^multipart\/alternative/i.test(typeOf(part))) ?? mime;
    const inAlternative = alternative.parts.find((part) => /^text\/calendar/i.test(typeOf(part)));
    assert.ok(inAlternative, 'the calendar is an alternative body part');
    assert.match(typeOf(inAlternative), /method=REQUEST/i);
    assert.ok(calendarParts.length >= 1);
    for (const part of calendarParts) assert.equal(part.body, ics, 'the .ics arrives byte for byte');
    const file = parts.find((part) =>
      /filename="?invite\.ics/.test(part.headers.get('content-disposition') ?? ''),
    );
    assert.equal(file?.body, ics, 'and as the file invite.ics, for clients that only save it');
    const calendar = ical.sync.parseICS(inAlternative.body);
    const event = Object.values(calendar).find((item) => item?.type === 'VEVENT') as ical.VEvent;
    assert.equal(event.uid, 'meeting-77@trellis.test');
    assert.equal(String(event.sequence), '2');
    assert.equal(event.start.toISOString(), '2026-06-03T15:00:00.000Z');
    assert.equal(event.end?.toISOString(), '2026-06-03T15:45:00.000Z');
    assert.equal(event.location, 'Room 2, Café');
    assert.match(inAlternative.body, /^METHOD:REQUEST\r$/m);

    // Running its delivery again (a retried job) sends nothing more.
    const again = await deliverEmailJob(t.ctx, {
      id: 0,
      kind: 'deliver_email',
      payload: { outboxId: message.id },
      organisationId: org.id,
      attempt: 2,
      maxAttempts: 8,
      setProgress: async () => {},
    });
    assert.deepEqual(again, { skipped: 'already sent' });
    assert.equal(received.filter((m) => m.to.includes(to)).length, 1, 'sent once');
  });

  test('a cancellation goes with METHOD:CANCEL in its calendar part', async () => {
    const org = await createOrganisation(t.ctx.db);
    const to = 'cancelled@acme.test';
    const ics = buildMeetingIcs({
      uid: 'meeting-78@trellis.test',
      sequence: 3,
      cancelled: true,
      start: new Date('2026-06-03T15:00:00Z'),
      end: new Date('2026-06-03T15:45:00Z'),
      stamp: new Date('2026-06-01T12:00:00Z'),
      summary: 'Mentoring',
      description: '',
      location: null,
      url: null,
      organizer: { name: 'Ada Mentor', email: 'ada@acme.test' },
      attendees: [{ name: 'Grace', email: to }],
    });
    await t.ctx.db.transaction((tx) =>
      enqueueEmail(tx, {
        organisationId: org.id,
        to,
        subject: 'Meeting cancelled',
        text: 'Ada cancelled the meeting.',
        kind: 'meeting_cancelled',
        now: t.clock.now,
        attachments: [{ filename: 'invite.ics', contentType: 'text/calendar', content: ics }],
      }),
    );
    const arrived = await eventually(() => received.find((m) => m.to.includes(to)), 'the message');
    const calendar = leaves(parseMime(arrived.raw)).find((part) =>
      /^text\/calendar/i.test(part.headers.get('content-type') ?? ''),
    );
    assert.ok(calendar);
    assert.match(calendar.headers.get('content-type')!, /method=CANCEL/i);
    assert.match(calendar.body, /^METHOD:CANCEL\r$/m);
    assert.match(calendar.body, /^SEQUENCE:3\r$/m);
  });
});
