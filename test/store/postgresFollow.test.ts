import assert from 'node:assert/strict';
import pg from 'pg';
import type { PanelStore } from '../../src/store/panelStore.js';
import { LISTENER_NAME, openPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/openPostgresStore.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';
import { costChange, meetingStarted, meta, sampleRequest } from './helpers.js';

/** Resolves once `ok()` holds, checking every 10 ms; fails after `ms`. */
async function within(ms: number, what: string, ok: () => boolean): Promise<number> {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > ms) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - start;
}

/**
 * An instance that never writes still answers from the latest data: it hears other instances'
 * commits (LISTEN panel_changes, changeListener.ts) and catches up in turn with its own writes.
 */
describe('store/postgres: following other instances without writing', () => {
  let server: TestPostgres;
  let stores: PanelStore[];
  let admin: pg.Client | undefined;

  before(async function () {
    server = await postgresFor(this);
  });
  beforeEach(() => {
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await admin?.end();
    admin = undefined;
  });

  const open = async (url: string, options?: PostgresStoreOptions) => {
    const store = await openPostgresStore(url, options);
    stores.push(store);
    return store;
  };
  /** The listening sessions on the database at `url`, by their server process ids. */
  const listeners = async (url: string) => {
    if (!admin) {
      admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
    }
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [new URL(url).pathname.slice(1), LISTENER_NAME]);
    return rows.map((r) => r.pid);
  };

  it('a write on one instance shows on another that never writes within a second, its revision moved', async () => {
    const url = await server.createDatabase('follow');
    const a = await open(url, { follow: false });
    const b = await open(url);
    const revision = b.revision();
    const r = await a.addRequest(sampleRequest(), meta());
    await within(1000, 'the request on b', () => b.getRequest(r.id) !== undefined);
    assert.ok(b.revision() > revision, 'cached answers refresh');
    assert.deepEqual([...b.changedSince(revision) ?? []], [r.id], 'another instance\'s change names its request, as a change of its own would');
    const afterRequest = b.revision();
    const e = await a.appendEvent(r.id, costChange());
    await within(1000, 'the event on b', () => b.eventsFor(r.id).length === 1);
    assert.deepEqual(b.eventsFor(r.id), [e]);
    assert.deepEqual([...b.changedSince(afterRequest) ?? []], [r.id]);
    const g = await a.appendGovernance(() => meetingStarted());
    assert.ok(g.ok);
    await within(1000, 'the governance record on b', () => b.governanceRecords().length === 1);
    assert.deepEqual(b.governanceRecords(), [g.record]);
    // A purge drops the logged changes b would need: it reads everything again.
    const other = await a.addRequest(sampleRequest('C-1002'), meta());
    await within(1000, 'the second request on b', () => b.getRequest(other.id) !== undefined);
    const beforePurge = b.revision();
    await a.purgeRequests([r.id]);
    await within(1000, 'the purge on b', () => b.getRequest(r.id) === undefined);
    const sincePurge = b.changedSince(beforePurge);
    assert.ok(sincePurge === undefined || sincePurge.has(r.id), 'read again or not, the purged request is named, or everything is to be read again');
    assert.deepEqual(b.listRequests(), a.listRequests());
    assert.deepEqual(b.governanceRecords(), [g.record], 'read again, the governance record is kept');
    assert.deepEqual(b.verify(), a.verify());
  });

  it('a write made while its listening connection is cut is seen once it reconnects', async () => {
    const url = await server.createDatabase('reconnect');
    const a = await open(url, { follow: false });
    const b = await open(url, { listener: { minDelayMillis: 300 } });
    const [pid] = await listeners(url);
    assert.ok(pid, 'b listens on a session of its own');
    await admin!.query('SELECT pg_terminate_backend($1)', [pid]);
    // Written while b has nobody listening: no notification reaches it.
    const r = await a.addRequest(sampleRequest(), meta());
    await within(3000, 'the request on b after reconnecting', () => b.getRequest(r.id) !== undefined);
    const [again] = await listeners(url);
    assert.ok(again !== undefined && again !== pid, 'listening again on a new session');
    const e = await a.appendEvent(r.id, costChange());
    await within(1000, 'a later event on b', () => b.eventsFor(r.id).length === 1);
    assert.deepEqual(b.eventsFor(r.id), [e]);
  });

  it('catching up while writing applies nothing twice: both copies end as the database', async () => {
    const url = await server.createDatabase('interleave');
    const a = await open(url);
    const b = await open(url);
    const r = await a.addRequest(sampleRequest(), meta());
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        ...Array.from({ length: 4 }, (_, i) => a.appendEvent(r.id, costChange(`${1000 + round * 10 + i}.00`))),
        ...Array.from({ length: 3 }, (_, i) => b.appendEvent(r.id, costChange(`${2000 + round * 10 + i}.00`))),
      ]);
      await new Promise((resolve) => setTimeout(resolve, round * 5));
    }
    await within(1000, 'every event on both', () => a.allEvents().length === 35 && b.allEvents().length === 35);
    const fresh = await open(url, { follow: false });
    assert.deepEqual(a.allEvents(), fresh.allEvents());
    assert.deepEqual(b.allEvents(), fresh.allEvents());
    assert.deepEqual(b.verify(), { ok: true, count: 35 });
  });

  it('close() stops listening', async () => {
    const url = await server.createDatabase('closing');
    const b = await open(url);
    assert.equal((await listeners(url)).length, 1);
    await b.close();
    assert.deepEqual(await listeners(url), []);
  });
});
