import type { TurnContext } from 'botbuilder';
import type { Actor } from '../domain/request.js';
import type { Panel } from '../panel/panel.js';
import type { Reply } from './reply.js';

/** What a command handler gets: the panel, who asked, and the pattern's match. */
export interface CommandTurn {
  panel: Panel;
  context: TurnContext;
  actor: Actor;
  match: RegExpMatchArray;
}

/** One row of the command table: adding a question is adding a row. */
export interface Command {
  name: string;
  /** Matched against the message with mentions removed, trimmed and lower-cased. */
  patterns: RegExp[];
  handle(turn: CommandTurn): Promise<Reply> | Reply;
}

/** The message as the bot reads it: mentions of the bot removed, spaces folded, case ignored. */
export function normaliseText(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/\s+/g, ' ').trim().replace(/[?!.]+$/, '').trim().toLowerCase();
}

/** The first command whose pattern matches, with the match. */
export function findCommand(commands: readonly Command[], text: string): { command: Command; match: RegExpMatchArray } | undefined {
  for (const command of commands) {
    for (const pattern of command.patterns) {
      const match = text.match(pattern);
      if (match) return { command, match };
    }
  }
  return undefined;
}
