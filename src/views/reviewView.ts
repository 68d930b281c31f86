import { ageNow } from '../calculators/age.js';
import { addDays, daysBetween } from '../calculators/dates.js';
import { formatMoney } from '../calculators/money.js';
import { PROPOSED } from '../calculators/projectedSaving.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import type { ConditionView } from '../cards/viewModels.js';
import { RECORD_DATES } from '../domain/schemaParts.js';
import { END_REASONS, OUTCOME_LABELS, PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { reviewFacts, type ReviewFacts, type ReviewHistoryEntry } from '../panel/reviews.js';
import { formatDate, plural, reasonLabel } from './format.js';
import { CARD_TEXT_LIMITS, conditionView } from './requestView.js';
import { needInputId } from '../cards/requestForm.js';
import reviewJson from '../../cards/review.json' with { type: 'json' };

interface Fact { title: string; value: string }

/** The review card's view-model (cards/review.json). */
export interface ReviewView {
  requestId: string;
  /** 'C-10423 · 14 years': a case reference and an age, never a name or a date of birth. */
  child: string;
  /** 'Review date 1 Dec 2026 — due today', '… — 3 days ago'. */
  due: string;
  approved: Fact[];
  now: Fact[];
  savings: Fact[];
  savingsBasis: string;
  /** Open conditions with owner and due date; absent when none are open. */
  conditions?: ConditionView[];
  history?: Fact[];
  notice?: string;
  problems?: string[];
  /** The inputs and buttons, while the placement runs (not once it has ended). */
  actions?: {
    nextReviewDate: string;
    /** The first and last day the next review date may be. */
    nextRange: { min: string; max: string };
    endDate: string;
    endRange: { min: string; max: string };
    endReason: string;
    endReasons: { title: string; value: string }[];
  };
}

/** The review card's template. */
export const REVIEW_CARD = cardTemplate<ReviewView>(reviewJson);

/** What a card brought back with a problem keeps of what was typed. */
export interface ReviewCardExtra {
  notice?: string;
  problems?: string[];
  values?: { nextReviewDate?: string; endDate?: string; endReason?: string };
}

function dueText(reviewDate: string | undefined, today: string): string {
  if (reviewDate === undefined) return 'No review date is set';
  const days = daysBetween(reviewDate, today);
  const when = days === 0 ? 'due today' : days > 0 ? `due ${plural(days, 'day')} ago` : `due in ${plural(-days, 'day')}`;
  return `Review date ${formatDate(reviewDate)} — ${when}`;
}

function optionText(f: ReviewFacts): string {
  const label = f.option.id === PROPOSED ? 'Proposed placement' : `Alternative: ${f.case.request.alternatives.find((a) => a.id === f.option.id)?.label ?? f.option.id}`;
  return escapeMarkdown(label.slice(0, CARD_TEXT_LIMITS.label));
}

function nowFacts(f: ReviewFacts): Fact[] {
  if (f.now === undefined) return [{ title: 'Now', value: `Not yet in effect (from ${formatDate(f.state.decision.effectiveFrom)})` }];
  if (f.now.ended !== undefined) return [{ title: 'Ended', value: `${formatDate(f.now.ended.date)}: ${reasonLabel(f.now.ended.reason).toLowerCase()}` }];
  return [
    { title: 'Cost now', value: `${formatMoney(f.now.weeklyCost)} a week` },
    { title: 'Council share', value: `${formatMoney(f.now.councilWeekly)} a week` },
    ...(f.now.lastReason !== undefined ? [{ title: 'Last change', value: reasonLabel(f.now.lastReason) }] : []),
  ];
}

function historyLine(h: ReviewHistoryEntry): Fact {
  if (h.kind === 'posted') return { title: formatDate(h.reviewDate), value: 'Review card posted to the panel' };
  return { title: formatDate(h.on), value: `Continued by ${escapeMarkdown(h.by) || 'a panel member'}; next review ${formatDate(h.nextReviewDate)}` };
}

/** The review card's view on `today`, or undefined when the request is not an approval that can be reviewed. */
export function reviewView(facts: PanelFacts, requestId: string, today: string, extra: ReviewCardExtra = {}): ReviewView | undefined {
  const f = reviewFacts(facts, requestId, today);
  if (f === undefined) return undefined;
  const { request } = f.case;
  const d = f.state.decision;
  const open = f.conditions.filter((c) => c.done === undefined).map((c) => conditionView(request.id, c, today, CARD_TEXT_LIMITS));
  const ended = f.state.ended !== undefined;
  const values = extra.values ?? {};
  return {
    requestId: request.id,
    child: `${escapeMarkdown(request.childRef)} · ${ageNow(request, today)} years`,
    due: dueText(f.state.reviewDate, today),
    approved: [
      { title: 'Decision', value: `${OUTCOME_LABELS[d.outcome]} on ${formatDate(d.decidedAt)}` },
      { title: 'Option', value: optionText(f) },
      { title: 'Type', value: PLACEMENT_TYPE_LABELS[f.option.type] },
      ...(f.option.provider !== undefined ? [{ title: 'Provider', value: escapeMarkdown(f.option.provider.slice(0, CARD_TEXT_LIMITS.provider)) }] : []),
      { title: 'Approved cost', value: `${formatMoney(f.option.weeklyCost)} a week` },
      { title: 'Effective from', value: formatDate(d.effectiveFrom) },
    ],
    now: nowFacts(f),
    savings: [
      { title: 'Saved to date', value: formatMoney(f.realised) },
      { title: 'Promised to date', value: formatMoney(f.projectedToDate) },
    ],
    savingsBasis: 'Promised: the weekly saving when approved, over the same days. Saved: after recorded changes and ends, up to the end of yesterday.',
    ...(open.length > 0 && { conditions: open }),
    ...(f.state.history.length > 0 && { history: f.state.history.slice(-10).map(historyLine) }),
    ...(extra.notice !== undefined && { notice: escapeMarkdown(extra.notice) }),
    ...(extra.problems !== undefined && extra.problems.length > 0 && { problems: extra.problems.map(escapeMarkdown) }),
    ...(!ended && {
      actions: {
        nextReviewDate: values.nextReviewDate ?? '',
        nextRange: { min: addDays(today, 1), max: RECORD_DATES.to },
        endDate: values.endDate ?? '',
        endRange: { min: d.effectiveFrom, max: RECORD_DATES.to },
        endReason: values.endReason ?? '',
        endReasons: END_REASONS.map((r) => ({ title: reasonLabel(r), value: r })),
      },
    }),
  };
}

/** The review card for the request on `today`, or undefined when it is not an approval that can be reviewed. */
export function reviewCard(facts: PanelFacts, requestId: string, today: string, extra: ReviewCardExtra = {}): AdaptiveCard | undefined {
  const view = reviewView(facts, requestId, today, extra);
  return view === undefined ? undefined : renderCard(REVIEW_CARD, view);
}

/**
 * The new-request form's inputs for a change to the reviewed placement: the same child, kind
 * 'change', the current placement as it is now (after recorded changes), the needs as last assessed;
 * what is proposed is left for the person to fill in.
 */
export function changeFormValues(facts: PanelFacts, requestId: string, today: string): Record<string, string> | undefined {
  const f = reviewFacts(facts, requestId, today);
  if (f === undefined || f.state.ended !== undefined) return undefined;
  const { request } = f.case;
  const current = f.now ?? { type: f.option.type, provider: f.option.provider, weeklyCost: f.option.weeklyCost };
  const scores = Object.fromEntries(Object.entries(request.needs.scores).map(([domain, score]) => [needInputId(domain), String(score)]));
  return {
    childRef: request.childRef,
    ageYears: String(ageNow(request, today)),
    kind: 'change',
    needsSummary: request.needs.summary,
    ...scores,
    currentType: current.type,
    // An in-house placement has no provider typed: the form asks for one, and the council is it.
    currentProvider: current.provider ?? PLACEMENT_TYPE_LABELS[current.type],
    currentWeeklyCost: typeof current.weeklyCost === 'string' ? current.weeklyCost : current.weeklyCost.toFixed(2),
    reason: `Change proposed at the review of ${request.id}`,
  };
}
