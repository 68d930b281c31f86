import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the connector does with one call: answer with a status (and headers), never answer, or hold
 * the call until `release()` and then answer as usual.
 */
export type Behaviour = { status: number; headers?: Record<string, string> } | 'hang' | 'hold';

export interface RecordedCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** performance.now() when the request had fully arrived, for pacing checks. */
  at: number;
  answered: number | 'hang';
}

function isConversationCreate(method: string | undefined, path: string | undefined): boolean {
  return method === 'POST' && /^\/v3\/conversations\/?(\?|$)/.test(path ?? '');
}

/**
 * A Bot Connector stand-in on a loopback port: records what the bot posts and updates, and answers
 * with a scripted behaviour (e.g. 429 with Retry-After, or no answer at all) when a test asks for one.
 */
export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  private readonly script: Behaviour[] = [];
  private readonly hanging = new Set<http.ServerResponse>();
  private held: (() => void)[] = [];
  private server?: http.Server;
  private nextId = 1;
  url = '';

  /** The next calls' behaviours, in order, before normal 200s resume. */
  failNext(...behaviours: Behaviour[]): void {
    this.script.push(...behaviours);
  }

  /** Answers the calls held so far. */
  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  /** Drops any scripted behaviours still waiting. */
  clearFailures(): void {
    this.script.length = 0;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => { raw += c; });
      req.on('end', () => {
        const at = performance.now();
        const body = raw ? JSON.parse(raw) as Record<string, unknown> : {};
        const behaviour = this.script.shift();
        this.calls.push({ method: req.method ?? '', path: req.url ?? '', body, at, answered: behaviour === 'hang' ? 'hang' : behaviour === 'hold' || behaviour === undefined ? 200 : behaviour.status });
        if (behaviour === 'hang') {
          this.hanging.add(res);
          return;
        }
        if (behaviour && behaviour !== 'hold') {
          res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
          res.end(JSON.stringify({ error: { code: 'Scripted', message: `scripted ${behaviour.status}` } }));
          return;
        }
        const answer = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          // Creating a conversation (a 1:1 chat) is answered with the new conversation's id.
          const id = isConversationCreate(req.method, req.url) ? `a:personal-${this.nextId++}`
            : req.method === 'PUT' ? (req.url ?? '').split('/').pop() : `msg-${this.nextId++}`;
          res.end(JSON.stringify({ id }));
        };
        if (behaviour === 'hold') this.held.push(answer);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this.url;
  }

  posts(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST');
  }

  /** The conversations the bot created (POST /v3/conversations): personal chats with one member each. */
  conversationsCreated(): RecordedCall[] {
    return this.calls.filter((c) => isConversationCreate(c.method, c.path));
  }

  updates(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
