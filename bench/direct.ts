/**
 * Timings of the digest and savings to date computed directly over one store, for `npm run bench`:
 * run in a process of its own per store (started by bench/run.ts with --expose-gc), so that neither
 * the load generator nor another store's leftovers share its heap. Prints one line of JSON:
 * { digestMs, savingsMs }.
 *
 *   direct.ts <store>                   — the time per call, each call on a fresh Panel (nothing it
 *                                          caches is warm): the issue-6 figures;
 *   direct.ts <store> --after-decision  — the first call after one new decision on a warm Panel, as
 *                                          a manager asks in a meeting right after the panel decides
 *                                          (issue 17): on a copy of the store, so the bench's own
 *                                          pending requests stay pending for the decide invokes.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultNeedBands } from '../src/config/needBands.js';
import { dateOf } from '../src/calculators/dates.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { Panel } from '../src/panel/panel.js';
import { digestFacts, savingsAsOf } from '../src/panel/queries.js';
import { openStore } from '../src/store/lowdbStore.js';
import type { PanelStore } from '../src/store/panelStore.js';
import { digestView } from '../src/views/digestView.js';
import { OUTLIERS_KEPT } from '../src/views/valueCheckView.js';
import { BENCH_MEMBER } from './seed.js';
import { median } from './load.js';

const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/**
 * Each figure is one sample: the work called over and over, each time on a fresh Panel, for at least
 * MIN_SAMPLE_MS (and at least MIN_CALLS times), the time divided by the calls (bench/run.ts repeats the
 * processes in rounds and takes medians). The
 * garbage a call leaves is collected during the calls that follow it, so its cost is counted too, as
 * it is when the bot answers; a single timed call would count a collection only when one happened to
 * fall inside it, which over a large heap decides the figure.
 */
const MIN_SAMPLE_MS = 3_000;
const MIN_CALLS = 3;
/**
 * Decisions timed after, per question: each question is asked once after each of them and the median
 * taken (bench/seed.ts leaves 20 pending requests in a store the invokes do not use, enough for the
 * warm-up's and both questions').
 */
const AFTER_DECISIONS = 5;

/** Milliseconds per call, after one untimed call that warms the code. */
function timePerCall(fresh: () => Panel, work: (panel: Panel) => unknown): number {
  work(fresh());
  collect();
  let calls = 0;
  let elapsed = 0;
  const t = performance.now();
  do {
    work(fresh());
    calls += 1;
    elapsed = performance.now() - t;
  } while (elapsed < MIN_SAMPLE_MS || calls < MIN_CALLS);
  return elapsed / calls;
}

const today = dateOf(new Date());
const digest = (panel: Panel) => digestView(digestFacts(panel.facts(), today, OUTLIERS_KEPT));
const savings = (panel: Panel) => savingsAsOf(panel.facts(), today);

function panelOver(store: PanelStore, path: string): () => Panel {
  const config = loadConfig({ STORE_PATH: path, PANEL_MEMBERS: BENCH_MEMBER.aadObjectId, SAVINGS_TARGET: '1000000', LOG_LEVEL: 'silent' });
  const logger = createLogger('silent');
  const needBands = loadDefaultNeedBands();
  return () => new Panel({ store, config, logger, needBands });
}

/** The issue-6 figures: per call on a fresh Panel. */
async function cold(path: string): Promise<{ digestMs: number; savingsMs: number }> {
  const store = await openStore(path);
  try {
    const fresh = panelOver(store, path);
    return { digestMs: timePerCall(fresh, digest), savingsMs: timePerCall(fresh, savings) };
  } finally {
    await store.close();
  }
}

/**
 * The issue-17 figures: one Panel, warm; then, AFTER_DECISIONS times per question, one more decision
 * recorded through the Panel (a durable write, as a decide invoke makes) and the first answer after it
 * timed. The median of those times.
 */
async function afterDecision(path: string): Promise<{ digestMs: number; savingsMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'panel-direct-'));
  try {
    const copy = join(dir, 'panel.json');
    await copyFile(path, copy);
    await copyFile(`${path}.journal`, `${copy}.journal`).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    const store = await openStore(copy);
    try {
      const panel = panelOver(store, copy)();
      const pending = panel.facts().cases().filter((c) => c.settlement.status === 'pending').map((c) => c.request.id);
      if (pending.length < 2 * AFTER_DECISIONS + 1) throw new Error(`${pending.length} pending requests in ${path}: ${2 * AFTER_DECISIONS + 1} needed`);
      const actor = { aadObjectId: BENCH_MEMBER.aadObjectId, name: BENCH_MEMBER.name };
      const decideNext = async () => {
        const result = await panel.decide({ requestId: pending.shift(), outcome: 'approve', option: 'alt-1' }, actor);
        if (result.kind !== 'recorded') throw new Error(`decision not recorded: ${result.kind}`);
      };
      // Warm: the code, and whatever the Panel keeps across revisions.
      await decideNext();
      digest(panel);
      savings(panel);
      const timed = async (work: (p: Panel) => unknown) => {
        const times: number[] = [];
        for (let i = 0; i < AFTER_DECISIONS; i += 1) {
          await decideNext();
          collect();
          const t = performance.now();
          work(panel);
          times.push(performance.now() - t);
        }
        return median(times);
      };
      const savingsMs = await timed(savings);
      const digestMs = await timed(digest);
      return { digestMs, savingsMs };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const path = process.argv[2]!;
const figures = process.argv.includes('--after-decision') ? await afterDecision(path) : await cold(path);
process.stdout.write(`${JSON.stringify(figures)}\n`);
