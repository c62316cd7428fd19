/**
 * How hard Trellis makes guessing: growing delays after repeated failures (OWASP Authentication Cheat Sheet), never
 * a hard lock of an account, so an attacker hammering from one address cannot keep the owner out from another.
 * See docs/decisions/015-accounts-security.md.
 */

interface DelayRule {
  /** Failures allowed before any wait. */
  free: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** The longest wait, in seconds. */
  capSeconds: number;
}

export const throttleRules = {
  /** One email from one address: the owner mistyping, or someone guessing their password from there. */
  signInPair: { free: 5, windowMs: 24 * 3_600_000, capSeconds: 15 * 60 },
  /** One address, whatever the email: someone trying many accounts (a shared office address recovers in an hour). */
  signInAddress: { free: 20, windowMs: 3_600_000, capSeconds: 15 * 60 },
  /** Unknown, used or expired one-time links tried from one address. */
  linkAddress: { free: 10, windowMs: 3_600_000, capSeconds: 15 * 60 },
  /** Failed uses of one link. */
  linkToken: { free: 5, windowMs: 3_600_000, capSeconds: 15 * 60 },
} satisfies Record<string, DelayRule>;

/** Attempts older than this feed no rule any more; the purge job deletes them. */
export const longestThrottleWindowMs = Math.max(...Object.values(throttleRules).map((rule) => rule.windowMs));

/**
 * Seconds still to wait after `failures` failures, the last at `last`: none while failures < free, then 2, 4, 8 …
 * seconds from the last failure, up to the cap.
 */
export function secondsToWait(rule: DelayRule, failures: number, last: Date | null, now: Date): number {
  if (failures < rule.free || !last) return 0;
  const delayMs = Math.min(2 ** (failures - rule.free + 1), rule.capSeconds) * 1000;
  return Math.max(0, Math.ceil((last.getTime() + delayMs - now.getTime()) / 1000));
}

/** "8 seconds", "1 minute", "15 minutes": how long a person is asked to wait. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * The address a limit is kept for: IPv4 as is (also when written IPv4-mapped), IPv6 by its /64 network, since
 * one machine usually holds a whole /64 and could otherwise start afresh from each of its addresses.
 */
export function throttleAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [
        ...headGroups,
        ...Array(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'),
        ...tailGroups,
      ]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
