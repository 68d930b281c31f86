import pg from 'pg';
import { postgresFor, type TestPostgres } from '../support/postgres.js';
import { describeStoreContract } from './contract.js';
import { databasesByFolder, losingConnections } from './postgresHelpers.js';

describe('the PostgreSQL store', () => {
  let server: TestPostgres;
  before(async function () {
    server = await postgresFor(this);
  });

  // A fresh database per test; a reopen is a new store, with a pool of its own, on the same one.
  const databases = databasesByFolder(() => server, 'contract');
  describeStoreContract('the PostgreSQL store', (dir) => databases.open(dir), {
    // A lost database connection: each connection the store takes while failing is cut by the server.
    openFailing: (dir, failing) => databases.open(dir, { pool: (config) => losingConnections(new pg.Pool(config), failing) }),
  });
});
