-- The PanelStore's data (src/store/postgres/). Each record, as the store hashes and returns it, is
-- the `record` column (jsonb keeps every value as sent; only its key order, which the hash does not
-- depend on, is its own); the typed columns beside it are copies for SQL (reports, checks by hand),
-- written from the record in the same statement and never read back by the store.
-- A typed copy is NULL where the record holds a value the type cannot (a year past 9999, a cost
-- past numeric(14,2)): the record, not the copy, is what was decided.

-- The last change written (see `changes`). Every write locks this one row first, so writers take
-- turns and each knows whether its copy in memory is the database's latest.
CREATE TABLE store_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL CHECK (seq >= 0)
);
INSERT INTO store_head (id, seq) VALUES (1, 0);

-- Every change, in order, as the store applies it in memory (journal.ts's JournalOp, or a purge):
-- what another instance replays to catch up. Numbered by the writer holding store_head, not by a
-- sequence, which would skip numbers on a rollback and read as changes gone missing. A purge
-- deletes the changes that name the requests it removes, with their personal data; an instance
-- that finds numbers missing reads everything again.
CREATE TABLE changes (
  seq bigint PRIMARY KEY,
  op jsonb NOT NULL,
  request_ids text[] NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_request_ids ON changes USING gin (request_ids);

-- Listed in the order they were added: by the change that added them, then within its batch.
CREATE TABLE requests (
  id text PRIMARY KEY CHECK (id ~ '^PR-[0-9]{4}-[0-9]{4,}$'),
  change_seq bigint NOT NULL,
  ordinal integer NOT NULL,
  record jsonb NOT NULL,
  received_at timestamptz,
  received_via text NOT NULL,
  child_ref text NOT NULL,
  kind text NOT NULL,
  proposed_type text NOT NULL,
  proposed_weekly_cost numeric(14,2),
  current_weekly_cost numeric(14,2),
  start_date date,
  UNIQUE (change_seq, ordinal)
);

-- Hash chains (hashChain.ts): the same prev_hash twice would be a fork, refused here whatever the
-- application does.
CREATE TABLE decisions (
  id text PRIMARY KEY,
  request_id text NOT NULL REFERENCES requests (id),
  change_seq bigint NOT NULL UNIQUE,
  record jsonb NOT NULL,
  outcome text NOT NULL,
  option text NOT NULL,
  effective_from date,
  review_date date,
  decided_by text NOT NULL,
  decided_at timestamptz,
  prev_hash text NOT NULL UNIQUE,
  hash text NOT NULL UNIQUE
);
CREATE INDEX decisions_request_id ON decisions (request_id);

CREATE TABLE events (
  id text PRIMARY KEY,
  request_id text NOT NULL REFERENCES requests (id),
  change_seq bigint NOT NULL UNIQUE,
  record jsonb NOT NULL,
  type text NOT NULL,
  date date,
  weekly_cost numeric(14,2),
  reason text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz,
  prev_hash text NOT NULL UNIQUE,
  hash text NOT NULL UNIQUE
);
CREATE INDEX events_request_id ON events (request_id);

-- Each chain's state (storeFile.ts, chainStateSchema): its head, how many records were ever
-- appended, ids passed over, and the runs a purge removed.
CREATE TABLE chains (
  name text PRIMARY KEY CHECK (name IN ('decisions', 'events')),
  head text NOT NULL,
  length bigint NOT NULL CHECK (length >= 0),
  skipped bigint NOT NULL DEFAULT 0 CHECK (skipped >= 0),
  purged jsonb NOT NULL DEFAULT '[]'
);
INSERT INTO chains (name, head, length) VALUES ('decisions', repeat('0', 64), 0), ('events', repeat('0', 64), 0);

-- The last request number given per year of receipt: kept past purges, so no id is given twice.
CREATE TABLE request_counters (
  year text PRIMARY KEY CHECK (year ~ '^[0-9]{4}$'),
  last_number integer NOT NULL CHECK (last_number >= 0)
);

-- Idempotency keys (idempotency.ts). `used_at` is text: it is returned as it was kept.
CREATE TABLE idempotency_keys (
  key text PRIMARY KEY,
  request_id text NOT NULL REFERENCES requests (id),
  event_id text REFERENCES events (id),
  fingerprint text,
  used_at text NOT NULL
);
CREATE INDEX idempotency_keys_request_id ON idempotency_keys (request_id);

CREATE TABLE conversations (
  role text PRIMARY KEY,
  ref jsonb NOT NULL
);

CREATE TABLE cards (
  request_id text PRIMARY KEY REFERENCES requests (id),
  conversation_id text NOT NULL,
  activity_id text NOT NULL,
  decisions integer CHECK (decisions >= 0)
);

CREATE TABLE digest_state (
  id smallint PRIMARY KEY CHECK (id = 1),
  last_week_sent text
);
INSERT INTO digest_state (id, last_week_sent) VALUES (1, NULL);
