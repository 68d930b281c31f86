import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../scripts/verifyStore.js';
import { journalPathFor } from '../../src/store/journal.js';
import { openStore } from '../../src/store/lowdbStore.js';
import { diskBytes, meta, sampleRequest, tempFolder } from '../store/helpers.js';
import { ROOT } from './serverProcess.js';

/** verify-store on a journal cut short: the incomplete change is reported, exit 1; once kept by the bot, listed. */
describe('reliability: verify-store reports a torn journal tail', function () {
  this.timeout(30_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  let path: string;
  let journal: string;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    path = join(dir, 'panel.json');
    journal = journalPathFor(path);
    const store = await openStore(path);
    for (const ref of ['C-60001', 'C-60002', 'C-60003']) await store.addRequest(sampleRequest(ref), meta());
    // The disk as a kill -9 would leave it, then the journal cut 40 bytes short.
    const disk = await diskBytes(path);
    await store.close();
    await writeFile(path, disk.file!);
    await writeFile(journal, disk.journal!);
    await truncate(journal, (await stat(journal)).size - 40);
  });
  afterEach(() => cleanup());

  async function run(): Promise<{ code: number; out: string[] }> {
    const out: string[] = [];
    const code = await main([path], {}, (line) => out.push(line));
    return { code, out };
  }

  it('a journal ending in an incomplete change: exit 1, naming the journal, the change, its size and ids, nothing personal', async () => {
    const { code, out } = await run();
    assert.equal(code, 1);
    assert.equal(out[0], 'ok: 0 decisions, 0 events, 0 governance records');
    assert.equal(out.length, 2);
    assert.ok(out[1]!.startsWith(`TORN: the journal ${journal} ends in an incomplete change`), out[1]);
    assert.match(out[1]!, /\d+ bytes of change 3 \(requests\), ids in it: PR-2026-0003/);
    assert.ok(!/High needs|Oak House/.test(out[1]!));
  });

  it('once the bot has kept the tail beside the journal: exit 0, the kept file listed (also through npm run verify-store)', async () => {
    const store = await openStore(path);
    await store.close();
    const { code, out } = await run();
    assert.equal(code, 0);
    assert.equal(out.length, 2);
    assert.match(out[1]!, new RegExp(`^kept: ${journal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.torn-\\S+ holds an incomplete change .*change 3 \\(requests\\), ids in it: PR-2026-0003`));
    const cli = spawnSync('npm', ['run', '--silent', 'verify-store', '--', path], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /^kept: .*PR-2026-0003/m);
  });
});
