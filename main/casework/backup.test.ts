import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreBackup } from '#main/casework/backup.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import type { KeyCustodian } from '#main/keys/custody.ts';
import { newRecoveryKey } from '#main/keys/recovery.ts';
import { backupStore, BACKUP_FILE } from '#main/store/backup.ts';
import { addNote } from '#main/store/case-records.ts';
import { openCase } from '#main/store/cases.ts';
import { insertClient } from '#main/store/clients.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { getMeta, setMeta } from '#main/store/meta.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * Backups and restore on real encrypted files: a consistent copy of a live
 * store, checked after writing, unreadable without the key (no plaintext in
 * its bytes), and restored onto a "new computer" (a fresh data folder and key
 * custody) with only the recovery key.
 */
const STORE = '0190a000-0000-7000-8000-0000000000bb';
const PASSPHRASE = 'office computer passphrase';
const NAME = 'Bartholomew Quixley';
const NOTE = 'Zanzibar tenancy deposit dispute';
let dir = '';
let custody: KeyCustodian;
let db: Database;
let recoveryKey = '';
const storeFile = () => join(dir, 'old', 'store.db');

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handover-backup-'));
  mkdirSync(join(dir, 'old'));
  custody = createKeyCustody({ dir: join(dir, 'old', 'keys'), keychain: null });
  const key = value(await custody.create(STORE, { passphrase: PASSPHRASE }));
  db = value(openStore(storeFile(), key, MIGRATIONS));
  recoveryKey = await custody.setUpRecovery(STORE, key);
  key.fill(0);
  const client = insertClient(db, details({ name: NAME, postcode: 'NR1 3AB' }), new Date());
  const opened = openCase(
    db,
    { clientId: client.id, issues: ['housing'], summary: null, openedOn: '2026-11-23' },
    'A',
    new Date(),
  );
  if (opened === null) throw new Error('no case');
  addNote(db, { caseId: opened.id, text: NOTE }, 'A', new Date());
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const backupNow = async (folder: string) =>
  backupStore(db, folder, await custody.recoveryEnvelope(STORE), new Date('2026-11-23T11:00:00Z'));

describe('backups', () => {
  it('copies the live store consistently, checks it, and holds no plaintext', async () => {
    // Another connection is half-way through a write: the backup must not see it.
    const other = new Sqlite(storeFile());
    const key = value(await custody.load(STORE, { passphrase: PASSPHRASE }));
    other.pragma(`cipher = 'sqlcipher'`);
    other.pragma('legacy = 4');
    other.pragma(`key = "x'${key.toString('hex')}'"`);
    other.exec('BEGIN IMMEDIATE');
    other.prepare(`INSERT INTO meta (key, value) VALUES ('half-way', 'not committed')`).run();

    const folder = join(dir, 'usb-stick');
    const backup = value(await backupNow(folder));
    other.exec('ROLLBACK');
    other.close();
    expect(readdirSync(folder)).toEqual(['handover-backup-2026-11-23T11-00-00']);
    expect(readdirSync(backup.folder).sort()).toEqual(['README.txt', BACKUP_FILE, 'recovery.json']);

    const bytes = readFileSync(join(backup.folder, BACKUP_FILE));
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    for (const secret of [NAME, 'Bartholomew', 'Quixley', NOTE, 'Zanzibar', 'NR1 3AB']) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      for (const f of ['README.txt', 'recovery.json']) {
        expect(readFileSync(join(backup.folder, f), 'utf8')).not.toContain(secret);
      }
    }
    expect(readFileSync(join(backup.folder, 'recovery.json'), 'utf8')).not.toContain(recoveryKey);

    // Opened with the key: the committed rows, not the half-way one.
    const copy = value(openStore(join(backup.folder, BACKUP_FILE), key, MIGRATIONS));
    expect(copy.prepare('SELECT name FROM clients').pluck().all()).toEqual([NAME]);
    expect(copy.prepare(`SELECT count(*) FROM meta WHERE key = 'half-way'`).pluck().get()).toBe(0);
    copy.close();
    key.fill(0);
  });

  it('says so when the folder cannot be written, and leaves no half backup', async () => {
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    expect(await backupNow(join(dir, 'not-a-folder'))).toEqual({
      ok: false,
      reason: 'backup-folder-unavailable',
    });
  });

  it('restores onto a new computer with the recovery key, and not without it', async () => {
    // This desk had its case reference letters from the network (#5).
    setMeta(db, 'store-id', '0190a000-0000-7000-8000-0000000000cc');
    setMeta(db, 'case-series', 'B');
    const backup = value(await backupNow(join(dir, 'share')));
    db.close();
    mkdirSync(join(dir, 'new', 'stores'), { recursive: true });
    const newCustody = createKeyCustody({ dir: join(dir, 'new', 'keys'), keychain: null });
    const input = {
      backupFolder: backup.folder,
      recoveryKey,
      storeId: STORE,
      storeFile: join(dir, 'new', 'stores', `${STORE}.db`),
    };

    expect(
      await restoreBackup(
        newCustody,
        { ...input, recoveryKey: newRecoveryKey().text },
        { passphrase: 'new computer passphrase' },
      ),
    ).toEqual({ ok: false, reason: 'wrong-recovery-key' });
    expect(
      await restoreBackup(
        newCustody,
        { ...input, backupFolder: join(dir, 'share') },
        { passphrase: 'new computer passphrase' },
      ),
    ).toEqual({ ok: false, reason: 'not-a-backup' });
    expect(existsSync(input.storeFile)).toBe(false);
    expect(await newCustody.has(STORE)).toBe(false);

    value(await restoreBackup(newCustody, input, { passphrase: 'new computer passphrase' }));
    const key = value(await newCustody.load(STORE, { passphrase: 'new computer passphrase' }));
    const restored = value(openStore(input.storeFile, key, MIGRATIONS));
    expect(restored.prepare('SELECT name FROM clients').pluck().all()).toEqual([NAME]);
    expect(restored.prepare('SELECT text FROM case_notes').pluck().all()).toEqual([NOTE]);
    // A new desk asks for letters of its own; its cases keep their references.
    expect(getMeta(restored, 'case-series')).toBeNull();
    expect(getMeta(restored, 'store-id')).toBeNull();
    expect(restored.prepare('SELECT reference FROM cases').pluck().all()).toEqual([
      expect.stringMatching(/^HC-\d{4}-0001$/),
    ]);
    restored.close();
    // The same recovery key still works on the new computer.
    expect(await newCustody.hasRecovery(STORE)).toBe(true);
    // And a store that is already there is never replaced.
    expect(
      await restoreBackup(newCustody, input, { passphrase: 'new computer passphrase' }),
    ).toEqual({ ok: false, reason: 'store-exists' });
  });
});
