import restify from 'restify';
import type { CloudAdapter, ActivityHandler } from 'botbuilder';
import type { Logger } from '../log/logger.js';
import { registerRequestRoutes, type RequestRoutesDeps } from './requestRoutes.js';

/** Largest body accepted on any route (CONTRACT.md: 413 over 256 KiB). */
export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpDeps extends RequestRoutesDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  storeReadable: () => boolean;
}

/** The restify server: Bot Framework messages, health, and the intake API. */
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

  server.get('/healthz', (_req, res, next) => {
    if (deps.storeReadable()) res.send(200, { status: 'ok' });
    else res.send(503, { status: 'unavailable', message: 'the store cannot be read' });
    next();
  });

  registerRequestRoutes(server, deps);
  return server;
}
