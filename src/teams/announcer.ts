import type { StoredRequest } from '../domain/request.js';
import type { Logger } from '../log/logger.js';
import type { Panel, PanelListener } from '../panel/panel.js';
import { replyActivity } from '../bot/reply.js';
import { pendingRequests } from '../views/pendingView.js';
import { requestCard } from '../views/requestView.js';
import type { Outbound } from './outbound.js';
import { referenceOf } from './conversationRef.js';

/**
 * Posts each new request's card to the panel conversation and, after a decision, updates that
 * message so everyone in the channel sees the outcome. Runs after the write is acknowledged: a
 * Teams outage never loses or delays a stored request or decision.
 */
export class TeamsAnnouncer implements PanelListener {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly panel: Panel,
    private readonly outbound: Outbound,
    private readonly logger: Logger,
  ) {}

  requestAdded(request: StoredRequest): void {
    this.track(this.postRequest(request));
  }

  requestDecided(request: StoredRequest): void {
    this.track(this.refreshRequest(request));
  }

  /**
   * Posts the card of every request still waiting for the panel that has none in the panel
   * conversation: requests imported while the bot was stopped, received before the app was added to
   * a channel, or whose post Teams refused until Outbound gave up. Run at start and when the app
   * joins its first channel.
   */
  postMissingCards(): void {
    const reference = this.panelConversation();
    if (!reference) return;
    const missing = pendingRequests(this.panel).filter((r) => this.panel.store.getCard(r.id)?.conversationId !== reference.conversation.id);
    if (missing.length > 0) this.logger.info({ count: missing.length }, 'posting the cards of waiting requests that have none in the panel channel');
    for (const request of missing) this.track(this.postRequest(request));
  }

  /** Resolves once every post and update started so far has finished (or given up). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<unknown>): void {
    const p = work.catch((err: Error) => this.logger.warn({ err: { message: err.message } }, 'announcement not delivered'))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private panelConversation() {
    return this.panel.store.getConversation('panel');
  }

  /**
   * The channel's view of the card: read-only, refreshed to the live one for panel members. With no
   * member list (local mode) everyone may decide, so the channel card itself carries the buttons.
   */
  private channelCard(request: StoredRequest) {
    const deciders = this.panel.deciders();
    return requestCard(this.panel, request, { canDecide: deciders.length === 0, refreshFor: deciders });
  }

  private async postRequest(request: StoredRequest): Promise<void> {
    const reference = this.panelConversation();
    if (!reference) {
      this.logger.warn({ requestId: request.id }, 'no panel conversation yet: add the app to the panel channel to have requests posted');
      return;
    }
    const card = this.channelCard(request);
    const activityId = await this.outbound.post(referenceOf(reference), replyActivity({ card }), `post ${request.id}`);
    if (activityId) await this.panel.store.setCard(request.id, { conversationId: reference.conversation.id, activityId });
  }

  private async refreshRequest(request: StoredRequest): Promise<void> {
    const reference = this.panelConversation();
    const posted = this.panel.store.getCard(request.id);
    if (!reference || !posted || posted.conversationId !== reference.conversation.id) return;
    await this.outbound.update(referenceOf(reference), posted.activityId, replyActivity({ card: this.channelCard(request) }), `update ${request.id}`);
  }
}
