import { constants } from 'node:fs';
import { access, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import restify from 'restify';
import type { CloudAdapter, ActivityHandler } from 'botbuilder';
import type { Logger } from '../log/logger.js';
import { nodeStoreFs, type StoreFs } from '../store/durableJsonFile.js';
import { registerExportRoutes } from './exportRoutes.js';
import { registerMeetingRoutes } from './meetingRoutes.js';
import { registerConditionRoutes } from './conditionRoutes.js';
import { registerFollowUpRoutes } from './followUpRoutes.js';
import { apiGuard, registerRequestRoutes, type RequestRoutesDeps } from './requestRoutes.js';

/** Largest body accepted on any route: 413 over 256 KiB (docs/api.md, "Errors"). */
export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpDeps extends RequestRoutesDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  storeReadable: () => boolean;
  /** Whether the store can take a write now (for /readyz): see StoreWriteWatch. */
  storeWritable: () => Promise<boolean>;
}

// The calls by which the store changes the disk; `open` too, as the store opens only to write (or to fsync a folder).
const WRITING_CALLS = ['mkdir', 'open', 'write', 'fsync', 'truncate', 'rename'] as const;

/**
 * Watches the store's file-system calls for a failed write, for readiness: a store whose last write
 * failed is not ready until a probe (a small file written and fsynced beside the store file, then
 * removed) succeeds, so an instance taken out of rotation comes back by itself once the disk
 * recovers, without waiting for a client's write. Cheap otherwise: the folder and file are checked
 * with access(W_OK), and the probe runs only after a failure, one at a time.
 */
export class StoreWriteWatch {
  /** The store's file-system calls, to give to openStore. */
  readonly fs: StoreFs;
  private failures = 0;
  private failing = false;
  private probing: Promise<boolean> | undefined;

  constructor(private readonly base: StoreFs = nodeStoreFs, private readonly logger?: Logger) {
    const watched = { ...base } as Record<keyof StoreFs, (...args: never[]) => Promise<unknown>>;
    // Looked up on `base` at each call, so that a test's stub installed later is the one called.
    for (const name of Object.keys(base) as (keyof StoreFs)[]) {
      const call = (...args: unknown[]) => (base[name] as (...a: unknown[]) => Promise<unknown>)(...args);
      watched[name] = (WRITING_CALLS as readonly string[]).includes(name)
        ? (...args: unknown[]) => call(...args).catch((error: unknown) => { this.failed(error); throw error; })
        : call;
    }
    this.fs = watched as unknown as StoreFs;
  }

  private failed(error: unknown): void {
    this.failures += 1;
    if (!this.failing) this.logger?.warn({ err: { message: (error as Error)?.message } }, 'a store write failed: not ready until the disk takes a write again');
    this.failing = true;
  }

  /** Whether the folder and file of `storePath` accept writes, and, after a failed write, whether a probe write succeeds. */
  async writable(storePath: string): Promise<boolean> {
    try {
      await access(dirname(storePath), constants.W_OK);
      await access(storePath, constants.W_OK);
    } catch {
      return false;
    }
    if (!this.failing) return true;
    this.probing ??= this.probe(storePath).finally(() => { this.probing = undefined; });
    return this.probing;
  }

  private async probe(storePath: string): Promise<boolean> {
    const failuresBefore = this.failures;
    const file = join(dirname(storePath), `.${basename(storePath)}.ready-probe`);
    let handle: FileHandle | undefined;
    try {
      handle = await this.base.open(file, 'w');
      await this.base.write(handle, 'ready\n');
      await this.base.fsync(handle);
    } catch {
      return false;
    } finally {
      if (handle) await this.base.close(handle).catch(() => undefined);
      await this.base.unlink(file).catch(() => undefined);
    }
    // A store write that failed while the probe ran keeps the store not ready.
    if (this.failures !== failuresBefore) return false;
    this.failing = false;
    this.logger?.info('the store can be written again: ready');
    return true;
  }
}

/** The restify server: Bot Framework messages, liveness and readiness, and the intake API. */
export function createHttpServer(deps: HttpDeps): restify.Server {
  const server = restify.createServer({ name: 'placement-panel-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // restify has no body limit by default; JSON only, so a form post cannot smuggle fields in.
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false, rejectUnknown: false }));

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, next: () => void) => {
    const status = err.statusCode ?? 500;
    // restify's own messages for body problems are terse: say what the client can fix.
    if (status === 413) {
      err.toJSON = () => ({ error: 'payload_too_large', message: `the body is over the ${MAX_BODY_BYTES / 1024} KiB limit` });
    } else if (status === 400 && /JSON|parse/i.test(err.message)) {
      err.toJSON = () => ({ error: 'malformed_json', message: 'the body is not valid JSON' });
    }
    if (status >= 500) deps.logger.error({ err: { message: err.message }, path: req.path() }, 'request failed');
    next();
  });

  server.post('/api/messages', async (req, res) => {
    await deps.adapter.process(req, res as never, (context) => deps.bot.run(context));
  });

  // Liveness: the process answers and its data can be read. A failing disk does not make it
  // unhealthy (restarting would not help); it makes it not ready, below.
  server.get('/healthz', (_req, res, next) => {
    if (deps.storeReadable()) res.send(200, { status: 'ok' });
    else res.send(503, { status: 'unavailable', message: 'the store cannot be read' });
    next();
  });

  // Readiness: whether a write sent now could be saved.
  server.get('/readyz', async (_req, res) => {
    if (!deps.storeReadable()) res.send(503, { status: 'unavailable', message: 'the store cannot be read' });
    else if (!await deps.storeWritable()) res.send(503, { status: 'unavailable', message: 'the store cannot be written' });
    else res.send(200, { status: 'ready' });
  });

  // One key check for the whole API, so failed attempts are counted across every route.
  const guard = apiGuard(deps);
  registerRequestRoutes(server, deps, guard);
  registerExportRoutes(server, deps, guard);
  registerConditionRoutes(server, deps, guard);
  registerFollowUpRoutes(server, deps, guard);
  registerMeetingRoutes(server, deps, guard);
  return server;
}
