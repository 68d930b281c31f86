import { NEED_LEVEL_LABELS } from '../calculators/need.js';
import { OUTCOME_LABELS, PLACEMENT_TYPE_LABELS, humanise, type PlacementType } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { decisionRows, type DecisionRow } from './decisionRows.js';
import { savingsRows, type ExportPeriod, type SavingsRow } from './savingsRows.js';
import type { Column, Sheet } from './sheet.js';
import { tableOf } from './sheet.js';
import { CSV_TYPE, XLSX_TYPE, csvOf, xlsxOf } from './writeSheet.js';

function typeLabel(type: string): string {
  return PLACEMENT_TYPE_LABELS[type as PlacementType] ?? humanise(type);
}

/** The decisions export's columns (docs/api.md, "Exports"). */
export const DECISION_COLUMNS: readonly Column<DecisionRow>[] = [
  { header: 'Request id', kind: 'text', width: 14, value: (r) => r.requestId },
  { header: 'Case reference', kind: 'text', width: 14, value: (r) => r.childRef },
  { header: 'Kind', kind: 'text', width: 8, value: (r) => humanise(r.kind) },
  { header: 'Need level', kind: 'count', width: 10, value: (r) => r.needLevel },
  { header: 'Need', kind: 'text', width: 10, value: (r) => NEED_LEVEL_LABELS[r.needLevel] },
  { header: 'Decided on', kind: 'date', width: 12, value: (r) => r.decidedOn },
  { header: 'Decided by', kind: 'text', width: 20, value: (r) => r.decidedBy },
  { header: 'Outcome', kind: 'text', width: 24, value: (r) => OUTCOME_LABELS[r.outcome] },
  { header: 'Settled the request', kind: 'text', width: 10, value: (r) => (r.settling ? 'Yes' : 'No') },
  { header: 'Request status', kind: 'text', width: 24, value: (r) => humanise(r.status) },
  { header: 'Option chosen', kind: 'text', width: 12, value: (r) => r.approved?.option.id },
  { header: 'Option placement type', kind: 'text', width: 28, value: (r) => r.approved && typeLabel(r.approved.option.type) },
  { header: 'Option weekly cost', kind: 'money', width: 14, value: (r) => r.approved?.weeklyCost },
  { header: 'Option council weekly cost', kind: 'money', width: 14, value: (r) => r.approved?.councilWeekly },
  { header: 'Baseline placement type', kind: 'text', width: 28, value: (r) => typeLabel(r.baselineType) },
  { header: 'Baseline weekly cost', kind: 'money', width: 14, value: (r) => r.baselineWeeklyCost },
  { header: 'Baseline council weekly cost', kind: 'money', width: 14, value: (r) => r.baselineCouncilWeekly },
  { header: 'Weekly saving', kind: 'money', width: 14, value: (r) => r.approved?.weeklySaving },
  { header: 'Full-year effect', kind: 'money', width: 16, value: (r) => r.approved?.fullYear },
  { header: 'In-year effect', kind: 'money', width: 16, value: (r) => r.approved?.inYear },
  { header: 'In-year financial year', kind: 'text', width: 10, value: (r) => r.approved?.financialYear },
  { header: 'Effective date', kind: 'date', width: 12, value: (r) => r.approved?.effectiveFrom },
  { header: 'Review date', kind: 'date', width: 12, value: (r) => r.reviewDate },
  { header: 'Conditions or reason', kind: 'text', width: 40, value: (r) => r.comment },
  { header: 'Conditions', kind: 'text', width: 40, value: (r) => r.conditions },
  { header: 'Conditions open', kind: 'count', width: 10, value: (r) => r.conditionsOpen },
  { header: 'Follow-through', kind: 'text', width: 18, value: (r) => r.followThrough?.state },
  { header: 'Started on', kind: 'date', width: 12, value: (r) => r.followThrough?.started },
  { header: 'Slippage to date', kind: 'money', width: 14, value: (r) => r.followThrough?.cost },
  { header: 'Request reason', kind: 'text', width: 40, value: (r) => r.requestReason },
  { header: 'Decision id', kind: 'text', width: 14, value: (r) => r.decisionId },
];

/** The savings export's columns (docs/api.md, "Exports"). */
export const SAVINGS_COLUMNS: readonly Column<SavingsRow>[] = [
  { header: 'Month', kind: 'month', width: 10, value: (r) => r.month },
  { header: 'Financial year', kind: 'text', width: 10, value: (r) => r.financialYear },
  { header: 'Request id', kind: 'text', width: 14, value: (r) => r.requestId },
  { header: 'Case reference', kind: 'text', width: 14, value: (r) => r.childRef },
  { header: 'Saving type', kind: 'text', width: 16, value: (r) => (r.kind === 'new' ? 'Cost avoidance' : 'Cashable') },
  { header: 'Placement type', kind: 'text', width: 28, value: (r) => typeLabel(r.placementType) },
  { header: 'Reason', kind: 'text', width: 24, value: (r) => humanise(r.reason) },
  { header: 'First day', kind: 'date', width: 12, value: (r) => r.firstDay },
  { header: 'Last day', kind: 'date', width: 12, value: (r) => r.lastDay },
  { header: 'Days', kind: 'count', width: 6, value: (r) => r.days },
  { header: 'Baseline council weekly cost', kind: 'money', width: 14, value: (r) => r.baselineWeekly },
  { header: 'Baseline', kind: 'money', width: 14, value: (r) => r.baseline },
  { header: 'Actual', kind: 'money', width: 14, value: (r) => r.actual },
  { header: 'Saving', kind: 'money', width: 14, value: (r) => r.saving },
];

/** The decisions export as a sheet. */
export function decisionsSheet(facts: PanelFacts, today: string): Sheet<DecisionRow> {
  return { name: 'Decisions', columns: DECISION_COLUMNS, rows: decisionRows(facts, today) };
}

/** The savings export over a period as a sheet. */
export function savingsSheet(facts: PanelFacts, period: ExportPeriod): Sheet<SavingsRow> {
  return { name: 'Savings', columns: SAVINGS_COLUMNS, rows: savingsRows(facts, period) };
}

export type ExportName = 'decisions' | 'savings';
export type ExportFormat = 'csv' | 'xlsx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];

/** An export ready to send or save. */
export interface ExportFile {
  /** "decisions-2026-11-26.csv", "savings-2026-04-01-to-2026-11-26.xlsx" */
  filename: string;
  contentType: string;
  body: Buffer;
}

/**
 * One of the four exports, written: the decisions as they stand on `today`, or the savings over
 * the period, as CSV or XLSX, named with the date (or the period) it covers.
 */
export async function exportFile(facts: PanelFacts, name: ExportName, format: ExportFormat, today: string, period: ExportPeriod): Promise<ExportFile> {
  const table = name === 'decisions' ? tableOf(decisionsSheet(facts, today)) : tableOf(savingsSheet(facts, period));
  const dated = name === 'decisions' ? `decisions-${today}` : `savings-${period.from}-to-${period.to}`;
  return format === 'csv'
    ? { filename: `${dated}.csv`, contentType: CSV_TYPE, body: csvOf(table) }
    : { filename: `${dated}.xlsx`, contentType: XLSX_TYPE, body: await xlsxOf(table) };
}
