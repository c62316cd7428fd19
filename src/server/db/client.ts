import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type DataVersion, mayWrite, sharedReading, writeCounter } from './data-version.ts';
import { createStatementCache, preparedQuery, preparedQueryInTransaction } from './pglite-statements.ts';
import { createOrderedGate, currentTicket } from './request-order.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database: the Drizzle handle, which engine it is, and how to close it. */
export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Changes whenever a write may have been committed (data-version.ts): what the read cache checks. */
  dataVersion: DataVersion;
  close(): Promise<void>;
}

type DatabaseTarget =
  /** `durable` (the default): a commit is on disk when it returns. Tests turn it off: they throw the folder away. */
  | { kind: 'pglite'; dataDir: string; durable?: boolean }
  | { kind: 'postgres'; url: string; poolSize?: number };

interface EmscriptenStream {
  nfd: number;
  node: { mode: number };
}
interface EmscriptenModule {
  FS: { isDir(mode: number): boolean };
  NODEFS: { stream_ops: Record<string, unknown>; tryFSOperation?<T>(operation: () => T): T };
}

/**
 * PGlite's Node file system, with the fsync that Emscripten's NODEFS lacks: without it PostgreSQL's fsync() reaches
 * no disk (decision 017). Directories that cannot be synced (some platforms) are left alone, as PostgreSQL does.
 */
class DurableNodeFS extends NodeFS {
  override async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(...args);
    const addFsync = (module: EmscriptenModule) => {
      const { NODEFS, FS } = module;
      NODEFS.stream_ops.fsync = (stream: EmscriptenStream) => {
        const sync = () => fs.fsyncSync(stream.nfd);
        try {
          if (NODEFS.tryFSOperation) NODEFS.tryFSOperation(sync);
          else sync();
        } catch (error) {
          if (!FS.isDir(stream.node.mode)) throw error;
        }
        return 0;
      };
    };
    const preRun = [emscriptenOpts.preRun ?? []].flat() as ((module: never) => void)[];
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...preRun, addFsync] as never } };
  }
}

/**
 * PGlite's start parameters with fsync on: its defaults include -F (fsync off), so commits were acknowledged before
 * they reached the disk. WAL is flushed with fsync() — the one call NODEFS can pass on (fdatasync is a no-op there).
 */
function durableStartParams(): string[] {
  return [...PGlite.defaultStartParams.filter((param) => param !== '-F'), '-c', 'wal_sync_method=fsync'];
}

/** fsync every file and folder under `root`, deepest first, then `root`'s parent: a new data folder, once. */
function syncTree(root: string): void {
  const syncPath = (target: string) => {
    const fd = fs.openSync(target, 'r');
    try {
      fs.fsyncSync(fd);
    } catch (error) {
      if (!fs.fstatSync(fd).isDirectory()) throw error;
    } finally {
      fs.closeSync(fd);
    }
  };
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) syncPath(full);
    }
    syncPath(dir);
  };
  walk(root);
  syncPath(path.dirname(root));
}

/**
 * PGlite runs SQL on this thread, and a statement queued behind others runs as soon as the one before it resolves,
 * in the same turn of the event loop: twenty requests' statements ran back to back while no new request could even
 * be read, so a request that arrived meanwhile waited for the whole queue twice (issue 15, decision 036). Waiting
 * I/O is now let in (setImmediate) before each next statement, in and out of transactions, so requests join the
 * queue as they arrive. PGlite still runs one statement at a time; which waiting statement goes next is the one of
 * the oldest request (request-order.ts, decision 040): a statement outside a transaction holds the gate while it
 * runs, a transaction from its start to its end (its own statements do not queue again). `query` runs prepared
 * statements (decision 038), in and out of transactions. Every statement that may write, and every transaction,
 * moves `writes` before it is sent and after it ends (the data version, decision 039).
 */
function pgliteClient(root: PGlite, writes: ReturnType<typeof writeCounter>): PGlite {
  const cache = createStatementCache();
  const gate = createOrderedGate();
  const letIoIn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const wrap = <T extends object>(target: T, query: (...args: Parameters<PGlite['query']>) => unknown): T =>
    new Proxy(target, {
      get(inner, property) {
        // The target as receiver: PGlite's getters read private fields, which a proxy does not have.
        const value = Reflect.get(inner, property, inner);
        if (typeof value !== 'function') return value;
        if (property === 'query')
          return (...args: Parameters<PGlite['query']>) => {
            const ticket = currentTicket();
            const run =
              inner === root
                ? () => gate.run(ticket, async () => query(...args))
                : async () => {
                    await letIoIn();
                    return query(...args);
                  };
            // Inside a transaction the transaction's own count covers it.
            return inner === root && mayWrite(args[0]) ? writes.around(run) : run();
          };
        if (property === 'exec')
          return (...args: unknown[]) => {
            const ticket = currentTicket();
            const run =
              inner === root
                ? () => gate.run(ticket, async () => value.apply(inner, args))
                : async () => {
                    await letIoIn();
                    return value.apply(inner, args);
                  };
            return inner === root ? writes.around(run) : run();
          };
        if (property === 'transaction' && inner === root)
          return (callback: (tx: Transaction) => Promise<unknown>) => {
            const ticket = currentTicket();
            return writes.around(() =>
              gate.run(ticket, () =>
                root.transaction((tx) =>
                  callback(
                    wrap(tx, (text, params, options) =>
                      options?.blob || options?.paramTypes
                        ? tx.query(text, params, options)
                        : preparedQueryInTransaction(root, cache, () => tx.closed, text, params, options),
                    ),
                  ),
                ),
              ),
            );
          };
        return value.bind(inner);
      },
    });
  return wrap(root, (text, params, options) => preparedQuery(root, cache, text, params, options));
}

/** Open PGlite on a data folder or a pool on a PostgreSQL server. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'pglite') {
    // PGlite needs the parent folder to exist.
    fs.mkdirSync(target.dataDir, { recursive: true });
    const durable = target.durable ?? true;
    const fresh = !fs.existsSync(path.join(target.dataDir, 'PG_VERSION'));
    // pg_trgm: the people directory's substring search (migration 0011).
    const extensions = { pg_trgm };
    const client = durable
      ? await PGlite.create({
          dataDir: target.dataDir,
          fs: new DurableNodeFS(target.dataDir),
          startParams: durableStartParams(),
          extensions,
        })
      : await PGlite.create(target.dataDir, { extensions });
    // PGlite writes a new folder from an archive without syncing it; the first commits must not rest on it.
    if (durable && fresh) syncTree(target.dataDir);
    const writes = writeCounter();
    const db = drizzlePglite(pgliteClient(client, writes), { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      dataVersion: writes.version,
      close: async () => {
        await client.close();
      },
    };
  }
  // JIT off for every connection (decision 026): Trellis's queries are short; compiling them cost the analytics
  // overview 110–170 ms per request and saved nothing.
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    options: '-c jit=off',
  });
  // A dropped idle connection must not crash the process.
  pool.on('error', () => {});
  const db = drizzleNodePostgres(pool, { schema }) as unknown as Db;
  const snapshot = async () =>
    (await pool.query<{ snapshot: string }>('select pg_current_snapshot()::text as snapshot')).rows[0]!
      .snapshot;
  return {
    db,
    kind: 'postgres',
    dataVersion: sharedReading(snapshot),
    close: async () => {
      await pool.end();
    },
  };
}
