import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import { isoOf } from '#server/db/values.ts';
import { requirePermission } from '#server/http/auth.ts';
import { AGREEMENTS } from '#src/agreements.ts';
import { API } from '#src/wire/api.ts';
import type { OrganisationSummary } from '#src/wire/accounts.ts';

type Row = {
  id: string;
  name: string;
  nation: OrganisationSummary['nation'];
  accounts: number | string;
  leads: { name: string; email: string }[] | null;
  accepted_at: Date | string | null;
};

/**
 * GET /organisations: the network's agencies for its coordinator (#6) — who
 * leads each, how many accounts, whether the data-sharing agreement is
 * accepted. Accounts and agreements only; never a referral or a client.
 */
export const organisationRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(
    `${API}/organisations`,
    { preHandler: requirePermission('invite.lead') },
    async (): Promise<{ organisations: OrganisationSummary[] }> => {
      const rows = await ctx.db.query<Row>(
        `select o.id, o.name, o.nation,
            (select count(*) from users u where u.organisation_id = o.id) as accounts,
            (select json_agg(json_build_object('name', u.name, 'email', u.email) order by u.name)
               from users u where u.organisation_id = o.id and u.role = 'lead' and not u.disabled
            ) as leads,
            (select max(a.accepted_at) from agreement_acceptances a
              where a.organisation_id = o.id and a.kind = 'data-sharing' and a.version = $1
            ) as accepted_at
           from organisations o order by o.name`,
        [AGREEMENTS['data-sharing'].version],
      );
      return {
        organisations: rows.map((r) => ({
          id: r.id,
          name: r.name,
          nation: r.nation,
          accounts: Number(r.accounts),
          leads: r.leads ?? [],
          dataSharingAcceptedAt: r.accepted_at === null ? null : isoOf(r.accepted_at),
        })),
      };
    },
  );
};
