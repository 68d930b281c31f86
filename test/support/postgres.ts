/**
 * A throwaway PostgreSQL server for the tests: its own data folder under the temp folder, its own
 * port on 127.0.0.1 and its own socket folder, trust authentication and no fsync. One server serves a
 * whole mocha run: started by the first suite that asks (`postgresFor` in a `before` hook), stopped
 * and deleted by the root `after` hook below (.mocharc.json requires this file). Each suite takes its
 * own databases with `createDatabase`, so suites never see each other's tables.
 *
 * With DATABASE_TEST_URL set (a role allowed to create databases, on an existing server) that server
 * is used instead, and the databases made on it are dropped at the end. A system-wide cluster
 * (Debian's "main" on 5432) is never touched otherwise: its data is not ours to fill.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, readdirSync, rmSync } from 'node:fs';
import { appendFile, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** The maintenance database as a superuser: for making databases, not for tests' tables. */
  readonly url: string;
  /** A new, empty database whose name starts with `name` (a suffix keeps runs apart); its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const INSTALL = 'install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; its own cluster need not run) '
  + 'or point DATABASE_TEST_URL at a server';

/** Thrown, outside CI only, when there is no PostgreSQL to start; suites skip on it. */
const UNAVAILABLE = 'PostgresUnavailable';

