import type { AdaptiveCard } from '../cards/renderCard.js';
import { helpCard } from '../views/simpleCards.js';
import { COMMANDS } from './commandTable.js';
import { inRankOrder, type Command } from './commands.js';

/** The listings of a command table, in rank order: what the help card shows. */
export function listingsOf(commands: readonly Command[]) {
  return inRankOrder(commands).flatMap((c) => (c.listing ? [c.listing] : []));
}

/** The help card for the bot's own command table (or another, a test's). */
export function commandHelpCard(intro?: string, commands: readonly Command[] = COMMANDS): AdaptiveCard {
  // COMMANDS is read when called, not at load: commandTable.ts imports this module for its help row.
  return helpCard(listingsOf(commands), intro);
}
