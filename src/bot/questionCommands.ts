import { addDays, minDate } from '../calculators/dates.js';
import { AS_OF_DATES, asOfProblem } from '../domain/schemaParts.js';
import { readDay } from '../domain/ukDates.js';
import { formatDate } from '../views/format.js';
import { financialYearOf } from '../calculators/financialYear.js';
import { cohortCard } from '../views/cohortView.js';
import { digestCard } from '../views/digestView.js';
import { savingsCard } from '../views/savingsView.js';
import { topPlacementsCard } from '../views/topPlacementsView.js';
import { valueCheckCard } from '../views/valueCheckView.js';
import { ALL_SCOPES, type Command } from './commands.js';

/** Why savings cannot be counted for a real date outside the range they may be asked as of. */
function outOfRange(when: string): string {
  return `I can't count savings ${when}: ask for a date from ${AS_OF_DATES.from} to ${AS_OF_DATES.to}.`;
}

/** Managers' questions, each answered from the shared calculators, in their own words as well as the listed ones. */
export const QUESTION_COMMANDS: readonly Command[] = [
  {
    name: 'savings this year',
    rank: 70,
    patterns: [
      /^(?:savings|what have we saved) (?:this|this financial|the current) (?:financial )?year(?: so far)?$/,
      /^savings (?:since|from) april$/, /^savings this fy$/, /^in-?year savings$/,
    ],
    listing: {
      title: 'savings this year',
      description: 'Savings in this financial year (1 April to 31 March), projected and realised, against the target',
      button: 'Savings this year',
      menu: ALL_SCOPES,
    },
    handle(turn) {
      const today = turn.panel.today();
      return { card: savingsCard(turn.panel.facts(), today, { title: `Savings this year (${financialYearOf(today).label})`, year: today }) };
    },
  },
  {
    name: 'savings in a financial year',
    rank: 75,
    patterns: [/^savings (?:in |for )?(?:fy ?)?(\d{4})\/(\d{2})$/],
    listing: { title: 'savings 2025/26', description: 'Savings in one financial year, this or an earlier one, up to today or its end' },
    handle(turn) {
      const start = `${turn.match[1]}-04-01`;
      const fy = financialYearOf(start);
      if (fy.label !== `${turn.match[1]}/${turn.match[2]}`) return { text: `"${turn.match[1]}/${turn.match[2]}" is not a financial year; try ${fy.label}.` };
      const today = turn.panel.today();
      if (start > today) return { text: `${fy.label} has not started yet.` };
      if (asOfProblem(start) !== undefined) return { text: outOfRange(`for ${fy.label}`) };
      // Up to today, or to the end of that year (exclusive of the day after 31 March).
      const asOf = minDate(today, addDays(fy.end, 1));
      return { card: savingsCard(turn.panel.facts(), asOf, { title: `Savings ${fy.label}`, year: start }) };
    },
  },
  {
    name: 'savings to date',
    rank: 60,
    patterns: [
      /^(?:savings|what have we saved|how much have we saved)(?: to date| so far)?(?: (as of|as at|at|on|up to and including|up to|to|until|till|through) (.+))?$/,
    ],
    listing: {
      title: 'savings to date',
      description: 'Realised savings so far, cost avoidance and cashable; add \'as of 30/06/2027\' or \'to 30 June 2027\'',
      button: 'Savings to date',
      menu: ALL_SCOPES,
    },
    handle(turn) {
      const [, word, typed] = turn.match;
      const today = turn.panel.today();
      if (typed === undefined) return { card: savingsCard(turn.panel.facts(), today) };
      const read = readDay(typed, today);
      if (read === undefined) return { text: `I can't read "${typed}" as a date: write it as 30/06/2027, 30 June 2027 or 2027-06-30.` };
      if (!read.ok) return { text: `"${typed}" is not a date: ${read.problem}.` };
      // "As of D" counts up to the end of the day before D, as the API's asOf; "to D" counts D itself.
      const inclusive = !/^(?:as of|as at|at|on)$/.test(word!);
      const asOf = inclusive ? addDays(read.date, 1) : read.date;
      if (asOfProblem(asOf) !== undefined) return { text: outOfRange(`as of ${read.date}`) };
      const title = inclusive ? `Savings up to and including ${formatDate(read.date)}` : undefined;
      return { card: savingsCard(turn.panel.facts(), asOf, title === undefined ? {} : { title }) };
    },
  },
  {
    name: 'top 15',
    rank: 80,
    patterns: [/^top ?(?:15|fifteen)(?: placements)?$/, /^(?:highest|most expensive|highest-cost) placements$/],
    listing: {
      title: 'top 15',
      description: 'The 15 highest-cost current placements by the council\'s weekly cost',
      button: 'Top 15',
      menu: ALL_SCOPES,
    },
    handle: (turn) => ({ card: topPlacementsCard(turn.panel.facts(), turn.panel.today()) }),
  },
  {
    name: 'value check',
    rank: 90,
    patterns: [/^value(?: check| for money)?$/, /^(?:outliers|cost outliers|above band)$/],
    listing: {
      title: 'value check',
      description: 'Placements whose weekly cost is above the reference band for the child\'s need level',
      button: 'Value check',
      menu: ALL_SCOPES,
    },
    handle: (turn) => ({ card: valueCheckCard(turn.panel.facts(), turn.panel.today()) }),
  },
  {
    name: 'cohort',
    rank: 100,
    patterns: [/^cohort(?: tracking)?$/, /^original (?:vs|versus|and) current$/],
    listing: {
      title: 'cohort',
      description: 'The children currently placed: numbers, weekly cost and change since their original placements',
      button: 'Cohort',
      menu: ALL_SCOPES,
    },
    handle: (turn) => ({ card: cohortCard(turn.panel.facts(), turn.panel.today()) }),
  },
  {
    name: 'digest',
    rank: 110,
    patterns: [/^(?:digest|weekly digest)(?: preview)?$/, /^preview(?: the)? digest$/],
    listing: { title: 'digest', description: 'Preview the weekly leadership digest without posting it', button: 'Digest preview', menu: ALL_SCOPES },
    handle: (turn) => ({ card: digestCard(turn.panel.facts(), turn.panel.today()) }),
  },
];
