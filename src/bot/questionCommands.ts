import { addDays } from '../calculators/dates.js';
import { periodName, readPeriod, type Period } from '../domain/periods.js';
import { AS_OF_DATES, asOfProblem } from '../domain/schemaParts.js';
import { readDay } from '../domain/ukDates.js';
import type { Reply } from '../teams/reply.js';
import { formatDate } from '../views/format.js';
import { financialYearOf } from '../calculators/financialYear.js';
import { cohortCard } from '../views/cohortView.js';
import { digestCard } from '../views/digestView.js';
import { followUpsCard } from '../views/followUpsView.js';
import { savingsCard } from '../views/savingsView.js';
import { topPlacementsCard } from '../views/topPlacementsView.js';
import { valueCheckCard } from '../views/valueCheckView.js';
import { ALL_SCOPES, type Command, type CommandTurn } from './commands.js';

/** Why savings cannot be counted for a real date outside the range they may be asked as of. */
function outOfRange(when: string): string {
  return `I can't count savings ${when}: ask for a date from ${formatDate(AS_OF_DATES.from)} to ${formatDate(AS_OF_DATES.to)}.`;
}

/** A reason worded as a sentence of its own. */
function sentence(problem: string): string {
  return `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
}

const ASKING = '(?:savings|what have we saved|how much have we saved|what did we save)';
const PERIOD_EXAMPLES = 'Q1, Q1 2027/28, 2026/27, last month, this month, June, since April, since 1 April 2026 or from 1 April to 30 June';

/**
 * The savings card for a period, both ends counted: a period that has not ended is counted to today
 * (its days so far) and says so; one that has not started is answered in words.
 */
function answerPeriod(turn: CommandTurn, period: Period, title?: string): Reply {
  const today = turn.panel.today();
  const name = periodName(period);
  if (period.from > today) {
    return { text: `${name ?? `The period from ${formatDate(period.from)} to ${formatDate(period.to)}`} has not started yet: it starts on ${formatDate(period.from)}, so nothing is saved in it so far.` };
  }
  const ended = period.to < today;
  const fy = financialYearOf(period.from);
  const heading = title ?? (name !== undefined ? `Savings in ${name}`
    : !ended ? `Savings since ${formatDate(period.from)}` : `Savings ${formatDate(period.from)} to ${formatDate(period.to)}`);
  return {
    card: savingsCard(turn.panel.facts(), ended ? addDays(period.to, 1) : today, {
      title: heading,
      from: period.from,
      ...(!ended && { runsTo: period.to }),
      // A period from a financial year's first day shows that year's block: so far, forecast, target.
      ...(period.from === fy.start && { year: period.from }),
      listNotStarted: true,
    }),
  };
}

/** The period typed after a savings question, answered; or why it cannot be. */
function answerTypedPeriod(turn: CommandTurn, typed: string, title?: string): Reply {
  const read = readPeriod(typed, turn.panel.today());
  if (read === undefined) return { text: `I can't read "${typed}" as a period: write it as ${PERIOD_EXAMPLES}.` };
  if (!read.ok) return { text: sentence(read.problem) };
  return answerPeriod(turn, read.period, title);
}

/** Managers' questions, each answered from the shared calculators, in their own words as well as the listed ones. */
export const QUESTION_COMMANDS: readonly Command[] = [
  {
    name: 'overdue',
    rank: 35,
    patterns: [/^(?:overdue|what'?s overdue|what is overdue|follow-?ups|what needs doing)$/],
    listing: {
      title: 'overdue',
      description: 'What needs doing, oldest first: decisions past their decide-by date, placements to ratify, conditions, reviews, changes slipping',
    },
    handle: (turn) => ({ card: followUpsCard(turn.panel.followUps(), turn.panel.today()) }),
  },
  {
    name: 'savings this year',
    rank: 70,
    patterns: [
      new RegExp(`^${ASKING} (?:this|this financial|the current) (?:financial )?year(?: so far)?$`),
      /^savings this fy$/, /^in-?year savings$/,
    ],
    listing: {
      title: 'savings this year',
      description: 'Savings in this financial year (1 April to 31 March), promised and realised, against the target',
      button: 'Savings this year',
      menu: ALL_SCOPES,
    },
    handle(turn) {
      const today = turn.panel.today();
      return answerPeriod(turn, { from: financialYearOf(today).start, to: financialYearOf(today).end }, `Savings this year (${financialYearOf(today).label})`);
    },
  },
  {
    name: 'savings in a financial year',
    rank: 75,
    patterns: [new RegExp(`^${ASKING} (?:in |for )?((?:fy ?)?\\d{4}/\\d{2,4})$`)],
    listing: { title: 'savings 2025/26', description: 'Savings in one financial year, this or an earlier one, up to today or its end' },
    handle: (turn) => answerTypedPeriod(turn, turn.match[1]!),
  },
  {
    name: 'savings to date',
    rank: 60,
    patterns: [
      new RegExp(`^${ASKING}(?: to date| so far)?(?: (as of|as at|at|on|up to and including|up to|to|until|till|through) (.+))?$`),
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
      // "As of D" counts up to the end of the day before D, as the API's asOf; "to D" counts D itself.
      const inclusive = !/^(?:as of|as at|at|on)$/.test(word!);
      let read = readDay(typed, today);
      // "To the end of Q1", "up to last month": up to and including the period's last day.
      const period = read === undefined && inclusive ? readPeriod(typed.replace(/^(?:the )?end of /, ''), today) : undefined;
      if (period !== undefined) read = period.ok ? { ok: true, date: period.period.to } : period;
      if (read === undefined) return { text: `I can't read "${typed}" as a date: write it as 30/06/2027, 30 June 2027 or 2027-06-30.` };
      if (!read.ok) return { text: sentence(read.problem) };
      const asOf = inclusive ? addDays(read.date, 1) : read.date;
      if (asOfProblem(asOf) !== undefined) return { text: outOfRange(`as of ${formatDate(read.date)}`) };
      const title = inclusive ? `Savings up to and including ${formatDate(read.date)}` : undefined;
      return { card: savingsCard(turn.panel.facts(), asOf, { ...(title !== undefined && { title }), listNotStarted: true }) };
    },
  },
  {
    name: 'savings in a period',
    // After the rows above, which answer "to D", this year and a financial year in their own words.
    rank: 78,
    patterns: [new RegExp(`^${ASKING} (.+)$`)],
    listing: { title: 'savings in Q1', description: 'Savings in a period, both ends counted: Q1, 2026/27, last month, since April, from 1 April to 30 June' },
    handle: (turn) => answerTypedPeriod(turn, turn.match[1]!),
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
