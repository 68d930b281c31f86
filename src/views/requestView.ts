import { slippageViewModel } from './slippageView.js';
import { fundingSplit, councilShare } from '../calculators/councilShare.js';
import { daysBetween } from '../calculators/dates.js';
import { formatMoney } from '../calculators/money.js';
import { NEED_LEVEL_LABELS, type NeedLevel } from '../calculators/need.js';
import { ageNow } from '../calculators/age.js';
import { baselineOf, PROPOSED } from '../calculators/projectedSaving.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import {
  MAX_EVENT_ROWS, MAX_REFRESH_USER_IDS, MAX_VOTE_ROWS, type DecisionInputValues, type DecisionView, type Fact, type OptionSavingView,
  type RequestCardView, type RequestGovernanceView, type RequestOptionView, type TextTone, type Tone,
} from '../cards/viewModels.js';
import type { DecisionRecord } from '../domain/decision.js';
import type { Role } from '../domain/meeting.js';
import type { EventRecord } from '../domain/event.js';
import type { ConditionRowValues, ConditionView } from '../cards/viewModels.js';
import { conditionStates, daysUntilDue, MAX_CONDITIONS, type ConditionState } from '../domain/conditions.js';
import type { StoredRequest } from '../domain/request.js';
import { effectiveFromRange } from '../domain/effectiveDate.js';
import type { DecideBy } from '../domain/decideBy.js';
import { isRatification, urgencyOf } from '../domain/urgency.js';
import { isOpen, type RequestStatus, type Settlement } from '../domain/settlement.js';
import {
  CHANGE_REASONS, NEED_DOMAIN_LABELS, OUTCOME_LABELS, PLACEMENT_TYPE_LABELS, humanise, isApproval, type NeedDomain, type Outcome,
} from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { requestCardFacts, type OptionFacts, type RequestCardFacts } from '../panel/requestQueries.js';
import { cardBytes, mostThatFit } from './cardBudget.js';
import { formatDate, formatWhen, plural, waited } from './format.js';
import { awaitingText, deputyWords, needsText, personName, rolesText } from './governanceText.js';
import { urgencyLine } from './urgencyText.js';
import requestCardJson from '../../cards/requestCard.json' with { type: 'json' };

/** The requestCard card's template. */
export const REQUEST_CARD = cardTemplate<RequestCardView>(requestCardJson);

export interface RequestCardOptions {
  /** Show the decision inputs and buttons (the viewer is a panel member and the request is open). */
  canDecide: boolean;
  /** Members whose clients refresh to the live card (Universal Actions). */
  refreshFor?: string[];
  notice?: string;
  problems?: string[];
  values?: Partial<DecisionInputValues>;
  /** What the condition rows held (condition1Text, condition1Owner, condition1Due, …), kept when the card comes back with problems. */
  conditionValues?: Readonly<Record<string, string>>;
}

/** A request's status in the words and colour the request card shows it; the minutes word their outcomes the same way. */
export const STATUS_TEXT: Record<RequestStatus, [string, TextTone]> = {
  pending: ['Waiting for the panel', 'accent'],
  // Not a warning colour: Teams draws it yellow, unreadable on a light theme.
  deferred: ['Deferred — waiting for the panel', 'default'],
  approved: ['Approved', 'good'],
  approved_with_conditions: ['Approved with conditions', 'good'],
  declined: ['Declined', 'attention'],
};

function pct(n: number): string {
  return `${n}%`;
}

/** The option in words, escaped for a TextBlock: 'proposed placement (Provider)' or 'alternative: Label'. */
export function optionLabel(request: StoredRequest, optionId: string): string {
  if (optionId === PROPOSED) return `proposed placement (${escapeMarkdown(request.proposed.provider)})`;
  const alt = request.alternatives.find((a) => a.id === optionId);
  return alt ? `alternative: ${escapeMarkdown(alt.label)}` : escapeMarkdown(optionId);
}

/** How many characters of typed text a card shows of each kind; the API answers with all of it. */
export interface TextLimits {
  /** An option's label, in the table and the drop-down. */
  label: number;
  /** A provider, in the table. */
  provider: number;
  /** An event's note, in the history. */
  note: number;
  /** The reason, the need summary and the decision's comment (and a condition written in it). */
  long: number;
  /** A condition's text (its owner is cut as a label is). */
  condition: number;
}

