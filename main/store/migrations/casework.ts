import { normalisePostcode } from '#src/postcode.ts';
import type { Migration } from '#main/store/open.ts';

/** Digits only, with a UK +44 turned into the leading 0 people type. */
export const phoneDigits = (phone: string | null): string | null => {
  if (phone === null) return null;
  const digits = phone.replace(/^\s*\+\s*44\s*(\(0\))?/, '0').replace(/\D+/g, '');
  return digits === '' ? null : digits;
};

/** "NR1 3AB" → "NR13AB", so a postcode typed with or without its space finds the client. */
export const postcodeKey = (postcode: string | null): string | null => {
  if (postcode === null) return null;
  const full = normalisePostcode(postcode);
  return full === null ? null : full.replace(' ', '');
};

/**
 * Migration 2: the casework model. Clients gain their full details; cases,
 * notes (with full-text search), tasks and key dates, documents (their bytes
 * inside the encrypted store) and outcomes arrive. The clients' full-text
 * index is rebuilt to cover other names, with prefix indexes so a search as
 * the adviser types stays fast on a large caseload.
 */
export const caseworkMigration: Migration = {
  version: 2,
  name: 'casework: client details, cases, notes, tasks, documents, outcomes',
  up: (db) => {
    db.exec(`
      ALTER TABLE clients ADD COLUMN other_names TEXT;
      ALTER TABLE clients ADD COLUMN contact_notes TEXT;
      ALTER TABLE clients ADD COLUMN household TEXT;
      ALTER TABLE clients ADD COLUMN language TEXT;
      ALTER TABLE clients ADD COLUMN interpreter_needed INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE clients ADD COLUMN accessibility_needs TEXT;
      ALTER TABLE clients ADD COLUMN vulnerabilities TEXT NOT NULL DEFAULT '[]';
      -- Search keys kept beside what was typed: digits of the phone number,
      -- and the postcode without its space.
      ALTER TABLE clients ADD COLUMN phone_digits TEXT;
      ALTER TABLE clients ADD COLUMN postcode_key TEXT;

      DROP TRIGGER clients_fts_insert;
      DROP TRIGGER clients_fts_delete;
      DROP TRIGGER clients_fts_update;
      DROP TABLE clients_fts;
    `);
    const rows = db
      .prepare<[], { id: string; phone: string | null; postcode: string | null }>(
        'SELECT id, phone, postcode FROM clients',
      )
      .all();
    const setKeys = db.prepare(
      'UPDATE clients SET phone_digits = ?, postcode_key = ? WHERE id = ?',
    );
    for (const row of rows) setKeys.run(phoneDigits(row.phone), postcodeKey(row.postcode), row.id);

    db.exec(`
      CREATE INDEX clients_date_of_birth ON clients (date_of_birth);
      CREATE INDEX clients_phone_digits ON clients (phone_digits);
      CREATE INDEX clients_postcode_key ON clients (postcode_key);
      CREATE INDEX clients_updated ON clients (updated_at);

      CREATE VIRTUAL TABLE clients_fts USING fts5(
        name, other_names, postcode, phone, email,
        content = 'clients', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
      CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients BEGIN
        INSERT INTO clients_fts (rowid, name, other_names, postcode, phone, email)
        VALUES (new.rowid, new.name, new.other_names, new.postcode, new.phone, new.email);
      END;
      CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients BEGIN
        INSERT INTO clients_fts (clients_fts, rowid, name, other_names, postcode, phone, email)
        VALUES ('delete', old.rowid, old.name, old.other_names, old.postcode, old.phone, old.email);
      END;
      CREATE TRIGGER clients_fts_update AFTER UPDATE ON clients BEGIN
        INSERT INTO clients_fts (clients_fts, rowid, name, other_names, postcode, phone, email)
        VALUES ('delete', old.rowid, old.name, old.other_names, old.postcode, old.phone, old.email);
        INSERT INTO clients_fts (rowid, name, other_names, postcode, phone, email)
        VALUES (new.rowid, new.name, new.other_names, new.postcode, new.phone, new.email);
      END;
      INSERT INTO clients_fts (clients_fts) VALUES ('rebuild');

      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients (id),
        reference TEXT NOT NULL UNIQUE,
        issues TEXT NOT NULL,
        summary TEXT,
        adviser TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        opened_on TEXT NOT NULL,
        closed_on TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cases_client ON cases (client_id);
      CREATE INDEX cases_closed ON cases (status, closed_on);

      CREATE TABLE case_notes (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        client_id TEXT NOT NULL REFERENCES clients (id),
        text TEXT NOT NULL,
        written_by TEXT NOT NULL,
        written_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX case_notes_case ON case_notes (case_id, written_at);
      CREATE INDEX case_notes_client ON case_notes (client_id, written_at);

      CREATE VIRTUAL TABLE case_notes_fts USING fts5(
        text,
        content = 'case_notes', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      CREATE TRIGGER case_notes_fts_insert AFTER INSERT ON case_notes BEGIN
        INSERT INTO case_notes_fts (rowid, text) VALUES (new.rowid, new.text);
      END;
      CREATE TRIGGER case_notes_fts_delete AFTER DELETE ON case_notes BEGIN
        INSERT INTO case_notes_fts (case_notes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      END;
      CREATE TRIGGER case_notes_fts_update AFTER UPDATE ON case_notes BEGIN
        INSERT INTO case_notes_fts (case_notes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO case_notes_fts (rowid, text) VALUES (new.rowid, new.text);
      END;

      CREATE TABLE case_tasks (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        client_id TEXT NOT NULL REFERENCES clients (id),
        kind TEXT NOT NULL CHECK (kind IN ('task', 'key-date')),
        title TEXT NOT NULL,
        due_on TEXT NOT NULL,
        remind_on TEXT,
        done_at TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX case_tasks_case ON case_tasks (case_id, due_on);
      CREATE INDEX case_tasks_client ON case_tasks (client_id);
      -- Reminders due: the open tasks by reminder date.
      CREATE INDEX case_tasks_remind ON case_tasks (remind_on) WHERE done_at IS NULL;

      -- A document's bytes live in their own table, so listing documents
      -- never reads them.
      CREATE TABLE case_documents (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        client_id TEXT NOT NULL REFERENCES clients (id),
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX case_documents_case ON case_documents (case_id, added_at);
      CREATE INDEX case_documents_client ON case_documents (client_id);
      CREATE TABLE case_document_content (
        document_id TEXT PRIMARY KEY REFERENCES case_documents (id),
        content BLOB NOT NULL
      ) STRICT;

      CREATE TABLE case_outcomes (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        client_id TEXT NOT NULL REFERENCES clients (id),
        kind TEXT NOT NULL CHECK (kind IN ('benefit-gained', 'debt-written-off', 'grant', 'other')),
        type TEXT NOT NULL,
        amount_pence INTEGER CHECK (amount_pence IS NULL OR amount_pence >= 0),
        period TEXT NOT NULL CHECK (period IN ('one-off', 'weekly', 'monthly', 'yearly')),
        achieved_on TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX case_outcomes_case ON case_outcomes (case_id);
      CREATE INDEX case_outcomes_client ON case_outcomes (client_id);
    `);
  },
};
