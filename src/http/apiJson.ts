import type { Decimal } from 'decimal.js';
import { toPounds } from '../calculators/money.js';
import type { SavingsReport } from '../calculators/savingsToDate.js';
import type { PanelFacts } from '../panel/facts.js';
import { requestDetail, savingsAsOf } from '../panel/queries.js';
import { conditionsJson } from './conditionsJson.js';

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
    decisions: report.decisions.total,
  };
}

/** Savings to date over every decision, as of a date. */
export function savingsJson(facts: PanelFacts, asOf: string) {
  return savingsReportJson(savingsAsOf(facts, asOf));
}

/** A request with its decisions, events, status and computed savings (docs/api.md, "GET /api/requests/:id"). */
export function requestDetailJson(facts: PanelFacts, id: string, asOf: string, today: string) {
  const detail = requestDetail(facts, id, asOf, today);
  if (!detail) return undefined;
  return {
    request: detail.case.request,
    status: detail.status,
    decisions: detail.case.decisions,
    events: detail.case.events,
    conditions: conditionsJson(detail.case, today),
    conflicts: detail.case.conflicts.map((c) => ({ by: c.recordedBy, date: c.date, recordedAt: c.recordedAt, note: c.note ?? null })),
    // An approval recommended above the voters' limits, waiting for someone whose limit covers it.
    awaiting: detail.awaiting === undefined ? null : {
      option: detail.awaiting.option, councilCost: detail.awaiting.councilCost, limit: detail.awaiting.limit, whoCanApprove: detail.awaiting.whoCanApprove,
    },
    savings: {
      asOf,
      projected: detail.projected.map(({ option, projected: p }) => ({
        option, weekly: toPounds(p.weekly), fullYear: toPounds(p.fullYear), inYear: toPounds(p.inYear), financialYear: p.financialYear,
      })),
      realised: toPounds(detail.realised),
    },
  };
}
