import type pg from 'pg';
import { fieldProblems, problemLines } from '../../domain/issues.js';
import { deepFreeze } from '../../lib/deepFreeze.js';
import { emptyChain } from '../hashChain.js';
import { countersPastRequests } from '../recordIds.js';
import { StoreError } from '../storeError.js';
import { STORE_VERSION, storeFileSchema, type ChainState, type StoreFile } from '../storeFile.js';
import { count } from './pgTypes.js';

/** Everything the store holds, as of change `seq`, in the JSON store's shape (storeFile.ts). */
export interface Snapshot {
  seq: number;
  file: StoreFile;
}

interface ChainRow {
  name: 'decisions' | 'events' | 'governance';
  head: string;
  length: string;
  skipped: string;
  purged: unknown;
}

/**
 * Reads the whole store through `client`, which must see one state throughout: a REPEATABLE READ
 * transaction, or one holding store_head's lock. Validated with the JSON store's own schema, so
 * that memory holds exactly what the JSON store would; throws a StoreError naming what does not fit.
 */
export async function readSnapshot(client: pg.ClientBase, where: string): Promise<Snapshot> {
  const rows = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;
  const [head] = await rows<{ seq: string }>('SELECT seq FROM store_head WHERE id = 1');
  if (!head) throw new StoreError(`The ${where} has no store_head row: it was not created by this bot's migrations.`);
  const requests = await rows<{ record: unknown }>('SELECT record FROM requests ORDER BY change_seq, ordinal');
  const decisions = await rows<{ record: unknown }>('SELECT record FROM decisions ORDER BY change_seq');
  const events = await rows<{ record: unknown }>('SELECT record FROM events ORDER BY change_seq');
  const counters = await rows<{ year: string; last_number: number }>('SELECT year, last_number FROM request_counters ORDER BY year');
  const conversations = await rows<{ role: string; ref: unknown }>('SELECT role, ref FROM conversations ORDER BY role');
  const cards = await rows<{ request_id: string; conversation_id: string; activity_id: string; decisions: number | null }>(
    'SELECT request_id, conversation_id, activity_id, decisions FROM cards ORDER BY request_id');
  const [digest] = await rows<{ last_week_sent: string | null; last_reminder_day: string | null }>('SELECT last_week_sent, last_reminder_day FROM digest_state WHERE id = 1');
  const keys = await rows<{ key: string; request_id: string; event_id: string | null; fingerprint: string | null; used_at: string }>(
    'SELECT key, request_id, event_id, fingerprint, used_at FROM idempotency_keys ORDER BY key');
  const chains = await rows<ChainRow>('SELECT name, head, length, skipped, purged FROM chains');
  // A database not yet migrated to 005_governance (verify-store reads without migrating) holds none.
  const [kept] = await rows<{ present: boolean }>("SELECT to_regclass('governance') IS NOT NULL AS present");
  const governance = kept?.present ? await rows<{ record: unknown }>('SELECT record FROM governance ORDER BY change_seq') : undefined;

  const chain = (name: ChainRow['name']): ChainState => {
    const row = chains.find((c) => c.name === name);
    if (!row && name === 'governance' && !governance) return emptyChain('governance');
    if (!row) throw new StoreError(`The ${where} has no ${name} chain row: it was not created by this bot's migrations.`);
    const skipped = count(row.skipped, `the ${name} chain's skipped`);
    return { head: row.head, length: count(row.length, `the ${name} chain's length`), purged: row.purged as ChainState['purged'], ...(skipped > 0 && { skipped }) };
  };
  const candidate = {
    version: STORE_VERSION,
    requests: requests.map((r) => r.record),
    decisions: decisions.map((r) => r.record),
    events: events.map((r) => r.record),
    governance: (governance ?? []).map((r) => r.record),
    counters: Object.fromEntries(counters.map((c) => [c.year, c.last_number])),
    conversations: Object.fromEntries(conversations.map((c) => [c.role, c.ref])),
    cards: Object.fromEntries(cards.map((c) => [c.request_id, {
      conversationId: c.conversation_id, activityId: c.activity_id, ...(c.decisions !== null && { decisions: c.decisions }),
    }])),
    digest: {
      ...(digest?.last_week_sent != null && { lastWeekSent: digest.last_week_sent }),
      ...(digest?.last_reminder_day != null && { lastReminderDay: digest.last_reminder_day }),
    },
    ...(keys.length > 0 && {
      dedupe: Object.fromEntries(keys.map((k) => [k.key, {
        requestId: k.request_id, at: k.used_at,
        ...(k.event_id !== null && { eventId: k.event_id }), ...(k.fingerprint !== null && { fingerprint: k.fingerprint }),
      }])),
    }),
    chain: { decisions: chain('decisions'), events: chain('events'), governance: chain('governance') },
  };
  const parsed = storeFileSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new StoreError(`The ${where} holds data this version cannot read: ${problemLines(fieldProblems(parsed.error)).slice(0, 5).join('; ')}`);
  }
  const file = parsed.data;
  for (const list of [file.requests, file.decisions, file.events, file.governance]) for (const r of list) deepFreeze(r);
  for (const r of Object.values(file.conversations)) deepFreeze(r);
  for (const r of Object.values(file.cards)) deepFreeze(r);
  deepFreeze(file.digest);
  // As the JSON store does for a file edited by hand: a request inserted by hand moves its counter.
  countersPastRequests(file);
  return { seq: count(head.seq, 'store_head.seq'), file };
}
