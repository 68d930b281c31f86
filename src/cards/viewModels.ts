import type { IDonutChart, IGaugeChart, ILineChart } from '@microsoft/teams.cards';

/**
 * View-models for the card templates in `cards/`. Every value is already formatted for people
 * ('£1,234.50', '−£1,150.61', '2026/27', '14 years', '22 Nov 2026'): the templates compute nothing.
 * Optional (`?`) fields drop their part of the card when absent; every other field must be present —
 * adaptivecards-templating prints an unbound `${…}` for a missing value. Lists must be capped by the
 * code that builds the view (see the MAX_* limits) so a card stays under the Teams size budget.
 * Teams reads TextBlock text and Fact titles and values as markdown, so every value there that a person
 * or a case system typed (or that quotes it) is passed through `escapeMarkdown` (markdown.ts) when the
 * view is built; Input values and ChoiceSet titles are plain text and are never escaped.
 */

/** A label and a value, shown as one line of a FactSet. */
export interface Fact {
  title: string;
  value: string;
}

/** One choice of an Input.ChoiceSet. */
export interface Choice {
  title: string;
  value: string;
}

/** Colour of a line or block: maps to Adaptive Card container styles and text colours. */
export type Tone = 'default' | 'good' | 'warning' | 'attention' | 'accent';

/** Colour of text: never 'warning', which Teams draws yellow, unreadable on its light theme. */
export type TextTone = Exclude<Tone, 'warning'>;

// --- requestCard ------------------------------------------------------------------------------

/** A saving over one period: { label: 'In 2026/27', amount: '£166,872.00' }. */
export interface PeriodSavingView {
  label: string;
  amount: string;
}

/** Projected saving of choosing an option, against the request's baseline (council share). */
export interface OptionSavingView {
  /** '£4,908.00' or '−£1,150.61'. */
  weekly: string;
  /** Full-year effect: weekly × 52. */
  fullYear: string;
  /** Part-year effect in the financial year the saving starts. */
  inYear: string;
  /** 'In 2026/27'. */
  inYearLabel: string;
  /** The next financial year's part, where the plan runs into it. */
  nextYear?: PeriodSavingView;
  /** From the start to the end of the plan: { label: 'To 5 Apr 2027' or 'Until 18', amount }. */
  overPlan: PeriodSavingView;
}

/** An option the panel can choose, one row of the options table: the proposed placement first, then each alternative. */
export interface RequestOptionView {
  /** 'proposed' or the alternative's id: the value the `option` input sends. */
  id: string;
  /** 'Proposed' or 'Alt 1'. */
  tag: string;
  label: string;
  typeLabel: string;
  provider?: string;
  weeklyCost: string;
  /** The council's (social care) share of the weekly cost: '£4,886.40'. */
  councilShare: string;
  /** Absent for the baseline itself (a new request's proposal), which the card shows as '—'. */
  saving?: OptionSavingView;
  /** '⚠ Cost above need band, 1.9×': on every option whose weekly cost is above its band. */
  valueFlag?: string;
  /** The option the panel chose: its row is highlighted. */
  chosen?: boolean;
  /** 'good' for the chosen option's row, else 'default'. */
  style: 'default' | 'good';
}

export interface ProposedPlacementView {
  typeLabel: string;
  provider: string;
  /** '6 Apr 2026'. */
  startDate: string;
  /** '5 Apr 2027' or 'Not set'. */
  plannedEnd: string;
  weeklyCost: string;
  /** '£6,108.00 (100%)'. */
  councilShare: string;
  /** '£0.00 (0%)'. */
  health: string;
  education: string;
}

export interface CurrentPlacementView {
  typeLabel: string;
  provider: string;
  weeklyCost: string;
  councilShare: string;
}

export interface NeedView {
  /** 'High (3 of 4)'. */
  level: string;
  summary: string;
  /** One fact per scored domain: { title: 'Behaviour', value: '4 of 4' }. */
  scores: Fact[];
}

