import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openStore, StoreError } from '../../src/store/lowdbStore.js';
import { removeIdentityLocksUnder } from './identityLocks.js';
import { killHard, spawnHolder, type Holder } from './childProcess.js';
import { tempFolder } from './helpers.js';

const BOOT_ID = existsSync('/proc/sys/kernel/random/boot_id') ? readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() : undefined;

/** A lock file line as a holder writes it: "pid host <boot id>:<start ticks> token". */
const lockLine = (pid: number, startTicks: string) => `${pid} ${hostname()} ${BOOT_ID}:${startTicks} 0123456789abcdef\n`;

describe('store lock: a lock whose pid now belongs to another process is stale', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  const children: ChildProcess[] = [];
  const holders: Holder[] = [];

  before(function () {
    if (BOOT_ID === undefined) this.skip(); // no /proc: only the pid can be checked
  });
  beforeEach(async () => {
    ({ dir, cleanup } = await tempFolder());
    file = join(dir, 'panel.json');
  });
  afterEach(async () => {
    for (const c of children.splice(0)) await killHard(c);
    for (const h of holders.splice(0)) await killHard(h.child);
    await removeIdentityLocksUnder(dir);
    await cleanup();
  });

  /** A live process that has nothing to do with the store. */
  function bystander(): number {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(child);
    return child.pid!;
  }

  async function openNoting(): Promise<{ notices: string[]; close: () => Promise<void> }> {
    const notices: string[] = [];
    const store = await openStore(file, { notice: (m) => notices.push(m) });
    return { notices, close: () => store.close() };
  }

  it('a lock naming this process\'s pid with another start time (pid reuse, PID 1 after a container restart) is taken over, with a notice', async () => {
    await writeFile(`${file}.lock`, lockLine(process.pid, '1'));
    const { notices, close } = await openNoting();
    try {
      assert.equal(notices.length, 1);
      assert.ok(notices[0]!.includes(`${file}.lock`), notices[0]);
      assert.match(notices[0]!, new RegExp(`pid ${process.pid} now belongs to a different process`));
      assert.equal((await readFile(`${file}.lock`, 'utf8')).split(' ')[0], String(process.pid));
    } finally {
      await close();
    }
  });

  it('a lock in the old form ("pid host") naming this process\'s pid, which this process never took, is taken over', async () => {
    await writeFile(`${file}.lock`, `${process.pid} ${hostname()}\n`);
    const { notices, close } = await openNoting();
    await close();
    assert.equal(notices.length, 1);
  });

  it('a lock naming a live unrelated process (its pid, another start time) is taken over, with a notice', async () => {
    const pid = bystander();
    await writeFile(`${file}.lock`, lockLine(pid, '1'));
    const { notices, close } = await openNoting();
    try {
      assert.equal(notices.length, 1);
      assert.match(notices[0]!, new RegExp(`pid ${pid} now belongs to a different process`));
    } finally {
      await close();
    }
  });

  it('a lock in the old form naming a live unrelated process is still refused: with no start time, the pid is all there is', async () => {
    const pid = bystander();
    await writeFile(`${file}.lock`, `${pid} ${hostname()}\n`);
    await assert.rejects(openStore(file), (e: Error) => e instanceof StoreError && e.message.includes(`process ${pid}`));
  });

  it('several openers finding the same stale lock at once: exactly one takes it over', async () => {
    for (let round = 0; round < 20; round++) {
      await writeFile(`${file}.lock`, lockLine(process.pid, '1'));
      const opened = await Promise.allSettled(Array.from({ length: 6 }, () => openStore(file)));
      const stores = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      for (const s of stores) await s.close();
      assert.equal(stores.length, 1, `round ${round}: ${stores.length} opened`);
    }
  });

  it('a live holder of the store is still refused, and its lock left as it was', async () => {
    const holder = spawnHolder(file);
    holders.push(holder);
    assert.deepEqual(await holder.outcome, { ready: true });
    const before = await readFile(`${file}.lock`, 'utf8');
    const notices: string[] = [];
    await assert.rejects(openStore(file, { notice: (m) => notices.push(m) }),
      (e: Error) => e instanceof StoreError && e.message.includes(`already in use by process ${holder.child.pid}`));
    assert.deepEqual(notices, []);
    assert.equal(await readFile(`${file}.lock`, 'utf8'), before);
  });
});
