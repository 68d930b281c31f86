/**
 * `npm run playground`: the bot and the Microsoft 365 Agents Playground side by side, to try the bot in a
 * Teams-like client on this machine (no Azure, no tenant, no manifest).
 *
 *   npm run playground                 # bot on :3978, Playground on :56150
 *   npm run playground -- --open       # let the Playground open your browser
 *
 * The bot runs in-process in local mode (no Bot Framework auth) with its store at ./data/playground.json
 * (STORE_PATH overrides) and INTAKE_API_KEY defaulting to a local development key, which is printed.
 * Environment: PORT (bot, default 3978), PLAYGROUND_PORT (default 56150), PANEL_MEMBERS, LOG_LEVEL, ...
 * Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Agents Playground's CLI entry (run with this Node, so the child's pid is the server's). */
export const PLAYGROUND_CLI = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
export const DEV_INTAKE_API_KEY = 'local-playground-key-change-me';
export const MOCK_USER = 'Alex Wilber';

/** A TCP port nobody is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPlayground {
  /** The web UI, e.g. http://localhost:56150 */
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything it printed, for failure reports. */
  output(): string;
  /** Ends its whole process group; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's /api/messages URL. */
  endpoint: string;
  port: number;
  /** Where it writes devTools/ (its log). */
  cwd: string;
  /** Let the Playground open a browser (default: TEAMSAPPTESTER_BROWSER=none). */
  openBrowser?: boolean;
  startTimeoutMs?: number;
  onOutput?: (chunk: string) => void;
}

/** SIGTERM to the child's process group, SIGKILL after 3 s; resolves when the child has exited. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => { try { process.kill(-pid, sig); } catch { /* gone already */ } };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts `agentsplayground -e <endpoint> -c msteams -p <port> --dt` in its own process group and resolves
 * once it is listening (on `port`, or the random port it falls back to when that one is taken).
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!options.openBrowser) env.TEAMSAPPTESTER_BROWSER = 'none';
  const child = spawn(process.execPath, [PLAYGROUND_CLI, '-e', options.endpoint, '-c', 'msteams', '-p', String(options.port), '--dt'], {
    cwd: options.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    options.onOutput?.(text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  // If this process dies without cleaning up, do not leave the Playground behind.
  const killOnExit = () => { try { if (child.pid) process.kill(-child.pid, 'SIGKILL'); } catch { /* gone already */ } };
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopGroup(child);
  };

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the Agents Playground did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const check = () => {
        const m = /Listening on (\d+)/.exec(output);
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      };
      child.stdout?.on('data', check);
      child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`the Agents Playground exited (${code ?? signal}):\n${output}`)); });
      child.once('error', (err) => { clearTimeout(timer); reject(err); });
      check();
    });
    return { url: `http://localhost:${port}`, port, child, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function main(args: readonly string[]): Promise<void> {
  const [{ ConfigError, loadConfig }, { createLogger }, { createApp }] = await Promise.all([
    import('../src/config/env.js'), import('../src/log/logger.js'), import('../src/app.js'),
  ]);
  const openBrowser = args.includes('--open') || (process.env.TEAMSAPPTESTER_BROWSER !== undefined && process.env.TEAMSAPPTESTER_BROWSER !== 'none');
  if (process.env.MicrosoftAppId) console.warn('MicrosoftAppId is set: ignored here, the Playground talks to the bot in local mode.');
  const apiKey = process.env.INTAKE_API_KEY || DEV_INTAKE_API_KEY;
  const storePath = process.env.STORE_PATH || path.join(ROOT, 'data', 'playground.json');
  mkdirSync(path.dirname(storePath), { recursive: true });

  let config;
  try {
    config = loadConfig({
      ...process.env, MicrosoftAppId: undefined, MicrosoftAppPassword: undefined,
      HOST: process.env.HOST ?? '127.0.0.1', STORE_PATH: storePath, INTAKE_API_KEY: apiKey,
    });
  } catch (err) {
    if (err instanceof ConfigError) { console.error(err.message); process.exit(2); }
    throw err;
  }
  const app = await createApp(config, createLogger(config.LOG_LEVEL));
  const botUrl = await app.listen(config.PORT, config.HOST);
  const endpoint = `${botUrl.replace('0.0.0.0', '127.0.0.1')}/api/messages`;

  let playground: RunningPlayground;
  try {
    playground = await startPlayground({
      endpoint, port: Number(process.env.PLAYGROUND_PORT ?? 56150), cwd: ROOT, openBrowser,
      onOutput: (text) => process.stdout.write(text.split('\n').filter(Boolean).map((l) => `[playground] ${l}\n`).join('')),
    });
  } catch (err) {
    console.error((err as Error).message);
    await app.close();
    process.exit(1);
  }

  const api = botUrl.replace('0.0.0.0', '127.0.0.1');
  console.log(`
  The bot:            ${endpoint}   (store: ${path.relative(process.cwd(), storePath) || storePath})
  Agents Playground:  ${playground.url}   <- open this in a browser (signed in as ${MOCK_USER})
  Intake API key:     ${apiKey}${process.env.INTAKE_API_KEY ? '' : '   (local development key; set INTAKE_API_KEY to change it)'}

  1. Open the Playground, then click "General" under Teams Channel: that installs the app in the
     team channel, which the bot keeps as the panel channel.
  2. Post a sample placement request; its card appears in General:
       curl -s -X POST ${api}/api/requests -H "Authorization: Bearer ${apiKey}" \\
         -H "Content-Type: application/json" --data @docs/sample-request.json
  3. On that card choose an option and press Approve (with no PANEL_MEMBERS everyone may decide):
     the card updates to "Approved … by ${MOCK_USER}".
  4. In "Personal Chat" type "help", "pending", "show PR-…" or "savings to date".

  Ctrl-C stops both.
`);

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the Playground and the bot…');
    await playground.stop().catch(() => undefined);
    await app.close().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  playground.child.once('exit', (code) => {
    if (!stopping) console.error(`the Agents Playground stopped (exit ${code ?? 'signal'}); stopping the bot.`);
    void shutdown(code ?? 1);
  });
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main(process.argv.slice(2));
}
