import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { addDays } from '../../src/calculators/dates.js';
import { Money } from '../../src/calculators/money.js';
import { savingsBetween, savingsToDate, type SavingsReport } from '../../src/calculators/savingsToDate.js';
import { savingsOverPeriod } from '../../src/panel/savingsQueries.js';
import { loadDefaultNeedBands } from '../../src/config/needBands.js';
import { OPEN_PANEL } from '../../src/domain/governance.js';
import { placementRequestInputSchema } from '../../src/domain/request.js';
import { CaseBook, savingsCaseOf } from '../../src/panel/caseBook.js';
import { PanelFacts, type PanelSettings } from '../../src/panel/facts.js';
import { digestFacts, placementsInEffect, savingsAsOf, spendByType, topPlacements, valueOutliers } from '../../src/panel/queries.js';
import { followUps } from '../../src/panel/followUps.js';
import { Decimal } from 'decimal.js';
import { nodeStoreFs, type StoreFs } from '../../src/store/durableJsonFile.js';
import { openStore } from '../../src/store/lowdbStore.js';
import type { NewDecision, NewEvent, PanelStore } from '../../src/store/panelStore.js';
import { meta, tempFolder } from '../store/helpers.js';

const settings: PanelSettings = { needBands: loadDefaultNeedBands(), weeksPerYear: 52 };
const staff = { aadObjectId: 'staff-1', name: 'Staff' };
const DAY0 = '2025-04-01';
const date = (offset: number) => addDays(DAY0, offset);

/** What one step of a random history does to the store. */
type Step =
  | { kind: 'request'; weekly: number; alternative: number; change: boolean; plannedEnd?: number; age: number }
  | { kind: 'decide'; pick: number; outcome: NewDecision['outcome']; option: 'proposed' | 'alt-1'; effective: number }
  | { kind: 'event'; pick: number; event: 'cost_change' | 'ended' | 'started' | 'condition_completed'; day: number; weekly: number }
  | { kind: 'purge'; pick: number }
  | { kind: 'failed decision'; pick: number; effective: number };

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({
    kind: fc.constant('request' as const), weekly: fc.integer({ min: 500, max: 9000 }), alternative: fc.integer({ min: 300, max: 9000 }),
    change: fc.boolean(), plannedEnd: fc.option(fc.integer({ min: 30, max: 500 }), { nil: undefined }), age: fc.integer({ min: 8, max: 17 }),
  }) },
  { weight: 4, arbitrary: fc.record({
    kind: fc.constant('decide' as const), pick: fc.nat(), outcome: fc.constantFrom('approve', 'approve_with_conditions', 'decline', 'defer') as fc.Arbitrary<NewDecision['outcome']>,
    option: fc.constantFrom('proposed' as const, 'alt-1' as const), effective: fc.integer({ min: 0, max: 120 }),
  }) },
  { weight: 3, arbitrary: fc.record({
    kind: fc.constant('event' as const), pick: fc.nat(), event: fc.constantFrom('cost_change' as const, 'ended' as const, 'started' as const, 'condition_completed' as const),
    day: fc.integer({ min: 0, max: 400 }), weekly: fc.integer({ min: 0, max: 9000 }),
  }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('failed decision' as const), pick: fc.nat(), effective: fc.integer({ min: 0, max: 300 }) }) },
);

function requestData(step: Extract<Step, { kind: 'request' }>) {
  return placementRequestInputSchema.parse({
    childRef: 'C-10423',
    ageYears: step.age,
    kind: step.change ? 'change' : 'new',
    ...(step.change && { changeReason: 'step_down', current: { type: 'residential', provider: 'Elm House', weeklyCost: 7000 } }),
    needs: { summary: 'High needs', scores: { behaviour: 3 } },
    proposed: {
      type: 'residential', provider: 'Oak House', weeklyCost: step.weekly, startDate: DAY0,
      ...(step.plannedEnd !== undefined && { plannedEndDate: date(step.plannedEnd) }),
    },
    alternatives: [{ id: 'alt-1', label: 'In-house foster care', type: 'in_house_fostering', weeklyCost: step.alternative }],
    requestedBy: 'placements team',
    reason: 'Placement breakdown',
  });
}

// An approval is reviewed some weeks after it takes effect; one with conditions has two, due on either side of it.
const decisionOf = (outcome: NewDecision['outcome'], option: string, effective: number): NewDecision => ({
  outcome, option, effectiveFrom: date(effective), decidedBy: { aadObjectId: 'member-1', name: 'Member' }, decidedAt: `${date(effective % 60)}T09:00:00.000Z`,
  ...((outcome === 'decline' || outcome === 'defer') && { comment: 'Not now' }),
  ...((outcome === 'approve' || outcome === 'approve_with_conditions') && { reviewDate: date(effective + 14 + (effective % 50)) }),
  ...(outcome === 'approve_with_conditions' && {
    conditions: [{ text: 'Education plan', owner: 'Virtual school', due: date(effective - 10) }, { text: 'Health check', owner: 'Nurse', due: date(effective + 20) }],
  }),
});

