import type { FastifyInstance } from 'fastify';
import { secretBrake } from '#server/auth/lockout.ts';
import { verifyPassword } from '#server/auth/passwords.ts';
import { twoFactorRequiredFor } from '#server/auth/sessions.ts';
import { checkTotp, newTotpSecret, totpStep, totpUri } from '#server/auth/totp.ts';
import { auditIn } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import { json } from '#server/db/db.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { parseOr400, sendError, tooManyAttempts } from '#server/http/errors.ts';
import { loadNetwork } from '#server/network/load.ts';
import { API } from '#src/wire/api.ts';
import {
  twoFactorCodeSchema,
  twoFactorDisableSchema,
  twoFactorRuleSchema,
  type TwoFactorStart,
} from '#src/wire/accounts.ts';

type SecretRow = { totp_secret: string | null; enabled: boolean };

/**
 * Optional two-factor sign-in (TOTP): start (a new secret, sealed at rest),
 * confirm with a first code (only then is it on), turn off with a code. A
 * coordinator can require it of leads and coordinators.
 */
export const twoFactorRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  const load = async (userId: string): Promise<SecretRow | undefined> =>
    (
      await ctx.db.query<SecretRow>(
        'select totp_secret, totp_enabled_at is not null as enabled from users where id = $1',
        [userId],
      )
    )[0];

  app.post(`${API}/me/two-factor/start`, async (request, reply) => {
    const user = userOf(request);
    const row = await load(user.id);
    if (row?.enabled) return sendError(reply, 409, 'conflict', 'two-factor sign-in is already on');
    const secret = newTotpSecret();
    await ctx.db.query('update users set totp_secret = $2 where id = $1', [
      user.id,
      ctx.secrets.seal(secret),
    ]);
    const body: TwoFactorStart = { secret, uri: totpUri(secret, user.email) };
    return body;
  });

  app.post(`${API}/me/two-factor/confirm`, async (request, reply) => {
    const body = parseOr400(twoFactorCodeSchema, request.body, reply);
    if (body === null) return reply;
    const user = userOf(request);
    const row = await load(user.id);
    if (!row?.totp_secret || row.enabled) return sendError(reply, 409, 'conflict');
    const step = totpStep(ctx.secrets.open(row.totp_secret), body.code, ctx.now());
    if (step === null) return sendError(reply, 400, 'two-factor-invalid');
    // The set-up code counts as used: it cannot sign anyone in afterwards.
    await ctx.db.tx(async (q) => {
      await q.query('update users set totp_enabled_at = $2, totp_last_step = $3 where id = $1', [
        user.id,
        ctx.now().toISOString(),
        step,
      ]);
      await auditIn(q, ctx, request, 'two-factor.on', user.id);
    });
    return reply.code(204).send();
  });

  /**
   * Turning it off needs the password and a current code, so a desk left
   * unlocked is not enough. Wrong answers count towards a lockout of their own.
   */
  app.post(`${API}/me/two-factor/disable`, async (request, reply) => {
    const body = parseOr400(twoFactorDisableSchema, request.body, reply);
    if (body === null) return reply;
    const user = userOf(request);
    const now = ctx.now();
    const network = await loadNetwork(ctx.db);
    if (twoFactorRequiredFor(user.role, network?.settings.requireTwoFactor === true)) {
      return sendError(reply, 403, 'forbidden', 'network-requires-two-factor');
    }
    // Counted before the password and code are checked (guesses sent at once included).
    const brake = [secretBrake(ctx.lockout, 'two-factor-off', user.id)];
    const taken = await ctx.brakes.take(brake, now);
    if (!taken.ok) return tooManyAttempts(reply, taken.until, now);
    const [row] = await ctx.db.query<SecretRow & { password_hash: string }>(
      `select totp_secret, totp_enabled_at is not null as enabled, password_hash
         from users where id = $1`,
      [user.id],
    );
    if (!row?.totp_secret || !row.enabled) {
      await ctx.brakes.succeeded(brake);
      return sendError(reply, 409, 'conflict');
    }
    if (!(await verifyPassword(row.password_hash, body.password))) {
      await ctx.brakes.failed(brake, now);
      return sendError(reply, 400, 'bad-credentials');
    }
    if (!checkTotp(ctx.secrets.open(row.totp_secret), body.code, now)) {
      await ctx.brakes.failed(brake, now);
      return sendError(reply, 400, 'two-factor-invalid');
    }
    await ctx.brakes.succeeded([], brake);
    await ctx.db.tx(async (q) => {
      await q.query('update users set totp_secret = null, totp_enabled_at = null where id = $1', [
        user.id,
      ]);
      await auditIn(q, ctx, request, 'two-factor.off', user.id);
    });
    return reply.code(204).send();
  });

  app.post(
    `${API}/network/two-factor`,
    { preHandler: requirePermission('network.settings') },
    async (request, reply) => {
      const body = parseOr400(twoFactorRuleSchema, request.body, reply);
      if (body === null) return reply;
      // Requiring it of coordinators while this one has none would shut them out at once.
      if (body.required && !(await load(userOf(request).id))?.enabled) {
        return sendError(reply, 409, 'conflict', 'two-factor-first');
      }
      await ctx.db.tx(async (q) => {
        await q.query(`update network set settings = settings || $1::text::jsonb`, [
          json({ requireTwoFactor: body.required }),
        ]);
        await auditIn(q, ctx, request, 'network.two-factor', null, { required: body.required });
      });
      return reply.code(204).send();
    },
  );
};
