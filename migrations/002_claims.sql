-- Work that must be done once across instances (a request's card posted, a week's digest sent):
-- the instance holding a key does it. A lease, not a lock held by a session, so that a claim
-- outlives a lost connection and still frees itself when its holder stops for good.
CREATE TABLE claims (
  key text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);
