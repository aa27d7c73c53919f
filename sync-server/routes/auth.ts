import type { FastifyInstance } from 'fastify';
import { Lockout } from '#server/auth/lockout.ts';
import { decoyHash, verifyPassword } from '#server/auth/passwords.ts';
import { createSession, endSession, type SessionUser } from '#server/auth/sessions.ts';
import type { ServerContext } from '#server/context.ts';
import { authenticate, userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
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
};

export const authRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.post(`${API}/auth/sign-in`, async (request, reply) => {
    const body = parseOr400(signInRequestSchema, request.body, reply);
    if (body === null) return reply;
    const email = body.email.toLowerCase();
    const key = Lockout.key(email, request.ip);
    if (ctx.lockout.isLocked(key, ctx.now().getTime())) {
      return sendError(reply, 429, 'rate-limited');
    }
    const [row] = await ctx.db.query<UserRow>(
      `select id, name, email, role, organisation_id, password_hash, disabled
         from users where email = $1`,
      [email],
    );
    // Unknown and disabled accounts cost the same time and get the same answer.
    const good =
      row && !row.disabled
        ? await verifyPassword(row.password_hash, body.password)
        : (await verifyPassword(await decoyHash(), body.password)) && false;
    if (!row || !good) {
      ctx.lockout.fail(key, ctx.now().getTime());
      return sendError(reply, 401, 'bad-credentials');
    }
    ctx.lockout.succeed(key);
    const user: SessionUser = {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      organisationId: row.organisation_id,
      tokenHash: '',
    };
    const me = await loadMe(ctx.db, user);
    if (!me) return sendError(reply, 503, 'unavailable', 'no network is set up on this server');
    const token = await createSession(ctx.db, row.id, body.device, ctx.now());
    const response: SignInResponse = { ...me, token };
    return response;
  });

  app.post(`${API}/auth/sign-out`, { onRequest: authenticate(ctx) }, async (request, reply) => {
    await endSession(ctx.db, userOf(request).tokenHash);
    return reply.code(204).send();
  });
};
