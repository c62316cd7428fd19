import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError } from '../core/errors.ts';
import { findUnstorableText } from '../core/storable-text.ts';
import type { Config } from './config.ts';
import type { Actor, AppContext } from './context.ts';
import type { Database } from './db/client.ts';
import { newTicket, runInRequestOrder } from './db/request-order.ts';
import { accountsRoutes } from './features/accounts/accounts.routes.ts';
import { resolveSession } from './features/accounts/accounts.service.ts';
import { agreementsRoutes } from './features/agreements/agreements.routes.ts';
import { analyticsRoutes } from './features/analytics/analytics.routes.ts';
import { auditRoutes } from './features/audit/audit.routes.ts';
import { demoRoutes } from './features/demo/demo.routes.ts';
import { enrolmentsRoutes } from './features/enrolments/enrolments.routes.ts';
import { mentoringProfilesRoutes } from './features/enrolments/mentoring-profiles.routes.ts';
import { flashRoutes } from './features/flash/flash.routes.ts';
import { goalsRoutes } from './features/goals/goals.routes.ts';
import { groupsRoutes } from './features/groups/groups.routes.ts';
import { homeRoutes } from './features/home/home.routes.ts';
import { mailboxRoutes } from './features/mail/mailbox.routes.ts';
import { matchRunsRoutes } from './features/match-runs/match-runs.routes.ts';
import { meetingsRoutes } from './features/meetings/meetings.routes.ts';
import { programLaunchRoutes } from './features/messages/program-launch.routes.ts';
import { notesRoutes } from './features/notes/notes.routes.ts';
import { notificationsRoutes } from './features/notifications/notifications.routes.ts';
import { nudgesRoutes } from './features/nudges/nudges.routes.ts';
import { outcomesRoutes } from './features/outcomes/outcomes.routes.ts';
import { peopleRoutes } from './features/people/people.routes.ts';
import { peopleImportsRoutes } from './features/people-imports/people-imports.routes.ts';
import { programsRoutes } from './features/programs/programs.routes.ts';
import { relationshipsRoutes } from './features/relationships/relationships.routes.ts';
import { requestsRoutes } from './features/requests/requests.routes.ts';
import { resourcesRoutes } from './features/resources/resources.routes.ts';
import { skillsRoutes } from './features/skills/skills.routes.ts';
import { surveysRoutes } from './features/surveys/surveys.routes.ts';
import { usersRoutes } from './features/users/users.routes.ts';
import { groupWorkspaceRoutes } from './features/workspace/group-workspace.routes.ts';
import { workspaceRoutes } from './features/workspace/workspace.routes.ts';
import { type LogDestination, loggerOptions } from './lib/request-logging.ts';
import { hashToken } from './lib/tokens.ts';
import { createReadCache, type ReadCache } from './read-cache.ts';
import { accessOf } from './route-access.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

/** How long (app clock) a kept GET answer may be given again: times shown relative to now move on (decision 039). */
const readCacheFreshForMs = 1000;
/** Headers of a kept answer that belong to the response it was first sent in, not to the answer. */
const unkeptHeaders = new Set([
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'set-cookie',
]);

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** When this request arrived, as a ticket: its database statements' turn (db/request-order.ts). */
    dbTicket: number;
    /** Set while this GET's answer may be kept by the read cache (read-cache.ts). */
    readCacheMiss: { key: string; version: string; at: number; validUntil: number } | null;
  }
  interface FastifyContextConfig {
    /**
     * false: this GET's answer depends on more than the database, the clock and the caller (e.g. progress held in
     * this process's memory), so the read cache never keeps it (decision 039).
     */
    readCache?: boolean;
  }
}

export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A feature's routes: registered under /api with the shared context. */
export type RoutesPlugin = (app: ZodApp, ctx: AppContext) => void | Promise<void>;

const featureRoutes: RoutesPlugin[] = [
  accountsRoutes,
  homeRoutes,
  usersRoutes,
  peopleRoutes,
  peopleImportsRoutes,
  mailboxRoutes,
  demoRoutes,
  auditRoutes,
  notificationsRoutes,
  programsRoutes,
  skillsRoutes,
  enrolmentsRoutes,
  mentoringProfilesRoutes,
  requestsRoutes,
  relationshipsRoutes,
  matchRunsRoutes,
  groupsRoutes,
  flashRoutes,
  // Pair workspace (§6)
  workspaceRoutes,
  agreementsRoutes,
  goalsRoutes,
  meetingsRoutes,
  notesRoutes,
  surveysRoutes,
  resourcesRoutes,
  // Group workspace (issue 14): the same workspace for a mentoring group
  groupWorkspaceRoutes,
  // Reminders and nudges of a program (§7), its launch email (issue 13)
  nudgesRoutes,
  programLaunchRoutes,
  analyticsRoutes,
  outcomesRoutes,
];

