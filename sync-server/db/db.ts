/**
 * The server's one door to its database. Two implementations speak the same
 * PostgreSQL dialect: PGlite in a data directory (the default) and a real
 * PostgreSQL server chosen by `DATABASE_URL` (DESIGN.md, "The sync server").
 */

/** Something SQL can be run on: the database itself, or one open transaction. */
export type Queryable = {
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
};

export type Db = Queryable & {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when
   * it throws. Inside, use only the `q` it is given: on PGlite the database
   * itself is held by the transaction until it ends.
   */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * Hears NOTIFYs on `channel` sent by other processes sharing the database
   * (PostgreSQL only: a PGlite directory belongs to one process, so this is a
   * no-op there). Resolves to a function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

/**
 * JSON for a jsonb parameter. Write the SQL as `$n::text::jsonb`: both drivers
 * then pass the text unchanged (PGlite would serialise a bare `$n::jsonb`
 * parameter a second time).
 */
export const json = (value: unknown): string => JSON.stringify(value);
