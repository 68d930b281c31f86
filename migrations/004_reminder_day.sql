-- The day the follow-up reminder last went (src/schedule/reminderScheduler.ts), kept beside the
-- digest's week so that a restart, or another instance, never sends a day's reminder twice.
ALTER TABLE digest_state ADD COLUMN last_reminder_day text;
