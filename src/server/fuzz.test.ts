import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import {
  actionItems,
  goalMilestones,
  goals,
  matchRunPairs,
  matchRuns,
  meetings,
  notes,
  outbox,
  peopleImports,
  programQuestions,
  programResources,
  programs,
  relationships,
  sessions,
  skills,
  surveyResponses,
} from './db/schema.ts';
import { accessOf } from './route-access.ts';
import { createSignedInUser } from './testing/factories.ts';
import { createTestApp, sessionCookieFrom, type TestApp } from './testing/test-app.ts';

// Every route of the OpenAPI document, called with what a careless or hostile client sends: NUL characters and lone
// UTF-16 surrogates in every string a schema names (body, query, path), strings of a megabyte, the wrong JSON types,
// and CSV bodies holding the same. Path parameters are real ids of a demo organisation, so requests reach the
// services and the database. The caller is the organisation's admin, a mentor of an active pair, or nobody. Whatever
// the input, the answer must be a 4xx or a success: never a 5xx.

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  default?: unknown;
};
type Parameter = { in: 'query' | 'path'; name: string; schema: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
type Variant = { label: string; url: string; body?: string | Buffer; contentType?: string };

const nul = 'a\u0000b';
const loneSurrogate = 'a\ud800b';
const megabyte = 'x'.repeat(1024 * 1024);
// Under the 1 MB JSON body limit once wrapped, so the long string reaches validation and the services.
const nearlyMegabyte = 'y'.repeat(900 * 1024);
// A lone surrogate cannot be percent-encoded as UTF-8; clients that try send these.
const surrogateEncodings = ['%ED%A0%80', '%uD800', '%C0%80', '%FF'];

function typeOf(schema: Schema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  return undefined;
}

function branch(schema: Schema): Schema {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return options.find((option) => typeOf(option) !== 'null') ?? options[0]!;
  if (schema.allOf) return Object.assign({}, ...schema.allOf);
  return schema;
}

/** A plausible valid value for the schema, so that one bad field at a time gets past the others. */
function sample(input: Schema, ids: Record<string, string>, depth = 0): unknown {
  const schema = branch(input);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined && typeof schema.default !== 'object') return schema.default;
  switch (typeOf(schema)) {
    case 'string':
      if (schema.format === 'uuid') return ids.any;
      if (schema.format === 'email') return 'fuzz@example.com';
      if (schema.format === 'date-time') return '2030-01-01T09:00:00.000Z';
      if (schema.format === 'date') return '2030-01-01';
      return 'f'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? Math.min(1, schema.maximum ?? 1);
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 || !schema.items
        ? []
        : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
            sample(schema.items!, ids, depth + 1),
          );
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (depth < 5) value[key] = sample(property, ids, depth + 1);
      }
      return value;
    }
    default:
      return 'f';
  }
}

/** Paths to the string leaves of a schema (the first item of an array), at most `limit`. */
function stringLeaves(input: Schema, path: (string | number)[] = [], found: (string | number)[][] = []) {
  const schema = branch(input);
  if (found.length >= 16 || path.length > 5) return found;
  const type = typeOf(schema);
  if (type === 'string' && !schema.enum && schema.const === undefined) found.push(path);
  if (type === 'array' && schema.items) stringLeaves(schema.items, [...path, 0], found);
  if (type === 'object')
    for (const [key, property] of Object.entries(schema.properties ?? {}))
      stringLeaves(property, [...path, key], found);
  return found;
}

function setAt(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cursor = copy;
  for (const [index, key] of path.slice(0, -1).entries()) {
    if (!cursor[key] || typeof cursor[key] !== 'object')
      cursor[key] = typeof path[index + 1] === 'number' ? [] : {};
    cursor = cursor[key] as Record<string | number, unknown>;
  }
  cursor[path.at(-1)!] = leaf;
  return copy;
}

