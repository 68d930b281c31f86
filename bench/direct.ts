/**
 * Timings of the digest and savings to date computed directly over one store, for `npm run bench`:
 * run in a process of its own per store (started by bench/run.ts with --expose-gc), so that neither
 * the load generator nor another store's leftovers share its heap. Prints one line of JSON:
 * { digestMs, savingsMs }: the time per call, each call on a fresh Panel (nothing it caches is warm).
 */
import { loadDefaultNeedBands } from '../src/config/needBands.js';
import { dateOf } from '../src/calculators/dates.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { Panel } from '../src/panel/panel.js';
import { digestFacts, savingsAsOf } from '../src/panel/queries.js';
import { openStore } from '../src/store/lowdbStore.js';
import { digestView } from '../src/views/digestView.js';
import { OUTLIERS_KEPT } from '../src/views/valueCheckView.js';
import { BENCH_MEMBER } from './seed.js';

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

const path = process.argv[2]!;
const store = await openStore(path);
try {
  const config = loadConfig({ STORE_PATH: path, PANEL_MEMBERS: BENCH_MEMBER.aadObjectId, SAVINGS_TARGET: '1000000', LOG_LEVEL: 'silent' });
  const logger = createLogger('silent');
  const needBands = loadDefaultNeedBands();
  const fresh = () => new Panel({ store, config, logger, needBands });
  const today = dateOf(new Date());
  const digestMs = timePerCall(fresh, (panel) => digestView(digestFacts(panel.facts(), today, OUTLIERS_KEPT)));
  const savingsMs = timePerCall(fresh, (panel) => savingsAsOf(panel.facts(), today));
  process.stdout.write(`${JSON.stringify({ digestMs, savingsMs })}\n`);
} finally {
  await store.close();
}
