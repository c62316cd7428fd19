import type { FieldIssue } from './errors.ts';

const surrogate = /[\ud800-\udfff]/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why PostgreSQL cannot store this text as it is, or null when it can: a NUL character (text columns refuse it) or a
 * lone UTF-16 surrogate (half of a character: JSON columns refuse it, text columns would silently turn it into �).
 */
export function unstorableReason(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (surrogate.test(text) && loneSurrogate.test(text))
    return 'contains half of a Unicode character (a lone surrogate), which cannot be stored';
  return null;
}

/** A key as it can be shown in a field path: its unstorable characters replaced by �. */
function printable(key: string): string {
  return unstorableReason(key) === null
    ? key
    : key.replaceAll('\u0000', '�').replace(new RegExp(loneSurrogate.source, 'g'), '�');
}

/**
 * The first string in a parsed request part (object keys included) that cannot be stored, as an issue naming its
 * field, e.g. `body.profile.goals` or `querystring.q`; null when every string is storable. Walks without recursion,
 * so a deeply nested value cannot exhaust the stack.
 */
export function findUnstorableText(value: unknown, root: string): FieldIssue | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const reason = unstorableReason(current);
      if (reason) return { path, message: reason };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const isArray = Array.isArray(current);
    // Only what JSON and query strings parse into (plain objects, some without a prototype); a stream of an upload
    // or bytes are not ours to walk.
    if (!isArray && (Symbol.asyncIterator in current || ArrayBuffer.isView(current))) continue;
    const entries = isArray ? [...(current as unknown[]).entries()] : Object.entries(current as object);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, item] = entries[index]!;
      const itemPath = `${path}.${typeof key === 'string' ? printable(key) : key}`;
      const reason = typeof key === 'string' ? unstorableReason(key) : null;
      if (reason) return { path: itemPath, message: `the field name ${reason}` };
      stack.push({ value: item, path: itemPath });
    }
  }
  return null;
}
