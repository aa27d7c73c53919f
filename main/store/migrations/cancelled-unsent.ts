import type { Migration } from '#main/store/open.ts';

/**
 * Migration 8 (#5): erasing a client also cancels what the desk had not yet
 * sent about them. The erasure record says how many referrals and other
 * waiting messages were cancelled (counts only, no personal data), and the
 * ids of cancelled referrals are kept so that one already on its way at the
 * moment of erasure, if the network later sends it back, stays scrubbed.
 */
export const cancelledUnsentMigration: Migration = {
  version: 8,
  name: 'unsent referrals cancelled by an erasure',
  up: (db) => {
    db.exec(`
      ALTER TABLE erasures ADD COLUMN cancelled_referrals INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE erasures ADD COLUMN cancelled_messages INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE cancelled_referrals (
        id TEXT PRIMARY KEY,
        cancelled_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
