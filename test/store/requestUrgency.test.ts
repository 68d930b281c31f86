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

/** An emergency placement already made, for the panel to ratify (issue #15). */
function placedInAnEmergency() {
  return placementRequestInputSchema.parse({
    ...sampleRequest('C-31401'),
    proposed: { type: 'residential', provider: 'Oak House', weeklyCost: '6108.00', startDate: '2026-02-27' },
    urgency: 'emergency',
    alreadyPlaced: true,
  });
}

/** Both stores keep urgency and alreadyPlaced: what went in comes back after a reopen. */
async function keptAcrossReopen(open: () => Promise<PanelStore>): Promise<string> {
  const first = await open();
  const added = await first.addRequest(placedInAnEmergency(), meta());
  const urgent = await first.addRequest(placementRequestInputSchema.parse({ ...sampleRequest('C-31402'), urgency: 'urgent' }), meta());
  const plain = await first.addRequest(sampleRequest('C-31403'), meta());
  await first.close();
  const again = await open();
  try {
    const read = again.getRequest(added.id)!;
    assert.equal(read.urgency, 'emergency');
    assert.equal(read.alreadyPlaced, true);
    assert.deepEqual(read, added);
    assert.equal(again.getRequest(urgent.id)!.urgency, 'urgent');
    // Routine is stored as routine, not left to be guessed.
    assert.equal(again.getRequest(plain.id)!.urgency, 'routine');
    assert.equal('alreadyPlaced' in again.getRequest(plain.id)!, false);
    return added.id;
  } finally {
    await again.close();
  }
}

describe('a request\'s urgency and alreadyPlaced are stored', () => {
  it('by the JSON file store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'urgency-'));
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
      const url = await server.createDatabase('urgency');
      const id = await keptAcrossReopen(() => openPostgresStore(url));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ record: { urgency?: string; alreadyPlaced?: boolean } }>('SELECT record FROM requests WHERE id = $1', [id]);
        assert.equal(rows[0]!.record.urgency, 'emergency');
        assert.equal(rows[0]!.record.alreadyPlaced, true);
      } finally {
        await client.end();
      }
    });
  });
});
