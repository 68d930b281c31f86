import type { Logger } from '../log/logger.js';
import type { Panel } from '../panel/panel.js';
import type { FollowUp } from '../panel/followUps.js';
import { referenceOf } from '../teams/conversationRef.js';
import type { Outbound } from '../teams/outbound.js';
import { replyActivity } from '../teams/reply.js';
import { followUpsCard } from '../views/followUpsView.js';
import { plural } from '../views/format.js';
import { lastScheduledRun } from './lastRun.js';
import { ScheduledRun } from './scheduledRun.js';
import { NOTHING_POSTED, sendOnce } from './sendOnce.js';
import { localDate } from './weekKey.js';

export interface ReminderSchedulerOptions {
  cron: string;
  timeZone: string;
  /** Items overdue more than this many days also go to the leadership (digest) channel. */
  escalateAfterDays: number;
}

/** What the reminder schedule needs of the panel: what needs doing, its clock, where to post, and what went. */
export type ReminderPanel = Pick<Panel, 'followUps' | 'now' | 'conversation' | 'lastReminderDay' | 'markReminderSent' | 'claimSend' | 'releaseSend'>;

/** How long the claim to send a day's reminder keeps other instances from sending it too. */
export const REMINDER_LEASE_MS = 15 * 60_000;

/** The items overdue more than `days` days: what leadership is told of. */
export function escalated(items: readonly FollowUp[], days: number): FollowUp[] {
  return items.filter((i) => i.daysOverdue > days);
}

/**
 * Posts the day's follow-ups (src/panel/followUps.ts) to the panel channel on the cron schedule,
 * with those overdue more than `escalateAfterDays` to the leadership channel, at most once a day:
 * the day sent is stored (lastReminderDay), so neither a restart nor a second instance sends it
 * again, and days missed while the bot was down are caught up by one reminder when it starts.
 */
export class ReminderScheduler extends ScheduledRun {
  constructor(
    private readonly panel: ReminderPanel,
    private readonly outbound: Outbound,
    private readonly logger: Logger,
    private readonly options: ReminderSchedulerOptions,
  ) {
    super(options.cron, options.timeZone);
  }

  /** Starts the schedule, first sending today's reminder if a run fell due since the last one sent. */
  override start(): void {
    super.start();
    // Only a bot that has sent a reminder before can have missed one; a first start waits for the schedule.
    const lastSent = this.panel.lastReminderDay();
    const due = lastScheduledRun(this.options.cron, this.options.timeZone, this.panel.now());
    if (due && lastSent !== undefined && localDate(due, this.options.timeZone) > lastSent) {
      this.logger.info({ due: due.toISOString(), lastSent }, 'follow-up reminder missed while stopped: sending today\'s now');
      void this.runOnce();
    }
  }

  /** Sends today's reminder unless it has gone already. */
  protected async work(): Promise<void> {
    const day = localDate(this.panel.now(), this.options.timeZone);
    const alreadySent = () => this.panel.lastReminderDay() === day;
    // A day sent needs no panel conversation: quiet, before the warning below.
    if (alreadySent()) return;
    const reference = this.panel.conversation('panel');
    if (!reference) {
      this.logger.warn({ day }, 'no panel conversation yet: say "set panel channel" in a channel to get follow-up reminders');
      return;
    }
    let items: readonly FollowUp[] = [];
    await sendOnce(this.panel, {
      claim: `reminder:${day}`,
      leaseMs: REMINDER_LEASE_MS,
      alreadySent,
      post: async () => {
        // Read after the claim, which brought this copy up to date.
        items = this.panel.followUps(day);
        // Nothing to do is not worth a message: the day counts as sent all the same.
        if (items.length === 0) return NOTHING_POSTED;
        const card = followUpsCard(items, day, 'Today\'s follow-ups');
        await this.outbound.post(referenceOf(reference), replyActivity({ card }), `reminder ${day}`);
        await this.escalate(items, day);
      },
      markSent: async () => {
        await this.panel.markReminderSent(day);
        this.logger.info({ day, items: items.length }, 'follow-up reminder sent');
      },
    }, {
      logger: this.logger,
      fields: { day },
      claimedElsewhere: 'another instance is sending today\'s reminder',
      notClaimed: 'reminder not sent: could not claim it',
      notSent: 'follow-up reminder not sent',
    });
  }

  /** The items overdue past the escalation days, to leadership; a failure there is logged, not retried, so the panel is not reminded twice. */
  private async escalate(items: readonly FollowUp[], day: string): Promise<void> {
    const late = escalated(items, this.options.escalateAfterDays);
    if (late.length === 0) return;
    const leadership = this.panel.conversation('leadership');
    if (!leadership) {
      this.logger.warn({ day, items: late.length }, 'no leadership conversation: follow-ups overdue are not escalated');
      return;
    }
    try {
      const card = followUpsCard(late, day, `Overdue more than ${plural(this.options.escalateAfterDays, 'day')}`);
      await this.outbound.post(referenceOf(leadership), replyActivity({ card }), `escalation ${day}`);
    } catch (err) {
      this.logger.error({ day, err: { message: (err as Error).message } }, 'follow-ups overdue not escalated');
    }
  }
}
