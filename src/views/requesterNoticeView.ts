import { formatMoney } from '../calculators/money.js';
import { optionOf } from '../calculators/projectedSaving.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import { conditionStates } from '../domain/conditions.js';
import type { DecisionRecord } from '../domain/decision.js';
import type { StoredRequest } from '../domain/request.js';
import { isApproval } from '../domain/vocabulary.js';
import type { PanelFacts } from '../panel/facts.js';
import { formatDate } from './format.js';
import { CARD_TEXT_LIMITS, clip, conditionView, optionLabel, outcomeWords } from './requestView.js';
import requesterNoticeJson from '../../cards/requesterNotice.json' with { type: 'json' };

/** What the requester's personal message shows of the decision on their request. */
export interface RequesterNoticeView {
  requestId: string;
  /** The case reference, escaped: never a name. */
  childRef: string;
  /** 'Approved with conditions', or 'The panel deferred it'. */
  outcome: string;
  /** Text colour of the outcome: never Warning, which Teams draws unreadable on a light theme. */
  outcomeColor: 'Good' | 'Attention' | 'Default';
  facts: { title: string; value: string }[];
  conditions?: { text: string; terms?: string }[];
  /** 'Comment', or 'Reason' for a deferral or a refusal. */
  commentLabel: string;
  comment?: string;
}

/** The requester notice card's template. */
export const REQUESTER_NOTICE_CARD = cardTemplate<RequesterNoticeView>(requesterNoticeJson);

function outcomeColor(d: DecisionRecord): RequesterNoticeView['outcomeColor'] {
  if (isApproval(d.outcome)) return 'Good';
  return d.outcome === 'decline' ? 'Attention' : 'Default';
}

/** The view of the notice of decision `d` on `request`, as of `today` (a condition's due date is told as a date, never as overdue). */
export function requesterNoticeView(request: StoredRequest, d: DecisionRecord, today: string): RequesterNoticeView {
  const approved = isApproval(d.outcome);
  const option = approved ? optionOf(request, d.option) : undefined;
  // The terms as decided, none of them done yet: the notice goes out when the decision is taken.
  const states = approved ? conditionStates(d, []) : [];
  // As on the request card: an older decision's comment that is its condition is shown once.
  const typed = d.comment !== undefined && states[0]?.text !== d.comment ? escapeMarkdown(clip(d.comment, CARD_TEXT_LIMITS.long)) : undefined;
  const deferred = d.outcome === 'defer';
  return {
    requestId: request.id,
    childRef: escapeMarkdown(request.childRef),
    outcome: deferred ? `The panel deferred it${typed !== undefined ? `: ${typed}` : ''}` : outcomeWords(request, d.outcome),
    outcomeColor: outcomeColor(d),
    facts: [
      ...(approved ? [{ title: 'Option', value: optionLabel(request, d.option) }] : []),
      ...(option !== undefined ? [{ title: 'Weekly cost', value: formatMoney(option.weeklyCost) }] : []),
      ...(approved ? [{ title: 'From', value: formatDate(d.effectiveFrom) }] : []),
      ...(approved && d.reviewDate !== undefined ? [{ title: 'Review date', value: formatDate(d.reviewDate) }] : []),
      { title: 'Decided', value: formatDate(d.decidedAt.slice(0, 10)) },
    ],
    ...(states.length > 0 && {
      conditions: states.map((c) => conditionView(request.id, c, today, CARD_TEXT_LIMITS)).map((c) => ({ text: c.text, ...(c.terms !== undefined && { terms: c.terms }) })),
    }),
    commentLabel: approved ? 'Comment' : 'Reason',
    ...(!deferred && typed !== undefined && { comment: typed }),
  };
}

/** The card telling the requester of decision `decisionId` on their request, or undefined when either is not recorded. */
export function requesterNoticeCard(facts: PanelFacts, requestId: string, decisionId: string, today: string): AdaptiveCard | undefined {
  const c = facts.case(requestId);
  const decision = c?.decisions.find((d) => d.id === decisionId);
  if (c === undefined || decision === undefined) return undefined;
  return renderCard(REQUESTER_NOTICE_CARD, requesterNoticeView(c.request, decision, today));
}
