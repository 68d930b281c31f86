import { escapeMarkdown } from '../cards/markdown.js';
import { renderCard } from '../cards/renderCard.js';
import type { HelpView, MessageView, Tone } from '../cards/viewModels.js';
import type { CardJson } from '../bot/reply.js';

/** The help card: what the bot does, with buttons for the common questions. */
export function helpCard(view: HelpView = {}): CardJson {
  // The intro can quote what was sent (an unknown button's verb).
  return renderCard('help', view.intro === undefined ? {} : { intro: escapeMarkdown(view.intro) }) as CardJson;
}

/** A short apology quoting a reference that matches the log line; never a stack trace. */
export function errorCard(view: { reference: string }): CardJson {
  return renderCard('error', { correlationId: view.reference }) as CardJson;
}

/** A short message card: a confirmation, or problems to fix. Title and lines are plain text (they can quote what was typed). */
export function messageCard(title: string | undefined, lines: string[], tone: Tone = 'default'): CardJson {
  const view: MessageView = { lines: lines.map(escapeMarkdown), tone, ...(title !== undefined && { title: escapeMarkdown(title) }) };
  return renderCard('message', view) as CardJson;
}
