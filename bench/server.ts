/**
 * The process under load in `npm run bench`, started by bench/run.ts with IPC:
 *   echo [card]   — a bare botbuilder echo bot on restify 11 (CloudAdapter, local mode): the floor;
 *                   given a card file, it replies with that card instead of the text, and answers a
 *                   card action (an adaptiveCard/action invoke) with it;
 *   app <store>   — the real app (createApp) on the given store file or PostgreSQL URL, local mode.
 * Sends { url } once listening; answers { rss: true } with the peak resident set seen so far,
 * { cpu: true } with the CPU time the process has used (all its threads, user and system, in µs) and
 * { rest: true } with the resident set at rest (after a full collection when started with --expose-gc)
 * and the start-up times (issue 17).
 */
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import restify from 'restify';
import {
  ActivityHandler, CardFactory, type AdaptiveCardInvokeResponse, CloudAdapter, MessageFactory, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { MAX_BODY_BYTES } from '../src/http/server.js';
import { BENCH_MEMBER } from './seed.js';

/**
 * Start-up, in ms: createApp to listening (the store read and what is built from it), and the process's
 * whole life to then; and, as the floor of any start-up that reads the store file, the time this
 * process then takes only to read that file and JSON.parse it (measured after the resident set).
 */
export interface AtRest {
  rssMb: number;
  startMs: number;
  processMs: number;
  readParseMs: number;
}

type ToParent = { url: string } | { rss: number } | { cpu: number } | { rest: AtRest } | { decisions: number } | { closed: true } | { error: string };

function send(message: ToParent): void {
  process.send?.(message);
}

/** The floor: the same stack (restify with the same body parser, CloudAdapter in local mode), echoing the text. */
async function echoBot(cardPath?: string): Promise<string> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({} as ConfigurationBotFrameworkAuthenticationOptions));
  const card = cardPath === undefined ? undefined : JSON.parse(await readFile(cardPath, 'utf8')) as Record<string, unknown>;
  // A card action is answered with that card (or the text), as a decision's invoke is answered with its request card.
  const bot = new class extends ActivityHandler {
    protected override async onAdaptiveCardInvoke(): Promise<AdaptiveCardInvokeResponse> {
      return card
        ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as never }
        : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'echo' as never };
    }
  }();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(card ? MessageFactory.attachment(CardFactory.adaptiveCard(card)) : context.activity.text ?? '');
    await next();
  });
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false, rejectUnknown: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res as never, (context) => bot.run(context));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

let app: App | undefined;
let started = { startMs: 0, processMs: 0 };

async function panelApp(store: string): Promise<string> {
  const where = store.startsWith('postgres://') ? { DATABASE_URL: store } : { STORE_PATH: store };
  const config = loadConfig({ ...where, PANEL_MEMBERS: BENCH_MEMBER.aadObjectId, SAVINGS_TARGET: '1000000', LOG_LEVEL: 'info' });
  // Logs are formatted as in production, then dropped.
  const sink = new Writable({ write(_chunk, _enc, cb) { cb(); } });
  const t = performance.now();
  app = await createApp(config, createLogger('info', sink), { schedule: false });
  const url = await app.listen(0);
  // performance.now() counts from the process's start.
  started = { startMs: performance.now() - t, processMs: performance.now() };
  return url;
}

/** The resident set once what start-up left behind is collected and the process has been idle a moment. */
async function atRest(): Promise<AtRest> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  if (storePath === undefined || storePath.startsWith('postgres://')) return { rssMb, ...started, readParseMs: Number.NaN };
  const t = performance.now();
  JSON.parse(await readFile(storePath, 'utf8'));
  return { rssMb, ...started, readParseMs: performance.now() - t };
}

let peakRss = process.memoryUsage().rss;
setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100).unref();

process.on('message', (message: { rss?: boolean; cpu?: boolean; rest?: boolean; decisions?: boolean; exit?: boolean }) => {
  if (message.rss) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    send({ rss: peakRss });
  }
  if (message.cpu) {
    const { user, system } = process.cpuUsage();
    send({ cpu: user + system });
  }
  if (message.rest) void atRest().then((rest) => send({ rest }));
  if (message.decisions) send({ decisions: app?.store.allDecisions().length ?? 0 });
  if (message.exit) {
    // Let in-flight writes finish and release the store's lock before going.
    void (app?.close() ?? Promise.resolve()).finally(() => {
      send({ closed: true });
      process.exit(0);
    });
  }
});

const [mode, storePath] = process.argv.slice(2);
try {
  const url = mode === 'echo' ? await echoBot(storePath) : await panelApp(storePath!);
  peakRss = process.memoryUsage().rss;
  send({ url });
} catch (error) {
  send({ error: (error as Error).stack ?? String(error) });
  process.exit(1);
}