/**
 * How much typed text the card shows: ten options and a full history must stay within the card's
 * 28 KB. A card still over the budget (every field at its longest, in letters that take two bytes) is
 * drawn again with TIGHT_TEXT_LIMITS, naming fewer of the votes if need be, rather than not sent at all.
 */
export const CARD_TEXT_LIMITS: TextLimits = { label: 60, provider: 40, note: 100, long: 1000, condition: 300 };
export const TIGHT_TEXT_LIMITS: TextLimits = { label: 20, provider: 16, note: 30, long: 180, condition: 100 };

/** The card's size in UTF-8 bytes above which it is drawn again with TIGHT_TEXT_LIMITS (test/cards/cardQuality.ts allows 28 KB). */
export const REQUEST_CARD_BUDGET = 27 * 1024;

/** The text cut to `max` characters (never inside a surrogate pair), ending in "…" when cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** 'Proposed', 'Alt 1', 'Alt 2': short, so the table's first column stays narrow on a phone. */
function tagOf(index: number): string {
  return index === 0 ? 'Proposed' : `Alt ${index}`;
}

/** 'Cost now £1,300.00 a week: uplift agreed', 'Ended: turned 18', with the note when there is one. */
function eventLine(event: EventRecord, limits: TextLimits): Fact {
  const what = event.type === 'cost_change'
    ? `Cost now ${formatMoney(event.weeklyCost)} a week: ${humanise(event.reason).toLowerCase()}`
    : event.type === 'ended' ? `Ended: ${humanise(event.reason).toLowerCase()}` : humanise(String((event as { type: string }).type));
  // Not every kind of event need carry a note.
  const text = 'note' in event && typeof event.note === 'string' ? event.note : '';
  const note = text !== '' ? ` (${escapeMarkdown(clip(text, limits.note))})` : '';
  return { title: formatDate(event.date), value: `${what}${note}` };
}

/** 'Done by Jane Chair on 3 Dec 2026', 'Overdue by 2 days', 'Due in 5 days', 'Due today', or 'Open' with no due date. */
function conditionState(c: ConditionState, today: string): Pick<ConditionView, 'state' | 'stateColor'> {
  if (c.done !== undefined) return { state: `Done by ${escapeMarkdown(c.done.by.name) || 'a Teams user'} on ${formatDate(c.done.date)}`, stateColor: 'Good' };
  const days = daysUntilDue(c, today);
  if (days === undefined) return { state: 'Open', stateColor: 'Default' };
  if (days < 0) return { state: `Overdue by ${plural(-days, 'day')}`, stateColor: 'Attention' };
  return { state: days === 0 ? 'Due today' : `Due in ${plural(days, 'day')}`, stateColor: 'Default' };
}

export function conditionView(requestId: string, c: ConditionState, today: string, limits: TextLimits): ConditionView {
  // A condition written in an older decision's comment is shown as much as the comment was.
  const text = clip(c.text, c.owner === undefined ? limits.long : limits.condition);
  const terms = [
    ...(c.owner !== undefined ? [`Owner: ${escapeMarkdown(clip(c.owner, limits.label))}`] : []),
    ...(c.due !== undefined ? [`due ${formatDate(c.due)}`] : []),
  ].join(' · ');
  return {
    requestId, n: c.n, text: `**${c.n}.** ${escapeMarkdown(text)}`,
    ...(terms !== '' && { terms }),
    ...conditionState(c, today),
    ...(c.done === undefined && { open: true as const }),
  };
}

/** The open card's three condition rows, with what was typed in them when the card comes back with problems. */
function conditionRows(values: Readonly<Record<string, string>> = {}): ConditionRowValues[] {
  return Array.from({ length: MAX_CONDITIONS }, (_, i) => ({
    n: i + 1,
    text: values[`condition${i + 1}Text`] ?? '',
    owner: values[`condition${i + 1}Owner`] ?? '',
    due: values[`condition${i + 1}Due`] ?? '',
  }));
}

/** A decision's outcome in words: 'Approved with conditions', or for a placement already made, 'Ratified' (or not). */
export function outcomeWords(request: StoredRequest, outcome: Outcome): string {
  if (!isRatification(request)) return OUTCOME_LABELS[outcome];
  if (isApproval(outcome)) return `Ratified${outcome === 'approve_with_conditions' ? ' with conditions' : ''}`;
  return outcome === 'decline' ? 'Not ratified (declined)' : OUTCOME_LABELS[outcome];
}

