import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeStoreFs, type StoreFs } from '../../src/store/durableJsonFile.js';
import { openStore } from '../../src/store/lowdbStore.js';
import { describeStoreContract } from './contract.js';

const storeIn = (dir: string) => join(dir, 'panel.json');

describeStoreContract('the JSON file store', (dir) => openStore(storeIn(dir)), {
  // A full disk: the data reaches the file but not the platter, so nothing may be acknowledged.
  openFailing: (dir, failing) => {
    const fs: StoreFs = {
      ...nodeStoreFs,
      fsync: async (handle) => {
        if (failing()) throw Object.assign(new Error('ENOSPC: no space left on device, fsync'), { code: 'ENOSPC' });
        return nodeStoreFs.fsync(handle);
      },
    };
    return openStore(storeIn(dir), { fs });
  },
  // A closed store has its journal folded into the file: the record is edited there.
  editGovernanceRecord: async (dir, id, edit) => {
    const file = JSON.parse(await readFile(storeIn(dir), 'utf8')) as { governance: Record<string, unknown>[] };
    file.governance = file.governance.map((record) => (record.id === id ? edit(record) : record));
    await writeFile(storeIn(dir), JSON.stringify(file, null, 2));
  },
});
