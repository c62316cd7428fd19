import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type MessageCategory, messageCategories } from '../../../core/messages/categories.ts';

/**
 * One-click unsubscribe links (RFC 8058) that work without signing in and cannot be forged: the token names the
 * person and the category and carries an HMAC of both under a key kept per person (`message_settings`). Replacing
 * the key voids every link sent before. A bad token and an unknown person look the same to the caller.
 */

export function newUnsubscribeKey(): string {
  return randomBytes(32).toString('base64url');
}

function signature(key: string, personId: string, category: string): string {
  return createHmac('sha256', key)
    .update(`unsubscribe:${personId}:${category}`)
    .digest('base64url')
    .slice(0, 32);
}

export function unsubscribeToken(key: string, personId: string, category: MessageCategory): string {
  return `${personId}.${category}.${signature(key, personId, category)}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The token's parts when well formed (not yet verified). */
export function parseUnsubscribeToken(
  token: string,
): { personId: string; category: MessageCategory; signature: string } | null {
  const [personId, category, sig, ...rest] = token.split('.');
  if (rest.length > 0 || !personId || !category || !sig) return null;
  if (!uuidPattern.test(personId)) return null;
  if (!(messageCategories as readonly string[]).includes(category)) return null;
  return { personId, category: category as MessageCategory, signature: sig };
}

/** True when the signature is the one the person's key gives (compared in constant time). */
export function verifyUnsubscribeSignature(
  key: string,
  parsed: { personId: string; category: string; signature: string },
): boolean {
  const expected = Buffer.from(signature(key, parsed.personId, parsed.category));
  const given = Buffer.from(parsed.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