function decisionView(request: StoredRequest, settlement: Settlement, card: RequestCardFacts, today: string, limits: TextLimits): DecisionView | undefined {
  const d = settlement.settledBy;
  if (!d) return undefined;
  const approved = isApproval(d.outcome);
  const what = approved ? ` — ${optionLabel(request, d.option)}` : '';
  const tone: Tone = d.outcome === 'decline' ? 'attention' : d.outcome === 'defer' ? 'warning' : 'good';
  // Events in the order they happened; a long history keeps its latest rows, within the card's budget.
  const events = [...card.case.events].sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt.localeCompare(b.recordedAt));
  const shown = events.slice(-MAX_EVENT_ROWS);
  const conditions = conditionStates(d, card.case.completions);
  const followThrough = approved ? slippageViewModel(card.followThrough) : undefined;
  const outcome = outcomeWords(request, d.outcome);
  return {
    headline: `${outcome}${what} — by ${escapeMarkdown(d.decidedBy.name) || 'a panel member'}${deputising(d, limits)}, ${formatWhen(d.decidedAt)}`,
    tone,
    // Conditions are listed each on its own; an older decision's comment, its conditions, is listed as one.
    commentLabel: 'Comment',
    ...(d.comment !== undefined && conditions[0]?.text !== d.comment && { comment: escapeMarkdown(clip(d.comment, limits.long)) }),
    ...(conditions.length > 0 && { conditions: conditions.map((c) => conditionView(request.id, c, today, limits)) }),
    ...(d.reviewDate !== undefined && { reviewDate: formatDate(d.reviewDate) }),
    ...(approved && { effectiveFrom: formatDate(d.effectiveFrom) }),
    // Nothing can be saved before the approval takes effect: "£0.00" then would read as a failure.
    ...(approved && d.effectiveFrom < today && { realised: formatMoney(card.realised) }),
    events: shown.map((e) => eventLine(e, limits)),
    ...(followThrough !== undefined && { followThrough: { heading: followThrough.heading, lines: followThrough.lines, tone: followThrough.slipping ? 'attention' : 'default' } }),
    ...(events.length > shown.length && { moreEvents: `${plural(events.length - shown.length, 'earlier change')} not shown` }),
  };
}

/** A typed name as the card shows it: clipped as a label, escaped. */
function nameText(text: string, limits: TextLimits): string {
  return escapeMarkdown(clip(text, limits.label));
}

/** ' as deputy for Jane Smith' when the decider held a role as a deputy, else nothing. */
function deputising(d: DecisionRecord, limits: TextLimits): string {
  const deputies = d.deputyFor ?? [];
  return deputies.length === 0 ? '' : ` ${deputies.map((f) => deputyWords(f, (n) => nameText(n, limits))).join(' and ')}`;
}

/** The option as the table tags it ('Proposed', 'Alt 1'), or its id, escaped, when the request has no such option. */
function optionTag(card: RequestCardFacts, optionId: string, limits: TextLimits): string {
  const i = card.options.findIndex((o) => o.option.id === optionId);
  return i < 0 ? escapeMarkdown(clip(optionId, limits.label)) : tagOf(i);
}

/** 'Jane Smith (chair): approve — Proposed'; 'Sam Patel (chair, as deputy for Jane Smith): …'; a recommendation says so. */
function voteLine(v: DecisionRecord, roles: readonly Role[], card: RequestCardFacts, limits: TextLimits): string {
  const deputies = v.deputyFor ?? [];
  const own = roles.filter((r) => !deputies.some((f) => f.role === r));
  const held = [
    ...(own.length > 0 || deputies.length === 0 ? [escapeMarkdown(rolesText(own))] : []),
    ...deputies.map((f) => `${escapeMarkdown(f.role)}, ${deputyWords(f, (n) => nameText(n, limits))}`),
  ].join('; ');
  const option = isApproval(v.outcome) ? ` — ${optionTag(card, v.option, limits)}` : '';
  const recommendation = v.recommendation === undefined ? '' : ` (a recommendation: over their ${formatMoney(v.recommendation.limit)} limit)`;
  return `${nameText(personName(v.decidedBy.name), limits)} (${held}): ${humanise(v.outcome).toLowerCase()}${option}${recommendation}`;
}