function eventOf(step: Extract<Step, { kind: 'event' }>): NewEvent {
  const at = { date: date(step.day), recordedBy: staff, recordedAt: `${date(step.day)}T12:00:00.000Z` };
  if (step.event === 'cost_change') return { type: 'cost_change', weeklyCost: `${step.weekly}.00`, reason: 'uplift_agreed', ...at };
  if (step.event === 'ended') return { type: 'ended', reason: 'return_home', ...at };
  if (step.event === 'condition_completed') return { type: 'condition_completed', condition: 1 + (step.weekly % 2), ...at };
  return { type: 'started', ...at };
}

async function run(store: PanelStore, step: Step, fail: (on: boolean) => void): Promise<void> {
  const requests = store.listRequests();
  const picked = requests.length === 0 || step.kind === 'request' ? undefined : requests[step.pick % requests.length]!.id;
  if (step.kind === 'request') await store.addRequest(requestData(step), meta());
  else if (picked === undefined) return;
  else if (step.kind === 'decide') await store.appendDecision(picked, () => decisionOf(step.outcome, step.option, step.effective));
  else if (step.kind === 'event') await store.appendEvent(picked, eventOf(step));
  else if (step.kind === 'purge') await store.purgeRequests([picked]);
  else {
    fail(true);
    await assert.rejects(store.appendDecision(picked, () => decisionOf('approve', 'alt-1', step.effective)));
    fail(false);
  }
}

/** A report as plain text, every amount exact but the in-year projection's sum (added in another order), in pence. */
function plain(report: SavingsReport) {
  return JSON.parse(JSON.stringify({ ...report, cases: report.cases, projected: { ...report.projected, inYear: report.projected.inYear.toFixed(2) } }, (_key, value: unknown) => (
    value instanceof Money ? value.toString() : value
  ))) as unknown;
}

/** Every other answer kept across changes, as plain text: what needs doing, the placements in force, the digest. */
function answers(facts: PanelFacts, asOf: string) {
  return JSON.parse(JSON.stringify({
    followUps: followUps(facts, asOf),
    inEffect: placementsInEffect(facts, asOf),
    top: topPlacements(facts, asOf, 3),
    outliers: valueOutliers(facts, asOf, 2),
    spend: spendByType(facts, asOf),
    digest: digestFacts(facts, asOf, 2),
  }, (_key, value: unknown) => (Decimal.isDecimal(value) ? (value as Decimal).toString() : value))) as unknown;
}

describe('the case book: cases and savings kept across changes to a real store (issue 17)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempFolder()));
  afterEach(() => cleanup());

  it('after every write, failed write and purge, answers exactly as facts worked out afresh from the store', async function () {
    this.timeout(120_000);
    let runs = 0;
    await fc.assert(fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 16 }), fc.array(fc.integer({ min: 0, max: 220 }), { minLength: 1, maxLength: 2 }), async (steps, days) => {
      let failing = false;
      const fs: StoreFs = {
        ...nodeStoreFs,
        fsync: async (handle) => {
          if (failing) throw Object.assign(new Error('ENOSPC: no space left on device, fsync'), { code: 'ENOSPC' });
          return nodeStoreFs.fsync(handle);
        },
      };
      const store = await openStore(join(dir, `panel-${runs += 1}.json`), { fs });
      try {
        const book = new CaseBook(store, OPEN_PANEL, settings);
        for (const step of steps) {
          await run(store, step, (on) => { failing = on; });
          const kept = new PanelFacts(store.revision(), store, OPEN_PANEL, settings, book);
          const afresh = new PanelFacts(store.revision(), store, OPEN_PANEL, settings);
          assert.deepEqual(kept.cases().map((c) => [c.request.id, c.settlement.status, c.events.length]), afresh.cases().map((c) => [c.request.id, c.settlement.status, c.events.length]));
          // Besides the random days, days on which the latest decision is in the digest's week and its review in the fortnight ahead.
          const latest = store.allDecisions().at(-1);
          const near = latest === undefined ? [] : [addDays(latest.decidedAt.slice(0, 10), 3), ...(latest.reviewDate === undefined ? [] : [addDays(latest.reviewDate, -5)])];
          for (const asOf of [...days.map(date), ...near]) {
            const oracle = savingsToDate(afresh.cases().map(savingsCaseOf), asOf, { weeksPerYear: settings.weeksPerYear });
            assert.deepEqual(plain(savingsAsOf(kept, asOf)), plain(oracle), `after ${step.kind}, as of ${asOf}`);
            assert.deepEqual(answers(kept, asOf), answers(afresh, asOf), `after ${step.kind}, as of ${asOf}`);
            const period = { from: date(days[0]!), to: addDays(asOf, -1) };
            if (period.from <= asOf) {
              const fresh = (at: string) => savingsToDate(afresh.cases().map(savingsCaseOf), at, { weeksPerYear: settings.weeksPerYear });
              assert.deepEqual(plain(savingsOverPeriod(kept, period)), plain(savingsBetween(fresh(asOf), fresh(period.from))), `after ${step.kind}, from ${period.from} to ${period.to}`);
            }
          }
        }
      } finally {
        await store.close();
      }
    }), { numRuns: 80 });
  });
});
