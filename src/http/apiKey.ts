import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Whether the Authorization header carries the intake key, compared in constant time. */
export function hasValidKey(header: string | undefined, key: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '';
  // Hash both so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(key).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}

/** Failed key checks an address may make per window before all its requests are refused until the window ends. */
export const AUTH_FAILURES_PER_WINDOW = 10;

/** Keys a RateLimiter keeps at most; past it, the oldest window is dropped for a new one. */
export const MAX_TRACKED_KEYS = 10_000;

/**
 * A fixed-window request counter per key (an API key, a client address), so one misbehaving client
 * cannot starve the panel. Memory is bounded: windows that have ended are dropped at most once per
 * window length, and past `maxKeys` the oldest window goes, so many addresses cannot grow the map.
 */
export class RateLimiter {
  // In order of window start (a key whose window restarts is moved to the end), so the oldest is first.
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep: number;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_TRACKED_KEYS,
  ) {
    this.lastSweep = now();
  }

  /** Whether another request from `key` is allowed now; counts it if so. */
  allow(key: string): boolean {
    const t = this.now();
    const w = this.current(key, t);
    if (!w) {
      this.startWindow(key, t);
      return true;
    }
    w.count += 1;
    return w.count <= this.limit;
  }

  /** Whether `key` has used up its allowance in the current window; counts nothing. */
  isLimited(key: string): boolean {
    const w = this.current(key, this.now());
    return w !== undefined && w.count >= this.limit;
  }

  /** Whole seconds until `key`'s window ends (at least 1), for Retry-After. */
  retryAfterSeconds(key: string): number {
    const t = this.now();
    const w = this.current(key, t);
    return w ? Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000)) : 1;
  }

  /** How many keys are tracked (for tests of the bound). */
  get size(): number {
    return this.windows.size;
  }

  private current(key: string, t: number): { start: number; count: number } | undefined {
    const w = this.windows.get(key);
    return w && t - w.start < this.windowMs ? w : undefined;
  }

  private startWindow(key: string, t: number): void {
    this.windows.delete(key);
    if (t - this.lastSweep >= this.windowMs) {
      this.lastSweep = t;
      for (const [k, w] of this.windows) {
        // Oldest first: the first window still running ends the sweep.
        if (t - w.start < this.windowMs) break;
        this.windows.delete(k);
      }
    }
    if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(key, { start: t, count: 1 });
  }
}

/**
 * The address to throttle a client by. With `trustedHops` proxies in front (TRUST_PROXY; App Service
 * has one), it is the address the outermost of them saw: the entry that many places from the right
 * of X-Forwarded-For, since entries further left are whatever the client sent. IPv6 addresses count
 * by their /64, which one client commonly holds whole.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trustedHops: number): string {
  let address = socketAddress ?? '';
  if (trustedHops > 0 && forwardedFor) {
    const hops = forwardedFor.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const seen = hops.length > 0 ? withoutPort(hops[Math.max(0, hops.length - trustedHops)]!) : '';
    if (isIP(seen)) address = seen;
  }
  return throttleKey(address);
}

/** "203.0.113.7:54321" (as App Service sends it) and "[2001:db8::1]:443" without their ports. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4 ? v4[1]! : entry;
}

function throttleKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
