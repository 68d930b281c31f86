import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { AdaptiveCard } from '../cards/renderCard.js';

/** What a command or card verb answers with: a card, or a short text. */
export type Reply = { card: AdaptiveCard } | { text: string };

/** The message activity carrying a reply. */
export function replyActivity(reply: Reply): Partial<Activity> {
  if ('text' in reply) return MessageFactory.text(reply.text);
  return MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
}
