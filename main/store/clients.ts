import type { z } from 'zod';
import type { Client, clientInputSchema } from '#src/contract.ts';
import { newId } from '#src/ids.ts';
import { normalisePostcode } from '#src/postcode.ts';
import type { Database } from '#main/store/open.ts';

type ClientRow = {
  id: string;
  name: string;
  date_of_birth: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  preferred_contact: Client['preferredContact'];
  created_at: string;
  updated_at: string;
};

const fromRow = (r: ClientRow): Client => ({
  id: r.id,
  name: r.name,
  dateOfBirth: r.date_of_birth,
  phone: r.phone,
  email: r.email,
  address: r.address,
  postcode: r.postcode,
  preferredContact: r.preferred_contact,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const createClient = (
  db: Database,
  input: z.output<typeof clientInputSchema>,
  now: Date,
): Client => {
  const at = now.toISOString();
  const row: ClientRow = {
    id: newId(),
    name: input.name,
    date_of_birth: input.dateOfBirth,
    phone: input.phone,
    email: input.email,
    address: input.address,
    postcode:
      input.postcode === null ? null : (normalisePostcode(input.postcode) ?? input.postcode),
    preferred_contact: input.preferredContact,
    created_at: at,
    updated_at: at,
  };
  db.prepare(
    `INSERT INTO clients (id, name, date_of_birth, phone, email, address, postcode, preferred_contact, created_at, updated_at)
     VALUES (@id, @name, @date_of_birth, @phone, @email, @address, @postcode, @preferred_contact, @created_at, @updated_at)`,
  ).run(row);
  return fromRow(row);
};

export const getClient = (db: Database, id: string): Client | null => {
  const row = db.prepare<[string], ClientRow>('SELECT * FROM clients WHERE id = ?').get(id);
  return row ? fromRow(row) : null;
};

/**
 * Turns what an adviser types into an FTS5 query: every word must match the
 * start of a word in name, postcode, phone or email, in any order. Words hold
 * only letters and digits and are quoted, so nothing typed is read as FTS syntax.
 */
export const toFtsQuery = (text: string): string | null => {
  // Split as the FTS tokenizer does (on anything not a letter or digit), so
  // "O'Brien" and "ali@example" find what was stored.
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
};

/** Clients matching `text` (name in any order, postcode, phone, email); recent first when empty. */
export const searchClients = (db: Database, text: string, limit = 50): Client[] => {
  const query = toFtsQuery(text);
  if (query === null) {
    return db
      .prepare<[number], ClientRow>('SELECT * FROM clients ORDER BY updated_at DESC LIMIT ?')
      .all(limit)
      .map(fromRow);
  }
  return db
    .prepare<[string, number], ClientRow>(
      `SELECT clients.* FROM clients_fts
       JOIN clients ON clients.rowid = clients_fts.rowid
       WHERE clients_fts MATCH ?
       ORDER BY rank LIMIT ?`,
    )
    .all(query, limit)
    .map(fromRow);
};
