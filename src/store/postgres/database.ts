import pg from 'pg';
import { panelTypes } from './pgTypes.js';

export interface DatabaseOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** How long to wait for a connection, from the pool or the server (default 10 s). */
  connectionTimeoutMillis?: number;
  /** How long one query may take before the store gives up on it and on its connection (default 30 s). */
  queryTimeoutMillis?: number;
  /** Makes the pool from its settings; `new pg.Pool` by default (tests wrap it to lose connections). */
  pool?: (config: pg.PoolConfig) => pg.Pool;
  /** Told of a connection lost while idle: the pool replaces it, so it is worth a warning only. */
  warn?: (message: string, error: Error) => void;
}

/** The database did not say whether it committed: the connection was lost on the way. */
export class CommitUnknown extends Error {
  constructor(cause: unknown) {
    super(`the connection was lost while committing (${(cause as Error)?.message ?? String(cause)})`, { cause });
    this.name = 'CommitUnknown';
  }
}

/**
 * Whether `error` came with an answer from the server (a refused statement) rather than from losing
 * it: a refusal leaves the database reachable. Class 08 (connection) and 57P (shutdown) say it is not.
 */
function answeredByServer(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError)) return false;
  const code = error.code ?? '';
  return !code.startsWith('08') && !code.startsWith('57P');
}

/**
 * The store's pool, and whether the database answered the last time it was asked. A client is held
 * for one unit of work and closed, not reused, when that work failed: its session may be mid-
 * transaction or gone.
 */
export class Database {
  readonly pool: pg.Pool;
  private answered = true;
  private probing: Promise<boolean> | undefined;

  constructor(url: string, private readonly options: DatabaseOptions = {}) {
    const config: pg.PoolConfig = {
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
      query_timeout: options.queryTimeoutMillis ?? 30_000,
      idleTimeoutMillis: 30_000,
      // A connection dropped by a firewall or a failover is found before a write waits on it.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'placement-panel-bot',
      types: panelTypes(),
    };
    this.pool = (options.pool ?? ((c) => new pg.Pool(c)))(config);
    // An idle connection that breaks is reported here (without a listener the process would end).
    // It says nothing of the database, which a proxy's idle timeout also does: the next query does.
    this.pool.on('error', (error) => {
      this.options.warn?.('a connection to the database was lost while idle; the pool replaces it', error);
    });
  }

  /** Whether the database answered the last query (a refused statement counts as an answer). */
  get reachable(): boolean {
    return this.answered;
  }

  /** Runs `use` on a connection of its own; one that failed is closed rather than reused. */
  async withClient<T>(use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      this.answered = false;
      throw error;
    }
    // A held connection that breaks between queries emits 'error', which pg-pool listens for only
    // while the connection is idle; the next query on it fails and says so.
    const ignore = () => undefined;
    client.on('error', ignore);
    let failure: Error | undefined;
    try {
      const result = await use(client);
      this.answered = true;
      return result;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      this.answered = answeredByServer(error);
      throw error;
    } finally {
      client.off('error', ignore);
      client.release(failure);
    }
  }

  /**
   * Runs `body` in a transaction begun with `begin`, committed when it resolves and rolled back when
   * it throws. A COMMIT whose answer was lost throws CommitUnknown.
   */
  transaction<T>(body: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    return this.withClient(async (client) => {
      await client.query(begin);
      let result: T;
      try {
        result = await body(client);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      try {
        await client.query('COMMIT');
      } catch (error) {
        throw answeredByServer(error) ? error : new CommitUnknown(error);
      }
      return result;
    });
  }

  /** Whether the database takes writes now: reachable, and not a standby or read-only (a full disk on a managed server). */
  writable(): Promise<boolean> {
    this.probing ??= this.withClient(async (client) => {
      const { rows } = await client.query<{ writable: boolean }>("SELECT current_setting('transaction_read_only') = 'off' AS writable");
      return rows[0]?.writable === true;
    }).catch(() => false).finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
