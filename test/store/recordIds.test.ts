import assert from 'node:assert/strict';
import { emptyChain } from '../../src/store/hashChain.js';
import { countersPastRequests, nextChainedId, RequestIds, reserveIds } from '../../src/store/recordIds.js';
import { emptyStoreFile, type StoreFile } from '../../src/store/storeFile.js';

const withChains = (): StoreFile => ({ ...emptyStoreFile(), chain: { decisions: emptyChain(), events: emptyChain(), governance: emptyChain('governance') } });

describe('store/recordIds', () => {
  it('numbers requests per UTC year of receipt from the counters, keeping what it took apart', () => {
    const counters = { 2026: 41, 2027: 9999 };
    const ids = new RequestIds(counters);
    assert.deepEqual(
      ['2026-12-31T23:59:59Z', '2027-01-01T00:00:00Z', '2026-06-01T00:00:00Z', '2025-01-01T00:00:00Z'].map((t) => ids.next(new Date(t))),
      ['PR-2026-0042', 'PR-2027-10000', 'PR-2026-0043', 'PR-2025-0001'],
    );
    assert.deepEqual(Object.fromEntries(ids.taken), { 2026: 43, 2027: 10000, 2025: 1 });
    assert.deepEqual(counters, { 2026: 41, 2027: 9999 }, 'the counters change only when the batch is kept');
  });

  it('numbers decisions, events and governance records past every record ever appended and every number skipped', () => {
    assert.equal(nextChainedId('D', emptyChain()), 'D-000001');
    assert.equal(nextChainedId('E', { ...emptyChain(), length: 7, skipped: 2 }), 'E-000010');
    assert.equal(nextChainedId('G', emptyChain('governance')), 'G-000001');
    assert.equal(nextChainedId('G', { ...emptyChain('governance'), length: 41, skipped: 1 }), 'G-000043');
  });

  it('moves counters and chains past ids that may have been handed out, never back', () => {
    const data = withChains();
    data.counters = { 2026: 5 };
    data.chain!.decisions = { ...data.chain!.decisions, length: 3 };
    reserveIds(data, ['PR-2026-0004', 'PR-2025-0002', 'D-000007', 'E-000001', 'G-000004', 'X-1'], { 2024: 3 });
    assert.deepEqual(data.counters, { 2026: 5, 2025: 2, 2024: 3 });
    assert.equal(nextChainedId('D', data.chain!.decisions), 'D-000008');
    assert.equal(nextChainedId('E', data.chain!.events), 'E-000002');
    assert.equal(nextChainedId('G', data.chain!.governance), 'G-000005', 'a governance id is reserved in its own chain');
    reserveIds(data, ['D-000002'], {});
    assert.equal(nextChainedId('D', data.chain!.decisions), 'D-000008');
  });

  it('moves a counter behind the requests in the file past them', () => {
    const data = withChains();
    data.counters = { 2026: 1 };
    data.requests = [{ id: 'PR-2026-0003' }, { id: 'PR-2025-0012' }] as StoreFile['requests'];
    countersPastRequests(data);
    assert.deepEqual(data.counters, { 2026: 3, 2025: 12 });
  });
});
