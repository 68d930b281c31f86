import { formatMoney } from '../calculators/money.js';
import { followThroughState, type FollowThrough } from '../panel/followThrough.js';
import { formatDate, plural } from './format.js';

/** What a request card shows of an approval's follow-through: a heading and plain lines, formatted. */
export interface SlippageViewModel {
  heading: string;
  lines: string[];
  /** Unconfirmed past its grace days: the card may mark it for attention. */
  slipping: boolean;
}

function monthLabel(month: string): string {
  return formatDate(`${month}-01`).replace(/^1 /, '');
}

// "3 weeks" when whole, "10 days (1.43 weeks)" otherwise.
function delay(f: FollowThrough): string {
  const weeks = f.weeksLate.toDecimalPlaces(2);
  return f.daysLate % 7 === 0 ? plural(f.daysLate / 7, 'week') : `${plural(f.daysLate, 'day')} (${weeks.toString()} weeks)`;
}

function byMonth(f: FollowThrough): string[] {
  if (f.byMonth.length < 2) return [];
  return [`By month: ${f.byMonth.map((m) => `${monthLabel(m.month)} ${formatMoney(m.cost)}`).join(', ')}.`];
}

/**
 * The lines that say whether an approved change started on time, started late at what cost, or is
 * slipping (docs/domain.md, "Started and slippage"); for the request card and the chat's reply.
 */
export function slippageLines(f: FollowThrough): string[] {
  const effective = formatDate(f.effectiveFrom);
  const cost = `${formatMoney(f.weeklySaving)} a week × ${delay(f)} = ${formatMoney(f.cost)}`;
  switch (followThroughState(f)) {
    case 'slipping':
      return [
        `Not confirmed as started ${delay(f)} after its effective date (${effective}): slipping.`,
        `Savings at risk so far: ${cost}.`,
        ...byMonth(f),
      ];
    case 'confirmed':
      return [];
    case 'not_confirmed':
      return [`Not yet confirmed as started (effective ${effective}).`];
    case 'on_time':
      return [`Started ${formatDate(f.started!)}, on time (effective ${effective}).`];
    case 'late':
      return [
        `Started ${formatDate(f.started!)}, ${delay(f)} after its effective date (${effective}).`,
        `Slippage: ${cost}.`,
        ...byMonth(f),
      ];
  }
}

/** The request card's follow-through piece, or undefined when there is nothing to say. */
export function slippageViewModel(f: FollowThrough | undefined): SlippageViewModel | undefined {
  if (f === undefined) return undefined;
  const lines = slippageLines(f);
  if (lines.length === 0) return undefined;
  return { heading: f.slipping ? 'Slipping' : 'Follow-through', lines, slipping: f.slipping };
}
