import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ical from 'node-ical';
import { buildMeetingIcs, escapeText, foldLine, formatUtc, type MeetingInvitation } from './ics.ts';

const base: MeetingInvitation = {
  uid: '7b0c5c1e-2f55-4d9e-9f54-0b8f1d2a3c4d@trellis',
  sequence: 0,
  cancelled: false,
  start: new Date('2026-03-03T14:00:00Z'),
  end: new Date('2026-03-03T14:45:00Z'),
  stamp: new Date('2026-02-01T09:00:00Z'),
  summary: 'Kick-off',
  description: 'Agenda',
  location: 'Room 4',
  url: 'https://trellis.example.com/mentoring/relationships/1/meetings',
  organizer: { name: 'Maya Mentor', email: 'maya@example.com' },
  attendees: [
    { name: 'Maya Mentor', email: 'maya@example.com' },
    { name: 'Ivy Mentee', email: 'ivy@example.com' },
  ],
};

function parseEvent(text: string) {
  const parsed = ical.sync.parseICS(text);
  const events = Object.values(parsed).filter((item) => item?.type === 'VEVENT');
  assert.equal(events.length, 1);
  return { event: events[0] as ical.VEvent & Record<string, unknown>, calendar: parsed.vcalendar as unknown };
}

describe('meeting invitation (.ics)', () => {
  it('writes a calendar Google and Outlook accept, read back by a real parser', () => {
    const text = buildMeetingIcs(base);
    assert.ok(text.endsWith('\r\n'));
    assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'every line ends in CRLF');
    assert.match(text, /^BEGIN:VCALENDAR\r\nPRODID:[^\r]+\r\nVERSION:2\.0\r\n/);
    assert.match(text, /\r\nMETHOD:REQUEST\r\n/);
    const { event } = parseEvent(text);
    assert.equal(event.uid, base.uid);
    assert.equal(Number(event.sequence), 0);
    assert.equal(new Date(event.start).toISOString(), '2026-03-03T14:00:00.000Z');
    assert.equal(new Date(event.end as unknown as string).toISOString(), '2026-03-03T14:45:00.000Z');
    assert.equal(event.summary, 'Kick-off');
    assert.equal(event.location, 'Room 4');
    assert.equal(event.status, 'CONFIRMED');
    const organizer = event.organizer as unknown as { params: { CN: string }; val: string };
    assert.equal(organizer.val, 'mailto:maya@example.com');
    assert.equal(organizer.params.CN, 'Maya Mentor');
    const attendees = event.attendee as unknown as { params: { CN: string }; val: string }[];
    assert.deepEqual(
      attendees.map((a) => [a.params.CN, a.val]),
      [
        ['Maya Mentor', 'mailto:maya@example.com'],
        ['Ivy Mentee', 'mailto:ivy@example.com'],
      ],
    );
    assert.match(text, /\r\nDTSTART:20260303T140000Z\r\n/);
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED', () => {
    const text = buildMeetingIcs({ ...base, cancelled: true, sequence: 3 });
    assert.match(text, /\r\nMETHOD:CANCEL\r\n/);
    const { event } = parseEvent(text);
    assert.equal(event.status, 'CANCELLED');
    assert.equal(Number(event.sequence), 3);
  });

  it('round-trips a long agenda with commas, semicolons, backslashes, line breaks and accents', () => {
    const agenda = [
      '## Agenda',
      '',
      '1. Review goals; decide, together, what comes next',
      '2. A path like C:\\Users\\ivy, and a "quote"',
      `3. ${'Résumé feedback, étape par étape; '.repeat(20)}`,
      '4. 日本語のテキストも大丈夫',
    ].join('\n');
    const text = buildMeetingIcs({ ...base, description: agenda, summary: 'Plan; next, steps' });
    for (const line of text.split('\r\n')) {
      assert.ok(new TextEncoder().encode(line).length <= 75, `line too long: ${line}`);
    }
    const { event } = parseEvent(text);
    assert.equal(event.description, agenda);
    assert.equal(event.summary, 'Plan; next, steps');
  });

  it('escapes TEXT, folds at 75 octets without splitting a character, and writes UTC times', () => {
    assert.equal(escapeText('a,b;c\\d\ne'), 'a\\,b\\;c\\\\d\\ne');
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(80)}`);
    const lines = folded.split('\r\n');
    assert.ok(lines.length > 1);
    for (const [index, line] of lines.entries()) {
      assert.ok(new TextEncoder().encode(line).length <= 75);
      if (index > 0) assert.ok(line.startsWith(' '));
    }
    assert.equal(
      lines.map((line, index) => (index === 0 ? line : line.slice(1))).join(''),
      `DESCRIPTION:${'é'.repeat(80)}`,
    );
    assert.equal(formatUtc(new Date('2026-03-03T14:05:09.123Z')), '20260303T140509Z');
  });

  it('quotes a display name holding a comma', () => {
    const text = buildMeetingIcs({ ...base, organizer: { name: 'Mentor, Maya', email: 'maya@example.com' } });
    const { event } = parseEvent(text);
    const organizer = event.organizer as unknown as { params: { CN: string } };
    assert.equal(organizer.params.CN, 'Mentor, Maya');
  });
});
