/**
 * `npm run bench` (add `--quick` for smaller stores and shorter runs). A script, not a test: it
 * prints one table of figures measured on this machine, side by side, and PASS/MISS per target.
 *
 *  (a) a bare botbuilder echo bot on restify 11 (CloudAdapter, local mode) answering a message with
 *      deliveryMode expectReplies — the floor — and the same bot replying with our savings card;
 *  (b) our /api/messages answering "savings to date" (expectReplies) over stores of N decisions; at
 *      the target's size, in rounds with the two echo bots (echo, question, card echo, three times);
 *  (c) adaptiveCard/action "decide" invokes, each on a different pending request, so each is a real
 *      durable write (fsynced, group-committed); then the echo bot answering the same invoke with the
 *      request card a decision answered with, computing and writing nothing;
 *  (d) the digest view and savings to date computed directly, time per call, with no cache warm,
 *      each store in a process of its own (bench/direct.ts), the small and large store in turn;
 *  (e) the PostgreSQL store over the same history: questions, decide invokes, two instances against
 *      one, and how soon one instance's write shows on the other (bench/postgres.ts);
 *  (f) issue 17: the digest and savings to date asked right after one new decision (bench/direct.ts
 *      --after-decision), and the server's resident memory at rest and start-up time, each at a
 *      small and a large store, as ratios.
 *
 * Each server runs in its own child process (bench/server.ts) with autocannon loading it from this
 * one over loopback. Stores are seeded through the store API in a temp folder, not through HTTP, each
 * by a process of its own (bench/seed.ts), so this process's heap stays small while it loads.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONNECTIONS, DURATION_S, QUESTION, QUICK, WARMUP_S, decideInvoke, log, measure, median, post, script, startServer, type Load,
} from './load.js';
import { postgresBench } from './postgres.js';
import type { Seeded } from './seed.js';
import type { AtRest } from './server.js';

const SIZES = QUICK
  ? { questions: [100, 1_000, 10_000], invokes: [100, 1_000], direct: [1_000, 10_000] }
  : { questions: [1_000, 10_000, 100_000], invokes: [1_000, 10_000], direct: [10_000, 100_000] };
/** The sizes the targets are read at (issue 6), or their tenth in quick mode. */
const AT = QUICK
  ? { question: 1_000, write: 100, writeP99: 1_000, small: 1_000, large: 10_000 }
  : { question: 10_000, write: 1_000, writeP99: 10_000, small: 10_000, large: 100_000 };
/** The sizes issue 17's ratios are read at, or their tenth in quick mode (stores seeded for the questions). */
const AT17 = QUICK ? { small: 100, large: 10_000 } : { small: 1_000, large: 100_000 };
/**
 * Pending requests seeded for the invokes to decide. A run of invokes stops when the pool is used up
 * (or after DURATION_S, whichever is first), so every answer is a real write.
 */
const PENDING_POOL = QUICK ? 2_000 : 6_000;
/** Rounds of echo bot, question and card echo, one after another (see main). */
const ROUNDS = 3;
/**
 * Rounds of the direct timings, small store then large: more than of the HTTP loads, as one process
 * over the large store can meet a burst of the shared machine's noise on its own.
 */
const DIRECT_ROUNDS = 5;
/** Rounds of issue 17's figures, small store then large: each is already a median within its process. */
const ROUNDS_17 = 3;

// ---- direct timings ----

/** The digest and savings to date timed over one store (bench/direct.ts). */
function direct(path: string): Promise<{ digestMs: number; savingsMs: number }> {
  return script('direct.ts', [path], ['--expose-gc']);
}

/** The digest and savings to date each asked right after one new decision (bench/direct.ts). */
function afterDecision(path: string): Promise<{ digestMs: number; savingsMs: number }> {
  return script('direct.ts', [path, '--after-decision'], ['--expose-gc']);
}

/** A server started on the store, its start-up time and resident memory at rest, then stopped. */
async function atRest(path: string): Promise<AtRest> {
  const server = await startServer(['app', path], ['--expose-gc']);
  try {
    return await server.ask<AtRest>({ rest: true }, 'rest');
  } finally {
    await server.stop();
  }
}

// ---- report ----

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

