import { problemLines } from '../domain/issues.js';
import { messageCard } from '../views/simpleCards.js';
import { requestCard } from '../views/requestView.js';
import { formToRequestInput, requestFormCard } from '../views/requestFormView.js';
import type { AdaptiveCard } from '../cards/renderCard.js';
import type { DecisionRecord } from '../domain/decision.js';
import { OUTCOME_LABELS } from '../domain/vocabulary.js';
import { decisionLabels, requestFormLabels } from '../views/fieldLabels.js';
import { formatWhen, labelledProblems } from '../views/format.js';
import type { CardVerb, VerbTurn } from './panelBot.js';
import { changeFormValues, reviewCard, type ReviewCardExtra } from '../views/reviewView.js';
import { MEETING_VERBS } from './meetingVerbs.js';
import { requesterFrom } from '../teams/requesterNotice.js';

const NOT_A_MEMBER = 'Only panel members can decide. You are not on the panel for this council.';

/** Who settled the request and when, for a member who clicks after it was settled. */
function alreadyDecided(by: DecisionRecord): string {
  return `Already decided: ${OUTCOME_LABELS[by.outcome].toLowerCase()} by ${by.decidedBy.name} at ${formatWhen(by.decidedAt)}.`;
}

function liveCard(
  turn: VerbTurn, requestId: string,
  extra: { notice?: string; problems?: string[]; values?: Record<string, string>; conditionValues?: Record<string, string> } = {},
): AdaptiveCard {
  const request = turn.panel.request(requestId);
  if (!request) return messageCard('Not found', [`There is no request ${requestId}.`], 'attention');
  return requestCard(turn.panel.facts(), request, turn.panel.today(), {
    canDecide: turn.panel.isMember(turn.actor.aadObjectId),
    refreshFor: turn.panel.deciders(),
    ...extra,
  });
}

/** What the decision inputs held, so a card returned with a problem keeps them. */
function enteredValues(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['option', 'comment', 'reviewDate', 'effectiveFrom']) {
    if (typeof data[key] === 'string') out[key] = data[key] as string;
  }
  return out;
}

/** What the condition rows held (condition1Text, …), so a card returned with a problem keeps them. */
function enteredConditions(data: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter(([key, value]) => /^condition[1-3](Text|Owner|Due)$/.test(key) && typeof value === 'string')) as Record<string, string>;
}

/** The card that answers a member's decision: the live card, with the reason when it was not recorded. */
async function decide(turn: VerbTurn): Promise<AdaptiveCard> {
  const result = await turn.panel.decide(turn.data, turn.actor);
  switch (result.kind) {
    case 'not_found':
      return messageCard('Not found', [`There is no request ${result.requestId}.`], 'attention');
    case 'invalid':
      if (!result.request) return messageCard('Cannot record that', problemLines(result.problems), 'attention');
      return liveCard(turn, result.request.id, {
        problems: labelledProblems(result.problems, decisionLabels), values: enteredValues(turn.data), conditionValues: enteredConditions(turn.data),
      });
    case 'not_member':
      return requestCard(turn.panel.facts(), result.request, turn.panel.today(), { canDecide: false, notice: NOT_A_MEMBER });
    case 'already_settled':
      return liveCard(turn, result.request.id, { notice: alreadyDecided(result.settledBy) });
    case 'duplicate':
    case 'recorded':
      return liveCard(turn, result.request.id);
  }
}

/** The card that answers "Mark done" on a condition: the live card, with the reason when it was not recorded. */
async function completeCondition(turn: VerbTurn): Promise<AdaptiveCard> {
  const requestId = String(turn.data.requestId ?? '');
  const n = Number(turn.data.condition);
  const result = await turn.panel.completeCondition(requestId, Number.isInteger(n) ? n : 0, {}, turn.actor);
  if (!result.ok && result.refusal === 'not_found' && !turn.panel.request(requestId)) return messageCard('Not found', [`There is no request ${requestId}.`], 'attention');
  return liveCard(turn, requestId, result.ok ? {} : { notice: `Not marked done: ${result.problems.map((p) => p.problem).join('; ')}.` });
}

const REVIEW_LABELS: Record<string, string> = { nextReviewDate: 'Next review date', date: 'Date it ended', reason: 'Why it ended', id: 'Request', note: 'Note' };

