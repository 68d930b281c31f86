import { randomUUID } from 'node:crypto';
import type { StoredRequest } from '../domain/request.js';
import type { Logger } from '../log/logger.js';
import type { Panel, PanelListener } from '../panel/panel.js';
import { replyActivity } from './reply.js';
import { waitingRequests } from '../panel/queries.js';
import { requestCard } from '../views/requestView.js';
import type { Outbound } from './outbound.js';
import { referenceOf } from './conversationRef.js';
import { Deliveries } from './deliveries.js';

/** What the announcer needs of the panel: its facts, where to post, and where each card sits. */
export type AnnouncerPanel = Pick<Panel, 'facts' | 'today' | 'request' | 'deciders' | 'conversation' | 'postedCard' | 'markCardPosted'
  | 'decisionCount' | 'claimSend' | 'releaseSend'>;

/**
 * How long a claim to post a request's card keeps other instances from posting it: longer than a
 * post with Outbound's retries takes, short enough that one instance stopping mid-post delays the
 * card only until the next catch-up after it.
 */
export const POST_LEASE_MS = 15 * 60_000;

/** The same for an update of a card: held only while the update is sent, then given up. */
export const UPDATE_LEASE_MS = 5 * 60_000;

/**
 * How soon an instance that found another updating a card looks again: the other may have drawn
 * the card before this instance's decision reached it.
 */
export const RECHECK_MS = 1_500;

/**
 * Posts each new request's card to the panel conversation and, after a decision, updates that
 * message so everyone in the channel sees the outcome. Runs after the write is acknowledged: a
 * Teams outage never loses or delays a stored request or decision.
 */
export class TeamsAnnouncer implements PanelListener {
  /** Per request, the update of its card under way: updates of one card go one after another. */
  private readonly updating = new Map<string, Promise<void>>();

  private readonly deliveries: Deliveries;

  constructor(
    private readonly panel: AnnouncerPanel,
    private readonly outbound: Outbound,
    private readonly logger: Logger,
  ) {
    this.deliveries = new Deliveries(logger, 'announcement not delivered');
  }

  requestAdded(request: StoredRequest): void {
    this.deliveries.track(this.postRequest(request));
  }

  requestDecided(request: StoredRequest): void {
    this.deliveries.track(this.updateCard(request.id));
  }

  /** At start and when the app joins its first channel: the cards missing and the cards behind. */
  catchUp(): void {
    // Run at start: a failure here is logged, never allowed to stop the bot from serving.
    try {
      this.postMissingCards();
      this.updateStaleCards();
    } catch (err) {
      this.logger.error({ err: { message: (err as Error).message } }, 'catching up cards failed');
    }
  }

  /**
   * Posts the card of every request still waiting for the panel that has none in the panel
   * conversation: requests imported while the bot was stopped, received before the app was added to
   * a channel, or whose post Teams refused until Outbound gave up. Run at start and when the app
   * joins its first channel.
   */
  private postMissingCards(): void {
    const reference = this.panelConversation();
    if (!reference) return;
    const missing = waitingRequests(this.panel.facts()).filter((r) => this.panel.postedCard(r.id)?.conversationId !== reference.conversation.id);
    if (missing.length > 0) this.logger.info({ count: missing.length }, 'posting the cards of waiting requests that have none in the panel channel');
    for (const request of missing) this.deliveries.track(this.postRequest(request));
  }

  /**
   * Updates every card in the panel conversation that shows fewer decisions than its request has:
   * updates Outbound gave up on, or that were still waiting when the bot stopped.
   */
  private updateStaleCards(): void {
    const reference = this.panelConversation();
    if (!reference) return;
    const stale = this.panel.facts().requests().filter((r) => {
      const card = this.panel.postedCard(r.id);
      return card?.conversationId === reference.conversation.id && card.decisions !== undefined
        && card.decisions !== this.panel.decisionCount(r.id);
    });
    if (stale.length > 0) this.logger.info({ count: stale.length }, 'updating cards that missed a decision');
    for (const request of stale) this.deliveries.track(this.updateCard(request.id));
  }

