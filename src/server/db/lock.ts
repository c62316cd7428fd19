import fs from 'node:fs';
import path from 'node:path';

/** Raised when another live process holds the data folder. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`The data folder ${dataDir} is in use by another Trellis process (pid ${pid}).`);
  }
}

/** What the lock file holds: the holder's pid and, where the system says, when that process started. */
interface LockHolder {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat), with the boot it belongs to. */
  started: string | null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, as `<boot id>:<ticks since boot>`, or null where /proc cannot say (not Linux). A pid is
 * reused once its process is gone; the pid and its start time together name one process.
 */
function startOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) may hold spaces and parentheses, so count after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[19];
    if (!ticks) return null;
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${boot}:${ticks}`;
  } catch {
    return null;
  }
}

/** When the process started, in ms since the epoch, from /proc (null where it cannot say). */
function startedAtMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootSeconds = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    // Linux reports start times in USER_HZ, 100 on every architecture Node runs on.
    if (!Number.isFinite(ticks) || !Number.isFinite(bootSeconds)) return null;
    return bootSeconds * 1000 + ticks * 10;
  } catch {
    return null;
  }
}

function readHolder(lockPath: string): LockHolder | null {
  const text = fs.readFileSync(lockPath, 'utf8').trim();
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder> | number;
    if (typeof parsed === 'number') return Number.isInteger(parsed) ? { pid: parsed, started: null } : null;
    if (Number.isInteger(parsed.pid)) return { pid: parsed.pid!, started: parsed.started ?? null };
  } catch {
    // not JSON: an unreadable lock holds nothing
  }
  return null;
}

/**
 * Whether the lock's holder still runs. A pid that is gone, or that now names another process (its start time differs
 * from the one recorded, or — for a lock written by an older Trellis with a bare pid — it started after the lock was
 * written), holds nothing: after a crash or a reboot the pid is often reused by something else, and that must not
 * keep Trellis from starting.
 */
function holderIsRunning(holder: LockHolder, lockPath: string): boolean {
  if (holder.pid === process.pid || !isAlive(holder.pid)) return false;
  const now = startOf(holder.pid);
  if (holder.started !== null) return now === null || now === holder.started;
  const started = startedAtMs(holder.pid);
  if (started === null) return true;
  // A process cannot hold a lock written before it started (a second of slack for the clock's resolution), and
  // Trellis runs on Node.
  return started <= fs.statSync(lockPath).mtimeMs + 1000 && looksLikeNode(holder.pid);
}

function looksLikeNode(pid: number): boolean {
  try {
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return command.some((part) => /(^|\/)(node|nodejs|trellis)(\.exe)?$|trellis/.test(part));
  } catch {
    return true;
  }
}

/**
 * PGlite does not lock its folder, and two processes on one folder silently diverge: hold a lock file naming this
 * process (pid and start time). A lock left by a process that is gone — even if its pid now belongs to another
 * process — is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'trellis.lock');
  const own = JSON.stringify({ pid: process.pid, started: startOf(process.pid) } satisfies LockHolder);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, own, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8').trim() === own) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockPath);
      if (holder && holderIsRunning(holder, lockPath)) throw new DataDirLockedError(dataDir, holder.pid);
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}
