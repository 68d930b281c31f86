import type { TurnContext } from 'botbuilder';
import type { Actor } from '../domain/request.js';
import type { Panel } from '../panel/panel.js';
import type { Reply } from '../teams/reply.js';

/** What a command handler gets: the panel, who asked, and the pattern's match. */
export interface CommandTurn {
  panel: Panel;
  context: TurnContext;
  actor: Actor;
  match: RegExpMatchArray;
}

/** Where Teams offers a bot's command menu (`bots[0].commandLists[].scopes` in the app manifest). */
export type CommandScope = 'personal' | 'team' | 'groupChat';
export const ALL_SCOPES: readonly CommandScope[] = ['personal', 'team', 'groupChat'];

/** How a command shows on the help card and in Teams' command menu: both are made from these. */
export interface CommandListing {
  /** What to type, as the menu puts it in the compose box: at most 32 characters (Teams' limit). */
  title: string;
  /** What it answers, plain text: at most 128 characters (Teams' limit). */
  description: string;
  /** Label of a help-card button that sends `title` as if typed; only for titles that are a whole question. */
  button?: string;
  /** The scopes whose command menu offers it; Teams takes at most 10 commands per scope. */
  menu?: readonly CommandScope[];
}

/** One row of the command table: adding a question is adding a row. */
export interface Command {
  name: string;
  /**
   * Matching order, lowest first; unique within a table. Only rows whose patterns overlap depend on
   * it, and the help card and command menu list commands in this order too.
   */
  rank: number;
  /** Matched against the message with mentions removed, trimmed and lower-cased. */
  patterns: RegExp[];
  /**
   * Absent only on a row another row's listing covers, such as the full form of a command whose
   * title alone is answered with how to finish it. The listed row is the one that answers its title.
   */
  listing?: CommandListing;
  handle(turn: CommandTurn): Promise<Reply> | Reply;
}

/** The message as the bot reads it: mentions of the bot removed, spaces folded, case ignored. */
export function normaliseText(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/\s+/g, ' ').trim().replace(/[?!.]+$/, '').trim().toLowerCase();
}

/** The table in rank order, as it is matched and listed. */
export function inRankOrder(commands: readonly Command[]): Command[] {
  return [...commands].sort((a, b) => a.rank - b.rank);
}

/** The lowest-ranked command whose pattern matches, with the match. */
export function findCommand(commands: readonly Command[], text: string): { command: Command; match: RegExpMatchArray } | undefined {
  for (const command of inRankOrder(commands)) {
    for (const pattern of command.patterns) {
      const match = text.match(pattern);
      if (match) return { command, match };
    }
  }
  return undefined;
}
