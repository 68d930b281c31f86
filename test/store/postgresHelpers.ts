import type pg from 'pg';
import { openPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/openPostgresStore.js';
import type { TestPostgres } from '../support/postgres.js';

/**
 * A pool whose connections are cut, while `failing()` says so, as they are handed out: the server
 * ends the session (pg_terminate_backend, as an administrator or a failover would), so the store
 * meets the error pg really gives for a connection lost, not one made up for the test.
 */
export function losingConnections(pool: pg.Pool, failing: () => boolean): pg.Pool {
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const cut = async (victim: pg.PoolClient) => {
    // Until the store takes it, nobody listens for the error the cut connection emits.
    victim.on('error', () => undefined);
    const pid = (victim as unknown as { processID: number }).processID;
    const killer = await connect();
    try {
      await killer.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      killer.release();
    }
    // The session's end reaches the victim's socket after the answer to the killer: wait for it.
    await new Promise((resolve) => setTimeout(resolve, 20));
  };
  (pool as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    const client = await connect();
    if (failing()) await cut(client);
    return client;
  };
  return pool;
}

/** One database per test folder the contract hands out: `open` and `reopen` of a test share it. */
export function databasesByFolder(server: () => TestPostgres, name: string) {
  const urls = new Map<string, string>();
  const urlFor = async (dir: string) => {
    let url = urls.get(dir);
    if (url === undefined) {
      url = await server().createDatabase(name);
      urls.set(dir, url);
    }
    return url;
  };
  return {
    urlFor,
    open: async (dir: string, options: PostgresStoreOptions = {}) => openPostgresStore(await urlFor(dir), options),
  };
}