async function main(): Promise<void> {
  const began = performance.now();
  const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
  const dir = await mkdtemp(join(tmpdir(), 'panel-bench-'));
  try {
    const sizes = [...new Set([...SIZES.questions, ...SIZES.invokes, ...SIZES.direct])].sort((a, b) => a - b);
    const stores = new Map<number, { path: string; seeded: Seeded; mb: number }>();
    for (const n of sizes) {
      const path = join(dir, `panel-${n}.json`);
      const t = performance.now();
      const seeded = await script<Seeded>('seed.ts', [path, String(n), String(SIZES.invokes.includes(n) ? PENDING_POOL : 20)]);
      const mb = (await stat(path)).size / 2 ** 20;
      stores.set(n, { path, seeded, mb });
      log(`seeded ${fmt(n)} decisions (${fmt(seeded.requests)} requests, ${fmt(seeded.events)} events, ${fmt(mb, 1)} MB) in ${fmt((performance.now() - t) / 1000, 1)} s`);
    }

    // (d) first, on the stores as seeded: the small and the large store in turn, DIRECT_ROUNDS times, so that
    // drift on a shared machine falls on both; each ratio is the median of the per-round ratios.
    const directRounds: Map<number, { digestMs: number; savingsMs: number }>[] = [];
    for (let round = 1; round <= DIRECT_ROUNDS; round += 1) {
      const timings = new Map<number, { digestMs: number; savingsMs: number }>();
      for (const n of SIZES.direct) timings.set(n, await direct(stores.get(n)!.path));
      directRounds.push(timings);
      log(`direct, round ${round}: ${JSON.stringify(Object.fromEntries(timings))}`);
    }
    const directMedian = (n: number, key: 'digestMs' | 'savingsMs') => median(directRounds.map((r) => r.get(n)![key]));
    const directRatio = (key: 'digestMs' | 'savingsMs') => median(directRounds.map((r) => r.get(AT.large)![key] / r.get(AT.small)![key]));

    // (f) issue 17, on copies of the stores as seeded (the invokes' pending requests stay pending): the
    // small and the large store in turn, ROUNDS_17 times; each ratio the median of the per-round ratios.
    const sizes17 = [AT17.small, AT17.large];
    const afterRounds: Map<number, { digestMs: number; savingsMs: number }>[] = [];
    const restRounds: Map<number, AtRest>[] = [];
    for (let round = 1; round <= ROUNDS_17; round += 1) {
      const after = new Map<number, { digestMs: number; savingsMs: number }>();
      const rest = new Map<number, AtRest>();
      for (const n of sizes17) {
        after.set(n, await afterDecision(stores.get(n)!.path));
        rest.set(n, await atRest(stores.get(n)!.path));
      }
      afterRounds.push(after);
      restRounds.push(rest);
      log(`after one decision, round ${round}: ${JSON.stringify(Object.fromEntries(after))}; at rest: ${JSON.stringify(Object.fromEntries(rest))}`);
    }
    const median17 = <K extends string>(rounds: Map<number, Record<K, number>>[], n: number, key: K) => median(rounds.map((r) => r.get(n)![key]));
    const ratio17 = <K extends string>(rounds: Map<number, Record<K, number>>[], key: K) => median(rounds.map((r) => r.get(AT17.large)![key] / r.get(AT17.small)![key]));

    // (a) and (b): the floor, the question at the target's size and the echo bot replying with the
    // same card, measured in turn over several rounds, so that drift on a shared machine falls on all
    // three alike; each ratio is the median of its per-round ratios.
    const echoRun = (label: string) => measure(label, ['echo'], QUESTION, async (s) => {
      const r = await post(s.url, QUESTION);
      if (r.status !== 200 || !r.text.includes('savings to date')) throw new Error(`echo bot answered ${r.status}: ${r.text}`);
    });
    const cardPath = join(dir, 'savings-card.json');
    const questionRun = (n: number, label: string) => measure(label, ['app', stores.get(n)!.path], QUESTION, async (s) => {
      const r = await post(s.url, QUESTION);
      if (r.status !== 200 || !r.text.includes('application/vnd.microsoft.card.adaptive') || !r.text.includes('Savings to date')) {
        throw new Error(`question answered ${r.status}: ${r.text.slice(0, 500)}`);
      }
      if (n === AT.question) await writeFile(cardPath, JSON.stringify((JSON.parse(r.text) as { activities: { attachments: { content: unknown }[] }[] }).activities[0]!.attachments[0]!.content));
    });
    // The bare echo bot replying with that same card, computing nothing: the difference between the
    // two floors is the cost of sending a card rather than a line of text.
    const cardEchoRun = (label: string) => measure(label, ['echo', cardPath], QUESTION, async (s) => {
      const r = await post(s.url, QUESTION);
      if (r.status !== 200 || !r.text.includes('Savings to date')) throw new Error(`card echo answered ${r.status}: ${r.text.slice(0, 300)}`);
    });
    const rounds: { echo: Load; question: Load; cardEcho: Load }[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const echo = await echoRun(`echo bot (floor), round ${round}`);
      const question = await questionRun(AT.question, `"savings to date", ${fmt(AT.question)} decisions, round ${round}`);
      const cardEcho = await cardEchoRun(`echo bot replying with that card, round ${round}`);
      rounds.push({ echo, question, cardEcho });
      log(`round ${round}: echo ${fmt(echo.rps)}, question ${fmt(question.rps)}, card echo ${fmt(cardEcho.rps)} req/s`);
    }
    const echo = { rps: median(rounds.map((r) => r.echo.rps)) };
    const questions: Load[] = [];
    for (const n of SIZES.questions.filter((size) => size !== AT.question)) {
      questions.push(await questionRun(n, `"savings to date", ${fmt(n)} decisions`));
      log(`questions ${fmt(n)}: ${fmt(questions.at(-1)!.rps)} req/s`);
    }

    // (e) the PostgreSQL store over the same history as the JSON store at the questions' size, copied
    // before (c) decides that store's pending requests.
    const at = stores.get(AT.question)!;
    const pgFigures = await postgresBench(at.path, at.seeded, fmt(AT.question), echoRun);

    // (c) durable decision writes: each invoke decides the next pending request.
    const writes: Load[] = [];
    // The request card the first decision at the write target's size answered with, for the echo bot to answer with below.
    const requestCardPath = join(dir, 'request-card.json');
    for (const n of SIZES.invokes) {
      const { path, seeded } = stores.get(n)!;
      const pool = seeded.pendingIds;
      let used = 0;
      const body = (_seq: number) => {
        const id = pool[used];
        used += 1;
        return decideInvoke(used, id ?? 'PR-0000-0000');
      };
      let before = 0;
      // Warmed up on "refresh" invokes: the same stack and card, without a write.
      const warmBody = JSON.stringify({ ...JSON.parse(decideInvoke(0, pool[0]!)), value: { action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: pool[0] } }, trigger: 'automatic' } });
      const load = await measure(`decide invoke (durable write), ${fmt(n)} decisions`, ['app', path], body, async (s) => {
        const r = await post(s.url, body(0));
        if (r.status !== 200 || !r.text.includes('application/vnd.microsoft.card.adaptive')) throw new Error(`invoke answered ${r.status}: ${r.text.slice(0, 500)}`);
        if (n === AT.writeP99) await writeFile(requestCardPath, JSON.stringify((JSON.parse(r.text) as { value: unknown }).value));
        before = await s.ask<number>({ decisions: true }, 'decisions');
      }, {
        warmBody,
        // Every request in the pool but the one the check used.
        amount: pool.length - 1,
        // Every invoke answered must have been a real write: as many new decisions as answers.
        after: async (s, answered) => {
          const written = await s.ask<number>({ decisions: true }, 'decisions') - before;
          if (written < answered) throw new Error(`${answered} invokes answered but only ${written} decisions written: raise PENDING_POOL`);
          return `${fmt(written)} decisions written`;
        },
      });
      writes.push(load);
      log(`writes ${fmt(n)}: ${fmt(load.rps)} req/s (decisions before ${before})`);
    }
    // The bare echo bot answering the same decide invoke with that request card, computing and writing
    // nothing: what sending a decision's answer costs a stock bot, against which the write's own work shows.
    const invoke = decideInvoke(1, 'PR-0000-0000');
    const cardInvokeEcho = await measure('echo bot answering a decide with that card', ['echo', requestCardPath], invoke, async (s) => {
      const r = await post(s.url, invoke);
      if (r.status !== 200 || !r.text.includes('application/vnd.microsoft.card.adaptive')) throw new Error(`card invoke echo answered ${r.status}: ${r.text.slice(0, 300)}`);
    });
    log(`echo bot answering a decide with the request card: ${fmt(cardInvokeEcho.rps)} req/s`);

    // ---- the table ----
    const lines: string[] = [];
    lines.push('');
    lines.push(`Placement panel bot — bench${QUICK ? ' (--quick)' : ''} — ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${cpus().length} CPUs`);
    lines.push(`autocannon: ${CONNECTIONS} connections, ${DURATION_S} s per run after a ${WARMUP_S} s warm-up, loopback; each server in its own process; load average at start ${loadAtStart}`);
    lines.push('');
    const head = `${pad('HTTP load', 48)}${lpad('req/s', 9)}${lpad('× echo', 8)}${lpad('CPU µs', 8)}${lpad('p50 ms', 8)}${lpad('p99 ms', 8)}${lpad('RSS MB', 8)}${lpad('non-2xx', 9)}`;
    lines.push(head);
    lines.push('-'.repeat(head.length));
    const pg = 'skipped' in pgFigures ? undefined : pgFigures;
    for (const l of [...rounds.flatMap((r) => [r.echo, r.question, r.cardEcho]), ...questions, ...writes, cardInvokeEcho, ...(pg ? [pg.questionEcho, pg.question, pg.writeEcho, pg.write] : [])]) {
      lines.push(`${pad(l.label, 48)}${lpad(fmt(l.rps), 9)}${lpad(`${fmt(l.rps / echo.rps, 2)}`, 8)}${lpad(fmt(l.cpuUs), 8)}${lpad(fmt(l.p50), 8)}${lpad(fmt(l.p99), 8)}${lpad(fmt(l.rssMb), 8)}${lpad(fmt(l.bad), 9)}${l.note ? `  ${l.note}` : ''}`);
    }
    lines.push('');
    const dhead = `${pad(`Computed directly (ms per call, cold; median of ${DIRECT_ROUNDS})`, 48)}${SIZES.direct.map((n) => lpad(`${fmt(n)}`, 12)).join('')}${lpad('ratio', 8)}`;
    lines.push(dhead);
    lines.push('-'.repeat(dhead.length));
    const digestRatio = directRatio('digestMs');
    const savingsRatio = directRatio('savingsMs');
    lines.push(`${pad('digest (digestFacts + digestView)', 48)}${SIZES.direct.map((n) => lpad(fmt(directMedian(n, 'digestMs'), 1), 12)).join('')}${lpad(`${fmt(digestRatio, 1)}×`, 8)}`);
    lines.push(`${pad('savings to date (savingsAsOf)', 48)}${SIZES.direct.map((n) => lpad(fmt(directMedian(n, 'savingsMs'), 1), 12)).join('')}${lpad(`${fmt(savingsRatio, 1)}×`, 8)}`);
    lines.push(`Per round, large ÷ small: digest ${directRounds.map((r) => `${fmt(r.get(AT.large)!.digestMs / r.get(AT.small)!.digestMs, 1)}×`).join(', ')}; savings to date ${directRounds.map((r) => `${fmt(r.get(AT.large)!.savingsMs / r.get(AT.small)!.savingsMs, 1)}×`).join(', ')}.`);
    lines.push('');
    const fhead = `${pad(`Issue 17 (median of ${ROUNDS_17} rounds)`, 48)}${sizes17.map((n) => lpad(`${fmt(n)}`, 12)).join('')}${lpad('ratio', 8)}`;
    lines.push(fhead);
    lines.push('-'.repeat(fhead.length));
    const row17 = <K extends string>(label: string, rounds: Map<number, Record<K, number>>[], key: K, digits: number) =>
      `${pad(label, 48)}${sizes17.map((n) => lpad(fmt(median17(rounds, n, key), digits), 12)).join('')}${lpad(`${fmt(ratio17(rounds, key), 1)}×`, 8)}`;
    lines.push(row17('savings to date after one decision (ms)', afterRounds, 'savingsMs', 1));
    lines.push(row17('digest after one decision (ms)', afterRounds, 'digestMs', 1));
    lines.push(row17('resident memory at rest (MB, after a full GC)', restRounds, 'rssMb', 0));
    lines.push(row17('start-up, createApp to listening (ms)', restRounds, 'startMs', 0));
    lines.push(row17('start-up, process start to listening (ms)', restRounds, 'processMs', 0));
    lines.push(row17('only reading the store file and JSON.parse (ms)', restRounds, 'readParseMs', 0));
    lines.push('');
    lines.push('Stores (each request settled by one decision, plus pending requests for the invokes to decide):');
    lines.push(`  ${sizes.map((n) => `${fmt(n)} decisions = ${fmt(stores.get(n)!.seeded.requests)} requests, ${fmt(stores.get(n)!.mb, 1)} MB`).join('; ')}`);
    lines.push(`Ratios (× echo) are to the median echo run (${fmt(echo.rps)} req/s); the question targets take the median of the per-round ratios.`);
    lines.push('CPU µs: CPU time the server process used (all threads) per request answered. Its inverse is what one CPU could serve,');
    lines.push('steadier than req/s on a shared machine; "by CPU" below is the echo bot\'s CPU per request over the other\'s.');
    lines.push('');

    const questionRatio = median(rounds.map((r) => r.question.rps / r.echo.rps));
    const overCardEcho = median(rounds.map((r) => r.question.rps / r.cardEcho.rps));
    const cardEchoRatio = median(rounds.map((r) => r.cardEcho.rps / r.echo.rps));
    const byCpu = (of: (r: (typeof rounds)[number]) => Load, against: (r: (typeof rounds)[number]) => Load = (r) => r.echo) =>
      `by CPU ${fmt(median(rounds.map((r) => against(r).cpuUs / of(r).cpuUs)), 2)}×`;
    const echoCpu = median(rounds.map((r) => r.echo.cpuUs));
    const w = writes[SIZES.invokes.indexOf(AT.write)]!;
    const wp = writes[SIZES.invokes.indexOf(AT.writeP99)]!;
    const targets: [string, boolean, string][] = [
      [`questions at ${fmt(AT.question)} decisions ≥ 0.8× echo throughput`, questionRatio >= 0.8, `${fmt(questionRatio, 2)}× (${byCpu((r) => r.question)})`],
      [`  the same, against the echo bot replying with the same card`, overCardEcho >= 0.8, `${fmt(overCardEcho, 2)}× (${byCpu((r) => r.question, (r) => r.cardEcho)}; that bot ${fmt(cardEchoRatio, 2)}× echo, ${byCpu((r) => r.cardEcho)})`],
      [`durable decision writes at ${fmt(AT.write)} decisions ≥ 0.25× echo throughput`, w.rps / echo.rps >= 0.25 && w.bad === 0, `${fmt(w.rps / echo.rps, 2)}× (by CPU ${fmt(echoCpu / w.cpuUs, 2)}×)`],
      [`durable decision writes at ${fmt(AT.writeP99)} decisions: p99 < 1 s`, wp.p99 < 1000 && wp.bad === 0, `${fmt(wp.p99)} ms`],
      [`digest over ${fmt(AT.large)} ≤ 12× over ${fmt(AT.small)}`, digestRatio <= 12, `${fmt(digestRatio, 1)}×`],
      [`savings to date over ${fmt(AT.large)} ≤ 12× over ${fmt(AT.small)}`, savingsRatio <= 12, `${fmt(savingsRatio, 1)}×`],
    ];
    lines.push('Targets (issue 6)');
    for (const [what, ok, figure] of targets) lines.push(`  ${ok ? 'PASS' : 'MISS'}  ${pad(what, 62)} ${figure}`);
    lines.push('');
    const after = (key: 'digestMs' | 'savingsMs') => ratio17(afterRounds, key);
    const largeQuestion = questions[SIZES.questions.filter((size) => size !== AT.question).indexOf(AT17.large)]!;
    const rest = (key: 'rssMb' | 'startMs') => ratio17(restRounds, key);
    const restFigure = (key: 'rssMb' | 'startMs', unit: string) =>
      `${fmt(rest(key), 1)}× (${fmt(median17(restRounds, AT17.large, key))} against ${fmt(median17(restRounds, AT17.small, key))} ${unit})`;
    const targets17: [string, boolean, string][] = [
      [`savings to date after one decision, ${fmt(AT17.large)} ≤ 3× ${fmt(AT17.small)}`, after('savingsMs') <= 3, `${fmt(after('savingsMs'), 1)}×`],
      [`digest after one decision, ${fmt(AT17.large)} ≤ 3× ${fmt(AT17.small)}`, after('digestMs') <= 3, `${fmt(after('digestMs'), 1)}×`],
      [`durable decision writes at ${fmt(AT.writeP99)} decisions ≥ 0.75× echo`, wp.rps / echo.rps >= 0.75 && wp.bad === 0, `${fmt(wp.rps / echo.rps, 2)}× (by CPU ${fmt(echoCpu / wp.cpuUs, 2)}×; ${fmt(wp.cpuUs)} µs against ${fmt(echoCpu)} µs)`],
      [`resident memory at rest, ${fmt(AT17.large)} ≤ 2.5× ${fmt(AT17.small)}`, rest('rssMb') <= 2.5, restFigure('rssMb', 'MB')],
      [`start-up, ${fmt(AT17.large)} ≤ 3× ${fmt(AT17.small)}`, rest('startMs') <= 3, `${restFigure('startMs', 'ms')}; reading and parsing the file alone ${fmt(median17(restRounds, AT17.large, 'readParseMs'))} ms`],
      [`questions at ${fmt(AT.question)} decisions stay ≥ 1.2× echo`, questionRatio >= 1.2, `${fmt(questionRatio, 2)}×`],
      [`questions at ${fmt(AT17.large)} decisions stay ≥ 1.2× echo`, largeQuestion.rps / echo.rps >= 1.2 && largeQuestion.bad === 0, `${fmt(largeQuestion.rps / echo.rps, 2)}× (one run, against the median echo)`],
    ];
    lines.push('Targets (issue 17)');
    for (const [what, ok, figure] of targets17) lines.push(`  ${ok ? 'PASS' : 'MISS'}  ${pad(what, 62)} ${figure}`);
    lines.push(`  The echo bot answering a decide with the same request card, computing and writing nothing, ran at ${fmt(cardInvokeEcho.rps / echo.rps, 2)}× echo`);
    lines.push(`  (${fmt(cardInvokeEcho.cpuUs)} µs a request); decision writes at ${fmt(AT.writeP99)} decisions ran at ${fmt(wp.rps / cardInvokeEcho.rps, 2)}× that bot (${fmt(wp.cpuUs)} µs).`);
    lines.push('');
    if (pg) {
      const visible = [...pg.visibleAfterMs].sort((x, y) => x - y);
      const p99 = visible[Math.min(visible.length - 1, Math.ceil(visible.length * 0.99) - 1)]!;
      const pairRatio = pg.twoInstancesRps / pg.oneInstanceRps;
      const pgTargets: [string, boolean, string][] = [
        [`PostgreSQL: questions at ${fmt(AT.question)} decisions ≥ 0.8× echo`, pg.question.rps / pg.questionEcho.rps >= 0.8 && pg.question.bad === 0, `${fmt(pg.question.rps / pg.questionEcho.rps, 2)}× (by CPU ${fmt(pg.questionEcho.cpuUs / pg.question.cpuUs, 2)}×)`],
        [`PostgreSQL: decide invokes at ${fmt(AT.question)} decisions ≥ 0.25× echo`, pg.write.rps / pg.writeEcho.rps >= 0.25 && pg.write.bad === 0, `${fmt(pg.write.rps / pg.writeEcho.rps, 2)}× (by CPU ${fmt(pg.writeEcho.cpuUs / pg.write.cpuUs, 2)}×)`],
        ['PostgreSQL: decide invokes p99 < 1 s', pg.write.p99 < 1000, `${fmt(pg.write.p99)} ms`],
        ['PostgreSQL: two instances ≥ 1.3× one on decide invokes', pairRatio >= 1.3, `${fmt(pairRatio, 2)}× (${fmt(pg.twoInstancesRps)} against ${fmt(pg.oneInstanceRps)} req/s; database on this machine)`],
        ['PostgreSQL: a write on one instance shows on the other, p99 < 1 s', p99 < 1000, `p99 ${fmt(p99, 1)} ms, median ${fmt(median(visible), 1)} ms over ${visible.length}`],
      ];
      lines.push('Targets (issue 13), the same history in PostgreSQL on this machine; each ratio against the echo run just before it');
      for (const [what, ok, figure] of pgTargets) lines.push(`  ${ok ? 'PASS' : 'MISS'}  ${pad(what, 62)} ${figure}`);
    } else {
      lines.push(`PostgreSQL: skipped (${'skipped' in pgFigures ? pgFigures.skipped : ''})`);
    }
    lines.push('');
    lines.push(`Whole bench: ${fmt((performance.now() - began) / 1000)} s`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
