/**
 * Timings of the digest and savings to date computed directly over one store, for `npm run bench`:
 * run in a process of its own per store (started by bench/run.ts with --expose-gc), so that neither
 * the load generator nor another store's leftovers share its heap. Prints one line of JSON:
 * { digestMs, savingsMs }, each the median of five runs on a fresh Panel (nothing it caches is
 * warm), after one untimed run that warms the code, with the heap collected before each timed run.
 */
import { loadDefaultNeedBands } from '../src/calculators/needBandsConfig.js';
import { dateOf } from '../src/calculators/dates.js';
import { savingsToDate } from '../src/calculators/savingsToDate.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { savingsCases } from '../src/panel/cases.js';
import { Panel } from '../src/panel/panel.js';
import { openStore } from '../src/store/lowdbStore.js';
import { digestView } from '../src/views/digestView.js';
import { BENCH_MEMBER } from './seed.js';

const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Timed runs per figure: the same number over every store, so that the code is as warm for the small
 * store as for the large one and the ratio compares the work, not the JIT.
 */
const RUNS = 5;

/** Milliseconds per call: the median of RUNS runs, each on a fresh Panel, after one untimed run. */
function timePerCall(fresh: () => Panel, work: (panel: Panel) => unknown): number {
  work(fresh());
  const times: number[] = [];
  while (times.length < RUNS) {
    const panel = fresh();
    collect();
    const t = performance.now();
    work(panel);
    times.push(performance.now() - t);
  }
  return median(times);
}

const path = process.argv[2]!;
const store = await openStore(path);
try {
  const config = loadConfig({ STORE_PATH: path, PANEL_MEMBERS: BENCH_MEMBER.aadObjectId, SAVINGS_TARGET: '1000000', LOG_LEVEL: 'silent' });
  const logger = createLogger('silent');
  const needBands = loadDefaultNeedBands();
  const fresh = () => new Panel({ store, config, logger, needBands });
  const today = dateOf(new Date());
  const digestMs = timePerCall(fresh, (panel) => digestView(panel, today));
  const savingsMs = timePerCall(fresh, (panel) => savingsToDate(savingsCases(panel), today));
  process.stdout.write(`${JSON.stringify({ digestMs, savingsMs })}\n`);
} finally {
  await store.close();
}