/** What a chair reads first. */
export interface RequestHeadlineView {
  /** 'New placement: residential children\'s home, Oakfield House Ltd'. */
  asked: string;
  /** The proposal's weekly cost: '£6,108.00'. */
  weeklyCost: string;
  /** 'Alt 2 saves £4,908.00 a week' or 'No alternative costs the council less'. */
  best: string;
  /** 'Decide by 1 Dec 2026' or 'Decide by 1 Dec 2026 — 3 days overdue'; only while open. */
  decideBy?: string;
  /** 'Urgent', 'Emergency', 'Unratified 4 days · emergency placement made 22 Nov 2026', 'Ratified · …'; absent for routine. */
  urgency?: string;
}

/** A decision already made on the request. */
export interface DecisionView {
  /** 'Approved — alternative: In-house foster care — by Jane Doe, 22 Nov 2026 14:03 GMT'. */
  headline: string;
  tone: Tone;
  /** 'Conditions' for an approval with conditions, else 'Comment'. */
  commentLabel: string;
  comment?: string;
  /** '22 May 2027'. */
  reviewDate?: string;
  /** '1 Dec 2026'. */
  effectiveFrom?: string;
  /** Saved so far, for an approval: '£14,000.00'. */
  realised?: string;
  /** An approval's conditions, in order, each with whether it is done, due or overdue. */
  conditions?: ConditionView[];
  /** Every recorded cost change and end, oldest first (the latest MAX_EVENT_ROWS, each note cut to 100 characters): { title: '1 Jun 2027', value: 'Cost now £1,300.00 a week: uplift agreed' }. */
  events: Fact[];
  /** '3 earlier changes not shown' when there are more than MAX_EVENT_ROWS. */
  moreEvents?: string;
  /** Whether an approved change started on time, late at what cost, or is slipping (src/views/slippageView.ts). */
  followThrough?: { heading: string; lines: string[]; tone: TextTone };
}

/** One condition of an approval, as the decided card lists it. */
export interface ConditionView {
  requestId: string;
  /** From 1, as the API and the chat command number them. */
  n: number;
  /** '**1.** Health assessment booked' (typed text, escaped). */
  text: string;
  /** 'Owner: Jo Bloggs (social worker) · due 1 Dec 2026'; absent for a condition written in an older decision's comment. */
  terms?: string;
  /** 'Done by Jane Chair on 3 Dec 2026', 'Overdue by 2 days', 'Due in 5 days', 'Due today' or 'Open'. */
  state: string;
  stateColor: 'Default' | 'Good' | 'Attention';
  /** Present while it is open: the Mark done button. */
  open?: true;
}

/** The card lists at most this many recorded events after a decision, the latest ones. */
export const MAX_EVENT_ROWS = 10;

/** Values the decision inputs start with (kept when a card comes back with problems); '' for none. */
export interface DecisionInputValues {
  option: string;
  comment: string;
  /** 'YYYY-MM-DD' or ''. */
  reviewDate: string;
  effectiveFrom: string;
}

/** One row of condition inputs on the open card, with the values it starts with ('' for none). */
export interface ConditionRowValues {
  n: number;
  text: string;
  owner: string;
  due: string;
}

/** Present only while the request is open and the viewer may decide. */
export interface RequestActionsView {
  /** Proposed first, then each alternative; value is the option id. */
  options: Choice[];
  values: DecisionInputValues;
  /** The three condition rows' inputs (condition1Text, condition1Owner, condition1Due, …), for an approval with conditions. */
  conditionRows: ConditionRowValues[];
  /** Whether the condition rows show: folded away unless the card comes back with conditions typed. */
  conditionsOpen: boolean;
  /**
   * The effective dates the client lets through (YYYY-MM-DD): from the proposed start to the latest
   * the panel could mean. The 18th birthday is left to the server: a card never carries a date of birth.
   */
  effectiveFromRange: { min: string; max: string };
}

/** Universal Actions refresh: the listed users get the live card, others the read-only view. */
export interface RefreshView {
  requestId: string;
  /** Entra object ids, at most MAX_REFRESH_USER_IDS. */
  userIds: string[];
}

/** Universal Actions refresh the live card for at most this many users (Teams' limit). */
export const MAX_REFRESH_USER_IDS = 60;

