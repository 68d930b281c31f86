import pg from 'pg';
import type { StoreFile } from '../storeFile.js';
import { StoreError, describeError } from '../storeError.js';
import {
  BEGIN_WRITE, CHANGES_CHANNEL, insertDecisions, insertEvents, insertGovernance, insertKeys, insertRequests, lockHead,
} from './changeWriter.js';
import { databaseUrlProblem, describeDatabase } from './databaseUrl.js';
import { applyMigrations, shippedMigrations } from './migrations.js';
import { count } from './pgTypes.js';
import { decisionRow, eventRow, governanceRow, keyRow, requestRow } from './rows.js';

/*
 * Loading a whole store (copy-store, scripts/copyStore.ts) into a database that holds none yet, in
 * one transaction: all of it is there, or nothing is.
 *
 * The changes log is left empty. Replaying the history as changes would not reproduce a store that
 * was purged (its first kept decision does not follow the genesis hash), and an instance that finds
 * changes missing reads everything again, which is what an instance already on this database must do.
 * Each table's order is kept through change_seq, the order the snapshot reads them back in, and
 * store_head is set past every change_seq used, so the next write's rows come after them.
 */

/** What the store in the database holds, as words; empty when it holds nothing at all. */
async function contents(client: pg.ClientBase): Promise<string[]> {
  // Looked at before migrating too: a database from before 005_governance has no governance table.
  const { rows: [kept] } = await client.query<{ present: boolean }>("SELECT to_regclass('governance') IS NOT NULL AS present");
  const governance = kept?.present ? '(SELECT count(*) FROM governance)' : '0';
  const { rows } = await client.query<Record<string, string>>(`SELECT
      (SELECT seq FROM store_head WHERE id = 1) AS changes,
      (SELECT count(*) FROM requests) AS requests,
      (SELECT count(*) FROM decisions) AS decisions,
      (SELECT count(*) FROM events) AS events,
      ${governance} AS "governance records",
      (SELECT count(*) FROM conversations) AS conversations,
      (SELECT count(*) FROM cards) AS cards,
      (SELECT count(*) FROM idempotency_keys) AS "idempotency keys",
      (SELECT count(*) FROM request_counters) AS "request counters",
      (SELECT count(*) FROM digest_state WHERE last_week_sent IS NOT NULL) AS "digest weeks",
      (SELECT count(*) FROM chains WHERE length > 0 OR skipped > 0 OR purged <> '[]'::jsonb) AS "chains begun"`);
  return Object.entries(rows[0] ?? {}).filter(([, n]) => count(n, 'a count') > 0).map(([what, n]) => `${n} ${what}`);
}

function refusal(where: string, held: string[]): StoreError {
  return new StoreError(`The ${where} already holds a store (${held.join(', ')}); nothing was written. Copy into an empty database.`);
}

async function insertAll(client: pg.ClientBase, file: StoreFile): Promise<number> {
  const json = (value: unknown) => JSON.stringify(value);
  // Requests at change 1, in their order; decisions, events and governance records each numbered 1.. in theirs.
  if (file.requests.length > 0) await insertRequests(client, file.requests.map((r, i) => requestRow(r, 1, i)));
  if (file.decisions.length > 0) await insertDecisions(client, file.decisions.map((d, i) => decisionRow(d, i + 1)));
  if (file.events.length > 0) await insertEvents(client, file.events.map((e, i) => eventRow(e, i + 1)));
  if (file.governance.length > 0) await insertGovernance(client, file.governance.map((g, i) => governanceRow(g, i + 1)));
  const keys = Object.entries(file.dedupe ?? {}).map(([key, entry]) => keyRow(key, entry));
  if (keys.length > 0) await insertKeys(client, keys);
  await client.query(`INSERT INTO request_counters (year, last_number)
    SELECT key, value::integer FROM jsonb_each_text($1::jsonb)`, [json(file.counters)]);
  await client.query(`INSERT INTO conversations (role, ref)
    SELECT key, value FROM jsonb_each($1::jsonb)`, [json(file.conversations)]);
  const cards = Object.entries(file.cards).map(([requestId, c]) => ({
    request_id: requestId, conversation_id: c.conversationId, activity_id: c.activityId, decisions: c.decisions ?? null,
  }));
  await client.query(`INSERT INTO cards (request_id, conversation_id, activity_id, decisions)
    SELECT request_id, conversation_id, activity_id, decisions
    FROM jsonb_to_recordset($1::jsonb) AS c(request_id text, conversation_id text, activity_id text, decisions integer)`, [json(cards)]);
  await client.query('UPDATE digest_state SET last_week_sent = $1, last_reminder_day = $2 WHERE id = 1',
    [file.digest.lastWeekSent ?? null, file.digest.lastReminderDay ?? null]);
  for (const name of ['decisions', 'events', 'governance'] as const) {
    const chain = file.chain?.[name];
    if (!chain) continue;
    await client.query('UPDATE chains SET head = $2, length = $3, skipped = $4, purged = $5::jsonb WHERE name = $1',
      [name, chain.head, chain.length, chain.skipped ?? 0, json(chain.purged)]);
  }
  const seq = Math.max(1, file.decisions.length, file.events.length, file.governance.length);
  await client.query(`WITH head AS (UPDATE store_head SET seq = $1 WHERE id = 1)
    SELECT pg_notify('${CHANGES_CHANNEL}', $1::text)`, [seq]);
  return seq;
}

/**
 * Writes `file` whole into the database at `url`, creating or migrating its tables first. Refuses,
 * writing nothing, when the database already holds a store (anything written, even since removed).
 * Throws a StoreError naming the database, never the password.
 */
export async function loadPostgresStore(url: string, file: StoreFile): Promise<void> {
  const problem = databaseUrlProblem(url);
  if (problem) throw new StoreError(`The PostgreSQL URL ${problem}.`);
  const where = `PostgreSQL ${describeDatabase(url)}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: 'placement-panel-bot copy-store' });
  client.on('error', () => undefined);
  let open = false;
  try {
    await client.connect();
    // Looked at before migrating, so that a database refused is left with the schema it had.
    const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('store_head') IS NOT NULL AS present");
    if (rows[0]?.present) {
      const held = await contents(client);
      if (held.length > 0) throw refusal(where, held);
    }
    await applyMigrations(client, shippedMigrations(), where);
    await client.query(BEGIN_WRITE);
    open = true;
    // Under store_head's lock: no instance writes between this look and the commit.
    await lockHead(client);
    const held = await contents(client);
    if (held.length > 0) throw refusal(where, held);
    await insertAll(client, file);
    await client.query('COMMIT');
    open = false;
  } catch (error) {
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(`Cannot write the store into the ${where}: ${describeError(error)}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
