import { messageCard } from '../views/simpleCards.js';
import { requestCard } from '../views/requestView.js';
import type { AdaptiveCard } from '../cards/renderCard.js';
import { attend, endMeeting, liveAgenda, refused } from './meetingCommands.js';
import type { CardVerb, VerbTurn } from './panelBot.js';

/* The meeting's card buttons (docs/api.md, "Card verbs"): I'm here, End meeting, Declare conflict. */

/** The live request card after a conflict was declared from it. */
function requestCardFor(turn: VerbTurn, requestId: string, notice?: string): AdaptiveCard {
  const request = turn.panel.request(requestId);
  if (!request) return messageCard('Not found', [`There is no request ${requestId}.`], 'attention');
  return requestCard(turn.panel.facts(), request, turn.panel.today(), {
    canDecide: turn.panel.isMember(turn.actor.aadObjectId), refreshFor: turn.panel.deciders(), ...(notice !== undefined && { notice }),
  });
}

export const MEETING_VERBS: readonly CardVerb[] = [
  {
    verb: 'attend',
    async handle(turn) {
      const meetingId = typeof turn.data.meetingId === 'string' ? turn.data.meetingId : undefined;
      const result = await attend(turn, meetingId);
      if (result !== undefined && !result.ok && !result.meeting) return refused('Not marked present', result);
      return { card: liveAgenda(turn, meetingId) };
    },
  },
  {
    verb: 'endMeeting',
    async handle(turn) {
      const meetingId = typeof turn.data.meetingId === 'string' ? turn.data.meetingId : undefined;
      const reply = await endMeeting(turn, meetingId);
      // Ended (now or by someone else a moment ago): the card pressed shows it, the minutes follow in the channel.
      return meetingId !== undefined && turn.panel.meetings().find((m) => m.id === meetingId)?.ended !== undefined
        ? { card: liveAgenda(turn, meetingId) } : reply;
    },
  },
  {
    verb: 'declareConflict',
    async handle(turn) {
      const requestId = String(turn.data.requestId ?? '');
      const result = await turn.panel.declareConflict(requestId, {}, turn.actor);
      return { card: requestCardFor(turn, requestId, result.ok ? 'Your conflict of interest is recorded: you will not vote on this request.' : `Not recorded: ${result.problems.map((p) => p.problem).join('; ')}.`) };
    },
  },
];
