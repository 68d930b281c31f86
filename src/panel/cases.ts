import { savingsToDate, type SavingsCase, type SavingsReport } from '../calculators/savingsToDate.js';
import type { Panel } from './panel.js';

/**
 * What is computed from the whole store, kept until the store changes (its revision moves): every
 * manager's question and the digest read the same cases and reports, so they are worked out once per
 * change rather than once per question. Answers never re-read the file: the store serves from memory.
 */
interface Computed {
  revision: number;
  cases?: readonly SavingsCase[];
  /** Reports and cards by what they were asked for (an as-of date, a title), oldest first. */
  values: Map<string, unknown>;
}

/** Values kept per revision: reports by as-of date (today, a year's end, a date asked about), cards. */
const MAX_VALUES = 64;

const computed = new WeakMap<Panel, Computed>();

function current(panel: Panel): Computed {
  const revision = panel.store.revision();
  let entry = computed.get(panel);
  if (entry === undefined || entry.revision !== revision) {
    entry = { revision, values: new Map() };
    computed.set(panel, entry);
  }
  return entry;
}

/**
 * Every request with its settling decision and its events, as the savings calculator reads them.
 * Shared between callers until the store changes: read it, never change it.
 */
export function savingsCases(panel: Panel): readonly SavingsCase[] {
  const entry = current(panel);
  entry.cases ??= Object.freeze(panel.store.listRequests().map((request) => {
    const settlement = panel.settlement(request.id);
    // The store's own list: these cases are dropped as soon as the store changes (see `current`).
    return { request, decision: settlement.settledBy, events: panel.store.eventsFor(request.id) };
  }));
  return entry.cases;
}

/**
 * Savings to date over every request as of a date: `savingsToDate(savingsCases(panel), asOf)`,
 * computed once per store revision and date. Shared between callers: read it, never change it.
 */
export function savingsReport(panel: Panel, asOf: string): SavingsReport {
  return untilChanged(panel, `report ${asOf}`, () => savingsToDate(savingsCases(panel), asOf));
}

/**
 * `compute()`, worked out once per store revision and key: for what depends only on the store and
 * the key (never on the clock). Shared between callers: read it, never change it.
 */
export function untilChanged<T>(panel: Panel, key: string, compute: () => T): T {
  const entry = current(panel);
  if (entry.values.has(key)) return entry.values.get(key) as T;
  const value = compute();
  if (entry.values.size >= MAX_VALUES) entry.values.delete(entry.values.keys().next().value!);
  entry.values.set(key, value);
  return value;
}
