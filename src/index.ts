import 'dotenv/config';
import { ConfigError, listenAddress, loadConfig } from './config/env.js';
import { createLogger } from './log/logger.js';
import { createApp } from './app.js';

// The entry point: validated configuration, then the app; a bad setting or a corrupt store stops here with a message.
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  // Every route and turn answers its own errors; a promise that still fails unobserved (a post to
  // Teams, a scheduled job) is logged rather than allowed to end the process for everyone.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: { message: (reason as Error)?.message ?? String(reason) } }, 'unhandled rejection');
  });
  let app;
  try {
    app = await createApp(config, logger);
  } catch (err) {
    logger.fatal({ err: { message: (err as Error).message } }, 'cannot start');
    console.error((err as Error).message);
    process.exit(1);
  }
  const { host, why, exposedWithoutAuth } = listenAddress(config);
  if (exposedWithoutAuth) {
    logger.warn({ host }, 'LOCAL MODE on a non-loopback address: anyone who can reach it can send unauthenticated activities');
  }
  const url = await app.listen(config.PORT, host);
  logger.info({ url: `${url}/api/messages`, host, why }, `placement panel bot listening on ${host}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing in-flight writes');
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
