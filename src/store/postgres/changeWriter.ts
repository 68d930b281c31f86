import type pg from 'pg';
import type { JournalOp } from '../journal.js';
import type { CardRef, ConversationRefStored, DigestState } from '../storeFile.js';
import { parseChange, requestIdsOf, type Change, type PurgeOp } from './changes.js';
import { count } from './pgTypes.js';
import { decisionRow, eventRow, governanceRow, keyRow, requestRow } from './rows.js';

/*
 * The SQL of a write transaction. Every write first locks store_head (`lockHead`), so writers take
 * turns and the seq there says whether a writer's copy in memory is the latest. A batch of changes
 * is written with one statement per table rather than per change (a round trip each), in runs split
 * at each purge, whose deletions must follow what comes before it and precede what comes after.
 */

/**
 * How a write transaction begins. A writer stopped part-way (a process frozen, a network cut that
 * sends no reset) would hold store_head, and with it every instance's writes, until the server
 * noticed; it ends such a session after a minute instead.
 */
export const BEGIN_WRITE = "BEGIN; SET LOCAL idle_in_transaction_session_timeout = '60s'";

/** The channel told of each committed write, with its last seq as the payload. */
export const CHANGES_CHANNEL = 'panel_changes';

/** Locks store_head for the rest of the transaction; the last change the database holds. */
export async function lockHead(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ seq: string }>('SELECT seq FROM store_head WHERE id = 1 FOR UPDATE');
  if (!rows[0]) throw new Error('store_head has no row: the database was not created by this bot\'s migrations');
  return count(rows[0].seq, 'store_head.seq');
}

/** The last change the database holds, without locking (a reader catching up). */
export async function readHead(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ seq: string }>('SELECT seq FROM store_head WHERE id = 1');
  if (!rows[0]) throw new Error('store_head has no row: the database was not created by this bot\'s migrations');
  return count(rows[0].seq, 'store_head.seq');
}

/**
 * The changes after `seq` up to `head`, in order; undefined when some of them are no longer kept
 * (a purge deleted them), and only reading everything again will do.
 */
export async function changesSince(client: pg.ClientBase, seq: number, head: number): Promise<Change[] | undefined> {
  if (head < seq) return undefined;
  const { rows } = await client.query<{ seq: string; op: unknown }>(
    'SELECT seq, op FROM changes WHERE seq > $1 AND seq <= $2 ORDER BY seq', [seq, head]);
  if (rows.length !== head - seq) return undefined;
  return rows.map((row, i) => {
    const at = count(row.seq, 'changes.seq');
    if (at !== seq + i + 1) throw new Error(`change ${seq + i + 1} is missing from the changes table`);
    return parseChange(row.op, at);
  });
}

type Kept = Exclude<Change, PurgeOp>;

/** Writes `changes`, numbered from `firstSeq`, and moves store_head past them, telling listeners. */
export async function writeChanges(client: pg.ClientBase, changes: readonly Change[], firstSeq: number): Promise<void> {
  let run: { seq: number; change: Kept }[] = [];
  let seq = firstSeq;
  for (const change of changes) {
    if (change.kind === 'purge') {
      await writeRun(client, run);
      run = [];
      await writePurge(client, change, seq);
    } else {
      run.push({ seq, change });
    }
    seq += 1;
  }
  await writeRun(client, run);
  const last = firstSeq + changes.length - 1;
  await client.query(`WITH head AS (UPDATE store_head SET seq = $1 WHERE id = 1)
    SELECT pg_notify('${CHANGES_CHANNEL}', $1::text)`, [last]);
}

const json = (value: unknown) => JSON.stringify(value);

