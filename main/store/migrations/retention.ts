import type { Migration } from '#main/store/open.ts';

/** Migration 4: when a case was anonymised under the retention rule. */
export const retentionMigration: Migration = {
  version: 4,
  name: 'anonymised cases',
  up: (db) => {
    db.exec(`ALTER TABLE cases ADD COLUMN anonymised_at TEXT;`);
  },
};
