import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson } from './hashChain.js';
import type { dedupeEntrySchema } from './storeFile.js';

/**
 * Idempotency keys: a caller that sends a write again under the same key (a retry after a timeout)
 * gets the record the first one made, not a second one. The store keeps, per key, the record it
 * made and a fingerprint of what was sent, so the same key sent with something else is refused
 * rather than answered with a record that does not match it.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export type DedupeEntry = z.infer<typeof dedupeEntrySchema>;

/** A key and the fingerprint of what was sent with it. */
export interface Keyed {
  key: string;
  fingerprint?: string | undefined;
}

const MAX_KEY_LENGTH = 200;

/** Why a key cannot be used, or undefined: 1–200 visible ASCII characters (a UUID fits). */
export function idempotencyKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    return `must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters, without spaces (a UUID, for instance), and sent once`;
  }
  return undefined;
}

/** SHA-256 of what was sent and where (`scope`): the same body sent to another route differs. */
export function fingerprint(scope: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ scope, body: body ?? null })).digest('hex');
}

/** The key was used before for something else. Not a StoreError: nothing is wrong with the store. */
export class IdempotencyConflict extends Error {
  constructor() {
    super(`This ${IDEMPOTENCY_HEADER} was used before with a different body or on another route; a new request needs a new key.`);
    this.name = 'IdempotencyConflict';
  }
}

/** Throws IdempotencyConflict unless `keyed` is a repeat of what `entry` was made by. */
export function assertRepeat(entry: DedupeEntry, keyed: Keyed, kind: 'request' | 'event'): void {
  const sameKind = kind === 'event' ? entry.eventId !== undefined : entry.eventId === undefined;
  const sameBody = entry.fingerprint === undefined || keyed.fingerprint === undefined || entry.fingerprint === keyed.fingerprint;
  if (!sameKind || !sameBody) throw new IdempotencyConflict();
}
