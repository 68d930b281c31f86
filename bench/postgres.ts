/**
 * The PostgreSQL store in `npm run bench` (issue 13), beside the JSON store: on a throwaway server of
 * its own on this machine (test/support/postgres.ts), holding a copy of the bench's JSON store made by
 * `npm run copy-store`, so both stores answer over the same history.
 *
 *  - "savings to date" and decide invokes at that size, one instance;
 *  - the same decide invokes on two instances of the app sharing one database, each deciding its own
 *    half of the pending requests at once, against one instance alone on a copy of the same size;
 *  - how long a decision acknowledged by one instance takes to show in the other's answers.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../test/support/postgres.js';
import {
  DURATION_S, QUESTION, WARMUP_S, cannon, decideInvoke, log, measure, post, startServer, type Load, type Server,
} from './load.js';
import type { Seeded } from './seed.js';

const run = promisify(execFile);

/** Decisions timed from one instance's answer to their showing on the other. */
const VISIBILITY = 200;

export interface PostgresFigures {
  /** Each load with the echo bot measured just before it, its baseline on the machine as it was then. */
  question: Load;
  questionEcho: Load;
  write: Load;
  writeEcho: Load;
  /** Decide invokes answered per second by one instance, then by two together (summed). */
  oneInstanceRps: number;
  twoInstancesRps: number;
  /** Milliseconds from a decision's acknowledgement on one instance to its showing on the other. */
  visibleAfterMs: number[];
}

/** The pending request ids to decide, cycled into invoke bodies; stops at the pool's end. */
function invokes(pool: readonly string[]) {
  let used = 0;
  return {
    used: () => used,
    body: () => {
      used += 1;
      return decideInvoke(used, pool[used - 1] ?? 'PR-0000-0000');
    },
  };
}

async function copyInto(server: TestPostgres, name: string, storePath: string): Promise<string> {
  const url = await server.createDatabase(name);
  await run(process.execPath, ['--import', 'tsx', '--no-deprecation', 'scripts/copyStore.ts', '--from', storePath, '--to', url], { maxBuffer: 16 << 20 });
  // As a database in service would be: its statistics gathered, not autovacuum's first pass under load.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('VACUUM ANALYZE');
  await client.end();
  return url;
}

async function checkAnswers(s: Server, body: string, expect: string): Promise<void> {
  const r = await post(s.url, body);
  if (r.status !== 200 || !r.text.includes(expect)) throw new Error(`answered ${r.status}: ${r.text.slice(0, 500)}`);
}

/**
 * Checks that every invoke answered was a real write (as many new decisions on `s` as answers, once
 * `s` has caught up within `waitMs`): an invoke on a request already decided answers too, writing nothing.
 */
