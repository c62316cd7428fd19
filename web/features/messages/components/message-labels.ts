import type {
  DigestFrequencyName,
  MessageChannelName,
  SentMessage,
} from '../../../../src/contracts/messages.contracts.ts';

export const channelLabel: Record<MessageChannelName, string> = {
  email: 'Email',
  in_app: 'In the app',
  off: 'Off',
};

export const digestLabel: Record<DigestFrequencyName, string> = {
  off: 'Off',
  daily: 'Daily',
  weekly: 'Weekly',
};

export const sentStatusColour: Record<SentMessage['status'], string> = {
  sent: 'green',
  stored: 'blue',
  pending: 'yellow',
  failed: 'red',
};

const dateTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
});
const zoneName = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "Tue 14 May, 09:00" in the reader's own zone (the browser's). */
export function formatWhen(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date);
}

/** The reader's zone as the browser names it ("CET", "GMT+2"), for a table's caption. */
export function readerZone(): string {
  return zoneName.formatToParts(new Date()).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/** "in 3 hours", "tomorrow", "2 days ago": how far a moment is from now, in words. */
export function formatRelative(value: string, now = Date.now()): string {
  const ms = new Date(value).getTime() - now;
  if (Number.isNaN(ms)) return '';
  const minutes = Math.round(ms / 60_000);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(ms / 3_600_000);
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour');
  return relative.format(Math.round(ms / 86_400_000), 'day');
}
