import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNote } from '#main/store/case-records.ts';
import { openCase } from '#main/store/cases.ts';
import { insertClient } from '#main/store/clients.ts';
import {
  parseDateOfBirth,
  SEARCH_SQL,
  searchCasework,
  toNoteQuery,
} from '#main/store/casework-search.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import { details } from '#main/store/client-details.fixture.ts';

/** Casework search on a real encrypted store: every way an adviser looks someone up. */
let dir = '';
let db: Database;
const now = new Date('2026-11-23T10:00:00Z');
let maryCase = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-search-'));
  const opened = openStore(join(dir, 'store.db'), randomBytes(32), MIGRATIONS);
  if (!opened.ok) throw new Error(opened.reason);
  db = opened.value;
  const mary = insertClient(
    db,
    details({
      name: 'Mary Anne Smith',
      otherNames: 'Molly Jones',
      dateOfBirth: '1980-05-17',
      postcode: 'NR1 3AB',
      phone: '07700 900123',
    }),
    now,
  );
  insertClient(
    db,
    details({ name: 'John Smithson', postcode: 'NR2 4CD', phone: '+44 7700 900999' }),
    now,
  );
  insertClient(db, details({ name: 'Zofia Kowalska', email: 'zofia@example.org' }), now);
  const opened2 = openCase(
    db,
    { clientId: mary.id, issues: ['debt'], summary: null, openedOn: '2026-11-23' },
    'A',
    now,
  );
  if (opened2 === null) throw new Error('no case');
  maryCase = opened2.id;
  addNote(
    db,
    { caseId: maryCase, text: 'Bailiffs visited about the council tax arrears' },
    'A',
    now,
  );
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const found = (text: string) => searchCasework(db, text).map((h) => `${h.name}:${h.match}`);

describe('casework search', () => {
  it('finds by name in any order and part words, and by other names', () => {
    expect(found('smith mary')).toEqual(['Mary Anne Smith:name']);
    expect(found('smi').sort()).toEqual(['John Smithson:name', 'Mary Anne Smith:name']);
    expect(found('molly')).toEqual(['Mary Anne Smith:name']);
  });

  it('finds by date of birth, typed the UK way or as ISO', () => {
    expect(found('17/05/1980')).toEqual(['Mary Anne Smith:date-of-birth']);
    expect(found('17/5/1980')).toEqual(['Mary Anne Smith:date-of-birth']);
    expect(found('1980-05-17')).toEqual(['Mary Anne Smith:date-of-birth']);
    expect(parseDateOfBirth('31/02/1980')).toBeNull();
  });

  it('finds by phone, however it was written', () => {
    expect(found('07700900123')).toEqual(['Mary Anne Smith:phone']);
    expect(found('07700 900').sort()).toEqual(['John Smithson:phone', 'Mary Anne Smith:phone']);
    expect(found('+447700900999')).toEqual(['John Smithson:phone']);
  });

  it('finds by postcode with or without its space', () => {
    expect(found('nr13ab')).toEqual(['Mary Anne Smith:postcode']);
    expect(found('NR1 3AB')).toEqual(['Mary Anne Smith:postcode']);
  });

  it('finds by case reference and by words in a note, saying which case', () => {
    const byRef = searchCasework(db, 'hc-2026-1');
    expect(byRef).toMatchObject([
      {
        name: 'Mary Anne Smith',
        match: 'reference',
        caseId: maryCase,
        caseReference: 'HC-2026-0001',
      },
    ]);
    const byNote = searchCasework(db, 'bailiff');
    expect(byNote).toMatchObject([{ name: 'Mary Anne Smith', match: 'note', caseId: maryCase }]);
    expect(byNote[0]?.snippet).toContain('Bailiffs visited');
  });

  it('lists recent clients for an empty search, and nothing for a stranger', () => {
    expect(found('')).toHaveLength(3);
    expect(found('zebra')).toEqual([]);
    expect(() => searchCasework(db, 'NEAR( ) * " OR')).not.toThrow();
  });

  it('uses an index or the full-text index for every kind of search, never a table scan', () => {
    const plan = (sql: string, ...params: unknown[]): string =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((r) => (r as { detail: string }).detail)
        .join('\n');
    const plans = {
      recent: plan(SEARCH_SQL.recent, 50),
      reference: plan(SEARCH_SQL.reference, 'HC-2026-0001'),
      dateOfBirth: plan(SEARCH_SQL.dateOfBirth, '1980-05-17', 50),
      phone: plan(SEARCH_SQL.phone, '07700', '07700:', 50),
      postcode: plan(SEARCH_SQL.postcode, 'NR13AB', 50),
      names: plan(SEARCH_SQL.names, '"smith"*', 50),
      notes: plan(SEARCH_SQL.notes, '"bailiff"*', 50),
    };
    for (const [name, detail] of Object.entries(plans)) {
      // "SCAN <table>" without an index is a full table scan; FTS5 virtual
      // table access shows as "SCAN <fts> VIRTUAL TABLE INDEX …".
      const scans = detail
        .split('\n')
        .filter((l) => /^SCAN /.test(l) && !/VIRTUAL TABLE|USING (COVERING )?INDEX/.test(l));
      expect(scans, `${name}:\n${detail}`).toEqual([]);
    }
    expect(plans.recent).toMatch(/clients_updated/);
    expect(plans.reference).toMatch(/sqlite_autoindex_cases_\d/);
    expect(plans.dateOfBirth).toMatch(/clients_date_of_birth/);
    expect(plans.phone).toMatch(/clients_phone_digits/);
    expect(plans.postcode).toMatch(/clients_postcode_key/);
    expect(plans.names).toMatch(/clients_fts VIRTUAL TABLE/);
    expect(plans.notes).toMatch(/case_notes_fts VIRTUAL TABLE/);
  });
});

describe('note queries', () => {
  it('match whole words, and the start of the last word only', () => {
    expect(toNoteQuery('"council"* "ta"*')).toBe('"council" "ta"*');
    expect(toNoteQuery('"bail"*')).toBe('"bail"*');
    expect(found('council ta')).toEqual(['Mary Anne Smith:note']);
    expect(found('counc tax')).toEqual([]);
  });
});
