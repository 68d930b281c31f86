/** Realistic view-models for every card, shared by the card tests (and reusable by others). */
import type {
  CohortView, DigestItemView, DigestView, ErrorView, MessageView, PendingView, RequestCardView,
  RequestOptionView, SavingsView, TopPlacementsView, ValueCheckView,
} from '../../src/cards/viewModels.js';

export const LONG_PROVIDER = 'Northern Lights Therapeutic Residential Care and Specialist Education Services (North West Region) Limited Partnership'
  .padEnd(120, 'x').slice(0, 120);

export function option(i: number, overrides: Partial<RequestOptionView> = {}): RequestOptionView {
  return {
    id: `alt-${i}`,
    tag: `Alt ${i}`,
    label: i % 2 === 0 ? 'In-house foster care with wrap-around support' : 'Independent fostering agency, high-end package',
    typeLabel: i % 2 === 0 ? 'In-house fostering' : 'Independent fostering agency (IFA)',
    provider: i % 3 === 0 ? undefined : 'Kinfolk Fostering Ltd',
    weeklyCost: '£1,200.00',
    councilShare: '£1,200.00',
    saving: {
      weekly: '£4,908.00', fullYear: '£255,216.00', inYear: '£166,872.00', inYearLabel: 'In 2026/27',
      nextYear: { label: 'In 2027/28', amount: '£1,402.29' }, overPlan: { label: 'To 5 Apr 2027', amount: '£168,274.29' },
    },
    style: 'default',
    ...overrides,
  };
}

/** The proposal of a new request: the baseline itself, so it has no saving. */
export const proposedOption: RequestOptionView = {
  id: 'proposed', tag: 'Proposed', label: 'Residential children\'s home', typeLabel: 'Residential children\'s home',
  provider: 'Oakfield House Ltd', weeklyCost: '£6,108.00', councilShare: '£6,108.00',
  valueFlag: '⚠ Cost above need band, 1.5×', style: 'default',
};