  /** Plans nothing more (the looks again included); what is under way finishes (see idle). */
  stop(): void {
    this.deliveries.stop();
  }

  /** Resolves once every post and update started so far has finished (or given up). */
  idle(): Promise<void> {
    return this.deliveries.idle();
  }

  private panelConversation() {
    return this.panel.conversation('panel');
  }

  /**
   * The channel's view of the card: read-only, refreshed to the live one for panel members. With no
   * member list (local mode) everyone may decide, so the channel card itself carries the buttons.
   */
  private channelCard(request: StoredRequest) {
    const deciders = this.panel.deciders();
    return requestCard(this.panel.facts(), request, this.panel.today(), { canDecide: deciders.length === 0, refreshFor: deciders });
  }

  private async postRequest(request: StoredRequest): Promise<void> {
    const reference = this.panelConversation();
    if (!reference) {
      this.logger.warn({ requestId: request.id }, 'no panel conversation yet: add the app to the panel channel to have requests posted');
      return;
    }
    // Several instances may each find the card missing (all catch up at start), and so may this one
    // while its post on receipt is still on its way (the sweep): one attempt posts it.
    const claim = `post:${request.id}`;
    const attempt = randomUUID();
    if (!await this.panel.claimSend(claim, POST_LEASE_MS, attempt)) {
      this.logger.info({ requestId: request.id }, 'this card is being posted already');
      return;
    }
    // Posted by another instance whose lease ran out before this copy heard of its card.
    if (this.panel.postedCard(request.id)?.conversationId === reference.conversation.id) return;
    const decisions = this.panel.decisionCount(request.id);
    const card = this.channelCard(request);
    const activityId = await this.outbound.post(referenceOf(reference), replyActivity({ card }), `post ${request.id}`);
    if (!activityId) {
      await this.panel.releaseSend(claim, attempt);
      return;
    }
    await this.panel.markCardPosted(request.id, { conversationId: reference.conversation.id, activityId, decisions });
    // A decision made while the post was on its way found no card to update: update it now.
    if (this.panel.decisionCount(request.id) !== decisions) await this.updateCard(request.id);
  }

  /**
   * Brings the request's card up to date, after any update of it already under way: the card is
   * drawn when its turn comes, so the last update sent shows the latest decisions, and an update that
   * finds the card already showing them is not sent.
   */
  private updateCard(requestId: string): Promise<void> {
    const previous = this.updating.get(requestId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.sendUpdate(requestId));
    this.updating.set(requestId, next);
    void next.catch(() => undefined).finally(() => {
      if (this.updating.get(requestId) === next) this.updating.delete(requestId);
    });
    return next;
  }

  private async sendUpdate(requestId: string): Promise<void> {
    const reference = this.panelConversation();
    const posted = this.panel.postedCard(requestId);
    const request = this.panel.request(requestId);
    if (!reference || !posted || !request || posted.conversationId !== reference.conversation.id) return;
    if (posted.decisions === this.panel.decisionCount(requestId)) return;
    // Each instance updates the cards of the decisions it recorded: one at a time per card across
    // them, so an older drawing never lands over a newer one and no update is sent twice.
    const claim = `update:${requestId}`;
    if (!await this.panel.claimSend(claim, UPDATE_LEASE_MS)) {
      this.recheckLater(requestId);
      return;
    }
    try {
      // Read again once claimed: the instance that held the card before may have drawn this decision.
      const current = this.panel.postedCard(requestId);
      const decisions = this.panel.decisionCount(requestId);
      if (!current || current.conversationId !== reference.conversation.id || current.decisions === decisions) return;
      await this.outbound.update(referenceOf(reference), current.activityId, replyActivity({ card: this.channelCard(request) }), `update ${requestId}`);
      await this.panel.markCardPosted(requestId, { ...current, decisions });
    } finally {
      await this.panel.releaseSend(claim).catch((err: Error) => this.logger.warn({ requestId, err: { message: err.message } }, 'could not give up the claim on a card update'));
    }
  }

  private recheckLater(requestId: string): void {
    this.deliveries.again(requestId, RECHECK_MS, () => this.updateCard(requestId));
  }
}
