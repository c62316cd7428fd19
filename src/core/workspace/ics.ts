/**
 * An iCalendar (RFC 5545) invitation for one meeting, as Google Calendar, Outlook and Apple Calendar accept it:
 * CRLF line endings, lines folded at 75 octets, TEXT values escaped, times in UTC. The UID stays the same for the
 * life of the meeting and SEQUENCE grows with every reschedule or cancellation, so a calendar updates the event it
 * already has instead of adding a second one.
 */

interface IcsPerson {
  name: string;
  email: string;
}

export interface MeetingInvitation {
  uid: string;
  sequence: number;
  /** `cancelled` sends METHOD:CANCEL with STATUS:CANCELLED. */
  cancelled: boolean;
  start: Date;
  end: Date;
  /** When this copy was generated (DTSTAMP). */
  stamp: Date;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  organizer: IcsPerson;
  attendees: IcsPerson[];
  productId?: string;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** A TEXT value with backslashes, semicolons, commas and line breaks escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value (e.g. CN): quoted when it holds `:;,`, with characters a parameter cannot carry removed. */
function parameterValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must go
  const clean = value.replace(/["\u0000-\u001f\u007f]/g, '').trim();
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** A UTC date-time in the basic format, e.g. `20260303T140000Z`. */
export function formatUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Split a content line into lines of at most 75 octets, never inside a UTF-8 character (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= MAX_OCTETS) return line;
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  // the first line has 75 octets; each continuation starts with one space, leaving 74
  let limit = MAX_OCTETS;
  for (const character of line) {
    const size = encoder.encode(character).length;
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += character;
    octets += size;
  }
  pieces.push(current);
  return pieces.join(`${CRLF} `);
}

function mailto(email: string): string {
  return `mailto:${email.trim()}`;
}

/** The whole VCALENDAR document for one meeting, CRLF-terminated. */
export function buildMeetingIcs(invitation: MeetingInvitation): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    `PRODID:${invitation.productId ?? '-//Trellis//Mentoring workspace//EN'}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${invitation.cancelled ? 'CANCEL' : 'REQUEST'}`,
    'BEGIN:VEVENT',
    `UID:${invitation.uid}`,
    `SEQUENCE:${invitation.sequence}`,
    `DTSTAMP:${formatUtc(invitation.stamp)}`,
    `DTSTART:${formatUtc(invitation.start)}`,
    `DTEND:${formatUtc(invitation.end)}`,
    `SUMMARY:${escapeText(invitation.summary)}`,
  ];
  if (invitation.description) lines.push(`DESCRIPTION:${escapeText(invitation.description)}`);
  if (invitation.location) lines.push(`LOCATION:${escapeText(invitation.location)}`);
  if (invitation.url) lines.push(`URL:${invitation.url}`);
  lines.push(
    `ORGANIZER;CN=${parameterValue(invitation.organizer.name)}:${mailto(invitation.organizer.email)}`,
  );
  for (const attendee of invitation.attendees) {
    lines.push(
      `ATTENDEE;CN=${parameterValue(attendee.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:${mailto(attendee.email)}`,
    );
  }
  lines.push(
    `STATUS:${invitation.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  );
  return lines.map(foldLine).join(CRLF) + CRLF;
}
