import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Brake } from '#server/auth/brakes.ts';
import { signInBrakes, type SignInBrakes } from '#server/auth/lockout.ts';
import { checkPassword } from '#server/accounts/password-policy.ts';
import { decoyHash, hashPassword, verifyPassword } from '#server/auth/passwords.ts';
import {
  createSession,
  endSession,
  twoFactorRequiredFor,
  type SessionUser,
} from '#server/auth/sessions.ts';
import { totpStep } from '#server/auth/totp.ts';
import { appendAudit, appendAuditIn } from '#server/audit/log.ts';
import { auditIn } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import { authenticate, userOf } from '#server/http/auth.ts';
import { parseOr400, sendError, tooManyAttempts } from '#server/http/errors.ts';
import { changeOneTimePasswordSchema } from '#src/wire/accounts.ts';
import { loadMe } from '#server/routes/me.ts';
import { API, signInRequestSchema, type Role, type SignInResponse } from '#src/wire/api.ts';

type UserRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisation_id: string | null;
  password_hash: string;
  disabled: boolean;
  totp_secret: string | null;
  two_factor: boolean;
  require_two_factor: boolean | null;
  must_change_password: boolean;
};

export const authRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  /**
   * Brakes a sign-in attempt (password or code) BEFORE anything is checked:
   * counted against the email from this address, the email from anywhere and
   * this address for any email. Null when refused (the 429 is sent).
   */
  const attempt = async (
    email: string,
    ip: string,
    now: Date,
    reply: FastifyReply,
  ): Promise<{ keys: SignInBrakes; all: Brake[]; counts: number[] } | null> => {
    const keys = signInBrakes(ctx.lockout, email, ip);
    const all = [keys.pair, keys.account, keys.address];
    const taken = await ctx.brakes.take(all, now);
    if (taken.ok) return { keys, all, counts: taken.counts };
    await locked(keys, taken.tripped, email, now);
    void tooManyAttempts(reply, taken.until, now);
    return null;
  };

  /**
   * One audit entry each time a brake locks (not one per refused attempt):
   * the log grows with locks, which the brakes bound, not with guesses.
   */
  const locked = async (keys: SignInBrakes, tripped: string[], email: string, now: Date) => {
    if (tripped.length === 0) return;
    const [user] = await ctx.db.query<{ id: string; organisation_id: string | null }>(
      'select id, organisation_id from users where email = $1',
      [email],
    );
    for (const brake of ['pair', 'account', 'address'] as const) {
      if (!tripped.includes(keys[brake].key)) continue;
      // The address brake spans accounts: it names none.
      const who = brake === 'address' ? undefined : user;
      await appendAudit(
        ctx.db,
        {
          action: 'sign-in.locked',
          actorUserId: who?.id ?? null,
          organisationIds: who ? [who.organisation_id] : [],
          detail: { brake, attempts: keys[brake].policy.limit },
        },
        now,
      );
    }
  };

  /**
   * A failed sign-in: locks the brakes it used up, and is audited once per
   * brake window, not once per guess — for a known account, the first failure
   * in the account's window (its id, never the email typed); for an unknown
   * email, the first failure from the address in its window. Later failures
   * in the window are counted by the brakes, and a lock is audited when it
   * happens, so the log stays bounded however many guesses arrive.
   */
  const failed = async (
    tried: { keys: SignInBrakes; all: Brake[]; counts: number[] },
    email: string,
    row: { id: string; organisation_id: string | null } | undefined,
    reason: string,
    now: Date,
  ) => {
    const tripped = await ctx.brakes.failed(tried.all, now);
    const [, accountCount, addressCount] = tried.counts;
    if (row ? accountCount === 1 : addressCount === 1) {
      await appendAudit(
        ctx.db,
        {
          action: 'sign-in.failed',
          actorUserId: row?.id ?? null,
          organisationIds: [row?.organisation_id ?? null],
          detail: { reason },
        },
        now,
      );
    }
    await locked(tried.keys, tripped, email, now);
  };

  app.post(`${API}/auth/sign-in`, async (request, reply) => {
    const body = parseOr400(signInRequestSchema, request.body, reply);
    if (body === null) return reply;
    const email = body.email.toLowerCase();
    const now = ctx.now();
    const tried = await attempt(email, request.ip, now, reply);
    if (tried === null) return reply;
    const [row] = await ctx.db.query<UserRow>(
      `select id, name, email, role, organisation_id, password_hash, disabled, totp_secret,
              totp_enabled_at is not null as two_factor, must_change_password,
              (select (settings ->> 'requireTwoFactor')::boolean from network limit 1)
                as require_two_factor
         from users where email = $1`,
      [email],
    );
    // Unknown and disabled accounts cost the same time and get the same answer.
    const good =
      row && !row.disabled
        ? await verifyPassword(row.password_hash, body.password)
        : (await verifyPassword(await decoyHash(), body.password)) && false;
    if (!row || !good) {
      await failed(tried, email, row, 'bad-credentials', now);
      return sendError(reply, 401, 'bad-credentials');
    }
    if (row.two_factor && row.totp_secret !== null) {
      // The password was right; without the code there is still no session.
      if (body.code === undefined) {
        await ctx.brakes.succeeded(tried.all);
        return sendError(reply, 401, 'two-factor-required');
      }
      const step = totpStep(ctx.secrets.open(row.totp_secret), body.code, now);
      // A code works once: a step at or before the last one used is refused (replay).
      const fresh =
        step !== null &&
        (
          await ctx.db.query(
            `update users set totp_last_step = $2
              where id = $1 and (totp_last_step is null or totp_last_step < $2) returning id`,
            [row.id, step],
          )
        ).length === 1;
      if (!fresh) {
        await failed(tried, email, row, 'two-factor-invalid', now);
        return sendError(reply, 401, 'two-factor-invalid');
      }
    }
    await ctx.brakes.succeeded([tried.keys.account, tried.keys.address], [tried.keys.pair]);
    // A one-time password from the admin tool opens no session: only the step of
    // choosing one's own (POST /auth/change-password), enforced here (#6).
    if (row.must_change_password) return sendError(reply, 403, 'password-change-required');
    const user: SessionUser = {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      organisationId: row.organisation_id,
      tokenHash: '',
      mustSetUpTwoFactor:
        !row.two_factor && twoFactorRequiredFor(row.role, row.require_two_factor === true),
    };
    const me = await loadMe(ctx.db, user);
    if (!me) return sendError(reply, 503, 'unavailable', 'no network is set up on this server');
    // The session and its sign-in entry are one transaction.
    const token = await ctx.db.tx(async (q) => {
      const made = await createSession(q, row.id, body.device, ctx.now());
      await appendAuditIn(
        q,
        {
          action: 'sign-in',
          actorUserId: row.id,
          organisationIds: [row.organisation_id],
          detail: { twoFactor: row.two_factor },
        },
        now,
      );
      return made;
    });
    const response: SignInResponse = { ...me, token };
    return response;
  });

  /**
   * Replaces the admin tool's one-time password with one the person chooses:
   * the only thing such an account can do. Braked like sign-in, with the same
   * keys; unknown accounts and wrong passwords get the same answer.
   */
  app.post(`${API}/auth/change-password`, async (request, reply) => {
    const body = parseOr400(changeOneTimePasswordSchema, request.body, reply);
    if (body === null) return reply;
    const email = body.email.toLowerCase();
    const now = ctx.now();
    const tried = await attempt(email, request.ip, now, reply);
    if (tried === null) return reply;
    const [row] = await ctx.db.query<{
      id: string;
      name: string;
      organisation_id: string | null;
      password_hash: string;
      disabled: boolean;
      must_change_password: boolean;
    }>(
      `select id, name, organisation_id, password_hash, disabled, must_change_password
         from users where email = $1`,
      [email],
    );
    const good =
      row && !row.disabled
        ? await verifyPassword(row.password_hash, body.password)
        : (await verifyPassword(await decoyHash(), body.password)) && false;
    if (!row || !good) {
      await failed(tried, email, row, 'bad-credentials', now);
      return sendError(reply, 401, 'bad-credentials');
    }
    await ctx.brakes.succeeded([tried.keys.account, tried.keys.address], [tried.keys.pair]);
    // Only for a one-time password: anyone else changes theirs by a reset code.
    if (!row.must_change_password) return sendError(reply, 409, 'conflict', 'not-one-time');
    const policy = checkPassword(body.newPassword, { email, name: row.name });
    if (!policy.ok) return sendError(reply, 400, 'weak-password', policy.reason);
    if (body.newPassword === body.password) {
      return sendError(reply, 400, 'weak-password', 'same-as-before');
    }
    const passwordHash = await hashPassword(body.newPassword);
    const changed = await ctx.db.tx(async (q) => {
      const done = await q.query(
        `update users set password_hash = $2, must_change_password = false
          where id = $1 and must_change_password returning id`,
        [row.id, passwordHash],
      );
      await q.query('delete from sessions where user_id = $1', [row.id]);
      if (done.length === 1) {
        await appendAuditIn(
          q,
          {
            action: 'password.change-one-time',
            actorUserId: row.id,
            entityId: row.id,
            organisationIds: [row.organisation_id],
          },
          now,
        );
      }
      return done.length === 1;
    });
    if (!changed) return sendError(reply, 409, 'conflict', 'not-one-time');
    await ctx.sessions.ended({ userId: row.id });
    return reply.code(204).send();
  });

  app.post(`${API}/auth/sign-out`, { onRequest: authenticate(ctx) }, async (request, reply) => {
    await ctx.db.tx(async (q) => {
      await endSession(q, userOf(request).tokenHash);
      await auditIn(q, ctx, request, 'sign-out', null);
    });
    await ctx.sessions.ended({ tokenHash: userOf(request).tokenHash });
    return reply.code(204).send();
  });
};