export interface RequestCardView {
  requestId: string;
  childRef: string;
  /** '14 years' — never a date of birth. */
  age: string;
  /** 'New placement' or 'Change to placement'. */
  kindLabel: string;
  headline: RequestHeadlineView;
  /** Why a change request was brought: 'Step down'. */
  changeReason?: string;
  reason: string;
  requestedBy: string;
  /** '3 Nov 2026'. */
  receivedOn: string;
  /** '1 Dec 2026 (the proposed start)' or '1 Dec 2026 (set by the request)'. */
  decideByRule: string;
  need: NeedView;
  proposed: ProposedPlacementView;
  /** Only for a change request. */
  current?: CurrentPlacementView;
  /** 'Savings are against the proposed placement: £6,108.00 a week to the council.' */
  baseline: string;
  options: RequestOptionView[];
  /** In Details, one per option above its band: 'Proposed: £9,800.00 a week is 1.9× the band midpoint for residential at need level 2 (moderate)'. */
  valueFlags: string[];
  /** 'Waiting for the panel — 9 days' or 'Approved'. */
  status: string;
  statusTone: TextTone;
  /** Shown at the top in attention colour: 'Only panel members can decide. You are not on the panel.' */
  notice?: string;
  problems?: string[];
  decision?: DecisionView;
  /** Where this round's vote stands, while the request is open and anyone has voted or declared a conflict. */
  governance?: RequestGovernanceView;
  actions?: RequestActionsView;
  refresh?: RefreshView;
}

/** Where an open request's vote stands under the panel's governance (issue #16). */
export interface RequestGovernanceView {
  /** One per vote this round (at most MAX_VOTE_ROWS): 'Jane Smith (chair): approve — Proposed'; a deputy 'Sam Patel (chair, as deputy for Jane Smith)'; a recommendation says so. */
  votes: string[];
  /** '2 more votes not shown' when there are more than MAX_VOTE_ROWS. */
  moreVotes?: string;
  /** 'Needs 1 more member and a finance member (to approve Proposed)'. */
  stillNeeded?: string;
  /** Shown in attention colour: 'Recommended: needs the chair — £6,108.00 a week is over £5,000.00'. */
  awaiting?: string;
  /** 'Conflict of interest declared: Alex Brown, Sam Patel'. */
  conflicts?: string;
}

/** The most votes the request card lists: a panel is rarely larger, and the card must stay within its budget. */
export const MAX_VOTE_ROWS = 12;

// --- requestForm ------------------------------------------------------------------------------

/**
 * What the form's inputs hold; each key is an input id. Text inputs use '' for empty; number
 * inputs use null for empty (an Input.Number value must be a number).
 */
export interface RequestFormValues {
  childRef: string;
  ageYears: number | null;
  /** 'new' or 'change'. */
  kind: string;
  /** A CHANGE_REASONS code or ''. */
  changeReason: string;
  needsSummary: string;
  proposedType: string;
  proposedProvider: string;
  proposedWeeklyCost: string;
  /** 'YYYY-MM-DD' or ''. */
  proposedStartDate: string;
  proposedPlannedEndDate: string;
  /** 'YYYY-MM-DD' or '' (the rule in src/domain/decideBy.ts then sets it). */
  decideBy: string;
  /** 'routine', 'urgent' or 'emergency'. */
  urgency: string;
  /** The toggle's 'true' or 'false'. */
  alreadyPlaced: string;
  proposedSocialCare: number | null;
  proposedHealth: number | null;
  proposedEducation: number | null;
  currentType: string;
  currentProvider: string;
  currentWeeklyCost: string;
  requestedBy: string;
  reason: string;
}

/** One need domain's score input; input id `need_<domain>`. */
export interface NeedScoreInputView {
  /** 'need_behaviour'. */
  inputId: string;
  label: string;
  /** '0'–'4' or '' when not scored. */
  value: string;
}

/** One alternative slot; input ids `alt<n>_label`, `alt<n>_provider`, `alt<n>_type`, `alt<n>_weeklyCost`. */
export interface AlternativeSlotView {
  /** '1', '2', '3'. */
  n: string;
  label: string;
  provider: string;
  type: string;
  weeklyCost: string;
}

