/** One field problem reported by the API, keyed by the form field it concerns. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Any failed API call: the server's `{ error: { code, message, details } }`, or a network failure. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    // The API names a refused field by its path ("body.organisationName: …") for programs; a person reads its label.
    const first = this.issues[0];
    if (first) this.message = issueSentence(first);
  }

  /** Validation issues from `details.issues`, with the `body.` / `query.` prefix removed. */
  get issues(): FieldIssue[] {
    const details = this.details as { issues?: unknown } | null;
    if (!details || !Array.isArray(details.issues)) return [];
    return details.issues
      .filter(
        (issue): issue is FieldIssue => typeof issue?.path === 'string' && typeof issue?.message === 'string',
      )
      .map((issue) => ({ path: issue.path.replace(/^(body|query|params)\.?/, ''), message: issue.message }));
  }

  /** First message per top-level field, ready for a form's `error` props. */
  get fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const issue of this.issues) {
      const field = issue.path.split('.')[0] || '_';
      errors[field] ??= capitalise(issue.message);
    }
    return errors;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Labels of the fields whose name says it badly once spaced out ("mentorEnrolmentId" is the mentor). */
const fieldLabels: Record<string, string> = {
  menteeEnrolmentId: 'Mentee',
  mentorEnrolmentId: 'Mentor',
  coMentorEnrolmentId: 'Co-mentor',
  menteeEnrolmentIds: 'Mentees',
  personId: 'Person',
  personIds: 'People',
  userId: 'User',
  avoidPersonIds: 'People to avoid',
  preferredMentorIds: 'Preferred mentors',
  startsOn: 'Start date',
  endsOn: 'End date',
  enrolmentOpensOn: 'Enrolment opening date',
  enrolmentClosesOn: 'Enrolment closing date',
  mentorDefaultCapacity: 'Default mentor capacity',
  pageSize: 'Page size',
  videoUrl: 'Video call link',
  durationMinutes: 'Duration',
  timeZone: 'Time zone',
  startsAt: 'Date and time',
  startTime: 'Start time',
  monthlyCap: 'Sessions a month',
};

/**
 * The label a person knows for the field at an API path: "body.profile.skillsOffered[1]" → "Skills offered",
 * "body.answers.<question id>" → "Answers"; the root of the body has none.
 */
export function fieldLabel(path: string): string {
  const segments = path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter(
      (segment) =>
        segment &&
        !/^(body|query|querystring|params)$/.test(segment) &&
        !/^[0-9a-f-]{36}$|^\d+$/.test(segment),
    );
  const last = segments.at(-1);
  if (!last) return '';
  if (fieldLabels[last]) return fieldLabels[last];
  const words = last
    .replace(/Ids?$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return capitalise(words);
}

/** "Organisation name: must be at least 2 characters." */
function issueSentence(issue: FieldIssue): string {
  const label = fieldLabel(issue.path);
  const sentence = label ? `${label}: ${issue.message}` : capitalise(issue.message);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

type QueryValue = string | number | boolean | null | undefined;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** Sent as JSON unless `contentType` says otherwise (then sent as is). */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

/** Call the Trellis API. Resolves with the parsed JSON (undefined for 204), rejects with an ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, contentType, signal } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    if (contentType) {
      headers['Content-Type'] = contentType;
      payload = body as BodyInit;
    } else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'network',
      'Trellis could not reach the server. Check your connection and retry.',
      null,
    );
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? defaultMessage(response.status),
      error?.details ?? null,
    );
  }
  return json as T;
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return 'You do not have access to this.';
  if (status === 404) return 'This was not found. It may have been removed.';
  if (status === 429) return 'Too many attempts. Wait a minute and try again.';
  if (status >= 500) return 'Something went wrong on our side. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

/** A readable message for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