/** Changes with no purge among them, gathered by table. */
async function writeRun(client: pg.ClientBase, run: readonly { seq: number; change: Kept }[]): Promise<void> {
  if (run.length === 0) return;
  const requests: ReturnType<typeof requestRow>[] = [];
  const decisions: ReturnType<typeof decisionRow>[] = [];
  const events: ReturnType<typeof eventRow>[] = [];
  const governance: ReturnType<typeof governanceRow>[] = [];
  const keys: ReturnType<typeof keyRow>[] = [];
  const counters = new Map<string, number>();
  // The latest setting wins, as in memory.
  const cards = new Map<string, CardRef>();
  const conversations = new Map<string, ConversationRefStored>();
  let digest: DigestState | undefined;
  const addKeys = (dedupe: Record<string, Parameters<typeof keyRow>[1]> | undefined) => {
    for (const [key, entry] of Object.entries(dedupe ?? {})) keys.push(keyRow(key, entry));
  };
  for (const { seq, change } of run) {
    const op: JournalOp = change;
    switch (op.kind) {
      case 'requests':
        op.records.forEach((r, i) => requests.push(requestRow(r, seq, i)));
        for (const [year, n] of Object.entries(op.counters)) counters.set(year, Math.max(n, counters.get(year) ?? 0));
        addKeys(op.dedupe);
        break;
      case 'decision':
        decisions.push(decisionRow(op.record, seq));
        break;
      case 'event':
        events.push(eventRow(op.record, seq));
        addKeys(op.dedupe);
        break;
      case 'governance':
        governance.push(governanceRow(op.record, seq));
        break;
      case 'card':
        cards.set(op.requestId, op.card);
        break;
      case 'conversation':
        conversations.set(op.role, op.ref);
        break;
      case 'digest':
        digest = op.state;
        break;
    }
  }

  if (requests.length > 0) await insertRequests(client, requests);
  if (counters.size > 0) {
    await client.query(`INSERT INTO request_counters (year, last_number)
      SELECT key, value::integer FROM jsonb_each_text($1::jsonb)
      ON CONFLICT (year) DO UPDATE SET last_number = GREATEST(request_counters.last_number, EXCLUDED.last_number)`,
    [json(Object.fromEntries(counters))]);
  }
  if (decisions.length > 0) {
    await insertDecisions(client, decisions);
    await advanceChain(client, 'decisions', decisions);
  }
  if (events.length > 0) {
    await insertEvents(client, events);
    await advanceChain(client, 'events', events);
  }
  if (governance.length > 0) {
    await insertGovernance(client, governance);
    await advanceChain(client, 'governance', governance);
  }
  if (keys.length > 0) await insertKeys(client, keys);
  if (cards.size > 0) {
    const rows = [...cards].map(([requestId, c]) => ({
      request_id: requestId, conversation_id: c.conversationId, activity_id: c.activityId, decisions: c.decisions ?? null,
    }));
    await client.query(`INSERT INTO cards (request_id, conversation_id, activity_id, decisions)
      SELECT request_id, conversation_id, activity_id, decisions
      FROM jsonb_to_recordset($1::jsonb) AS c(request_id text, conversation_id text, activity_id text, decisions integer)
      ON CONFLICT (request_id) DO UPDATE
        SET conversation_id = EXCLUDED.conversation_id, activity_id = EXCLUDED.activity_id, decisions = EXCLUDED.decisions`, [json(rows)]);
  }
  if (conversations.size > 0) {
    const rows = [...conversations].map(([role, ref]) => ({ role, ref }));
    await client.query(`INSERT INTO conversations (role, ref)
      SELECT role, ref FROM jsonb_to_recordset($1::jsonb) AS c(role text, ref jsonb)
      ON CONFLICT (role) DO UPDATE SET ref = EXCLUDED.ref`, [json(rows)]);
  }
  if (digest) {
    await client.query('UPDATE digest_state SET last_week_sent = $1, last_reminder_day = $2 WHERE id = 1', [digest.lastWeekSent ?? null, digest.lastReminderDay ?? null]);
  }
  await logChanges(client, run.map(({ seq, change }) => ({ seq, op: change, request_ids: requestIdsOf(change) })));
}

/* One statement per table for many rows (rows.ts); also used to load a whole store (loadStore.ts). */

export async function insertRequests(client: pg.ClientBase, requests: readonly ReturnType<typeof requestRow>[]): Promise<void> {
  await client.query(`INSERT INTO requests (id, change_seq, ordinal, record, received_at, received_via, child_ref, kind,
      proposed_type, proposed_weekly_cost, current_weekly_cost, start_date)
    SELECT id, change_seq, ordinal, record, received_at, received_via, child_ref, kind,
      proposed_type, proposed_weekly_cost, current_weekly_cost, start_date
    FROM jsonb_to_recordset($1::jsonb) AS r(id text, change_seq bigint, ordinal integer, record jsonb, received_at timestamptz,
      received_via text, child_ref text, kind text, proposed_type text, proposed_weekly_cost numeric(14,2),
      current_weekly_cost numeric(14,2), start_date date)`, [json(requests)]);
}

export async function insertDecisions(client: pg.ClientBase, decisions: readonly ReturnType<typeof decisionRow>[]): Promise<void> {
  await client.query(`INSERT INTO decisions (id, request_id, change_seq, record, outcome, option, effective_from, review_date,
      decided_by, decided_at, prev_hash, hash)
    SELECT id, request_id, change_seq, record, outcome, option, effective_from, review_date, decided_by, decided_at, prev_hash, hash
    FROM jsonb_to_recordset($1::jsonb) AS d(id text, request_id text, change_seq bigint, record jsonb, outcome text, option text,
      effective_from date, review_date date, decided_by text, decided_at timestamptz, prev_hash text, hash text)`, [json(decisions)]);
}

