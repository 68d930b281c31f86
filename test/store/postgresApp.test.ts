import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { sampleRequest, startHarness, type Harness } from '../support/botHarness.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';

/**
 * The bot on the PostgreSQL store: DATABASE_URL set, the app opens it instead of the JSON file, and
 * /readyz follows whether the database takes writes.
 */
describe('the app on the PostgreSQL store (DATABASE_URL)', function () {
  this.timeout(30_000);
  let server: TestPostgres;
  let url: string;
  let h: Harness | undefined;

  before(async function () {
    server = await postgresFor(this);
  });
  beforeEach(async () => {
    url = await server.createDatabase('app');
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const start = async () => {
    h = await startHarness({ env: { DATABASE_URL: url, DATABASE_POOL_SIZE: '3' }, schedule: false });
    return h;
  };
  const status = async (path: string) => (await fetch(`${h!.url}${path}`)).status;

  /** Sets the database read-only, or back, and ends its sessions so that the pool's next ones take the setting. */
  async function readOnly(on: boolean): Promise<void> {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      const database = new URL(url).pathname.slice(1);
      await admin.query(`ALTER DATABASE ${database} ${on ? 'SET default_transaction_read_only = on' : 'RESET default_transaction_read_only'}`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
    } finally {
      await admin.end();
    }
  }

  it('keeps requests in the database, not in STORE_PATH, across a restart', async () => {
    await start();
    const created = await h!.api('POST', '/api/requests', sampleRequest());
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    assert.equal(await status('/healthz'), 200);
    assert.equal(await status('/readyz'), 200);
    assert.equal(existsSync(h!.storePath), false, 'no JSON store was made');
    await h!.close();
    h = undefined;
    await start();
    const read = await h!.api('GET', `/api/requests/${id}`);
    assert.equal(read.status, 200);
    assert.equal((read.body.request as { id: string }).id, id);
  });

  it('is not ready while the database refuses writes, and ready again once it takes them, with no write sent', async () => {
    await start();
    await readOnly(true);
    assert.equal((await h!.api('POST', '/api/requests', sampleRequest())).status, 503);
    assert.equal(await status('/readyz'), 503);
    // Liveness stays up and questions are answered from the copy in memory: a restart would not help.
    assert.equal(await status('/healthz'), 200);
    assert.equal((await h!.api('GET', '/api/savings')).status, 200);
    await readOnly(false);
    assert.equal(await status('/readyz'), 200);
    assert.equal((await h!.api('POST', '/api/requests', sampleRequest())).status, 201);
  });
});
