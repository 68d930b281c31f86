import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/**
 * A Bot Connector stand-in on a loopback port: records what the bot posts and updates, and answers
 * with a scripted status (e.g. 429 with Retry-After) when a test asks for one.
 */
export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  private readonly script: { status: number; headers?: Record<string, string> }[] = [];
  private server?: http.Server;
  private nextId = 1;
  url = '';

  /** The next responses, in order, before normal 200s resume. */
  failNext(...responses: { status: number; headers?: Record<string, string> }[]): void {
    this.script.push(...responses);
  }

  /** Drops any scripted responses still waiting. */
  clearFailures(): void {
    this.script.length = 0;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => { raw += c; });
      req.on('end', () => {
        const body = raw ? JSON.parse(raw) as Record<string, unknown> : {};
        this.calls.push({ method: req.method ?? '', path: req.url ?? '', body });
        const scripted = this.script.shift();
        if (scripted) {
          res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
          res.end(JSON.stringify({ error: { code: 'Scripted', message: `scripted ${scripted.status}` } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: req.method === 'PUT' ? (req.url ?? '').split('/').pop() : `msg-${this.nextId++}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this.url;
  }

  posts(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST');
  }

  updates(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