function wrongType(schema: Schema): unknown[] {
  switch (typeOf(branch(schema))) {
    case 'string':
      return [12345, { a: 1 }];
    case 'integer':
    case 'number':
      return ['abc', 1e308];
    case 'boolean':
      return ['yes'];
    case 'array':
      return ['abc', [{ deep: [[]] }]];
    default:
      return ['abc', []];
  }
}

function bodyVariants(schema: Schema, ids: Record<string, string>): Omit<Variant, 'url'>[] {
  const base = sample(schema, ids);
  const json = (label: string, value: unknown) => ({
    label,
    body: JSON.stringify(value),
    contentType: 'application/json',
  });
  const variants = [
    json('sample body', base),
    json('body is an array', []),
    json('body is a string', 'text'),
    json('body is null', null),
    { label: 'body is malformed JSON', body: '{"a":', contentType: 'application/json' },
    {
      label: 'deeply nested JSON',
      body: `${'['.repeat(5000)}${']'.repeat(5000)}`,
      contentType: 'application/json',
    },
  ];
  if (base && typeof base === 'object' && !Array.isArray(base)) {
    variants.push(json('a key holding NUL', { ...base, [nul]: 1 }));
    for (const [key, property] of Object.entries(branch(schema).properties ?? {}).slice(0, 12)) {
      for (const value of [...wrongType(property), null])
        variants.push(json(`body.${key} = ${JSON.stringify(value)}`, setAt(base, [key], value)));
    }
  }
  for (const [index, path] of stringLeaves(schema).entries()) {
    const where = `body.${path.join('.')}`;
    variants.push(json(`${where} holds NUL`, setAt(base, path, nul)));
    variants.push(json(`${where} holds a lone surrogate`, setAt(base, path, loneSurrogate)));
    // Long strings cost time, not coverage: the first two fields say what the limits do.
    if (index < 2) {
      variants.push(json(`${where} is 900 KB`, setAt(base, path, nearlyMegabyte)));
      variants.push(json(`${where} is 1 MB`, setAt(base, path, megabyte)));
    }
  }
  return variants;
}

function csvVariants(): Omit<Variant, 'url'>[] {
  const header = 'email,role,name,Work Email,Full Name';
  const csv = (label: string, text: string | Buffer) => ({ label, body: text, contentType: 'text/csv' });
  return [
    csv('CSV', `${header}\nfuzz@example.com,mentor,Fuzz,fuzz@example.com,Fuzz\n`),
    csv('CSV holding NUL', `${header}\nfuzz@example.com,mentor,${nul},fuzz@example.com,${nul}\n`),
    csv(
      'CSV as UTF-16',
      Buffer.from(`\ufeff${header}\nfuzz@example.com,mentor,F,fuzz@example.com,F\n`, 'utf16le'),
    ),
    csv('CSV with a 1 MB cell', `${header}\nfuzz@example.com,mentor,${megabyte},fuzz@example.com,F\n`),
    csv('CSV with an unclosed quote', `${header}\n"fuzz@example.com,mentor\n`),
    csv('CSV of invalid UTF-8', Buffer.from([0x65, 0x0a, 0xff, 0xfe, 0xc3, 0x28, 0x0a])),
    csv('empty CSV', ''),
  ];
}

function queryVariants(
  parameters: Parameter[],
  ids: Record<string, string>,
): { label: string; query: string }[] {
  const query = parameters.filter((parameter) => parameter.in === 'query');
  const encode = (value: unknown) => encodeURIComponent(String(value));
  const base = query
    .filter((parameter) => parameter.schema.default === undefined && typeOf(parameter.schema) === 'string')
    .map((parameter) => `${parameter.name}=${encode(sample(parameter.schema, ids))}`);
  const variants: { label: string; query: string }[] = [];
  const withOne = (name: string, raw: string) =>
    [...base.filter((pair) => !pair.startsWith(`${name}=`)), `${name}=${raw}`].join('&');
  for (const [index, parameter] of query.slice(0, 12).entries()) {
    const { name } = parameter;
    variants.push({ label: `query ${name} holds NUL`, query: withOne(name, encode(nul)) });
    for (const raw of index === 0 ? surrogateEncodings : surrogateEncodings.slice(0, 1))
      variants.push({ label: `query ${name} = ${raw}`, query: withOne(name, `a${raw}b`) });
    if (index === 0) variants.push({ label: `query ${name} is 1 MB`, query: withOne(name, megabyte) });
    variants.push({ label: `query ${name} is repeated`, query: `${withOne(name, '1')}&${name}=2` });
    for (const value of wrongType(parameter.schema))
      variants.push({
        label: `query ${name} = ${JSON.stringify(value)}`,
        query: withOne(name, encode(JSON.stringify(value))),
      });
  }
  variants.push({ label: 'query key holds NUL', query: `${encode(nul)}=1` });
  return variants;
}

