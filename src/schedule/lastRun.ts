import { Cron } from 'croner';

/** Runs of a schedule in a week past which start-up does not look for a missed one (hourly is 168). */
const MAX_RUNS_LOOKED_AT = 1_000;

/**
 * The latest run of `cron` at or before `now` within the last week, if any: what a schedule missed
 * while the bot was down. A schedule that runs more often than MAX_RUNS_LOOKED_AT times a week
 * (every few minutes, as in a test) has no missed run worth catching up: its next run is moments
 * away, so it is not walked through.
 */
export function lastScheduledRun(cron: string, timeZone: string, now: Date): Date | undefined {
  const probe = new Cron(cron, { timezone: timeZone, paused: true });
  let last: Date | undefined;
  let next = probe.nextRun(new Date(now.getTime() - 7 * 86_400_000));
  for (let looked = 0; next && next <= now; looked++) {
    if (looked === MAX_RUNS_LOOKED_AT) {
      last = undefined;
      break;
    }
    last = next;
    next = probe.nextRun(next);
  }
  probe.stop();
  return last;
}
