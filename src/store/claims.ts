import { StoreError } from './storeError.js';

/**
 * Claims on work that must be done once across instances (a card posted, a digest sent): a holder
 * keeps a key until its lease runs out, so an instance that stopped part-way frees it by itself.
 */

/** Refuses a lease that could never be held or never run out. */
export function checkLease(key: string, holder: string, leaseMs: number): void {
  if (key === '' || holder === '') throw new StoreError('A claim needs a key and a holder.');
  if (!Number.isSafeInteger(leaseMs) || leaseMs <= 0) {
    throw new StoreError(`A claim's lease must be a whole number of milliseconds above 0, not ${leaseMs}.`);
  }
}

/**
 * Claims held in memory: for a store only one process opens (the JSON store, locked to its process),
 * where they matter only between that process's own callers.
 */
export class MemoryClaims {
  private readonly held = new Map<string, { holder: string; expiresAt: number }>();

  constructor(private readonly now: () => Date) {}

  claim(key: string, holder: string, leaseMs: number): boolean {
    checkLease(key, holder, leaseMs);
    const at = this.now().getTime();
    const current = this.held.get(key);
    if (current && current.holder !== holder && current.expiresAt > at) return false;
    this.held.set(key, { holder, expiresAt: at + leaseMs });
    return true;
  }

  release(key: string, holder: string): void {
    if (this.held.get(key)?.holder === holder) this.held.delete(key);
  }
}