export const MAX_FORM_ALTERNATIVES = 3;

export interface RequestFormView {
  /** 'proposed.weeklyCost: must not be negative'. */
  problems?: string[];
  values: RequestFormValues;
  needScores: NeedScoreInputView[];
  /** The score choices: { title: '3 – high', value: '3' }. */
  scoreChoices: Choice[];
  alternatives: AlternativeSlotView[];
  placementTypes: Choice[];
  changeReasons: Choice[];
  urgencies: Choice[];
}

// --- help -------------------------------------------------------------------------------------

/** A button that sends a command as if it were typed. */
export interface HelpButtonView {
  /** 'Savings to date'. */
  title: string;
  /** 'savings to date'. */
  text: string;
}

export interface HelpView {
  /** 'I didn't understand that.' */
  intro?: string;
  /** One fact per command: what to type and what it answers. */
  commands: Fact[];
  /** Buttons that send a command, in rows (action sets) of at most MAX_HELP_BUTTONS_PER_ROW. */
  buttonRows: { buttons: HelpButtonView[] }[];
  /** 'Commands: help, new request, …' for clients that cannot show the card. */
  fallbackText: string;
}

export const MAX_HELP_BUTTONS_PER_ROW = 4;

// --- welcome ----------------------------------------------------------------------------------

export interface WelcomeView {
  /** The help card's question buttons, in the same rows. */
  buttonRows: HelpView['buttonRows'];
  /** What the bot does and the commands, for clients that cannot show the card. */
  fallbackText: string;
}

// --- savings ----------------------------------------------------------------------------------

/** One line of a breakdown: a placement type or a reason. */
export interface SavingsRowView {
  label: string;
  /** Number of decisions counted: '3'. */
  decisions: string;
  amount: string;
}

/** Promised at decision against realised, over the same days or a year each. */
export interface ProjectedRealisedRowView {
  label: string;
  projected: string;
  realised: string;
}

/** Progress to a target, drawn as text. */
export interface ProgressView {
  /** '42% of £1,000,000 target'. */
  text: string;
  /** '████░░░░░░'. */
  bar: string;
  tone: TextTone;
}

export interface FinancialYearView {
  /** '2026/27'. */
  yearLabel: string;
  toDate: string;
  forecastToYearEnd: string;
  /** Absent when no SAVINGS_TARGET is set. */
  target?: string;
  progress?: ProgressView;
}

export const MAX_BREAKDOWN_ROWS = 16;

/** An approval that had not started by the end of the period asked about: it saved nothing in it. */
export interface NotStartedView {
  /** 'PR-2026-0004 from 1 Dec 2026: £1,000.00 a week promised'. */
  line: string;
}

export interface SavingsView {
  /** 'Savings to date', 'Savings in Q1 2026/27' or 'Savings up to and including 30 Jun 2026'. */
  title: string;
  /** The days counted, exactly: '1 Apr 2026 to 30 Jun 2026 inclusive' or 'Up to and including 30 Apr 2026'. */
  period: string;
  /** For a period that has not ended: 'Q3 2026/27 runs to 31 Dec 2026: counted so far, to the end of yesterday.' */
  ongoing?: string;
  total: string;
  costAvoidance: string;
  cashable: string;
  /** '12 approved decisions counted'. */
  basis: string;
  /** Promised over the same days beside realised, for cost avoidance and cashable. */
  toDate: ProjectedRealisedRowView[];
  /** Promised a year beside the weekly saving running on the last day counted, a year. */
  perYear: ProjectedRealisedRowView[];
  /** What 'promised' and 'realised' mean in both comparisons, and the weeks in a year. */
  comparisonBasis: string;
  byType: SavingsRowView[];
  byReason: SavingsRowView[];
  thisYear?: FinancialYearView;
  /** Approvals taking effect after the last day counted, when a period or a day was asked about. */
  notStarted?: { heading: string; rows: NotStartedView[]; more?: string };
  /** 'Savings can be negative: a breakdown into a dearer placement shows as a cost increase.' */
  note?: string;
}

