import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Names @fastify/proxy-addr knows for common private ranges. */
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (proxyRangeNames.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address ?? '');
  if (!version || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which X-Forwarded-For hops to believe: nothing by default (any client could name its own address and dodge the
 * sign-in limits), a hop count, or the addresses / CIDR ranges of the proxies in front of Trellis.
 */
const trustProxySchema = z
  .string()
  .trim()
  .transform((value, issue) => {
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops >= 1 && hops <= 10) return hops;
    } else {
      const entries = value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      if (entries.length > 0 && entries.every(isAddressOrRange)) return entries;
    }
    issue.addIssue({
      code: 'custom',
      message:
        'must be a hop count from 1 to 10, or comma-separated proxy addresses or CIDR ranges (e.g. 10.0.0.0/8,::1)',
    });
    return z.NEVER;
  });

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  TRELLIS_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Trellis <no-reply@trellis.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: booleanString.default(true),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24 * 14),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(60 * 24 * 365)
    .default(60 * 24 * 7),
  TRUST_PROXY: trustProxySchema.optional(),
  INVITATION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  JOBS_ENABLED: booleanString.default(true),
  READ_CACHE: booleanString.default(true),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  cookieSecure: boolean;
  sessionTtlHours: number;
  /** A session unused for this long ends, whatever its lifetime left. */
  sessionIdleMinutes: number;
  /** Forwarded-header trust: false (none), a hop count, or proxy addresses / CIDR ranges. */
  trustProxy: false | number | string[];
  invitationTtlHours: number;
  jobsEnabled: boolean;
  /** Keep sessions and GET answers while nothing is written (decision 039); off: every request reads the database. */
  readCache: boolean;
}

/** Raised when the environment holds a bad value; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse the environment once. Empty strings count as unset so `FOO= npm start` behaves like no FOO. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(
      `Invalid configuration: ${variable} ${issue.message} (got ${JSON.stringify(cleaned[variable])})`,
    );
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.TRELLIS_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    logLevel: c.LOG_LEVEL,
    cookieSecure: c.COOKIE_SECURE,
    sessionTtlHours: c.SESSION_TTL_HOURS,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    trustProxy: c.TRUST_PROXY ?? false,
    invitationTtlHours: c.INVITATION_TTL_HOURS,
    jobsEnabled: c.JOBS_ENABLED,
    readCache: c.READ_CACHE,
  };
}
