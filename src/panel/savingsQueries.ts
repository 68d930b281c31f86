import { addDays, type IsoDate } from '../calculators/dates.js';
import type { Money } from '../calculators/money.js';
import { baselineOf, councilWeekly, optionOf, weeklySaving } from '../calculators/projectedSaving.js';
import type { SavingsReport } from '../calculators/savingsToDate.js';
import type { Period } from '../domain/periods.js';
import { approvedDecision } from '../domain/settlement.js';
import type { PanelFacts } from './facts.js';
import { savingsAsOf } from './queries.js';

/**
 * Savings over a period, both ends counted: the savings to the day after its last day less the
 * savings to its first day, as savingsBetween reports them, from the ledger kept across changes
 * (SavingsLedger.between), and per revision of the store like every answer.
 */
export function savingsOverPeriod(facts: PanelFacts, period: Period): SavingsReport {
  return facts.keep(`savingsOverPeriod ${period.from} ${period.to}`, () => facts.savingsLedger().between(period.from, addDays(period.to, 1), (asOf) => savingsAsOf(facts, asOf).cases));
}

/** An approval whose placement had not yet started by the end of a period: it saves nothing in it. */
export interface ApprovalNotStarted {
  requestId: string;
  effectiveFrom: IsoDate;
  /** The weekly saving it promises (baseline − approved option, council share). */
  weekly: Money;
}

/** Approvals taking effect after `lastDay`, soonest first (ties by request id). */
export function approvalsNotStarted(facts: PanelFacts, lastDay: IsoDate): readonly ApprovalNotStarted[] {
  return facts.keep(`approvalsNotStarted ${lastDay}`, () => {
    const out: ApprovalNotStarted[] = [];
    for (const { request, settlement } of facts.cases()) {
      const decision = approvedDecision(settlement);
      if (decision === undefined || decision.effectiveFrom <= lastDay) continue;
      // A store edited by hand may approve an option the request lacks: it promises nothing that can be costed.
      const option = optionOf(request, decision.option);
      if (option === undefined) continue;
      out.push({ requestId: request.id, effectiveFrom: decision.effectiveFrom, weekly: weeklySaving(councilWeekly(baselineOf(request)), councilWeekly(option)) });
    }
    out.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.requestId.localeCompare(b.requestId));
    return Object.freeze(out);
  });
}