/** An open `new` request the viewer may decide, with two alternatives. */
export function openRequest(overrides: Partial<RequestCardView> = {}): RequestCardView {
  return {
    requestId: 'PR-2026-0001',
    childRef: 'C-10423',
    age: '14 years',
    kindLabel: 'New placement',
    headline: {
      asked: 'New placement: residential children\'s home, Oakfield House Ltd', weeklyCost: '£6,108.00',
      best: 'Alt 2 saves **£4,908.00** a week', decideBy: 'Decide by 1 Dec 2026',
    },
    reason: 'Current foster placement has broken down after repeated missing episodes.',
    requestedBy: 'Placements team',
    receivedOn: '13 Nov 2026',
    decideByRule: '1 Dec 2026 (the proposed start)',
    need: {
      level: 'High (3 of 4)',
      summary: 'Significant emotional and behavioural needs; out of education since September.',
      scores: [
        { title: 'Emotional wellbeing', value: '3 of 4' },
        { title: 'Behaviour', value: '4 of 4' },
        { title: 'Education', value: '2 of 4' },
      ],
    },
    proposed: {
      typeLabel: 'Residential children\'s home', provider: 'Oakfield House Ltd', startDate: '6 Apr 2026',
      plannedEnd: '5 Apr 2027', weeklyCost: '£6,108.00', councilShare: '£6,108.00 (100%)',
      health: '£0.00 (0%)', education: '£0.00 (0%)',
    },
    baseline: 'Savings are against the proposed placement: £6,108.00/wk to the council.',
    options: [proposedOption, option(1), option(2)],
    valueFlags: ['Proposed: £6,108.00 a week is 1.5× the band midpoint for residential children\'s home at need level 3 (high)'],
    status: 'Waiting for the panel — 9 days',
    statusTone: 'accent',
    actions: {
      options: [
        { title: 'Proposed: Residential children\'s home', value: 'proposed' },
        { title: 'Alternative 1: Independent fostering agency, high-end package', value: 'alt-1' },
        { title: 'Alternative 2: In-house foster care with wrap-around support', value: 'alt-2' },
      ],
      values: { option: 'proposed', comment: '', reviewDate: '', effectiveFrom: '' },
      conditionRows: [1, 2, 3].map((n) => ({ n, text: '', owner: '', due: '' })),
      conditionsOpen: false,
      effectiveFromRange: { min: '2026-04-06', max: '2029-04-06' },
    },
    refresh: { requestId: 'PR-2026-0001', userIds: ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002'] },
    ...overrides,
  };
}

/** A decided `change` request: read-only, with the decision block. */
export function decidedChangeRequest(overrides: Partial<RequestCardView> = {}): RequestCardView {
  return openRequest({
    requestId: 'PR-2026-0002',
    kindLabel: 'Change to placement',
    headline: {
      asked: 'Change to placement (step down): independent fostering agency (ifa), Kinfolk Fostering Ltd', weeklyCost: '£1,450.00',
      best: 'Alt 1 saves **£4,908.00** a week',
    },
    changeReason: 'Step down',
    current: {
      typeLabel: 'Residential children\'s home', provider: 'Oakfield House Ltd', weeklyCost: '£6,108.00',
      councilShare: '£4,886.40 (80%)',
    },
    proposed: {
      typeLabel: 'Independent fostering agency (IFA)', provider: 'Kinfolk Fostering Ltd', startDate: '1 Dec 2026',
      plannedEnd: 'Not set', weeklyCost: '£1,450.00', councilShare: '£1,160.00 (80%)',
      health: '£290.00 (20%)', education: '£0.00 (0%)',
    },
    baseline: 'Savings are against the current placement: £4,886.40/wk to the council.',
    options: [
      { ...proposedOption, label: 'Step down to IFA', typeLabel: 'Independent fostering agency (IFA)', weeklyCost: '£1,450.00',
        councilShare: '£1,160.00', valueFlag: undefined,
        saving: { weekly: '£3,726.40', fullYear: '£193,772.80', inYear: '£63,349.00', inYearLabel: 'In 2026/27', overPlan: { label: 'Until 18', amount: '£415,493.60' } } },
      option(1, { chosen: true, style: 'good', valueFlag: '⚠ Cost above need band, 1.2×' }),
    ],
    valueFlags: ['Alt 1: £1,200.00 a week is 1.2× the band midpoint for in-house fostering at need level 3 (high)'],
    status: 'Approved with conditions',
    statusTone: 'good',
    decision: {
      headline: 'Approved with conditions — alternative: In-house foster care — by Jane Doe, 22 Nov 2026 14:03 GMT',
      tone: 'good',
      commentLabel: 'Conditions',
      comment: 'Review in six months; education plan to be in place before the move.',
      reviewDate: '22 May 2027',
      effectiveFrom: '1 Dec 2026',
      realised: '£12,345.67',
      events: [
        { title: '1 Feb 2027', value: 'Cost now £1,300.00 a week: uplift agreed' },
        { title: '1 Jun 2027', value: 'Ended: return home (back with mum)' },
      ],
    },
    actions: undefined,
    refresh: undefined,
    ...overrides,
  });
}

export function savingsView(overrides: Partial<SavingsView> = {}): SavingsView {
  return {
    title: 'Savings to date',
    period: '1 Apr 2026 to 21 Nov 2026 inclusive',
    ongoing: 'The period runs to 31 Mar 2027: this counts its days so far, up to the end of yesterday.',
    total: '£1,302,417.55',
    costAvoidance: '£1,010,231.10',
    cashable: '£292,186.45',
    basis: '12 approved decisions counted',
    toDate: [
      { label: 'Cost avoidance', projected: '£1,160,000.00', realised: '£1,010,231.10' },
      { label: 'Cashable', projected: '£300,000.00', realised: '£292,186.45' },
    ],
    perYear: [
      { label: 'Cost avoidance', projected: '£1,560,000.00', realised: '£1,402,417.55' },
      { label: 'Cashable', projected: '£940,000.00', realised: '£702,100.00' },
    ],
    comparisonBasis: 'Promised: each decision\'s weekly saving when approved, over the same days, or × 52 for a year. Realised: what it saved after later cost changes and ends; a year is the weekly saving running on 21 Nov 2026 × 52.',
    notStarted: {
      heading: 'Approved, not started by 21 Nov 2026',
      rows: [{ line: 'PR-2026-0014 from 1 Dec 2026: £3,500.00 a week promised' }],
      more: 'and 2 more approvals',
    },
    byType: [
      { label: 'Residential children\'s home', decisions: '5', amount: '£880,120.00' },
      { label: 'Independent fostering agency (IFA)', decisions: '4', amount: '£433,448.16' },
      { label: 'Supported accommodation (16+)', decisions: '3', amount: '−£11,150.61' },
    ],
    byReason: [
      { label: 'Step down', decisions: '6', amount: '£1,000,000.00' },
      { label: 'Breakdown new placement', decisions: '1', amount: '−£1,150.61' },
    ],
    thisYear: {
      yearLabel: '2026/27', toDate: '£420,000.00', forecastToYearEnd: '£690,000.00', target: '£1,000,000.00',
      progress: { text: '42% of £1,000,000 target', bar: '████░░░░░░', tone: 'default' },
    },
    note: 'Savings can be negative: a breakdown into a dearer placement shows as a cost increase.',
    ...overrides,
  };
}

export function pendingView(rows = 3): PendingView {
  return {
    summary: `${rows} requests waiting for the panel`,
    rows: Array.from({ length: rows }, (_, i) => ({
      requestId: `PR-2026-${String(i + 1).padStart(4, '0')}`,
      childRef: `C-1042${i}`,
      typeLabel: 'Residential children\'s home',
      weeklyCost: i === 0 ? '£25,000.00' : '£6,108.00',
      waited: `${21 - i} days`,
      showCommand: `show PR-2026-${String(i + 1).padStart(4, '0')}`,
    })),
  };
}

export function topView(rows = 15): TopPlacementsView {
  return {
    title: 'Top 15 placements by weekly cost',
    asOf: '22 Nov 2026',
    rows: Array.from({ length: rows }, (_, i) => ({
      rank: String(i + 1),
      requestId: `PR-2026-${String(i + 1).padStart(4, '0')}`,
      childRef: `C-2${String(i).padStart(4, '0')}`,
      typeLabel: 'Solo / bespoke residential',
      provider: i === 0 ? LONG_PROVIDER : 'Oakfield House Ltd',
      weeklyCost: '£25,000.00',
      councilShare: '£20,000.00',
      health: '£5,000.00',
      education: '£0.00',
    })),
    total: 'Together £375,000.00/wk (£19.50m/yr)',
  };
}

export function valueView(rows = 15): ValueCheckView {
  return {
    title: 'Value check: furthest above need band',
    asOf: '22 Nov 2026',
    rows: Array.from({ length: rows }, (_, i) => ({
      requestId: `PR-2026-${String(i + 1).padStart(4, '0')}`,
      childRef: `C-3${String(i).padStart(4, '0')}`,
      typeLabel: 'Residential children\'s home',
      needLevel: 'Moderate (2 of 4)',
      weeklyCost: '£9,800.00',
      band: '£4,000.00–£6,500.00',
      ratio: '1.9×',
    })),
    note: 'Bands are illustrative defaults; set your council\'s own.',
  };
}

export function cohortView(): CohortView {
  return {
    title: 'Cohort: original against current weekly cost',
    asOf: '22 Nov 2026',
    people: '103 young people',
    originalWeekly: '£237,155.89',
    currentWeekly: '£222,431.03',
    difference: '−£14,724.86',
    perPerson: '−£142.96',
    annualised: '−£765,692.72 a year',
    groups: [
      { label: 'Cohort 1', original: '£183,523.64', current: '£151,234.90', difference: '−£32,288.74', perPerson: '−£566.47' },
      { label: 'Cohort 2', original: '£53,632.25', current: '£71,196.13', difference: '+£17,563.88', perPerson: '£381.82' },
      { label: 'Total', original: '£237,155.89', current: '£222,431.03', difference: '−£14,724.86', perPerson: '−£142.96' },
    ],
    reductions: {
      total: '£64,884.57 per week (£3,373,997.64 per annum)',
      rows: [
        { reason: 'Turned 18', people: '8', weekly: '£15,846.56', perPerson: '£1,980.82' },
        { reason: 'Return home', people: '6', weekly: '£23,746.62', perPerson: '£3,957.77' },
        { reason: 'Placement with parents', people: '2', weekly: '£300.30', perPerson: '£300.30' },
      ],
    },
    increases: {
      total: '£48,212.50 per week (£2,507,050.24 per annum)',
      rows: [
        { reason: 'Same placement, uplift agreed', people: '31', weekly: '£1,947.21', perPerson: '£62.81' },
        { reason: 'Breakdown - new placement', people: '10', weekly: '£20,776.32', perPerson: '£2,077.63' },
      ],
    },
  };
}

function items(n: number, detail: string): DigestItemView[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `PR-2026-${String(i + 1).padStart(4, '0')} · C-4${String(i).padStart(4, '0')} · ${i === 0 ? LONG_PROVIDER : 'Residential children\'s home'}`,
    detail,
  }));
}

