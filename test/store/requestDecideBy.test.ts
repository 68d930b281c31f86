import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { placementRequestInputSchema } from '../../src/domain/request.js';
import type { PanelStore } from '../../src/store/panelStore.js';
import { openStore } from '../../src/store/lowdbStore.js';
import { openPostgresStore } from '../../src/store/postgres/openPostgresStore.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';
import { meta, sampleRequest } from './helpers.js';

/** A request naming its decide-by date and an alternative's provider (issue #14). */
function withDecideBy() {
  return placementRequestInputSchema.parse({
    ...sampleRequest('C-31337'),
    decideBy: '2026-03-20',
    alternatives: [{ id: 'alt-1', label: 'In-house foster care', type: 'in_house_fostering', provider: 'Council fostering', weeklyCost: '1200.00' }],
  });
}

/** Both stores keep the request as validated data: what went in comes back after a reopen. */
async function keptAcrossReopen(open: () => Promise<PanelStore>): Promise<string> {
  const first = await open();
  const added = await first.addRequest(withDecideBy(), meta());
  await first.close();
  const again = await open();
  try {
    const read = again.getRequest(added.id)!;
    assert.equal(read.decideBy, '2026-03-20');
    assert.equal(read.alternatives[0]!.provider, 'Council fostering');
    assert.deepEqual(read, added);
    // A request without one stays without one: the rule fills it in where it is shown, not in the store.
    const plain = await again.addRequest(sampleRequest('C-31338'), meta());
    assert.equal('decideBy' in plain, false);
    return added.id;
  } finally {
    await again.close();
  }
}

describe('a request\'s decide-by date and alternatives\' providers are stored', () => {
  it('by the JSON file store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'decide-by-'));
    try {
      await keptAcrossReopen(() => openStore(join(dir, 'panel.json')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('by the PostgreSQL store', () => {
    let server: TestPostgres;
    before(async function () {
      server = await postgresFor(this);
    });

    it('in the row\'s record, read back after a reopen', async () => {
      const url = await server.createDatabase('decideby');
      const id = await keptAcrossReopen(() => openPostgresStore(url));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ record: { decideBy?: string; alternatives: { provider?: string }[] } }>('SELECT record FROM requests WHERE id = $1', [id]);
        assert.equal(rows[0]!.record.decideBy, '2026-03-20');
        assert.equal(rows[0]!.record.alternatives[0]!.provider, 'Council fostering');
      } finally {
        await client.end();
      }
    });
  });
});
