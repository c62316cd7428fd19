import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { setupRequest } from './accounts.contracts.ts';

/** Zod's own wording, which a person must never read. */
const zodWords =
  /Too (small|big)|expected (string|number|int|array|object|boolean|nan)|Invalid (input|option|string|email|UUID|URL|key|element|date)|received |[<>]=?\d/i;

function messages(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('messages of the contracts', () => {
  it('say what is wrong with the first-run form for a person', () => {
    const result = setupRequest.safeParse({
      organisationName: 'A',
      adminName: '',
      email: 'ada',
      password: 'short',
    });
    assert.equal(result.success, false);
    const byField = Object.fromEntries(
      result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]),
    );
    assert.deepEqual(byField, {
      organisationName: 'must be at least 2 characters',
      adminName: 'is required',
      email: 'must be an email address, like name@example.com',
      password: 'must be at least 10 characters',
    });
    assert.deepEqual(messages(setupRequest, {}), [
      'is required',
      'is required',
      'is required',
      'is required',
    ]);
  });

  it('word numbers, lists, choices, links and dates without zod’s jargon', () => {
    const schema = z.object({
      count: z.number().int().min(1).max(24),
      tags: z.array(z.string()).min(1).max(2),
      kind: z.enum(['one_to_one', 'group']),
      link: z.url(),
      day: z.iso.date(),
    });
    assert.deepEqual(messages(schema, { count: 1.5, tags: [], kind: 'x', link: 'nope', day: '31/03' }), [
      'must be a whole number',
      'needs at least one entry',
      'is not one of the choices offered',
      'must be a web address, like https://example.com',
      'must be a date, like 2026-03-31',
    ]);
    assert.deepEqual(messages(schema.shape.count, 25), ['must be at most 24']);
    assert.deepEqual(messages(schema.shape.count, 0), ['must be at least 1']);
    assert.deepEqual(messages(schema.shape.count, 'three'), ['must be a number']);
    assert.deepEqual(messages(schema.shape.tags, ['a', 'b', 'c']), ['can have at most 2 entries']);
    // A message a schema gives itself still wins.
    assert.deepEqual(messages(z.string().min(1, 'is required'), ''), ['is required']);
  });

  it('every request schema of every contract answers bad input in words a person reads', async () => {
    const folder = import.meta.dirname;
    const files = fs.readdirSync(folder).filter((file) => file.endsWith('.contracts.ts'));
    const wrongValues: unknown[] = [undefined, null, '', 'x'.repeat(30_000), -1, 1.5, 12345, [], {}, true];
    const found = new Set<string>();
    let checked = 0;
    for (const file of files) {
      const module = (await import(path.join(folder, file))) as Record<string, unknown>;
      for (const [name, schema] of Object.entries(module)) {
        if (!(schema instanceof z.ZodObject)) continue;
        checked++;
        const keys = Object.keys(schema.shape);
        const inputs: unknown[] = [{}, 'text', 42];
        for (const key of keys) for (const value of wrongValues) inputs.push({ [key]: value });
        for (const input of inputs) {
          for (const message of messages(schema, input)) {
            if (zodWords.test(message)) found.add(`${file} ${name}: “${message}”`);
          }
        }
      }
    }
    assert.ok(checked > 50, `only ${checked} schemas were checked`);
    assert.deepEqual([...found], []);
  });
});
