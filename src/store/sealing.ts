import type { z } from 'zod';
import { deepFreeze } from '../lib/deepFreeze.js';
import { sealRecord } from './hashChain.js';
import { nextChainedId, type ChainPrefix } from './recordIds.js';
import type { ChainState } from './storeFile.js';
import { StoreError, validated } from './storeError.js';

/**
 * A new record as it is appended to its chain: with the chain's next id, validated, then sealed to
 * the chain's head (hashChain.ts) and frozen. Any `id`, `prevHash` or `hash` the caller sent is
 * replaced.
 */
export function sealNext<T extends { hash?: string | undefined }>(
  chain: ChainState, prefix: ChainPrefix, schema: z.ZodType<T>, fields: object, what: string,
): T {
  const { prevHash: _p, hash: _h, ...rest } = fields as { prevHash?: unknown; hash?: unknown };
  const plain = validated(schema, { ...rest, id: nextChainedId(prefix, chain) }, what);
  return deepFreeze(sealRecord(plain, chain.head));
}

/**
 * A new decision or event, sealed as sealNext does, on the request it is appended to: a `requestId`
 * other than that one is refused, not silently moved.
 */
export function sealNew<T extends { hash?: string | undefined }>(
  chain: ChainState, prefix: 'D' | 'E', schema: z.ZodType<T>, requestId: string,
  fields: { requestId?: string }, what: string,
): T {
  if (fields.requestId !== undefined && fields.requestId !== requestId) {
    throw new StoreError(`${what} names request ${fields.requestId} but was appended to ${requestId}`);
  }
  return sealNext(chain, prefix, schema, { ...fields, requestId }, what);
}
