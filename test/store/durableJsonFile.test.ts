import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import sinon from 'sinon';
import { z } from 'zod';
import { DurableJsonFile, nodeStoreFs, tempPathFor, type StoreFs } from '../../src/store/durableJsonFile.js';
import { StoreError } from '../../src/store/storeError.js';
import { tempFolder } from './helpers.js';

const schema = z.strictObject({ n: z.number() });

describe('store/durableJsonFile', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => ({ dir, cleanup } = await tempFolder()));
  afterEach(async () => {
    sinon.restore();
    await cleanup();
  });

  it('writes a temp file, fsyncs it, renames it over the file, then fsyncs the folder — before resolving', async () => {
    const file = join(dir, 'data.json');
    const fs: StoreFs = { ...nodeStoreFs };
    const handles = new Map<FileHandle, string>();
    const log: string[] = [];
    sinon.stub(fs, 'open').callsFake(async (path, flags) => {
      const handle = await nodeStoreFs.open(path, flags);
      handles.set(handle, path);
      log.push(`open ${path}`);
      return handle;
    });
    sinon.stub(fs, 'write').callsFake(async (handle, data) => {
      log.push(`write ${handles.get(handle)}`);
      return nodeStoreFs.write(handle, data);
    });
    sinon.stub(fs, 'fsync').callsFake(async (handle) => {
      log.push(`fsync ${handles.get(handle)}`);
      return nodeStoreFs.fsync(handle);
    });
    sinon.stub(fs, 'rename').callsFake(async (from, to) => {
      log.push(`rename ${from} ${to}`);
      return nodeStoreFs.rename(from, to);
    });
    const adapter = new DurableJsonFile(file, schema, fs);
    await adapter.write({ n: 1 });
    log.push('resolved');
    const temp = tempPathFor(file);
    const expected = [`open ${temp}`, `write ${temp}`, `fsync ${temp}`, `rename ${temp} ${file}`, `open ${dir}`, `fsync ${dir}`, 'resolved'];
    assert.deepEqual(log, process.platform === 'win32' ? expected.filter((l) => !l.endsWith(dir)) : expected);
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { n: 1 });
    assert.deepEqual(await readdir(dir), ['data.json']);
  });

  it('serialises writes and leaves the last one on disk', async () => {
    const file = join(dir, 'data.json');
    const adapter = new DurableJsonFile(file, schema);
    await Promise.all([1, 2, 3, 4, 5].map((n) => adapter.write({ n })));
    assert.deepEqual(await adapter.read(), { n: 5 });
  });

  it('takes the data at the call, not when the write runs', async () => {
    const file = join(dir, 'data.json');
    const adapter = new DurableJsonFile(file, schema);
    const data = { n: 1 };
    const written = adapter.write(data);
    data.n = 2;
    await written;
    assert.deepEqual(await adapter.read(), { n: 1 });
  });

  it('keeps the old file and removes the temp file when a write fails', async () => {
    const file = join(dir, 'data.json');
    await writeFile(file, '{"n":0}');
    const fs: StoreFs = { ...nodeStoreFs };
    sinon.stub(fs, 'fsync').rejects(Object.assign(new Error('EIO'), { code: 'EIO' }));
    const adapter = new DurableJsonFile(file, schema, fs);
    await assert.rejects(adapter.write({ n: 1 }), /EIO/);
    assert.equal(await readFile(file, 'utf8'), '{"n":0}');
    assert.deepEqual(await readdir(dir), ['data.json']);
  });

  it('reads a missing file as null and a bad one as a StoreError naming it', async () => {
    const file = join(dir, 'data.json');
    const adapter = new DurableJsonFile(file, schema);
    assert.equal(await adapter.read(), null);
    await writeFile(file, '{"n":"one"}');
    await assert.rejects(adapter.read(), (e: Error) => e instanceof StoreError && e.message.includes(file) && /n: /.test(e.message));
  });

  it('removes temp files a crashed process left, and nothing else', async () => {
    const file = join(dir, 'data.json');
    await writeFile(join(dir, '.data.json.12345.tmp'), 'partial');
    await writeFile(join(dir, '.other.json.12345.tmp'), 'not ours');
    await new DurableJsonFile(file, schema).removeStaleTemps();
    assert.deepEqual(await readdir(dir), ['.other.json.12345.tmp']);
  });
});
