import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '#server/db/db.ts';
import type { Role } from '#src/wire/api.ts';
import { networkSettingsSchema, sessionExpiry, sessionLifetimes } from '#src/wire/network.ts';

/**
 * Opaque session tokens: 32 random bytes, given to the device once. Only
 * their SHA-256 is stored, so a copy of the database signs no one in.
 */
export const tokenHash = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

export const createSession = async (
  q: Queryable,
  userId: string,
  device: string,
  now: Date,
): Promise<string> => {
  const token = randomBytes(32).toString('base64url');
  await q.query(
    `insert into sessions (token_hash, user_id, device, created_at, last_seen_at)
     values ($1, $2, $3, $4, $4)`,
    [tokenHash(token), userId, device, now.toISOString()],
  );
  return token;
};

/** The signed-in user a request acts as. */
export type SessionUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string | null;
  tokenHash: string;
  /**
   * The network requires two-factor sign-in for this role and the user has
   * not set it up: the session may only do that (see http/auth.ts).
   */
  mustSetUpTwoFactor?: boolean;
};

/** Whether the network's rule requires two-factor sign-in of `role`. */
export const twoFactorRequiredFor = (role: Role, required: boolean): boolean =>
  required && (role === 'lead' || role === 'coordinator');

type Row = {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisation_id: string | null;
  created_at: Date | string;
  last_seen_at: Date | string;
  two_factor: boolean;
  require_two_factor: boolean | null;
  settings: unknown;
};

/** How stale `last_seen_at` may get before a request refreshes it (saves a write per request). */
const TOUCH_AFTER_MS = 60_000;

/** The lifetime settings out of the network's settings; the defaults if absent or unreadable. */
const lifetimesSchema = networkSettingsSchema.pick({
  sessionIdleHours: true,
  sessionMaxDays: true,
});
const lifetimesOf = (settings: unknown) => {
  const parsed = lifetimesSchema.safeParse(settings ?? {});
  return sessionLifetimes(parsed.success ? parsed.data : null);
};

/**
 * The session a token opens: its user; or why it has ended by its age (the
 * network's idle and absolute lifetimes, #12), in which case it is deleted
 * here, so it never works again; or null when there is no such live session.
 */
export type TokenSession =
  | { ok: true; user: SessionUser }
  | { ok: false; expired: 'session-idle' | 'session-expired' | null; tokenHash: string };

export const sessionForToken = async (
  q: Queryable,
  token: string,
  now: Date,
): Promise<TokenSession> => {
  const hashed = tokenHash(token);
  const [row] = await q.query<Row>(
    `select u.id, u.name, u.email, u.role, u.organisation_id, s.created_at, s.last_seen_at,
            u.totp_enabled_at is not null as two_factor,
            (select (settings ->> 'requireTwoFactor')::boolean from network limit 1)
              as require_two_factor,
            (select settings from network limit 1) as settings
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1 and not u.disabled`,
    [hashed],
  );
  if (!row) return { ok: false, expired: null, tokenHash: hashed };
  const expired = sessionExpiry(
    { createdAt: new Date(row.created_at), lastSeenAt: new Date(row.last_seen_at) },
    lifetimesOf(row.settings),
    now,
  );
  if (expired !== null) {
    await endSession(q, hashed);
    return { ok: false, expired, tokenHash: hashed };
  }
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_AFTER_MS) {
    await q.query('update sessions set last_seen_at = $2 where token_hash = $1', [
      hashed,
      now.toISOString(),
    ]);
  }
  return {
    ok: true,
    user: {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      organisationId: row.organisation_id,
      tokenHash: hashed,
      mustSetUpTwoFactor:
        !row.two_factor && twoFactorRequiredFor(row.role, row.require_two_factor === true),
    },
  };
};

/**
 * Deletes every session past the network's idle or absolute lifetime and
 * returns their token hashes, so the caller can announce them ended (their
 * open event streams close, and their desks sign out). Run by the jobs.
 */
export const expireSessions = async (q: Queryable, now: Date): Promise<string[]> => {
  const [network] = await q.query<{ settings: unknown }>('select settings from network limit 1');
  const { idleMs, maxMs } = lifetimesOf(network?.settings);
  const rows = await q.query<{ token_hash: string }>(
    `delete from sessions where created_at <= $1 or last_seen_at <= $2 returning token_hash`,
    [new Date(now.getTime() - maxMs).toISOString(), new Date(now.getTime() - idleMs).toISOString()],
  );
  return rows.map((r) => r.token_hash);
};

export const endSession = async (q: Queryable, hashed: string): Promise<void> => {
  await q.query('delete from sessions where token_hash = $1', [hashed]);
};
