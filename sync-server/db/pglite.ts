import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from '#server/db/db.ts';
import { Mutex } from '#server/db/mutex.ts';

const queryable = (on: Pick<PGlite, 'query'>): Queryable => ({
  query: async <T>(sql: string, params?: readonly unknown[]) =>
    (await on.query<T>(sql, params === undefined ? undefined : [...params])).rows,
});

/**
 * PGlite: PostgreSQL inside this process, one connection. Every query and
 * transaction goes through one mutex, so a transaction never sees another
 * caller's statements in between. A data directory must belong to one
 * process at a time: `openDb` guards it with a lock file.
 */
export const openPglite = async (dataDir?: string): Promise<Db> => {
  const pg = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await pg.waitReady;
  const mutex = new Mutex();
  const direct = queryable(pg);
  let closed = false;

  return {
    kind: 'pglite',
    query: <T>(sql: string, params?: readonly unknown[]) =>
      mutex.run(() => direct.query<T>(sql, params)),
    tx: <T>(fn: (q: Queryable) => Promise<T>) =>
      mutex.run(() => pg.transaction((t) => fn(queryable(t)))),
    listen: () => Promise.resolve(() => Promise.resolve()),
    close: async () => {
      if (closed) return;
      closed = true;
      await mutex.run(() => pg.close());
    },
  };
};
