import type { Actor } from './context.ts';
import type { DataVersion } from './db/data-version.ts';

/**
 * The read cache (decision 039): who a session token belongs to, and the answers a signed-in caller was given to
 * GET requests, kept only while the database's data version (db/data-version.ts) is the one they were read at.
 *
 * - An entry is used only when a reading of the data version taken after the request arrived equals the reading
 *   taken before the entry was computed, and equals it again after: nothing was committed in between, so the
 *   database would give the same rows. Any write by anyone, in any process, ends every entry.
 * - Answers are kept per session token and URL (and Accept headers): one person's entry can never answer another,
 *   nor another session of the same person.
 * - The clock: the caller says until when an answer may be given again (app.ts: one second of the app's clock, as
 *   times shown relative to now move on, and never past the moment its session expires, goes idle or must be
 *   recorded as used again); a session is kept until that last moment.
 */
export interface ReadCache {
  /** The data version now, read after this call; null when it cannot be read (then nothing is kept or used). */
  version(): Promise<string | null>;
  /**
   * The session behind `tokenHash`: from the cache when nothing was written since it was read and it is still
   * valid at `now`, otherwise from `resolve`. `version` is the reading later reads of this request compare with.
   */
  session(
    tokenHash: string,
    now: number,
    resolve: () => Promise<{ actor: Actor; validUntil: Date } | null>,
  ): Promise<{ actor: Actor; validUntil: number; version: string | null } | null>;
  /** A kept answer for `key`, if it was read at `version` and is still fresh at `now`. */
  answer(key: string, version: string, now: number): KeptAnswer | undefined;
  /** Keep an answer computed since `version` was read, unless something was written meanwhile (resolves when decided). */
  keep(key: string, answer: Omit<KeptAnswer, 'bytes'> & { version: string }): Promise<boolean>;
  /** What is kept, and how many requests were answered from it so far (tests, diagnostics). */
  stats(): { answers: number; sessions: number; bytes: number; answerHits: number; sessionHits: number };
}

export interface KeptAnswer {
  /** The app clock's time when the answer was computed, and until when it may be given again. */
  at: number;
  validUntil: number;
  headers: Record<string, string>;
  body: string;
  bytes: number;
}

interface SessionEntry {
  actor: Actor;
  version: string;
  at: number;
  validUntil: number;
}

export interface ReadCacheOptions {
  /** Null: the cache is off (READ_CACHE=false), every request reads the database. */
  dataVersion: DataVersion | null;
  /** Bounds: answers kept, their total size, one answer's size, sessions kept. */
  maxAnswers?: number;
  maxBytes?: number;
  maxAnswerBytes?: number;
  maxSessions?: number;
}

export function createReadCache(options: ReadCacheOptions): ReadCache {
  const maxAnswers = options.maxAnswers ?? 2000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const maxAnswerBytes = options.maxAnswerBytes ?? 1024 * 1024;
  const maxSessions = options.maxSessions ?? 10_000;
  const sessions = new Map<string, SessionEntry>();
  const answers = new Map<string, KeptAnswer & { version: string }>();
  let bytes = 0;
  let answerHits = 0;
  let sessionHits = 0;
  // The newest reading seen: entries read at any other can never be used again, so they are dropped at once.
  let latest: string | null = null;

  const { dataVersion } = options;
  const version = async (): Promise<string | null> => {
    if (!dataVersion) return null;
    let reading: string;
    try {
      reading = await dataVersion();
    } catch {
      return null;
    }
    if (reading !== latest) {
      latest = reading;
      sessions.clear();
      answers.clear();
      bytes = 0;
    }
    return reading;
  };

  const evictAnswers = () => {
    for (const [key, entry] of answers) {
      if (answers.size <= maxAnswers && bytes <= maxBytes) break;
      answers.delete(key);
      bytes -= entry.bytes;
    }
  };

  return {
    version,

    async session(tokenHash, now, resolve) {
      const before = await version();
      const kept = before === null ? undefined : sessions.get(tokenHash);
      if (kept && kept.version === before && now >= kept.at && now < kept.validUntil) {
        sessionHits += 1;
        return { actor: kept.actor, validUntil: kept.validUntil, version: before };
      }
      const resolved = await resolve();
      if (!resolved) return null;
      const validUntil = resolved.validUntil.getTime();
      if (before === null) return { actor: resolved.actor, validUntil, version: null };
      // Kept once a later reading shows nothing was written since `before`; the request does not wait for it.
      // Recording the session's use is a write: then the readings differ and the session is read again next time.
      // The request's later reads compare with `before` too, so an answer is never kept across that write either.
      void version().then((after) => {
        if (after === null || after !== before) return;
        sessions.delete(tokenHash);
        sessions.set(tokenHash, {
          actor: Object.freeze({ ...resolved.actor }),
          version: after,
          at: now,
          validUntil,
        });
        if (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value as string);
      });
      return { actor: resolved.actor, validUntil, version: before };
    },

    answer(key, reading, now) {
      const kept = answers.get(key);
      if (!kept || kept.version !== reading || now < kept.at || now >= kept.validUntil) return undefined;
      // Least recently used goes first.
      answers.delete(key);
      answers.set(key, kept);
      answerHits += 1;
      return kept;
    },

    async keep(key, answer) {
      const size = Buffer.byteLength(answer.body) + key.length;
      if (size > maxAnswerBytes) return false;
      const after = await version();
      if (after === null || after !== answer.version) return false;
      const previous = answers.get(key);
      if (previous) {
        answers.delete(key);
        bytes -= previous.bytes;
      }
      answers.set(key, { ...answer, bytes: size });
      bytes += size;
      evictAnswers();
      return true;
    },

    stats: () => ({ answers: answers.size, sessions: sessions.size, bytes, answerHits, sessionHits }),
  };
}