interface BuildAppOptions {
  config: Config;
  database: Database;
  now?: () => Date;
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: LogDestination;
}

function fieldPath(context: string | undefined, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  return [context ?? 'body', ...parts].join('.');
}

/** Turn any thrown error into the one error shape, never leaking internals on a 5xx. */
function toErrorReply(error: FastifyError | AppError | Error, request: FastifyRequest) {
  if (error instanceof AppError)
    return { status: error.status, code: error.code, message: error.message, details: error.details };
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const issues = fastifyError.validation.map((issue) => {
      const base = fieldPath(fastifyError.validationContext, issue.instancePath);
      const keys = (issue.params as { keys?: string[] }).keys;
      if (issue.keyword === 'unrecognized_keys' && keys?.length) {
        return {
          path: keys.map((key) => (base ? `${base}.${key}` : key)).join(', '),
          message: 'unknown field',
        };
      }
      return { path: base, message: issue.message };
    });
    const first = issues[0]!;
    return {
      status: 400,
      code: 'validation_failed',
      message: `${first.path}: ${first.message}`,
      details: { issues },
    };
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return {
        status: 413,
        code: 'payload_too_large',
        message: 'The request body is too large',
        details: null,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: 'unsupported_media_type',
        message: 'Unsupported content type',
        details: null,
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'bad_request', message: 'body: malformed JSON', details: null };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'bad_request', message: 'body: the JSON body is empty', details: null };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'bad_request', message: 'Invalid Content-Length', details: null };
  }
  if (fastifyError.statusCode === 400 && error instanceof SyntaxError) {
    return {
      status: 400,
      code: 'bad_request',
      message: `body: malformed JSON (${error.message})`,
      details: null,
    };
  }
  if (fastifyError.statusCode === 429) {
    return { status: 429, code: 'rate_limited', message: fastifyError.message, details: null };
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      code: 'bad_request',
      message: fastifyError.message,
      details: null,
    };
  }
  request.log.error({ err: error }, 'unhandled error');
  return { status: 500, code: 'internal', message: 'Something went wrong on our side', details: null };
}

/**
 * Fastify's trustProxy from TRUST_PROXY. A hop count trusts that many proxies in front of us, whoever they are
 * (Fastify no longer takes a bare number, so it is spelled as the function it stood for); addresses and ranges
 * trust only those peers.
 */
