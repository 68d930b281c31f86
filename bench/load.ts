/**
 * What the bench's HTTP loads share (bench/run.ts, bench/postgres.ts): the activities sent, a server
 * child (bench/server.ts) and an autocannon run against it, with the figures kept per run.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { BENCH_MEMBER } from './seed.js';

export const QUICK = process.argv.includes('--quick');
const HERE = dirname(fileURLToPath(import.meta.url));

export const DURATION_S = QUICK ? 3 : 8;
export const WARMUP_S = QUICK ? 2 : 3;
export const CONNECTIONS = 10;
export const TENANT = 'bench-tenant';

export function activityBase(seq: number) {
  return {
    id: `bench-${seq}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: BENCH_MEMBER.id, name: BENCH_MEMBER.name, aadObjectId: BENCH_MEMBER.aadObjectId },
    recipient: { id: '28:bot', name: 'Placement Panel' },
    conversation: { id: '19:panel@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: '19:panel@thread.tacv2' } },
    timestamp: new Date().toISOString(),
  };
}

export const QUESTION = JSON.stringify({ ...activityBase(1), conversation: { id: 'personal-1', conversationType: 'personal', tenantId: TENANT }, type: 'message', text: 'savings to date', deliveryMode: 'expectReplies' });

export function decideInvoke(seq: number, requestId: string): string {
  return JSON.stringify({
    ...activityBase(seq), type: 'invoke', name: 'adaptiveCard/action', replyToId: 'card-msg-1',
    value: { action: { type: 'Action.Execute', verb: 'decide', data: { requestId, outcome: 'approve', option: 'alt-1' } }, trigger: 'manual' },
  });
}

// ---- the server child ----

export interface Server {
  url: string;
  ask<T>(message: Record<string, unknown>, key: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startServer(args: string[], nodeOptions: string[] = []): Promise<Server> {
  const child: ChildProcess = fork(join(HERE, 'server.ts'), args, { execArgv: [...nodeOptions, '--import', 'tsx', '--no-deprecation'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(key: string) => new Promise<T>((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>) => {
      if ('error' in m) reject(new Error(String(m.error)));
      else if (key in m) {
        child.off('message', onMessage);
        resolve(m[key] as T);
      }
    };
    child.on('message', onMessage);
  });
  const url = await next<string>('url');
  return {
    url,
    ask: (message, key) => {
      const answer = next<never>(key);
      child.send(message);
      return answer;
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ exit: true });
      await exited;
    },
  };
}

// ---- load ----

export interface Load {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  rssMb: number;
  /** CPU time the server used per request answered (all its threads), in µs. */
  cpuUs: number;
  requests: number;
  bad: number;
  note?: string;
}

export async function cannon(url: string, durationS: number, body: string | ((seq: number) => string | undefined), amount?: number) {
  let seq = 0;
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections: CONNECTIONS,
    duration: durationS,
    // autocannon notices the end of a run (`amount` reached) only at its next sample: sampling every
    // 100 ms rather than every second keeps the elapsed time, and so req/s, within 1%.
    sampleInt: 100,
    ...(amount !== undefined && { amount }),
    requests: [{
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: typeof body === 'string' ? body : body(seq++) }),
    }],
  });
  const elapsedS = (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000;
  return { result, rps: result.requests.total / elapsedS };
}

export async function measure(label: string, args: string[], body: string | ((seq: number) => string | undefined), check: (server: Server) => Promise<void>, options: { warmBody?: string; amount?: number; after?: (server: Server, answered: number) => Promise<string> } = {}): Promise<Load> {
  const server = await startServer(args);
  try {
    await check(server);
    await cannon(server.url, WARMUP_S, options.warmBody ?? body);
    const cpuBefore = await server.ask<number>({ cpu: true }, 'cpu');
    const { result, rps } = await cannon(server.url, DURATION_S, body, options.amount);
    const cpuUs = (await server.ask<number>({ cpu: true }, 'cpu') - cpuBefore) / result.requests.total;
    const rss = await server.ask<number>({ rss: true }, 'rss');
    const note = await options.after?.(server, result.requests.total);
    return {
      label, rps, p50: result.latency.p50, p99: result.latency.p99, rssMb: rss / 2 ** 20, cpuUs,
      requests: result.requests.total, bad: result.non2xx + result.errors + result.timeouts, ...(note && { note }),
    };
  } finally {
    await server.stop();
  }
}

export async function post(url: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, text: await res.text() };
}

/** Runs a bench script in a process of its own and returns the JSON it prints last. */
export function script<T>(name: string, args: string[], nodeOptions: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeOptions, '--import', 'tsx', '--no-deprecation', join(HERE, name), ...args], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`bench/${name} failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as T);
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
