import { randomUUID } from 'node:crypto';
import {
  TeamsActivityHandler, TurnContext, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue,
} from 'botbuilder';
import type { Actor } from '../domain/request.js';
import type { Logger } from '../log/logger.js';
import type { Panel } from '../panel/panel.js';
import { storedReferenceOf } from '../teams/conversationRef.js';
import { errorCard } from '../views/simpleCards.js';
import { welcomeCard } from '../views/welcomeView.js';
import { commandHelpCard, listingsOf } from './commandTable.js';
import { findCommand, normaliseText, type Command } from './commands.js';
import type { AdaptiveCard } from '../cards/renderCard.js';
import { replyActivity, type Reply } from '../teams/reply.js';

/** What a card verb handler gets: the panel, who clicked, the card's data and the message it sits in. */
export interface VerbTurn {
  panel: Panel;
  context: TurnContext;
  actor: Actor;
  data: Record<string, unknown>;
  /** Answers `text` as if it had been typed, in a message of its own. */
  ask(text: string): Promise<void>;
}

/**
 * One row of the card-verb table. The handler answers with the card that replaces the one clicked,
 * or with a short text shown beside the card, which stays as it was.
 */
export interface CardVerb {
  verb: string;
  handle(turn: VerbTurn): Promise<Reply>;
}

export interface PanelBotDeps {
  panel: Panel;
  logger: Logger;
  commands: readonly Command[];
  verbs: readonly CardVerb[];
  /** Called once the app has a panel channel, the first time it is added to one. */
  joinedPanelChannel?: () => void;
}

function actorOf(context: TurnContext): Actor {
  const from = context.activity.from ?? { id: 'unknown', name: '' };
  // Membership goes by Entra object id only. `from.id` is the channel's own user id (29:…), which a
  // caller can set to a member's object id, so it must never stand in for one.
  return { aadObjectId: from.aadObjectId ?? `channel-user:${from.id}`, name: from.name ?? '' };
}

/**
 * How long a personal chat just welcomed is not welcomed again. Teams tells a bot of one install twice
 * (an installationUpdate and a conversationUpdate adding it), in either order and possibly to two
 * instances: the first of them sends the welcome, the other finds the chat welcomed.
 */
export const WELCOME_QUIET_MS = 10 * 60_000;

function isPersonal(context: TurnContext): boolean {
  const { conversation, channelData } = context.activity;
  return conversation?.conversationType === 'personal' || (conversation?.conversationType === undefined && channelData?.team === undefined && conversation?.isGroup !== true);
}

/**
 * The Teams side of the panel: routes text to the command table and card actions to the verb table,
 * and remembers the conversations it is added to so requests and digests can be posted there.
 */
export class PanelBot extends TeamsActivityHandler {
  /** Personal chats welcomed by this instance, until when they are not welcomed again (ms). */
  private readonly welcomed = new Map<string, number>();

  constructor(private readonly deps: PanelBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.guarded(context, () => this.handleMessage(context));
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.captureConversation(context);
      // An upgrade to a new version is not a new install: no welcome.
      if (context.activity.action !== 'add-upgrade') await this.welcome(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      // Installed again later, the chat is welcomed again.
      const id = context.activity.conversation?.id;
      if (id !== undefined) {
        this.welcomed.delete(id);
        await this.deps.panel.releaseSend(`welcome:${id}`).catch(() => undefined);
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) {
        await this.captureConversation(context);
        await this.welcome(context);
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const action = invokeValue?.action;
    const reply = await this.runVerb(context, action?.verb, (action?.data ?? {}) as Record<string, unknown>);
    // A text answer leaves the card as it was, with the text shown beside it (Universal Actions).
    if ('text' in reply) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.text as never };
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply.card as never };
  }

  private async runVerb(context: TurnContext, verb: string | undefined, data: Record<string, unknown>): Promise<Reply> {
    const handler = this.deps.verbs.find((v) => v.verb === verb);
    if (!handler) return { card: commandHelpCard(`That button (${verb ?? 'no action'}) is not one I know.`) };
    try {
      return await handler.handle({ panel: this.deps.panel, context, actor: actorOf(context), data, ask: (text) => this.answer(context, text) });
    } catch (err) {
      return { card: this.apology(err, { verb }) };
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const value = context.activity.value as Record<string, unknown> | undefined;
    // Older clients send the Action.Submit fallback as a message carrying the card's data.
    if (value && typeof value === 'object' && typeof value.verb === 'string') {
      const reply = await this.runVerb(context, value.verb, value);
      // A text answer says where the answer went, which the fallback click's own message shows already.
      if (!('card' in reply)) return;
      const replyToId = context.activity.replyToId;
      if (replyToId) await context.updateActivity({ ...replyActivity(reply), id: replyToId });
      else await context.sendActivity(replyActivity(reply));
      return;
    }
    await this.answer(context, context.activity.text ?? '');
  }

  /** Answers text typed (or sent by a button) with the command it matches, or the help card. */
  private async answer(context: TurnContext, typed: string): Promise<void> {
    const text = normaliseText(typed);
    const found = findCommand(this.deps.commands, text);
    const reply: Reply = found
      ? await found.command.handle({ panel: this.deps.panel, context, actor: actorOf(context), match: found.match })
      : { card: commandHelpCard(text ? 'I didn\'t understand that. Here is what I can do:' : undefined) };
    await context.sendActivity(replyActivity(reply));
  }

  private async guarded(context: TurnContext, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      await context.sendActivity(replyActivity({ card: this.apology(err, { type: context.activity.type }) }));
    }
  }

  private apology(err: unknown, where: Record<string, unknown>): AdaptiveCard {
    const ref = randomUUID().slice(0, 8);
    this.deps.logger.error({ ref, ...where, err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'handler failed');
    return errorCard({ reference: ref });
  }

  /** Sends the welcome card to a personal chat the app was just added to, once for the install's two events. */
  private async welcome(context: TurnContext): Promise<void> {
    const id = context.activity.conversation?.id;
    if (id === undefined || !isPersonal(context)) return;
    const now = Date.now();
    if ((this.welcomed.get(id) ?? 0) > now) return;
    for (const [chat, until] of this.welcomed) if (until <= now) this.welcomed.delete(chat);
    this.welcomed.set(id, now + WELCOME_QUIET_MS);
    try {
      // Another instance may have had the install's other event.
      if (!await this.deps.panel.claimSend(`welcome:${id}`, WELCOME_QUIET_MS)) return;
      await context.sendActivity(replyActivity({ card: welcomeCard(listingsOf(this.deps.commands)) }));
    } catch (err) {
      this.deps.logger.error({ conversationId: id, err: { message: (err as Error).message } }, 'welcome not sent');
    }
  }

  /** Keeps where the app was added, so requests and the digest can be posted there later. */
  private async captureConversation(context: TurnContext): Promise<void> {
    const ref = storedReferenceOf(context.activity);
    const { panel } = this.deps;
    const isChannel = context.activity.conversation?.conversationType === 'channel' || context.activity.channelData?.team !== undefined;
    if (!isChannel) return;
    // The first channel the app joins serves both roles until someone says otherwise.
    if (!panel.conversation('panel')) {
      await panel.setConversation('panel', ref);
      this.deps.joinedPanelChannel?.();
    }
    if (!panel.conversation('leadership')) await panel.setConversation('leadership', ref);
    this.deps.logger.info({ conversationId: ref.conversation?.id }, 'added to a channel');
  }
}
