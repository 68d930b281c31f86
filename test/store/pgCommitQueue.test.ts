import assert from 'node:assert/strict';
import type { Change } from '../../src/store/postgres/changes.js';
import { CommitQueue, type Prepared, type WriteTransaction } from '../../src/store/postgres/commitQueue.js';
import type { Snapshot } from '../../src/store/postgres/snapshot.js';

/*
 * The PostgreSQL store's group commit without a database: memory is a list of names, a change is a
 * digest change naming one (only its shape matters here), and the database is a list the test can
 * append to as "another instance", or make fail.
 */

const change = (name: string): Change => ({ kind: 'digest', state: { lastWeekSent: name } });
const nameOf = (c: Change) => (c.kind === 'digest' ? c.state.lastWeekSent! : '?');

function harness() {
  const memory: string[] = [];
  const database: string[] = [];
  const log: string[] = [];
  let fail: Error | undefined;
  let misfit = false;
  let reloads = 0;
  const tx: WriteTransaction = {
    lockHead: async () => database.length,
    changesSince: async (seq, head) => database.slice(seq, head).map(change),
    snapshot: async () => {
      log.push('snapshot');
      return { seq: database.length, file: {} } as unknown as Snapshot;
    },
    write: async (changes, firstSeq) => {
      assert.equal(firstSeq, database.length + 1, 'numbered on from the head');
      database.push(...changes.map(nameOf));
    },
  };
  const queue = new CommitQueue(
    {
      transaction: async (body) => {
        const before = database.length;
        await body(tx);
        if (fail) {
          database.length = before;
          throw fail;
        }
      },
      read: async (body) => {
        log.push('read');
        await body({ head: async () => database.length, changesSince: tx.changesSince, snapshot: tx.snapshot });
      },
    },
    {
      replay: (changes) => {
        if (misfit) return false;
        memory.push(...changes.map(nameOf));
        log.push(`replay ${changes.map(nameOf).join(',')}`);
        return true;
      },
      reload: () => {
        reloads += 1;
        memory.splice(0, memory.length, ...database);
      },
    },
    0,
    (cause) => new Error(`not saved: ${(cause as Error).message}`),
  );
  /** A write appending `name`, numbered after what memory holds when it is (re)prepared. */
  const write = (name: string, refuseWhen?: (seen: readonly string[]) => boolean) => queue.submit((): Prepared<string> => {
    log.push(`prepare ${name} on ${memory.join(',') || '-'}`);
    if (refuseWhen?.(memory)) return { undo: () => undefined, value: `${name} refused` };
    const entry = `${name}#${memory.length + 1}`;
    memory.push(entry);
    return { change: change(entry), undo: () => memory.splice(memory.lastIndexOf(entry), 1), value: entry };
  });
  return {
    queue, memory, database, log, write,
    failWith: (error: Error | undefined) => { fail = error; },
    misfit: () => { misfit = true; },
    reloads: () => reloads,
  };
}

