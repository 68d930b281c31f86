-- A `started` event (docs/domain.md, "Started and slippage") says when an approved change took
-- effect and has no reason: the events table's reason column holds the reason of a cost change or
-- an end, and nothing for a start.
ALTER TABLE events ALTER COLUMN reason DROP NOT NULL;
