import assert from 'node:assert/strict';
import { verifyChain } from '../../src/store/hashChain.js';
import { IdempotencyConflict } from '../../src/store/idempotency.js';
import { EventRefused, StoreError, type NewDecision, type NewGovernance, type PanelStore } from '../../src/store/panelStore.js';
import {
  costChange, decision, ended, meetingEnded, meetingStarted, meta, rolesInForce, sampleRequest, startUnlessUnderWay, tempFolder,
} from './helpers.js';

/** Opens (creating it when new) the store named by `dir`, a fresh empty folder per test. */
export type OpenStore = (dir: string) => Promise<PanelStore>;

export interface StoreContractOptions {
  /** Opens the store at `dir` again after it was closed; `open` when not given. */
  reopen?: OpenStore;
  /**
   * Opens the store at `dir` so that its durable writes fail (and are refused) while `failing()` is
   * true, as a full disk or a lost database connection would.
   */
  openFailing: (dir: string, failing: () => boolean) => Promise<PanelStore>;
  /**
   * Changes the stored governance record `id` in place, with the store at `dir` closed, as someone
   * with write access to the file or the database could: `edit` is given the record as stored.
   */
  editGovernanceRecord: (dir: string, id: string, edit: (record: Record<string, unknown>) => Record<string, unknown>) => Promise<void>;
  /** Opens a second instance on the store at `dir` while the first is open, for a backend that allows it. */
  openAnother?: OpenStore;
}

const conversation = {
  bot: { id: 'bot-1', name: 'Panel bot' },
  channelId: 'msteams',
  conversation: { id: '19:panel@thread.tacv2', tenantId: 't-1' },
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
};

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);
const keyed = (key: string, fingerprint?: string) => ({ ...meta(), idempotencyKey: key, ...(fingerprint !== undefined && { fingerprint }) });
const isStoreError = (pattern: RegExp) => (e: unknown) => e instanceof StoreError && pattern.test(e.message);

/**
 * Everything a store holds, as its reads return it: equal for two stores holding the same data. The
 * lists are copied: a store may hand out lists it goes on appending to.
 */
function contents(store: PanelStore, keys: readonly string[] = []) {
  return {
    requests: [...store.listRequests()],
    decisions: [...store.allDecisions()],
    events: [...store.allEvents()],
    governance: [...store.governanceRecords()],
    byRequest: store.listRequests().map((r) => ({
      request: store.getRequest(r.id), decisions: [...store.decisionsFor(r.id)], events: [...store.eventsFor(r.id)], card: store.getCard(r.id),
    })),
    conversations: ['panel', 'leadership'].map((role) => store.getConversation(role)),
    digest: store.getDigestState(),
    keys: keys.map((k) => store.idempotencyKeyUse(k)),
    verify: store.verify(),
  };
}

function assertDeepFrozen(value: unknown, path = 'the record'): void {
  if (value === null || typeof value !== 'object') return;
  assert.ok(Object.isFrozen(value), `${path} is frozen`);
  for (const [k, v] of Object.entries(value)) assertDeepFrozen(v, `${path}.${k}`);
}

/**
 * What every PanelStore must do, whatever keeps its data: a backend's test file calls this with a
 * way to open it. Only the interface is used, so a second backend passes by behaving the same.
 */