// --- pending ----------------------------------------------------------------------------------

export interface PendingRowView {
  requestId: string;
  childRef: string;
  typeLabel: string;
  weeklyCost: string;
  /** '9 days'. */
  waited: string;
  /** 'Urgent', 'Emergency' or 'Unratified 4 days · emergency placement made 22 Nov 2026'; absent for routine. */
  urgency?: string;
  /** 'show PR-2026-0001': sent as text when the Show button is pressed. */
  showCommand: string;
}

export const MAX_PENDING_ROWS = 20;

export interface PendingView {
  /** '3 requests waiting for the panel'. */
  summary: string;
  rows: PendingRowView[];
  /** 'and 4 more — in agenda order'. */
  more?: string;
}

// --- followUps --------------------------------------------------------------------------------

/** Rows a follow-ups card lists, the rest counted in `more`: ten conditions typed at their longest in two-byte letters stay within 28 KB (test/bot/overdue.test.ts). */
export const MAX_FOLLOW_UP_ROWS = 10;

export interface FollowUpRowView {
  requestId: string;
  childRef: string;
  /** 'Past decide-by', 'Unratified', 'Condition overdue', 'Review due', 'Slipping'. */
  kindLabel: string;
  /** What is to be done (escaped). */
  what: string;
  /** 'Due 1 Dec 2026 · 3 days overdue', 'Due today'. */
  due: string;
  /** 'Slippage so far £1,234.56', for a change slipping. */
  cost?: string;
  /** 'show PR-2026-0001': sent as text when the Show button is pressed. */
  showCommand: string;
}

export interface FollowUpsView {
  /** 'What needs doing', 'Today's follow-ups', 'Overdue more than 5 days'. */
  heading: string;
  /** '4 follow-ups as of 1 Dec 2026, oldest first', or that nothing needs doing. */
  summary: string;
  rows: FollowUpRowView[];
  /** 'and 4 more — oldest first'. */
  more?: string;
}

// --- topPlacements ----------------------------------------------------------------------------

export interface TopPlacementRowView {
  /** '1'. */
  rank: string;
  requestId: string;
  childRef: string;
  typeLabel: string;
  provider: string;
  weeklyCost: string;
  councilShare: string;
  health: string;
  education: string;
}

export const MAX_TOP_ROWS = 15;

export interface TopPlacementsView {
  /** 'Top 15 placements by weekly cost'. */
  title: string;
  asOf: string;
  rows: TopPlacementRowView[];
  /** 'Together £98,500.00/wk (£5.12m/yr)'. */
  total?: string;
}

// --- valueCheck -------------------------------------------------------------------------------

export interface ValueCheckRowView {
  requestId: string;
  childRef: string;
  typeLabel: string;
  /** 'High (3 of 4)'. */
  needLevel: string;
  weeklyCost: string;
  /** '£4,000.00–£6,000.00'. */
  band: string;
  /** '1.9×'. */
  ratio: string;
}

export const MAX_VALUE_ROWS = 15;

export interface ValueCheckView {
  title: string;
  asOf: string;
  rows: ValueCheckRowView[];
  /** 'Bands are illustrative defaults; set your council's own in config/needBands.json.' */
  note?: string;
}

// --- cohort -----------------------------------------------------------------------------------

export interface CohortGroupRowView {
  /** 'Cohort 1' or 'Total'. */
  label: string;
  original: string;
  current: string;
  difference: string;
  perPerson: string;
}

export interface CohortReasonRowView {
  reason: string;
  /** Number of young people: '8'. */
  people: string;
  weekly: string;
  perPerson: string;
}

export interface CohortReasonTableView {
  /** '£64,884.57 per week (£3,373,997.64 per annum)'. */
  total: string;
  rows: CohortReasonRowView[];
}

export interface CohortView {
  title: string;
  asOf: string;
  /** '103 young people'. */
  people: string;
  originalWeekly: string;
  currentWeekly: string;
  difference: string;
  perPerson: string;
  /** Difference × 52: '−£765,692.72 a year'. */
  annualised: string;
  groups: CohortGroupRowView[];
  reductions: CohortReasonTableView;
  increases: CohortReasonTableView;
}

