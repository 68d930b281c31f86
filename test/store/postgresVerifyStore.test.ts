import assert from 'node:assert/strict';
import pg from 'pg';
import { main } from '../../scripts/verifyStore.js';
import { shippedMigrations } from '../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../src/store/postgres/openPostgresStore.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';
import { costChange, decision, meetingStarted, meta, rolesInForce, sampleRequest } from './helpers.js';

/** npm run verify-store on the PostgreSQL store: the URL given, or DATABASE_URL. */
describe('scripts/verifyStore on a PostgreSQL store', () => {
  let server: TestPostgres;
  let url: string;

  before(async function () {
    server = await postgresFor(this);
  });
  beforeEach(async () => {
    url = await server.createDatabase('verify');
    const store = await openPostgresStore(url);
    const [a, b] = await store.addRequests([{ data: sampleRequest('C-60001'), meta: meta() }, { data: sampleRequest('C-60002'), meta: meta() }]);
    assert.ok((await store.appendDecision(a!.id, () => decision('member-1', 'approve'))).ok);
    assert.ok((await store.appendDecision(b!.id, () => decision('member-2', 'decline'))).ok);
    await store.appendEvent(a!.id, costChange());
    assert.ok((await store.appendGovernance(() => rolesInForce())).ok);
    assert.ok((await store.appendGovernance(() => meetingStarted())).ok);
    await store.close();
  });

  async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string[] }> {
    const out: string[] = [];
    const code = await main(args, env, (line) => out.push(line));
    return { code, out };
  }
  async function sql(target: string, text: string): Promise<pg.QueryResult> {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      return await client.query(text);
    } finally {
      await client.end();
    }
  }
  const named = (database: string) => new RegExp(`in the PostgreSQL database ${database} on 127\\.0\\.0\\.1:\\d+ as postgres`);
  const database = () => new URL(url).pathname.slice(1);

  it('an untouched store: "ok: 2 decisions, 1 events, 2 governance records", exit 0, from the argument or from DATABASE_URL before STORE_PATH', async () => {
    for (const result of [await run([url]), await run([], { DATABASE_URL: url, STORE_PATH: '/nowhere/panel.json' })]) {
      assert.equal(result.code, 0, result.out.join('\n'));
      assert.equal(result.out.length, 1);
      assert.match(result.out[0]!, /^ok: 2 decisions, 1 events, 2 governance records in /);
      assert.match(result.out[0]!, named(database()));
    }
  });

  it('a record edited in the database: NOT OK naming it, exit 1', async () => {
    await sql(url, `UPDATE decisions SET record = jsonb_set(record, '{outcome}', '"decline"') WHERE id = 'D-000001'`);
    const { code, out } = await run([url]);
    assert.equal(code, 1);
    assert.match(out[0]!, /^NOT OK: decisions record 1 \(D-000001\) its contents do not match its hash/);
  });

  it('a governance record edited in the database: NOT OK naming it, exit 1', async () => {
    await sql(url, `UPDATE governance SET record = jsonb_set(record, '{recordedAt}', '"2026-03-02T08:00:00.000Z"') WHERE id = 'G-000002'`);
    const { code, out } = await run([url]);
    assert.equal(code, 1);
    assert.match(out[0]!, /^NOT OK: governance record 2 \(G-000002\) its contents do not match its hash/);
  });

  it('the last governance record deleted: NOT OK at the end of its chain', async () => {
    await sql(url, "DELETE FROM governance WHERE id = 'G-000002'");
    const { code, out } = await run([url]);
    assert.equal(code, 1);
    assert.match(out[0]!, /^NOT OK: the end of the governance chain/);
  });

  it('a database not yet migrated to 005_governance is read without migrating it: no governance records', async () => {
    const older = await server.createDatabase('verify_older');
    const store = await openPostgresStore(older, { migrations: shippedMigrations().filter((m) => m.version < 5), follow: false });
    const r = await store.addRequest(sampleRequest('C-60003'), meta());
    assert.ok((await store.appendDecision(r.id, () => decision())).ok);
    await store.close();
    const { code, out } = await run([older]);
    assert.equal(code, 0, out.join('\n'));
    assert.match(out[0]!, /^ok: 1 decisions, 0 events, 0 governance records in /);
    assert.equal((await sql(older, "SELECT to_regclass('governance') IS NULL AS absent")).rows[0].absent, true, 'left unmigrated');
  });

  it('the last record deleted: NOT OK at the end of its chain', async () => {
    await sql(url, "DELETE FROM events WHERE id = 'E-000001'");
    const { code, out } = await run([url]);
    assert.equal(code, 1);
    assert.match(out[0]!, /^NOT OK: the end of the events chain/);
  });

  it('a database holding no store is reported, and left without tables', async () => {
    const empty = await server.createDatabase('verify_empty');
    const { code, out } = await run([empty]);
    assert.equal(code, 1);
    assert.match(out[0]!, /^There is no store in the PostgreSQL database verify_empty_/);
    assert.equal((await sql(empty, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n, 0);
  });

  it('an unreachable database: exit 1, naming its host, not the password', async () => {
    const { code, out } = await run(['postgres://panel:s3cret-pw@127.0.0.1:1/panel']);
    assert.equal(code, 1);
    assert.match(out.join('\n'), /database panel on 127\.0\.0\.1:1 as panel/);
    assert.doesNotMatch(out.join('\n'), /s3cret/);
  });
});
