import type { z } from 'zod';
import type { ClientDetails, VulnerabilityFlag } from '#src/casework/schemas.ts';
import type { Client, clientInputSchema } from '#src/contract.ts';
import { newId } from '#src/ids.ts';
import { normalisePostcode } from '#src/postcode.ts';
import type { Database } from '#main/store/open.ts';
import { phoneDigits, postcodeKey } from '#main/store/migrations/casework.ts';

export type ClientRow = {
  id: string;
  name: string;
  other_names: string | null;
  date_of_birth: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  preferred_contact: Client['preferredContact'];
  contact_notes: string | null;
  household: string | null;
  language: string | null;
  interpreter_needed: number;
  accessibility_needs: string | null;
  vulnerabilities: string;
  phone_digits: string | null;
  postcode_key: string | null;
  created_at: string;
  updated_at: string;
};

export const clientFromRow = (r: ClientRow): Client => ({
  id: r.id,
  name: r.name,
  dateOfBirth: r.date_of_birth,
  phone: r.phone,
  email: r.email,
  address: r.address,
  postcode: r.postcode,
  preferredContact: r.preferred_contact,
  otherNames: r.other_names,
  contactNotes: r.contact_notes,
  household: r.household,
  language: r.language,
  interpreterNeeded: r.interpreter_needed === 1,
  accessibilityNeeds: r.accessibility_needs,
  vulnerabilities: JSON.parse(r.vulnerabilities) as VulnerabilityFlag[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const NO_DETAILS = {
  otherNames: null,
  contactNotes: null,
  household: null,
  language: null,
  interpreterNeeded: false,
  accessibilityNeeds: null,
  vulnerabilities: [],
} satisfies Partial<ClientDetails>;

const toRow = (id: string, d: ClientDetails, createdAt: string, updatedAt: string): ClientRow => {
  const postcode = d.postcode === null ? null : (normalisePostcode(d.postcode) ?? d.postcode);
  return {
    id,
    name: d.name,
    other_names: d.otherNames,
    date_of_birth: d.dateOfBirth,
    phone: d.phone,
    email: d.email,
    address: d.address,
    postcode,
    preferred_contact: d.preferredContact,
    contact_notes: d.contactNotes,
    household: d.household,
    language: d.language,
    interpreter_needed: d.interpreterNeeded ? 1 : 0,
    accessibility_needs: d.accessibilityNeeds,
    vulnerabilities: JSON.stringify([...new Set(d.vulnerabilities)]),
    phone_digits: phoneDigits(d.phone),
    postcode_key: postcodeKey(postcode),
    created_at: createdAt,
    updated_at: updatedAt,
  };
};

const INSERT = `INSERT INTO clients (id, name, other_names, date_of_birth, phone, email, address, postcode,
  preferred_contact, contact_notes, household, language, interpreter_needed, accessibility_needs,
  vulnerabilities, phone_digits, postcode_key, created_at, updated_at)
  VALUES (@id, @name, @other_names, @date_of_birth, @phone, @email, @address, @postcode,
  @preferred_contact, @contact_notes, @household, @language, @interpreter_needed, @accessibility_needs,
  @vulnerabilities, @phone_digits, @postcode_key, @created_at, @updated_at)`;

/** Adds a client with all their details. */
export const insertClient = (db: Database, details: ClientDetails, now: Date): Client => {
  const at = now.toISOString();
  const row = toRow(newId(), details, at, at);
  db.prepare(INSERT).run(row);
  return clientFromRow(row);
};

/** Adds a client from the short form (name and contact details). */
export const createClient = (
  db: Database,
  input: z.output<typeof clientInputSchema>,
  now: Date,
): Client => insertClient(db, { ...NO_DETAILS, ...input }, now);

/** Replaces a client's details; null when there is no such client. */
export const updateClient = (
  db: Database,
  id: string,
  details: ClientDetails,
  now: Date,
): Client | null => {
  const existing = db
    .prepare<[string], { created_at: string }>('SELECT created_at FROM clients WHERE id = ?')
    .get(id);
  if (existing === undefined) return null;
  const row = toRow(id, details, existing.created_at, now.toISOString());
  db.prepare(
    `UPDATE clients SET name = @name, other_names = @other_names, date_of_birth = @date_of_birth,
      phone = @phone, email = @email, address = @address, postcode = @postcode,
      preferred_contact = @preferred_contact, contact_notes = @contact_notes, household = @household,
      language = @language, interpreter_needed = @interpreter_needed,
      accessibility_needs = @accessibility_needs, vulnerabilities = @vulnerabilities,
      phone_digits = @phone_digits, postcode_key = @postcode_key, updated_at = @updated_at
     WHERE id = @id`,
  ).run(row);
  return clientFromRow(row);
};

export const getClient = (db: Database, id: string): Client | null => {
  const row = db.prepare<[string], ClientRow>('SELECT * FROM clients WHERE id = ?').get(id);
  return row ? clientFromRow(row) : null;
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
      .map(clientFromRow);
  }
  return db
    .prepare<[string, number], ClientRow>(
      `SELECT clients.* FROM clients_fts
       JOIN clients ON clients.rowid = clients_fts.rowid
       WHERE clients_fts MATCH ?
       ORDER BY rank LIMIT ?`,
    )
    .all(query, limit)
    .map(clientFromRow);
};
