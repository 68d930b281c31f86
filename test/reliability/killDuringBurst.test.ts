import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/lowdbStore.js';
import { sampleRequest } from '../support/botHarness.js';
import { decideActivity, members, postJson, readDecisionCard, spawnServer, type Member } from './serverProcess.js';

/**
 * SIGKILL during bursts of writes, on the real server process and a real store file.
 *
 * Each run starts `node --import tsx src/index.ts` on the same store, sends a burst of request
 * POSTs and decision invokes (two members approving each of some pending requests at once), kills
 * the process with SIGKILL at a random moment, then opens the file with the real store and checks:
 * every write that was acknowledged (201, or an invoke card showing the member's recorded decision)
 * is there with what was sent; nothing is doubled (unique ids, each POST stored at most once, at
 * most one decision per request); a member told "Already decided … by X" finds X's decision there;
 * the file loads cleanly (schema, lock taken over from the dead process) and its hash chains verify.
 *
 * KILL_RUNS sets the number of runs (default 5); KILL_BURST the request POSTs per burst (default 120).
 */
const RUNS = Number(process.env.KILL_RUNS ?? 5);
const BURST = Number(process.env.KILL_BURST ?? 120);
const PAIRS_PER_RUN = 30;
const PANEL = members(4);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Outcome = { acked: false } | { acked: true; status: number; body: Record<string, unknown> };

let answered = 0;

function settle<T extends { status: number; body: Record<string, unknown> }>(p: Promise<T>): Promise<Outcome> {
  return p.then((r) => ({ acked: true as const, status: r.status, body: r.body }), () => ({ acked: false as const }))
    .finally(() => { answered += 1; });
}

