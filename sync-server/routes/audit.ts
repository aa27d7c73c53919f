import type { FastifyInstance } from 'fastify';
import type { AuditRow } from '#server/audit/log.ts';
import type { ServerContext } from '#server/context.ts';
import { userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';
import { auditQuerySchema, type AuditEntryView } from '#src/wire/accounts.ts';

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
    const rows = await ctx.db.query<AuditRow & { actor_name: string | null }>(
      `select a.n, a.at, a.actor_user_id, u.name as actor_name, a.action, a.entity_id,
              a.organisation_ids, a.detail, a.prev_hash, a.hash
         from audit_log a left join users u on u.id = a.actor_user_id
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
    }));
    return { entries };
  });
};
