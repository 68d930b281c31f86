import type { z } from 'zod';
import { deepFreeze } from '../lib/deepFreeze.js';
import { sealRecord } from './hashChain.js';
import { nextChainedId } from './recordIds.js';
import type { ChainState } from './storeFile.js';
import { StoreError, validated } from './storeError.js';

/**
 * A new decision or event as it is appended: with the next id of its chain, validated, then sealed
 * to the chain's head (hashChain.ts) and frozen. Any `id`, `prevHash` or `hash` the caller sent is
 * replaced; a `requestId` other than the one it is appended to is refused, not silently moved.
 */
export function sealNew<T extends { hash?: string | undefined }>(
  chain: ChainState, prefix: 'D' | 'E', schema: z.ZodType<T>, requestId: string,
  fields: { requestId?: string }, what: string,
): T {
  if (fields.requestId !== undefined && fields.requestId !== requestId) {
    throw new StoreError(`${what} names request ${fields.requestId} but was appended to ${requestId}`);
  }
  const { prevHash: _p, hash: _h, ...rest } = fields as { prevHash?: unknown; hash?: unknown };
  const plain = validated(schema, { ...rest, id: nextChainedId(prefix, chain), requestId }, what);
  return deepFreeze(sealRecord(plain, chain.head));
}
