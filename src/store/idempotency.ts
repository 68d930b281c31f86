import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson } from './hashChain.js';
import type { dedupeEntrySchema, StoreFile } from './storeFile.js';

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

type Keys = StoreFile['dedupe'];

/** What `key` was used for, if it was. */
export function keyUse(keys: Keys, key: string): DedupeEntry | undefined {
  return keys && Object.hasOwn(keys, key) ? keys[key] : undefined;
}

/** The keys left once the requests `gone` picks are removed: a key goes with what it made. */
export function keysWithout(keys: Keys, gone: (requestId: string) => boolean): Keys {
  return keys && Object.fromEntries(Object.entries(keys).filter(([, e]) => !gone(e.requestId)));
}

/**
 * The keys of one batch of new requests. A key used before, in the store or earlier in the batch,
 * is answered with the request it made; the keys of new requests are kept with them.
 */
export class RequestKeys<R extends { id: string }> {
  private readonly made = new Map<string, { record: R; entry: DedupeEntry }>();

  constructor(
    private readonly stored: (key: string) => DedupeEntry | undefined,
    private readonly request: (id: string) => R | undefined,
    /** When the batch was received, kept with each key. */
    private readonly at: string,
  ) {}

  /** The request `meta`'s key already made, if any; throws IdempotencyConflict when it was used otherwise. */
  earlier(meta: { idempotencyKey?: string | undefined; fingerprint?: string | undefined }): R | undefined {
    const key = meta.idempotencyKey;
    if (key === undefined) return undefined;
    const inBatch = this.made.get(key);
    const entry = inBatch?.entry ?? this.stored(key);
    if (entry) assertRepeat(entry, { key, fingerprint: meta.fingerprint }, 'request');
    return inBatch?.record ?? (entry && this.request(entry.requestId));
  }

  /** Notes that `record` was made under `meta`'s key (when it has one). */
  add(meta: { idempotencyKey?: string | undefined; fingerprint?: string | undefined }, record: R): void {
    const key = meta.idempotencyKey;
    if (key === undefined) return;
    this.made.set(key, { record, entry: { requestId: record.id, at: this.at, ...(meta.fingerprint !== undefined && { fingerprint: meta.fingerprint }) } });
  }

  /** The new keys to store with the batch, or undefined when there are none. */
  entries(): Record<string, DedupeEntry> | undefined {
    return this.made.size > 0 ? Object.fromEntries([...this.made].map(([k, { entry }]) => [k, entry])) : undefined;
  }
}

/** The key an event appended under `keyed` is kept as. */
export function eventKeyEntry(keyed: Keyed, requestId: string, eventId: string, at: string): DedupeEntry {
  return { requestId, eventId, at, ...(keyed.fingerprint !== undefined && { fingerprint: keyed.fingerprint }) };
}

/**
 * The event a repeat of `keyed` on `requestId` is answered with, given the key's `entry`; throws
 * IdempotencyConflict when the key was used with another body, for a request, or on another request.
 */
export function repeatedEvent<E extends { id: string }>(entry: DedupeEntry, keyed: Keyed, requestId: string, events: readonly E[]): E {
  assertRepeat(entry, keyed, 'event');
  const earlier = entry.requestId === requestId ? events.find((e) => e.id === entry.eventId) : undefined;
  if (!earlier) throw new IdempotencyConflict();
  return earlier;
}
