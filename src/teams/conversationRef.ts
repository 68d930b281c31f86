import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { ConversationRefStored } from '../panel/panel.js';

/** The conversation an activity came from, in the form the store keeps. */
export function storedReferenceOf(activity: Partial<Activity>): ConversationRefStored {
  return JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as ConversationRefStored;
}

/** A stored conversation as Bot Framework's reference, for proactive posts. */
export function referenceOf(stored: ConversationRefStored): Partial<ConversationReference> {
  return stored as unknown as Partial<ConversationReference>;
}
