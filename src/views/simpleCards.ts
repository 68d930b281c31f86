import { escapeMarkdown } from '../cards/markdown.js';
import { renderCard } from '../cards/renderCard.js';
import { MAX_HELP_BUTTONS_PER_ROW, type HelpView, type MessageView, type Tone } from '../cards/viewModels.js';
import { COMMANDS } from '../bot/commandTable.js';
import { inRankOrder, type Command } from '../bot/commands.js';
import type { CardJson } from '../bot/reply.js';

/** The help card's view: every listed command in rank order, and a button for each that has one. */
export function helpView(commands: readonly Command[], intro?: string): HelpView {
  const listed = inRankOrder(commands).flatMap((c) => (c.listing ? [c.listing] : []));
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

/**
 * The help card: what the bot does, with buttons for the common questions. It lists the bot's own
 * command table unless given another (a test's).
 */
export function helpCard(options: { intro?: string; commands?: readonly Command[] } = {}): CardJson {
  // COMMANDS is read here, not at load: commandTable.ts imports this module for its help row.
  return renderCard('help', helpView(options.commands ?? COMMANDS, options.intro)) as CardJson;
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
