import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { placementRequestInputSchema } from '../../src/domain/request.js';
import type { NewDecision, PanelStore } from '../../src/store/panelStore.js';
import { StoreError } from '../../src/store/panelStore.js';
import { migrationLabel, shippedMigrations, type Migration } from '../../src/store/postgres/migrations.js';
import { openPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/openPostgresStore.js';
import { panelTypes } from '../../src/store/postgres/pgTypes.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';
import { costChange, decision, meetingStarted, meta, rolesInForce, sampleRequest } from './helpers.js';

/**
 * What the PostgreSQL store does beyond the PanelStore contract it shares with the JSON store
 * (contract.ts, run by postgresStore.contract.test.ts): its schema and migrations, the values it
 * reads back, and several instances writing to one database.
 */
describe('store/postgres: the PostgreSQL store', () => {
  let server: TestPostgres;
  let stores: PanelStore[];
  let clients: pg.Client[];

  before(async function () {
    server = await postgresFor(this);
  });
  beforeEach(() => {
    stores = [];
    clients = [];
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const client of clients.splice(0)) await client.end();
  });

  const open = async (url: string, options?: PostgresStoreOptions) => {
    const store = await openPostgresStore(url, options);
    stores.push(store);
    return store;
  };
  /** A plain client, reading values as the store's pool does. */
  const sql = async (url: string) => {
    const client = new pg.Client({ connectionString: url, types: panelTypes() });
    clients.push(client);
    await client.connect();
    return client;
  };
  const tables = async (url: string) => {
    const db = await sql(url);
    const { rows } = await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    return rows.map((r) => r.name);
  };
  // Numbered after the shipped ones, so that it is the one that fails.
  const next = shippedMigrations().length + 1;
  const broken: Migration = { version: next, name: 'broken', sql: 'CREATE TABLE half_done (id integer); SELECT 1 / 0;' };

  describe('migrations', () => {
    it('are applied once when two stores open the same empty database at the same moment', async () => {
      const url = await server.createDatabase('migrate');
      const notices: string[] = [];
      const [a, b] = await Promise.all([0, 1].map(() => open(url, { notice: (m) => notices.push(m) })));
      assert.equal(notices.length, 1, `one of them migrated: ${notices.join(' | ')}`);
      assert.match(notices[0]!, /001_panel_store/);
      const db = await sql(url);
      const { rows } = await db.query('SELECT version, name FROM schema_migrations ORDER BY version');
      assert.deepEqual(rows, shippedMigrations().map((m) => ({ version: m.version, name: m.name })));
      const r = await a!.addRequest(sampleRequest(), meta());
      assert.equal((await b!.appendEvent(r.id, costChange())).requestId, r.id, 'both write to the one schema');
    });

    it('a failing one changes nothing, none of those before it in the same start either, and names itself', async () => {
      const url = await server.createDatabase('broken');
      await assert.rejects(open(url, { migrations: [...shippedMigrations(), broken] }), (e: Error) => {
        assert.ok(e instanceof StoreError);
        assert.match(e.message, new RegExp(`Migration ${migrationLabel(broken)} failed`));
        assert.match(e.message, /division by zero/);
        assert.match(e.message, /Nothing was changed/);
        return true;
      });
      assert.deepEqual(await tables(url), [], 'not even 001 or schema_migrations is left');
    });

    it('a failing one leaves a database that was migrated before as it was', async () => {
      const url = await server.createDatabase('broken');
      const first = await open(url);
      const r = await first.addRequest(sampleRequest(), meta());
      await first.close();
      const before = await tables(url);
      await assert.rejects(open(url, { migrations: [...shippedMigrations(), broken] }), new RegExp(`Migration ${migrationLabel(broken)} failed`));
      assert.deepEqual(await tables(url), before);
      const again = await open(url);
      assert.deepEqual(again.listRequests(), [r]);
    });

    it('005_governance adds the governance chain to a store already in use: its data still verifies, governance records go into a table of their own', async () => {
      const url = await server.createDatabase('governance');
      const older = await open(url, { migrations: shippedMigrations().filter((m) => m.version < 5), follow: false });
      const r = await older.addRequest(sampleRequest(), meta());
      assert.ok((await older.appendDecision(r.id, () => decision())).ok);
      await older.appendEvent(r.id, costChange());
      await older.close();
      const notices: string[] = [];
      const store = await open(url, { notice: (m) => notices.push(m) });
      assert.match(notices.join(' '), /migrated: 005_governance\./);
      assert.deepEqual(store.verify(), { ok: true, count: 2 });
      assert.deepEqual(store.governanceRecords(), []);
      const started = await store.appendGovernance(() => meetingStarted('m-1', '2026-03-02T09:00:00.000Z'));
      assert.ok(started.ok && started.record.id === 'G-000001');
      assert.deepEqual(store.verify(), { ok: true, count: 3 });

      const db = await sql(url);
      const { rows } = await db.query('SELECT id, type, recorded_by, recorded_at, prev_hash, hash, record FROM governance');
      assert.deepEqual(rows, [{
        id: 'G-000001', type: 'meeting_started', recorded_by: 'm-1', recorded_at: '2026-03-02T09:00:00.000Z',
        prev_hash: started.record.prevHash, hash: started.record.hash, record: started.record,
      }]);
      const chains = await db.query<{ name: string; length: string }>('SELECT name, length FROM chains ORDER BY name');
      assert.deepEqual(chains.rows.map((c) => [c.name, c.length]), [['decisions', '1'], ['events', '1'], ['governance', '1']]);
      // A second record after the same one would fork the chain: refused by the table whatever the application does.
      await assert.rejects(db.query(`INSERT INTO governance (id, change_seq, record, type, recorded_by, prev_hash, hash)
        VALUES ('G-000009', 99, '{}', 'meeting_started', 'x', $1, 'another')`, [started.record.prevHash]), /governance_prev_hash_key/);
    });

    it('a database migrated by a newer version is refused, naming the migration this one lacks', async () => {
      const url = await server.createDatabase('newer');
      await (await open(url, { migrations: [...shippedMigrations(), { version: next, name: 'from_the_future', sql: 'SELECT 1' }] })).close();
      await assert.rejects(open(url), (e: Error) => e instanceof StoreError && e.message.includes(migrationLabel({ version: next, name: 'from_the_future' })) && /newer version/.test(e.message));
    });
  });

  describe('values', () => {
    const change = () => placementRequestInputSchema.parse({
      ...sampleRequest(), kind: 'change', changeReason: 'step_down',
      current: { type: 'residential', provider: 'Elm Court', weeklyCost: '987654321098.76' },
      proposed: { ...sampleRequest().proposed, weeklyCost: '6108.10' },
    });

    it('money comes back as the exact text it was stored as, in the records and in the typed columns', async () => {
      const url = await server.createDatabase('money');
      let store = await open(url);
      const r = await store.addRequest(change(), meta());
      await store.appendEvent(r.id, costChange('0.10'));
      await store.appendEvent(r.id, costChange('1234567.89'));
      await store.close();
      store = await open(url);
      assert.equal(store.getRequest(r.id)!.proposed.weeklyCost, '6108.10');
      assert.equal(store.getRequest(r.id)!.current!.weeklyCost, '987654321098.76');
      assert.deepEqual(store.eventsFor(r.id).map((e) => (e.type === 'cost_change' ? e.weeklyCost : '')), ['0.10', '1234567.89']);

      const db = await sql(url);
      const { rows } = await db.query(`SELECT r.proposed_weekly_cost, r.current_weekly_cost, r.start_date, r.received_at,
          (SELECT sum(weekly_cost) FROM events) AS total, (SELECT array_agg(weekly_cost ORDER BY id) FROM events) AS costs,
          (SELECT count(*) FROM events) AS events
        FROM requests r`);
      assert.deepEqual(rows, [{
        proposed_weekly_cost: '6108.10', current_weekly_cost: '987654321098.76', start_date: '2026-04-06',
        received_at: '2026-03-01T10:00:00.000Z', total: '1234567.99', costs: ['0.10', '1234567.89'], events: '2',
      }]);
    });

    it('the store reads money as text even when pg\'s process-wide parsers are changed to floats', async () => {
      const url = await server.createDatabase('money');
      const NUMERIC = 1700;
      const before = pg.types.getTypeParser(NUMERIC, 'text');
      pg.types.setTypeParser(NUMERIC, 'text', parseFloat);
      try {
        const store = await open(url);
        const r = await store.addRequest(change(), meta());
        const db = new pg.Client({ connectionString: url });
        clients.push(db);
        await db.connect();
        assert.equal((await db.query('SELECT proposed_weekly_cost FROM requests')).rows[0].proposed_weekly_cost, 6108.1, 'floats without the pinned parsers');
        const reopened = await open(url);
        assert.deepEqual(reopened.getRequest(r.id), r);
      } finally {
        pg.types.setTypeParser(NUMERIC, 'text', before);
      }
    });

    it('text PostgreSQL cannot keep (a NUL) is refused alone, naming the field; writes beside it are saved', async () => {
      const url = await server.createDatabase('nul');
      const store = await open(url);
      const r = await store.addRequest(sampleRequest(), meta());
      const bad: NewDecision = { ...decision(), decidedBy: { aadObjectId: 'm-1', name: 'Ann\u0000' } };
      const [refused, saved] = await Promise.allSettled([store.appendDecision(r.id, () => bad), store.appendEvent(r.id, costChange())]);
      assert.ok(refused.status === 'rejected' && refused.reason instanceof StoreError && /decidedBy\.name/.test(refused.reason.message));
      assert.equal(saved.status, 'fulfilled');
      assert.deepEqual(store.allDecisions(), []);
      const ok = await store.appendDecision(r.id, () => ({ ...bad, decidedBy: { aadObjectId: 'm-1', name: 'Ann' } }));
      assert.ok(ok.ok && ok.record.id === 'D-000001');
    });
    it('a governance record holding text PostgreSQL cannot keep is refused alone, naming the field', async () => {
      const url = await server.createDatabase('nul_governance');
      const store = await open(url);
      const bad = { ...rolesInForce(), recordedBy: { aadObjectId: 'm-1', name: 'Ann\u0000' } };
      const [refused, saved] = await Promise.allSettled([store.appendGovernance(() => bad), store.appendGovernance(() => meetingStarted())]);
      assert.ok(refused.status === 'rejected' && refused.reason instanceof StoreError && /recordedBy\.name/.test(refused.reason.message));
      assert.ok(saved.status === 'fulfilled' && saved.value.ok && saved.value.record.id === 'G-000001');
      assert.deepEqual(store.governanceRecords().map((g) => g.type), ['meeting_started']);
    });
  });

  describe('opening', () => {
    it('a database that cannot be reached is refused with a StoreError naming its host and port, never the password', async () => {
      const port = await closedPort();
      await assert.rejects(openPostgresStore(`postgres://panel:s3cret-pw@127.0.0.1:${port}/panel`, { connectionTimeoutMillis: 2000 }), (e: Error) => {
        assert.ok(e instanceof StoreError);
        assert.match(e.message, new RegExp(`database panel on 127\\.0\\.0\\.1:${port} as panel`));
        assert.match(e.message, /ECONNREFUSED/);
        assert.doesNotMatch(e.message, /s3cret/);
        return true;
      });
    });

    it('its path is the URL without the password', async () => {
      const url = new URL(await server.createDatabase('path'));
      url.password = 'not-needed';
      const store = await open(url.toString());
      assert.ok(!store.path.includes('not-needed'), store.path);
      assert.match(store.path, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/path_/);
    });
  });

  describe('two instances on one database', () => {
    let seen: string[];
    const quorumOfOne = (member: string) => (existing: readonly { decidedBy: { aadObjectId: string } }[]): NewDecision | { reject: string } => {
      seen.push(`${member} saw ${existing.length}`);
      return existing.length > 0 ? { reject: `decided by ${existing[0]!.decidedBy.aadObjectId}` } : decision(member);
    };

    it('deciding one request at the same moment under a quorum of one record exactly one decision', async () => {
      const url = await server.createDatabase('race');
      const a = await open(url);
      const requests = await a.addRequests(Array.from({ length: 20 }, (_, i) => ({ data: sampleRequest(`C-${2000 + i}`), meta: meta() })));
      const b = await open(url);
      for (const r of requests) {
        seen = [];
        const results = await Promise.all([a.appendDecision(r.id, quorumOfOne('m-a')), b.appendDecision(r.id, quorumOfOne('m-b'))]);
        const recorded = results.filter((x) => x.ok);
        assert.equal(recorded.length, 1, `${r.id}: ${JSON.stringify(results)}`);
        const winner = recorded[0]!.ok ? recorded[0]!.record.decidedBy.aadObjectId : '';
        const loser = winner === 'm-a' ? 'm-b' : 'm-a';
        assert.deepEqual(results.find((x) => !x.ok), { ok: false, reason: `decided by ${winner}` });
        // Both decided on seeing none; the loser's build ran again, under the lock, on seeing the winner's.
        assert.deepEqual(seen, ['m-a saw 0', 'm-b saw 0', `${loser} saw 1`]);
      }
      // All at once too: each instance sends its twenty in one transaction.
      const more = await a.addRequests(Array.from({ length: 20 }, (_, i) => ({ data: sampleRequest(`C-${3000 + i}`), meta: meta() })));
      await b.setDigestState({ lastWeekSent: '2026-W01' });
      seen = [];
      const all = await Promise.all(more.flatMap((r) => [a.appendDecision(r.id, quorumOfOne('m-a')), b.appendDecision(r.id, quorumOfOne('m-b'))]));
      assert.equal(all.filter((x) => x.ok).length, 20);

      const db = await sql(url);
      const { rows } = await db.query('SELECT request_id, count(*)::int AS n FROM decisions GROUP BY request_id HAVING count(*) <> 1');
      assert.deepEqual(rows, [], 'one decision per request in the database');
      assert.equal((await db.query('SELECT count(*)::int AS n FROM decisions')).rows[0].n, 40);
      const fresh = await open(url);
      assert.deepEqual(fresh.verify(), { ok: true, count: 40 });
      for (const store of [a, b]) {
        await store.setDigestState({ lastWeekSent: '2026-W02' });
        assert.deepEqual(store.allDecisions(), fresh.allDecisions(), 'each instance caught up with what the other decided');
        assert.deepEqual(store.verify(), { ok: true, count: 40 });
      }
    });

    it('claiming one key at the same moment, exactly one holder gets it; the other once its lease ran out', async () => {
      const url = await server.createDatabase('claims');
      const a = await open(url);
      const b = await open(url);
      const got = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claim('post:PR-2026-0001', `holder-${i}`, 300)));
      assert.equal(got.filter(Boolean).length, 1, JSON.stringify(got));
      const winner = got.indexOf(true);
      assert.equal(await b.claim('post:PR-2026-0001', `holder-${winner}`, 300), true, 'the winner holds it, on either instance');
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(await a.claim('post:PR-2026-0001', 'late', 300), true);
    });

    it('claims whose lease ran out are deleted by the next claim, on either instance; those still held stay', async () => {
      const url = await server.createDatabase('claims_trimmed');
      const a = await open(url);
      const b = await open(url);
      assert.equal(await a.claim('digest:2026-W45', 'a', 1), true);
      assert.equal(await a.claim('post:PR-2026-0001', 'a', 1), true);
      assert.equal(await a.claim('update:PR-2026-0002', 'a', 60_000), true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(await b.claim('digest:2026-W46', 'b', 60_000), true);
      const db = await sql(url);
      const { rows } = await db.query('SELECT key, holder FROM claims ORDER BY key');
      assert.deepEqual(rows, [{ key: 'digest:2026-W46', holder: 'b' }, { key: 'update:PR-2026-0002', holder: 'a' }]);
      assert.equal(await b.claim('update:PR-2026-0002', 'b', 60_000), false, 'a lease still running is kept, and still refuses another');
      assert.equal(await b.claim('post:PR-2026-0001', 'b', 60_000), true, 'a key whose row was deleted is free');
    });

    it('a claim granted brings the copy up to date first, so the holder sees what others did before it', async () => {
      const url = await server.createDatabase('claim_catches_up');
      const a = await open(url);
      const r = await a.addRequest(sampleRequest(), meta());
      // Deaf to notifications: only the claim can tell it of a's card.
      const b = await open(url, { follow: false });
      await a.setCard(r.id, { conversationId: '19:panel', activityId: 'm-1', decisions: 0 });
      assert.equal(b.getCard(r.id), undefined, 'not heard of yet');
      assert.equal(await b.claim(`update:${r.id}`, 'b', 60_000), true);
      assert.deepEqual(b.getCard(r.id), { conversationId: '19:panel', activityId: 'm-1', decisions: 0 });
      await a.setCard(r.id, { conversationId: '19:panel', activityId: 'm-1', decisions: 1 });
      assert.equal(await b.claim(`update:${r.id}`, 'other', 60_000), false);
      assert.equal(b.getCard(r.id)?.decisions, 0, 'a claim refused reads nothing');
    });

    it('events appended by both at once all land, numbered on one chain', async () => {
      const url = await server.createDatabase('events');
      const a = await open(url);
      const r = await a.addRequest(sampleRequest(), meta());
      const b = await open(url);
      const events = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).appendEvent(r.id, costChange(`${1000 + i}.00`))));
      assert.deepEqual(events.map((e) => e.id).sort(), Array.from({ length: 10 }, (_, i) => `E-${String(i + 1).padStart(6, '0')}`));
      const fresh = await open(url);
      assert.deepEqual(fresh.verify(), { ok: true, count: 10 });
      assert.deepEqual(new Set(fresh.allEvents().map((e) => (e.type === 'cost_change' ? e.weeklyCost : ''))),
        new Set(events.map((e) => (e.type === 'cost_change' ? e.weeklyCost : ''))));
    });

    it('an instance catches up on its next write: the other\'s changes, a request it did not know, a purge', async () => {
      const url = await server.createDatabase('catchup');
      const a = await open(url);
      // Not listening, so that only its writes bring it up to date (postgresFollow.test.ts listens).
      const b = await open(url, { follow: false });
      const [r1, r2] = await a.addRequests([{ data: sampleRequest('C-1001'), meta: { ...meta(), idempotencyKey: 'k-1' } }, { data: sampleRequest('C-1002'), meta: meta() }]);
      await a.appendDecision(r1!.id, () => decision('m-a'));
      await a.setConversation('panel', { channelId: 'msteams', conversation: { id: '19:panel' }, serviceUrl: 'https://smba/' });
      assert.equal(b.getRequest(r1!.id), undefined, 'b has not heard of it yet');

      const revision = b.revision();
      const event = await b.appendEvent(r1!.id, costChange());
      assert.equal(event.id, 'E-000001');
      assert.deepEqual(b.listRequests(), a.listRequests());
      assert.deepEqual(b.decisionsFor(r1!.id), a.decisionsFor(r1!.id));
      assert.equal(b.getConversation('panel')?.serviceUrl, 'https://smba/');
      assert.equal(b.idempotencyKeyUse('k-1')?.requestId, r1!.id);
      assert.equal((await b.addRequest(sampleRequest(), { ...meta(), idempotencyKey: 'k-1' })).id, r1!.id, 'a key a used is a repeat on b');
      assert.ok(b.revision() > revision);

      // A purge deletes the logged changes naming its requests: b, behind them, reads everything again.
      await a.appendEvent(r2!.id, costChange());
      assert.equal(await a.purgeRequests([r1!.id]), 1);
      const third = await a.addRequest(sampleRequest('C-1003'), meta());
      const beforeReload = b.revision();
      await assert.rejects(b.appendDecision(r1!.id, () => decision('m-b')), /There is no request/);
      assert.ok(b.revision() > beforeReload, 'a reload moves the revision on');
      assert.deepEqual(b.listRequests().map((r) => r.id), [r2!.id, third.id]);
      assert.deepEqual(b.allEvents(), a.allEvents());
      assert.deepEqual(b.verify(), { ok: true, count: 1 });
      assert.equal((await b.addRequest(sampleRequest('C-1004'), meta())).id, 'PR-2026-0004', 'numbered after a\'s');
    });
  });
});

/** A port nothing listens on (just closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
