import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import { loadGaps } from '#server/directory/provision.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';
import type { z } from 'zod';
import type { gapsResponseSchema } from '#src/wire/provision.ts';

/**
 * GET /gaps: the gaps in provision advisers recorded (#4). A coordinator sees
 * the network's; a lead their own agency's. No client data is ever in them.
 */
export const provisionRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(
    `${API}/gaps`,
    { preHandler: requirePermission('figures.agency') },
    async (request): Promise<z.infer<typeof gapsResponseSchema>> => {
      const user = userOf(request);
      const scope = can(user.role, 'figures.network') ? null : user.organisationId;
      return { gaps: await loadGaps(ctx.db, scope) };
    },
  );
};
