import type { Database } from '#main/store/open.ts';

/**
 * The agency's retention rule: cases closed more than N years ago are
 * anonymised. The adviser sees the list first (`retentionPreview`) and then
 * confirms (`applyRetention`), which acts only on cases still due. An
 * anonymised case keeps what the agency's figures need (issues, dates,
 * outcome kinds and amounts) and loses its notes, tasks, documents and
 * summary; a client whose every case is anonymised loses their details too.
 */

export type RetentionCase = { caseId: string; reference: string; closedOn: string };

/** The day N years before `today` (YYYY-MM-DD). */
export const retentionCutoff = (years: number, today: string): string => {
  const [y = '0', m = '01', d = '01'] = today.split('-');
  return `${String(Number(y) - years).padStart(4, '0')}-${m}-${d}`;
};

export const RETENTION_SQL = `SELECT id AS caseId, reference, closed_on AS closedOn FROM cases
  WHERE status = 'closed' AND closed_on < ? AND anonymised_at IS NULL
  ORDER BY closed_on LIMIT 5000`;

export const retentionPreview = (db: Database, years: number, today: string): RetentionCase[] =>
  db.prepare<[string], RetentionCase>(RETENTION_SQL).all(retentionCutoff(years, today));

export const applyRetention = (
  db: Database,
  years: number,
  caseIds: readonly string[],
  now: Date,
): { anonymisedCases: number; anonymisedClients: number } => {
  const due = new Set(
    retentionPreview(db, years, now.toISOString().slice(0, 10)).map((c) => c.caseId),
  );
  const chosen = caseIds.filter((id) => due.has(id));
  const secure = db.pragma('secure_delete', { simple: true });
  db.pragma('secure_delete = ON');
  try {
    const result = db
      .transaction(() => {
        const clients = new Set<string>();
        for (const id of chosen) {
          const owner = db
            .prepare<[string], { client_id: string }>('SELECT client_id FROM cases WHERE id = ?')
            .get(id);
          if (owner === undefined) continue;
          clients.add(owner.client_id);
          db.prepare(
            'DELETE FROM case_document_content WHERE document_id IN (SELECT id FROM case_documents WHERE case_id = ?)',
          ).run(id);
          for (const table of ['case_documents', 'case_tasks', 'case_notes']) {
            db.prepare(`DELETE FROM ${table} WHERE case_id = ?`).run(id);
          }
          db.prepare(
            'UPDATE cases SET summary = NULL, anonymised_at = ?, updated_at = ? WHERE id = ?',
          ).run(now.toISOString(), now.toISOString(), id);
        }
        let anonymisedClients = 0;
        for (const clientId of clients) {
          const remaining = db
            .prepare<[string], { n: number }>(
              'SELECT count(*) AS n FROM cases WHERE client_id = ? AND anonymised_at IS NULL',
            )
            .get(clientId)?.n;
          if (remaining !== 0) continue;
          db.prepare(
            `UPDATE clients SET name = 'Anonymised client', other_names = NULL, date_of_birth = NULL, phone = NULL,
             email = NULL, address = NULL, postcode = NULL, preferred_contact = NULL, contact_notes = NULL,
             household = NULL, language = NULL, interpreter_needed = 0, accessibility_needs = NULL,
             vulnerabilities = '[]', phone_digits = NULL, postcode_key = NULL, updated_at = ?
           WHERE id = ?`,
          ).run(now.toISOString(), clientId);
          anonymisedClients += 1;
        }
        db.exec(`INSERT INTO clients_fts (clients_fts) VALUES ('optimize');
        INSERT INTO case_notes_fts (case_notes_fts) VALUES ('optimize');`);
        return { anonymisedCases: chosen.length, anonymisedClients };
      })
      .immediate();
    if (chosen.length > 0) {
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return result;
  } finally {
    db.pragma(`secure_delete = ${secure === 1 ? 'ON' : 'OFF'}`);
  }
};
