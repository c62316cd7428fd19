/** The closed set of error codes the whole application speaks; the HTTP layer maps each to a status. */
const errorCodes = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

type ErrorCode = keyof typeof errorCodes;

/** One problem with one field of the input, named by its path (e.g. `body.email`, `rows[12].manager`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** An expected failure: carries a code from the closed set, a message safe to show, and optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details ?? null;
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

/** Shorthand for a 404 that never reveals whether the thing exists in another organisation. */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}

/** Shorthand for a validation failure naming one field. */
export function invalidField(path: string, message: string): AppError {
  return new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });
}
