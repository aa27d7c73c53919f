import { createHash } from 'node:crypto';
import type { Db, Queryable } from '#server/db/db.ts';

/**
 * The server's one brake on repeated attempts: sign-in guesses, two-factor
 * codes, invitation and reset codes, and the public forms. Each key (a hash
 * of what is being tried and from where) has an allowance of `limit`
 * attempts per fixed window of `windowMs`.
 *
 * An attempt is counted BEFORE the secret is checked, in one transaction
 * holding the keys' rows: however many guesses arrive at once, and at however
 * many server instances, at most `limit` of them are ever checked in a
 * window. A right answer gives its attempt back (`succeeded`); a wrong one
 * that uses up the allowance locks the key for `lockMs` (`failed`). An
 * attempt over the allowance is refused unchecked, and locks the key for
 * `lockMs` from then if it was not locked yet (a `lockMs` of 0 means "until
 * the window ends", for plain rate limits).
 *
 * Kept in the database (PGlite or PostgreSQL), so the counts hold across
 * restarts and are shared by every server instance. Keys are stored as
 * SHA-256 hashes: the table holds no email or IP address. Rows whose window
 * and lock are both over are deleted by `evictBrakes` (run by the periodic
 * jobs), so the table does not grow without bound.
 */
export type BrakePolicy = { limit: number; windowMs: number; lockMs: number };

/** One key to count an attempt against, with its allowance. */
export type Brake = { key: string; policy: BrakePolicy };

export type Taken =
  | {
      ok: true;
      /** The attempt's number in its key's window (1 = the first), per key in the order given. */
      counts: number[];
    }
  | {
      ok: false;
      /** When the last refusing key lets attempts through again. */
      until: Date;
      /** Keys this attempt locked (so a caller can note the lock once, not every refusal). */
      tripped: string[];
    };

type Row = {
  hits: number;
  window_start: Date | string;
  locked_until: Date | string | null;
};

const ms = (v: Date | string): number => new Date(v).getTime();

/** The stored key for the parts of an attempt (kind, email, address…). */
export const brakeKey = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\u0000').toLowerCase(), 'utf8').digest('hex');

/** Locks each key's row, creating it if needed, in one order so two attempts never deadlock. */
const lockRows = async (q: Queryable, brakes: readonly Brake[], now: Date) => {
  const rows = new Map<string, Row>();
  for (const key of [...new Set(brakes.map((b) => b.key))].sort()) {
    await q.query(
      `insert into brakes (key_hash, hits, window_start, locked_until, expires_at)
       values ($1, 0, $2, null, $2) on conflict (key_hash) do nothing`,
      [key, now.toISOString()],
    );
    const [row] = await q.query<Row>(
      'select hits, window_start, locked_until from brakes where key_hash = $1 for update',
      [key],
    );
    if (!row) throw new Error('brakes row vanished');
    rows.set(key, row);
  }
  return rows;
};

/** The key's state at `now`: locked until when, or how many attempts its window has used. */
const stateOf = (row: Row, policy: BrakePolicy, now: Date) => {
  const t = now.getTime();
  if (row.locked_until !== null && ms(row.locked_until) > t) {
    return { lockedUntil: new Date(row.locked_until), hits: row.hits, fresh: false };
  }
  const lockOver = row.locked_until !== null;
  const windowOver = t - ms(row.window_start) >= policy.windowMs;
  const fresh = lockOver || windowOver;
  return { lockedUntil: null, hits: fresh ? 0 : row.hits, fresh };
};

const later = (a: Date | null, b: Date): Date => (a !== null && a > b ? a : b);

const lockEnd = (row: Row, policy: BrakePolicy, now: Date): Date =>
  policy.lockMs > 0
    ? new Date(now.getTime() + policy.lockMs)
    : new Date(ms(row.window_start) + policy.windowMs);

export class Brakes {
  constructor(private readonly db: Db) {}

  /**
   * Counts one attempt against every key, atomically: either each key had
   * room and each count went up, or none did and the attempt is refused
   * (and must not be checked).
   */
  async take(brakes: readonly Brake[], now: Date): Promise<Taken> {
    return this.db.tx(async (q) => {
      const rows = await lockRows(q, brakes, now);
      let until: Date | null = null;
      const tripped: string[] = [];
      for (const { key, policy } of brakes) {
        const row = rows.get(key);
        if (!row) continue;
        const state = stateOf(row, policy, now);
        if (state.lockedUntil !== null) {
          until = later(until, state.lockedUntil);
        } else if (state.hits >= policy.limit) {
          const end = lockEnd(row, policy, now);
          await q.query(
            `update brakes set locked_until = $2, expires_at = greatest(expires_at, $2)
              where key_hash = $1`,
            [key, end.toISOString()],
          );
          row.locked_until = end;
          tripped.push(key);
          until = later(until, end);
        }
      }
      if (until !== null) return { ok: false as const, until, tripped };
      const counts: number[] = [];
      for (const { key, policy } of brakes) {
        const row = rows.get(key);
        if (!row) continue;
        const state = stateOf(row, policy, now);
        const windowStart = state.fresh ? now : new Date(row.window_start);
        const hits = state.hits + 1;
        await q.query(
          `update brakes set hits = $2, window_start = $3, locked_until = null, expires_at = $4
            where key_hash = $1`,
          [
            key,
            hits,
            windowStart.toISOString(),
            new Date(windowStart.getTime() + policy.windowMs).toISOString(),
          ],
        );
        Object.assign(row, { hits, window_start: windowStart, locked_until: null });
        counts.push(hits);
      }
      return { ok: true as const, counts };
    });
  }

  /**
   * The attempt was checked and wrong: a key whose allowance it used up is
   * locked for `lockMs` from now. Returns the keys it locked.
   */
  async failed(brakes: readonly Brake[], now: Date): Promise<string[]> {
    return this.db.tx(async (q) => {
      const rows = await lockRows(q, brakes, now);
      const tripped: string[] = [];
      for (const { key, policy } of brakes) {
        const row = rows.get(key);
        if (!row || policy.lockMs <= 0) continue;
        const state = stateOf(row, policy, now);
        if (state.lockedUntil !== null || state.fresh || state.hits < policy.limit) continue;
        const end = lockEnd(row, policy, now);
        await q.query(
          `update brakes set locked_until = $2, expires_at = greatest(expires_at, $2)
            where key_hash = $1`,
          [key, end.toISOString()],
        );
        tripped.push(key);
      }
      return tripped;
    });
  }

  /**
   * The attempt was right: it gives its count back on `refund` keys (shared
   * ones, such as an address or an account, where others' guesses may be
   * counted too), and clears `reset` keys entirely (one person's own key).
   * A lock on a refunded key stays: a right answer does not unlock a key
   * others may be guessing at.
   */
  async succeeded(refund: readonly Brake[], reset: readonly Brake[] = []): Promise<void> {
    await this.db.tx(async (q) => {
      for (const key of [...new Set(refund.map((b) => b.key))].sort()) {
        await q.query('update brakes set hits = greatest(hits - 1, 0) where key_hash = $1', [key]);
      }
      for (const key of [...new Set(reset.map((b) => b.key))].sort()) {
        await q.query('delete from brakes where key_hash = $1', [key]);
      }
    });
  }
}

/** Deletes the rows whose window and lock are over; returns how many. */
export const evictBrakes = async (db: Queryable, now: Date): Promise<number> =>
  (
    await db.query<{ key_hash: string }>(
      'delete from brakes where expires_at <= $1 returning key_hash',
      [now.toISOString()],
    )
  ).length;
