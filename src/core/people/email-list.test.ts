import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readEmailList } from './email-list.ts';

describe('a list of emails', () => {
  test('one address per line, with an optional name; blank lines and repeats skipped', () => {
    const list = readEmailList('Ada@Example.com, Ada Lovelace\n\nbob@example.com\nada@example.com\n', 100);
    assert.deepEqual(list.entries, [
      { line: 1, email: 'ada@example.com', name: 'Ada Lovelace' },
      { line: 3, email: 'bob@example.com', name: null },
    ]);
    assert.equal(list.duplicates, 1);
    assert.deepEqual(list.issues, []);
  });

  test('a header naming the email column, in any order, with a semicolon as separator', () => {
    const list = readEmailList('Full name;Work email\r\nAda;ada@example.com\r\n', 100);
    assert.deepEqual(list.entries, [{ line: 2, email: 'ada@example.com', name: 'Ada' }]);
  });

  test('every bad line is named by its number', () => {
    const list = readEmailList('email\nada@example.com\nnope\n,\nbob@\n', 100);
    assert.deepEqual(list.issues, [
      { line: 3, message: '“nope” is not an email address' },
      { line: 5, message: '“bob@” is not an email address' },
    ]);
    // A file the CSV reader cannot read is refused at the line where it gave up.
    assert.deepEqual(readEmailList('email\nada@example.com\n"x@y\n', 100).issues, [
      { line: 3, message: 'a quoted field is opened here and never closed' },
    ]);
  });

  test('a list without addresses, or longer than allowed, is refused at its line', () => {
    assert.deepEqual(readEmailList('name\nAda\n', 100).issues, [
      {
        line: 1,
        message:
          'no column of email addresses: put one address per line, or name a column “email” in the first line',
      },
    ]);
    assert.deepEqual(readEmailList('', 100).issues, [{ line: 1, message: 'the list is empty' }]);
    assert.deepEqual(readEmailList('a@example.com\nb@example.com\nc@example.com', 2).issues, [
      { line: 3, message: 'the list has more than 2 addresses: send it in parts' },
    ]);
  });
});
