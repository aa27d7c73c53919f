import type { FastifyInstance } from 'fastify';
import type { AuditRow } from '#server/audit/log.ts';
import type { ServerContext } from '#server/context.ts';
import { userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';
import { auditQuerySchema, type AuditAbout, type AuditEntryView } from '#src/wire/accounts.ts';

type Names = {
  referral_from: string | null;
  referral_to: string | null;
  referral_service: string | null;
  referral_sent_at: Date | string | null;
  person_name: string | null;
  agency_name: string | null;
  service_name: string | null;
  service_agency: string | null;
};

/** The entity of an entry in names; never the referral's client. */
const aboutOf = (r: Names): AuditAbout | null => {
  if (r.referral_to !== null && r.referral_service !== null && r.referral_sent_at !== null) {
    return {
      kind: 'referral',
      from: r.referral_from,
      to: r.referral_to,
      service: r.referral_service,
      sentAt: new Date(r.referral_sent_at).toISOString(),
    };
  }
  if (r.person_name !== null) return { kind: 'person', name: r.person_name };
  if (r.agency_name !== null) return { kind: 'agency', name: r.agency_name };
  if (r.service_name !== null && r.service_agency !== null)
    return { kind: 'service', name: r.service_name, agency: r.service_agency };
  return null;
};

/**
 * GET /audit: a coordinator searches the whole log; an agency's lead sees
 * the entries about their agency. Newest first.
 */
export const auditRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(`${API}/audit`, async (request, reply) => {
    const user = userOf(request);
    const whole = can(user.role, 'audit.network');
    if (!whole && (!can(user.role, 'audit.agency') || user.organisationId === null)) {
      return sendError(reply, 403, 'forbidden');
    }
    const query = parseOr400(auditQuerySchema, request.query, reply);
    if (query === null) return reply;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (!whole) add('? = any(a.organisation_ids)', user.organisationId);
    if (query.action !== undefined) add('a.action = ?', query.action);
    if (query.entityId !== undefined) add('a.entity_id = ?', query.entityId);
    if (query.userId !== undefined) add('a.actor_user_id = ?', query.userId);
    if (query.from !== undefined) add('a.at >= ?', query.from);
    if (query.to !== undefined) add('a.at < ?', query.to);
    if (query.before !== undefined) add('a.n < ?', query.before);
    params.push(query.limit);
    // Names for what each entry is about (#12): ids mean nothing to a person.
    const rows = await ctx.db.query<AuditRow & Names & { actor_name: string | null }>(
      `select a.n, a.at, a.actor_user_id, u.name as actor_name, a.action, a.entity_id,
              a.organisation_ids, a.detail, a.prev_hash, a.hash,
              rf.name as referral_from, rt.name as referral_to, rs.name as referral_service,
              r.sent_at as referral_sent_at, eu.name as person_name, eo.name as agency_name,
              es.name as service_name, eso.name as service_agency
         from audit_log a left join users u on u.id = a.actor_user_id
         left join referrals r on r.id::text = a.entity_id
         left join organisations rf on rf.id = r.from_org
         left join organisations rt on rt.id = r.to_org
         left join services rs on rs.id = r.to_service
         left join users eu on eu.id::text = a.entity_id
         left join organisations eo on eo.id::text = a.entity_id
         left join services es on es.id::text = a.entity_id
         left join organisations eso on eso.id = es.organisation_id
        ${where.length ? `where ${where.join(' and ')}` : ''}
        order by a.n desc limit $${params.length}`,
      params,
    );
    const entries: AuditEntryView[] = rows.map((r) => ({
      n: Number(r.n),
      at: new Date(r.at).toISOString(),
      actorUserId: r.actor_user_id,
      actorName: r.actor_name,
      action: r.action,
      entityId: r.entity_id,
      organisationIds: r.organisation_ids,
      detail: r.detail,
      about: aboutOf(r),
    }));
    return { entries };
  });
};
