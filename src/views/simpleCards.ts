import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import {
  MAX_HELP_BUTTONS_PER_ROW, type ErrorView, type HelpView, type MessageView, type Tone,
} from '../cards/viewModels.js';
import helpJson from '../../cards/help.json' with { type: 'json' };
import messageJson from '../../cards/message.json' with { type: 'json' };
import errorJson from '../../cards/error.json' with { type: 'json' };

/** The help card's template. */
export const HELP_CARD = cardTemplate<HelpView>(helpJson);
/** The message card's template. */
export const MESSAGE_CARD = cardTemplate<MessageView>(messageJson);
/** The error card's template. */
export const ERROR_CARD = cardTemplate<ErrorView>(errorJson);

/** How a command shows on the help card: what to type, what it answers, and its button's label if it has one. */
export interface HelpListing {
  title: string;
  description: string;
  button?: string;
}

/** The help card's view: the commands in the order given, and a button for each that has one. */
export function helpView(listed: readonly HelpListing[], intro?: string): HelpView {
  const buttons = listed.flatMap((l) => (l.button === undefined ? [] : [{ title: l.button, text: l.title }]));
  const buttonRows: HelpView['buttonRows'] = [];
  for (let i = 0; i < buttons.length; i += MAX_HELP_BUTTONS_PER_ROW) buttonRows.push({ buttons: buttons.slice(i, i + MAX_HELP_BUTTONS_PER_ROW) });
  return {
    // The intro can quote what was sent (an unknown button's verb).
    ...(intro !== undefined && { intro: escapeMarkdown(intro) }),
    commands: listed.map((l) => ({ title: escapeMarkdown(l.title), value: escapeMarkdown(l.description) })),
    buttonRows,
    fallbackText: `Commands: ${listed.map((l) => l.title).join(', ')}`,
  };
}

/** The help card: what the bot does, with buttons for the common questions. */
export function helpCard(listed: readonly HelpListing[], intro?: string): AdaptiveCard {
  return renderCard(HELP_CARD, helpView(listed, intro));
}

/** A short apology quoting a reference that matches the log line; never a stack trace. */
export function errorCard(view: { reference: string }): AdaptiveCard {
  return renderCard(ERROR_CARD, { correlationId: view.reference });
}

/** A short message card: a confirmation, or problems to fix. Title and lines are plain text (they can quote what was typed). */
export function messageCard(title: string | undefined, lines: string[], tone: Tone = 'default'): AdaptiveCard {
  const view: MessageView = { lines: lines.map(escapeMarkdown), tone, ...(title !== undefined && { title: escapeMarkdown(title) }) };
  return renderCard(MESSAGE_CARD, view);
}
