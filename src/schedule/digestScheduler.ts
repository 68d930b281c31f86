import type { Logger } from '../log/logger.js';
import type { Panel } from '../panel/panel.js';
import { replyActivity } from '../teams/reply.js';
import { referenceOf } from '../teams/conversationRef.js';
import type { Outbound } from '../teams/outbound.js';
import { digestCard } from '../views/digestView.js';
import { lastScheduledRun } from './lastRun.js';
import { ScheduledRun } from './scheduledRun.js';
import { sendOnce } from './sendOnce.js';
import { isoWeekKey, localDate } from './weekKey.js';

export interface DigestSchedulerOptions {
  cron: string;
  timeZone: string;
}

/**
 * Posts the weekly digest to the leadership conversation on the cron schedule, exactly once per
 * ISO week: the week sent is stored, so a restart never sends twice, and a digest missed while
 * the bot was down goes out as soon as it starts.
 */
/** What the digest schedule needs of the panel: its facts and clock, where to post, and what went. */
export type DigestPanel = Pick<Panel, 'facts' | 'now' | 'conversation' | 'lastDigestWeek' | 'markDigestSent' | 'claimSend' | 'releaseSend'>;

/** How long the claim to send a week's digest keeps other instances from sending it too. */
export const DIGEST_LEASE_MS = 15 * 60_000;

export class DigestScheduler extends ScheduledRun {
  constructor(
    private readonly panel: DigestPanel,
    private readonly outbound: Outbound,
    private readonly logger: Logger,
    private readonly options: DigestSchedulerOptions,
  ) {
    super(options.cron, options.timeZone);
  }

  /** Starts the schedule, first catching up a digest that fell due while the bot was down. */
  override start(): void {
    super.start();
    // Only a bot that has sent a digest before can have missed one; a first start waits for the schedule.
    const lastSent = this.panel.lastDigestWeek();
    const due = lastScheduledRun(this.options.cron, this.options.timeZone, new Date());
    if (due && lastSent !== undefined && isoWeekKey(due, this.options.timeZone) !== lastSent) {
      this.logger.info({ due: due.toISOString() }, 'digest missed while stopped: sending now');
      void this.runOnce();
    }
  }

  /** Sends this week's digest unless it has gone already. */
  protected async work(): Promise<void> {
    const now = this.panel.now();
    const week = isoWeekKey(now, this.options.timeZone);
    const alreadySent = () => this.panel.lastDigestWeek() === week;
    // A week sent needs no leadership conversation: quiet, before the warning below.
    if (alreadySent()) return;
    const reference = this.panel.conversation('leadership');
    if (!reference) {
      this.logger.warn({ week }, 'no leadership conversation yet: add the app to the leadership channel to get the digest');
      return;
    }
    await sendOnce(this.panel, {
      claim: `digest:${week}`,
      leaseMs: DIGEST_LEASE_MS,
      alreadySent,
      post: async () => {
        const card = digestCard(this.panel.facts(), localDate(now, this.options.timeZone));
        await this.outbound.post(referenceOf(reference), replyActivity({ card }), `digest ${week}`);
      },
      markSent: async () => {
        await this.panel.markDigestSent(week);
        this.logger.info({ week }, 'digest sent');
      },
    }, {
      logger: this.logger,
      fields: { week },
      claimedElsewhere: 'another instance is sending this week\'s digest',
      notClaimed: 'digest not sent: could not claim it',
      notSent: 'digest not sent',
    });
  }
}
