import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main, verifyStoreFile } from '../../scripts/verifyStore.js';
import { journalPathFor } from '../../src/store/journal.js';
import { openStore } from '../../src/store/lowdbStore.js';
import { costChange, decision, meta, sampleRequest, tempFolder } from '../store/helpers.js';
import { ROOT } from './serverProcess.js';

/**
 * Tamper evidence from the command line: `npm run verify-store [-- path]` prints "ok: N decisions,
 * M events", or the first record that does not match, with exit code 1.
 */
describe('reliability: verify-store (tamper evidence)', function () {
  this.timeout(30_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  let path: string;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    path = join(dir, 'panel.json');
    const store = await openStore(path);
    const a = await store.addRequest(sampleRequest('C-60001'), meta());
    const b = await store.addRequest(sampleRequest('C-60002'), meta());
    assert.ok((await store.appendDecision(a.id, () => decision('member-1', 'approve'))).ok);
    assert.ok((await store.appendDecision(b.id, () => decision('member-2', 'decline'))).ok);
    await store.appendEvent(a.id, costChange());
    await store.close();
  });
  afterEach(() => cleanup());

  async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string[] }> {
    const out: string[] = [];
    const code = await main(args, env, (line) => out.push(line));
    return { code, out };
  }

  it('an untouched file: "ok: 2 decisions, 1 events, 0 governance records", exit 0 (path from the argument or STORE_PATH)', async () => {
    assert.deepEqual(await run([path]), { code: 0, out: ['ok: 2 decisions, 1 events, 0 governance records'] });
    assert.deepEqual(await run([], { STORE_PATH: path }), { code: 0, out: ['ok: 2 decisions, 1 events, 0 governance records'] });
  });

  it('reads the journal as the bot would: records not yet folded into the file are checked too', async () => {
    // The bot is running (the store open): its newest decision is only in panel.json.journal.
    const store = await openStore(path);
    try {
      const c = await store.addRequest(sampleRequest('C-60003'), meta());
      assert.ok((await store.appendDecision(c.id, () => decision('member-3', 'approve'))).ok);
      assert.deepEqual(await run([path]), { code: 0, out: ['ok: 3 decisions, 1 events, 0 governance records'] });
      const journal = journalPathFor(path);
      const lines = (await readFile(journal, 'utf8')).split('\n');
      const at = lines.findIndex((l) => l.includes('"kind":"decision"'));
      lines[at] = lines[at]!.replace('"outcome":"approve"', '"outcome":"decline"');
      await writeFile(journal, lines.join('\n'));
      const { code, out } = await run([path]);
      assert.equal(code, 1);
      assert.match(out[0]!, /decisions record 3 \(D-000003\).*edited/);
    } finally {
      await store.close();
    }
  });

  it('an edited decision is named, exit 1', async () => {
    const data = JSON.parse(await readFile(path, 'utf8'));
    data.decisions[1].outcome = 'approve';
    await writeFile(path, JSON.stringify(data, null, 2));
    const { code, out } = await run([path]);
    assert.equal(code, 1);
    assert.match(out[0]!, /decisions record 2 \(D-000002\).*edited/);
  });

  it('an edited event, a removed decision, a missing file and a file that is not JSON: exit 1 with the reason', async () => {
    const original = await readFile(path, 'utf8');
    const data = JSON.parse(original);
    data.events[0].weeklyCost = '1.00';
    await writeFile(path, JSON.stringify(data));
    assert.match((await verifyStoreFile(path)).message, /events record 1 \(E-000001\).*edited/);

    const removed = JSON.parse(original);
    removed.decisions.shift();
    await writeFile(path, JSON.stringify(removed));
    const check = await verifyStoreFile(path);
    assert.equal(check.ok, false);
    assert.match(check.message, /D-000002.*removed, inserted or reordered/);

    assert.match((await verifyStoreFile(join(dir, 'nope.json'))).message, /no store file/);
    await writeFile(path, '{"version":1,');
    const broken = await run([path]);
    assert.equal(broken.code, 1);
    assert.match(broken.out[0]!, /not valid JSON/);
  });

  it('npm run verify-store -- <path>: exit code 0, then 1 after an edit', async () => {
    const ok = spawnSync('npm', ['run', '--silent', 'verify-store', '--', path], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^ok: 2 decisions, 1 events, 0 governance records$/m);
    const data = JSON.parse(await readFile(path, 'utf8'));
    data.decisions[0].decidedBy.name = 'Someone Else';
    await writeFile(path, JSON.stringify(data));
    const bad = spawnSync('npm', ['run', '--silent', 'verify-store', '--', path], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /D-000001/);
  });
});
