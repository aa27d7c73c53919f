import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionForToken, type SessionUser } from '#server/auth/sessions.ts';
import type { ServerContext } from '#server/context.ts';
import { sendError } from '#server/http/errors.ts';
import { can, type Permission } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';

const signedIn = new WeakMap<FastifyRequest, SessionUser>();

const bearer = (request: FastifyRequest): string | null => {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header.trim());
  return m?.[1] ?? null;
};

const SET_UP_PATHS = new Set([
  `${API}/me`,
  `${API}/me/two-factor/start`,
  `${API}/me/two-factor/confirm`,
  `${API}/auth/sign-out`,
]);

/**
 * An onRequest hook: 401 unless the request carries a live session token.
 * A session past its lifetime is ended here and refused with the reason
 * (`session-idle`, `session-expired`) as the detail.
 */
export const authenticate =
  (ctx: ServerContext) =>
  async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const token = bearer(request);
    const session = token === null ? null : await sessionForToken(ctx.db, token, ctx.now());
    if (!session?.ok) {
      if (session?.expired) {
        // Past the network's idle or absolute lifetime: ended like any other
        // session, so an open event stream of it closes too (#12).
        await ctx.sessions.ended({ tokenHash: session.tokenHash });
        return sendError(reply, 401, 'unauthenticated', session.expired);
      }
      return sendError(reply, 401, 'unauthenticated');
    }
    const { user } = session;
    // Until the required two-factor sign-in is set up, the session does that and nothing else.
    if (user.mustSetUpTwoFactor && !SET_UP_PATHS.has(request.routeOptions.url ?? '')) {
      return sendError(reply, 403, 'two-factor-setup-required');
    }
    signedIn.set(request, user);
    return undefined;
  };

/** The user `authenticate` let through. Calling it on an open route is a bug. */
export const userOf = (request: FastifyRequest): SessionUser => {
  const user = signedIn.get(request);
  if (!user) throw new Error('userOf: route is not behind authenticate');
  return user;
};

/**
 * A preHandler that answers 403 unless the signed-in user's role holds
 * `permission` (src/roles.ts). Routes about one agency's data check the
 * agency as well.
 */
export const requirePermission =
  (permission: Permission) =>
  async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (!can(userOf(request).role, permission)) return sendError(reply, 403, 'forbidden');
    return undefined;
  };
