import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has defaults that serve on port 3000 from ./data', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.dataDir, path.resolve('data'));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.equal(config.cookieSecure, true);
  });

  it('reads the variables the README documents', () => {
    const config = loadConfig({
      PORT: '8080',
      TRELLIS_DATA_DIR: '/var/lib/trellis',
      DATABASE_URL: 'postgres://u:p@db:5432/trellis',
      SMTP_URL: 'smtp://mail:25',
      PUBLIC_URL: 'https://mentoring.example.com/',
      COOKIE_SECURE: 'false',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, '/var/lib/trellis');
    assert.equal(config.databaseUrl, 'postgres://u:p@db:5432/trellis');
    assert.equal(config.smtpUrl, 'smtp://mail:25');
    assert.equal(config.publicUrl, 'https://mentoring.example.com');
    assert.equal(config.cookieSecure, false);
  });

  it('treats an empty variable as unset', () => {
    assert.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined);
  });

  for (const [variable, value] of [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['SMTP_URL', 'http://mail'],
    ['LOG_LEVEL', 'loud'],
    ['COOKIE_SECURE', 'maybe'],
    ['PUBLIC_URL', 'not a url'],
  ]) {
    it(`refuses ${variable}=${value} with a message naming the variable`, () => {
      assert.throws(
        () => loadConfig({ [variable]: value }),
        (error: unknown) => error instanceof ConfigError && error.message.includes(variable),
      );
    });
  }
});