describe('store/postgres/commitQueue', () => {
  it('writes one tick\'s writes in one transaction, numbered on from the database\'s head', async () => {
    const h = harness();
    const answers = await Promise.all([h.write('a'), h.write('b')]);
    assert.deepEqual(answers, ['a#1', 'b#2']);
    assert.deepEqual(h.database, ['a#1', 'b#2']);
    assert.deepEqual(await h.write('c'), 'c#3');
  });

  it('when another instance wrote first: takes its writes back, replays what it missed, prepares them again on top', async () => {
    const h = harness();
    await h.write('a');
    h.database.push('other#2');
    const first = h.write('b');
    const second = h.write('c', (seen) => seen.some((n) => n.startsWith('other')));
    assert.deepEqual(h.memory, ['a#1', 'b#2', 'c#3'], 'made in memory at once, on what this copy held');
    assert.deepEqual(await Promise.all([first, second]), ['b#3', 'c refused']);
    assert.deepEqual(h.memory, ['a#1', 'other#2', 'b#3']);
    assert.deepEqual(h.database, ['a#1', 'other#2', 'b#3']);
    assert.deepEqual(h.log.slice(-3), ['replay other#2', 'prepare b on a#1,other#2', 'prepare c on a#1,other#2,b#3']);
  });

  it('reads everything again when the missed changes do not fit, and prepares the writes on that', async () => {
    const h = harness();
    await h.write('a');
    h.database.push('other#2');
    h.misfit();
    assert.equal(await h.write('b'), 'b#3');
    assert.equal(h.reloads(), 1);
    assert.deepEqual(h.memory, ['a#1', 'other#2', 'b#3']);
  });

  it('follows a commit heard of without writing; a write made meanwhile is taken back and made again on top', async () => {
    const h = harness();
    await h.write('a');
    h.queue.follow(1);
    await h.queue.idle();
    assert.ok(!h.log.includes('read'), 'nothing read for a commit this copy holds');
    h.database.push('other#2');
    h.queue.follow(2);
    await Promise.resolve();
    const b = h.write('b');
    assert.deepEqual(h.memory, ['a#1', 'b#2'], 'made at once while the read is under way');
    assert.equal(await b, 'b#3');
    assert.deepEqual(h.memory, ['a#1', 'other#2', 'b#3']);
    assert.deepEqual(h.database, ['a#1', 'other#2', 'b#3']);
    assert.deepEqual(h.log.filter((l) => l.startsWith('replay')), ['replay other#2'], 'replayed once');
    h.database.push('unheard#4');
    h.queue.follow();
    await h.queue.idle();
    assert.deepEqual(h.memory, ['a#1', 'other#2', 'b#3', 'unheard#4'], 'a recheck with nothing heard looks at the head');
  });

  it('a write whose preparing throws once caught up fails alone; the others are written', async () => {
    const h = harness();
    await h.write('a');
    h.database.push('other#2');
    let again = false;
    const fragile = h.queue.submit((): Prepared<string> => {
      if (again) throw new Error('no longer possible');
      again = true;
      h.memory.push('x');
      return { change: change('x'), undo: () => h.memory.pop(), value: 'x' };
    });
    const fine = h.write('b');
    await assert.rejects(fragile, /no longer possible/);
    assert.equal(await fine, 'b#3');
    assert.deepEqual(h.database, ['a#1', 'other#2', 'b#3']);
  });

  it('a failed transaction takes back, newest first, every write not committed, those queued behind it too, and rejects them all', async () => {
    const h = harness();
    await h.write('a');
    h.failWith(new Error('connection lost'));
    const inFlight = [h.write('b'), h.write('c')];
    await Promise.resolve();
    await Promise.resolve();
    const behind = h.write('d');
    assert.deepEqual(h.memory, ['a#1', 'b#2', 'c#3', 'd#4']);
    const settled = await Promise.allSettled([...inFlight, behind]);
    assert.deepEqual(settled.map((s) => (s.status === 'rejected' ? (s.reason as Error).message : s.value)),
      ['not saved: connection lost', 'not saved: connection lost', 'not saved: connection lost']);
    assert.deepEqual(h.memory, ['a#1']);
    assert.deepEqual(h.database, ['a#1']);
    h.failWith(undefined);
    assert.equal(await h.write('e'), 'e#2');
  });

  it('a failure after catching up keeps what was caught up and takes back only this copy\'s writes', async () => {
    const h = harness();
    await h.write('a');
    h.database.push('other#2');
    h.failWith(new Error('refused'));
    await assert.rejects(h.write('b'), /not saved: refused/);
    assert.deepEqual(h.memory, ['a#1', 'other#2']);
    h.failWith(undefined);
    assert.equal(await h.write('c'), 'c#3');
  });

  it('idle() waits for everything pending', async () => {
    const h = harness();
    const writes = [h.write('a'), h.write('b')];
    await h.queue.idle();
    assert.deepEqual(h.database, ['a#1', 'b#2']);
    await Promise.all(writes);
  });
});