/** The review card as it stands, or a message when the request is no approval to review. */
function liveReviewCard(turn: VerbTurn, requestId: string, extra: ReviewCardExtra = {}): AdaptiveCard {
  return reviewCard(turn.panel.facts(), requestId, turn.panel.today(), extra)
    ?? messageCard('Not found', [`There is no approved request ${requestId} to review.`], 'attention');
}

/** The review card's answers (docs/api.md, "Review card"): continue to a next review date, or record an end. */
async function reviewAnswer(turn: VerbTurn, action: 'continue' | 'end'): Promise<AdaptiveCard> {
  const requestId = String(turn.data.requestId ?? '');
  const text = (key: string) => (typeof turn.data[key] === 'string' ? (turn.data[key] as string).trim() : '');
  if (!turn.panel.isMember(turn.actor.aadObjectId)) return liveReviewCard(turn, requestId, { notice: NOT_A_MEMBER });
  const values = { nextReviewDate: text('nextReviewDate'), endDate: text('endDate'), endReason: text('endReason') };
  const result = action === 'continue'
    ? await turn.panel.continueReview(requestId, { nextReviewDate: values.nextReviewDate }, turn.actor)
    : await turn.panel.recordEvent(requestId, { type: 'ended', date: values.endDate, reason: values.endReason }, turn.actor);
  if (result.ok) return liveReviewCard(turn, requestId, { notice: action === 'continue' ? 'Continued: the next review date is set.' : 'The end is recorded.' });
  return liveReviewCard(turn, requestId, { problems: labelledProblems(result.problems, (field) => REVIEW_LABELS[field]), values });
}

/** "Propose a change" on a review card: the new-request form filled in as a change from the placement now. */
function proposeChange(turn: VerbTurn): AdaptiveCard {
  const requestId = String(turn.data.requestId ?? '');
  const values = changeFormValues(turn.panel.facts(), requestId, turn.panel.today());
  return values === undefined ? liveReviewCard(turn, requestId, { notice: 'There is no placement running to change.' }) : requestFormCard(values);
}

/** The card verbs (docs/api.md, "Card verbs"): verb → handler answering with the replacement card, or a text. */
export const VERBS: readonly CardVerb[] = [
  {
    verb: 'decide',
    handle: async (turn) => ({ card: await decide(turn) }),
  },
  {
    verb: 'completeCondition',
    handle: async (turn) => ({ card: await completeCondition(turn) }),
  },
  {
    verb: 'continueReview',
    handle: async (turn) => ({ card: await reviewAnswer(turn, 'continue') }),
  },
  {
    verb: 'recordEnd',
    handle: async (turn) => ({ card: await reviewAnswer(turn, 'end') }),
  },
  {
    verb: 'proposeChange',
    handle: async (turn) => ({ card: proposeChange(turn) }),
  },
  {
    // Universal Actions refresh: members get the live card with buttons, everyone else the read-only one.
    verb: 'refresh',
    handle: async (turn) => ({ card: liveCard(turn, String(turn.data.requestId ?? '')) }),
  },
  {
    verb: 'submitRequest',
    async handle(turn) {
      const input = { ...formToRequestInput(turn.data, turn.actor.name || 'Teams user'), ...requesterFrom(turn.context.activity) };
      const result = await turn.panel.submitRequest(input, 'teams', turn.actor.name || turn.actor.aadObjectId);
      if (!result.ok) return { card: requestFormCard(turn.data, labelledProblems(result.problems, requestFormLabels)) };
      return {
        card: messageCard('Request sent to the panel', [
          `${result.request.id} for ${result.request.childRef} is waiting for the panel.`,
          'It has been posted to the panel channel.',
        ], 'good'),
      };
    },
  },
  {
    // The question buttons on the help, pending and digest cards: the answer comes as a message of its
    // own and the card stays as it was (a digest is the week's record, not to be redrawn).
    verb: 'ask',
    async handle(turn) {
      const question = typeof turn.data.ask === 'string' ? turn.data.ask.slice(0, 200) : '';
      await turn.ask(question);
      return { text: `Answered "${question}" below.` };
    },
  },
  ...MEETING_VERBS,
];
