/** What the outbox keeps of an attachment (jsonb): text files only, such as a meeting's `.ics`. */
export interface StoredAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** The outbox's `attachments` column, read defensively: anything malformed is left out rather than sent. */
export function storedAttachments(value: unknown): StoredAttachment[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is StoredAttachment =>
      typeof item === 'object' &&
      item !== null &&
      typeof item.filename === 'string' &&
      typeof item.contentType === 'string' &&
      typeof item.content === 'string',
  );
}

/** The outbox's `headers` column as name → value, strings only. */
export function storedHeaders(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export function isCalendar(attachment: Pick<StoredAttachment, 'contentType'>): boolean {
  return attachment.contentType.toLowerCase().startsWith('text/calendar');
}

/** A calendar file's METHOD (REQUEST, CANCEL…), from its `METHOD:` line; REQUEST when it names none. */
export function calendarMethodOf(content: string): string {
  return content.match(/^METHOD:([A-Za-z-]+)\s*$/m)?.[1]?.toUpperCase() ?? 'REQUEST';
}