export async function insertEvents(client: pg.ClientBase, events: readonly ReturnType<typeof eventRow>[]): Promise<void> {
  await client.query(`INSERT INTO events (id, request_id, change_seq, record, type, date, weekly_cost, reason, recorded_by,
      recorded_at, prev_hash, hash)
    SELECT id, request_id, change_seq, record, type, date, weekly_cost, reason, recorded_by, recorded_at, prev_hash, hash
    FROM jsonb_to_recordset($1::jsonb) AS e(id text, request_id text, change_seq bigint, record jsonb, type text, date date,
      weekly_cost numeric(14,2), reason text, recorded_by text, recorded_at timestamptz, prev_hash text, hash text)`, [json(events)]);
}

export async function insertGovernance(client: pg.ClientBase, records: readonly ReturnType<typeof governanceRow>[]): Promise<void> {
  await client.query(`INSERT INTO governance (id, change_seq, record, type, recorded_by, recorded_at, prev_hash, hash)
    SELECT id, change_seq, record, type, recorded_by, recorded_at, prev_hash, hash
    FROM jsonb_to_recordset($1::jsonb) AS g(id text, change_seq bigint, record jsonb, type text, recorded_by text,
      recorded_at timestamptz, prev_hash text, hash text)`, [json(records)]);
}

export async function insertKeys(client: pg.ClientBase, keys: readonly ReturnType<typeof keyRow>[]): Promise<void> {
  await client.query(`INSERT INTO idempotency_keys (key, request_id, event_id, fingerprint, used_at)
    SELECT key, request_id, event_id, fingerprint, used_at
    FROM jsonb_to_recordset($1::jsonb) AS k(key text, request_id text, event_id text, fingerprint text, used_at text)`, [json(keys)]);
}

/**
 * Moves the chain's head to its last new record. Only a chain that still ends where the first new
 * record begins is moved: anything else would fork it, and the write fails instead.
 */
async function advanceChain(client: pg.ClientBase, name: 'decisions' | 'events' | 'governance', rows: readonly { prev_hash?: string | undefined; hash?: string | undefined }[]): Promise<void> {
  const result = await client.query(
    'UPDATE chains SET head = $2, length = length + $3 WHERE name = $1 AND head = $4',
    [name, rows.at(-1)!.hash, rows.length, rows[0]!.prev_hash]);
  if (result.rowCount !== 1) throw new Error(`the ${name} chain in the database does not end where this write begins`);
}

async function logChanges(client: pg.ClientBase, rows: readonly { seq: number; op: Change; request_ids: string[] }[]): Promise<void> {
  await client.query(`INSERT INTO changes (seq, op, request_ids)
    SELECT seq, op, request_ids FROM jsonb_to_recordset($1::jsonb) AS c(seq bigint, op jsonb, request_ids text[])`, [json(rows)]);
}

/**
 * Removes the requests with everything that names them, the logged changes too (they hold the
 * requests' personal data), and keeps the chains' purged runs. The governance chain is not touched.
 */
async function writePurge(client: pg.ClientBase, purge: PurgeOp, seq: number): Promise<void> {
  // One statement: the foreign keys are checked at its end, once the children have gone too.
  await client.query(`WITH gone AS (SELECT unnest($1::text[]) AS id),
      cards_gone AS (DELETE FROM cards WHERE request_id IN (SELECT id FROM gone)),
      keys_gone AS (DELETE FROM idempotency_keys WHERE request_id IN (SELECT id FROM gone)),
      decisions_gone AS (DELETE FROM decisions WHERE request_id IN (SELECT id FROM gone)),
      events_gone AS (DELETE FROM events WHERE request_id IN (SELECT id FROM gone)),
      changes_gone AS (DELETE FROM changes WHERE request_ids && $1::text[]),
      runs AS (UPDATE chains SET purged = CASE name WHEN 'decisions' THEN $2::jsonb ELSE $3::jsonb END
        WHERE name IN ('decisions', 'events'))
    DELETE FROM requests WHERE id IN (SELECT id FROM gone)`,
  [purge.ids, json(purge.chain.decisions.purged), json(purge.chain.events.purged)]);
  await logChanges(client, [{ seq, op: purge, request_ids: [] }]);
}
