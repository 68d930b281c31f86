import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether the Authorization header carries the intake key, compared in constant time. */
export function hasValidKey(header: string | undefined, key: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '';
  // Hash both so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(key).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}

/** A fixed-window request counter per key, so one misbehaving client cannot starve the panel. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Whether another request from `key` is allowed now; counts it if so. */
  allow(key: string): boolean {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      this.windows.set(key, { start: t, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= this.limit;
  }
}
