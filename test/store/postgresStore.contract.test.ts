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
    editGovernanceRecord: async (dir, id, edit) => {
      const client = new pg.Client({ connectionString: await databases.urlFor(dir) });
      await client.connect();
      try {
        const { rows } = await client.query<{ record: Record<string, unknown> }>('SELECT record FROM governance WHERE id = $1', [id]);
        await client.query('UPDATE governance SET record = $2 WHERE id = $1', [id, JSON.stringify(edit(rows[0]!.record))]);
      } finally {
        await client.end();
      }
    },
    // Another instance on the same database, as a second bot process would be.
    openAnother: (dir) => databases.open(dir),
  });
});
