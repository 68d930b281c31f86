import type { Logger } from '../log/logger.js';
import type { Panel, PanelListener } from '../panel/panel.js';
import type { StoredRequest } from '../domain/request.js';
import { reviewState, reviewsDue, type ReviewDue } from '../panel/reviews.js';
import { referenceOf } from '../teams/conversationRef.js';
import type { Outbound } from '../teams/outbound.js';
import { replyActivity } from '../teams/reply.js';
import { reviewCard } from '../views/reviewView.js';
import { ScheduledRun } from './scheduledRun.js';
import { NOTHING_POSTED, sendOnce } from './sendOnce.js';
import { localDate } from './weekKey.js';

export interface ReviewSchedulerOptions {
  cron: string;
  timeZone: string;
}

/** What the review schedule needs of the panel: its facts and clock, where to post, and what went. */
export type ReviewPanel = Pick<Panel, 'facts' | 'now' | 'conversation' | 'claimSend' | 'releaseSend' | 'markReviewPosted'>;

/** The change of a review card: what `reviewChanged` hears of. */
type Changed = Pick<StoredRequest, 'id'>;

/**
 * How long the claim to post one review card keeps other instances off it: a day, so that an
 * instance stopping between the post and its record delays the card to the next day's run rather
 * than doubling it within the day. What keeps it to one post for good is the `review_posted` record.
 */
export const REVIEW_LEASE_MS = 24 * 60 * 60_000;

/**
 * Posts the review card of each approval whose review date has come (in the schedule's time zone)
 * to the panel channel, once per review date: on the cron schedule, and at start for reviews that
 * fell due while the bot was stopped (one card each, however many days were missed).
 */
export class ReviewScheduler extends ScheduledRun implements PanelListener {
  /** Redrawings of posted review cards under way, one after another per request. */
  private readonly updating = new Map<string, Promise<void>>();

  constructor(
    private readonly panel: ReviewPanel,
    private readonly outbound: Outbound,
    private readonly logger: Logger,
    private readonly options: ReviewSchedulerOptions,
  ) {
    super(options.cron, options.timeZone);
  }

  /** Starts the schedule, first posting the reviews that fell due while the bot was stopped. */
  override start(): void {
    super.start();
    this.runOnce().catch(() => undefined);
  }

  /** Resolves once a run and every redrawing under way have finished. */
  override async idle(): Promise<void> {
    await super.idle();
    while (this.updating.size > 0) await Promise.allSettled([...this.updating.values()]);
  }

  /**
   * A review was held, or a change or an end recorded: the request's latest review card in the
   * channel is drawn again, so that everyone sees it (an Action.Execute answer replaces it only for
   * the person who clicked). Drawn when its turn comes, so the last update shows the latest records.
   */
  reviewChanged(request: Changed): void {
    const previous = this.updating.get(request.id) ?? Promise.resolve();
    const next = previous.then(() => this.redraw(request.id)).catch((err: Error) => {
      this.logger.warn({ requestId: request.id, err: { message: err.message } }, 'review card not updated');
    });
    this.updating.set(request.id, next);
    void next.finally(() => {
      if (this.updating.get(request.id) === next) this.updating.delete(request.id);
    });
  }

  private async redraw(requestId: string): Promise<void> {
    const message = reviewState(this.panel.facts(), requestId)?.message;
    const reference = this.panel.conversation('panel');
    if (message === undefined || reference?.conversation.id !== message.conversationId) return;
    const card = reviewCard(this.panel.facts(), requestId, localDate(this.panel.now(), this.options.timeZone));
    if (card === undefined) return;
    await this.outbound.update(referenceOf(reference), message.activityId, replyActivity({ card }), `update review ${requestId}`);
  }

  /** Posts every review card due and not yet posted. */
  protected async work(): Promise<void> {
    const today = localDate(this.panel.now(), this.options.timeZone);
    let due: readonly ReviewDue[];
    try {
      due = reviewsDue(this.panel.facts(), today);
    } catch (err) {
      this.logger.error({ err: { message: (err as Error).message } }, 'reviews due could not be worked out');
      return;
    }
    if (due.length === 0) return;
    if (!this.panel.conversation('panel')) {
      this.logger.warn({ count: due.length }, 'reviews are due but there is no panel conversation yet: add the app to the panel channel');
      return;
    }
    for (const review of due) await this.post(review, today);
  }

  private async post(review: ReviewDue, today: string): Promise<void> {
    const reference = this.panel.conversation('panel')!;
    const { requestId, reviewDate } = review;
    await sendOnce(this.panel, {
      claim: `review:${requestId}:${reviewDate}`,
      leaseMs: REVIEW_LEASE_MS,
      alreadySent: () => !reviewsDue(this.panel.facts(), today).some((d) => d.requestId === requestId && d.reviewDate === reviewDate),
      post: async () => {
        const card = reviewCard(this.panel.facts(), requestId, today);
        // A record that cannot be drawn is left alone, its claim held: looked at again when the lease ends.
        if (card === undefined) return NOTHING_POSTED;
        const activityId = await this.outbound.post(referenceOf(reference), replyActivity({ card }), `review ${requestId}`);
        if (activityId === undefined) throw new Error('Teams did not take the post');
        return activityId;
      },
      markSent: async (activityId) => {
        if (activityId === NOTHING_POSTED) return;
        await this.panel.markReviewPosted(requestId, reviewDate, { conversationId: reference.conversation.id, activityId });
        this.logger.info({ requestId, reviewDate }, 'review card posted');
      },
    }, {
      logger: this.logger,
      fields: { requestId },
      claimedElsewhere: 'another instance is posting this review',
      notClaimed: 'review not posted: could not claim it',
      notSent: 'review card not posted',
    });
  }
}
