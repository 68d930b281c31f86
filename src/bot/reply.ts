import { CardFactory, MessageFactory, type Activity } from 'botbuilder';

/** An Adaptive Card as plain JSON. */
export type CardJson = Record<string, unknown>;

/** What a command or card verb answers with: a card, or a short text. */
export type Reply = { card: CardJson } | { text: string };

/** The message activity carrying a reply. */
export function replyActivity(reply: Reply): Partial<Activity> {
  if ('text' in reply) return MessageFactory.text(reply.text);
  return MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
}
