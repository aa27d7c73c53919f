import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { Database, Migration } from '#main/store/open.ts';

/**
 * Forward-only, numbered migrations. The store's version is SQLite's
 * `PRAGMA user_version` (kept in the database header, so it commits and rolls
 * back with the transaction that changes it). Each migration runs in its own
 * IMMEDIATE transaction together with its version bump: a migration that
 * throws, or a process that dies half-way, leaves the previous version and its
 * schema exactly as they were.
 */

/** Throws (a bug) unless the list is 1, 2, 3, … with a name each. */
export const checkMigrations = (migrations: readonly Migration[]): void => {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migrations must be numbered 1, 2, 3, … in order: found ${migration.version} at position ${index + 1}`,
      );
    }
    if (migration.name.trim() === '') {
      throw new Error(`migration ${migration.version} has no name`);
    }
  });
};

/** The store's schema version (0 for a new store). */
export const schemaVersion = (db: Database): number => {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error('PRAGMA user_version did not return a number');
  return version;
};

export type Migrated = { from: number; to: number };

/**
 * Brings the store up to the last migration. `store-newer`: the store was
 * written by a newer Handover, and this one must not touch it.
 *
 * Foreign keys are switched off while migrating (SQLite cannot change that
 * setting inside a transaction, and rebuilding a table needs it off), and
 * every migration must leave `PRAGMA foreign_key_check` clean before it
 * commits. The previous setting is restored afterwards.
 */
export const migrate = (
  db: Database,
  migrations: readonly Migration[],
): Result<Migrated, 'store-newer'> => {
  checkMigrations(migrations);
  if (db.inTransaction) throw new Error('migrate: called inside a transaction');
  const from = schemaVersion(db);
  const latest = migrations.length;
  if (from > latest) return err('store-newer');
  if (from === latest) return ok({ from, to: from });

  const foreignKeys = db.pragma('foreign_keys', { simple: true });
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of migrations.slice(from)) {
      db.transaction(() => {
        // Another process may have migrated since we looked: check again
        // under the write lock.
        const current = schemaVersion(db);
        if (current >= migration.version) return;
        if (current !== migration.version - 1) {
          throw new Error(
            `migrate: store at version ${current}, expected ${migration.version - 1}`,
          );
        }
        // Typed as void, but an async function also fits that type and would
        // commit before its work was done.
        const up: (db: Database) => unknown = migration.up;
        const result = up(db);
        if (result instanceof Promise) {
          throw new Error(`migration ${migration.version} must be synchronous`);
        }
        const violations = db.pragma('foreign_key_check');
        if (Array.isArray(violations) && violations.length > 0) {
          throw new Error(`migration ${migration.version} leaves foreign keys broken`);
        }
        // Safe to interpolate: an integer checked by checkMigrations.
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys === 1 ? 'ON' : 'OFF'}`);
  }
  return ok({ from, to: schemaVersion(db) });
};
