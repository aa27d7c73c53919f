import { mkdirSync } from 'node:fs';
import type { Db } from '#server/db/db.ts';
import { lockDataDir } from '#server/db/lock.ts';
import { migrate } from '#server/db/migrations.ts';
import { openPglite } from '#server/db/pglite.ts';
import { openPostgres } from '#server/db/postgres.ts';

export type DbOptions = {
  /** A PostgreSQL connection string; wins over `dataDir`. */
  databaseUrl?: string | undefined;
  /** A PGlite data directory, created if missing. Neither: PGlite in memory. */
  dataDir?: string | undefined;
};

/** Thrown when another process holds the PGlite data directory. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    holder: string,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Handover process (${holder}). ` +
        'Stop the server first: a data directory can be opened by one process at a time.',
    );
    this.name = 'DataDirInUseError';
  }
}

/** Opens the database the options name and brings its schema up to date. */
export const openDb = async (options: DbOptions): Promise<Db> => {
  let db: Db;
  if (options.databaseUrl) {
    db = await openPostgres(options.databaseUrl);
  } else if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true });
    const lock = lockDataDir(options.dataDir);
    if (!lock.ok) throw new DataDirInUseError(options.dataDir, lock.detail ?? 'unknown');
    try {
      const inner = await openPglite(options.dataDir);
      db = {
        ...inner,
        close: async () => {
          try {
            await inner.close();
          } finally {
            lock.value.release();
          }
        },
      };
    } catch (error) {
      lock.value.release();
      throw error;
    }
  } else {
    db = await openPglite();
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
};
