import type { z } from 'zod';
import type { Case, CaseStatus, caseInputSchema, caseUpdateSchema } from '#src/casework/schemas.ts';
import { newId } from '#src/ids.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import type { Database } from '#main/store/open.ts';
import { getMeta, setMeta } from '#main/store/meta.ts';

type CaseRow = {
  id: string;
  client_id: string;
  reference: string;
  issues: string;
  summary: string | null;
  adviser: string;
  status: CaseStatus;
  opened_on: string;
  closed_on: string | null;
  created_at: string;
  updated_at: string;
};

const fromRow = (r: CaseRow): Case => ({
  id: r.id,
  clientId: r.client_id,
  reference: r.reference,
  issues: JSON.parse(r.issues) as IssueCode[],
  summary: r.summary,
  adviser: r.adviser,
  status: r.status,
  openedOn: r.opened_on,
  closedOn: r.closed_on,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const SEQUENCE = 'case-reference-seq';

/**
 * The next human case reference, HC-<letters>-<year>-<number>: short enough
 * to read over the phone. Numbered per store, in the caller's transaction;
 * the letters the server gave this store (main/casework/case-series.ts) keep
 * it apart from every other desk of the agency. A store that has not had its
 * letters yet numbers HC-<year>-<number>, as stores did before them.
 */
const nextReference = (db: Database, now: Date): string => {
  const next = Number(getMeta(db, SEQUENCE) ?? '0') + 1;
  setMeta(db, SEQUENCE, String(next));
  const series = getMeta(db, 'case-series');
  const number = `${now.getUTCFullYear()}-${String(next).padStart(4, '0')}`;
  return series === null ? `HC-${number}` : `HC-${series}-${number}`;
};

/**
 * "hc b 2026 42", "HC-B-2026-0042" → "HC-B-2026-0042"; "hc 2026 42" →
 * "HC-2026-0042"; null if it is not a reference.
 */
export const normaliseReference = (text: string): string | null => {
  const m = /^\s*HC[\s-]*(?:([A-HJ-NP-Z]{1,3})[\s-]*)?(\d{4})[\s-]*(\d{1,9})\s*$/i.exec(text);
  if (m?.[2] === undefined || m[3] === undefined) return null;
  const number = `${m[2]}-${m[3].replace(/^0+(?=\d{4})/, '').padStart(4, '0')}`;
  return m[1] === undefined ? `HC-${number}` : `HC-${m[1].toUpperCase()}-${number}`;
};

export const openCase = (
  db: Database,
  input: z.output<typeof caseInputSchema>,
  adviser: string,
  now: Date,
): Case | null =>
  db.transaction((): Case | null => {
    const client = db.prepare('SELECT 1 FROM clients WHERE id = ?').get(input.clientId);
    if (client === undefined) return null;
    const at = now.toISOString();
    const row: CaseRow = {
      id: newId(),
      client_id: input.clientId,
      reference: nextReference(db, now),
      issues: JSON.stringify([...new Set(input.issues)]),
      summary: input.summary,
      adviser,
      status: 'open',
      opened_on: input.openedOn,
      closed_on: null,
      created_at: at,
      updated_at: at,
    };
    db.prepare(
      `INSERT INTO cases (id, client_id, reference, issues, summary, adviser, status, opened_on, closed_on, created_at, updated_at)
       VALUES (@id, @client_id, @reference, @issues, @summary, @adviser, @status, @opened_on, @closed_on, @created_at, @updated_at)`,
    ).run(row);
    return fromRow(row);
  })();

export const updateCase = (
  db: Database,
  input: z.output<typeof caseUpdateSchema>,
  now: Date,
): Case | null => {
  const closedOn =
    input.status === 'closed' ? (input.closedOn ?? now.toISOString().slice(0, 10)) : null;
  const changed = db
    .prepare(
      `UPDATE cases SET issues = ?, summary = ?, status = ?, closed_on = ?, updated_at = ? WHERE id = ?`,
    )
    .run(
      JSON.stringify([...new Set(input.issues)]),
      input.summary,
      input.status,
      closedOn,
      now.toISOString(),
      input.id,
    );
  return changed.changes === 0 ? null : getCase(db, input.id);
};

export const getCase = (db: Database, id: string): Case | null => {
  const row = db.prepare<[string], CaseRow>('SELECT * FROM cases WHERE id = ?').get(id);
  return row ? fromRow(row) : null;
};

export const listCases = (db: Database, clientId: string): Case[] =>
  db
    .prepare<[string], CaseRow>(
      'SELECT * FROM cases WHERE client_id = ? ORDER BY opened_on DESC, created_at DESC',
    )
    .all(clientId)
    .map(fromRow);
