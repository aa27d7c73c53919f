import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addNote, addOutcome, caseRecords } from '#main/store/case-records.ts';
import { listCases, openCase } from '#main/store/cases.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { getClient, insertClient, searchClients } from '#main/store/clients.ts';
import { searchCasework } from '#main/store/casework-search.ts';
import { eraseClient } from '#main/store/data-protection.ts';
import { schemaVersion } from '#main/store/migrate.ts';
import { openStore } from '#main/store/open.ts';
import type { Database, Migration } from '#main/store/open.ts';
import { applyRetention, retentionPreview } from '#main/store/retention.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import { outcomeInputSchema } from '#src/casework/schemas.ts';

/**
 * Upgrades with real data on a real encrypted store (#5): a store written at
 * version 2 (casework, before erasure records) and at version 3 (before
 * anonymised cases) is reopened by newer code, one migration at a time and
 * then to the latest, and everything an adviser had recorded is still there,
 * still searchable, and the features the new migrations bring work on it.
 */
let dir = '';
const key = randomBytes(32);
const file = () => join(dir, 'store.db');
const now = new Date('2026-11-23T10:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-upgrade-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const openAt = (migrations: readonly Migration[]): Database => {
  const opened = openStore(file(), key, migrations);
  if (!opened.ok) throw new Error(opened.reason);
  return opened.value;
};
const upTo = (version: number): readonly Migration[] => MIGRATIONS.slice(0, version);

const columns = (db: Database, table: string): string[] =>
  (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);

/** What an adviser had recorded at version 2: two clients, cases, a note, an outcome. */
const recordCasework = (db: Database) => {
  const mina = insertClient(
    db,
    details({
      name: 'Mina Oldstore',
      dateOfBirth: '1961-04-12',
      phone: '07700 900456',
      postcode: 'NR1 3AB',
      language: 'Bengali',
      interpreterNeeded: true,
    }),
    new Date('2017-02-01T09:00:00Z'),
  );
  const theo = insertClient(db, details({ name: 'Theo Kept' }), now);
  const old = openCase(
    db,
    { clientId: mina.id, issues: ['debt'], summary: 'Council tax arrears', openedOn: '2017-02-01' },
    'Alice Adviser',
    new Date('2017-02-01T09:00:00Z'),
  );
  const current = openCase(
    db,
    { clientId: theo.id, issues: ['housing'], summary: 'Repairs', openedOn: '2026-10-01' },
    'Alice Adviser',
    now,
  );
  if (old === null || current === null) throw new Error('cases not opened');
  addNote(db, { caseId: old.id, text: 'Agreed a payment plan with the bailiffs' }, 'Alice', now);
  addNote(db, { caseId: current.id, text: 'Landlord promised the boiler by Friday' }, 'Alice', now);
  addOutcome(
    db,
    outcomeInputSchema.parse({
      caseId: old.id,
      kind: 'debt-written-off',
      type: 'Council tax arrears',
      amount: '1,250.50',
      period: 'one-off',
      achievedOn: '2017-06-01',
    }),
    'Alice',
    now,
  );
  // Closed long ago, as the version-2 desk recorded closing.
  db.prepare(`UPDATE cases SET status = 'closed', closed_on = '2017-07-01' WHERE id = ?`).run(
    old.id,
  );
  return { mina, theo, old, current };
};