/** 'Needs 1 more member and a finance member (to approve Proposed)', or undefined when only a higher approval is missing. */
function stillNeededLine(card: RequestCardFacts, limits: TextLimits): string | undefined {
  const needed = card.stillNeeded;
  const needs = needed && needsText(needed);
  if (needed === undefined || needs === undefined) return undefined;
  const option = isApproval(needed.outcome) ? ` ${optionTag(card, needed.option, limits)}` : '';
  return `${needs} (to ${humanise(needed.outcome).toLowerCase()}${option})`;
}

/** 'Alex Brown, Sam Patel', the first `rows` of them, then how many more; '30 members' when none is named. */
function namesList(names: readonly string[], rows: number): string {
  if (rows === 0) return plural(names.length, 'member');
  const shown = names.slice(0, rows).join(', ');
  return names.length > rows ? `${shown} and ${plural(names.length - rows, 'other')}` : shown;
}

/** Where an open request's vote stands: this round's votes, what is still needed, a recommendation waiting and conflicts declared. */
function governanceView(card: RequestCardFacts, limits: TextLimits, rows: number): RequestGovernanceView | undefined {
  const settlement = card.case.settlement;
  const conflicts = card.case.conflicts;
  if (!isOpen(settlement.status) || (settlement.votes.length === 0 && conflicts.length === 0 && card.awaiting === undefined)) return undefined;
  // In the order cast, as the minutes list them.
  const votes = [...settlement.votes].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));
  const needed = stillNeededLine(card, limits);
  return {
    votes: votes.slice(0, rows).map((v) => voteLine(v, settlement.voterRoles?.get(v.decidedBy.aadObjectId) ?? v.roles ?? [], card, limits)),
    ...(votes.length > rows && { moreVotes: `${plural(votes.length - rows, rows === 0 ? 'vote' : 'more vote')} not shown` }),
    ...(needed !== undefined && { stillNeeded: needed }),
    ...(card.awaiting !== undefined && { awaiting: awaitingText(card.awaiting, card.awaiting.whoCanApprove) }),
    ...(conflicts.length > 0 && {
      conflicts: `Conflict of interest declared: ${namesList(conflicts.map((c) => nameText(personName(c.recordedBy.name), limits)), rows)}`,
    }),
  };
}

/** What approving an option saves over each period, or undefined for the baseline itself (nothing to save against). */
function savingView(o: OptionFacts, card: RequestCardFacts): OptionSavingView | undefined {
  if (o.isBaseline) return undefined;
  const p = o.projected;
  return {
    weekly: formatMoney(p.weekly),
    fullYear: formatMoney(p.fullYear),
    inYear: formatMoney(p.inYear),
    inYearLabel: `In ${p.financialYear}`,
    ...(o.nextYear !== undefined && { nextYear: { label: `In ${o.nextYear.financialYear}`, amount: formatMoney(o.nextYear.amount) } }),
    // The 18th birthday is never shown as a date: it would give the date of birth away.
    overPlan: { label: card.planEnd.atPlannedEnd ? `To ${formatDate(card.planEnd.date)}` : 'Until 18', amount: formatMoney(o.overPlan) },
  };
}

function ratio(o: OptionFacts): string | undefined {
  if (!o.value.aboveBand || !o.value.ratioToMidpoint) return undefined;
  return `${o.value.ratioToMidpoint.toDecimalPlaces(1).toFixed(1)}×`;
}

/** The options table's rows, unescaped: the ChoiceSet takes the labels as plain text. */
function optionViews(request: StoredRequest, card: RequestCardFacts, chosen: string | undefined): RequestOptionView[] {
  return card.options.map((o, i) => {
    const flag = ratio(o);
    const saving = savingView(o, card);
    const typeLabel = PLACEMENT_TYPE_LABELS[o.option.type];
    return {
      id: o.option.id,
      tag: tagOf(i),
      label: o.option.label ?? typeLabel,
      typeLabel,
      ...(o.option.provider !== undefined && { provider: o.option.provider }),
      weeklyCost: formatMoney(o.option.weeklyCost),
      councilShare: formatMoney(o.councilWeekly),
      ...(saving !== undefined && { saving }),
      ...(flag !== undefined && { valueFlag: `⚠ Cost above need band, ${flag}` }),
      ...(chosen === o.option.id && { chosen: true }),
      style: chosen === o.option.id ? 'good' : 'default',
    };
  });
}

