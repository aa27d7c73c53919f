import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import type { Queryable } from '#server/db/db.ts';
import { isoOf } from '#server/db/values.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';
import { overdueResponseSchema, type OverdueResponse } from '#src/wire/overdue.ts';

type Row = {
  id: string;
  status: string;
  from_org: string;
  from_name: string;
  to_org: string;
  to_name: string;
  to_service: string;
  service_name: string;
  issues: string[];
  urgent: boolean;
  sent_at: Date | string;
  acknowledge_by: string;
  act_by: string | null;
};

/**
 * Referrals past their deadline and still waiting on the receiver, from the
 * routing metadata alone: this query never touches referral_payloads.
 * `toOrg` null = the whole network.
 */
export const loadOverdue = async (
  q: Queryable,
  today: string,
  toOrg: string | null,
): Promise<OverdueResponse['referrals']> => {
  const rows = await q.query<Row>(
    `select r.id, r.status, r.from_org, fo.name as from_name, r.to_org, tg.name as to_name,
        r.to_service, s.name as service_name, r.issues, r.urgent, r.sent_at,
        r.acknowledge_by::text as acknowledge_by, r.act_by::text as act_by
       from referrals r
       join organisations fo on fo.id = r.from_org
       join organisations tg on tg.id = r.to_org
       join services s on s.id = r.to_service
      where ((r.status = 'sent' and r.acknowledge_by < $1::date)
          or (r.status = 'acknowledged' and r.act_by < $1::date))
        and ($2::uuid is null or r.to_org = $2::uuid)
      order by coalesce(r.act_by, r.acknowledge_by), r.id`,
    [today, toOrg],
  );
  return rows.map((r) => {
    const waitingFor = r.status === 'sent' ? ('acknowledge' as const) : ('act' as const);
    return {
      id: r.id,
      status: r.status as OverdueResponse['referrals'][number]['status'],
      from: { organisationId: r.from_org, organisationName: r.from_name },
      to: {
        organisationId: r.to_org,
        organisationName: r.to_name,
        serviceId: r.to_service,
        serviceName: r.service_name,
      },
      issues: r.issues as OverdueResponse['referrals'][number]['issues'],
      urgent: r.urgent,
      sentAt: isoOf(r.sent_at),
      waitingFor,
      dueBy: waitingFor === 'acknowledge' ? r.acknowledge_by : (r.act_by ?? r.acknowledge_by),
    };
  });
};

/**
 * GET /overdue-referrals: for a lead, the referrals their agency has let run
 * late; for the coordinator, the whole network's. Metadata only.
 */
export const overdueRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(
    `${API}/overdue-referrals`,
    { preHandler: requirePermission('figures.agency') },
    async (request): Promise<OverdueResponse> => {
      const user = userOf(request);
      const network = can(user.role, 'figures.network');
      if (!network && user.organisationId === null) return { scope: 'agency', referrals: [] };
      const referrals = await loadOverdue(
        ctx.db,
        londonDate(ctx.now()),
        network ? null : user.organisationId,
      );
      // Parsed on the way out: the schema is the promise that nothing personal leaves.
      return overdueResponseSchema.parse({ scope: network ? 'network' : 'agency', referrals });
    },
  );
};
