import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';

/** What every service function receives: the database, configuration, a logger and a clock tests can move. */
export interface AppContext {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  config: Config;
  log: FastifyBaseLogger;
  now: () => Date;
}

/** The signed-in caller, as resolved from the session cookie. */
export interface Actor {
  userId: string;
  organisationId: string;
  role: 'admin' | 'member';
  personId: string | null;
  email: string;
  name: string;
}
