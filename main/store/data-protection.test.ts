import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeInputSchema, taskInputSchema } from '#src/casework/schemas.ts';
import { backupStore, BACKUP_FILE } from '#main/store/backup.ts';
import { addDocument, addNote, addOutcome, addTask } from '#main/store/case-records.ts';
import { openCase } from '#main/store/cases.ts';
import { searchCasework } from '#main/store/casework-search.ts';
import { insertClient } from '#main/store/clients.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { eraseClient, subjectAccessExport } from '#main/store/data-protection.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * Erasure and subject access on a real encrypted store. "No trace" is checked
 * the hard way: the store (and a backup taken afterwards) is decrypted to a
 * plain SQLite file and its every byte searched for the person's details.
 */
const NAME = 'Philippa Zyxwvut';
const TRACES = [
  'Philippa',
  'Zyxwvut',
  'Quernstone',
  'Gobbledegook',
  'Bramblewick',
  '07700912345',
  'ZY1 9XW',
];
let dir = '';
let db: Database;
const key = randomBytes(32);
const now = new Date('2026-11-23T11:00:00Z');
let target = '';
let other = '';

/** Decrypts a copy of an encrypted store file and returns its plain bytes. */
const decryptedBytes = (file: string): Buffer => {
  const plain = join(dir, `plain-${randomBytes(4).toString('hex')}.db`);
  copyFileSync(file, plain);
  const conn = new Sqlite(plain);
  conn.pragma(`cipher = 'sqlcipher'`);
  conn.pragma('legacy = 4');
  conn.pragma(`key = "x'${key.toString('hex')}'"`);
  conn.pragma('journal_mode = DELETE');
  conn.pragma(`rekey = ''`);
  conn.close();
  const bytes = readFileSync(plain);
  // Proves the copy really is decrypted: the plain SQLite header, and a known row.
  expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  return bytes;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-dp-'));
  const opened = openStore(join(dir, 'store.db'), key, MIGRATIONS);
  if (!opened.ok) throw new Error(opened.reason);
  db = opened.value;
  const client = insertClient(
    db,
    details({ name: NAME, otherNames: 'Bramblewick', phone: '07700912345', postcode: 'ZY1 9XW' }),
    now,
  );
  target = client.id;
  other = insertClient(db, details({ name: 'Oscar Otherperson' }), now).id;
  const c = openCase(
    db,
    { clientId: target, issues: ['debt'], summary: 'Quernstone summary', openedOn: '2026-11-01' },
    'Alice',
    now,
  );
  if (c === null) throw new Error('no case');
  addNote(db, { caseId: c.id, text: 'Discussed the Quernstone arrears at length' }, 'Alice', now);
  addTask(
    db,
    taskInputSchema.parse({
      caseId: c.id,
      kind: 'task',
      title: 'Call Philippa back',
      dueOn: '2026-12-01',
      remindOn: null,
    }),
    'Alice',
    now,
  );
  addDocument(
    db,
    {
      caseId: c.id,
      name: 'Zyxwvut-letter.txt',
      mediaType: 'text/plain',
      content: Buffer.from('Gobbledegook letter body'),
    },
    'Alice',
    now,
  );
  addOutcome(
    db,
    outcomeInputSchema.parse({
      caseId: c.id,
      kind: 'grant',
      type: 'Quernstone fund',
      amount: '100',
      period: 'one-off',
      achievedOn: '2026-11-20',
    }),
    'Alice',
    now,
  );
  const o = openCase(
    db,
    { clientId: other, issues: ['housing'], summary: null, openedOn: '2026-11-01' },
    'Alice',
    now,
  );
  if (o === null) throw new Error('no case');
  addNote(db, { caseId: o.id, text: 'Oscar note about housing' }, 'Alice', now);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('erasure on request', () => {
  it('the store held the person before: the check can find them', () => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = decryptedBytes(join(dir, 'store.db'));
    expect(TRACES.filter((t) => bytes.includes(Buffer.from(t)))).not.toEqual([]);
  });

  it('leaves a record and no trace of the person in the store or a later backup', () => {
    const erasure = eraseClient(db, target, 'Alice Adviser', now);
    expect(erasure).toMatchObject({ cases: 1, records: 4, erasedAt: now.toISOString() });
    expect(eraseClient(db, target, 'Alice Adviser', now)).toBeNull();
    expect(db.prepare('SELECT client_id, erased_by, cases, records FROM erasures').all()).toEqual([
      { client_id: target, erased_by: 'Alice Adviser', cases: 1, records: 4 },
    ]);
    for (const t of ['philippa', 'quernstone', '07700912345', 'ZY19XW', 'bramblewick']) {
      expect(searchCasework(db, t)).toEqual([]);
    }
    expect(searchCasework(db, 'oscar').map((h) => h.name)).toEqual(['Oscar Otherperson']);
    expect(searchCasework(db, 'housing').map((h) => h.name)).toEqual(['Oscar Otherperson']);

    const backup = backupStore(db, join(dir, 'backups'), { placeholder: true }, now);
    if (!backup.ok) throw new Error(backup.reason);
    db.close();
    expect(
      existsSync(join(dir, 'store.db-wal')) ? readFileSync(join(dir, 'store.db-wal')).length : 0,
    ).toBe(0);
    for (const file of [join(dir, 'store.db'), join(backup.value.folder, BACKUP_FILE)]) {
      const bytes = decryptedBytes(file);
      expect(bytes.includes(Buffer.from('Oscar Otherperson'))).toBe(true);
      expect(TRACES.filter((t) => bytes.includes(Buffer.from(t)))).toEqual([]);
      // Also as UTF-16, in case a page kept text in another encoding.
      expect(TRACES.filter((t) => bytes.includes(Buffer.from(t, 'utf16le')))).toEqual([]);
    }
  });
});

describe('subject access export', () => {
  it('writes everything held about one client as readable text, and nothing about others', () => {
    const file = subjectAccessExport(db, target, 'Northgate Advice Centre', now);
    expect(file?.fileName).toBe('subject-access-Philippa-Zyxwvut-2026-11-23.txt');
    const text = file?.text ?? '';
    for (const expected of [
      NAME,
      'Bramblewick',
      '07700912345',
      'ZY1 9XW',
      'Quernstone summary',
      'Discussed the Quernstone arrears',
      'Call Philippa back',
      'Zyxwvut-letter.txt',
      'Grant or charitable payment: Quernstone fund, £100.00',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Oscar');
    expect(subjectAccessExport(db, '0190a000-0000-7000-8000-00000000ffff', 'X', now)).toBeNull();
  });
});
