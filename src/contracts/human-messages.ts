import type { z } from 'zod';

/**
 * Zod's own messages ("Too small: expected string to have >=2 characters") said for people, as the end of a sentence
 * whose subject is the field ("Organisation name" + "must be at least 2 characters"). Installed for every schema by
 * `common.ts`; a message a schema gives itself (`.min(1, 'is required')`) still wins.
 */
export function humanIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'is required';
      return expectedType[issue.expected] ?? 'is not valid';
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false, issue.exact === true);
    case 'too_big':
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false, issue.exact === true);
    case 'invalid_format':
      return formats[issue.format] ?? 'is not in the expected format';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_value':
      // The choices are codes ("one_to_one"), not what the person picked from: a form offers them by name.
      return issue.values.length === 1 ? 'is not the expected value' : 'is not one of the choices offered';
    case 'invalid_key':
    case 'invalid_element':
      return 'has an entry that is not valid';
    case 'invalid_union':
      return 'is not valid';
    case 'unrecognized_keys':
      return issue.keys.length === 1 ? 'is not a field this form has' : 'are not fields this form has';
    default:
      return undefined;
  }
}

const expectedType: Record<string, string> = {
  string: 'must be text',
  number: 'must be a number',
  int: 'must be a whole number',
  bigint: 'must be a whole number',
  boolean: 'must be yes or no',
  date: 'must be a date',
  array: 'must be a list',
  tuple: 'must be a list',
  set: 'must be a list',
  object: 'is not in the expected form',
  record: 'is not in the expected form',
  map: 'is not in the expected form',
  nan: 'must be a number',
};

const formats: Record<string, string> = {
  email: 'must be an email address, like name@example.com',
  url: 'must be a web address, like https://example.com',
  uuid: 'is not a valid reference',
  guid: 'is not a valid reference',
  date: 'must be a date, like 2026-03-31',
  datetime: 'must be a date and time',
  time: 'must be a time, like 14:30',
  duration: 'must be a duration',
  regex: 'is not in the expected format',
};

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function tooSmall(origin: string, minimum: number, inclusive: boolean, exact: boolean): string {
  switch (origin) {
    case 'string':
      if (exact) return `must be exactly ${count(minimum, 'character', 'characters')}`;
      return minimum <= 1 ? 'is required' : `must be at least ${count(minimum, 'character', 'characters')}`;
    case 'array':
    case 'set':
      if (exact) return `must have exactly ${count(minimum, 'entry', 'entries')}`;
      return minimum <= 1
        ? 'needs at least one entry'
        : `needs at least ${count(minimum, 'entry', 'entries')}`;
    case 'date':
      return `must be on or after ${new Date(minimum).toISOString().slice(0, 10)}`;
    case 'file':
      return 'is empty';
    default:
      return inclusive ? `must be at least ${minimum}` : `must be more than ${minimum}`;
  }
}

function tooBig(origin: string, maximum: number, inclusive: boolean, exact: boolean): string {
  switch (origin) {
    case 'string':
      if (exact) return `must be exactly ${count(maximum, 'character', 'characters')}`;
      return `must be at most ${count(maximum, 'character', 'characters')}`;
    case 'array':
    case 'set':
      return `can have at most ${count(maximum, 'entry', 'entries')}`;
    case 'date':
      return `must be on or before ${new Date(maximum).toISOString().slice(0, 10)}`;
    case 'file':
      return 'is too large';
    default:
      return inclusive ? `must be at most ${maximum}` : `must be less than ${maximum}`;
  }
}
