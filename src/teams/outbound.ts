import type { CloudAdapter } from 'botbuilder';
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from '../log/logger.js';

/** Statuses Teams documents as worth retrying: throttled, precondition (concurrent update), gateway. */
const RETRYABLE = new Set([412, 429, 500, 502, 503, 504]);

/**
 * Teams' limits per bot per conversation (thread): at most `count` messages in any `ms`. A digest or
 * a batch of imported requests posted at once is spread out to stay under all of them, rather than
 * sent and answered with 429s.
 */
export const TEAMS_CONVERSATION_LIMITS: readonly { count: number; ms: number }[] = [
  { count: 7, ms: 1_000 },
  { count: 8, ms: 2_000 },
  { count: 60, ms: 30_000 },
  { count: 1_800, ms: 3_600_000 },
];

/** Added to each window: Teams counts arrivals, and one post may take longer to get there than another. */
const WINDOW_MARGIN_MS = 250;

export interface OutboundOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  /**
   * Least spacing between posts to one conversation, on top of TEAMS_CONVERSATION_LIMITS. The
   * default, 150 ms, keeps 7 a second with a margin over 1000/7 (143 ms) for timer and network jitter.
   */
  minSpacingMs?: number;
  /** The windows to keep under; TEAMS_CONVERSATION_LIMITS by default (tests that post hundreds set none). */
  limits?: readonly { count: number; ms: number }[];
  /**
   * How long one attempt may take before it counts as failed (and is retried). botframework-connector
   * sets no timeout of its own, so a Bot Connector that never answers would hold the post forever.
   * An attempt is one HTTP call: the connector client's own retries are removed
   * (singleAttemptConnectors.ts), so only this class retries.
   */
  attemptTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export class OutboundError extends Error {
  constructor(message: string, readonly status: number | undefined) {
    super(message);
  }
}

interface HttpishError {
  statusCode?: number;
  status?: number;
  code?: string;
  response?: { status?: number; headers?: { get?: (name: string) => string | null | undefined } & Record<string, unknown> };
}

function statusOf(err: unknown): number | undefined {
  const e = err as HttpishError;
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}

function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as HttpishError)?.response?.headers;
  const raw = headers?.get?.('retry-after') ?? (headers?.['retry-after'] as string | undefined);
  if (raw === undefined || raw === null) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function isTransient(err: unknown): boolean {
  const status = statusOf(err);
  if (status !== undefined) return RETRYABLE.has(status);
  const code = (err as HttpishError)?.code;
  return code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'OUTBOUND_TIMEOUT' || code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

/** `work`, or a rejection with code OUTBOUND_TIMEOUT once `ms` have passed (the work itself is abandoned). */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'OUTBOUND_TIMEOUT' })), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends proactive messages and card updates to Teams conversations: paced under Teams' per-conversation
 * rate limit, retried with jittered backoff on 429/412/5xx (honouring Retry-After), and never throwing
 * past `maxAttempts` without saying why in the log.
 */
export class Outbound {
  // Per conversation: the times sends were (or are scheduled to be) made, oldest first, within the longest window.
  private readonly sendTimes = new Map<string, number[]>();
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly minSpacingMs: number;
  private readonly limits: readonly { count: number; ms: number }[];
  private readonly attemptTimeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly logger: Logger,
    options: OutboundOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.minSpacingMs = options.minSpacingMs ?? 150;
    this.limits = options.limits ?? TEAMS_CONVERSATION_LIMITS;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** Posts an activity to the conversation; resolves with the new message's id. */
  async post(reference: Partial<ConversationReference>, activity: Partial<Activity>, what: string): Promise<string | undefined> {
    let id: string | undefined;
    await this.withRetry(reference, what, async (context) => {
      id = (await context.sendActivity(activity))?.id;
    });
    return id;
  }

  /** Replaces the message `activityId` in the conversation with `activity`. */
  async update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>, what: string): Promise<void> {
    await this.withRetry(reference, what, async (context) => {
      await context.updateActivity({ ...activity, id: activityId, conversation: context.activity.conversation });
    });
  }

  /** Waits for (and reserves) the first moment a send to the conversation keeps under every limit. */
  private async pace(conversationId: string): Promise<void> {
    const now = this.now();
    const longest = Math.max(this.minSpacingMs, ...this.limits.map((l) => l.ms));
    const times = (this.sendTimes.get(conversationId) ?? []).filter((t) => t > now - longest);
    let slot = Math.max(now, (times.at(-1) ?? -Infinity) + this.minSpacingMs);
    // A send at `slot` is allowed when fewer than `count` sends fall in the (widened) window ending there.
    for (const { count, ms } of this.limits) {
      if (times.length >= count) slot = Math.max(slot, times[times.length - count]! + ms + WINDOW_MARGIN_MS);
    }
    times.push(slot);
    this.sendTimes.set(conversationId, times);
    if (slot > now) await this.sleep(slot - now);
  }

  private async withRetry(reference: Partial<ConversationReference>, what: string, send: (context: TurnContext) => Promise<void>): Promise<void> {
    const conversationId = reference.conversation?.id ?? 'unknown';
    for (let attempt = 1; ; attempt += 1) {
      await this.pace(conversationId);
      try {
        // The adapter hands an error thrown in the turn to its onTurnError, which logs and swallows it:
        // catch it here instead, so that a 403, 412 or 429 reaches the handling below.
        let failure: { error: unknown } | undefined;
        await withTimeout(this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
          try {
            await send(context);
          } catch (error) {
            failure = { error };
          }
        }), this.attemptTimeoutMs);
        if (failure) throw failure.error;
        return;
      } catch (err) {
        const status = statusOf(err);
        if (status === 403 || status === 404) {
          this.logger.warn({ what, status, conversationId }, 'outbound refused: the app is no longer in that conversation');
          throw new OutboundError(`${what}: the app is not installed in that conversation (HTTP ${status})`, status);
        }
        if (!isTransient(err) || attempt >= this.maxAttempts) {
          this.logger.error({ what, status, attempt, conversationId }, 'outbound gave up');
          throw new OutboundError(`${what}: gave up after ${attempt} attempt(s)${status ? ` (HTTP ${status})` : ''}`, status);
        }
        const backoff = this.baseDelayMs * 2 ** (attempt - 1);
        const delay = retryAfterMs(err) ?? backoff / 2 + Math.random() * backoff;
        this.logger.warn({ what, status, attempt, delayMs: Math.round(delay) }, 'outbound retry');
        await this.sleep(delay);
      }
    }
  }
}
