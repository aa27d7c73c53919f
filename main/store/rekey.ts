import { closeSync, fstatSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
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
 * Zeroes a rollback journal SQLite has kept (journal_mode PERSIST) and syncs
 * it. A journal whose first byte is zero is never replayed, so this is safe
 * at any moment; it leaves no old-key pages in the journal's blocks for the
 * unlink that follows (best effort: see main/casework/wipe.ts).
 */
const zeroJournal = (journal: string): void => {
  let fd: number;
  try {
    fd = openSync(journal, 'r+');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    const zeros = Buffer.alloc(Math.min(size, 1 << 20));
    for (let at = 0; at < size; at += zeros.length) {
      writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * Re-encrypts the open store with `newKey` (SQLCipher's `PRAGMA rekey`), for
 * when a key may have been exposed. SQLite3 Multiple Ciphers cannot rekey in
 * WAL mode, so the WAL is checkpointed into the file and the store switches
 * to a rollback journal for the rekey (which rewrites every page in one
 * transaction: a crash leaves the old key's file), then back to WAL.
 *
 * The journal is PERSIST, not DELETE: the rekey's journal holds the old
 * key's pages, so it is kept after the commit (its header zeroed: not hot),
 * zeroed in full here, and only then removed by the switch back to WAL.
 *
 * Never call this directly from a feature: `rekeyKeptStore`
 * (main/casework/store-keys.ts) keeps `newKey` as pending in key custody
 * first, so a crash after this returns cannot strand the store.
 */
export const rekeyStore = (db: Database, newKey: Buffer): void => {
  if (newKey.length !== 32) throw new Error('rekeyStore: the key must be 32 bytes');
  db.pragma('wal_checkpoint(TRUNCATE)');
  if (db.pragma('journal_mode = PERSIST', { simple: true }) !== 'persist') {
    throw new Error('rekeyStore: could not leave WAL mode');
  }
  try {
    // A raw key, as in open.ts; this string lives only for this call.
    db.pragma(`rekey = "x'${newKey.toString('hex')}'"`);
    zeroJournal(`${db.name}-journal`);
  } finally {
    db.pragma('journal_mode = WAL');
  }
};
