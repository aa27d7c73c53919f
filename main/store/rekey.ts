import { closeSync, openSync, fsyncSync, renameSync, rmSync } from 'node:fs';
import type { Database } from '#main/store/open.ts';

/**
 * Writes a checked copy of the open store, under its current key, to `copy`
 * (all or nothing: written beside it, synced, then renamed into place), to
 * fall back on if a rekey is killed half-way (main/casework/store-keys.ts).
 */
export const copyBeforeRekey = (db: Database, copy: string): void => {
  const partial = `${copy}.partial`;
  rmSync(partial, { force: true });
  db.prepare('VACUUM INTO ?').run(partial);
  db.prepare('ATTACH DATABASE ? AS rekey_copy').run(partial);
  try {
    if (db.pragma('rekey_copy.quick_check', { simple: true }) !== 'ok') {
      throw new Error('copyBeforeRekey: the copy did not check');
    }
  } finally {
    db.exec('DETACH DATABASE rekey_copy');
  }
  const fd = openSync(partial, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, copy);
};

/**
 * Re-encrypts the open store with `newKey` (SQLCipher's `PRAGMA rekey`), for
 * when a key may have been exposed. SQLite3 Multiple Ciphers cannot rekey in
 * WAL mode, so the WAL is checkpointed into the file and the store switches
 * to a rollback journal for the rekey (which rewrites every page in one
 * transaction: a crash leaves the old key's file), then back to WAL.
 *
 * Never call this directly from a feature: `rekeyKeptStore`
 * (main/casework/store-keys.ts) keeps `newKey` as pending in key custody
 * first, so a crash after this returns cannot strand the store.
 */
export const rekeyStore = (db: Database, newKey: Buffer): void => {
  if (newKey.length !== 32) throw new Error('rekeyStore: the key must be 32 bytes');
  db.pragma('wal_checkpoint(TRUNCATE)');
  if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') {
    throw new Error('rekeyStore: could not leave WAL mode');
  }
  try {
    // A raw key, as in open.ts; this string lives only for this call.
    db.pragma(`rekey = "x'${newKey.toString('hex')}'"`);
  } finally {
    db.pragma('journal_mode = WAL');
  }
};
