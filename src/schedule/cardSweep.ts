import { ScheduledRun } from './scheduledRun.js';
import type { TeamsAnnouncer } from '../teams/announcer.js';

/** Every five minutes: often enough that a card waits little, rarely enough not to press Teams. */
export const CARD_SWEEP_CRON = '*/5 * * * *';

/**
 * Looks on a schedule for request cards missing from the panel channel or behind their decisions,
 * as at start. With several instances this is how a card another instance claimed and never sent
 * (it stopped mid-send) goes out once the claim's lease has run out; with one, it retries a card
 * Teams refused until Outbound gave up, without waiting for a restart.
 */
export class CardSweep extends ScheduledRun {
  constructor(private readonly announcer: Pick<TeamsAnnouncer, 'catchUp'>, cron: string = CARD_SWEEP_CRON) {
    super(cron);
  }

  protected async work(): Promise<void> {
    this.announcer.catchUp();
  }
}
