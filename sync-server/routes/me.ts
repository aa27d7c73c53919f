import type { FastifyInstance } from 'fastify';
import type { SessionUser } from '#server/auth/sessions.ts';
import type { ServerContext } from '#server/context.ts';
import type { Queryable } from '#server/db/db.ts';
import { userOf } from '#server/http/auth.ts';
import { sendError } from '#server/http/errors.ts';
import { loadNetwork, loadOrganisation } from '#server/network/load.ts';
import { API, type Me } from '#src/wire/api.ts';
import { loadDeskSettings } from '#server/routes/desk-settings.ts';

/** Who the user is, their agency, and the network; null if no network is set up yet. */
export const loadMe = async (q: Queryable, user: SessionUser): Promise<Me | null> => {
  const network = await loadNetwork(q);
  if (!network) return null;
  const organisation =
    user.organisationId === null ? null : await loadOrganisation(q, user.organisationId);
  return {
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      organisationId: user.organisationId,
    },
    organisation,
    network,
    twoFactor: {
      enabled: (
        await q.query<{ on: boolean }>(
          'select totp_enabled_at is not null as on from users where id = $1',
          [user.id],
        )
      ).some((r) => r.on),
      mustSetUp: user.mustSetUpTwoFactor === true,
    },
    desk: await loadDeskSettings(q, user.organisationId),
  };
};

export const meRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(`${API}/me`, async (request, reply) => {
    const me = await loadMe(ctx.db, userOf(request));
    return me ?? sendError(reply, 503, 'unavailable', 'no network is set up on this server');
  });
};
