import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importFile, importReport } from '../../scripts/importRequests.js';
import { sampleRequest } from '../support/botHarness.js';
import { diskBytes, storeOnDisk } from '../store/helpers.js';

describe('npm run import (bulk import of a council\'s high-cost list)', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'panel-import-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('imports every row in one go', async () => {
    const file = join(dir, 'rows.json');
    await writeFile(file, JSON.stringify([sampleRequest(), sampleRequest({ childRef: 'C-2' + '0001' })]));
    const result = await importFile(file, join(dir, 'panel.json'));
    assert.ok(result.ok);
    assert.match(importReport(result), /Imported 2 request\(s\): PR-\d{4}-0001, PR-\d{4}-0002/);
    const stored = await storeOnDisk(join(dir, 'panel.json'));
    assert.deepEqual(stored.requests.map((r) => r.receivedVia), ['import', 'import']);
  });

  it('imports nothing when a row is bad, reporting rows by index and field', async () => {
    const storePath = join(dir, 'panel.json');
    const first = join(dir, 'first.json');
    await writeFile(first, JSON.stringify([sampleRequest()]));
    assert.ok((await importFile(first, storePath)).ok);
    const before = await diskBytes(storePath);
    const file = join(dir, 'rows.json');
    await writeFile(file, JSON.stringify([sampleRequest({ childRef: 'C-20001' }), sampleRequest({ kind: 'sideways' }), sampleRequest({ proposed: { type: 'ifa' } })]));
    const result = await importFile(file, storePath);
    assert.equal(result.ok, false);
    const report = importReport(result);
    assert.match(report, /row 1: kind: must be "new" or "change"/);
    assert.match(report, /row 2: proposed\.weeklyCost/);
    assert.doesNotMatch(report, /row 0/);
    assert.deepEqual(await diskBytes(storePath), before, 'nothing already stored is touched');
  });

  it('runs as a command and exits 1 with the report on bad rows', async () => {
    const file = join(dir, 'rows.json');
    await writeFile(file, JSON.stringify([{ childRef: 'C-1' }]));
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/importRequests.ts', file, '--store', join(dir, 'p.json')]);
    await assert.rejects(run, (err: { code: number; stdout: string }) => err.code === 1 && /row 0: kind/.test(err.stdout));
  });
});
