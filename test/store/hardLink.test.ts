import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, link, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { identityLockPath } from '../../src/store/identityLock.js';
import { journalPathFor } from '../../src/store/journal.js';
import { openStore, StoreError } from '../../src/store/lowdbStore.js';
import type { PanelStore } from '../../src/store/panelStore.js';
import { removeIdentityLocksUnder } from './identityLocks.js';
import { killHard, spawnHolder, type Holder } from './childProcess.js';
import { meta, sampleRequest, tempFolder } from './helpers.js';

/**
 * The store's lock is `<path>.lock`, by path; a second name for the same file must not start a
 * second bot on it. Each refusal names the other name, so the operator can find it.
 */
describe('store lock: other names for the same store file (hard links, symbolic links)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  let other: string;
  const open: PanelStore[] = [];
  const holders: Holder[] = [];

  const openHere = async (path: string, options?: Parameters<typeof openStore>[1]) => {
    const store = await openStore(path, options);
    open.push(store);
    return store;
  };
  const refusedFor = (name: string, by: RegExp) => (e: Error) => e instanceof StoreError
    && e.message.includes(`${name} is the same file as ${file}`) && by.test(e.message);

  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    file = join(dir, 'panel.json');
    await mkdir(join(dir, 'elsewhere'));
    other = join(dir, 'elsewhere', 'panel.json');
    const store = await openStore(file);
    await store.addRequest(sampleRequest(), meta());
    await store.close();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    for (const h of holders.splice(0)) await killHard(h.child);
    await removeIdentityLocksUnder(dir);
    await cleanup();
  });

  it('a hard link in another folder is refused while this process uses the file, naming the file and holder', async () => {
    await link(file, other);
    await openHere(file);
    await assert.rejects(openStore(other), refusedFor(`The store file ${other}`, /which this process is using/));
    await assert.rejects(stat(`${other}.lock`), { code: 'ENOENT' }, 'the refused open let its path lock go');
    for (const s of open.splice(0)) await s.close();
    await openHere(other);
  });

  it('a second process opening a hard link is refused while this one holds the file', async () => {
    await link(file, other);
    await openHere(file);
    const second = spawnHolder(other);
    holders.push(second);
    const outcome = await second.outcome;
    assert.ok(!outcome.ready, 'the second process must not open the store');
    assert.equal(outcome.code, 3);
    assert.ok(outcome.stderr.includes(`is the same file as ${file}`), outcome.stderr);
    assert.match(outcome.stderr, new RegExp(`which process ${process.pid} is using`));
  });

  it('this process is refused while another process holds the file under its other name', async () => {
    await link(file, other);
    const first = spawnHolder(other);
    holders.push(first);
    assert.deepEqual(await first.outcome, { ready: true });
    await assert.rejects(openStore(file), (e: Error) => e instanceof StoreError
      && e.message.includes(`is the same file as ${other}`) && e.message.includes(`process ${first.child.pid}`));
  });

  it('a symbolic link to the file is refused too', async () => {
    await symlink(file, other);
    await openHere(file);
    await assert.rejects(openStore(other), refusedFor(`The store file ${other}`, /this process/));
  });

  it('a hard link made after the file was rewritten (a new inode) is refused: the lock follows the file', async () => {
    // A tiny journal limit: the second write folds the journal into a rewritten file.
    const store = await openHere(file, { journalLimitBytes: 1 });
    const before = (await stat(file)).ino;
    await store.addRequest(sampleRequest('C-20002'), meta());
    await store.addRequest(sampleRequest('C-20003'), meta());
    assert.notEqual((await stat(file)).ino, before, 'the file was rewritten by rename');
    await link(file, other);
    await assert.rejects(openStore(other), refusedFor(`The store file ${other}`, /this process/));
  });

  it('a copy of the folder made with hard links (cp -al) shares the journal, appended in place: refused after the file was rewritten', async () => {
    const store = await openHere(file, { journalLimitBytes: 1 });
    await store.addRequest(sampleRequest('C-20002'), meta()); // creates the journal
    await link(file, other);
    await link(journalPathFor(file), journalPathFor(other));
    await store.addRequest(sampleRequest('C-20003'), meta()); // rewrites the file: `other` is now the old inode
    const journalOfFile = journalPathFor(file);
    await assert.rejects(openStore(other), (e: Error) => e instanceof StoreError
      && e.message.includes(`The journal ${journalPathFor(other)} is the same file as ${journalOfFile}`));
  });

  it('a journal hard-linked beside a copy of the file is refused as soon as the journal exists', async () => {
    await rm(journalPathFor(file)); // as a store folded and moved here would have none
    const store = await openHere(file);
    await store.addRequest(sampleRequest('C-20002'), meta()); // creates the journal
    await copyFile(file, other);
    await link(journalPathFor(file), journalPathFor(other));
    await assert.rejects(openStore(other), (e: Error) => e instanceof StoreError
      && e.message.includes(`The journal ${journalPathFor(other)} is the same file as ${journalPathFor(file)}`));
  });

  it('a lock left by a killed holder of the other name is taken over, with a notice', async () => {
    await link(file, other);
    const doomed = spawnHolder(file);
    holders.push(doomed);
    assert.deepEqual(await doomed.outcome, { ready: true });
    await killHard(doomed.child);
    const identity = (await identityLockPath(file))!;
    await stat(identity); // left behind by the killed process
    const notices: string[] = [];
    await openHere(other, { notice: (m) => notices.push(m) });
    assert.ok(notices.some((m) => m.includes(identity) && /is no longer running/.test(m)), notices.join('\n'));
  });

  it('a lock for this inode left by a live process whose own file is now another inode (inode number reused) is not in force', async function () {
    const bootId = existsSync('/proc/sys/kernel/random/boot_id') ? readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() : undefined;
    if (bootId === undefined) this.skip();
    const elsewhere = spawnHolder(join(dir, 'unrelated', 'panel.json'));
    holders.push(elsewhere);
    assert.deepEqual(await elsewhere.outcome, { ready: true });
    const pid = elsewhere.child.pid!;
    const statText = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = statText.slice(statText.lastIndexOf(')') + 2).split(' ')[19];
    const lockPath = (await identityLockPath(file))!;
    await writeFile(lockPath, `${pid} ${hostname()} ${bootId}:${ticks} feedface\n${join(dir, 'unrelated', 'panel.json')}\n`);
    const notices: string[] = [];
    await openHere(file, { notice: (m) => notices.push(m) });
    assert.ok(notices.some((m) => m.includes(lockPath) && m.includes('no longer uses the file it names')), notices.join('\n'));
    assert.equal((await readFile(lockPath, 'utf8')).split(' ')[0], String(process.pid));
  });
});
