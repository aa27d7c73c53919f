import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import { schemaVersion } from '#main/store/migrate.ts';
import type { Database } from '#main/store/open.ts';

/**
 * Encrypted backups of the casework store to a folder the adviser chooses (a
 * network share, a USB stick). Each backup is a folder:
 *
 *   handover-backup-<when>/casework.db     the store, encrypted with its key
 *   handover-backup-<when>/recovery.json   the key wrapped by the recovery key
 *   handover-backup-<when>/README.txt      what this is (no personal data)
 *
 * The copy is made with `VACUUM INTO`, one read transaction over the live
 * store, so it is consistent while the adviser keeps working. (SQLite's
 * backup API, better-sqlite3's `db.backup`, refuses here: SQLite3 Multiple
 * Ciphers will not copy an encrypted store into an unkeyed file, and
 * better-sqlite3 gives no way to key the target.) `VACUUM INTO` writes the
 * copy with the same cipher and key, and leaves out free pages, so deleted
 * data does not travel into backups. Without the recovery key (or the store's
 * key), a backup is unreadable.
 */

export const BACKUP_FILE = 'casework.db';
export const RECOVERY_FILE = 'recovery.json';

const README = `This folder is an encrypted backup of casework from Handover.

It cannot be read without the recovery key that Handover showed when the
casework was set up. To restore it onto a computer, sign in to Handover there
and choose "Restore a backup", then give this folder and the recovery key.
`;

export type BackupReason = 'backup-folder-unavailable' | 'backup-check-failed';
export type Backup = { folder: string; createdAt: string; bytes: number };

const stamp = (now: Date): string => now.toISOString().slice(0, 19).replace(/:/g, '-');

/**
 * Checks a backup file by attaching it to the live connection: with no KEY
 * given, SQLite3 Multiple Ciphers uses the main store's key, so the copy is
 * read with the key it must have been written with.
 */
const checkCopy = (db: Database, file: string): boolean => {
  db.prepare(`ATTACH DATABASE ? AS backup_check`).run(file);
  try {
    const check = db.pragma('backup_check.quick_check', { simple: true });
    const version = db.pragma('backup_check.user_version', { simple: true });
    const clients = (n: string) =>
      db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${n}.clients`).get()?.n ?? -1;
    return (
      check === 'ok' && version === schemaVersion(db) && clients('backup_check') === clients('main')
    );
  } catch {
    return false;
  } finally {
    db.exec('DETACH DATABASE backup_check');
  }
};

/**
 * Writes a backup into `folder`, checks it, and returns where it went. The
 * copy is written under a temporary name and renamed into place only once
 * checked, so a half-written backup never looks like a good one.
 */
export const backupStore = (
  db: Database,
  folder: string,
  recoveryEnvelope: unknown,
  now: Date,
): Result<Backup, BackupReason> => {
  if (recoveryEnvelope === null) throw new Error('backupStore: the store has no recovery key');
  const target = join(folder, `handover-backup-${stamp(now)}`);
  const partial = `${target}.partial`;
  try {
    mkdirSync(partial, { recursive: true, mode: 0o700 });
  } catch {
    return err('backup-folder-unavailable');
  }
  try {
    const file = join(partial, BACKUP_FILE);
    db.prepare('VACUUM INTO ?').run(file);
    if (!checkCopy(db, file)) {
      rmSync(partial, { recursive: true, force: true });
      return err('backup-check-failed');
    }
    writeFileSync(join(partial, RECOVERY_FILE), JSON.stringify(recoveryEnvelope, null, 2), {
      mode: 0o600,
    });
    writeFileSync(join(partial, 'README.txt'), README);
    renameSync(partial, target);
    return ok({
      folder: target,
      createdAt: now.toISOString(),
      bytes: statSync(join(target, BACKUP_FILE)).size,
    });
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    if (
      e instanceof Error &&
      'code' in e &&
      typeof e.code === 'string' &&
      !e.code.startsWith('SQLITE')
    ) {
      return err('backup-folder-unavailable');
    }
    throw e;
  }
};

const BACKUP_NAME = /^handover-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}$/;

/**
 * Removes all but the newest `keep` backups of one store from `folder`. A
 * backup counts as this store's only if its recovery envelope says so
 * (`context`, "store:<id>"): a folder shared by several users, or holding
 * anything else, loses nothing that is not this store's. Returns the names
 * removed.
 */
export const pruneBackups = (folder: string, context: string, keep: number): string[] => {
  if (!Number.isInteger(keep) || keep < 1) throw new Error('pruneBackups: keep at least one');
  const ours = readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && BACKUP_NAME.test(e.name))
    .map((e) => e.name)
    .filter((name) => {
      const backup = readBackup(join(folder, name));
      const envelope = backup?.recoveryEnvelope;
      return (
        typeof envelope === 'object' &&
        envelope !== null &&
        'context' in envelope &&
        envelope.context === context
      );
    })
    // The names hold their UTC time, so they sort oldest first.
    .sort();
  const old = ours.slice(0, Math.max(0, ours.length - keep));
  for (const name of old) rmSync(join(folder, name), { recursive: true, force: true });
  return old;
};

/** The recovery envelope kept in a backup folder; null when it is not a backup. */
export const readBackup = (
  backupFolder: string,
): { file: string; recoveryEnvelope: unknown } | null => {
  const file = join(backupFolder, BACKUP_FILE);
  const recovery = join(backupFolder, RECOVERY_FILE);
  if (!existsSync(file) || !existsSync(recovery)) return null;
  try {
    return { file, recoveryEnvelope: JSON.parse(readFileSync(recovery, 'utf8')) as unknown };
  } catch {
    return null;
  }
};

/** Copies a checked backup file into place as the store, never over an existing store. */
export const placeRestoredStore = (backupFile: string, storeFile: string): void => {
  if (existsSync(storeFile)) throw new Error('placeRestoredStore: a store already exists there');
  const temp = `${storeFile}.restoring`;
  copyFileSync(backupFile, temp);
  renameSync(temp, storeFile);
};
