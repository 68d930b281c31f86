import type { Decimal } from 'decimal.js';
import { toPounds } from '../calculators/money.js';
import { optionProjections } from '../calculators/projectedSaving.js';
import { projectionStart } from '../domain/settlement.js';
import { savingsToDate, type SavingsReport } from '../calculators/savingsToDate.js';
import type { Panel } from './panel.js';
import { savingsReport } from './cases.js';

function poundsRecord(record: Record<string, Decimal>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, toPounds(v)]));
}

/** Savings to date as JSON (docs/api.md, "GET /api/savings"): money as strings with two decimals. */
export function savingsReportJson(report: SavingsReport) {
  return {
    asOf: report.asOf,
    total: toPounds(report.total),
    costAvoidance: toPounds(report.costAvoidance),
    cashable: toPounds(report.cashable),
    byPlacementType: poundsRecord(report.byPlacementType),
    byReason: poundsRecord(report.byReason),
    byFinancialYear: poundsRecord(report.byFinancialYear),
    byMonth: poundsRecord(report.byMonth),
    projected: { weekly: toPounds(report.projected.weekly), fullYear: toPounds(report.projected.fullYear), inYear: toPounds(report.projected.inYear) },
    decisions: report.cases.length,
  };
}

/** Savings to date over every decision, as of a date. */
export function savingsJson(panel: Panel, asOf: string) {
  return savingsReportJson(savingsReport(panel, asOf));
}

/** A request with its decisions, events, status and computed savings (docs/api.md, "GET /api/requests/:id"). */
export function requestDetailJson(panel: Panel, id: string, asOf: string) {
  const request = panel.store.getRequest(id);
  if (!request) return undefined;
  const settlement = panel.settlement(id);
  const decisions = panel.store.decisionsFor(id);
  const events = panel.store.eventsFor(id);
  const from = projectionStart(request.proposed.startDate, settlement, panel.today());
  const options = optionProjections(request, from).map(({ option, projected: p }) => ({
    option: option.id, weekly: toPounds(p.weekly), fullYear: toPounds(p.fullYear), inYear: toPounds(p.inYear), financialYear: p.financialYear,
  }));
  const realised = savingsToDate([{ request, decision: settlement.settledBy, events: [...events] }], asOf);
  return {
    request,
    status: settlement.status,
    decisions,
    events,
    savings: { asOf, projected: options, realised: toPounds(realised.total) },
  };
}
