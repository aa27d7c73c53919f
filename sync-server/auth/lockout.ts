import { createHash } from 'node:crypto';
import type { Db } from '#server/db/db.ts';

/**
 * The brake on password guessing. After `maxFailures` failed attempts for one
 * key (an email from one address) within `windowMs`, the key is refused for
 * `lockMs`. Kept in the database, so a lockout holds across restarts and
 * across several server instances. Keys are stored as hashes: the table holds
 * no email addresses or IP addresses.
 */
export type LockoutPolicy = { maxFailures: number; windowMs: number; lockMs: number };

export const DEFAULT_LOCKOUT: LockoutPolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 5 * 60_000,
};

/**
 * Guessing one account from many addresses is caught too, by a per-account
 * key with this many times the allowance. It also lets a stranger lock an
 * account for `lockMs` by guessing wrong on purpose: a short lock is the price.
 */
export const ACCOUNT_FACTOR = 4;

type Row = { failures: number; first_at: Date | string; locked_until: Date | string | null };

const ms = (v: Date | string): number => new Date(v).getTime();

export class Lockout {
  constructor(
    private readonly db: Db,
    readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
  ) {}

  /** The stored key for the parts of an attempt (kind, email, address…). */
  static key(...parts: string[]): string {
    return createHash('sha256').update(parts.join('\u0000').toLowerCase(), 'utf8').digest('hex');
  }

  /** When the key may try again, or null if it is not locked. */
  async lockedUntil(key: string, now: Date): Promise<Date | null> {
    const [row] = await this.db.query<Row>(
      'select failures, first_at, locked_until from sign_in_failures where key_hash = $1',
      [key],
    );
    if (!row?.locked_until || ms(row.locked_until) <= now.getTime()) return null;
    return new Date(row.locked_until);
  }

  /** Counts a failure; `factor` scales the allowance (see ACCOUNT_FACTOR). */
  async fail(key: string, now: Date, factor = 1): Promise<void> {
    const { maxFailures, windowMs, lockMs } = this.policy;
    await this.db.tx(async (q) => {
      await q.query(
        `insert into sign_in_failures (key_hash, failures, first_at, locked_until)
         values ($1, 0, $2, null) on conflict (key_hash) do nothing`,
        [key, now.toISOString()],
      );
      const [row] = await q.query<Row>(
        'select failures, first_at, locked_until from sign_in_failures where key_hash = $1 for update',
        [key],
      );
      if (!row) throw new Error('sign_in_failures row vanished');
      const fresh = now.getTime() - ms(row.first_at) > windowMs;
      let failures = (fresh ? 0 : row.failures) + 1;
      let firstAt = fresh ? now : new Date(row.first_at);
      let lockedUntil = row.locked_until === null ? null : new Date(row.locked_until);
      if (failures >= maxFailures * factor) {
        lockedUntil = new Date(now.getTime() + lockMs);
        failures = 0;
        firstAt = now;
      }
      await q.query(
        `update sign_in_failures set failures = $2, first_at = $3, locked_until = $4
          where key_hash = $1`,
        [key, failures, firstAt.toISOString(), lockedUntil?.toISOString() ?? null],
      );
    });
  }

  async succeed(key: string): Promise<void> {
    await this.db.query('delete from sign_in_failures where key_hash = $1', [key]);
  }
}