function inCi(): boolean {
  const ci = process.env.CI;
  return !!ci && ci !== 'false' && ci !== '0';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The folder holding initdb and pg_ctl: from PATH first (the developer's choice), else the newest of
 * Debian's /usr/lib/postgresql/<version>/bin, which Debian keeps off PATH.
 */
export function findPostgresBin(): string | undefined {
  const initdb = onPath('initdb');
  if (initdb) {
    const dir = join(initdb, '..');
    if (isExecutable(join(dir, 'pg_ctl'))) return dir;
  }
  let versions: string[] = [];
  try {
    versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {
    return undefined;
  }
  const parts = (v: string) => v.split('.').map(Number);
  versions.sort((a, b) => {
    const [pa, pb] = [parts(a), parts(b)];
    return (pb[0]! - pa[0]!) || ((pb[1] ?? 0) - (pa[1] ?? 0));
  });
  return versions
    .map((v) => `/usr/lib/postgresql/${v}/bin`)
    .find((dir) => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl')));
}

interface Runner {
  /** Owner to give the server's folder; undefined when the server runs as the current user. */
  owner?: { uid: number; gid: number };
  argv(file: string, args: string[]): [string, string[]];
}

/** PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user. */
function runner(): Runner {
  if (process.getuid?.() !== 0) return { argv: (file, args) => [file, args] };
  let owner: { uid: number; gid: number };
  try {
    owner = {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
    };
  } catch {
    throw new Error('running as root, and PostgreSQL refuses to; there is no "postgres" OS user to run it as '
      + '(the postgresql package creates one): create it or run the tests as another user');
  }
  const runuser = onPath('runuser') ?? ['/usr/sbin/runuser', '/sbin/runuser'].find(isExecutable);
  if (runuser) return { owner, argv: (file, args) => [runuser, ['-u', 'postgres', '--', file, ...args]] };
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  return { owner, argv: (file, args) => ['su', ['-s', '/bin/sh', 'postgres', '-c', [file, ...args].map(quote).join(' ')]] };
}

/** The server's tools must not pick up a developer's PGDATA, PGPORT and the like. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PG')));
}

function run(how: Runner, cwd: string, file: string, args: string[]): Promise<string> {
  const [command, argv] = how.argv(file, args);
  return new Promise((resolve, reject) => {
    execFile(command, argv, { cwd, env: cleanEnv(), encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${[file, ...args].join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function databaseMaker(adminUrl: string, made: string[]): (name: string) => Promise<string> {
  return async (name) => {
    // Unquoted identifiers only: nothing to escape, and the name reads the same in psql.
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(name)) throw new Error(`database name "${name}": lower case letters, digits, _`);
    const database = `${name}_${randomBytes(4).toString('hex')}`;
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${database}`));
    made.push(database);
    return databaseUrl(adminUrl, database);
  };
}

function useExisting(adminUrl: string): TestPostgres {
  const made: string[] = [];
  return {
    url: adminUrl,
    createDatabase: databaseMaker(adminUrl, made),
    async stop() {
      const databases = made.splice(0);
      if (databases.length === 0) return;
      await withClient(adminUrl, async (client) => {
        // FORCE (PostgreSQL 13+): a suite's unclosed pool must not keep its database alive.
        for (const database of databases) await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      });
    },
  };
}

const CLEANUP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function startOwn(bin: string): Promise<TestPostgres> {
  const how = runner();
  const root = await mkdtemp(join(tmpdir(), 'panel-pg-'));
  const data = join(root, 'data');
  const sockets = join(root, 'sockets');
  const log = join(root, 'server.log');
  const pgCtl = join(bin, 'pg_ctl');
  let started = false;

  // pg_ctl starts the server in its own session, so it outlives a test run killed by Ctrl-C or
  // SIGTERM unless stopped here, synchronously, on the way out.
  const stopNow = () => {
    if (started) {
      const [command, argv] = how.argv(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w']);
      spawnSync(command, argv, { cwd: root, env: cleanEnv(), stdio: 'ignore' });
      started = false;
    }
    rmSync(root, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    detach();
    stopNow();
    // Ours was the only listener: die of the signal as the process would have without us.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const detach = () => {
    process.off('exit', stopNow);
    for (const signal of CLEANUP_SIGNALS) process.off(signal, onSignal);
  };
  process.on('exit', stopNow);
  for (const signal of CLEANUP_SIGNALS) process.once(signal, onSignal);

  try {
    await mkdir(sockets);
    if (how.owner) {
      await chown(root, how.owner.uid, how.owner.gid);
      await chown(sockets, how.owner.uid, how.owner.gid);
    }
    // --no-locale: byte-order collation whatever the machine's locale, so a test never depends on
    // it; --no-sync and fsync=off: the data is thrown away, so durability only costs time.
    await run(how, root, join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    const quoted = (s: string) => `'${s.replaceAll("'", "''")}'`;
    await appendFile(join(data, 'postgresql.conf'), [
      '',
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = ${quoted(sockets)}`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      '',
    ].join('\n'));

    let port = 0;
    // The free port is only free when looked at: another process may take it before the server binds.
    for (let attempt = 1; !started; attempt++) {
      port = await freePort();
      try {
        await run(how, root, pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port}`]);
        started = true;
      } catch (error) {
        if (attempt >= 3) {
          const tail = (await readFile(log, 'utf8').catch(() => '')).trim().split('\n').slice(-10).join('\n');
          throw new Error(`${(error as Error).message}\n${tail}`);
        }
      }
    }

    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return {
      url,
      createDatabase: databaseMaker(url, []),
      async stop() {
        detach();
        try {
          if (started) {
            started = false;
            // immediate: no shutdown checkpoint for data about to be deleted.
            await run(how, root, pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w']);
          }
        } finally {
          await rm(root, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    detach();
    stopNow();
    throw error;
  }
}

/** A server of one's own (or DATABASE_TEST_URL's); most suites want `postgresFor` instead. */
export async function startPostgres(): Promise<TestPostgres> {
  const existing = process.env.DATABASE_TEST_URL;
  if (existing) return useExisting(existing);
  const bin = findPostgresBin();
  if (bin) return startOwn(bin);
  if (inCi()) {
    throw new Error(`no PostgreSQL found (initdb and pg_ctl, on PATH or in /usr/lib/postgresql/*/bin), and in CI `
      + `a PostgreSQL test may not skip: ${INSTALL} (.ci/run installs it)`);
  }
  throw Object.assign(new Error(`no PostgreSQL found (initdb and pg_ctl, on PATH or in /usr/lib/postgresql/*/bin): ${INSTALL}`),
    { name: UNAVAILABLE });
}

// On globalThis, not in a module variable: mocha may load this file once as the root hook and again
// for the test files, and the two copies must share one server.
const SHARED = Symbol.for('placement-panel-bot/test-postgres');
type Holder = { [SHARED]?: Promise<TestPostgres> };

/** The run's shared server, started on first use. Its `stop` is the root hook's to call. */
export function sharedPostgres(): Promise<TestPostgres> {
  const holder = globalThis as Holder;
  holder[SHARED] ??= startPostgres();
  return holder[SHARED];
}

export async function stopSharedPostgres(): Promise<void> {
  const holder = globalThis as Holder;
  const server = holder[SHARED];
  delete holder[SHARED];
  if (server) await (await server.catch(() => undefined))?.stop();
}

/**
 * For a suite's `before` hook: the shared server, or, without PostgreSQL and outside CI, the suite
 * skipped with how to install it.
 */
export async function postgresFor(context: Mocha.Context): Promise<TestPostgres> {
  try {
    return await sharedPostgres();
  } catch (error) {
    if ((error as Error).name === UNAVAILABLE) {
      console.log(`      skipped: ${(error as Error).message}`);
      context.skip();
    }
    throw error;
  }
}

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopSharedPostgres();
  },
};
