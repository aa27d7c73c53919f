import type { Migration } from '#main/store/open.ts';

/**
 * Migration 5 (#4): signposting and gaps in provision recorded on this desk.
 * The network receives them through the outbox without client data; only
 * this desk knows which client was told about a service, and an erasure
 * drops that link as it does for referrals.
 */
export const provisionMigration: Migration = {
  version: 5,
  name: 'signposting and gaps in provision',
  up: (db) => {
    db.exec(`
      CREATE TABLE signposts (
        id TEXT PRIMARY KEY,
        client_id TEXT REFERENCES clients (id) ON DELETE SET NULL,
        service_id TEXT NOT NULL,
        service_name TEXT NOT NULL,
        organisation_name TEXT NOT NULL,
        issues TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        refused TEXT
      ) STRICT;
      CREATE INDEX signposts_client ON signposts (client_id, recorded_at);

      CREATE TABLE provision_gaps (
        id TEXT PRIMARY KEY,
        issue TEXT NOT NULL,
        area TEXT NOT NULL,
        why TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        refused TEXT
      ) STRICT;
      CREATE INDEX provision_gaps_recorded ON provision_gaps (recorded_at);
    `);
  },
};
