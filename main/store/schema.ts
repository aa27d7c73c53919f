import type { Migration } from '#main/store/open.ts';
import { caseworkMigration } from '#main/store/migrations/casework.ts';
import { erasuresMigration } from '#main/store/migrations/erasures.ts';
import { networkErasuresMigration } from '#main/store/migrations/network-erasures.ts';
import { retentionMigration } from '#main/store/migrations/retention.ts';
import { provisionMigration } from '#main/store/migrations/provision.ts';
import { erasedReferralsMigration } from '#main/store/migrations/erased-referrals.ts';
import { referralCaseMigration } from '#main/store/migrations/referral-case.ts';
import { cancelledUnsentMigration } from '#main/store/migrations/cancelled-unsent.ts';
import { setAsideMigration } from '#main/store/migrations/set-aside.ts';

/**
 * The casework store's migrations: forward-only and numbered. Never edit one
 * that has shipped; add the next. Each is tested on a real encrypted store
 * (schema.test.ts).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'clients, consents, referrals, outbox, directory cache',
    up: (db) => {
      db.exec(`
        CREATE TABLE meta (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE clients (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          date_of_birth TEXT,
          phone TEXT,
          email TEXT,
          address TEXT,
          postcode TEXT,
          preferred_contact TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;

        -- Full-text search over the fields an adviser searches by. An external
        -- content table: the text lives once, in clients.
        CREATE VIRTUAL TABLE clients_fts USING fts5(
          name, postcode, phone, email,
          content = 'clients', content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients BEGIN
          INSERT INTO clients_fts (rowid, name, postcode, phone, email)
          VALUES (new.rowid, new.name, new.postcode, new.phone, new.email);
        END;
        CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients BEGIN
          INSERT INTO clients_fts (clients_fts, rowid, name, postcode, phone, email)
          VALUES ('delete', old.rowid, old.name, old.postcode, old.phone, old.email);
        END;
        CREATE TRIGGER clients_fts_update AFTER UPDATE ON clients BEGIN
          INSERT INTO clients_fts (clients_fts, rowid, name, postcode, phone, email)
          VALUES ('delete', old.rowid, old.name, old.postcode, old.phone, old.email);
          INSERT INTO clients_fts (rowid, name, postcode, phone, email)
          VALUES (new.rowid, new.name, new.postcode, new.phone, new.email);
        END;

        -- UK GDPR: who consented to what being shared, when and how.
        CREATE TABLE consents (
          id TEXT PRIMARY KEY,
          client_id TEXT NOT NULL REFERENCES clients (id),
          referral_id TEXT NOT NULL,
          given_by TEXT NOT NULL,
          representative_name TEXT,
          method TEXT NOT NULL,
          shared TEXT NOT NULL,
          recorded_by TEXT NOT NULL,
          at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX consents_client ON consents (client_id);

        -- The desk's copy of each referral it sent or received: the server's
        -- view as JSON, plus what only this desk knows.
        CREATE TABLE referrals (
          id TEXT PRIMARY KEY,
          direction TEXT NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
          client_id TEXT REFERENCES clients (id),
          status TEXT NOT NULL,
          data TEXT NOT NULL,
          waiting_to_send INTEGER NOT NULL DEFAULT 0,
          refused TEXT,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX referrals_direction ON referrals (direction, updated_at);
        CREATE INDEX referrals_client ON referrals (client_id);

        -- Commands waiting for the server, written in the same transaction as
        -- the change they carry.
        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          mutation_id TEXT NOT NULL UNIQUE,
          referral_id TEXT NOT NULL,
          command TEXT NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;

        -- The network's directory, cached for offline search.
        CREATE TABLE directory_services (
          id TEXT PRIMARY KEY,
          data TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  caseworkMigration,
  erasuresMigration,
  retentionMigration,
  provisionMigration,
  referralCaseMigration,
  erasedReferralsMigration,
  cancelledUnsentMigration,
  networkErasuresMigration,
  setAsideMigration,
];
