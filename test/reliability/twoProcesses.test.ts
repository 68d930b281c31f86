import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cardText } from '../cards/cardQuality.js';
import { sampleRequest } from '../support/botHarness.js';
import { FakeConnector } from '../support/fakeConnector.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';
import {
  API_KEY, PANEL_CHANNEL, ROOT, TENANT, decideActivity, members, postJson, readDecisionCard, spawnServer, type ServerProcess,
} from './serverProcess.js';

/**
 * Two real bot processes (`node --import tsx src/index.ts`) on one PostgreSQL database, with a fake
 * Bot Connector counting what they post: what the issue asks of several instances, end to end.
 */
const run = promisify(execFile);
const PANEL = members(4);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${API_KEY}` } });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}

/** The card a bot answers a typed question with (deliveryMode expectReplies). */
async function ask(server: ServerProcess, text: string, serviceUrl: string): Promise<Record<string, unknown>> {
  const res = await postJson(`${server.url}/api/messages`, {
    type: 'message', id: `q-${Math.random()}`, channelId: 'msteams', serviceUrl, text, deliveryMode: 'expectReplies',
    from: { id: PANEL[0]!.id, name: PANEL[0]!.name, aadObjectId: PANEL[0]!.aadObjectId }, recipient: { id: '28:bot', name: 'Placement Panel' },
    conversation: { id: 'personal-1', conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } },
  }, null);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const activities = (res.body.activities ?? []) as { attachments?: { content: Record<string, unknown> }[] }[];
  const card = activities[0]?.attachments?.[0]?.content;
  assert.ok(card, `no card in the answer to "${text}"`);
  return card;
}

/** The request ids on the cards the connector was sent (posts, or updates), in order. */
function cardsSent(connector: FakeConnector, method: 'POST' | 'PUT'): string[] {
  return connector.calls.filter((c) => c.method === method).flatMap((c) => {
    const text = cardText((c.body.attachments as { content: unknown }[] | undefined)?.[0]?.content ?? {});
    if (/weekly digest/i.test(text)) return [];
    const id = /PR-\d{4}-\d{4,}/.exec(text);
    return id ? [id[0]] : [];
  });
}

function digestsSent(connector: FakeConnector): number {
  return connector.posts().filter((c) => /weekly digest/i.test(cardText((c.body.attachments as { content: unknown }[] | undefined)?.[0]?.content ?? {}))).length;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

describe('reliability: two bot processes on one PostgreSQL database', function () {
  this.timeout(120_000);
  let pgServer: TestPostgres;
  let databaseUrl: string;
  let connector: FakeConnector;
  let dir: string;
  const servers: ServerProcess[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  const env = () => ({
    DATABASE_URL: databaseUrl,
    PANEL_MEMBERS: PANEL.map((m) => m.aadObjectId).join(','),
    ALLOWED_TENANTS: TENANT,
    SAVINGS_TARGET: '500000',
    // Ticks every second: a week's schedule, run many times over, on both.
    DIGEST_CRON: '* * * * * *',
  });
  const start = async () => {
    const server = await spawnServer({ storePath: join(dir, 'unused.json'), env: env() });
    servers.push(server);
    return server;
  };

  before(async function () {
    pgServer = await postgresFor(this);
    databaseUrl = await pgServer.createDatabase('two_processes');
    dir = await mkdtemp(join(tmpdir(), 'panel-two-'));
    connector = new FakeConnector();
    await connector.start();
    // Started together: the migrations run once, under their lock.
    [a, b] = await Promise.all([start(), start()]);
    // Teams adds the app to the panel channel through instance A: B hears of the channel from the database.
    const install = await postJson(`${a.url}/api/messages`, {
      type: 'installationUpdate', action: 'add', id: 'install-1', channelId: 'msteams', serviceUrl: connector.url,
      from: { id: PANEL[0]!.id, aadObjectId: PANEL[0]!.aadObjectId, name: PANEL[0]!.name }, recipient: { id: '28:bot', name: 'Placement Panel' },
      conversation: { id: PANEL_CHANNEL.id, conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: PANEL_CHANNEL.teamId }, channel: { id: PANEL_CHANNEL.id } },
    }, null);
    assert.ok(install.status < 300, `install answered ${install.status}`);
  });

  after(async () => {
    for (const server of servers) await server.kill();
    await connector?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const requestIds: string[] = [];

  it('twenty requests sent to the two in turn give twenty card posts, each seen by the other within a second', async () => {
    const seenAfter: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [to, other] = i % 2 === 0 ? [a, b] : [b, a];
      const res = await postJson(`${to.url}/api/requests`, sampleRequest({ childRef: `C-${7000 + i}` }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const id = res.body.id as string;
      requestIds.push(id);
      const written = performance.now();
      await until(`${id} on the other instance`, async () => ((await getJson(`${other.url}/api/requests/${id}`)).status === 200 ? true : undefined), 5_000, 10);
      seenAfter.push(performance.now() - written);
    }
    assert.equal(new Set(requestIds).size, 20, 'ids given once across both');
    const posted = await until('twenty card posts', () => {
      const ids = cardsSent(connector, 'POST');
      return ids.length >= 20 ? ids : undefined;
    });
    await sleep(500);
    assert.deepEqual(cardsSent(connector, 'POST').sort(), [...requestIds].sort(), 'each request\'s card posted once');
    assert.equal(posted.length, 20);
    assert.ok(Math.max(...seenAfter) < 1_000, `every write seen on the other instance within a second: ${seenAfter.map(Math.round).join(', ')} ms`);
  });

  it('members pressing at the same moment on different instances settle each request once, and each card is updated once', async () => {
    const targets = requestIds.slice(0, 8);
    const serviceUrl = connector.url;
    const answers = await Promise.all(targets.flatMap((requestId, i) => [
      postJson(`${a.url}/api/messages`, decideActivity(serviceUrl, PANEL[i % 4]!, { requestId, outcome: 'approve', option: 'proposed' }), null),
      postJson(`${b.url}/api/messages`, decideActivity(serviceUrl, PANEL[(i + 1) % 4]!, { requestId, outcome: 'decline', comment: 'Not this time' }), null),
    ]));
    const said = answers.map((r) => (r.status === 200 ? readDecisionCard(r.body) : undefined));
    for (const [i, requestId] of targets.entries()) {
      const pair = said.slice(2 * i, 2 * i + 2);
      assert.deepEqual(pair.map((s) => s?.kind).sort(), ['already', 'recorded'], `${requestId}: one recorded, one told it was already decided: ${JSON.stringify(pair)}`);
      const recorded = pair.find((s) => s?.kind === 'recorded')!;
      assert.equal(pair.find((s) => s?.kind === 'already')!.by, recorded.by, 'told who decided first');
      for (const server of [a, b]) {
        const { body } = await getJson(`${server.url}/api/requests/${requestId}`);
        const decisions = body.decisions as { decidedBy: { name: string } }[];
        assert.equal(decisions.length, 1, `${requestId}: one decision on ${server.url}`);
        assert.equal(decisions[0]!.decidedBy.name, recorded.by);
      }
    }
    await until('the eight card updates', () => (cardsSent(connector, 'PUT').length >= 8 ? true : undefined));
    await sleep(2_000);
    assert.deepEqual(cardsSent(connector, 'PUT').sort(), [...targets].sort(), 'each decided card updated once');
  });

  it('both running the schedule every second send one digest', async () => {
    // By now each instance has ticked through many runs of the schedule.
    await until('the digest', () => (digestsSent(connector) > 0 ? true : undefined), 10_000);
    await sleep(3_000);
    assert.equal(digestsSent(connector), 1);
  });

  it('savings to date, the digest and the API read the same on both, and the same as the JSON store given the same history', async () => {
    const asOf = '2027-03-01';
    const savings = await Promise.all([a, b].map((s) => getJson(`${s.url}/api/savings?asOf=${asOf}`)));
    assert.equal(savings[0]!.status, 200);
    assert.deepEqual(savings[0]!.body, savings[1]!.body);
    const detail = await Promise.all([a, b].map((s) => getJson(`${s.url}/api/requests/${requestIds[0]}?asOf=${asOf}`)));
    assert.deepEqual(detail[0]!.body, detail[1]!.body);
    const digests = await Promise.all([a, b].map((s) => ask(s, 'digest', connector.url)));
    assert.deepEqual(digests[0], digests[1]);
    const savingsCards = await Promise.all([a, b].map((s) => ask(s, `savings to date as of ${asOf}`, connector.url)));
    assert.deepEqual(savingsCards[0], savingsCards[1]);

    // The same history in the JSON store, copied whole by the tool the README gives.
    const file = join(dir, 'copied.json');
    await run(process.execPath, ['--import', 'tsx', 'scripts/copyStore.ts', '--from', databaseUrl, '--to', file], { cwd: ROOT });
    const json = await spawnServer({ storePath: file, env: { ...env(), DATABASE_URL: '', DIGEST_CRON: '0 9 * * 1' } });
    servers.push(json);
    assert.deepEqual((await getJson(`${json.url}/api/savings?asOf=${asOf}`)).body, savings[0]!.body);
    assert.deepEqual((await getJson(`${json.url}/api/requests/${requestIds[0]}?asOf=${asOf}`)).body, detail[0]!.body);
    assert.deepEqual(await ask(json, 'digest', connector.url), digests[0]);
    assert.deepEqual(await ask(json, `savings to date as of ${asOf}`, connector.url), savingsCards[0]);
    await json.kill();
  });

  it('one killed with kill -9 in a burst of writes loses nothing acknowledged; the other serves on', async () => {
    const victim = a;
    const acked: { id: string; childRef: string }[] = [];
    const decided = new Map<string, string>();
    const pending = requestIds.slice(8);
    const burst = Array.from({ length: 60 }, async (_, i) => {
      const childRef = `K-${i}`;
      const res = await postJson(`${victim.url}/api/requests`, sampleRequest({ childRef })).catch(() => undefined);
      if (res?.status === 201) acked.push({ id: res.body.id as string, childRef });
    });
    const votes = pending.map(async (requestId, i) => {
      const member = PANEL[i % 4]!;
      const res = await postJson(`${victim.url}/api/messages`, decideActivity(connector.url, member, { requestId, outcome: 'approve', option: 'proposed' }), null).catch(() => undefined);
      const said = res?.status === 200 ? readDecisionCard(res.body) : undefined;
      if (said?.kind === 'recorded') decided.set(requestId, member.name);
    });
    // Killed while the burst is answered: after a few acknowledgements, not after all of them.
    await until('a few acknowledgements', () => (acked.length >= 5 ? true : undefined), 20_000);
    await victim.kill();
    await Promise.all([...burst, ...votes]);
    assert.ok(acked.length < 60 || decided.size < pending.length, 'killed mid-burst');

    // The survivor keeps serving: writes and questions, with every acknowledged write there.
    const after = await postJson(`${b.url}/api/requests`, sampleRequest({ childRef: 'C-7999' }));
    assert.equal(after.status, 201);
    for (const { id, childRef } of acked) {
      const { status, body } = await getJson(`${b.url}/api/requests/${id}`);
      assert.equal(status, 200, `acknowledged ${id} is missing`);
      assert.equal((body.request as { childRef: string }).childRef, childRef);
    }
    for (const [requestId, name] of decided) {
      const { body } = await getJson(`${b.url}/api/requests/${requestId}`);
      assert.deepEqual((body.decisions as { decidedBy: { name: string } }[]).map((d) => d.decidedBy.name), [name], `acknowledged decision on ${requestId}`);
    }
    assert.equal((await fetch(`${b.url}/readyz`)).status, 200);
    await ask(b, 'pending', connector.url);

    // The record verifies, and a restarted instance reads what the other wrote meanwhile.
    const verified = await run(process.execPath, ['--import', 'tsx', 'scripts/verifyStore.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
    assert.match(verified.stdout, /verif|intact|ok/i);
    const restarted = await start();
    const { status } = await getJson(`${restarted.url}/api/requests/${after.body.id as string}`);
    assert.equal(status, 200);
  });
});
