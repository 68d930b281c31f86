import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { createLogger } from '../../src/log/logger.js';
import { FakeConnector } from './fakeConnector.js';

export const API_KEY = 'test-intake-key-0123456789';
export const MEMBER = { id: '29:member-a', aadObjectId: 'aad-member-a', name: 'Jane Chair' };
export const MEMBER_B = { id: '29:member-b', aadObjectId: 'aad-member-b', name: 'Sam Finance' };
export const OUTSIDER = { id: '29:outsider', aadObjectId: 'aad-outsider', name: 'Pat Visitor' };
export const TENANT = 'tenant-1';

/** Every log line the app wrote during a test, for assertions that nothing personal was logged. */
export const logLines: string[] = [];

export interface Harness {
  app: App;
  url: string;
  dir: string;
  storePath: string;
  connector: FakeConnector;
  config: Config;
  /** Sends a message with deliveryMode expectReplies; returns the replies. */
  say(text: string, from?: typeof MEMBER, conversation?: ConversationOpts): Promise<Activity[]>;
  /** Sends an adaptiveCard/action invoke; returns the HTTP status and body. */
  invoke(verb: string, data: Record<string, unknown>, from?: typeof MEMBER, replyToId?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Sends any activity; returns the HTTP response. */
  activity(activity: Record<string, unknown>): Promise<Response>;
  api(method: string, path: string, body?: unknown, key?: string | null): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export type Activity = Record<string, unknown> & { type: string; text?: string; attachments?: { contentType: string; content: Record<string, unknown> }[] };
export interface ConversationOpts { id: string; conversationType?: string; teamId?: string }

export const PERSONAL: ConversationOpts = { id: 'personal-1', conversationType: 'personal' };
export const PANEL_CHANNEL: ConversationOpts = { id: '19:panel@thread.tacv2', conversationType: 'channel', teamId: '19:team@thread.tacv2' };

export interface HarnessOptions extends AppOptions {
  env?: Record<string, string>;
  dir?: string;
}

/** Starts the real app on a loopback port with a store in a temp folder and a fake Bot Connector. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = options.dir ?? await mkdtemp(join(tmpdir(), 'panel-bot-'));
  const storePath = join(dir, 'panel.json');
  const connector = new FakeConnector();
  await connector.start();
  const config = loadConfig({
    STORE_PATH: storePath,
    INTAKE_API_KEY: API_KEY,
    PANEL_MEMBERS: `${MEMBER.aadObjectId},${MEMBER_B.aadObjectId}`,
    SAVINGS_TARGET: '1000000',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const sink = new Writable({ write(chunk, _enc, cb) { logLines.push(String(chunk)); cb(); } });
  const app = await createApp(config, createLogger('info', sink), { outbound: { baseDelayMs: 5, minSpacingMs: 0, limits: [] }, ...options });
  const url = await app.listen(0);
  let seq = 0;

  const activity = (body: Record<string, unknown>) => fetch(`${url}/api/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });

  const base = (from: typeof MEMBER, conversation: ConversationOpts) => {
    seq += 1;
    return {
      id: `act-${seq}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { id: '28:bot', name: 'Placement Panel' },
      conversation: { id: conversation.id, conversationType: conversation.conversationType ?? 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, ...(conversation.teamId && { team: { id: conversation.teamId }, channel: { id: conversation.id } }) },
      timestamp: new Date().toISOString(),
    };
  };

  return {
    app, url, dir, storePath, connector, config, activity,
    async say(text, from = MEMBER, conversation = PERSONAL) {
      const res = await activity({ ...base(from, conversation), type: 'message', text, deliveryMode: 'expectReplies' });
      if (res.status !== 200) throw new Error(`say(${text}) answered ${res.status}: ${await res.text()}`);
      const body = await res.json() as { activities: Activity[] };
      return body.activities;
    },
    async invoke(verb, data, from = MEMBER, replyToId = 'card-msg-1') {
      const res = await activity({
        ...base(from, PANEL_CHANNEL), type: 'invoke', name: 'adaptiveCard/action', replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) as Record<string, unknown> : {} };
    },
    async api(method, path, body, key = API_KEY) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(key !== null && { authorization: `Bearer ${key}` }) },
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: Record<string, unknown> = {};
      try { parsed = text ? JSON.parse(text) as Record<string, unknown> : {}; } catch { parsed = { raw: text }; }
      return { status: res.status, body: parsed };
    },
    async close() {
      await app.close();
      await connector.stop();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Adds the app to the panel channel (an installationUpdate, as Teams sends it), so that requests and
 * the digest have somewhere to be posted: to the harness's fake Bot Connector unless told otherwise.
 */
export async function installInPanelChannel(h: Harness, serviceUrl = h.connector.url): Promise<void> {
  const res = await h.activity({
    type: 'installationUpdate', action: 'add', id: 'install-1', channelId: 'msteams', serviceUrl,
    from: { id: MEMBER.id, aadObjectId: MEMBER.aadObjectId, name: MEMBER.name }, recipient: { id: '28:bot', name: 'Placement Panel' },
    conversation: { id: PANEL_CHANNEL.id, conversationType: 'channel', tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: PANEL_CHANNEL.teamId }, channel: { id: PANEL_CHANNEL.id } },
  });
  assert.ok(res.status < 300, `install answered ${res.status}`);
}

/** The Adaptive Card in a reply, if any. */
export function cardOf(activity: Activity | undefined): Record<string, unknown> | undefined {
  return activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** A valid request body, to vary per test. */
export function sampleRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    childRef: 'C-10423',
    dateOfBirth: '2012-05-17',
    kind: 'new',
    needs: { summary: 'Trauma, risk of exploitation; out of school', scores: { emotional_wellbeing: 3, behaviour: 4, education: 2 } },
    proposed: {
      type: 'residential', provider: 'Hillside Children\'s Home', weeklyCost: '6108.00',
      startDate: '2026-04-06', plannedEndDate: '2027-04-05', funding: { socialCare: 100, health: 0, education: 0 },
    },
    alternatives: [
      { id: 'alt-1', label: 'In-house foster care with wrap-around support', type: 'in_house_fostering', weeklyCost: '1200.00' },
      { id: 'alt-2', label: 'High-end IFA', type: 'ifa', weeklyCost: '£3,671.25' },
    ],
    requestedBy: 'placements team',
    reason: 'No in-house match today',
    ...overrides,
  };
}
