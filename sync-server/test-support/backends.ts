import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '#server/db/db.ts';
import { openDb } from '#server/db/open.ts';

/**
 * The databases the server's tests run on: PGlite in memory always, and
 * PostgreSQL when TEST_DATABASE_URL names a server (see with-postgres.sh).
 * Each `open` gives a fresh, migrated, empty database; `drop` removes it.
 */
export type Backend = {
  name: 'pglite' | 'postgres';
  open(): Promise<{ db: Db; url: string | null; drop: () => Promise<void> }>;
};

const pglite: Backend = {
  name: 'pglite',
  open: async () => {
    const db = await openDb({});
    return { db, url: null, drop: () => db.close() };
  },
};

const postgres = (adminUrl: string): Backend => ({
  name: 'postgres',
  open: async () => {
    const name = `handover_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = await openDb({ databaseUrl: url.toString() });
    return {
      db,
      url: url.toString(),
      drop: async () => {
        await db.close();
        const again = new pg.Client({ connectionString: adminUrl });
        await again.connect();
        try {
          await again.query(`drop database if exists ${name} with (force)`);
        } finally {
          await again.end();
        }
      },
    };
  },
});

export const BACKENDS: readonly Backend[] = [
  pglite,
  ...(process.env.TEST_DATABASE_URL ? [postgres(process.env.TEST_DATABASE_URL)] : []),
];