export function describeStoreContract(name: string, open: OpenStore, options: StoreContractOptions): void {
  const reopen = options.reopen ?? open;

  describe(`PanelStore contract: ${name}`, () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    let live: PanelStore[];

    const track = (store: PanelStore) => {
      live.push(store);
      return store;
    };
    const fresh = async () => track(await open(dir));
    const failingStore = async (failing: () => boolean) => track(await options.openFailing(dir, failing));
    const close = async (store: PanelStore) => {
      live.splice(live.indexOf(store), 1);
      await store.close();
    };
    const closeAndReopen = async (store: PanelStore) => {
      await close(store);
      return track(await reopen(dir));
    };

    beforeEach(async () => {
      ({ dir, cleanup } = await tempFolder());
      live = [];
    });
    afterEach(async () => {
      for (const store of live.splice(0)) await store.close();
      await cleanup();
    });

    describe('requests', () => {
      it('are numbered PR-<year>-0001 upwards per year of receipt (UTC), and kept as given', async () => {
        const store = await fresh();
        const a = await store.addRequest(sampleRequest('C-1001'), meta('2025-12-31T23:59:59Z'));
        const b = await store.addRequest(sampleRequest('C-1002'), meta('2026-01-01T00:00:00Z'));
        const c = await store.addRequest(sampleRequest('C-1003'), meta('2026-02-01T00:00:00Z'));
        const d = await store.addRequest(sampleRequest('C-1004'), meta('2025-06-01T00:00:00Z'));
        assert.deepEqual(ids([a, b, c, d]), ['PR-2025-0001', 'PR-2026-0001', 'PR-2026-0002', 'PR-2025-0002']);
        assert.deepEqual(ids(store.listRequests()), ids([a, b, c, d]), 'listed in the order they were added');
        assert.deepEqual(store.getRequest(c.id), c);
        assert.equal(store.getRequest('PR-2026-0404'), undefined);
        assert.deepEqual(
          { childRef: c.childRef, proposed: c.proposed, receivedAt: c.receivedAt, receivedVia: c.receivedVia, receivedBy: c.receivedBy },
          { childRef: 'C-1003', proposed: sampleRequest().proposed, receivedAt: '2026-02-01T00:00:00.000Z', receivedVia: 'api', receivedBy: 'case-system' },
        );
      });

      it('never give an id twice: numbering goes on after a reopen and past purged requests, also across a reopen', async () => {
        let store = await fresh();
        const added = await store.addRequests(range(3).map((i) => ({ data: sampleRequest(`C-${1000 + i}`), meta: meta() })));
        store = await closeAndReopen(store);
        assert.equal((await store.addRequest(sampleRequest(), meta())).id, 'PR-2026-0004');
        assert.equal(await store.purgeRequests(['PR-2026-0004', added[2]!.id]), 2);
        assert.equal((await store.addRequest(sampleRequest(), meta())).id, 'PR-2026-0005');
        await store.purgeRequests(['PR-2026-0005']);
        store = await closeAndReopen(store);
        assert.equal((await store.addRequest(sampleRequest(), meta())).id, 'PR-2026-0006');
      });

      it('a batch is added whole, in order, or not at all', async () => {
        const store = await fresh();
        assert.deepEqual(await store.addRequests([]), []);
        const batch = await store.addRequests([
          { data: sampleRequest('C-1001'), meta: meta() },
          { data: sampleRequest('C-1002'), meta: meta('2025-05-05T00:00:00Z') },
          { data: sampleRequest('C-1003'), meta: meta() },
        ]);
        assert.deepEqual(ids(batch), ['PR-2026-0001', 'PR-2025-0001', 'PR-2026-0002']);
        assert.deepEqual(batch.map((r) => r.childRef), ['C-1001', 'C-1002', 'C-1003']);
        const before = contents(store);
        const good = sampleRequest('C-1005');
        const bad = { ...good, proposed: { ...good.proposed, weeklyCost: '12.5' } };
        await assert.rejects(store.addRequests([{ data: sampleRequest('C-1004'), meta: meta() }, { data: bad, meta: meta() }]),
          isStoreError(/request 2.*proposed\.weeklyCost/));
        await assert.rejects(store.addRequests([{ data: sampleRequest('C-1004'), meta: meta() }, { data: good, meta: { ...meta(), receivedAt: new Date('soon') } }]),
          isStoreError(/request 2: receivedAt/));
        assert.deepEqual(contents(store), before, 'a refused batch changes nothing');
        assert.equal((await store.addRequest(sampleRequest(), meta())).id, 'PR-2026-0003', 'and takes no id');
      });

      it('one that would not load again is refused, naming the field', async () => {
        const store = await fresh();
        const good = sampleRequest();
        await assert.rejects(store.addRequest({ ...good, proposed: { ...good.proposed, weeklyCost: '12.5' } }, meta()), isStoreError(/proposed\.weeklyCost/));
        assert.deepEqual(store.listRequests(), []);
      });
    });

    describe('idempotency keys', () => {
      it('a repeated key answers with the first request and stores one, within a batch and after a reopen too', async () => {
        let store = await fresh();
        const first = await store.addRequest(sampleRequest(), keyed('k-1', 'f-1'));
        assert.deepEqual(await store.addRequest(sampleRequest(), keyed('k-1', 'f-1')), first);
        assert.deepEqual(await store.addRequest(sampleRequest(), keyed('k-1')), first, 'a repeat without a fingerprint is not refused');
        const batch = await store.addRequests([
          { data: sampleRequest('C-1002'), meta: keyed('k-2', 'f-2') },
          { data: sampleRequest('C-1002'), meta: keyed('k-2', 'f-2') },
          { data: sampleRequest('C-1001'), meta: keyed('k-1', 'f-1') },
        ]);
        assert.deepEqual(ids(batch), ['PR-2026-0002', 'PR-2026-0002', first.id]);
        assert.equal(store.listRequests().length, 2);
        store = await closeAndReopen(store);
        assert.deepEqual(await store.addRequest(sampleRequest(), keyed('k-1', 'f-1')), first);
        assert.equal(store.listRequests().length, 2);
      });

      it('a key sent with another fingerprint is refused with IdempotencyConflict, storing nothing', async () => {
        const store = await fresh();
        await store.addRequest(sampleRequest(), keyed('k-1', 'f-1'));
        const before = contents(store, ['k-1']);
        await assert.rejects(store.addRequest(sampleRequest(), keyed('k-1', 'f-2')), IdempotencyConflict);
        await assert.rejects(store.addRequests([{ data: sampleRequest('C-1009'), meta: meta() }, { data: sampleRequest(), meta: keyed('k-1', 'f-2') }]), IdempotencyConflict);
        await assert.rejects(store.addRequests([{ data: sampleRequest(), meta: keyed('k-3', 'a') }, { data: sampleRequest(), meta: keyed('k-3', 'b') }]), IdempotencyConflict);
        assert.deepEqual(contents(store, ['k-1']), before);
        assert.equal(store.idempotencyKeyUse('k-3'), undefined);
      });

      it('idempotencyKeyUse says what a key made; a key never used (even one named like a property) is undefined', async () => {
        const store = await fresh();
        const r = await store.addRequest(sampleRequest(), keyed('k-r', 'f-r'));
        await store.appendDecision(r.id, () => decision());
        const e = await store.appendEvent(r.id, costChange(), { key: 'k-e', fingerprint: 'f-e' });
        const request = store.idempotencyKeyUse('k-r');
        const event = store.idempotencyKeyUse('k-e');
        assert.deepEqual(request, { requestId: r.id, fingerprint: 'f-r', at: request?.at });
        assert.deepEqual(event, { requestId: r.id, eventId: e.id, fingerprint: 'f-e', at: event?.at });
        assert.equal(typeof request?.at, 'string');
        for (const key of ['k-none', 'toString', '__proto__', 'constructor']) assert.equal(store.idempotencyKeyUse(key), undefined, key);
      });

      it('an event key: a repeat answers with the event; another body, another request or a request\'s key is refused', async () => {
        let store = await fresh();
        const [r, other] = await store.addRequests([{ data: sampleRequest('C-1001'), meta: keyed('k-r') }, { data: sampleRequest('C-1002'), meta: meta() }]);
        const first = await store.appendEvent(r!.id, costChange('1300.00'), { key: 'k-e', fingerprint: 'a' });
        assert.deepEqual(await store.appendEvent(r!.id, costChange('1300.00'), { key: 'k-e', fingerprint: 'a' }), first);
        await assert.rejects(store.appendEvent(r!.id, costChange('1400.00'), { key: 'k-e', fingerprint: 'b' }), IdempotencyConflict);
        await assert.rejects(store.appendEvent(other!.id, costChange('1300.00'), { key: 'k-e', fingerprint: 'a' }), IdempotencyConflict);
        await assert.rejects(store.appendEvent(r!.id, costChange(), { key: 'k-r' }), IdempotencyConflict);
        await assert.rejects(store.addRequest(sampleRequest('C-1003'), keyed('k-e', 'a')), IdempotencyConflict);
        assert.deepEqual(ids(store.allEvents()), [first.id]);
        assert.equal(store.listRequests().length, 2);
        store = await closeAndReopen(store);
        assert.deepEqual(await store.appendEvent(r!.id, costChange('1300.00'), { key: 'k-e', fingerprint: 'a' }), first);
        assert.equal(store.allEvents().length, 1);
      });

      it('keys go with a purge: the key then makes a new request', async () => {
        const store = await fresh();
        const r = await store.addRequest(sampleRequest(), keyed('k-1', 'f'));
        await store.appendEvent(r.id, costChange(), { key: 'k-e' });
        await store.purgeRequests([r.id]);
        assert.equal(store.idempotencyKeyUse('k-1'), undefined);
        assert.equal(store.idempotencyKeyUse('k-e'), undefined);
        const again = await store.addRequest(sampleRequest(), keyed('k-1', 'other'));
        assert.equal(again.id, 'PR-2026-0002');
      });
    });

    describe('decisions', () => {
      it('build sees the request\'s decisions so far; what it returns is appended with the next D- id, in order', async () => {
        const store = await fresh();
        const [a, b] = await store.addRequests([{ data: sampleRequest('C-1001'), meta: meta() }, { data: sampleRequest('C-1002'), meta: meta() }]);
        const seen: string[][] = [];
        const append = (requestId: string, member: string) => store.appendDecision(requestId, (existing) => {
          seen.push(ids(existing));
          return { ...decision(member), comment: `by ${member}` };
        });
        const first = await append(a!.id, 'm-1');
        const second = await append(b!.id, 'm-2');
        const third = await append(a!.id, 'm-3');
        assert.ok(first.ok && second.ok && third.ok);
        assert.deepEqual(seen, [[], [], ['D-000001']]);
        assert.deepEqual(ids([first.record, second.record, third.record]), ['D-000001', 'D-000002', 'D-000003']);
        assert.deepEqual(store.decisionsFor(a!.id), [first.record, third.record]);
        assert.deepEqual(store.decisionsFor(b!.id), [second.record]);
        assert.deepEqual(store.decisionsFor('PR-2026-0404'), []);
        assert.deepEqual(store.allDecisions(), [first.record, second.record, third.record]);
        const { id: _id, hash: _hash, prevHash: _prev, ...fields } = third.record;
        assert.deepEqual(fields, { ...decision('m-3'), comment: 'by m-3', requestId: a!.id });
      });

      it('a refusal appends nothing and hands back the reason build gave, whatever its type', async () => {
        const store = await fresh();
        const r = await store.addRequest(sampleRequest(), meta());
        const reason = { kind: 'duplicate' as const, of: 'D-000001' };
        const refused = await store.appendDecision(r.id, () => ({ reject: reason }));
        assert.ok(!refused.ok);
        assert.equal(refused.reason, reason);
        const text = await store.appendDecision(r.id, (existing) => (existing.length === 0 ? { reject: 'none yet' } : decision()));
        assert.deepEqual(text, { ok: false, reason: 'none yet' });
        assert.deepEqual(store.allDecisions(), []);
        const next = await store.appendDecision(r.id, () => decision());
        assert.ok(next.ok && next.record.id === 'D-000001');
      });

      it('100 appended at once to one request settle in order, each build seeing every decision before it', async () => {
        let store = await fresh();
        const r = await store.addRequest(sampleRequest(), meta());
        const seen: string[][] = [];
        const settled: number[] = [];
        const results = await Promise.all(range(100).map((i) => store.appendDecision(r.id, (existing) => {
          seen.push(ids(existing));
          return decision(`m-${i}`);
        }).then((result) => {
          settled.push(i);
          return result;
        })));
        const expected = range(100).map((i) => `D-${String(i + 1).padStart(6, '0')}`);
        assert.deepEqual(seen, range(100).map((i) => expected.slice(0, i)));
        assert.deepEqual(settled, range(100));
        assert.deepEqual(results.map((x) => (x.ok ? x.record.id : 'refused')), expected);
        assert.deepEqual(store.decisionsFor(r.id).map((d) => d.decidedBy.aadObjectId), range(100).map((i) => `m-${i}`));
        store = await closeAndReopen(store);
        assert.deepEqual(ids(store.decisionsFor(r.id)), expected);
        assert.deepEqual(store.verify(), { ok: true, count: 100 });
      });

      it('of 100 appended at once whose build refuses once one exists, exactly the first is recorded', async () => {
        let store = await fresh();
        const r = await store.addRequest(sampleRequest(), meta());
        const results = await Promise.all(range(100).map((i) => store.appendDecision(r.id,
          (existing) => (existing.length > 0 ? { reject: `decided by ${existing[0]!.decidedBy.aadObjectId}` } : decision(`m-${i}`)))));
        const [first, ...rest] = results;
        assert.ok(first?.ok && first.record.decidedBy.aadObjectId === 'm-0');
        assert.deepEqual(rest, range(99).map(() => ({ ok: false, reason: 'decided by m-0' })));
        store = await closeAndReopen(store);
        assert.equal(store.decisionsFor(r.id).length, 1);
      });

      it('a refusal resting on a decision whose write fails is not given: both reject', async () => {
        let failing = false;
        const store = await failingStore(() => failing);
        const r = await store.addRequest(sampleRequest(), meta());
        failing = true;
        const build = (member: string) => (existing: readonly unknown[]): NewDecision | { reject: string } =>
          (existing.length > 0 ? { reject: 'already decided' } : decision(member));
        const settled = await Promise.allSettled([store.appendDecision(r.id, build('m-1')), store.appendDecision(r.id, build('m-2'))]);
        assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected']);
        for (const s of settled) assert.ok(s.status === 'rejected' && s.reason instanceof StoreError);
        assert.deepEqual(store.allDecisions(), []);
        failing = false;
        assert.ok((await store.appendDecision(r.id, build('m-3'))).ok);
      });

      it('a decision for an unknown request, naming another request, or that would not load is refused, changing nothing', async () => {
        const store = await fresh();
        const [r, other] = await store.addRequests([{ data: sampleRequest('C-1001'), meta: meta() }, { data: sampleRequest('C-1002'), meta: meta() }]);
        let built = 0;
        await assert.rejects(store.appendDecision('PR-2026-0404', () => {
          built += 1;
          return decision();
        }), isStoreError(/PR-2026-0404/));
        assert.equal(built, 0, 'build is not run for a request that is not stored');
        await assert.rejects(store.appendDecision(r!.id, () => ({ ...decision(), requestId: other!.id })), isStoreError(new RegExp(other!.id)));
        await assert.rejects(store.appendDecision(r!.id, () => ({ ...decision(), outcome: 'maybe' as NewDecision['outcome'] })), isStoreError(/outcome/));
        assert.deepEqual(store.allDecisions(), []);
        const next = await store.appendDecision(r!.id, () => ({ ...decision(), requestId: r!.id }));
        assert.ok(next.ok && next.record.id === 'D-000001');
      });
    });

    describe('events', () => {
      it('are appended with the next E- id, in order, per request and overall', async () => {
        const store = await fresh();
        const [a, b] = await store.addRequests([{ data: sampleRequest('C-1001'), meta: meta() }, { data: sampleRequest('C-1002'), meta: meta() }]);
        const e1 = await store.appendEvent(a!.id, costChange('1300.00'));
        const e2 = await store.appendEvent(b!.id, costChange('1400.00'));
        const e3 = await store.appendEvent(a!.id, { type: 'ended', date: '2026-09-01', reason: 'turned_18', recordedBy: { aadObjectId: 's', name: 'S' }, recordedAt: '2026-09-01T09:00:00.000Z' });
        assert.deepEqual(ids([e1, e2, e3]), ['E-000001', 'E-000002', 'E-000003']);
        assert.deepEqual(store.eventsFor(a!.id), [e1, e3]);
        assert.deepEqual(store.eventsFor(b!.id), [e2]);
        assert.deepEqual(store.eventsFor('PR-2026-0404'), []);
        assert.deepEqual(store.allEvents(), [e1, e2, e3]);
        const { id: _id, hash: _hash, prevHash: _prev, ...fields } = e2;
        assert.deepEqual(fields, { ...costChange('1400.00'), requestId: b!.id });
      });

      it('an event for an unknown request, naming another request, or that would not load is refused, changing nothing', async () => {
        const store = await fresh();
        const [r, other] = await store.addRequests([{ data: sampleRequest('C-1001'), meta: meta() }, { data: sampleRequest('C-1002'), meta: meta() }]);
        await assert.rejects(store.appendEvent('PR-2026-0404', costChange()), isStoreError(/PR-2026-0404/));
        await assert.rejects(store.appendEvent(r!.id, { ...costChange(), requestId: other!.id }), isStoreError(new RegExp(other!.id)));
        await assert.rejects(store.appendEvent(r!.id, costChange('12.5')), isStoreError(/weeklyCost/));
        assert.deepEqual(store.allEvents(), []);
        assert.equal((await store.appendEvent(r!.id, costChange())).id, 'E-000001');
      });

      it('a check sees the request\'s events so far; a reason refuses with EventRefused, appending nothing; of 50 at once exactly the first lands', async () => {
        let store = await fresh();
        const [r, other] = await store.addRequests([{ data: sampleRequest('C-1001'), meta: meta() }, { data: sampleRequest('C-1002'), meta: meta() }]);
        const onOther = await store.appendEvent(other!.id, ended('2026-08-01'));
        const seen: string[][] = [];
        const once = (existing: readonly { id: string; type: string }[]) => {
          seen.push(ids(existing));
          return existing.some((e) => e.type === 'ended') ? 'ended already' : undefined;
        };
        const first = await store.appendEvent(r!.id, costChange('1300.00'), undefined, once);
        assert.deepEqual(seen, [[]], 'only this request\'s events');
        const results = await Promise.allSettled(range(50).map((i) => store.appendEvent(r!.id, ended(`2026-09-${String(1 + (i % 28)).padStart(2, '0')}`), undefined, once)));
        const landed = results.filter((x) => x.status === 'fulfilled');
        assert.equal(landed.length, 1);
        assert.equal(landed[0]!.status === 'fulfilled' && landed[0]!.value.date, '2026-09-01', 'the first sent');
        for (const x of results.slice(1)) assert.ok(x.status === 'rejected' && x.reason instanceof EventRefused && x.reason.reason === 'ended already');
        assert.deepEqual(seen[1], [first.id]);
        store = await closeAndReopen(store);
        assert.deepEqual(store.eventsFor(r!.id).map((e) => e.type), ['cost_change', 'ended']);
        assert.deepEqual(store.allEvents().map((e) => e.id), [onOther.id, first.id, 'E-000003'], 'a refusal takes no id');
      });

      if (options.openAnother) {
        const openAnother = options.openAnother;
        it('two instances ending one placement at the same moment record one end, the other refused on seeing it', async () => {
          const a = await fresh();
          const requests = await a.addRequests(range(10).map((i) => ({ data: sampleRequest(`C-${2000 + i}`), meta: meta() })));
          const b = track(await openAnother(dir));
          const once = (existing: readonly { type: string }[]) => (existing.some((e) => e.type === 'ended') ? 'ended already' : undefined);
          for (const r of requests) {
            const results = await Promise.allSettled([a.appendEvent(r.id, ended('2026-09-01'), undefined, once), b.appendEvent(r.id, ended('2026-09-02'), undefined, once)]);
            assert.equal(results.filter((x) => x.status === 'fulfilled').length, 1, `${r.id}: ${JSON.stringify(results)}`);
            assert.ok(results.some((x) => x.status === 'rejected' && x.reason instanceof EventRefused));
          }
          const fresher = track(await openAnother(dir));
          assert.equal(fresher.allEvents().length, 10);
          assert.deepEqual(fresher.verify(), { ok: true, count: 10 });
        });
      }

      it('a started event, which has no reason, is kept in the chain and across a reopen (issue #15)', async () => {
        let store = await fresh();
        const r = await store.addRequest(sampleRequest('C-1001'), meta());
        const recordedBy = { aadObjectId: 's', name: 'S' };
        const s = await store.appendEvent(r.id, { type: 'started', date: '2026-07-06', note: 'moved in', recordedBy, recordedAt: '2026-07-06T09:00:00.000Z' });
        const c = await store.appendEvent(r.id, costChange('1300.00'));
        assert.deepEqual(store.eventsFor(r.id), [s, c]);
        assert.equal(c.prevHash, s.hash);
        store = await closeAndReopen(store);
        assert.deepEqual(store.eventsFor(r.id), [s, c]);
        assert.deepEqual(store.verify(), { ok: true, count: 2 });
      });
    });

    describe('governance records', () => {
      it('build sees every record so far; what it returns is appended with the next G- id, in order, and survives a reopen', async () => {
        let store = await fresh();
        assert.deepEqual(store.governanceRecords(), []);
        const seen: string[][] = [];
        const append = (record: NewGovernance) => store.appendGovernance((existing) => {
          seen.push(ids(existing));
          return record;
        });
        const roles = await append(rolesInForce());
        const started = await append(meetingStarted('m-1'));
        assert.ok(roles.ok && started.ok);
        const ended = await append(meetingEnded(started.record.id));
        assert.ok(ended.ok);
        assert.deepEqual(seen, [[], ['G-000001'], ['G-000001', 'G-000002']]);
        const records = [roles.record, started.record, ended.record];
        assert.deepEqual(ids(records), ['G-000001', 'G-000002', 'G-000003']);
        assert.deepEqual(store.governanceRecords(), records);
        const { id: _id, hash: _hash, prevHash: _prev, ...fields } = started.record;
        assert.deepEqual(fields, meetingStarted('m-1'));
        assert.equal(started.record.prevHash, roles.record.hash, 'chained to the record before it');
        assert.deepEqual(store.verify(), { ok: true, count: 3 });
        for (const record of store.governanceRecords()) assertDeepFrozen(record);
        store = await closeAndReopen(store);
        assert.deepEqual(store.governanceRecords(), records);
        for (const record of store.governanceRecords()) assertDeepFrozen(record);
        assert.deepEqual(store.verify(), { ok: true, count: 3 });
        const next = await store.appendGovernance(() => rolesInForce());
        assert.ok(next.ok && next.record.id === 'G-000004', 'numbering goes on after a reopen');
      });

      it('a refusal appends nothing, takes no id and hands back the reason build gave; one that would not load is refused', async () => {
        const store = await fresh();
        const revision = store.revision();
        const reason = { kind: 'no_meeting' as const };
        const refused = await store.appendGovernance(() => ({ reject: reason }));
        assert.ok(!refused.ok);
        assert.equal(refused.reason, reason);
        assert.deepEqual(store.governanceRecords(), []);
        assert.equal(store.revision(), revision, 'nothing changed');
        await assert.rejects(store.appendGovernance(() => ({ ...rolesInForce(), recordedAt: 'soon' })), isStoreError(/recordedAt/));
        await assert.rejects(store.appendGovernance(() => ({ ...meetingEnded('G-000001'), type: 'meeting_over' } as unknown as NewGovernance)), StoreError);
        assert.deepEqual(store.governanceRecords(), []);
        const first = await store.appendGovernance(() => ({ ...rolesInForce(), id: 'G-999999', hash: 'x' } as unknown as NewGovernance));
        assert.ok(first.ok && first.record.id === 'G-000001', 'an id or hash sent is replaced');
        assert.deepEqual(store.verify(), { ok: true, count: 1 });
      });

      it('of 20 meetings started at once, exactly one starts; once it has ended the next may', async () => {
        let store = await fresh();
        const results = await Promise.all(range(20).map((i) => store.appendGovernance(startUnlessUnderWay(`m-${i}`))));
        const [first, ...rest] = results;
        assert.ok(first?.ok && first.record.type === 'meeting_started' && first.record.recordedBy.aadObjectId === 'm-0');
        assert.deepEqual(rest, range(19).map(() => ({ ok: false, reason: `meeting ${first.record.id} is under way` })));
        assert.equal(store.governanceRecords().length, 1);
        assert.ok((await store.appendGovernance(() => meetingEnded(first.record.id))).ok);
        const again = await Promise.all(range(5).map((i) => store.appendGovernance(startUnlessUnderWay(`n-${i}`))));
        assert.equal(again.filter((x) => x.ok).length, 1);
        store = await closeAndReopen(store);
        assert.deepEqual(store.governanceRecords().map((g) => g.type), ['meeting_started', 'meeting_ended', 'meeting_started']);
      });

      it('share writes with decisions and events, each chain numbered on its own; a purge leaves them all', async () => {
        let store = await fresh();
        const r = await store.addRequest(sampleRequest(), meta());
        const [d, g, e, g2] = await Promise.all([
          store.appendDecision(r.id, () => decision()), store.appendGovernance(() => rolesInForce()),
          store.appendEvent(r.id, costChange()), store.appendGovernance(() => meetingStarted()),
        ]);
        assert.ok(d.ok && g.ok && g2.ok);
        assert.deepEqual([d.record.id, e.id, g.record.id, g2.record.id], ['D-000001', 'E-000001', 'G-000001', 'G-000002']);
        assert.equal(await store.purgeRequests([r.id]), 1);
        assert.deepEqual(ids(store.governanceRecords()), ['G-000001', 'G-000002']);
        assert.deepEqual(store.verify(), { ok: true, count: 2 });
        store = await closeAndReopen(store);
        assert.deepEqual(ids(store.governanceRecords()), ['G-000001', 'G-000002']);
        assert.deepEqual(store.verify(), { ok: true, count: 2 });
        assert.ok((await store.appendGovernance(() => meetingEnded('G-000002'))).ok);
      });

      it('a failed write takes the record back and rejects; the next append works', async () => {
        let failing = false;
        let store = await failingStore(() => failing);
        assert.ok((await store.appendGovernance(() => rolesInForce())).ok);
        const before = contents(store);
        failing = true;
        const write = store.appendGovernance(startUnlessUnderWay('m-1'));
        assert.equal(store.governanceRecords().length, 2, 'seen in memory at once');
        await assert.rejects(write, StoreError);
        assert.deepEqual(contents(store), before);
        failing = false;
        assert.ok((await store.appendGovernance(startUnlessUnderWay('m-2'))).ok);
        const kept = contents(store);
        store = await closeAndReopen(store);
        assert.deepEqual(contents(store), kept);
        assert.deepEqual(store.verify(), { ok: true, count: 2 });
      });

      it('verify() finds a governance record edited where it is stored', async () => {
        let store = await fresh();
        await store.appendGovernance(() => rolesInForce());
        await store.appendGovernance(() => meetingStarted());
        await store.appendGovernance(() => meetingEnded('G-000002'));
        await close(store);
        await options.editGovernanceRecord(dir, 'G-000002', (record) => ({ ...record, recordedAt: '2026-03-02T08:00:00.000Z' }));
        store = track(await reopen(dir));
        assert.deepEqual(store.verify(), {
          ok: false, chain: 'governance', index: 1, id: 'G-000002', reason: 'its contents do not match its hash: the record was edited',
        });
      });

      if (options.openAnother) {
        const openAnother = options.openAnother;
        it('two instances starting a meeting at the same moment start one, and each sees it', async () => {
          const a = await fresh();
          const b = track(await openAnother(dir));
          for (let round = 0; round < 5; round++) {
            const results = await Promise.all([a.appendGovernance(startUnlessUnderWay('m-a')), b.appendGovernance(startUnlessUnderWay('m-b'))]);
            const started = results.filter((x) => x.ok);
            assert.equal(started.length, 1, `round ${round}: ${JSON.stringify(results)}`);
            const meeting = started[0]!.ok ? started[0]!.record.id : '';
            assert.deepEqual(results.find((x) => !x.ok), { ok: false, reason: `meeting ${meeting} is under way` });
            assert.ok((await (round % 2 ? a : b).appendGovernance(() => meetingEnded(meeting))).ok);
          }
          const other = track(await openAnother(dir));
          assert.equal(other.governanceRecords().length, 10);
          assert.deepEqual(other.verify(), { ok: true, count: 10 });
          for (const s of [a, b]) {
            // A write brings each instance up to date, whether or not it heard of the other's.
            await s.setDigestState({ lastWeekSent: '2026-W20' });
            assert.deepEqual(s.governanceRecords(), other.governanceRecords());
          }
        });
      }
    });

    describe('hash chains', () => {
      it('every decision and event follows the one before it in its chain, and verify() counts them all', async () => {
        let store = await fresh();
        assert.deepEqual(store.verify(), { ok: true, count: 0 });
        const [a, b] = await store.addRequests([{ data: sampleRequest('C-1001'), meta: meta() }, { data: sampleRequest('C-1002'), meta: meta() }]);
        for (const r of [a!, b!, a!]) {
          await store.appendDecision(r.id, () => decision(`m-${r.id}`));
          await store.appendEvent(r.id, costChange());
        }
        for (const chain of [store.allDecisions(), store.allEvents()]) {
          for (const [i, record] of chain.entries()) {
            assert.equal(typeof record.hash, 'string');
            if (i > 0) assert.equal(record.prevHash, chain[i - 1]!.hash, `${record.id} follows ${chain[i - 1]!.id}`);
          }
        }
        assert.deepEqual(verifyChain({ decisions: store.allDecisions(), events: store.allEvents() }), { ok: true, count: 6 }, 'each hash is the record\'s own');
        assert.deepEqual(store.verify(), { ok: true, count: 6 });
        store = await closeAndReopen(store);
        assert.deepEqual(store.verify(), { ok: true, count: 6 });
      });
    });

    describe('purge', () => {
      it('removes the requests with their decisions, events, cards and keys, answers how many went, and the chains still verify', async () => {
        let store = await fresh();
        const [a, b, c] = await store.addRequests([1, 2, 3].map((i) => ({ data: sampleRequest(`C-${1000 + i}`), meta: keyed(`k${i}`) })));
        for (const r of [a!, b!, c!, a!, b!]) {
          await store.appendDecision(r.id, () => decision(`m-${r.id}`));
          await store.appendEvent(r.id, costChange());
        }
        await store.setCard(a!.id, { conversationId: 'c', activityId: 'a1' });
        await store.setCard(b!.id, { conversationId: 'c', activityId: 'a2' });
        await store.setConversation('panel', conversation);

        assert.equal(await store.purgeRequests([]), 0);
        assert.equal(await store.purgeRequests(['PR-2026-0404']), 0);
        assert.equal(await store.purgeRequests([a!.id, c!.id, 'PR-2026-0404', a!.id]), 2);
        const expected = {
          requests: [b!.id], decisions: [b!.id, b!.id], events: [b!.id, b!.id],
          gone: [undefined, undefined], goneLists: [0, 0, 0, 0], cards: [undefined, { conversationId: 'c', activityId: 'a2' }],
          keys: [undefined, b!.id, undefined], conversation, verify: { ok: true, count: 4 },
        };
        const left = (s: PanelStore) => ({
          requests: ids(s.listRequests()),
          decisions: s.allDecisions().map((d) => d.requestId),
          events: s.allEvents().map((e) => e.requestId),
          gone: [s.getRequest(a!.id), s.getRequest(c!.id)],
          goneLists: [s.decisionsFor(a!.id).length, s.eventsFor(a!.id).length, s.decisionsFor(c!.id).length, s.eventsFor(c!.id).length],
          cards: [s.getCard(a!.id), s.getCard(b!.id)],
          keys: ['k1', 'k2', 'k3'].map((k) => s.idempotencyKeyUse(k)?.requestId),
          conversation: s.getConversation('panel'),
          verify: s.verify(),
        });
        assert.deepEqual(left(store), expected);
        store = await closeAndReopen(store);
        assert.deepEqual(left(store), expected);
      });

      it('never gives a purged decision\'s or event\'s id again, also across a reopen', async () => {
        let store = await fresh();
        const [a, b] = await store.addRequests([{ data: sampleRequest('C-1001'), meta: meta() }, { data: sampleRequest('C-1002'), meta: meta() }]);
        await store.appendDecision(a!.id, () => decision());
        await store.appendEvent(a!.id, costChange());
        await store.purgeRequests([a!.id]);
        const d2 = await store.appendDecision(b!.id, () => decision());
        assert.ok(d2.ok && d2.record.id === 'D-000002');
        assert.equal((await store.appendEvent(b!.id, costChange())).id, 'E-000002');
        await store.purgeRequests([b!.id]);
        store = await closeAndReopen(store);
        const c = await store.addRequest(sampleRequest('C-1003'), meta());
        const d3 = await store.appendDecision(c.id, () => decision());
        assert.ok(d3.ok && d3.record.id === 'D-000003');
        assert.equal((await store.appendEvent(c.id, costChange())).id, 'E-000003');
        assert.deepEqual(store.verify(), { ok: true, count: 2 });
      });
    });

    describe('revision', () => {
      it('changes on every write, to a number not seen before', async () => {
        const store = await fresh();
        const seen = [store.revision()];
        const changed = (what: string) => {
          const now = store.revision();
          assert.ok(!seen.includes(now), `${what} changed the revision (${now}, seen ${seen.join(', ')})`);
          seen.push(now);
        };
        const r = await store.addRequest(sampleRequest(), meta());
        changed('addRequest');
        await store.addRequests([{ data: sampleRequest('C-1002'), meta: meta() }, { data: sampleRequest('C-1003'), meta: meta() }]);
        changed('addRequests');
        await store.appendDecision(r.id, () => decision());
        changed('appendDecision');
        await store.appendEvent(r.id, costChange());
        changed('appendEvent');
        await store.appendGovernance(() => rolesInForce());
        changed('appendGovernance');
        await store.setConversation('panel', conversation);
        changed('setConversation');
        await store.setCard(r.id, { conversationId: 'c', activityId: 'a' });
        changed('setCard');
        await store.setDigestState({ lastWeekSent: '2026-W10' });
        changed('setDigestState');
        await store.purgeRequests([r.id]);
        changed('purgeRequests');
      });

      it('changes when a failed write is taken back, to a number not seen before', async () => {
        let failing = false;
        const store = await failingStore(() => failing);
        const r = await store.addRequest(sampleRequest(), meta());
        const seen = [store.revision()];
        failing = true;
        const write = store.appendDecision(r.id, () => decision());
        seen.push(store.revision());
        assert.equal(store.allDecisions().length, 1, 'a write is seen in memory at once');
        await assert.rejects(write, StoreError);
        assert.deepEqual(store.allDecisions(), []);
        assert.ok(!seen.includes(store.revision()), `undoing changed the revision (${store.revision()}, seen ${seen.join(', ')})`);
      });
    });

    describe('changedSince', () => {
      it('names the requests each write or undoing touched since a revision, and nothing for what belongs to none (issue 17)', async () => {
        let failing = false;
        const store = await failingStore(() => failing);
        const since = (revision: number) => [...(store.changedSince(revision) ?? ['(cannot tell)'])].sort();
        const start = store.revision();
        assert.deepEqual(since(start), []);
        const [a, b] = await store.addRequests([{ data: sampleRequest('C-1002'), meta: meta() }, { data: sampleRequest('C-1003'), meta: meta() }]);
        assert.deepEqual(since(start), [a!.id, b!.id].sort());
        const afterAdd = store.revision();
        await store.appendDecision(a!.id, () => decision());
        assert.deepEqual(since(afterAdd), [a!.id]);
        const afterDecision = store.revision();
        await store.appendEvent(b!.id, costChange());
        await store.appendGovernance(() => rolesInForce());
        await store.setCard(a!.id, { conversationId: 'c', activityId: 'a' });
        await store.setDigestState({ lastWeekSent: '2026-W10' });
        assert.deepEqual(since(afterDecision), [b!.id], 'an event names its request; governance, cards and the digest name none');
        const beforeFailure = store.revision();
        failing = true;
        await assert.rejects(store.appendDecision(b!.id, () => decision()), StoreError);
        failing = false;
        assert.deepEqual(since(beforeFailure), [b!.id], 'a failed write and its undoing name the request');
        const beforePurge = store.revision();
        await store.purgeRequests([a!.id]);
        assert.deepEqual(since(beforePurge), [a!.id]);
        assert.deepEqual(since(start), [a!.id, b!.id].sort());
        assert.deepEqual(since(store.revision()), []);
      });
    });

    describe('conversations, cards and the digest', () => {
      it('read back what was set, the latest setting winning, also after a reopen', async () => {
        let store = await fresh();
        const r = await store.addRequest(sampleRequest(), meta());
        assert.equal(store.getConversation('panel'), undefined);
        assert.equal(store.getCard(r.id), undefined);
        assert.deepEqual(store.getDigestState(), {});
        await store.setConversation('panel', { ...conversation, serviceUrl: 'https://first/' });
        await store.setConversation('panel', conversation);
        await store.setConversation('leadership', { ...conversation, conversation: { id: '19:leaders' } });
        await store.setCard(r.id, { conversationId: 'c-1', activityId: 'a-1' });
        await store.setCard(r.id, { conversationId: 'c-1', activityId: 'a-2', decisions: 2 });
        await store.setDigestState({ lastWeekSent: '2026-W09' });
        await store.setDigestState({ lastReminderDay: '2026-03-09' });
        await store.setDigestState({ lastWeekSent: '2026-W10' });
        const expected = {
          panel: conversation, leadership: { ...conversation, conversation: { id: '19:leaders' } },
          card: { conversationId: 'c-1', activityId: 'a-2', decisions: 2 }, digest: { lastWeekSent: '2026-W10', lastReminderDay: '2026-03-09' },
          unknown: [undefined, undefined, undefined, undefined],
        };
        const read = (s: PanelStore) => ({
          panel: s.getConversation('panel'), leadership: s.getConversation('leadership'), card: s.getCard(r.id), digest: s.getDigestState(),
          unknown: [s.getConversation('toString'), s.getConversation('__proto__'), s.getCard('PR-2026-0404'), s.getCard('constructor')],
        });
        assert.deepEqual(read(store), expected);
        store = await closeAndReopen(store);
        assert.deepEqual(read(store), expected);
      });

      it('a conversation reference or card that would not load is refused, changing nothing', async () => {
        const store = await fresh();
        const r = await store.addRequest(sampleRequest(), meta());
        await assert.rejects(store.setConversation('panel', { ...conversation, serviceUrl: '' }), isStoreError(/serviceUrl/));
        await assert.rejects(store.setCard(r.id, { conversationId: 'c', activityId: '' }), isStoreError(/activityId/));
        assert.equal(store.getConversation('panel'), undefined);
        assert.equal(store.getCard(r.id), undefined);
      });

      it('a card for a request that is not stored (purged while its card was posted) is refused, and the store still opens', async () => {
        const store = await fresh();
        const r = await store.addRequest(sampleRequest(), meta());
        await store.purgeRequests([r.id]);
        await assert.rejects(store.setCard(r.id, { conversationId: 'c', activityId: 'a' }), isStoreError(/no request/));
        await assert.rejects(store.setCard('PR-2026-9999', { conversationId: 'c', activityId: 'a' }), isStoreError(/no request/));
        const again = await closeAndReopen(store);
        assert.equal(again.getCard(r.id), undefined);
      });
    });

    describe('a failed write', () => {
      it('rejects with a StoreError and leaves nothing of itself, whatever the write; the next works', async () => {
        let failing = false;
        let store = await failingStore(() => failing);
        const r = await store.addRequest(sampleRequest(), keyed('k-1'));
        await store.appendDecision(r.id, () => decision('m-0'));
        await store.setConversation('panel', conversation);
        const before = contents(store, ['k-1', 'k-2', 'k-e']);
        failing = true;
        const settled = await Promise.allSettled([
          store.addRequest(sampleRequest(), keyed('k-2')),
          store.appendDecision(r.id, () => decision('m-1')),
          store.appendEvent(r.id, costChange(), { key: 'k-e' }),
          store.setConversation('panel', { ...conversation, serviceUrl: 'https://elsewhere/' }),
          store.setCard(r.id, { conversationId: 'c', activityId: 'a' }),
          store.setDigestState({ lastWeekSent: '2026-W11' }),
          store.purgeRequests([r.id]),
        ]);
        for (const [i, s] of settled.entries()) assert.ok(s.status === 'rejected' && s.reason instanceof StoreError, `write ${i} rejected with a StoreError`);
        assert.deepEqual(contents(store, ['k-1', 'k-2', 'k-e']), before);
        failing = false;
        const next = await store.appendDecision(r.id, () => decision('m-2'));
        assert.ok(next.ok);
        const added = await store.addRequest(sampleRequest(), keyed('k-2'));
        assert.ok(!before.requests.some((x) => x.id === added.id), 'an acknowledged id is not given again');
        const kept = contents(store, ['k-1', 'k-2', 'k-e']);
        store = await closeAndReopen(store);
        assert.deepEqual(contents(store, ['k-1', 'k-2', 'k-e']), kept);
        assert.deepEqual(store.verify(), { ok: true, count: 2 });
      });
    });

    describe('claims', () => {
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

      it('a second holder is refused while the lease runs and gets the key once it ran out; keys stand apart', async () => {
        const store = await fresh();
        assert.equal(await store.claim('post:PR-1', 'one', 300), true);
        assert.equal(await store.claim('post:PR-1', 'two', 60_000), false);
        assert.equal(await store.claim('post:PR-2', 'two', 300), true, 'another key is free');
        await pause(400);
        assert.equal(await store.claim('post:PR-1', 'two', 60_000), true, 'the lease ran out');
        assert.equal(await store.claim('post:PR-1', 'one', 300), false, 'now two holds it');
      });

      it('the same holder claims again, renewing its lease', async () => {
        const store = await fresh();
        assert.equal(await store.claim('digest:2026-W10', 'one', 400), true);
        await pause(250);
        assert.equal(await store.claim('digest:2026-W10', 'one', 400), true, 'held already');
        await pause(250);
        assert.equal(await store.claim('digest:2026-W10', 'two', 400), false, 'renewed past the first lease');
      });

      it('a release frees the key for another at once; a release by one not holding it does nothing', async () => {
        const store = await fresh();
        assert.equal(await store.claim('k', 'one', 60_000), true);
        await store.release('k', 'two');
        assert.equal(await store.claim('k', 'two', 60_000), false);
        await store.release('k', 'one');
        assert.equal(await store.claim('k', 'two', 60_000), true);
      });

      it('a lease that is not a whole number of milliseconds above 0 is refused', async () => {
        const store = await fresh();
        for (const lease of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
          await assert.rejects(store.claim('k', 'one', lease), isStoreError(/lease/), String(lease));
        }
        assert.equal(await store.claim('k', 'two', 1000), true, 'nothing was held');
      });
    });

    describe('close', () => {
      it('waits for pending writes, then refuses writes; a reopen has them', async () => {
        let store = await fresh();
        assert.equal(store.isReadable(), true);
        const r = await store.addRequest(sampleRequest(), meta());
        const pending = [store.appendDecision(r.id, () => decision()), store.appendEvent(r.id, costChange()), store.setDigestState({ lastWeekSent: '2026-W12' })];
        await close(store);
        const settled = await Promise.allSettled(pending);
        assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'fulfilled', 'fulfilled']);
        assert.equal(store.isReadable(), false);
        const closed = /closed/;
        await assert.rejects(store.addRequest(sampleRequest(), meta()), isStoreError(closed));
        await assert.rejects(store.addRequests([{ data: sampleRequest(), meta: meta() }]), isStoreError(closed));
        await assert.rejects(store.appendDecision(r.id, () => decision()), isStoreError(closed));
        await assert.rejects(store.appendEvent(r.id, costChange()), isStoreError(closed));
        await assert.rejects(store.appendGovernance(() => rolesInForce()), isStoreError(closed));
        await assert.rejects(store.setConversation('panel', conversation), isStoreError(closed));
        await assert.rejects(store.setCard(r.id, { conversationId: 'c', activityId: 'a' }), isStoreError(closed));
        await assert.rejects(store.setDigestState({ lastWeekSent: '2026-W13' }), isStoreError(closed));
        await assert.rejects(store.purgeRequests([r.id]), isStoreError(closed));
        store = track(await reopen(dir));
        assert.equal(store.allDecisions().length, 1);
        assert.equal(store.allEvents().length, 1);
        assert.deepEqual(store.getDigestState(), { lastWeekSent: '2026-W12' });
      });
    });

    describe('reopen', () => {
      it('returns the same data', async () => {
        let store = await fresh();
        const [a, b] = await store.addRequests([{ data: sampleRequest('C-1001'), meta: keyed('k-1', 'f') }, { data: sampleRequest('C-1002'), meta: meta('2025-02-02T00:00:00Z') }]);
        await store.appendDecision(a!.id, () => decision('m-1', 'defer'));
        await store.appendDecision(a!.id, () => decision('m-2'));
        await store.appendDecision(b!.id, () => decision('m-1', 'decline'));
        await store.appendEvent(a!.id, costChange(), { key: 'k-e', fingerprint: 'g' });
        await store.setConversation('panel', conversation);
        await store.setCard(a!.id, { conversationId: 'c', activityId: 'a', decisions: 2 });
        await store.setDigestState({ lastWeekSent: '2026-W10' });
        const keys = ['k-1', 'k-e', 'k-none'];
        const before = contents(store, keys);
        store = await closeAndReopen(store);
        assert.deepEqual(contents(store, keys), before);
        assert.deepEqual(store.verify(), { ok: true, count: 4 });
      });
    });

    describe('records', () => {
      it('are frozen through and through, as written and as read back', async () => {
        let store = await fresh();
        const r = await store.addRequest(sampleRequest(), meta());
        const d = await store.appendDecision(r.id, () => decision());
        const e = await store.appendEvent(r.id, costChange());
        await store.setConversation('panel', conversation);
        await store.setCard(r.id, { conversationId: 'c', activityId: 'a' });
        await store.setDigestState({ lastWeekSent: '2026-W10' });
        assert.ok(d.ok);
        const all = (s: PanelStore) => [
          s.getRequest(r.id), ...s.listRequests(), ...s.allDecisions(), ...s.allEvents(), ...s.decisionsFor(r.id), ...s.eventsFor(r.id),
          s.getConversation('panel'), s.getCard(r.id), s.getDigestState(),
        ];
        for (const record of [r, d.record, e, ...all(store)]) assertDeepFrozen(record);
        store = await closeAndReopen(store);
        for (const record of all(store)) assertDeepFrozen(record);
      });
    });
  });
}
