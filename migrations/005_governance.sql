-- The panel's governance records (src/domain/meeting.ts): delegations, meetings (started, agenda
-- posted, attendance, ended with their minutes) and the roles in force. They belong to the panel,
-- not to a request, and form a hash chain of their own (src/store/hashChain.ts), kept like events:
-- append-only, never purged, the same prev_hash twice refused here whatever the application does.
CREATE TABLE governance (
  id text PRIMARY KEY CHECK (id ~ '^G-[0-9]+$'),
  change_seq bigint NOT NULL UNIQUE,
  record jsonb NOT NULL,
  type text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz,
  prev_hash text NOT NULL UNIQUE,
  hash text NOT NULL UNIQUE
);
CREATE INDEX governance_type ON governance (type);

-- Its chain state. Its first record follows its own genesis hash, not the zeros decisions and events
-- start from (hashChain.ts, GOVERNANCE_GENESIS: SHA-256 of the same words), so no record can be moved
-- between it and another chain and still verify as that chain's first.
ALTER TABLE chains DROP CONSTRAINT chains_name_check;
ALTER TABLE chains ADD CONSTRAINT chains_name_check CHECK (name IN ('decisions', 'events', 'governance'));
INSERT INTO chains (name, head, length)
  VALUES ('governance', encode(sha256(convert_to('placement-panel governance chain', 'UTF8')), 'hex'), 0);
