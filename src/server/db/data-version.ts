/**
 * The database's data version: a value that is the same at two moments only if no write was committed between
 * them (decision 039). The read cache (src/server/read-cache.ts) keeps an answer only while it is unchanged.
 *
 * - PGlite: this process is the database's only client (the data folder is locked), so every write passes through
 *   the client of client.ts, which counts them — once when a write is sent and once when it has finished, so a read
 *   that overlaps a write in any way sees the count move. Free to read.
 * - PostgreSQL: other processes write too, so the version is the server's `pg_current_snapshot()`: it changes when,
 *   and only when, a transaction that wrote (one with a transaction id) commits or aborts. Its upper bound (xmax)
 *   never goes back and an id leaves the in-progress list only by ending, so two equal readings mean nothing ended
 *   between them. One statement, shared by every caller that asked before it was sent.
 */
export type DataVersion = () => Promise<string>;

/** Whether a statement may change data. Only a plain `select`, or a `with … select` that has no data-changing part, may not. */
export function mayWrite(text: string): boolean {
  const start = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase();
  if (start === 'select') return false;
  if (start === 'with') return /\b(insert|update|delete|merge)\b/i.test(text);
  return true;
}

/** PGlite's version: a counter the client moves around every write it passes on. */
export function writeCounter(): { version: DataVersion; around<T>(write: () => Promise<T>): Promise<T> } {
  let writes = 0;
  return {
    version: () => Promise.resolve(String(writes)),
    async around(write) {
      writes += 1;
      try {
        return await write();
      } finally {
        writes += 1;
      }
    },
  };
}

/**
 * A version read from the server, shared by the callers that ask within one turn of the event loop: the statement
 * is sent after the last of them asked, so each gets a reading taken after it asked (never one already under way).
 */
export function sharedReading(read: () => Promise<string>): DataVersion {
  let next: Promise<string> | null = null;
  return () => {
    if (next) return next;
    const reading = new Promise<string>((resolve, reject) => {
      setImmediate(() => {
        next = null;
        read().then(resolve, reject);
      });
    });
    next = reading;
    return reading;
  };
}
