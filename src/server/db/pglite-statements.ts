/**
 * Prepared statements for PGlite (decision 038). PGlite's `query` parses, describes and plans every statement anew
 * (an unnamed statement, five calls into PostgreSQL); Trellis runs a few hundred distinct statement texts over and
 * over. Here each text is parsed once as a named statement, its parameter types described once, and then only bound
 * and executed, in one call: PostgreSQL keeps the statement and, after five executions, a generic plan when that
 * plan costs no more than the custom ones (its usual rule for prepared statements, as node-postgres or JDBC clients
 * get it). Parameters are serialised by the described types and rows parsed exactly as PGlite's `query` does.
 *
 * The statements are PostgreSQL's, kept for the connection: a rolled-back transaction keeps them, and a schema change
 * makes PostgreSQL plan them again. The one change it refuses to absorb is a different result type ("cached plan must
 * not change result type", 0A000): that statement is closed and forgotten, and run again when outside a transaction.
 * At most `limit` texts are kept; the least recently used one is closed when a new one comes.
 */
import { type PGlite, parse, protocol, type QueryOptions, type Results } from '@electric-sql/pglite';

const { serialize } = protocol;

interface Statement {
  name: string;
  /** The parameter types PostgreSQL inferred, by position. */
  paramTypes: number[];
}

export interface StatementCache {
  /** By statement text, least recently used first (a Map keeps insertion order; a use moves the text to the end). */
  readonly statements: Map<string, Statement>;
  readonly limit: number;
  /** Names evicted but not yet closed: closed with the next statement parsed. */
  readonly toClose: string[];
  /** How many texts were parsed (the tests read it). */
  parsed: number;
}

export function createStatementCache(limit = 500): StatementCache {
  return { statements: new Map(), limit, toClose: [], parsed: 0 };
}

/** Names are unique in the process, so two caches on one database can never take each other's statements. */
let named = 0;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** PGlite's own error shape: the database error with the statement that raised it. */
function withQuery(error: unknown, text: string, params: unknown[], options?: QueryOptions): unknown {
  if (error instanceof Error && 'code' in error)
    Object.assign(error, { query: text, params, queryOptions: options });
  return error;
}

async function prepare(root: PGlite, cache: StatementCache, text: string): Promise<Statement> {
  const name = `trellis_${++named}`;
  const closes = cache.toClose.splice(0).map((old) => serialize.close({ type: 'S', name: old }));
  const messages = await root.execProtocolStream(
    concat([
      ...closes,
      serialize.parse({ text, name }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    ]),
    { syncToFs: false },
  );
  const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
  cache.parsed += 1;
  if (cache.statements.size >= cache.limit) {
    const [oldest] = cache.statements;
    if (oldest) {
      cache.statements.delete(oldest[0]);
      cache.toClose.push(oldest[1].name);
    }
  }
  cache.statements.set(text, statement);
  return statement;
}

async function execute<T>(
  root: PGlite,
  statement: Statement,
  params: unknown[],
  options: QueryOptions | undefined,
): Promise<Results<T>> {
  const values = params.map((param, i) => {
    if (param === null || param === undefined) return null;
    const oid = statement.paramTypes[i] ?? 0;
    const serializer = options?.serializers?.[oid] ?? root.serializers[oid];
    return serializer ? serializer(param) : String(param);
  });
  const messages = await root.execProtocolStream(
    concat([
      serialize.bind({ statement: statement.name, values }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    ]),
    { syncToFs: false },
  );
  return parse.parseResults(messages, root.parsers, options)[0] as Results<T>;
}

/**
 * Run one statement as a prepared statement; the caller holds PGlite's locks. `inTransaction`: inside a transaction
 * nothing is synced to the file system (PGlite syncs at commit) and a statement is never retried.
 */
async function runLocked<T>(
  root: PGlite,
  cache: StatementCache,
  text: string,
  params: unknown[],
  options: QueryOptions | undefined,
  inTransaction: boolean,
): Promise<Results<T>> {
  for (let attempt = 0; ; attempt += 1) {
    let statement = cache.statements.get(text);
    try {
      if (statement) {
        cache.statements.delete(text);
        cache.statements.set(text, statement);
      } else statement = await prepare(root, cache, text);
      const result = await execute<T>(root, statement, params, options);
      if (!inTransaction) await root.syncToFs();
      return result;
    } catch (error) {
      const stale = (error as { code?: string }).code === '0A000' ? statement : undefined;
      if (stale && cache.statements.get(text) === stale) {
        cache.statements.delete(text);
        cache.toClose.push(stale.name);
      }
      if (stale && !inTransaction && attempt === 0) continue;
      throw withQuery(error, text, params, options);
    }
  }
}

/** `PGlite.query`, with prepared statements: waits for any transaction, as `query` does. */
export async function preparedQuery<T>(
  root: PGlite,
  cache: StatementCache,
  text: string,
  params: unknown[] = [],
  options?: QueryOptions,
): Promise<Results<T>> {
  if (options?.blob || options?.paramTypes) return root.query<T>(text, params, options);
  await root._checkReady();
  return root._runExclusiveTransaction(() =>
    root._runExclusiveQuery(() => runLocked<T>(root, cache, text, params, options, false)),
  );
}

/** A transaction's `query`, with prepared statements: the transaction holds PGlite's transaction lock already. */
export async function preparedQueryInTransaction<T>(
  root: PGlite,
  cache: StatementCache,
  closed: () => boolean,
  text: string,
  params: unknown[] = [],
  options?: QueryOptions,
): Promise<Results<T>> {
  if (closed()) throw new Error('Transaction is closed');
  return root._runExclusiveQuery(() => runLocked<T>(root, cache, text, params, options, true));
}
