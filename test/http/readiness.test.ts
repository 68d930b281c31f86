import { strict as assert } from 'node:assert';
import { readdir, rm } from 'node:fs/promises';
import sinon from 'sinon';
import { nodeStoreFs, type StoreFs } from '../../src/store/durableJsonFile.js';
import { logLines, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

/**
 * /healthz is liveness (the process answers, the store can be read); /readyz is readiness (a write
 * sent now could be saved). A failing disk is played by stubbing the store's file-system calls
 * through the app's `storeFs` option: the tests run as root, where chmod does not stop a write.
 */
function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
}

describe('liveness (/healthz) and readiness (/readyz)', function () {
  this.timeout(30_000);
  let h: Harness;
  let fs: StoreFs;

  beforeEach(async () => {
    fs = { ...nodeStoreFs };
    h = await startHarness({ storeFs: fs, schedule: false });
  });
  afterEach(async () => {
    sinon.restore();
    await h.close();
  });

  async function status(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${h.url}${path}`);
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  }

  it('both 200 on a working disk, with no key needed', async () => {
    assert.deepEqual(await status('/healthz'), { status: 200, body: { status: 'ok' } });
    assert.deepEqual(await status('/readyz'), { status: 200, body: { status: 'ready' } });
  });

  for (const call of ['write', 'fsync'] as const) {
    it(`while every write fails (${call}: ENOSPC): writes 503, /readyz 503, /healthz 200; once the disk recovers /readyz is 200 with no write sent`, async () => {
      const stub = sinon.stub(fs, call).rejects(enospc());
      const write = await h.api('POST', '/api/requests', sampleRequest());
      assert.equal(write.status, 503);
      const ready = await status('/readyz');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.status, 'unavailable');
      assert.doesNotMatch(JSON.stringify(ready.body), /\/|panel\.json|ENOSPC/, 'no paths or errors for the caller');
      assert.equal((await status('/healthz')).status, 200, 'alive: a restart would not help');
      assert.equal((await status('/readyz')).status, 503, 'still failing: the probe write fails too');

      stub.restore();
      assert.equal((await status('/readyz')).status, 200, 'ready again, by the probe alone');
      assert.equal((await h.api('POST', '/api/requests', sampleRequest())).status, 201);
      assert.equal((await status('/readyz')).status, 200);
      assert.deepEqual((await readdir(h.dir)).filter((n) => n.includes('probe')), [], 'the probe file is removed');
    });
  }

  it('a failed write is logged once, and the recovery once', async () => {
    const before = logLines.length;
    const stub = sinon.stub(fs, 'write').rejects(enospc());
    await h.api('POST', '/api/requests', sampleRequest());
    await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20002' }));
    await status('/readyz');
    stub.restore();
    await status('/readyz');
    await status('/readyz');
    const lines = logLines.slice(before);
    assert.equal(lines.filter((l) => /not ready until the disk takes a write again/.test(l)).length, 1);
    assert.equal(lines.filter((l) => /the store can be written again/.test(l)).length, 1);
  });

  it('until the disk takes the probe, concurrent /readyz calls share one probe', async () => {
    const write = sinon.stub(fs, 'write').callsFake(async () => {
      await new Promise((r) => setTimeout(r, 300));
      throw enospc();
    });
    await h.api('POST', '/api/requests', sampleRequest());
    const opens = sinon.spy(fs, 'open');
    const answers = await Promise.all(Array.from({ length: 10 }, () => status('/readyz')));
    assert.deepEqual(answers.map((a) => a.status), Array(10).fill(503));
    assert.ok(opens.callCount >= 1 && opens.callCount < 10, `${opens.callCount} probes for 10 calls`);
    write.restore();
  });

  it('/readyz 503 (and /healthz 503) when the store file is gone', async () => {
    await rm(h.storePath);
    assert.equal((await status('/readyz')).status, 503);
    assert.equal((await status('/healthz')).status, 503);
  });
});
