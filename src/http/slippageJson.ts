import { toPounds } from '../calculators/money.js';
import type { SlippageMonth } from '../calculators/slippage.js';
import type { FollowThrough, SlippageSummary } from '../panel/followThrough.js';

function monthsJson(months: readonly SlippageMonth[]) {
  return months.map((m) => ({ month: m.month, cost: toPounds(m.cost), cumulative: toPounds(m.cumulative) }));
}

/** One approval's follow-through as JSON (docs/api.md, "GET /api/requests/:id", slippage): money as strings with two decimals. */
export function followThroughJson(f: FollowThrough) {
  return {
    effectiveFrom: f.effectiveFrom,
    ...(f.started !== undefined && { started: f.started }),
    confirmed: f.confirmed,
    slipping: f.slipping,
    weeklySaving: toPounds(f.weeklySaving),
    daysLate: f.daysLate,
    weeksLate: f.weeksLate.toDecimalPlaces(2).toNumber(),
    cost: toPounds(f.cost),
    byMonth: monthsJson(f.byMonth),
  };
}

/** The slippage of every approval as JSON (docs/api.md, "GET /api/savings", slippage). */
export function slippageSummaryJson(s: SlippageSummary) {
  return {
    total: toPounds(s.total),
    confirmed: toPounds(s.confirmed),
    slipping: toPounds(s.slipping),
    byMonth: monthsJson(s.byMonth),
    slippingRequests: s.slippingRequests,
  };
}
