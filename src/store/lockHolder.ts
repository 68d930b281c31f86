import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who holds a lock file: pid and host, and — because a pid alone is reused (PID 1 in every restarted
 * container) — the process's start: the kernel's boot id and the process's start time in clock ticks
 * since boot (/proc/<pid>/stat, field 22). A token tells two locks of the same process apart.
 * Written as one line, "pid host start token", pid first so that older readers still find it.
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** "<boot id>:<start ticks>"; absent where /proc cannot be read, or in a lock written before it was kept. */
  start?: string | undefined;
  token?: string | undefined;
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

const BOOT_ID = readBootId();

/** When process `pid` started, as LockHolder.start; undefined where /proc is not there to ask. */
export function processStart(pid: number): string | undefined {
  if (BOOT_ID === undefined) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 is the command name in parentheses and may itself hold spaces or ")": count from the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields[22 - 3];
  return ticks !== undefined && /^\d+$/.test(ticks) ? `${BOOT_ID}:${ticks}` : undefined;
}

const MY_START = processStart(process.pid);

// Tokens of the locks this process holds: a lock naming this pid with another token was left by an
// earlier process that had the same pid, whatever /proc says.
const heldTokens = new Set<string>();

/** This process, with a fresh token, counted as held until `forget`. */
export function thisHolder(): LockHolder & { token: string } {
  const token = randomBytes(12).toString('hex');
  heldTokens.add(token);
  return { pid: process.pid, host: hostname(), start: MY_START, token };
}

export function forget(holder: LockHolder): void {
  if (holder.token !== undefined) heldTokens.delete(holder.token);
}

export function formatHolder(h: LockHolder): string {
  return `${h.pid} ${h.host} ${h.start ?? '-'} ${h.token ?? '-'}`;
}

/** The holder named on the first line of a lock file; undefined when it names none. */
export function parseHolder(text: string): LockHolder | undefined {
  const [pidText, host = '', start, token] = (text.split('\n', 1)[0] ?? '').trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, host, start: start === '-' ? undefined : start, token: token === '-' ? undefined : token };
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type HolderState =
  | { state: 'alive' }
  /** On another host (a shared folder): whether it runs cannot be told from here. */
  | { state: 'elsewhere' }
  | { state: 'gone'; why: string };

/** Whether the process that wrote a lock still runs. */
export function holderState(h: LockHolder): HolderState {
  if (h.host !== '' && h.host !== hostname()) return { state: 'elsewhere' };
  if (h.pid === process.pid) {
    return h.token !== undefined && heldTokens.has(h.token) ? { state: 'alive' }
      : { state: 'gone', why: `pid ${h.pid} now belongs to a different process (this one)` };
  }
  if (!pidExists(h.pid)) return { state: 'gone', why: `process ${h.pid} is no longer running` };
  if (h.start === undefined) return { state: 'alive' };
  const [bootId] = h.start.split(':', 1);
  if (BOOT_ID !== undefined && bootId !== BOOT_ID) return { state: 'gone', why: 'it was taken before the machine last started' };
  const now = processStart(h.pid);
  // No /proc to ask (or the process just went): the pid is all there is to go on.
  if (now === undefined || now === h.start) return { state: 'alive' };
  return { state: 'gone', why: `pid ${h.pid} now belongs to a different process (started at another time)` };
}
