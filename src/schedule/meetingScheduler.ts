import type { Logger } from '../log/logger.js';
import type { Panel } from '../panel/panel.js';
import { BOT_ACTOR } from '../domain/request.js';
import { ScheduledRun } from './scheduledRun.js';
import { sendOnce } from './sendOnce.js';
import { localDate } from './weekKey.js';

export interface MeetingSchedulerOptions {
  cron: string;
  timeZone: string;
}

export type MeetingPanel = Pick<Panel, 'now' | 'meetings' | 'startMeeting' | 'claimSend' | 'releaseSend'>;

/** Long enough to cover the day: a meeting the schedule started is never started again that day. */
export const MEETING_LEASE_MS = 12 * 60 * 60_000;

/**
 * Opens the panel's meeting on its schedule (MEETING_CRON), once a day across instances: the agenda
 * is posted as if a member had said "start meeting". A meeting a member already opened is left to run.
 * A run missed while the bot was stopped is not made up: a meeting starts when the panel sits.
 */
export class MeetingScheduler extends ScheduledRun {
  constructor(
    private readonly panel: MeetingPanel,
    private readonly logger: Logger,
    private readonly options: MeetingSchedulerOptions,
  ) {
    super(options.cron, options.timeZone);
  }

  /** Opens today's meeting unless one was started today. */
  protected async work(): Promise<void> {
    const day = localDate(this.panel.now(), this.options.timeZone);
    const startedToday = () => this.panel.meetings().some((m) => localDate(new Date(m.started.recordedAt), this.options.timeZone) === day);
    await sendOnce(this.panel, {
      claim: `meeting:${day}`,
      leaseMs: MEETING_LEASE_MS,
      alreadySent: startedToday,
      post: async () => {
        const result = await this.panel.startMeeting(BOT_ACTOR, true);
        if (!result.ok) this.logger.info({ day }, 'scheduled meeting not started: one is already under way');
        return result.ok ? result.meeting.id : undefined;
      },
      markSent: async () => undefined,
    }, {
      logger: this.logger,
      fields: { day },
      claimedElsewhere: 'another instance is starting the scheduled meeting',
      notClaimed: 'scheduled meeting not started: could not claim it',
      notSent: 'scheduled meeting not started',
    });
  }
}