describe('fuzzed requests on every route', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const cookies: Record<string, string | undefined> = {};

  before(async () => {
    t = await createTestApp();
    const demo = await t.call('POST', '/api/setup/demo');
    assert.equal(demo.statusCode, 201, demo.body);
    cookies.admin = sessionCookieFrom(demo);
    const organisationId: string = demo.json().me.organisation.id;
    const db = t.ctx.db;
    const first = async <T>(rows: Promise<T[]>): Promise<T> => {
      const [row] = await rows;
      assert.ok(row, 'the demo organisation lacks a row the fuzz test needs');
      return row;
    };
    const active = await first(
      db
        .select()
        .from(relationships)
        .where(and(eq(relationships.organisationId, organisationId), eq(relationships.status, 'active')))
        .limit(1),
    );
    ids.relationships = active.id;
    ids.programs = active.programId;
    const proposed = await db
      .select()
      .from(relationships)
      .where(eq(relationships.status, 'proposed'))
      .limit(1);
    ids.requests = proposed[0]?.id ?? active.id;
    ids.enrolments = active.menteeEnrolmentId;
    ids.menteeEnrolmentId = active.menteeEnrolmentId;
    const goal = await db.select().from(goals).limit(1);
    ids.goals = goal[0]?.id ?? active.id;
    const milestone = await db.select().from(goalMilestones).limit(1);
    if (milestone[0]) ids.goals = milestone[0].goalId;
    ids.milestoneId = milestone[0]?.id ?? active.id;
    ids.meetings = (await db.select().from(meetings).limit(1))[0]?.id ?? active.id;
    ids.notes = (await db.select().from(notes).limit(1))[0]?.id ?? active.id;
    ids['action-items'] = (await db.select().from(actionItems).limit(1))[0]?.id ?? active.id;
    ids.resources = (await db.select().from(programResources).limit(1))[0]?.id ?? active.id;
    ids.skills = (await first(db.select().from(skills).limit(1))).id;
    ids['survey-responses'] = (await db.select().from(surveyResponses).limit(1))[0]?.id ?? active.id;
    ids.mailbox = (await db.select().from(outbox).limit(1))[0]?.id ?? active.id;
    ids.imports = (await first(db.select().from(peopleImports).limit(1))).id;
    ids.people = active.menteePersonId;
    const run = await db.select().from(matchRuns).where(eq(matchRuns.programId, active.programId)).limit(1);
    ids.runId = run[0]?.id ?? (await db.select().from(matchRuns).limit(1))[0]?.id ?? active.id;
    const pair = await db.select().from(matchRunPairs).where(eq(matchRunPairs.runId, ids.runId)).limit(1);
    if (pair[0]) ids.menteeEnrolmentId = pair[0].menteeEnrolmentId;
    ids.questionId = (await db.select().from(programQuestions).limit(1))[0]?.id ?? active.id;
    const otherUser = (await createSignedInUser(db, organisationId)).user;
    ids.users = otherUser.id;
    ids.userId = otherUser.id;
    const program = await first(db.select().from(programs).where(eq(programs.id, active.programId)));
    ids.any = program.id;
    const mentor = await createSignedInUser(db, organisationId, { personId: active.mentorPersonId });
    cookies.mentor = mentor.cookie;
    // A session of the mentor's, not the admin's: deleting it must not sign the fuzzer out.
    ids.sessions = (await first(db.select().from(sessions).where(eq(sessions.userId, mentor.user.id)))).id;
    ids.version = '1';
    ids.token = 'T'.repeat(43);
    cookies.signedOut = undefined;
  });
  after(() => t.close());

  /** The id for a path parameter: by its name, or by the collection it follows (`/goals/:id` → a goal). */
  function fill(path: string): string {
    return path.replace(/\{(\w+)\}/g, (_match, name: string, offset: number) => {
      if (name !== 'id') return ids[name] ?? ids.any!;
      const segments = path.slice(0, offset).split('/').filter(Boolean);
      return ids[segments.at(-1)!] ?? ids.any!;
    });
  }

  it('answers 400 naming the field that holds a NUL or half a character, in a query, a path, a body or a CSV', async () => {
    const issues = (response: { statusCode: number; body: string; json(): unknown }) => {
      assert.equal(response.statusCode, 400, response.body);
      return (
        response.json() as { error: { details: { issues: { path: string }[] } } }
      ).error.details.issues.map((issue) => issue.path);
    };
    const as = (
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      payload?: string,
      contentType = 'application/json',
    ) =>
      t.app.inject({
        method,
        url,
        headers: { cookie: cookies.admin!, 'content-type': contentType },
        ...(payload === undefined ? {} : { payload }),
      });
    assert.deepEqual(issues(await as('GET', '/api/people?q=a%00b')), ['querystring.q']);
    assert.deepEqual(issues(await as('GET', `/api/auth/invitations/${'a'.repeat(20)}%00`)), ['params.token']);
    assert.deepEqual(issues(await as('POST', '/api/skills', '{"name":"Lead\\ud800ership"}')), ['body.name']);
    assert.deepEqual(
      issues(await as('PATCH', `/api/programs/${ids.programs}`, '{"description":"a\\u0000b"}')),
      ['body.description'],
    );
    const csv = await as(
      'POST',
      '/api/people/imports?dryRun=true',
      'Email,Name\na@acme.test,A\u0000\n',
      'text/csv',
    );
    assert.equal(csv.statusCode, 400, csv.body);
    assert.match(csv.json().error.message, /line 2: the file holds NUL characters/);
    const skills = await t.call('GET', '/api/skills', cookies.admin);
    assert.ok(!skills.body.includes('\ufffd'), 'nothing was stored with the character replaced');
  });

  const pairRoutes =
    /^\/api\/(relationships|goals|meetings|notes|action-items|requests|me|enrolments|resources|survey-responses)\b|\/requests$/;

  it('answers no 5xx, whoever calls and whatever they send', { timeout: 240_000 }, async () => {
    const doc = (await t.call('GET', '/api/openapi.json', cookies.admin)).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const order = ['get', 'post', 'put', 'patch', 'delete'];
    const operations = Object.entries(doc.paths)
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
      )
      // Reads first, deletions last, and signing out at the very end: the fuzzer keeps its sessions and its fixtures.
      .sort((a, b) => {
        const last = (op: { path: string; method: string }) =>
          op.path.includes('sign-out') || op.path.includes('/auth/password') ? 10 : order.indexOf(op.method);
        return last(a) - last(b);
      });
    const failures: string[] = [];
    const wording = new Set<string>();
    let sent = 0;
    const started = Date.now();
    for (const { path, method, operation } of operations) {
      const url = fill(path);
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      const variants: Variant[] = [{ label: 'no input', url }];
      for (const { label, query } of queryVariants(parameters, ids))
        variants.push({ label, url: `${url}?${query}` });
      if (content['application/json'])
        for (const variant of bodyVariants(content['application/json'].schema, ids))
          variants.push({ ...variant, url });
      if (
        content['text/csv'] ||
        path.startsWith('/api/people/imports') ||
        path.endsWith('/enrolments/import')
      ) {
        for (const variant of csvVariants()) variants.push({ ...variant, url });
      }
      for (const name of parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name)) {
        variants.push({
          label: `path ${name} holds NUL`,
          url: path.replace(`{${name}}`, '%00').replace(/\{\w+\}/g, ids.any!),
        });
        variants.push({
          label: `path ${name} = %ED%A0%80`,
          url: path.replace(`{${name}}`, '%ED%A0%80').replace(/\{\w+\}/g, ids.any!),
        });
      }
      const access = accessOf(method.toUpperCase(), path.replace(/\{(\w+)\}/g, ':$1'));
      for (const [who, cookie] of Object.entries(cookies)) {
        // A caller the access table turns away is refused before anything is read: a few requests show it. The
        // mentor goes where the admin cannot (a pair's workspace, their own requests); elsewhere a sample suffices.
        const refused =
          (who === 'signedOut' && access !== 'public') || (who === 'mentor' && access === 'admin');
        const sampled = who === 'mentor' && !pairRoutes.test(path);
        const chosen = refused ? variants.filter((_, index) => index % 25 === 0) : variants;
        for (const variant of sampled ? chosen.filter((_, index) => index % 4 === 0) : chosen) {
          const headers: Record<string, string> = cookie ? { cookie } : {};
          if (variant.contentType) headers['content-type'] = variant.contentType;
          const response = await t.app.inject({
            method: method.toUpperCase() as 'GET',
            url: variant.url,
            headers,
            ...(variant.body === undefined || method === 'get' ? {} : { payload: variant.body }),
          });
          sent++;
          if (response.statusCode >= 500)
            failures.push(
              `${method.toUpperCase()} ${path} as ${who}, ${variant.label}: ${response.statusCode} ${response.body.slice(0, 200)}`,
            );
          else if (response.statusCode >= 400) {
            const jargon = developerLanguage(response.body);
            if (jargon) wording.add(`${method.toUpperCase()} ${path} (${response.statusCode}): “${jargon}”`);
          }
        }
      }
    }
    console.log(
      `fuzz: ${sent} requests on ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    assert.deepEqual(failures, [], `${failures.length} of ${sent} requests answered 5xx`);
    assert.deepEqual([...wording], [], 'every refusal is worded for the person who reads it');
  });
});

/**
 * What a person would read of a refusal and is not written for them: zod's own wording ("Too small: expected string
 * to have >=2 characters"), or a field name or code inside a message ("must not be before enrolmentOpensOn"). The
 * `path: ` prefix of the top-level message and `details.issues[].path` name the field for programs and are left out.
 * Returns the first such message, or null.
 */
function developerLanguage(body: string): string | null {
  let parsed: { error?: { message?: string; details?: { issues?: { path?: string; message?: string }[] } } };
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const error = parsed.error;
  if (!error) return null;
  const issues = Array.isArray(error.details?.issues) ? error.details.issues : [];
  const named = issues[0]?.path;
  const top = error.message ?? '';
  const messages = [
    ...issues.map((issue) => issue.message ?? ''),
    named && top.startsWith(`${named}: `)
      ? top.slice(named.length + 2)
      : top.replace(/^(body|querystring|params|query)[\w.[\], ]*: /, ''),
  ];
  const zodWords =
    /Too (small|big)|expected (string|number|int|array|object|boolean)|Invalid (input|option|string|email|UUID|URL|key|element)|received /i;
  const camelCase = /\b[a-z]+[A-Z][A-Za-z]*\b/;
  const snakeCase = /\b[a-z]+_[a-z_]+\b/;
  // A quoted name is what the person typed or must type (a CSV column such as "hris_id"): theirs, not jargon.
  const unquoted = (message: string) => message.replace(/"[^"]*"|“[^”]*”/g, '');
  return (
    messages.find((message) => {
      const text = unquoted(message);
      return zodWords.test(text) || camelCase.test(text) || snakeCase.test(text);
    }) ?? null
  );
}
