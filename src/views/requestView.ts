import { fundingSplit, councilShare } from '../calculators/councilShare.js';
import { formatMoney } from '../calculators/money.js';
import { NEED_LEVEL_LABELS, needLevel, valueCheck, type NeedBands } from '../calculators/need.js';
import { ageNow } from '../calculators/age.js';
import { baselineOf, councilWeekly, optionProjections } from '../calculators/projectedSaving.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import {
  MAX_REFRESH_USER_IDS, type DecisionInputValues, type DecisionView, type RequestCardView, type RequestOptionView, type TextTone,
  type Tone,
} from '../cards/viewModels.js';
import type { StoredRequest } from '../domain/request.js';
import { effectiveFromRange } from '../domain/effectiveDate.js';
import { isOpen, projectionStart, type RequestStatus, type Settlement } from '../domain/settlement.js';
import {
  CHANGE_REASONS, NEED_DOMAIN_LABELS, OUTCOME_LABELS, PLACEMENT_TYPE_LABELS, humanise, isApproval, type NeedDomain,
} from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { formatDate, formatWhen, waited } from './format.js';
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
}

const STATUS_TEXT: Record<RequestStatus, [string, TextTone]> = {
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

function optionLabel(request: StoredRequest, optionId: string): string {
  if (optionId === 'proposed') return `proposed placement (${escapeMarkdown(request.proposed.provider)})`;
  const alt = request.alternatives.find((a) => a.id === optionId);
  return alt ? `alternative: ${escapeMarkdown(alt.label)}` : escapeMarkdown(optionId);
}

function decisionView(request: StoredRequest, settlement: Settlement): DecisionView | undefined {
  const d = settlement.settledBy;
  if (!d) return undefined;
  const what = isApproval(d.outcome) ? ` — ${optionLabel(request, d.option)}` : '';
  const tone: Tone = d.outcome === 'decline' ? 'attention' : d.outcome === 'defer' ? 'warning' : 'good';
  return {
    headline: `${OUTCOME_LABELS[d.outcome]}${what} — by ${escapeMarkdown(d.decidedBy.name) || 'a panel member'}, ${formatWhen(d.decidedAt)}`,
    tone,
    ...(d.comment !== undefined && { comment: escapeMarkdown(d.comment) }),
    ...(d.reviewDate !== undefined && { reviewDate: formatDate(d.reviewDate) }),
    ...(isApproval(d.outcome) && { effectiveFrom: formatDate(d.effectiveFrom) }),
  };
}

/** The options the panel can choose, each with its projected saving against the baseline. */
function optionViews(request: StoredRequest, effectiveFrom: string, weeksPerYear: number): RequestOptionView[] {
  return optionProjections(request, effectiveFrom, { weeksPerYear }).map(({ option: o, projected: p }, i) => {
    return {
      id: o.id,
      tag: i === 0 ? 'Proposed' : `Alternative ${i}`,
      label: o.label ?? request.proposed.provider,
      typeLabel: PLACEMENT_TYPE_LABELS[o.type],
      ...(i > 0 && o.provider !== undefined && { provider: o.provider }),
      weeklyCost: formatMoney(o.weeklyCost),
      councilShare: formatMoney(councilWeekly(o)),
      saving: {
        weekly: formatMoney(p.weekly),
        fullYear: formatMoney(p.fullYear),
        inYear: formatMoney(p.inYear),
        inYearLabel: `In ${p.financialYear}`,
      },
    };
  });
}

// Labels and providers are typed; the ChoiceSet takes them unescaped, since choice titles are plain text.
function shownOption(o: RequestOptionView): RequestOptionView {
  return { ...o, label: escapeMarkdown(o.label), ...(o.provider !== undefined && { provider: escapeMarkdown(o.provider) }) };
}

/** The value flag where the proposed cost is above the band for the child's need level. */
export function valueFlagOf(request: StoredRequest, bands: NeedBands): string | undefined {
  const level = needLevel(request.needs.scores);
  const check = valueCheck(request.proposed.type, level, request.proposed.weeklyCost, bands);
  if (!check.aboveBand || !check.ratioToMidpoint) return undefined;
  return `Cost above need band: ${formatMoney(request.proposed.weeklyCost)}/wk is ${check.ratioToMidpoint.toDecimalPlaces(1).toFixed(1)}× the band midpoint for ${PLACEMENT_TYPE_LABELS[request.proposed.type].toLowerCase()} at need level ${level} (${NEED_LEVEL_LABELS[level].toLowerCase()})`;
}

/** The view-model of a request card, as this viewer should see it now. */
export function requestCardView(facts: PanelFacts, request: StoredRequest, today: string, options: RequestCardOptions): RequestCardView {
  const settlement = facts.settlement(request.id);
  const open = isOpen(settlement.status);
  const effectiveFrom = projectionStart(request.proposed.startDate, settlement, today);
  const level = needLevel(request.needs.scores);
  const split = fundingSplit(request.proposed.weeklyCost, request.proposed.funding);
  const baseline = baselineOf(request);
  const [statusText, statusTone] = STATUS_TEXT[settlement.status];
  const changeReason = request.changeReason && (CHANGE_REASONS as readonly string[]).includes(request.changeReason) ? humanise(request.changeReason) : undefined;
  const valueFlag = valueFlagOf(request, facts.settings.needBands);
  const options_ = optionViews(request, effectiveFrom, facts.settings.weeksPerYear);
  const decision = decisionView(request, settlement);
  const view: RequestCardView = {
    requestId: request.id,
    childRef: escapeMarkdown(request.childRef),
    age: `${ageNow(request, today)} years`,
    kindLabel: request.kind === 'new' ? 'New placement' : 'Change to placement',
    ...(changeReason !== undefined && { changeReason }),
    reason: escapeMarkdown(request.reason),
    requestedBy: escapeMarkdown(request.requestedBy),
    receivedOn: formatDate(request.receivedAt),
    need: {
      level: `${NEED_LEVEL_LABELS[level]} (${level} of 4)`,
      summary: escapeMarkdown(request.needs.summary),
      scores: Object.entries(request.needs.scores).map(([domain, score]) => ({ title: NEED_DOMAIN_LABELS[domain as NeedDomain], value: `${score} of 4` })),
    },
    proposed: {
      typeLabel: PLACEMENT_TYPE_LABELS[request.proposed.type],
      provider: escapeMarkdown(request.proposed.provider),
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
    baseline: `Baseline: ${request.kind === 'new' ? 'proposed placement' : 'current placement'}, ${formatMoney(councilShare(baseline.weeklyCost, baseline.funding))}/wk to the council`,
    options: options_.map(shownOption),
    ...(valueFlag !== undefined && { valueFlag }),
    status: open ? `${statusText} — ${waited(request.receivedAt, today)}` : statusText,
    statusTone,
    ...(options.notice !== undefined && { notice: escapeMarkdown(options.notice) }),
    ...(options.problems !== undefined && options.problems.length > 0 && { problems: options.problems.map(escapeMarkdown) }),
    ...(decision !== undefined && { decision }),
  };
  if (open && options.canDecide) {
    view.actions = {
      options: options_.map((o) => ({ title: `${o.tag}: ${o.label} (${o.weeklyCost}/wk)`, value: o.id })),
      values: { option: 'proposed', comment: '', reviewDate: '', effectiveFrom: '', ...options.values },
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
  return renderCard(REQUEST_CARD, requestCardView(facts, request, today, options));
}
