import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { sendError } from '#server/http/errors.ts';
import { API } from '#src/wire/api.ts';
import type { Colleague } from '#src/wire/inbox.ts';

/**
 * GET /colleagues: the active advisers and leads of the caller's own agency,
 * whom an incoming referral can be given to (#3). Names and roles only: no
 * emails, no other agency.
 */
export const inboxRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(
    `${API}/colleagues`,
    { preHandler: requirePermission('referral.assign') },
    async (request, reply) => {
      const org = userOf(request).organisationId;
      if (org === null) return sendError(reply, 403, 'forbidden');
      const colleagues = await ctx.db.query<Colleague>(
        `select id, name, role from users
          where organisation_id = $1 and not disabled and role in ('adviser', 'lead')
          order by name`,
        [org],
      );
      return { colleagues };
    },
  );
};
