import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { cardText } from '../cards/cardQuality.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ENTRY = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
export const API_KEY = 'reliability-intake-key-0123456789';
export const TENANT = 'tenant-1';
export const PANEL_CHANNEL = { id: '19:panel@thread.tacv2', teamId: '19:team@thread.tacv2' };

export interface Member { id: string; aadObjectId: string; name: string }

/** `n` panel members: "Member 1" … with aad ids aad-m1 …. */
export function members(n: number): Member[] {
  return Array.from({ length: n }, (_, i) => ({ id: `29:m${i + 1}`, aadObjectId: `aad-m${i + 1}`, name: `Member ${i + 1}` }));
}

/** A port free on loopback a moment ago (the server is told it by PORT, as index.ts does not print it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** What the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** SIGKILL: no clean-up, no lock release; resolves once the process is gone. */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  storePath: string;
  env?: Record<string, string>;
  /** Run the server under this command line prefix (e.g. strace …); the node command follows it. */
  prefix?: string[];
}

/** The real server (`node --import tsx src/index.ts`) on a free loopback port; resolves when /healthz answers. */
export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STORE_PATH: options.storePath,
      INTAKE_API_KEY: API_KEY,
      LOG_LEVEL: 'silent',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      ...options.env,
    };
    const command = [...(options.prefix ?? []), process.execPath, '--import', 'tsx', ENTRY];
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const url = `http://127.0.0.1:${port}`;
    const kill = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    };
    // Generous: tsx compiles the sources at start, slow on a busy machine.
    const deadline = Date.now() + 60_000;
    let up = false;
    while (!up && Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
      if (!up) await new Promise((r) => setTimeout(r, 50));
    }
    if (up) return { child, url, stderr: () => stderr, kill };
    await kill();
    // Another process took the port between the probe and the listen: try another.
    if (attempt < 3 && /EADDRINUSE/.test(stderr)) continue;
    throw new Error(`the server did not start (exit ${child.exitCode ?? child.signalCode}): ${stderr.slice(-2000)}`);
  }
}

let seq = 0;

/** An Adaptive Card Action.Execute invoke from `from` in the panel channel, as Teams sends it. */
export function decideActivity(serviceUrl: string, from: Member, data: Record<string, unknown>): Record<string, unknown> {
  seq += 1;
  return {
    type: 'invoke', name: 'adaptiveCard/action', id: `rel-${process.pid}-${seq}`, channelId: 'msteams', serviceUrl,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: '28:bot', name: 'Placement Panel' },
    conversation: { id: PANEL_CHANNEL.id, conversationType: 'channel', tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: PANEL_CHANNEL.teamId }, channel: { id: PANEL_CHANNEL.id } },
    replyToId: 'card-msg-1', timestamp: new Date().toISOString(),
    value: { action: { type: 'Action.Execute', verb: 'decide', data: { ...data } }, trigger: 'manual' },
  };
}

/** POSTs JSON; resolves with status and parsed body, or rejects when the connection fails. */
export async function postJson(url: string, body: unknown, key: string | null = API_KEY): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key !== null && { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) as Record<string, unknown> : {} };
}

/** What an invoke answer says: the member's decision recorded, another member's first, or neither. */
export function readDecisionCard(body: Record<string, unknown>): { kind: 'recorded' | 'already'; by: string } | undefined {
  const value = body.value;
  if (!value || typeof value !== 'object') return undefined;
  const text = cardText(value);
  const already = /Already decided: [a-z ]+ by (.+?) at \d/.exec(text);
  if (already) return { kind: 'already', by: already[1]! };
  const recorded = /(?:Approved|Declined)[^\n]* — by (.+?), \d/.exec(text);
  if (recorded) return { kind: 'recorded', by: recorded[1]! };
  return undefined;
}
