import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main, readSource } from '../../scripts/copyStore.js';
import { journalPathFor } from '../../src/store/journal.js';
import { openStore } from '../../src/store/lowdbStore.js';
import { openPostgresStore, readPostgresStore } from '../../src/store/postgres/openPostgresStore.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';
import {
  costChange, decision, diskBytes, meetingEnded, meetingStarted, meta, rolesInForce, sampleRequest, tempFolder,
} from '../store/helpers.js';

const conversation = {
  bot: { id: 'bot-1', name: 'Panel bot' },
  channelId: 'msteams',
  conversation: { id: '19:panel@thread.tacv2', tenantId: 't-1' },
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
};

/** npm run copy-store: a whole store from a file to PostgreSQL and back (issue #13). */
describe('scripts/copyStore', () => {
  let server: TestPostgres;
  let folder: { dir: string; cleanup: () => Promise<void> };

  before(async function () {
    server = await postgresFor(this);
  });
  beforeEach(async () => { folder = await tempFolder(); });
  afterEach(async () => { await folder.cleanup(); });

  async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, (line) => out.push(line), (line) => err.push(line));
    return { code, out, err };
  }

  /**
   * A store with something of everything, a purged request among them so the chains have purged
   * runs, and governance records (which a purge leaves).
   */
  async function fullStore(file: string): Promise<void> {
    const store = await openStore(file);
    const [a, b, c] = await store.addRequests([
      { data: sampleRequest('C-70001'), meta: { ...meta(), idempotencyKey: 'case-1', fingerprint: 'f1' } },
      { data: sampleRequest('C-70002'), meta: meta() },
      { data: sampleRequest('C-70003'), meta: meta() },
    ]);
    assert.ok((await store.appendDecision(a!.id, () => decision('member-1', 'approve'))).ok);
    assert.ok((await store.appendDecision(b!.id, () => decision('member-2', 'decline'))).ok);
    assert.ok((await store.appendDecision(c!.id, () => decision('member-3', 'approve'))).ok);
    await store.appendEvent(a!.id, costChange(), { key: 'event-1', fingerprint: 'f2' });
    await store.appendEvent(b!.id, costChange('1400.00'));
    await store.setCard(c!.id, { conversationId: '19:panel@thread.tacv2', activityId: 'act-3', decisions: 1 });
    await store.setConversation('panel', conversation);
    await store.setDigestState({ lastWeekSent: '2026-W10' });
    assert.ok((await store.appendGovernance(() => rolesInForce())).ok);
    const started = await store.appendGovernance(() => meetingStarted());
    assert.ok(started.ok && (await store.appendGovernance(() => meetingEnded(started.record.id))).ok);
    assert.equal(await store.purgeRequests([b!.id]), 1);
    await store.close();
  }

  it('file → database → file: the same store, chains verifying, and a copy that takes new writes', async () => {
    const original = join(folder.dir, 'panel.json');
    const back = join(folder.dir, 'back', 'panel.json');
    await fullStore(original);
    const url = await server.createDatabase('copy');

    const there = await run(['--from', original, '--to', url]);
    assert.equal(there.code, 0, there.err.join('\n'));
    assert.match(there.out[0]!, /^Copied 2 requests, 2 decisions, 1 events, 3 governance records from .*panel\.json to the PostgreSQL database copy/);
    assert.match(there.out[1]!, /^verified/);
    const home = await run(['--from', url, '--to', back]);
    assert.equal(home.code, 0, home.err.join('\n'));

    const source = await readSource(original);
    assert.ok(source.chain!.decisions.purged.length > 0, 'the chains have a purged run to carry');
    assert.equal(source.governance.length, 3);
    for (const copy of [(await readPostgresStore(url))!, await readSource(back)]) {
      assert.deepEqual(copy, source);
    }

    const db = await openPostgresStore(url, { follow: false });
    try {
      assert.ok((await db.appendDecision(source.requests[0]!.id, () => decision('member-4', 'approve'))).ok);
      await db.addRequest(sampleRequest('C-70004'), meta());
      const next = await db.appendGovernance(() => meetingStarted());
      assert.ok(next.ok && next.record.id === 'G-000004', 'governance ids go on from the source\'s');
      assert.deepEqual(db.verify(), { ok: true, count: 3 + 1 + 4 }, '3 decisions, 1 event, 4 governance records');
    } finally {
      await db.close();
    }
    const file = await openStore(back);
    try {
      const added = await file.appendDecision(source.requests[1]!.id, () => decision('member-4', 'approve'));
      assert.ok(added.ok);
      assert.equal(added.record.id, `D-${String(source.chain!.decisions.length + 1).padStart(6, '0')}`, 'ids go on from the source\'s');
      const next = await file.appendGovernance(() => meetingStarted());
      assert.ok(next.ok && next.record.id === 'G-000004');
      assert.deepEqual(file.verify(), { ok: true, count: 3 + 1 + 4 });
    } finally {
      await file.close();
    }
  });

  it('a target that holds a store is refused, naming it, and nothing is written', async () => {
    const original = join(folder.dir, 'panel.json');
    await fullStore(original);
    const url = await server.createDatabase('copyfull');
    const existing = await openPostgresStore(url, { follow: false });
    await existing.setConversation('panel', conversation);
    await existing.close();
    const dbBefore = await readPostgresStore(url);
    const refused = await run(['--from', original, '--to', url]);
    assert.equal(refused.code, 1);
    assert.match(refused.err.join('\n'), /PostgreSQL database copyfull\S* .*already holds a store \(1 changes, 1 conversations\); nothing was written/);
    assert.deepEqual(await readPostgresStore(url), dbBefore);

    const governed = await server.createDatabase('copygoverned');
    const meeting = await openPostgresStore(governed, { follow: false });
    assert.ok((await meeting.appendGovernance(() => meetingStarted())).ok);
    await meeting.close();
    const refusedToo = await run(['--from', original, '--to', governed]);
    assert.equal(refusedToo.code, 1);
    assert.match(refusedToo.err.join('\n'), /already holds a store \(1 changes, 1 governance records, 1 chains begun\); nothing was written/);

    const target = join(folder.dir, 'other.json');
    await writeFile(target, '{}');
    const fileBefore = await diskBytes(target);
    const toFile = await run(['--from', original, '--to', target]);
    assert.equal(toFile.code, 1);
    assert.match(toFile.err.join('\n'), /The store file .*other\.json already exists; nothing was written/);
    assert.deepEqual(await diskBytes(target), fileBefore);

    const journalOnly = join(folder.dir, 'journal-only.json');
    await writeFile(journalPathFor(journalOnly), '');
    const toJournal = await run(['--from', original, '--to', journalOnly]);
    assert.equal(toJournal.code, 1);
    assert.match(toJournal.err.join('\n'), /The journal .*journal-only\.json.* already exists/);
    assert.equal((await diskBytes(journalOnly)).file, null);
  });

  it('bad arguments are refused with the usage, exit 2', async () => {
    for (const args of [[], ['--from', 'a.json'], ['--to', 'b.json'], ['--from', 'a.json', '--to', 'b.json', '--force'], ['a.json', 'b.json']]) {
      const { code, err } = await run(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err.join('\n'), /usage: npm run copy-store -- --from/);
    }
    const missing = await run(['--from', join(folder.dir, 'none.json'), '--to', join(folder.dir, 'to.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err.join('\n'), /There is no store file at .*none\.json/);
    assert.equal((await diskBytes(join(folder.dir, 'to.json'))).file, null);
  });
});