// Labels and providers are typed; TextBlocks read markdown, so they are escaped for the table.
function shownOption(o: RequestOptionView, limits: TextLimits): RequestOptionView {
  return {
    ...o,
    label: escapeMarkdown(clip(o.label, limits.label)),
    ...(o.provider !== undefined && { provider: escapeMarkdown(clip(o.provider, limits.provider)) }),
  };
}

/** For Details: why each option above its band is flagged, in full. */
function valueFlags(card: RequestCardFacts, level: NeedLevel): string[] {
  return card.options.flatMap((o, i) => {
    const flag = ratio(o);
    if (flag === undefined) return [];
    return [`${tagOf(i)}: ${formatMoney(o.option.weeklyCost)} a week is ${flag} the band midpoint for ${PLACEMENT_TYPE_LABELS[o.option.type].toLowerCase()} at need level ${level} (${NEED_LEVEL_LABELS[level].toLowerCase()})`];
  });
}

function bestLine(card: RequestCardFacts): string {
  const i = card.best === undefined ? -1 : card.options.indexOf(card.best);
  if (card.best !== undefined) return `${tagOf(i)}, ${escapeMarkdown(card.best.option.label ?? '')}, saves **${formatMoney(card.best.projected.weekly)}** a week`;
  return card.options.length > 1 ? 'No alternative costs the council less' : 'No alternative offered';
}

/** Where the decide-by date comes from, for Details. */
function decideByWhy(decideBy: DecideBy, request: StoredRequest): string {
  if (decideBy.source === 'given') return 'set by the request';
  if (decideBy.source === 'start') return 'the proposed start';
  return `${plural(decideBy.workingDays ?? 0, 'working day')} after it came in, as ${urgencyOf(request)}${isRatification(request) ? ', to ratify a placement already made' : ''}`;
}

function decideByLine(card: RequestCardFacts, today: string): string {
  const late = daysBetween(card.decideBy.date, today);
  return `Decide by ${formatDate(card.decideBy.date)}${late > 0 ? ` — ${plural(late, 'day')} overdue` : ''}`;
}

