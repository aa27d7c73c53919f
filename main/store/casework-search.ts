import type { SearchHit, SearchMatch } from '#src/casework/schemas.ts';
import type { Database } from '#main/store/open.ts';
import { toFtsQuery } from '#main/store/clients.ts';
import { normaliseReference } from '#main/store/cases.ts';
import { phoneDigits, postcodeKey } from '#main/store/migrations/casework.ts';

/**
 * Finding a client on a large caseload as the adviser types: by name (any
 * order, partial words), other names, date of birth, postcode, phone, case
 * reference or words in a case note. Every path is an index lookup or an
 * FTS5 match (casework-search.test.ts proves it with EXPLAIN QUERY PLAN);
 * none scans a table, so it stays instant with 100,000 clients.
 */

type ClientLine = {
  id: string;
  name: string;
  date_of_birth: string | null;
  postcode: string | null;
};
const CLIENT_COLUMNS = 'clients.id, clients.name, clients.date_of_birth, clients.postcode';

const hit = (
  c: ClientLine,
  match: SearchMatch,
  extra: Partial<Pick<SearchHit, 'caseId' | 'caseReference' | 'snippet'>> = {},
): SearchHit => ({
  clientId: c.id,
  name: c.name,
  dateOfBirth: c.date_of_birth,
  postcode: c.postcode,
  match,
  caseId: extra.caseId ?? null,
  caseReference: extra.caseReference ?? null,
  snippet: extra.snippet ?? null,
});

/** "17/5/1980", "17-05-1980", "1980-05-17" → "1980-05-17"; null otherwise. */
export const parseDateOfBirth = (text: string): string | null => {
  const t = text.trim();
  let y: string | undefined;
  let m: string | undefined;
  let d: string | undefined;
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (uk) [, d, m, y] = uk;
  else if (iso) [, y, m, d] = iso;
  if (y === undefined || m === undefined || d === undefined) return null;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : null;
};

/** Text that is only a phone number (at least 5 digits): its digits. */
const asPhone = (text: string): string | null => {
  if (!/^[+\d\s().-]+$/.test(text.trim())) return null;
  const digits = phoneDigits(text);
  return digits !== null && digits.length >= 5 ? digits : null;
};

export const SEARCH_SQL = {
  recent: `SELECT ${CLIENT_COLUMNS} FROM clients ORDER BY updated_at DESC LIMIT ?`,
  reference: `SELECT ${CLIENT_COLUMNS}, cases.id AS case_id, cases.reference FROM cases
    JOIN clients ON clients.id = cases.client_id WHERE cases.reference = ?`,
  dateOfBirth: `SELECT ${CLIENT_COLUMNS} FROM clients WHERE date_of_birth = ? LIMIT ?`,
  // A prefix range on the index: "07700" finds every number starting so.
  phone: `SELECT ${CLIENT_COLUMNS} FROM clients
    WHERE phone_digits >= ? AND phone_digits < ? LIMIT ?`,
  postcode: `SELECT ${CLIENT_COLUMNS} FROM clients WHERE postcode_key = ? LIMIT ?`,
  names: `SELECT ${CLIENT_COLUMNS} FROM clients_fts
    JOIN clients ON clients.rowid = clients_fts.rowid
    WHERE clients_fts MATCH ? ORDER BY rank LIMIT ?`,
  // Newest notes first: FTS5 walks its index by rowid (notes are added in
  // time order) and stops at the limit, however common the word.
  notes: `SELECT ${CLIENT_COLUMNS}, cases.id AS case_id, cases.reference,
      snippet(case_notes_fts, 0, '', '', '…', 12) AS snippet
    FROM case_notes_fts
    JOIN case_notes ON case_notes.rowid = case_notes_fts.rowid
    JOIN cases ON cases.id = case_notes.case_id
    JOIN clients ON clients.id = case_notes.client_id
    WHERE case_notes_fts MATCH ? ORDER BY case_notes_fts.rowid DESC LIMIT ?`,
} as const;

type CaseLine = ClientLine & { case_id: string; reference: string };

/**
 * Note text is searched by whole words, except the last one (still being
 * typed), which may be the start of a word. A prefix on every word makes
 * FTS5 merge the full list of every matching word in 500,000 notes before
 * it can stop (measured: 17 ms against 2.7 ms on the benchmark store).
 */
export const toNoteQuery = (nameQuery: string): string => {
  const words = nameQuery.split(' ');
  return words.map((w, i) => (i === words.length - 1 ? w : w.replace(/\*$/, ''))).join(' ');
};

export const searchCasework = (db: Database, text: string, limit = 50): SearchHit[] => {
  const trimmed = text.trim();
  if (trimmed === '') {
    return db
      .prepare<[number], ClientLine>(SEARCH_SQL.recent)
      .all(limit)
      .map((c) => hit(c, 'recent'));
  }

  const reference = normaliseReference(trimmed);
  if (reference !== null) {
    return db
      .prepare<[string], CaseLine>(SEARCH_SQL.reference)
      .all(reference)
      .map((c) => hit(c, 'reference', { caseId: c.case_id, caseReference: c.reference }));
  }

  const dateOfBirth = parseDateOfBirth(trimmed);
  if (dateOfBirth !== null) {
    return db
      .prepare<[string, number], ClientLine>(SEARCH_SQL.dateOfBirth)
      .all(dateOfBirth, limit)
      .map((c) => hit(c, 'date-of-birth'));
  }

  const phone = asPhone(trimmed);
  if (phone !== null) {
    // ':' sorts just after '9', so [digits, digits + ':') is every number with that prefix.
    return db
      .prepare<[string, string, number], ClientLine>(SEARCH_SQL.phone)
      .all(phone, `${phone}:`, limit)
      .map((c) => hit(c, 'phone'));
  }

  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  const add = (h: SearchHit): void => {
    if (hits.length < limit && !seen.has(h.clientId)) {
      seen.add(h.clientId);
      hits.push(h);
    }
  };

  const postcode = postcodeKey(trimmed);
  if (postcode !== null) {
    for (const c of db
      .prepare<[string, number], ClientLine>(SEARCH_SQL.postcode)
      .all(postcode, limit))
      add(hit(c, 'postcode'));
  }

  const query = toFtsQuery(trimmed);
  if (query === null) return hits;
  for (const c of db.prepare<[string, number], ClientLine>(SEARCH_SQL.names).all(query, limit))
    add(hit(c, 'name'));
  if (hits.length < limit) {
    const notes = db
      .prepare<[string, number], CaseLine & { snippet: string }>(SEARCH_SQL.notes)
      // A few more than the limit, as one client may match in several notes; each
      // row read is a random page of an encrypted file, so keep this small.
      .all(toNoteQuery(query), limit + 10);
    for (const n of notes) {
      add(hit(n, 'note', { caseId: n.case_id, caseReference: n.reference, snippet: n.snippet }));
    }
  }
  return hits;
};