describe('upgrading a store with casework in it', () => {
  it('from version 2 through 3 and 4 to the latest, keeping every record', () => {
    let db = openAt(upTo(2));
    expect(schemaVersion(db)).toBe(2);
    const made = recordCasework(db);
    const before = {
      mina: getClient(db, made.mina.id),
      theo: getClient(db, made.theo.id),
      minaCases: listCases(db, made.mina.id),
      oldRecords: caseRecords(db, 'case', made.old.id),
    };
    expect(before.oldRecords.notes.map((n) => n.text)).toEqual([
      'Agreed a payment plan with the bailiffs',
    ]);
    expect(before.oldRecords.outcomes.map((o) => o.amountPence)).toEqual([125_050]);
    expect(columns(db, 'cases')).not.toContain('anonymised_at');
    db.close();

    // Version 3: the erasure record arrives, empty; nothing else moves.
    db = openAt(upTo(3));
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT count(*) FROM erasures').pluck().get()).toBe(0);
    expect(getClient(db, made.mina.id)).toEqual(before.mina);
    expect(caseRecords(db, 'case', made.old.id)).toEqual(before.oldRecords);
    db.close();

    // Version 4: cases can be marked anonymised; none is yet.
    db = openAt(upTo(4));
    expect(schemaVersion(db)).toBe(4);
    expect(columns(db, 'cases')).toContain('anonymised_at');
    expect(
      db.prepare('SELECT count(*) FROM cases WHERE anonymised_at IS NOT NULL').pluck().get(),
    ).toBe(0);
    expect(getClient(db, made.mina.id)).toEqual(before.mina);
    expect(getClient(db, made.theo.id)).toEqual(before.theo);
    expect(listCases(db, made.mina.id)).toEqual(before.minaCases);
    expect(caseRecords(db, 'case', made.old.id)).toEqual(before.oldRecords);
    db.close();

    // The latest: still all there and searchable, and the file is sound.
    db = openAt(MIGRATIONS);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(getClient(db, made.mina.id)).toEqual(before.mina);
    expect(caseRecords(db, 'case', made.old.id)).toEqual(before.oldRecords);
    expect(searchClients(db, 'oldstore mina').map((c) => c.name)).toEqual(['Mina Oldstore']);
    const found = (text: string) => searchCasework(db, text).map((h) => h.name);
    expect(found('07700 900456')).toEqual(['Mina Oldstore']);
    expect(found('nr13ab')).toEqual(['Mina Oldstore']);
    expect(found('12/04/1961')).toEqual(['Mina Oldstore']);
    expect(found('bailiffs')).toEqual(['Mina Oldstore']);
    expect(found(made.old.reference)).toEqual(['Mina Oldstore']);

    // What migrations 3 and 4 are for works on the upgraded data.
    const due = retentionPreview(db, 6, '2026-11-23');
    expect(due.map((c) => c.caseId)).toEqual([made.old.id]);
    expect(applyRetention(db, 6, [made.old.id], now).anonymisedCases).toBe(1);
    expect(listCases(db, made.theo.id)).toHaveLength(1);
    const erased = eraseClient(db, made.theo.id, 'Alice', now);
    expect(erased?.cases).toBe(1);
    expect(db.prepare('SELECT count(*) FROM erasures').pluck().get()).toBe(1);
    expect(getClient(db, made.theo.id)).toBeNull();
    db.close();
  });

  it('from version 3 with an erasure on record, to 4 and the latest', () => {
    let db = openAt(upTo(3));
    const made = recordCasework(db);
    // As the version-3 desk recorded an erasure (today's eraseClient needs
    // later columns): the client's rows gone, the record kept.
    db.prepare('DELETE FROM case_notes WHERE client_id = ?').run(made.theo.id);
    db.prepare('DELETE FROM cases WHERE client_id = ?').run(made.theo.id);
    db.prepare('DELETE FROM clients WHERE id = ?').run(made.theo.id);
    db.prepare(
      'INSERT INTO erasures (id, client_id, erased_at, erased_by, cases, records) VALUES (?, ?, ?, ?, 1, 1)',
    ).run('0190a000-0000-7000-8000-00000000e7a5', made.theo.id, now.toISOString(), 'Alice');
    const erasureRows = db.prepare('SELECT * FROM erasures').all();
    const minaRecords = caseRecords(db, 'case', made.old.id);
    expect(minaRecords.notes).toHaveLength(1);
    db.close();

    db = openAt(upTo(4));
    expect(db.prepare('SELECT * FROM erasures').all()).toEqual(erasureRows);
    expect(getClient(db, made.theo.id)).toBeNull();
    expect(caseRecords(db, 'case', made.old.id)).toEqual(minaRecords);
    db.close();

    db = openAt(MIGRATIONS);
    // Migration 8 adds what an erasure cancelled among unsent work: none before it.
    expect(db.prepare('SELECT * FROM erasures').all()).toEqual(
      erasureRows.map((row) => ({
        ...(row as object),
        cancelled_referrals: 0,
        cancelled_messages: 0,
        // Migration 9: referrals the network was asked to erase from; none before it.
        network_referrals: 0,
      })),
    );
    expect(getClient(db, made.mina.id)?.name).toBe('Mina Oldstore');
    expect(caseRecords(db, 'case', made.old.id)).toEqual(minaRecords);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