async function everyAnswerWrote(s: Server, before: number, answered: number, waitMs = 0): Promise<string> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    const written = await s.ask<number>({ decisions: true }, 'decisions') - before;
    if (written >= answered) return `${written.toLocaleString('en-GB')} decisions written`;
    if (performance.now() > deadline) throw new Error(`${answered} invokes answered but only ${written} decisions written`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Decides `amount` requests of `pool` on each of `servers` at once; answers per second, summed. */
async function decideOn(servers: readonly Server[], pools: readonly (readonly string[])[]): Promise<{ rps: number; bad: number; answered: number }> {
  const runs = await Promise.all(servers.map((s, i) => {
    const feed = invokes(pools[i]!);
    return cannon(s.url, DURATION_S, () => feed.body(), pools[i]!.length);
  }));
  return {
    rps: runs.reduce((sum, r) => sum + r.rps, 0),
    bad: runs.reduce((sum, r) => sum + r.result.non2xx + r.result.errors + r.result.timeouts, 0),
    answered: runs.reduce((sum, r) => sum + r.result.requests.total, 0),
  };
}

/** How long each of `count` decisions made on `writer` takes to show in `reader`'s decisions. */
async function visibility(writer: Server, reader: Server, pool: readonly string[], count: number): Promise<number[]> {
  const times: number[] = [];
  let seen = await reader.ask<number>({ decisions: true }, 'decisions');
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    await checkAnswers(writer, decideInvoke(900_000 + i, pool[i]!), 'application/vnd.microsoft.card.adaptive');
    const acked = performance.now();
    for (;;) {
      const now = await reader.ask<number>({ decisions: true }, 'decisions');
      if (now > seen) {
        seen = now;
        break;
      }
      if (performance.now() - acked > 10_000) throw new Error('a decision did not show on the other instance within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    times.push(performance.now() - acked);
  }
  return times;
}

/**
 * The PostgreSQL figures over a copy of the JSON store at `storePath` (seeded with `seeded`), or
 * undefined with the reason when this machine has no PostgreSQL to start.
 */
export async function postgresBench(storePath: string, seeded: Seeded, size: string, echo: (label: string) => Promise<Load>): Promise<PostgresFigures | { skipped: string }> {
  let server: TestPostgres;
  try {
    server = await startPostgres();
  } catch (error) {
    return { skipped: (error as Error).message };
  }
  try {
    const t = performance.now();
    const [single, pair] = await Promise.all([copyInto(server, 'bench_one', storePath), copyInto(server, 'bench_two', storePath)]);
    log(`copied the ${size}-decision store into PostgreSQL twice in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const pool = seeded.pendingIds;

    const questionEcho = await echo('echo bot, before the PostgreSQL question');
    const question = await measure(`PostgreSQL: "savings to date", ${size} decisions`, ['app', single], QUESTION,
      (s) => checkAnswers(s, QUESTION, 'Savings to date'));
    log(`PostgreSQL question: ${question.rps.toFixed(0)} req/s`);

    // One instance: the first half of the pool, as in the JSON store's own write run.
    const half = Math.floor(pool.length / 2);
    const feed = invokes(pool.slice(0, half));
    const warmBody = JSON.stringify({ ...JSON.parse(decideInvoke(0, pool[0]!)), value: { action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: pool[0] } }, trigger: 'automatic' } });
    let before = 0;
    const writeEcho = await echo('echo bot, before the PostgreSQL invokes');
    const write = await measure(`PostgreSQL: decide invoke, ${size} decisions`, ['app', single], () => feed.body(), async (s) => {
      before = await s.ask<number>({ decisions: true }, 'decisions');
    }, { warmBody, amount: half, after: (s, answered) => everyAnswerWrote(s, before, answered) });
    log(`PostgreSQL writes, one instance: ${write.rps.toFixed(0)} req/s`);

    // Two instances on the other copy against one alone on it, on fresh halves of the pool each time.
    const a = await startServer(['app', pair]);
    const b = await startServer(['app', pair]);
    try {
      for (const s of [a, b]) await cannon(s.url, WARMUP_S, warmBody);
      // The last VISIBILITY requests are kept for the visibility run.
      const forPair = pool.slice(half, pool.length - VISIBILITY);
      const middle = Math.floor(forPair.length / 2);
      const before = await a.ask<number>({ decisions: true }, 'decisions');
      const one = await decideOn([a], [pool.slice(0, half)]);
      const two = await decideOn([a, b], [forPair.slice(0, middle), forPair.slice(middle)]);
      if (one.bad + two.bad > 0) throw new Error(`${one.bad + two.bad} decide invokes failed`);
      // a has heard of b's writes by the time it writes again: the visibility run's first decision.
      await everyAnswerWrote(a, before, one.answered + two.answered, 10_000);
      log(`PostgreSQL writes: one instance ${one.rps.toFixed(0)}, two ${two.rps.toFixed(0)} req/s`);
      const visibleAfterMs = await visibility(a, b, pool.slice(pool.length - VISIBILITY), VISIBILITY);
      return { question, questionEcho, write, writeEcho, oneInstanceRps: one.rps, twoInstancesRps: two.rps, visibleAfterMs };
    } finally {
      await a.stop();
      await b.stop();
    }
  } finally {
    await server.stop();
  }
}
