import assert from 'node:assert/strict';
import { GroupCommit } from '../../src/store/groupCommit.js';

/** A writer whose writes the test lets finish (or fail) one at a time. */
function heldWriter() {
  const writes: string[][] = [];
  const finish: ((error?: Error) => void)[] = [];
  const commits = new GroupCommit<string>({
    write: (changes) => {
      writes.push([...changes]);
      return new Promise<void>((resolve, reject) => finish.push((error) => (error ? reject(error) : resolve())));
    },
    failure: (cause) => new Error(`not saved: ${(cause as Error).message}`, { cause }),
  });
  const settle = async (error?: Error) => {
    await tick();
    finish.shift()!(error);
    await tick();
  };
  return { commits, writes, settle };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('store/groupCommit', () => {
  it('changes made in one tick share one write; those made while it is in flight share the next', async () => {
    const { commits, writes, settle } = heldWriter();
    const done: string[] = [];
    const commit = (change: string) => commits.commit(change, () => undefined).then(() => done.push(change));
    const all = [commit('a'), commit('b')];
    await tick();
    all.push(commit('c'), commit('d'));
    await settle();
    assert.deepEqual(done, ['a', 'b'], 'a caller is answered once its own write is done');
    await settle();
    await Promise.all(all);
    assert.deepEqual(writes, [['a', 'b'], ['c', 'd']]);
    assert.deepEqual(done, ['a', 'b', 'c', 'd']);
  });

  it('a failed write undoes, newest first, its changes and those queued behind it, and rejects them all with one error', async () => {
    const { commits, writes, settle } = heldWriter();
    const undone: string[] = [];
    const commit = (change: string) => commits.commit(change, () => undone.push(change));
    const inFlight = [commit('a'), commit('b')];
    await tick();
    const queued = commit('c');
    const settled = Promise.allSettled([...inFlight, queued]);
    await settle(new Error('ENOSPC'));
    const results = await settled;
    assert.deepEqual(undone, ['c', 'b', 'a']);
    assert.deepEqual(writes, [['a', 'b']], 'the queued change is never written');
    const reasons = results.map((r) => (r.status === 'rejected' ? r.reason as Error : undefined));
    assert.ok(reasons.every((r) => r === reasons[0] && r?.message === 'not saved: ENOSPC'));
    await Promise.all([commit('d'), settle()]);
    assert.deepEqual(writes.at(-1), ['d'], 'the next change is written on its own');
  });

  it('durable() resolves at once with nothing pending, else with the write carrying what was made before it', async () => {
    const { commits, writes, settle } = heldWriter();
    let resolved = false;
    await commits.durable();
    const write = commits.commit('a', () => undefined);
    const waiting = commits.durable().then(() => { resolved = true; });
    await tick();
    assert.equal(resolved, false);
    await settle();
    await Promise.all([write, waiting]);
    assert.deepEqual(writes, [['a']], 'without a write of its own');

    const failing = commits.commit('b', () => undefined);
    await tick();
    const onFailing = commits.durable();
    const settled = Promise.allSettled([failing, onFailing]);
    await settle(new Error('EIO'));
    assert.deepEqual((await settled).map((s) => s.status), ['rejected', 'rejected']);
  });

  it('idle() resolves once nothing is pending or in flight', async () => {
    const { commits, settle } = heldWriter();
    await commits.idle();
    const write = commits.commit('a', () => undefined);
    let idle = false;
    const waiting = commits.idle().then(() => { idle = true; });
    await tick();
    assert.equal(idle, false);
    await settle();
    await Promise.all([write, waiting]);
    assert.equal(idle, true);
  });
});
