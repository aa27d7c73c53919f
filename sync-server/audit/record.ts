import type { FastifyRequest } from 'fastify';
import { appendAudit, type AuditDetail } from '#server/audit/log.ts';
import type { ServerContext } from '#server/context.ts';
import { userOf } from '#server/http/auth.ts';

/** Records what the signed-in user behind `request` did (ids and metadata only). */
export const auditBy = (
  ctx: ServerContext,
  request: FastifyRequest,
  action: string,
  entityId: string | null,
  detail: AuditDetail = {},
  organisationIds: readonly (string | null)[] = [],
): Promise<void> => {
  const user = userOf(request);
  return appendAudit(
    ctx.db,
    {
      action,
      actorUserId: user.id,
      entityId,
      organisationIds: [user.organisationId, ...organisationIds],
      detail,
    },
    ctx.now(),
  );
};
