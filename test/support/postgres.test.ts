import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import pg from 'pg';
import { postgresFor, type TestPostgres } from './postgres.js';

/**
 * Money must come back from PostgreSQL as the exact text it was stored as, for decimal.js: a float
 * turns 6108.10 into 6108.1 and adds pennies up as binary fractions. node-postgres leaves numeric
 * unparsed by default, but parses numeric[] with parseFloat, and any code calling the process-wide
 * pg.types.setTypeParser could change either. So the parsers are pinned on each client (as the store
 * must pin them on its pool), never taken from the defaults.
 */
const NUMERIC = 1700;
const NUMERIC_ARRAY = 1231;
const TEXT_ARRAY = 1009;

function moneyAsText(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(NUMERIC, 'text', (value: string) => value);
  // text[]'s parser splits an array literal into strings; @types/pg mistypes a parser's input as a number.
  const textArray = types.getTypeParser(TEXT_ARRAY, 'text') as unknown as (value: string) => (string | null)[];
  types.setTypeParser(NUMERIC_ARRAY, 'text', textArray);
  return types;
}

describe('test support: a throwaway PostgreSQL server, through pg', () => {
  let server: TestPostgres;
  const clients: pg.Client[] = [];

  async function connect(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url, types: moneyAsText() });
    clients.push(client);
    await client.connect();
    return client;
  }

  before(async function () {
    server = await postgresFor(this);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end()));
  });

  it('stores a numeric(14,2) and reads back the exact string, alone, in arrays and in sums', async () => {
    const url = await server.createDatabase('money');
    const db = await connect(url);
    await db.query('CREATE TABLE placement (id int PRIMARY KEY, weekly_cost numeric(14,2) NOT NULL)');
    await db.query('INSERT INTO placement VALUES (1, $1), (2, $2)', ['6108.00', '0.10']);

    const one = await db.query<{ weekly_cost: unknown }>('SELECT weekly_cost FROM placement WHERE id = 1');
    assert.equal(one.rows[0]!.weekly_cost, '6108.00');
    const all = await db.query<{ costs: unknown; total: unknown }>(
      'SELECT array_agg(weekly_cost ORDER BY id) AS costs, sum(weekly_cost) AS total FROM placement');
    assert.deepEqual(all.rows[0], { costs: ['6108.00', '0.10'], total: '6108.10' });

    const unpinned = new pg.Client({ connectionString: url });
    clients.push(unpinned);
    await unpinned.connect();
    const floats = await unpinned.query<{ costs: unknown }>('SELECT array_agg(weekly_cost ORDER BY id) AS costs FROM placement');
    assert.deepEqual(floats.rows[0]!.costs, [6108, 0.1], "pg's own numeric[] parser, which the pinned one replaces");
  });

  it('delivers a NOTIFY payload to a client that LISTENs, once the sender commits', async () => {
    const url = await server.createDatabase('notify');
    const listener = await connect(url);
    const sender = await connect(url);
    await listener.query('LISTEN panel_changes');
    const heard: string[] = [];
    listener.on('notification', (message) => heard.push(message.payload ?? ''));

    await sender.query('BEGIN');
    await sender.query("SELECT pg_notify('panel_changes', 'PR-2025-0001 decided')");
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(heard, [], 'a notification inside a transaction waits for its commit');
    const delivered = once(listener, 'notification');
    await sender.query('COMMIT');
    await delivered;
    assert.deepEqual(heard, ['PR-2025-0001 decided']);
  });

  it('keeps two databases apart: tables, rows and notifications', async () => {
    const a = await connect(await server.createDatabase('apart'));
    const b = await connect(await server.createDatabase('apart'));
    await a.query('CREATE TABLE request (id text PRIMARY KEY)');
    await a.query("INSERT INTO request VALUES ('PR-2025-0001')");

    const inB = await b.query<{ found: string | null }>("SELECT to_regclass('request')::text AS found");
    assert.equal(inB.rows[0]!.found, null);
    await b.query('CREATE TABLE request (id text PRIMARY KEY)');
    assert.equal((await b.query('SELECT * FROM request')).rowCount, 0);

    const heardInA: string[] = [];
    a.on('notification', (message) => heardInA.push(message.payload ?? ''));
    await a.query('LISTEN panel_changes');
    await b.query("NOTIFY panel_changes, 'from b'");
    await a.query("NOTIFY panel_changes, 'from a'");
    await a.query('SELECT 1');
    assert.deepEqual(heardInA, ['from a']);
  });
});
