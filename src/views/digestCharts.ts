import type { Decimal } from 'decimal.js';
import { addDays } from '../calculators/dates.js';
import { Money, formatWholePounds, roundPence } from '../calculators/money.js';
import type { DonutChartView, GaugeChartView, LineChartView } from '../cards/viewModels.js';
import { PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { SpendByType, YearTrajectory } from '../panel/queries.js';

/*
 * The digest's charts as Teams draws them (Chart.Line, Chart.Donut, Chart.Gauge): the figures the
 * calculators worked out, as numbers of pounds rounded to pence only here, where they are shown.
 */

/** Pounds to the penny, as the number a chart plots. */
export function chartPounds(value: Decimal.Value): number {
  return roundPence(value).toNumber();
}

/**
 * Saved in the financial year as of each month's end (and today), against the target's straight line
 * and where the year ends at the current rate. Points are as-of dates (YYYY-MM-DD, so Teams draws a
 * time series): "as of 1 May" is everything up to the end of April.
 */
export function savingsLineChart(t: YearTrajectory): LineChartView {
  const start = t.year.start;
  const end = addDays(t.year.end, 1);
  return {
    title: `Saved in ${t.year.label}${t.target === undefined ? '' : ' against the target'}`,
    xAxisTitle: 'Date',
    yAxisTitle: 'Pounds',
    data: [
      { legend: 'Saved', color: 'good', values: [{ x: start, y: 0 }, ...t.months.map((m) => ({ x: m.asOf, y: chartPounds(m.cumulative) }))] },
      ...(t.target === undefined ? [] : [{
        legend: 'Straight line to target', color: 'neutral' as const,
        values: [{ x: start, y: 0 }, ...t.months.map((m) => ({ x: m.asOf, y: chartPounds(m.straightLine ?? 0) })), { x: end, y: chartPounds(t.target) }],
      }]),
      { legend: 'At this week\'s rate', color: 'categoricalBlue', values: [{ x: t.asOf, y: chartPounds(t.savedSoFar) }, { x: end, y: chartPounds(t.yearEnd) }] },
    ],
  };
}

/** Progress to the target as a percentage gauge, held to 0–100 (the figures beside it say more). */
export function gaugeChart(saved: Decimal.Value, target: Decimal.Value): GaugeChartView {
  const t = new Money(target);
  const percent = t.isZero() ? 0 : Math.min(100, Math.max(0, new Money(saved).dividedBy(t).times(100).toDecimalPlaces(0, Money.ROUND_HALF_UP).toNumber()));
  return {
    title: 'Progress to the savings target',
    min: 0,
    max: 100,
    value: percent,
    valueFormat: 'Percentage',
    subLabel: `of the ${formatWholePounds(target)} target`,
    segments: [
      { legend: 'Saved', size: percent, color: 'good' },
      { legend: 'Still to save', size: 100 - percent, color: 'neutral' },
    ],
  };
}

/** The council's weekly cost of the placements in force, a slice per placement type, with the total (`centre`) in the middle. */
export function donutChart(spend: readonly SpendByType[], centre: string): DonutChartView {
  return {
    title: 'Weekly cost of placements in force, by type',
    value: centre,
    data: spend.map((s) => ({ legend: PLACEMENT_TYPE_LABELS[s.type], value: chartPounds(s.councilWeekly) })),
  };
}
