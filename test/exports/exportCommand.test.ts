import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sinon from 'sinon';
import { main as copyStore } from '../../scripts/copyStore.js';
import { main } from '../../scripts/export.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';
import { API_KEY, startHarness, type Harness } from '../support/botHarness.js';
import { loadScenario } from '../support/scenario.js';

async function served(h: Harness, path: string): Promise<Buffer> {
  const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

describe('npm run export (the four spreadsheets to a folder)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;
  let out: string;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-04-01T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness();
    await loadScenario(h);
    clock.setSystemTime(new Date('2026-07-10T10:00:00Z'));
    out = await mkdtemp(join(tmpdir(), 'panel-export-'));
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
    await rm(out, { recursive: true, force: true });
  });

  it('writes what the API serves, reading the store the bot holds open', async () => {
    const lines: string[] = [];
    const code = await main(['--out', out, '--from', '2026-04-01', '--to', '2026-06-30'], { STORE_PATH: h.storePath }, (l) => lines.push(l));
    assert.equal(code, 0, lines.join('\n'));
    const names = ['decisions-2026-07-10.csv', 'decisions-2026-07-10.xlsx', 'savings-2026-04-01-to-2026-06-30.csv', 'savings-2026-04-01-to-2026-06-30.xlsx'];
    assert.deepEqual((await readdir(out)).sort(), names);
    assert.deepEqual(lines, names.map((n) => join(out, n)));
    assert.deepEqual(await readFile(join(out, names[0]!)), await served(h, '/api/export/decisions.csv'));
    assert.deepEqual(await readFile(join(out, names[2]!)), await served(h, '/api/export/savings.csv?from=2026-04-01&to=2026-06-30'));
    assert.deepEqual(await readFile(join(out, names[3]!)), await served(h, '/api/export/savings.xlsx?from=2026-04-01&to=2026-06-30'));
  });

  it('refuses a bad period naming the argument, and a missing store', async () => {
    const lines: string[] = [];
    assert.equal(await main(['--out', out, '--from', '2026-07-01', '--to', '2026-06-30'], { STORE_PATH: h.storePath }, (l) => lines.push(l)), 2);
    assert.match(lines.join('\n'), /--from: must be on or before to \(2026-06-30\)/);
    assert.equal(await main(['--out', out, '--to', '30/06/2026'], { STORE_PATH: h.storePath }, (l) => lines.push(l)), 2);
    assert.match(lines.join('\n'), /--to: must be a real date/);
    assert.equal(await main(['--out', out], { STORE_PATH: join(out, 'none.json') }, (l) => lines.push(l)), 1);
    assert.match(lines.at(-1)!, /There is no store at .*none\.json/);
    assert.deepEqual(await readdir(out), [], 'nothing written');
  });

  it('runs as a command', async () => {
    clock.restore();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/export.ts', '--out', out, '--from', '2026-04-01', '--to', '2026-04-30'], {
      env: { ...process.env, STORE_PATH: h.storePath, DATABASE_URL: '' },
    });
    assert.equal(stdout.trim().split('\n').length, 4);
    const savings = await readFile(join(out, 'savings-2026-04-01-to-2026-04-30.csv'), 'utf8');
    assert.match(savings, /^\uFEFFMonth,Financial year,Request id/);
    assert.match(savings, /\r\n2026-04,2026\/27,PR-2026-0001,C-10423,Cost avoidance,/);
    clock = sinon.useFakeTimers({ now: new Date('2026-07-10T10:00:00Z'), toFake: ['Date'] });
  });
});

describe('npm run export from the PostgreSQL store', () => {
  let server: TestPostgres;
  let h: Harness;
  let clock: sinon.SinonFakeTimers;
  let dir: string;

  before(async function () {
    server = await postgresFor(this);
  });
  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-04-01T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness();
    await loadScenario(h);
    clock.setSystemTime(new Date('2026-07-10T10:00:00Z'));
    dir = await mkdtemp(join(tmpdir(), 'panel-export-pg-'));
  });
  afterEach(async () => {
    await h.close();
    clock.restore();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads DATABASE_URL when it is set, and writes what the same data in a file gives', async () => {
    const url = await server.createDatabase('export');
    assert.equal(await copyStore(['--from', h.storePath, '--to', url], () => undefined, () => undefined), 0);
    const fromFile = join(dir, 'file');
    const fromDatabase = join(dir, 'database');
    const lines: string[] = [];
    assert.equal(await main(['--out', fromFile, '--from', '2026-04-01', '--to', '2026-06-30'], { STORE_PATH: h.storePath }, (l) => lines.push(l)), 0, lines.join('\n'));
    assert.equal(await main(['--out', fromDatabase, '--from', '2026-04-01', '--to', '2026-06-30'], { STORE_PATH: join(dir, 'none.json'), DATABASE_URL: url }, (l) => lines.push(l)), 0, lines.join('\n'));
    const names = (await readdir(fromFile)).sort();
    assert.equal(names.length, 4);
    assert.deepEqual((await readdir(fromDatabase)).sort(), names);
    for (const name of names) assert.deepEqual(await readFile(join(fromDatabase, name)), await readFile(join(fromFile, name)), name);
    assert.match((await readFile(join(fromDatabase, names[2]!), 'utf8')), /PR-2026-0002/);
  });
});
