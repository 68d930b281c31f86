import type { Activity, CloudAdapter, ConversationParameters, ConversationReference } from 'botbuilder';
import type { StoredRequest } from '../domain/request.js';
import type { Settlement } from '../domain/settlement.js';
import type { Logger } from '../log/logger.js';
import type { ConversationRefStored, Panel, PanelListener } from '../panel/panel.js';
import { sendOnce } from '../schedule/sendOnce.js';
import { requesterNoticeCard } from '../views/requesterNoticeView.js';
import { Deliveries } from './deliveries.js';
import type { Outbound } from './outbound.js';
import { replyActivity } from './reply.js';

/** What the notice needs of the panel: the decision's facts, the Teams address, and what was told. */
export type RequesterNoticePanel = Pick<Panel, 'facts' | 'today' | 'conversation' | 'claimSend' | 'releaseSend' | 'requesterTold' | 'markRequesterTold'>;

/** What of the Bot Framework adapter the notice uses: opening the 1:1 chat with the requester. */
export type ChatOpener = Pick<CloudAdapter, 'createConversationAsync'>;

/** How long the claim to tell a requester keeps other instances from telling them too. */
export const NOTICE_LEASE_MS = 15 * 60_000;

/** The requester of a request made from the Teams form: who sent the activity, when Teams says who in Entra. */
export function requesterFrom(activity: Partial<Activity>): { requester?: { aadObjectId: string; name?: string } } {
  const from = activity.from;
  if (from?.aadObjectId === undefined || from.aadObjectId === '') return {};
  // A display name is the person's own: cut, never refused, so a long one cannot refuse the request.
  const name = (from.name ?? '').trim().slice(0, 120);
  return { requester: { aadObjectId: from.aadObjectId, ...(name !== '' && { name }) } };
}

/**
 * Tells the requester of a request (made from the Teams form, or from the API with a `requester`)
 * the panel's decision, in a personal message: once the request is approved, approved with
 * conditions, declined or deferred, once per settling decision across instances and restarts (a
 * `requester_told` record). A failure is logged and never touches the decision, which is stored first.
 */
export class RequesterNotice implements PanelListener {
  private readonly deliveries: Deliveries;

  constructor(
    private readonly panel: RequesterNoticePanel,
    private readonly adapter: ChatOpener,
    private readonly outbound: Outbound,
    private readonly appId: string,
    private readonly logger: Logger,
  ) {
    this.deliveries = new Deliveries(logger, 'requester not told');
  }

  requestDecided(request: StoredRequest, settlement: Settlement): void {
    const decision = settlement.settledBy;
    // Also heard for a vote that settles nothing, a condition done or a conflict declared: those tell no one.
    if (request.requester === undefined || decision === undefined || settlement.status === 'pending') return;
    // Logged here with the request's id (an error, as the requester was never told); Deliveries keeps it until done.
    this.deliveries.track(this.tell(request.id, request.requester.aadObjectId, decision.id)
      .catch((err: Error) => this.logger.error({ requestId: request.id, err: { message: err.message } }, 'requester not told')));
  }

  /** Resolves once every notice started so far has gone (or failed). */
  idle(): Promise<void> {
    return this.deliveries.idle();
  }

  private async tell(requestId: string, aadObjectId: string, decisionId: string): Promise<void> {
    // The bot learns its Teams address (service URL, tenant) from the panel channel.
    const panelChat = this.panel.conversation('panel');
    if (!panelChat) {
      this.logger.warn({ requestId }, 'no panel conversation yet: the requester cannot be told of the decision');
      return;
    }
    await sendOnce(this.panel, {
      claim: `notify:${requestId}:${decisionId}`,
      leaseMs: NOTICE_LEASE_MS,
      alreadySent: () => this.panel.requesterTold(requestId, decisionId),
      post: async () => {
        const card = requesterNoticeCard(this.panel.facts(), requestId, decisionId, this.panel.today());
        if (card === undefined) throw new Error(`decision ${decisionId} is not recorded on ${requestId}`);
        const chat = await this.openChat(panelChat, aadObjectId);
        const activityId = await this.outbound.post(chat, replyActivity({ card }), `requester notice ${requestId}`);
        if (activityId === undefined) throw new Error('Teams did not take the message');
      },
      markSent: () => this.panel.markRequesterTold(requestId, decisionId),
    }, {
      logger: this.logger,
      // Ids of records only: the requester's name and Entra id never go in a log.
      fields: { requestId, decisionId },
      claimedElsewhere: 'another instance is telling the requester',
      notClaimed: 'requester not told: could not claim it',
      notSent: 'requester not told',
    });
  }

  /**
   * The personal chat with the requester, as Teams documents it for a proactive 1:1 message: a
   * conversation created with the user's Entra object id as its one member, in the panel's tenant.
   * Teams answers with the existing chat when there is one; it refuses (403) when the app is not
   * installed for the user.
   */
  private async openChat(panelChat: ConversationRefStored, aadObjectId: string): Promise<Partial<ConversationReference>> {
    const tenant = panelChat.conversation.tenantId;
    const tenantId = typeof tenant === 'string' ? tenant : undefined;
    const parameters = {
      isGroup: false,
      bot: panelChat.bot,
      members: [{ id: aadObjectId }],
      ...(tenantId !== undefined && { tenantId, channelData: { tenant: { id: tenantId } } }),
    } as unknown as ConversationParameters;
    let conversationId: string | undefined;
    try {
      await this.adapter.createConversationAsync(this.appId, panelChat.channelId, panelChat.serviceUrl, undefined as unknown as string, parameters, async (context) => {
        conversationId = context.activity.conversation?.id;
      });
    } catch (err) {
      // Worded here: the connector's own message may quote what was sent, the member's id among it.
      const status = (err as { statusCode?: number }).statusCode;
      throw new Error(`could not open a personal chat${status !== undefined ? ` (HTTP ${status})` : ''}`);
    }
    if (conversationId === undefined) throw new Error('Teams gave no personal chat');
    return {
      channelId: panelChat.channelId,
      serviceUrl: panelChat.serviceUrl,
      bot: panelChat.bot,
      conversation: { id: conversationId, conversationType: 'personal', isGroup: false, ...(tenantId !== undefined && { tenantId }) },
    } as Partial<ConversationReference>;
  }
}
