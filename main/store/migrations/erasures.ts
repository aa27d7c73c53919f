import type { Migration } from '#main/store/open.ts';

/**
 * Migration 3: a record of each client erased on request (UK GDPR article
 * 17), holding no personal data: when, by whom, and how much was removed.
 */
export const erasuresMigration: Migration = {
  version: 3,
  name: 'record of erasures',
  up: (db) => {
    db.exec(`
      CREATE TABLE erasures (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        erased_at TEXT NOT NULL,
        erased_by TEXT NOT NULL,
        cases INTEGER NOT NULL,
        records INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
