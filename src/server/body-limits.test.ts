import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTwoOrganisations } from './testing/factories.ts';
import { createTestApp, type TestApp } from './testing/test-app.ts';

const megabyte = 1024 * 1024;

/**
 * Send `size` bytes of body over a real connection, 64 KB at a time, and report the answer, how long it took and how
 * many bytes the server had read off the connection when it answered (what it could have held in memory).
 */
function upload(
  port: number,
  url: string,
  headers: Record<string, string>,
  size: number,
  serverRead: () => number,
): Promise<{ status: number; body: string; ms: number; readWhenAnswered: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: url,
        agent: false,
        headers: { ...headers, 'content-length': String(size) },
      },
      (response) => {
        const readWhenAnswered = serverRead();
        const chunks: Buffer[] = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          request.destroy();
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - started,
            readWhenAnswered,
          });
        });
      },
    );
    // The server may answer and close before the whole body is sent: that is the point.
    request.on('error', (error) => {
      if (
        (error as NodeJS.ErrnoException).code !== 'EPIPE' &&
        (error as NodeJS.ErrnoException).code !== 'ECONNRESET'
      )
        reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const write = () => {
      while (sent < size && !request.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!request.write(piece)) {
          request.once('drain', write);
          return;
        }
      }
      if (sent >= size) request.end();
    };
    write();
  });
}

describe('request body limits', () => {
  let t: TestApp;
  let port: number;
  let admin: string;
  // Bytes the server has read off its connections (headers and bodies), whatever it did with them.
  const sockets = new Set<import('node:net').Socket>();
  const serverRead = () => [...sockets].reduce((sum, socket) => sum + socket.bytesRead, 0);

  before(async () => {
    t = await createTestApp();
    admin = (await createTwoOrganisations(t.ctx.db)).admin.cookie;
    t.app.server.on('connection', (socket) => {
      sockets.clear();
      sockets.add(socket);
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  after(() => t.close());

  it('answers 413 to 20 MB sent to a public route, signed out, before reading it', async () => {
    for (const type of ['text/plain', 'application/json', 'text/csv']) {
      const response = await upload(
        port,
        '/api/auth/sign-in',
        { 'content-type': type },
        20 * megabyte,
        serverRead,
      );
      assert.ok([413, 415].includes(response.status), `${type}: ${response.status} ${response.body}`);
      assert.equal(
        response.status === 413 ? 'payload_too_large' : 'unsupported_media_type',
        JSON.parse(response.body).error.code,
      );
      assert.ok(
        response.readWhenAnswered < 2 * megabyte,
        `${type}: the server read ${response.readWhenAnswered} bytes`,
      );
      assert.ok(response.ms < 10_000, `${type}: answered after ${response.ms} ms`);
    }
  });

  it('answers 401 to 20 MB of CSV sent to an import route signed out, before reading it', async () => {
    for (const [url, type] of [
      ['/api/people/imports', 'text/csv'],
      ['/api/people/imports/preview', 'text/csv'],
      ['/api/people/imports', 'multipart/form-data; boundary=x'],
    ] as const) {
      const response = await upload(port, url, { 'content-type': type }, 20 * megabyte, serverRead);
      assert.equal(response.status, 401, `${url} ${type}: ${response.body}`);
      assert.ok(
        response.readWhenAnswered < 2 * megabyte,
        `${url}: the server read ${response.readWhenAnswered} bytes`,
      );
    }
  });

  it('answers 413 to an admin announcing a CSV over 100 MB, before reading it', async () => {
    const response = await upload(
      port,
      '/api/people/imports?dryRun=true',
      { 'content-type': 'text/csv', cookie: admin },
      101 * megabyte,
      serverRead,
    );
    assert.equal(response.status, 413, response.body);
    assert.match(JSON.parse(response.body).error.message, /100 MB/);
    assert.ok(response.readWhenAnswered < 2 * megabyte, `the server read ${response.readWhenAnswered} bytes`);
  });

  it('refuses a CSV of more than 200,000 rows with an error naming the limit, and imports nothing', async () => {
    const rows = Array.from({ length: 200_001 }, (_, i) => `p${i}@acme.test,P ${i}`);
    const csv = ['Email,Name', ...rows].join('\n');
    for (const url of ['/api/people/imports', '/api/people/imports/preview']) {
      const response = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: admin, 'content-type': 'text/csv' },
        payload: csv,
      });
      assert.equal(response.statusCode, 400, response.body);
      assert.match(response.json().error.message, /more than 200,000 rows/);
    }
    const history = await t.app.inject({
      method: 'GET',
      url: '/api/people/imports',
      headers: { cookie: admin },
    });
    assert.equal(history.json().total, 0);
  });
});
