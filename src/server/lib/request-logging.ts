/** Where log lines go when not stdout: tests capture them. */
export interface LogDestination {
  write(line: string): void;
}

const redacted = '[redacted]';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const plainNumber = /^-?\d{1,15}(\.\d{1,6})?$/;
// One-time links and the API call that reads them carry the token in the path.
const tokenInPath = /^(\/api\/auth\/invitations|\/invitations|\/reset-password)\/[^/?#]+/;

function safeQueryValue(value: string): boolean {
  return plainNumber.test(value) || uuid.test(value) || value === 'true' || value === 'false';
}

/**
 * A request's URL as the log may show it. One-time tokens in paths become [redacted]; so does any other long path
 * segment that is not an id (a token in the wrong place); query values are kept only when they are numbers,
 * booleans or ids, since the rest are search terms, emails and tokens a person typed or was sent.
 */
export function urlForLog(url: string): string {
  const queryAt = url.indexOf('?');
  const path = (queryAt === -1 ? url : url.slice(0, queryAt)).replace(tokenInPath, `$1/${redacted}`);
  const safePath = path
    .split('/')
    .map((segment) => (segment.length > 40 && !uuid.test(segment) ? redacted : segment))
    .join('/');
  if (queryAt === -1) return safePath;
  const pairs = url
    .slice(queryAt + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      const value = equals === -1 ? '' : pair.slice(equals + 1);
      const shownName = name.length > 40 ? redacted : name;
      return equals === -1 ? shownName : `${shownName}=${safeQueryValue(value) ? value : redacted}`;
    });
  return `${safePath}?${pairs.join('&')}`;
}

/** The request as the log shows it: no headers (cookies, authorization), no body, a redacted URL. */
function requestForLog(request: { method: string; url: string; ip: string }) {
  return {
    method: request.method,
    url: urlForLog(request.url),
    remoteAddress: request.ip,
  };
}

// The fields of a PostgreSQL error (from pg or PGlite) that name the place of the failure, never the values.
const databaseFields = ['code', 'severity', 'routine', 'schema', 'table', 'column', 'dataType', 'constraint'];

/**
 * An error as the log shows it: its type, message, code and stack frames, and the same for its cause. A failed
 * query's message lists its parameters (the text of a note, an email), so only its SQL is kept; PostgreSQL's
 * `detail` and `where` (which repeat key values) are dropped; a message ending in a quoted value (`invalid input
 * syntax for type uuid: "…"`) has the value redacted. The stack keeps its frames, not its first line (the message).
 */
type LoggedError = { type: string; message: string; stack: string; [field: string]: unknown };

export function errorForLog(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: '', stack: '' };
  const fields = error as Error & Record<string, unknown>;
  const shown: LoggedError = { type: error.name, message: '', stack: '' };
  if (typeof fields.query === 'string' && Array.isArray(fields.params)) {
    shown.message = `Failed query: ${fields.query}`;
    shown.parameters = fields.params.length;
  } else {
    shown.message = error.message.replace(/(: )"[\s\S]*"\s*$/, `$1"${redacted}"`);
  }
  for (const field of ['statusCode', ...databaseFields]) {
    if (fields[field] !== undefined && typeof fields[field] !== 'object') shown[field] = fields[field];
  }
  shown.stack = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .join('\n');
  if (error.cause !== undefined && depth < 3) shown.cause = errorForLog(error.cause, depth + 1);
  return shown;
}

/** Fastify's logger options: the level, where lines go, and the serializers and redactions above. */
export function loggerOptions(level: string, destination?: LogDestination) {
  return {
    level,
    ...(destination ? { stream: destination } : {}),
    serializers: { req: requestForLog, err: errorForLog },
    // Nothing logs headers today; if something starts to, its cookies and credentials still stay out.
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'headers.cookie',
        'headers.authorization',
        'res.headers["set-cookie"]',
      ],
      censor: redacted,
    },
  };
}