export function digestView(listLength = 3): DigestView {
  const months = ['2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-11-16'];
  return {
    weekLabel: 'Week to 16 Nov 2026',
    decisionsSummary: '4 decisions this week: 2 approved, 1 approved with conditions, 1 declined',
    decisions: { items: items(listLength, 'Alternative 1: In-house foster care · saves £4,908.00 a week · full-year effect £255,216.00'), more: listLength >= 10 ? 'and 2 more' : undefined },
    approvalsEffect: 'This week\'s approvals save £25,000.00 a week: £1,300,000.00 full-year effect, £450,000.00 in 2026/27.',
    year: {
      heading: 'Savings this financial year (2026/27)',
      facts: [
        { title: 'Saved so far', value: '£420,000.00' },
        { title: 'Saving now', value: '£25,000.00 a week' },
        { title: 'Year end at this rate (31 Mar 2027)', value: '£900,000.00' },
      ],
      status: { text: 'Not on track: at this rate the year ends £100,000.00 short of the target.', tone: 'attention' },
      gauge: {
        chart: {
          title: 'Progress to the savings target', min: 0, max: 100, value: 42, valueFormat: 'Percentage', subLabel: 'of the £1,000,000 target',
          segments: [{ legend: 'Saved', size: 42, color: 'good' }, { legend: 'Still to save', size: 58, color: 'neutral' }],
        },
        fallback: { text: '42% of £1,000,000 target', bar: '████░░░░░░', tone: 'default' },
      },
      line: {
        chart: {
          title: 'Saved in 2026/27 against the target', xAxisTitle: 'Date', yAxisTitle: 'Pounds',
          data: [
            { legend: 'Saved', color: 'good', values: [{ x: '2026-04-01', y: 0 }, ...months.map((x, i) => ({ x, y: 52_500 * (i + 1) }))] },
            { legend: 'Straight line to target', color: 'neutral', values: [{ x: '2026-04-01', y: 0 }, { x: '2027-04-01', y: 1_000_000 }] },
          ],
        },
        rows: months.map((x, i) => ({ month: i === 7 ? 'Nov 2026 (to 15 Nov)' : `Month ${i + 1}`, saved: '£52,500.00', target: '£83,333.33' })),
        hasTarget: true,
      },
    },
    spend: {
      summary: '46 placements in force',
      donut: {
        chart: { title: 'Weekly cost of placements in force, by type', value: '£312k/wk', data: [{ legend: 'Residential children\'s home', value: 240_000 }, { legend: 'In-house fostering', value: 72_400 }] },
        rows: [{ title: 'Residential children\'s home', value: '40 placements · £240,000.00 a week' }, { title: 'In-house fostering', value: '6 placements · £72,400.00 a week' }, { title: 'All placements in force', value: '£312,400.00 a week' }],
      },
    },
    pending: '3 requests waiting for the panel, the oldest (PR-2026-0001) for 21 days.',
    followUps: {
      summary: listLength === 0 ? 'Nothing overdue.' : `${listLength + 4} follow-ups: 2 past decide-by, ${listLength + 2} conditions overdue. The oldest:`,
      items: items(Math.min(listLength, 3), `${'Condition 2 (Looked-after nurse): Health assessment booked with a long typed text '.repeat(4)} · Due 4 Nov 2026 · 12 days overdue`),
      more: listLength > 3 ? `and ${listLength + 1} more: say "overdue" to see them all` : undefined,
    },
    reviewsDue: { items: items(listLength, 'Review due 24 Nov 2026'), more: listLength >= 10 ? 'and 7 more' : undefined },
    endingSoon: { items: items(listLength, 'Planned end 5 Jan 2027') },
    outliers: { items: items(listLength, '£9,800.00/wk is 1.9× the band midpoint') },
  };
}

/** A digest with nothing to report, no target and nothing in force. */
export const emptyDigest: DigestView = {
  ...digestView(0),
  decisionsSummary: 'No decisions this week',
  approvalsEffect: undefined,
  year: {
    heading: 'Savings this financial year (2026/27)',
    facts: [{ title: 'Saved so far', value: '£0.00' }],
    line: {
      chart: { title: 'Saved in 2026/27', xAxisTitle: 'Date', yAxisTitle: 'Pounds', data: [{ legend: 'Saved', values: [{ x: '2026-04-01', y: 0 }] }] },
      rows: [],
      hasTarget: false,
    },
  },
  spend: { summary: 'No placements in force.' },
  pending: 'Nothing waiting for the panel.',
};

export const messageView: MessageView = { title: 'Recorded', lines: ['Recorded: cost change for PR-2026-0001', 'From 1 Jun 2026: £1,300.00/wk'], tone: 'good' };
export const errorView: ErrorView = { correlationId: 'abc123' };
