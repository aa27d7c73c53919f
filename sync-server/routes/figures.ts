import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { provisionFigures } from '#server/directory/provision.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';
import type { Figures } from '#src/wire/accounts.ts';

type Row = { status: string; n: number | string };

const tally = (rows: Row[]): Record<string, number> =>
  Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));

/**
 * GET /figures: referral counts by status, from the routing metadata only
 * (the payload table is never read). A coordinator gets the network's, a
 * lead their agency's sent and received.
 */
export const figureRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(
    `${API}/figures`,
    { preHandler: requirePermission('figures.agency') },
    async (request): Promise<Figures> => {
      const user = userOf(request);
      if (can(user.role, 'figures.network')) {
        const rows = await ctx.db.query<Row>(
          'select status, count(*) as n from referrals group by status',
        );
        const all = tally(rows);
        const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
        const provision = await provisionFigures(ctx.db, null);
        return { scope: 'network', sent: all, received: all, total, provision };
      }
      const org = user.organisationId;
      const sent = await ctx.db.query<Row>(
        'select status, count(*) as n from referrals where from_org = $1 group by status',
        [org],
      );
      const received = await ctx.db.query<Row>(
        'select status, count(*) as n from referrals where to_org = $1 group by status',
        [org],
      );
      const total = [...sent, ...received].reduce((sum, r) => sum + Number(r.n), 0);
      const provision = await provisionFigures(ctx.db, org);
      return { scope: 'agency', sent: tally(sent), received: tally(received), total, provision };
    },
  );
};