/** The view-model of a request card, as this viewer should see it now, naming at most `voteRows` votes and conflicts. */
export function requestCardView(
  facts: PanelFacts, request: StoredRequest, today: string, options: RequestCardOptions, limits: TextLimits = CARD_TEXT_LIMITS,
  voteRows = MAX_VOTE_ROWS,
): RequestCardView {
  const card = requestCardFacts(facts, request.id, today);
  if (card === undefined) throw new RangeError(`no request ${request.id} in the panel's facts`);
  const settlement = card.case.settlement;
  const open = isOpen(settlement.status);
  const level = card.level;
  const split = fundingSplit(request.proposed.weeklyCost, request.proposed.funding);
  const baseline = baselineOf(request);
  const [statusText, statusTone] = STATUS_TEXT[settlement.status];
  const changeReason = request.changeReason && (CHANGE_REASONS as readonly string[]).includes(request.changeReason) ? humanise(request.changeReason) : undefined;
  const chosen = settlement.settledBy !== undefined && isApproval(settlement.settledBy.outcome) ? settlement.settledBy.option : undefined;
  const options_ = optionViews(request, card, chosen);
  const decision = decisionView(request, settlement, card, today, limits);
  const kindLabel = request.kind === 'new' ? 'New placement' : 'Change to placement';
  const provider = escapeMarkdown(request.proposed.provider);
  const urgency = urgencyLine(request, today, settlement);
  const governance = governanceView(card, limits, voteRows);
  const view: RequestCardView = {
    requestId: request.id,
    childRef: escapeMarkdown(request.childRef),
    age: `${ageNow(request, today)} years`,
    kindLabel,
    headline: {
      asked: `${kindLabel}${changeReason !== undefined ? ` (${changeReason.toLowerCase()})` : ''}: ${PLACEMENT_TYPE_LABELS[request.proposed.type].toLowerCase()}, ${provider}`,
      weeklyCost: formatMoney(request.proposed.weeklyCost),
      best: bestLine(card),
      ...(open && { decideBy: decideByLine(card, today) }),
      ...(urgency !== undefined && { urgency }),
    },
    ...(changeReason !== undefined && { changeReason }),
    reason: escapeMarkdown(clip(request.reason, limits.long)),
    requestedBy: escapeMarkdown(request.requestedBy),
    receivedOn: formatDate(request.receivedAt),
    decideByRule: `${formatDate(card.decideBy.date)} (${decideByWhy(card.decideBy, request)})`,
    need: {
      level: `${NEED_LEVEL_LABELS[level]} (${level} of 4)`,
      summary: escapeMarkdown(clip(request.needs.summary, limits.long)),
      scores: Object.entries(request.needs.scores).map(([domain, score]) => ({ title: NEED_DOMAIN_LABELS[domain as NeedDomain], value: `${score} of 4` })),
    },
    proposed: {
      typeLabel: PLACEMENT_TYPE_LABELS[request.proposed.type],
      provider,
      startDate: formatDate(request.proposed.startDate),
      plannedEnd: request.proposed.plannedEndDate ? formatDate(request.proposed.plannedEndDate) : 'Not set',
      weeklyCost: formatMoney(request.proposed.weeklyCost),
      councilShare: `${formatMoney(split.socialCare)} (${pct(request.proposed.funding.socialCare)})`,
      health: `${formatMoney(split.health)} (${pct(request.proposed.funding.health)})`,
      education: `${formatMoney(split.education)} (${pct(request.proposed.funding.education)})`,
    },
    ...(request.current && {
      current: {
        typeLabel: PLACEMENT_TYPE_LABELS[request.current.type],
        provider: escapeMarkdown(request.current.provider),
        weeklyCost: formatMoney(request.current.weeklyCost),
        councilShare: formatMoney(councilShare(request.current.weeklyCost, request.current.funding)),
      },
    }),
    baseline: `Savings are against the ${request.kind === 'new' ? 'proposed' : 'current'} placement: ${formatMoney(councilShare(baseline.weeklyCost, baseline.funding))} a week to the council, from ${formatDate(card.from)}.`,
    options: options_.map((o) => shownOption(o, limits)),
    valueFlags: valueFlags(card, level),
    status: open ? `${statusText} — ${waited(request.receivedAt, today)}` : statusText,
    statusTone,
    ...(options.notice !== undefined && { notice: escapeMarkdown(options.notice) }),
    ...(options.problems !== undefined && options.problems.length > 0 && { problems: options.problems.map(escapeMarkdown) }),
    ...(decision !== undefined && { decision }),
    ...(governance !== undefined && { governance }),
  };
  if (open && options.canDecide) {
    view.actions = {
      // The drop-down names the options in full words ("Alternative 1"), the table in short ones.
      options: options_.map((o, i) => ({ title: `${i === 0 ? 'Proposed' : `Alternative ${i}`}: ${clip(o.label, limits.label)} (${o.weeklyCost}/wk)`, value: o.id })),
      values: { option: PROPOSED, comment: '', reviewDate: '', effectiveFrom: '', ...options.values },
      conditionRows: conditionRows(options.conditionValues),
      // Folded away until someone approves with conditions: open again when the card comes back with theirs.
      conditionsOpen: Object.values(options.conditionValues ?? {}).some((v) => v.trim() !== ''),
      effectiveFromRange: effectiveFromRange(request),
    };
  }
  if (open && options.refreshFor && options.refreshFor.length > 0) {
    view.refresh = { requestId: request.id, userIds: options.refreshFor.slice(0, MAX_REFRESH_USER_IDS) };
  }
  return view;
}

/** The request card as this viewer should see it now. */
export function requestCard(facts: PanelFacts, request: StoredRequest, today: string, options: RequestCardOptions): AdaptiveCard {
  const card = renderCard(REQUEST_CARD, requestCardView(facts, request, today, options));
  if (cardBytes(card) <= REQUEST_CARD_BUDGET) return card;
  // Still too big with the tight limits: fewer votes and conflicts named, the rest counted.
  return mostThatFit(MAX_VOTE_ROWS, (rows) => renderCard(REQUEST_CARD, requestCardView(facts, request, today, options, TIGHT_TEXT_LIMITS, rows)), REQUEST_CARD_BUDGET);
}
