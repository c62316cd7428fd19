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

  it('trusts no forwarded header unless TRUST_PROXY names a hop count or the proxies', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, ::1 ,loopback,192.168.1.7' }).trustProxy, [
      '10.0.0.0/8',
      '::1',
      'loopback',
      '192.168.1.7',
    ]);
  });

  it('ends idle sessions after a week unless SESSION_IDLE_MINUTES says otherwise', () => {
    assert.equal(loadConfig({}).sessionIdleMinutes, 7 * 24 * 60);
    assert.equal(loadConfig({ SESSION_IDLE_MINUTES: '30' }).sessionIdleMinutes, 30);
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
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '0'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1,proxy.example.com'],
    ['SESSION_IDLE_MINUTES', '1'],
  ]) {
    it(`refuses ${variable}=${value} with a message naming the variable`, () => {
      assert.throws(
        () => loadConfig({ [variable]: value }),
        (error: unknown) => error instanceof ConfigError && error.message.includes(variable),
      );
    });
  }
});
