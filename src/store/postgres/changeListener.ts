import type pg from 'pg';
import { CHANGES_CHANNEL } from './changeWriter.js';

export interface ListenerOptions {
  /** The first wait before reconnecting, doubled on each failure up to `maxDelayMillis`. */
  minDelayMillis?: number;
  maxDelayMillis?: number;
  warn?: (message: string, error: Error) => void;
}

/**
 * Hears other instances' commits, so that an instance that does not write still answers from the
 * latest data. The connection is its own, not the pool's: LISTEN belongs to a session, and a pooled
 * one is handed to other work and closed after a failure. `heard(seq)` is told each commit's last
 * seq; `heard()` with none after every (re)connection, since notifications sent while no session
 * listened are lost for good.
 */
export class ChangeListener {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private delay: number;
  private stopped = false;

  constructor(
    private readonly connect: () => pg.Client,
    private readonly heard: (seq?: number) => void,
    private readonly options: ListenerOptions = {},
  ) {
    this.delay = options.minDelayMillis ?? 200;
  }

  /** Resolves once listening, or once the first attempt failed and a retry is planned. */
  async start(): Promise<void> {
    await this.open();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const client = this.connect();
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      if (error) this.options.warn?.('the connection listening for other instances\' changes was lost; reconnecting', error);
      this.later();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL) return;
      const seq = Number(message.payload);
      this.heard(Number.isSafeInteger(seq) ? seq : undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (lost) return;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.delay = this.options.minDelayMillis ?? 200;
    this.heard();
  }

  private later(): void {
    clearTimeout(this.retry);
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, this.options.maxDelayMillis ?? 10_000);
    this.retry = setTimeout(() => void this.open(), wait);
    // A listener waiting to reconnect keeps no process alive.
    this.retry.unref();
  }
}
