import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pgliteTemplateDir, prepareTemplate } from './testing/test-database.ts';

const root = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function startServer(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number>;
} {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, output: () => output, exited };
}

async function waitForHealth(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server on ${port} did not become healthy`);
}

describe('start-up', {
  skip: process.env.TEST_DB_KIND === 'postgres' ? 'embedded-store behaviour' : false,
}, () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('a second server on the same data folder exits with the folder and the pid, the first keeps serving', async () => {
    await prepareTemplate(false);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-startup-'));
    fs.cpSync(pgliteTemplateDir, dataDir, { recursive: true });
    const [port1, port2] = [await freePort(), await freePort()];
    const first = startServer({ PORT: String(port1), TRELLIS_DATA_DIR: dataDir });
    children.push(first.child);
    await waitForHealth(port1);

    const second = startServer({ PORT: String(port2), TRELLIS_DATA_DIR: dataDir });
    children.push(second.child);
    const code = await second.exited;
    assert.notEqual(code, 0);
    const message = second.output().trim();
    assert.equal(message.split('\n').length, 1, `one line expected, got: ${message}`);
    assert.match(message, new RegExp(dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(message, new RegExp(`pid ${first.child.pid}`));

    const health = await fetch(`http://127.0.0.1:${port1}/api/health`);
    assert.equal(health.status, 200);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    assert.equal(
      fs.existsSync(path.join(dataDir, 'trellis.lock')),
      false,
      'the lock is released on shutdown',
    );
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a bad configuration value stops the start with a message naming the variable', async () => {
    const server = startServer({ PORT: 'not-a-port' });
    children.push(server.child);
    assert.notEqual(await server.exited, 0);
    assert.match(server.output(), /PORT/);
  });
});
