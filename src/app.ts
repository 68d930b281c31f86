import {
  CloudAdapter, type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type restify from 'restify';
import { governanceOf, isLocalMode, type Config } from './config/env.js';
import { StrictBotFrameworkAuthentication, StrictCloudAdapter } from './http/strictAuthentication.js';
import { StoreWriteWatch, createHttpServer } from './http/server.js';
import type { Logger } from './log/logger.js';
import { Panel } from './panel/panel.js';
import { loadDefaultNeedBands } from './config/needBands.js';
import { openStore, type StoreFs } from './store/lowdbStore.js';
import type { PanelStore } from './store/panelStore.js';
import { openPostgresStore } from './store/postgres/openPostgresStore.js';
import { PanelBot } from './bot/panelBot.js';
import { COMMANDS } from './bot/commandTable.js';
import { VERBS } from './bot/verbTable.js';
import { tenantGuard } from './bot/tenantGuard.js';
import { Outbound, type OutboundOptions } from './teams/outbound.js';
import { TeamsAnnouncer } from './teams/announcer.js';
import { RequesterNotice } from './teams/requesterNotice.js';
import { MeetingAnnouncer } from './teams/meetingAnnouncer.js';
import { DigestScheduler } from './schedule/digestScheduler.js';
import { ReminderScheduler } from './schedule/reminderScheduler.js';
import { RetentionJob } from './schedule/retention.js';
import { CardSweep } from './schedule/cardSweep.js';
import { ReviewScheduler } from './schedule/reviewScheduler.js';
import { MeetingScheduler } from './schedule/meetingScheduler.js';

export interface AppOptions {
  now?: () => Date;
  /** Extra Bot Framework auth settings (e.g. OpenID metadata URL for tests). */
  authOverrides?: ConfigurationBotFrameworkAuthenticationOptions;
  outbound?: OutboundOptions;
  /** Start the weekly digest schedule, the daily reviews, the daily follow-up reminder, the card sweep (and the retention job, if RETENTION_DAYS is set) when listening (default true). */
  schedule?: boolean;
  /** File-system calls for the store, for tests that stub a full disk; node:fs/promises by default. */
  storeFs?: StoreFs;
  /** Intake API requests allowed per key per minute (default 600). */
  apiRateLimit?: number;
}

export interface App {
  server: restify.Server;
  panel: Panel;
  store: PanelStore;
  adapter: CloudAdapter;
  announcer: TeamsAnnouncer;
  digest: DigestScheduler;
  /** The daily follow-up reminder (REMINDER_CRON). */
  reminders: ReminderScheduler;
  /** Posts review cards on their review dates (REVIEW_CRON). */
  reviews: ReviewScheduler;
  /** The daily purge of closed requests, when RETENTION_DAYS is set. */
  retention?: RetentionJob;
  /** Opens the panel's meeting on MEETING_CRON, when it is set. */
  meetings?: MeetingScheduler;
  /** Starts listening; resolves with the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops taking requests, lets in-flight writes finish, releases the store. */
  close(): Promise<void>;
}

/** The whole bot, wired: store, panel, Teams handlers, HTTP server. */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  if (isLocalMode(config)) {
    logger.warn('LOCAL MODE: MicrosoftAppId is not set, so /api/messages accepts activities without Bot Framework authentication. Use only with the Agents Playground or tests.');
    if (governanceOf(config).roles.size === 0) logger.warn('None of PANEL_ROLES, PANEL_MEMBERS and PANEL_CHAIR is set: in local mode everyone may decide.');
  }
  const storeWrites = new StoreWriteWatch(options.storeFs, logger);
  const warn = (message: string, error: Error) => logger.warn({ err: { message: error.message } }, message);
  const database = config.DATABASE_URL === undefined ? undefined : await openPostgresStore(config.DATABASE_URL, {
    ...(config.DATABASE_POOL_SIZE !== undefined && { poolSize: config.DATABASE_POOL_SIZE }),
    warn,
    notice: (message) => logger.info(message),
  });
  const store: PanelStore = database ?? await openStore(config.STORE_PATH, {
    fs: storeWrites.fs,
    ...(config.STORE_JOURNAL_BYTES !== undefined && { journalLimitBytes: config.STORE_JOURNAL_BYTES }),
    warn,
    notice: (message) => logger.warn(message),
  });
  const panel = new Panel({ store, config, logger, needBands: loadDefaultNeedBands(), now: options.now });

  const auth = new StrictBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    ...options.authOverrides,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new StrictCloudAdapter(auth, logger);
  adapter.use(tenantGuard(config.ALLOWED_TENANTS, logger));
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: { message: error.message }, type: context.activity.type }, 'unhandled turn error');
  };

  const outbound = new Outbound(adapter, config.MicrosoftAppId ?? '', logger, options.outbound);
  const announcer = new TeamsAnnouncer(panel, outbound, logger);
  panel.listen(announcer);
  const notices = new RequesterNotice(panel, adapter, outbound, config.MicrosoftAppId ?? '', logger);
  panel.listen(notices);
  const meetingCards = new MeetingAnnouncer(panel, outbound, logger);
  panel.listen(meetingCards);

  const sweep = new CardSweep(announcer);
  const digest = new DigestScheduler(panel, outbound, logger, { cron: config.DIGEST_CRON, timeZone: config.DIGEST_TZ });
  const reviews = new ReviewScheduler(panel, outbound, logger, { cron: config.REVIEW_CRON, timeZone: config.DIGEST_TZ });
  panel.listen(reviews);
  const reminders = new ReminderScheduler(panel, outbound, logger, {
    cron: config.REMINDER_CRON, timeZone: config.DIGEST_TZ, escalateAfterDays: config.ESCALATE_AFTER_DAYS,
  });
  const meetings = config.MEETING_CRON === undefined ? undefined
    : new MeetingScheduler(panel, logger, { cron: config.MEETING_CRON, timeZone: config.DIGEST_TZ });
  const retention = config.RETENTION_DAYS === undefined ? undefined
    : new RetentionJob(panel, logger, { days: config.RETENTION_DAYS, timeZone: config.DIGEST_TZ });

  const bot = new PanelBot({ panel, logger, commands: COMMANDS, verbs: VERBS, joinedPanelChannel: () => announcer.catchUp() });
  const server = createHttpServer({
    adapter, bot, logger, panel, config, storeReadable: () => store.isReadable(), apiRateLimit: options.apiRateLimit,
    storeWritable: () => (database ? database.writable() : storeWrites.writable(store.path)),
  });

  return {
    server, panel, store, adapter, announcer, digest, reviews, reminders, ...(retention && { retention }), ...(meetings && { meetings }),
    listen: (port, host = '127.0.0.1') => new Promise((resolve) => {
      server.listen(port, host, () => {
        announcer.catchUp();
        if (options.schedule ?? true) {
          digest.start();
          reviews.start();
          reminders.start();
          sweep.start();
          meetings?.start();
          retention?.start();
        }
        const addr = server.address();
        resolve(`http://${host}:${addr.port}`);
      });
    }),
    close: async () => {
      digest.stop();
      reviews.stop();
      reminders.stop();
      sweep.stop();
      meetings?.stop();
      announcer.stop();
      meetingCards.stop();
      retention?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await digest.idle();
      await reviews.idle();
      await reminders.idle();
      await retention?.idle();
      await meetings?.idle();
      await announcer.idle();
      await notices.idle();
      await meetingCards.idle();
      await store.close();
    },
  };
}
