import pg from 'pg';
import type { Db, Queryable } from '#server/db/db.ts';

// int8 (counts, the change sequence) as a number, as PGlite returns it. The
// sequence stays far below 2^53.
const INT8 = 20;
const defaultParser = pg.types.getTypeParser.bind(pg.types) as (
  oid: number,
) => (v: string) => unknown;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number) =>
    oid === INT8
      ? (value: string) => Number(value)
      : defaultParser(oid)) as pg.CustomTypesConfig['getTypeParser'],
};

const queryable = (on: pg.Pool | pg.PoolClient): Queryable => ({
  query: async <T>(sql: string, params?: readonly unknown[]) =>
    (await on.query(sql, params === undefined ? undefined : [...params])).rows as T[],
});

/** A PostgreSQL server through a connection pool. Several server instances may share it. */
export const openPostgres = async (connectionString: string): Promise<Db> => {
  const pool = new pg.Pool({ connectionString, types, max: 10 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  const direct = queryable(pool);
  const listeners = new Set<pg.Client>();
  let closed = false;

  return {
    kind: 'postgres',
    query: (sql, params) => direct.query(sql, params),
    tx: async <T>(fn: (q: Queryable) => Promise<T>): Promise<T> => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const value = await fn(queryable(client));
        await client.query('commit');
        return value;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    listen: async (channel, onPayload) => {
      let stopped = false;
      let current: pg.Client | undefined;
      // A dropped LISTEN connection comes back by itself, a second later.
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString, types });
        let retried = false;
        const retry = () => {
          listeners.delete(client);
          if (retried || stopped || closed) return;
          retried = true;
          setTimeout(() => {
            if (!stopped && !closed) void connect().catch(() => undefined);
          }, 1000).unref();
        };
        client.on('error', () => void client.end().catch(() => undefined));
        client.on('end', retry);
        client.on('notification', (n) => {
          if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
        });
        try {
          await client.connect();
          await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        } catch (error) {
          retry();
          throw error;
        }
        listeners.add(client);
        current = client;
      };
      try {
        await connect();
      } catch (error) {
        stopped = true;
        throw error;
      }
      return async () => {
        stopped = true;
        if (current) {
          listeners.delete(current);
          await current.end().catch(() => undefined);
        }
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((c) => c.end().catch(() => undefined)));
      listeners.clear();
      await pool.end();
    },
  };
};
