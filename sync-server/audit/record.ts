import type { FastifyRequest } from 'fastify';
import {
  appendAudit,
  appendAuditIn,
  type AuditDetail,
  type AuditEntry,
} from '#server/audit/log.ts';
import type { ServerContext } from '#server/context.ts';
import type { Queryable } from '#server/db/db.ts';
import { userOf } from '#server/http/auth.ts';

const entryBy = (
  request: FastifyRequest,
  action: string,
  entityId: string | null,
  detail: AuditDetail,
  organisationIds: readonly (string | null)[],
): AuditEntry => {
  const user = userOf(request);
  return {
    action,
    actorUserId: user.id,
    entityId,
    organisationIds: [user.organisationId, ...organisationIds],
    detail,
  };
};

/** Records what the signed-in user behind `request` did (ids and metadata only). */
export const auditBy = (
  ctx: ServerContext,
  request: FastifyRequest,
  action: string,
  entityId: string | null,
  detail: AuditDetail = {},
  organisationIds: readonly (string | null)[] = [],
): Promise<void> =>
  appendAudit(ctx.db, entryBy(request, action, entityId, detail, organisationIds), ctx.now());

/**
 * The same, inside the transaction `q` that makes the change (#6): the entry
 * and the change commit together. Call it last in the transaction.
 */
export const auditIn = (
  q: Queryable,
  ctx: ServerContext,
  request: FastifyRequest,
  action: string,
  entityId: string | null,
  detail: AuditDetail = {},
  organisationIds: readonly (string | null)[] = [],
): Promise<void> =>
  appendAuditIn(q, entryBy(request, action, entityId, detail, organisationIds), ctx.now());
