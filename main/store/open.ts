import { closeSync, openSync, readSync } from 'node:fs';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import { checkMigrations, migrate } from '#main/store/migrate.ts';

/**
 * Opens the local casework store: one SQLite file encrypted with SQLCipher 4
 * (through SQLite3 Multiple Ciphers), keyed with a random 256-bit raw key
 * from key custody (main/keys). A raw key skips SQLCipher's PBKDF2 (256,000
 * rounds) on every open: the key is already random, stretching it adds
 * nothing. The key is never logged and never leaves main/.
 */

export type Database = Sqlite.Database;

export type Migration = {
  /** 1, 2, 3, … in order; never renumber or edit one that has shipped. */
  version: number;
  name: string;
  /** Runs inside the migration's transaction; must be synchronous. */
  up: (db: Database) => void;
};

export type OpenStoreReason = 'wrong-key' | 'store-damaged' | 'store-newer';

const KEY_BYTES = 32;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const BUSY_TIMEOUT_MS = 5_000;

/** The first 16 bytes of `file`, or null when it is missing or shorter. */
const readHeader = (file: string): Buffer | null => {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    return read === header.length ? header : null;
  } finally {
    closeSync(fd);
  }
};

const sqliteCode = (e: unknown): string | null => (e instanceof Sqlite.SqliteError ? e.code : null);

const isCorrupt = (e: unknown): boolean => sqliteCode(e)?.startsWith('SQLITE_CORRUPT') === true;

/**
 * Sets the cipher and the key, and proves the key with a real read. SQLite
 * reports a wrong key only on the first read (SQLITE_NOTADB); nothing is
 * written before that read succeeds, so a wrong key leaves the file as it was.
 */
const unlock = (db: Database, key: Buffer): Result<null, 'wrong-key' | 'store-damaged'> => {
  const cipher = db.pragma(`cipher = 'sqlcipher'`, { simple: true });
  const legacy = db.pragma('legacy = 4', { simple: true });
  // `x'…'`: a raw 256-bit key, used as is (no key derivation). JS strings
  // cannot be wiped; this one lives only for this call.
  const keyed = db.pragma(`key = "x'${key.toString('hex')}'"`, { simple: true });
  if (cipher !== 'sqlcipher' || String(legacy) !== '4' || keyed !== 'ok') {
    // A build without encryption would silently write plain text: a bug, never a fallback.
    throw new Error('openStore: this SQLite build did not accept the SQLCipher key');
  }
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
    return ok(null);
  } catch (e) {
    if (sqliteCode(e) === 'SQLITE_NOTADB') return err('wrong-key');
    if (isCorrupt(e)) return err('store-damaged');
    throw e;
  }
};

/**
 * Opens (creating if absent) the encrypted store at `file` with `key` and
 * brings its schema up to date.
 *
 * - `wrong-key`: the key does not decrypt the file (SQLCipher cannot tell a
 *   wrong key from a file that is not a store at all). The file is untouched.
 * - `store-damaged`: the file is an unencrypted SQLite database, or a page
 *   fails SQLCipher's HMAC check or SQLite's own checks.
 * - `store-newer`: written by a newer Handover; left untouched.
 *
 * A migration that throws is a bug: the store is closed at its previous
 * version and the error is rethrown.
 */
export function openStore(
  file: string,
  key: Buffer,
  migrations: readonly Migration[],
): Result<Database, OpenStoreReason> {
  if (key.length !== KEY_BYTES) throw new Error(`openStore: the key must be ${KEY_BYTES} bytes`);
  checkMigrations(migrations);

  const header = readHeader(file);
  if (header?.equals(SQLITE_HEADER) === true) {
    return err('store-damaged', 'the store file is not encrypted');
  }

  const db = new Sqlite(file);
  try {
    const unlocked = unlock(db, key);
    if (!unlocked.ok) {
      db.close();
      return unlocked;
    }
    // WAL: readers do not block the writer, and a crash cannot tear a commit.
    if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
      throw new Error('openStore: could not switch the store to WAL');
    }
    // FULL, not NORMAL: in WAL mode NORMAL can lose the last commits on power
    // loss. Commits here are an adviser pressing Save, and outbox rows about
    // to be sent to the server; an fsync per commit is cheap at that rate,
    // and losing a note the user saw saved, or a change the server has
    // already applied, is not.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Sorts and temp tables stay in memory, never in a temp file beside the store.
    db.pragma('temp_store = MEMORY');

    const migrated = migrate(db, migrations);
    if (!migrated.ok) {
      db.close();
      return migrated;
    }
    return ok(db);
  } catch (e) {
    if (db.open) db.close();
    if (isCorrupt(e) || sqliteCode(e) === 'SQLITE_NOTADB') return err('store-damaged');
    throw e;
  }
}
