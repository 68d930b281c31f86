import { problemLines } from '../domain/issues.js';
import { messageCard } from '../views/simpleCards.js';
import { requestCard } from '../views/requestView.js';
import { formToRequestInput, requestFormCard } from '../views/requestFormView.js';
import type { AdaptiveCard } from '../cards/renderCard.js';
import type { DecisionRecord } from '../domain/decision.js';
import { formatWhen } from '../views/format.js';
import type { CardVerb, VerbTurn } from './panelBot.js';

const NOT_A_MEMBER = 'Only panel members can decide. You are not on the panel for this council.';

/** Who settled the request and when, for a member who clicks after it was settled. */
function alreadyDecided(by: DecisionRecord): string {
  return `Already decided: ${by.outcome.replace(/_/g, ' ')} by ${by.decidedBy.name} at ${formatWhen(by.decidedAt)}.`;
}

function liveCard(turn: VerbTurn, requestId: string, extra: { notice?: string; problems?: string[]; values?: Record<string, string> } = {}): AdaptiveCard {
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

/** The card verbs (docs/api.md, "Card verbs"): verb → handler returning the replacement card. */
export const VERBS: readonly CardVerb[] = [
  {
    verb: 'decide',
    async handle(turn) {
      const result = await turn.panel.decide(turn.data, turn.actor);
      switch (result.kind) {
        case 'not_found':
          return messageCard('Not found', [`There is no request ${result.requestId}.`], 'attention');
        case 'invalid':
          if (!result.request) return messageCard('Cannot record that', problemLines(result.problems), 'attention');
          return liveCard(turn, result.request.id, { problems: problemLines(result.problems), values: enteredValues(turn.data) });
        case 'not_member':
          return requestCard(turn.panel.facts(), result.request, turn.panel.today(), { canDecide: false, notice: NOT_A_MEMBER });
        case 'already_settled':
          return liveCard(turn, result.request.id, { notice: alreadyDecided(result.settledBy) });
        case 'duplicate':
        case 'recorded':
          return liveCard(turn, result.request.id);
      }
    },
  },
  {
    // Universal Actions refresh: members get the live card with buttons, everyone else the read-only one.
    verb: 'refresh',
    async handle(turn) {
      return liveCard(turn, String(turn.data.requestId ?? ''));
    },
  },
  {
    verb: 'submitRequest',
    async handle(turn) {
      const input = formToRequestInput(turn.data, turn.actor.name || 'Teams user');
      const result = await turn.panel.submitRequest(input, 'teams', turn.actor.name || turn.actor.aadObjectId);
      if (!result.ok) return requestFormCard(turn.data, problemLines(result.problems));
      return messageCard('Request sent to the panel', [
        `${result.request.id} for ${result.request.childRef} is waiting for the panel.`,
        'It has been posted to the panel channel.',
      ], 'good');
    },
  },
];
