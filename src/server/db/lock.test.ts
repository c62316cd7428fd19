import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { DataDirLockedError, lockDataDir } from './lock.ts';

/** The start time /proc gives a process, as the lock file records it. */
function startOf(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  return `${fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}:${ticks}`;
}

// A lock left by a Trellis that crashed names a pid; after a restart or a reboot that pid may belong to anything.
describe('the data folder lock', {
  skip: fs.existsSync('/proc/self/stat') ? false : 'needs /proc (Linux)',
}, () => {
  const folders: string[] = [];
  const folderWithLock = (content: string, writtenAt?: Date) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-lock-'));
    folders.push(dir);
    const lock = path.join(dir, 'trellis.lock');
    fs.writeFileSync(lock, content);
    if (writtenAt) fs.utimesSync(lock, writtenAt, writtenAt);
    return dir;
  };
  afterEach(() => {
    for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a lock whose pid now names another process (pid 1, or this test’s parent)', () => {
    for (const pid of [1, process.ppid]) {
      const dir = folderWithLock(JSON.stringify({ pid, started: 'another-boot:12345' }));
      const release = lockDataDir(dir);
      const lock = JSON.parse(fs.readFileSync(path.join(dir, 'trellis.lock'), 'utf8'));
      assert.equal(lock.pid, process.pid);
      release();
      assert.equal(fs.existsSync(path.join(dir, 'trellis.lock')), false);
    }
  });

  it('takes over a bare-pid lock (older Trellis) written before that pid’s process started', () => {
    const dir = folderWithLock(String(process.ppid), new Date('2001-01-01T00:00:00Z'));
    lockDataDir(dir)();
  });

  it('still refuses a folder held by a live process, in either format', () => {
    const current = folderWithLock(JSON.stringify({ pid: process.ppid, started: startOf(process.ppid) }));
    assert.throws(
      () => lockDataDir(current),
      (error: DataDirLockedError) => error.pid === process.ppid,
    );
    const older = folderWithLock(String(process.ppid));
    assert.throws(() => lockDataDir(older), DataDirLockedError);
  });
});
