import { approvedDecision } from '../domain/settlement.js';
import type { Logger } from '../log/logger.js';
import type { Case, PanelFacts } from '../panel/facts.js';
import type { Panel } from '../panel/panel.js';
import { ScheduledRun } from './scheduledRun.js';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  /** Closed requests whose last activity is older than this many days are purged. */
  days: number;
  /** When the purge runs (default 02:30 every day). */
  cron?: string;
  timeZone?: string;
}

/**
 * The time of the latest thing that happened to a request: received, decided, an event recorded, or
 * the date an event took effect (an end dated ahead of when it was recorded counts from that date).
 */
export function lastActivity({ request, decisions, events }: Case): number {
  let last = Date.parse(request.receivedAt);
  for (const d of decisions) last = Math.max(last, Date.parse(d.decidedAt));
  for (const e of events) {
    last = Math.max(last, Date.parse(e.recordedAt), Date.parse(`${e.date}T00:00:00Z`) || 0);
  }
  return last;
}

/** Whether the request is finished with: declined, or approved and since ended. Open requests never are. */
export function isClosed({ settlement, events }: Case): boolean {
  if (settlement.status === 'declined') return true;
  if (approvedDecision(settlement) !== undefined) return events.some((e) => e.type === 'ended');
  return false;
}

/** The ids of closed requests whose last activity is more than `days` days before `now`. */
export function expiredRequests(facts: PanelFacts, days: number, now: Date): string[] {
  const cutoff = now.getTime() - days * DAY_MS;
  return facts.cases()
    .filter((c) => isClosed(c) && lastActivity(c) < cutoff)
    .map((c) => c.request.id);
}

/** What the retention job needs of the panel: its facts, its clock, and the purge. */
export type RetentionPanel = Pick<Panel, 'facts' | 'now' | 'purgeRequests'>;

/**
 * The retention period (RETENTION_DAYS) in force: once a day, closed requests whose last activity is
 * older than the period are removed with their decisions, events and cards (the hash chain keeps a
 * record that they were purged). Logs only how many went.
 */
export class RetentionJob extends ScheduledRun<number> {
  constructor(
    private readonly panel: RetentionPanel,
    private readonly logger: Logger,
    private readonly options: RetentionOptions,
  ) {
    super(options.cron ?? '30 2 * * *', options.timeZone);
  }

  /** Purges now; resolves with how many requests went (0 when the store could not be written: logged). */
  protected async work(): Promise<number> {
    const ids = expiredRequests(this.panel.facts(), this.options.days, this.panel.now());
    if (ids.length === 0) {
      this.logger.info({ purged: 0, retentionDays: this.options.days }, 'retention: nothing to purge');
      return 0;
    }
    try {
      const purged = await this.panel.purgeRequests(ids);
      this.logger.info({ purged, retentionDays: this.options.days }, 'retention: closed requests purged');
      return purged;
    } catch (err) {
      this.logger.error({ err: { message: (err as Error).message }, retentionDays: this.options.days }, 'retention: purge failed; nothing was removed');
      return 0;
    }
  }
}