// --- digest -----------------------------------------------------------------------------------

export interface DigestItemView {
  /** 'PR-2026-0001 · C-10423 · Residential'. */
  title: string;
  /** 'Review due 24 Nov 2026'. */
  detail: string;
}

export interface DigestListView {
  items: DigestItemView[];
  /** 'and 7 more'. */
  more?: string;
}

export const MAX_DIGEST_ITEMS = 10;

/**
 * The digest's charts are Teams' own chart elements (Chart.Line, Chart.Donut, Chart.Gauge), which the
 * Adaptive Card schema does not know: the parts a view fills are typed with the Teams card interfaces
 * (@microsoft/teams.cards, types only), so a misspelt property or a string where Teams wants a number
 * does not compile. Each chart's `fallback`, for clients without charts, lives in the template.
 */
export type LineChartView = Required<Pick<ILineChart, 'title' | 'xAxisTitle' | 'yAxisTitle' | 'data'>>;
export type DonutChartView = Required<Pick<IDonutChart, 'title' | 'value' | 'data'>>;
export type GaugeChartView = Required<Pick<IGaugeChart, 'title' | 'min' | 'max' | 'value' | 'valueFormat' | 'subLabel' | 'segments'>>;

/** One month of the financial year in the savings chart's fallback table. */
export interface DigestMonthRowView {
  /** 'Apr 2026', or 'Nov 2026 (to 25 Nov)' for the month under way. */
  month: string;
  /** Realised in the month: '£40,000.00'. */
  saved: string;
  /** The target's straight line for the same days: '£82,191.78'. */
  target?: string;
}

/** The financial year against its target: figures, the trajectory, and the charts that draw them. */
export interface DigestYearView {
  /** 'Savings this financial year (2026/27)'. */
  heading: string;
  /** Saved so far, the weekly rate now, where the year ends at that rate. */
  facts: Fact[];
  /** 'On track: at this rate the year ends £120,000.00 above target.'; absent without a target. */
  status?: { text: string; tone: TextTone };
  /** Progress to the target; absent without a target. */
  gauge?: { chart: GaugeChartView; fallback: ProgressView };
  /** Cumulative realised savings by month against the target's straight line. */
  line: { chart: LineChartView; rows: DigestMonthRowView[]; hasTarget: boolean };
}

/** What the placements in force cost the council each week, by placement type. */
export interface DigestSpendView {
  /** '46 placements in force'. */
  summary: string;
  /** Absent when nothing is in force. The rows (each type, then all of them) are the chart's fallback. */
  donut?: { chart: DonutChartView; rows: Fact[] };
}

export interface DigestView {
  /** 'Week to 30 Nov 2026'. */
  weekLabel: string;
  /** '4 decisions this week: 2 approved, 1 declined, 1 deferred'. */
  decisionsSummary: string;
  /** Each decision: 'PR-2026-0001 · C-10423 · Approved' and what was chosen, its weekly saving and full-year effect. */
  decisions: DigestListView;
  /** 'This week's approvals save £7,500.00 a week: £390,000.00 full-year effect, £150,000.00 in 2026/27.' */
  approvalsEffect?: string;
  year: DigestYearView;
  spend: DigestSpendView;
  /** '3 requests waiting for the panel, the oldest (PR-2026-0001) for 21 days'. */
  pending: string;
  /** What needs doing: '5 follow-ups: 2 past decide-by, 3 conditions overdue', with the oldest few. */
  followUps: DigestListView & { summary: string };
  reviewsDue: DigestListView;
  endingSoon: DigestListView;
  outliers: DigestListView;
}

// --- message and error ------------------------------------------------------------------------

export interface MessageView {
  title?: string;
  lines: string[];
  tone: Tone;
}

export interface ErrorView {
  /** Quoted to support, matches the log line. */
  correlationId: string;
}

// --- the map ----------------------------------------------------------------------------------

/** Template name (file name in `cards/` without `.json`) → its view-model. */
