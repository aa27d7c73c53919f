import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '#main/store/open.ts';
import type { Database, Migration } from '#main/store/open.ts';

const NOTES: Migration = {
  version: 1,
  name: 'notes',
  up: (db) => {
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
  },
};
const TAGS: Migration = {
  version: 2,
  name: 'tags',
  up: (db) => {
    db.exec('CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT');
  },
};
// A string that must never appear in the file in the clear.
const SECRET_TEXT = 'Client disclosed rent arrears of 1234.56 to Ms Plaintext-Marker';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

let dir = '';
let file = '';
const opened: Database[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-store-'));
  file = join(dir, 'store.db');
});
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = (key: Buffer, migrations: readonly Migration[] = [NOTES]): Database => {
  const result = openStore(file, key, migrations);
  if (!result.ok) throw new Error(`expected the store to open, got ${result.reason}`);
  opened.push(result.value);
  return result.value;
};

const writeNote = (key: Buffer): void => {
  const db = open(key);
  db.prepare('INSERT INTO notes (body) VALUES (?)').run(SECRET_TEXT);
  db.close();
};

/** Every file of the store (main file, -wal, -shm) and its bytes. */
const snapshot = (): Map<string, Buffer> =>
  new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));

describe('openStore', () => {
  it('creates an encrypted store and reopens it with the same key', () => {
    const key = randomBytes(32);
    writeNote(key);
    const db = open(key);
    expect(db.prepare('SELECT body FROM notes').pluck().all()).toEqual([SECRET_TEXT]);
  });

  it('says wrong-key for another key, and leaves the file exactly as it was', () => {
    writeNote(randomBytes(32));
    const before = snapshot();
    expect(openStore(file, randomBytes(32), [NOTES])).toEqual({ ok: false, reason: 'wrong-key' });
    expect(snapshot()).toEqual(before);
  });

  it('writes nothing readable to disk', () => {
    const key = randomBytes(32);
    const db = open(key);
    db.prepare('INSERT INTO notes (body) VALUES (?)').run(SECRET_TEXT);
    // While open, recent pages live in the -wal file: encrypted too.
    for (const [name, bytes] of snapshot()) {
      expect(bytes.includes(SECRET_TEXT), name).toBe(false);
    }
    db.close();

    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 16).equals(SQLITE_HEADER)).toBe(false);
    expect(bytes.includes(SECRET_TEXT)).toBe(false);
    expect(bytes.includes('CREATE TABLE')).toBe(false);

    // Plain SQLite, without the key, cannot read it.
    const plain = new Sqlite(file, { readonly: true });
    try {
      expect(() => plain.prepare('SELECT count(*) FROM sqlite_schema').get()).toThrow(
        expect.objectContaining({ code: 'SQLITE_NOTADB' }),
      );
    } finally {
      plain.close();
    }
  });

  it('uses the standard SQLCipher 4 raw-key form, so sqlcipher tools can open it', () => {
    const key = randomBytes(32);
    writeNote(key);
    const other = new Sqlite(file, { readonly: true });
    try {
      other.pragma("cipher = 'sqlcipher'");
      other.pragma('legacy = 4');
      other.pragma(`key = "x'${key.toString('hex')}'"`);
      expect(other.prepare('SELECT body FROM notes').pluck().get()).toBe(SECRET_TEXT);
    } finally {
      other.close();
    }
  });

  it('sets WAL, foreign keys, FULL sync and a busy timeout', () => {
    const db = open(randomBytes(32));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
  });

  it('refuses a plain (unencrypted) SQLite file as store-damaged, untouched', () => {
    const plain = new Sqlite(file);
    plain.exec('CREATE TABLE notes (body TEXT)');
    plain.close();
    const before = snapshot();
    expect(openStore(file, randomBytes(32), [NOTES])).toMatchObject({
      ok: false,
      reason: 'store-damaged',
    });
    expect(snapshot()).toEqual(before);
  });

  it('throws for a key that is not 256 bits (a bug)', () => {
    expect(() => openStore(file, randomBytes(16), [NOTES])).toThrow(/32 bytes/);
    expect(existsSync(file)).toBe(false);
  });
});

describe('openStore migrations', () => {
  it('applies them in order on a new store and records the version', () => {
    const order: string[] = [];
    const track = (m: Migration): Migration => ({
      ...m,
      up: (db) => {
        order.push(m.name);
        m.up(db);
      },
    });
    const db = open(randomBytes(32), [track(NOTES), track(TAGS)]);
    expect(order).toEqual(['notes', 'tags']);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });

  it('migrates an existing store forward on open, keeping its rows', () => {
    const key = randomBytes(32);
    writeNote(key);
    const db = open(key, [NOTES, TAGS]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM tags').pluck().get()).toBe(0);
  });

  it('rolls a failing migration back to the previous version', () => {
    const key = randomBytes(32);
    writeNote(key);
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE tags (id INTEGER PRIMARY KEY); DELETE FROM notes;');
        throw new Error('migration bug');
      },
    };
    expect(() => openStore(file, key, [NOTES, broken])).toThrow('migration bug');

    const db = open(key, [NOTES]);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare('SELECT body FROM notes').pluck().all()).toEqual([SECRET_TEXT]);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'tags'").pluck().get()).toBe(
      0,
    );
  });

  it('refuses a store written by a newer Handover', () => {
    const key = randomBytes(32);
    open(key, [NOTES, TAGS]).close();
    expect(openStore(file, key, [NOTES])).toEqual({ ok: false, reason: 'store-newer' });
    expect(open(key, [NOTES, TAGS]).pragma('user_version', { simple: true })).toBe(2);
  });
});
