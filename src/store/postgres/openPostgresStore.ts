import pg from 'pg';
import type { StoreFile } from '../storeFile.js';
import { StoreError, describeError } from '../storeError.js';
import { BEGIN_WRITE, changesSince, lockHead, readHead, writeChanges } from './changeWriter.js';
import { ChangeListener, type ListenerOptions } from './changeListener.js';
import type { QueueDatabase, ReadTransaction, WriteTransaction } from './commitQueue.js';
import { Database, type DatabaseOptions } from './database.js';
import { databaseUrlProblem, describeDatabase, redactedUrl } from './databaseUrl.js';
import { applyMigrations, shippedMigrations, type Migration } from './migrations.js';
import { panelTypes } from './pgTypes.js';
import { PostgresStore } from './postgresStore.js';
import { readSnapshot } from './snapshot.js';

/*
 * Opening the PostgreSQL store (postgresStore.ts): the pool, the schema brought up to date
 * (migrations.ts), everything read into memory at one moment. The bot opens it when DATABASE_URL
 * is set; verify-store only reads it (readPostgresStore).
 */

export { PostgresStore } from './postgresStore.js';

export interface PostgresStoreOptions extends DatabaseOptions {
  /** The clock, for the time an idempotency key was first seen. */
  now?: () => Date;
  /** The schema's migrations; those in migrations/ by default. */
  migrations?: readonly Migration[];
  /** Told of what an operator should know of at open: the migrations applied. */
  notice?: (message: string) => void;
  /**
   * Whether to hear other instances' commits and catch up at once (default true); without, this
   * copy catches up only when it writes (tests of that path).
   */
  follow?: boolean;
  listener?: Omit<ListenerOptions, 'warn'>;
}

/** The error's own words, or those of the first of several (a host with two addresses refusing both). */
function reason(error: unknown): string {
  const first = (error as { errors?: unknown[] })?.errors?.[0];
  if (error instanceof Error && error.message === '' && first !== undefined) return describeError(first);
  return describeError(error);
}

const READ_ONE_STATE = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** How the listening session shows in pg_stat_activity. */
export const LISTENER_NAME = 'placement-panel-bot listener';

function writeTransaction(client: pg.ClientBase, where: string): WriteTransaction {
  return {
    lockHead: () => lockHead(client),
    changesSince: (seq, head) => changesSince(client, seq, head),
    snapshot: () => readSnapshot(client, where),
    write: (changes, firstSeq) => writeChanges(client, changes, firstSeq),
  };
}

function readTransaction(client: pg.ClientBase, where: string): ReadTransaction {
  return {
    head: () => readHead(client),
    changesSince: (seq, head) => changesSince(client, seq, head),
    snapshot: () => readSnapshot(client, where),
  };
}

/**
 * Opens the store in the database at `url` (postgres://user:password@host:5432/database, TLS as its
 * sslmode says), creating or migrating its tables. Throws a StoreError naming the database and its
 * host, never the password, when it cannot be reached, a migration fails, or what it holds does
 * not read.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const problem = databaseUrlProblem(url);
  if (problem) throw new StoreError(`The PostgreSQL URL ${problem}.`);
  const where = `PostgreSQL ${describeDatabase(url)}`;
  const db = new Database(url, options);
  try {
    const migrations = options.migrations ?? shippedMigrations();
    const applied = await db.withClient((client) => applyMigrations(client, migrations, where));
    if (applied.length > 0) options.notice?.(`The ${where} was migrated: ${applied.join(', ')}.`);
    const snapshot = await db.transaction((client) => readSnapshot(client, where), READ_ONE_STATE);
    const writes: QueueDatabase = {
      transaction: (body) => db.transaction((client) => body(writeTransaction(client, where)), BEGIN_WRITE),
      read: (body) => db.transaction((client) => body(readTransaction(client, where)), READ_ONE_STATE),
    };
    const store = new PostgresStore(redactedUrl(url), where, db, writes, snapshot, options.now ?? (() => new Date()));
    if (options.follow ?? true) {
      const listen = () => new pg.Client({
        connectionString: url, connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
        keepAlive: true, keepAliveInitialDelayMillis: 10_000, application_name: LISTENER_NAME,
      });
      await store.followWith(new ChangeListener(listen, (seq) => store.heard(seq), { ...options.listener, warn: options.warn }));
    }
    return store;
  } catch (error) {
    await db.end().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(`Cannot open the store in the ${where}: ${reason(error)}`, { cause: error });
  }
}

/**
 * What the store in the database at `url` holds, read at one moment without migrating or writing
 * anything (for verify-store, safe while the bot runs); null when the database holds no store.
 * Throws a StoreError naming the database, never the password.
 */
export async function readPostgresStore(url: string): Promise<StoreFile | null> {
  const problem = databaseUrlProblem(url);
  if (problem) throw new StoreError(`The PostgreSQL URL ${problem}.`);
  const where = `PostgreSQL ${describeDatabase(url)}`;
  const client = new pg.Client({ connectionString: url, types: panelTypes(), connectionTimeoutMillis: 10_000, application_name: 'placement-panel-bot verify-store' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('store_head') IS NOT NULL AS present");
    const data = rows[0]?.present ? (await readSnapshot(client, where)).file : null;
    await client.query('COMMIT');
    return data;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(`Cannot read the store in the ${where}: ${reason(error)}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
