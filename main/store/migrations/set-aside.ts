import type { Migration } from '#main/store/open.ts';

/**
 * Migration 10 (#12): no command may jam the outbox. A command the network
 * keeps failing on backs off on its own (`attempts`, `retry_at`), and one it
 * refuses for good is moved out of the line into `outbox_set_aside` with the
 * reason, where the adviser can fix and resend or discard it. `seq` keeps the
 * command's place in the line, so a resent command goes back where it was.
 */
export const setAsideMigration: Migration = {
  version: 10,
  name: 'outbox: per-command retries and commands set aside',
  up: (db) => {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN retry_at TEXT;
      CREATE TABLE outbox_set_aside (
        mutation_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        referral_id TEXT NOT NULL,
        command TEXT NOT NULL,
        created_at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('refused', 'rejected', 'undeliverable')),
        reason TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        set_aside_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outbox_set_aside_subject ON outbox_set_aside (referral_id);
      CREATE INDEX outbox_subject ON outbox (referral_id, seq);
    `);
  },
};
