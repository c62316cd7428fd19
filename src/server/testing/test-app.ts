import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/client.ts';
import type { ReadCache } from '../read-cache.ts';
import { createTestDatabase } from './test-database.ts';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  apiRoutes: { method: string; url: string }[];
  /** The app's read cache (decision 039): tests check what it answered. */
  readCache: ReadCache;
  database: Database;
  config: Config;
  /** One API request as the caller whose session cookie is given (none: signed out); `payload` goes as JSON. */
  call(method: HttpMethod, url: string, cookie?: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Move the clock the services see (e.g. to expire an invitation). */
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
}

/** A real app on a fresh database, with a controllable clock; no job runner unless the test starts one. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    TRELLIS_DATA_DIR: '.tmp/unused',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    ...env,
  });
  const clock = {
    now: new Date(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const { app, ctx, apiRoutes, readCache } = await buildApp({
    config,
    database,
    now: () => clock.now,
    logger: false,
  });
  await app.ready();
  return {
    app,
    ctx,
    apiRoutes,
    readCache,
    database,
    config,
    clock,
    call: (method, url, cookie, payload) =>
      app.inject({
        method,
        url,
        headers: cookie ? { cookie } : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** The `name=value` cookie pair set by a response, for the next request. */
export function sessionCookieFrom(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'trellis_session');
  if (!cookie) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `trellis_session=${cookie.value}`;
}

/** The field paths named by a 400 answer, e.g. `['body.title']`. */
export function issuePaths(response: LightMyRequestResponse): string[] {
  return (response.json() as { error: { details: { issues: { path: string }[] } } }).error.details.issues.map(
    (issue) => issue.path,
  );
}