describe('reliability: SIGKILL during bursts of writes (real server process, real store file)', function () {
  this.timeout(Math.max(60_000, RUNS * 20_000));
  let dir: string;
  let storePath: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'panel-kill-'));
    storePath = join(dir, 'panel.json');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write, doubles nothing and verifies, over ${RUNS} kill -9 runs`, async () => {
    // Odd runs fold the journal into the file every few writes, so kills also land mid-fold
    // (file rewritten, journal not yet emptied); even runs keep the default (append only).
    const envFor = (run: number) => ({
      PANEL_MEMBERS: PANEL.map((m) => m.aadObjectId).join(','), ALLOWED_TENANTS: 'tenant-1',
      ...(run % 2 === 1 && { STORE_JOURNAL_BYTES: '4096' }),
    });
    // Everything acknowledged in any run: must all still be there at the end.
    const ackedRequests = new Map<string, string>(); // id -> childRef sent
    const ackedDecisions = new Map<string, string>(); // requestId -> name of the member whose decision it is
    let pending: string[] = [];
    const stats = { posts: 0, postAcks: 0, invokes: 0, invokeAcks: 0, killedMidBurst: 0, foldedBeforeKill: 0 };

    for (let run = 1; run <= RUNS; run++) {
      const fileBefore = (await stat(storePath).catch(() => undefined))?.mtimeMs;
      const server = await spawnServer({ storePath, env: envFor(run) });
      try {
        const serviceUrl = `${server.url}/unused-connector/`;
        // One write before the burst, so the burst meets a warmed-up process.
        const warm = await postJson(`${server.url}/api/requests`, sampleRequest({ childRef: `W-${run}00` }));
        assert.equal(warm.status, 201);
        ackedRequests.set(warm.body.id as string, `W-${run}00`);
        const burst: { childRef: string; p: Promise<Outcome> }[] = [];
        const invokes: { requestId: string; member: Member; p: Promise<Outcome> }[] = [];
        // Decisions: two different members approve each of some pending requests at the same moment.
        const targets = pending.slice(0, PAIRS_PER_RUN);
        const started = Date.now();
        answered = 0;
        for (let i = 0; i < BURST; i++) {
          const childRef = `K-${run}-${i}`;
          burst.push({ childRef, p: settle(postJson(`${server.url}/api/requests`, sampleRequest({ childRef }))) });
          const target = i % 2 === 0 ? targets[i / 2] : undefined;
          if (target !== undefined) {
            const [a, b] = [PANEL[run % PANEL.length]!, PANEL[(run + 1) % PANEL.length]!];
            for (const member of [a, b]) {
              invokes.push({ requestId: target, member, p: settle(postJson(`${server.url}/api/messages`, decideActivity(serviceUrl, member, { requestId: target, outcome: 'approve', option: 'proposed' }), null)) });
            }
          }
        }
        // Kill at a random moment while the burst is being handled: after a random number of answers
        // (so the moment falls inside the burst however loaded the machine is), plus 0–20 ms.
        const total = burst.length + invokes.length;
        const killAfter = Math.floor(Math.random() * total * 0.9);
        const deadline = Date.now() + 20_000;
        while (answered < killAfter && Date.now() < deadline) await sleep(2);
        await sleep(Math.floor(Math.random() * 20));
        if (answered < total) stats.killedMidBurst += 1;
        assert.ok(server.child.exitCode === null && server.child.signalCode === null,
          `run ${run}: the server died before the kill (exit ${server.child.exitCode ?? server.child.signalCode}): ${server.stderr().slice(-3000)}`);
        await server.kill();
        const killedAfterMs = Date.now() - started;
        // The killed process rewrote the store file (folded its journal) at least once.
        if (fileBefore !== undefined && (await stat(storePath)).mtimeMs !== fileBefore) stats.foldedBeforeKill += 1;
        if (process.env.KILL_VERBOSE) console.log(`run ${run}: killed after ${killedAfterMs} ms with ${answered}/${total} answered`);

        const posts = await Promise.all(burst.map(async (b) => ({ ...b, outcome: await b.p })));
        const answers = await Promise.all(invokes.map(async (i) => ({ ...i, outcome: await i.p })));
        stats.posts += posts.length;
        stats.invokes += answers.length;
        for (const p of posts) {
          if (!p.outcome.acked) continue;
          assert.equal(p.outcome.status, 201, `POST answered ${p.outcome.status}: ${JSON.stringify(p.outcome.body)}`);
          stats.postAcks += 1;
          ackedRequests.set(p.outcome.body.id as string, p.childRef);
        }
        const toldAlready: { requestId: string; by: string }[] = [];
        for (const a of answers) {
          if (!a.outcome.acked) continue;
          // An answer that is neither (an error card) acknowledges nothing.
          const said = a.outcome.status === 200 ? readDecisionCard(a.outcome.body) : undefined;
          if (!said) {
            if (process.env.KILL_VERBOSE) console.log('unacknowledging answer', a.outcome.status, JSON.stringify(a.outcome.body).slice(0, 300));
            continue;
          }
          stats.invokeAcks += 1;
          if (said.kind === 'recorded') {
            assert.equal(said.by, a.member.name, 'a recorded answer names the member who clicked');
            const earlier = ackedDecisions.get(a.requestId);
            assert.ok(earlier === undefined || earlier === a.member.name, `${a.requestId}: two members were both told their decision was recorded`);
            ackedDecisions.set(a.requestId, a.member.name);
          } else {
            toldAlready.push({ requestId: a.requestId, by: said.by });
          }
        }

        // The file as the next start finds it: the real store opens it (taking over the dead lock).
        const store = await openStore(storePath);
        try {
          const where = `run ${run} (killed ${killedAfterMs} ms into the burst)`;
          const check = store.verify();
          assert.ok(check.ok, `${where}: the hash chain does not verify: ${JSON.stringify(check)}`);
          const requests = store.listRequests();
          assert.equal(new Set(requests.map((r) => r.id)).size, requests.length, `${where}: request ids are unique`);
          const refs = requests.map((r) => r.childRef);
          assert.equal(new Set(refs).size, refs.length, `${where}: no POST was stored twice`);
          const decisions = store.allDecisions();
          assert.equal(new Set(decisions.map((d) => d.id)).size, decisions.length, `${where}: decision ids are unique`);
          for (const [id, childRef] of ackedRequests) {
            assert.equal(store.getRequest(id)?.childRef, childRef, `${where}: acknowledged request ${id} (${childRef}) is missing or changed`);
          }
          for (const r of requests) {
            assert.ok(store.decisionsFor(r.id).length <= 1, `${where}: ${r.id} has ${store.decisionsFor(r.id).length} decisions`);
          }
          for (const [requestId, name] of ackedDecisions) {
            const found = store.decisionsFor(requestId);
            assert.equal(found.length, 1, `${where}: acknowledged decision on ${requestId} is missing`);
            assert.equal(found[0]!.decidedBy.name, name, `${where}: the decision on ${requestId} is not the acknowledged one`);
          }
          for (const t of toldAlready) {
            const found = store.decisionsFor(t.requestId);
            assert.equal(found[0]?.decidedBy.name, t.by, `${where}: a member was told ${t.requestId} was already decided by ${t.by}, but the file has ${found[0]?.decidedBy.name ?? 'no decision'}`);
          }
          // Requests with no decision yet are decided in later runs.
          pending = requests.filter((r) => store.decisionsFor(r.id).length === 0).map((r) => r.id);
        } finally {
          await store.close();
        }
        const leftovers = (await readdir(dir)).filter((n) => n.endsWith('.tmp'));
        assert.deepEqual(leftovers, [], 'opening the store removes the temp file the killed process left');
      } finally {
        await server.kill();
      }
    }

    // A last clean start on the file: the server comes up and everything is still there.
    const server = await spawnServer({ storePath, env: envFor(0) });
    await server.kill();
    const store = await openStore(storePath);
    try {
      assert.ok(store.verify().ok);
      for (const id of ackedRequests.keys()) assert.ok(store.getRequest(id), `${id} survived every restart`);
      for (const id of ackedDecisions.keys()) assert.equal(store.decisionsFor(id).length, 1);
    } finally {
      await store.close();
    }
    assert.ok(stats.postAcks > 0, 'some writes were acknowledged before the kills');
    assert.ok(stats.foldedBeforeKill > 0 || RUNS < 2, 'the journal was folded into the file in some of the killed runs');
    if (process.env.KILL_VERBOSE) console.log(stats);
    assert.ok(stats.invokeAcks > 0 || RUNS < 2, 'some decisions were acknowledged before the kills');
  });
});