function trustProxyOption(
  trust: Config['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

/** Build the Fastify app: plugins, the session → actor hook, every feature's routes, the one error handler. */
interface BuiltApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** Every API route, for tests that must cover them all (authorisation matrix). */
  apiRoutes: { method: string; url: string }[];
  /** The read cache of sessions and GET answers (decision 039), for tests and diagnostics. */
  readCache: ReadCache;
}

export async function buildApp(options: BuildAppOptions): Promise<BuiltApp> {
  const { config, database } = options;
  const app = Fastify({
    // Request lines show a redacted URL and no headers; errors show no values (lib/request-logging.ts).
    logger: options.logger === false ? false : loggerOptions(config.logLevel, options.logStream),
    bodyLimit: 1024 * 1024,
    // X-Forwarded-For names the client only when it comes from a proxy we were told to trust (TRUST_PROXY):
    // otherwise any client could pick its own address and dodge the sign-in limits.
    trustProxy: trustProxyOption(config.trustProxy),
  });
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    config,
    log: app.log,
    now: options.now ?? (() => new Date()),
  };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every request's database statements carry its arrival ticket: on PGlite the oldest request's go first
  // (db/request-order.ts, decision 040). Set before any other hook; set again once the body is read (a stream's
  // callbacks do not carry it).
  app.decorateRequest('dbTicket', 0);
  app.addHook('onRequest', (request, _reply, done) => {
    request.dbTicket = newTicket();
    runInRequestOrder(request.dbTicket, done);
  });
  app.addHook('preValidation', (request, _reply, done) => {
    runInRequestOrder(request.dbTicket, done);
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(fastifyCookie);
  // Bodies are JSON of at most 1 MB (bodyLimit above). The import routes alone take CSV files, up to 100 MB, read as
  // they arrive and only once the caller is authorised: see acceptCsvUploads in lib/csv-upload.ts.

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Trellis API',
        description: 'Career mentoring programs: people, programs, matching, relationships.',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // The session → actor hook, through the read cache (decision 039): a session read since the last write anywhere is
  // not read again, and neither is a GET answer that the same session was given then (see the hooks further down).
  const readCache = createReadCache({ dataVersion: config.readCache ? database.dataVersion : null });
  const sessionOf = new WeakMap<
    FastifyRequest,
    { tokenHash: string; validUntil: number; version: string | null }
  >();
  app.decorateRequest('actor', null);
  app.decorateRequest('readCacheMiss', null);
  app.addHook('onRequest', async (request) => {
    request.actor = null;
    request.readCacheMiss = null;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const tokenHash = hashToken(token);
    const session = await readCache.session(tokenHash, ctx.now().getTime(), () => resolveSession(ctx, token));
    if (!session) return;
    request.actor = session.actor;
    sessionOf.set(request, { tokenHash, validUntil: session.validUntil, version: session.version });
  });
  // CSRF: cookies are SameSite=Lax and a state-changing request from another origin is refused outright.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    const origin = request.headers.origin;
    if (!origin || !request.headers.host) return;
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError('forbidden', 'Cross-site request refused');
    }
    if (originHost !== request.headers.host) throw new AppError('forbidden', 'Cross-site request refused');
  });

  app.addHook('onRequest', async (request) => {
    const { method, url } = request.routeOptions;
    if (!url?.startsWith('/api/') || url.startsWith('/api/docs')) return;
    const access = accessOf(String(method), url);
    if (access === 'public') return;
    if (!request.actor) throw new AppError('unauthenticated', 'Sign in to continue');
    if (access === 'admin' && request.actor.role !== 'admin') {
      throw new AppError('forbidden', 'Only an organisation admin can do this');
    }
  });

  // A signed-in GET: the answer this session was given for the same URL, if nothing was written since and it is
  // still fresh; otherwise the route runs and its answer may be kept (onSend below).
  app.addHook('onRequest', async (request, reply) => {
    const session = sessionOf.get(request);
    const url = request.routeOptions.url;
    if (request.method !== 'GET' || !session?.version || !url?.startsWith('/api/')) return;
    if (url.startsWith('/api/docs') || request.routeOptions.config.readCache === false) return;
    const { accept = '', 'accept-language': language = '' } = request.headers;
    const key = `${session.tokenHash} ${request.url} ${accept} ${language}`;
    const now = ctx.now().getTime();
    const kept = readCache.answer(key, session.version, now);
    if (kept) {
      reply.headers(kept.headers);
      return reply.send(kept.body);
    }
    request.readCacheMiss = {
      key,
      version: session.version,
      at: now,
      validUntil: Math.min(now + readCacheFreshForMs, session.validUntil),
    };
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const miss = request.readCacheMiss;
    if (!miss || reply.statusCode !== 200 || typeof payload !== 'string' || reply.hasHeader('set-cookie'))
      return payload;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders()))
      if (typeof value === 'string' && !unkeptHeaders.has(name)) headers[name] = value;
    // Decided once a later reading of the data version comes back; the answer does not wait for it.
    void readCache.keep(miss.key, { ...miss, headers, body: payload });
    return payload;
  });

  // Text PostgreSQL cannot store — a NUL character, half of a surrogate pair — is refused in every string of every
  // request (path, query, JSON body, object keys included) with a 400 naming the field, before a route sees it.
  app.addHook('preValidation', async (request) => {
    const issue =
      findUnstorableText(request.params, 'params') ??
      findUnstorableText(request.query, 'querystring') ??
      findUnstorableText(request.body, 'body');
    if (issue)
      throw new AppError('validation_failed', `${issue.path}: ${issue.message}`, { issues: [issue] });
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, code, message, details } = toErrorReply(error as FastifyError, request);
    void reply.status(status).type('application/json').send({ error: { code, message, details } });
  });

  const apiRoutes: BuiltApp['apiRoutes'] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    for (const method of [route.method].flat())
      if (method !== 'HEAD') apiRoutes.push({ method, url: route.url });
  });
  await app.register(
    async (api) => {
      const zodApi = api.withTypeProvider<ZodTypeProvider>() as unknown as ZodApp;
      zodApi.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      zodApi.get('/health', { schema: { hide: true } }, async () => ({ ok: true, database: ctx.dbKind }));
      for (const routes of featureRoutes) await routes(zodApi, ctx);
    },
    { prefix: '/api' },
  );

  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api') || request.method !== 'GET') {
      return reply.status(404).send({
        error: {
          code: 'not_found',
          message: `No route ${request.method} ${request.url.split('?')[0]}`,
          details: null,
        },
      });
    }
    if (!hasWeb)
      return reply.status(404).type('text/plain').send('The web app is not built: run `npm run build:web`.');
    return reply.type('text/html').sendFile('index.html');
  });

  return { app, ctx, apiRoutes, readCache };
}
