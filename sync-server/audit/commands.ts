import type { FastifyRequest } from 'fastify';
import type { CommandRecorder } from '#server/commands/once.ts';
import type { AuditDetail } from '#server/audit/log.ts';
import { auditBy, auditIn } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import type { Queryable } from '#server/db/db.ts';
import { userOf } from '#server/http/auth.ts';
import type { CommandResult, OutboxCommand } from '#src/wire/commands.ts';

/**
 * Every command a desk sends, applied or refused, into the audit log: the
 * command type, the entity's id, the outcome — never the payload.
 */
const entryFor = async (
  q: Queryable,
  request: FastifyRequest,
  command: OutboxCommand,
  result: CommandResult,
): Promise<{ entityId: string | null; detail: AuditDetail; orgs: string[] }> => {
  const detail: AuditDetail =
    result.status === 'applied'
      ? { outcome: 'applied' }
      : { outcome: 'rejected', reason: result.reason };
  if ('referralId' in command) {
    const [pair] = await q.query<{ from_org: string | null; to_org: string }>(
      'select from_org, to_org from referrals where id = $1',
      [command.referralId],
    );
    const org = userOf(request).organisationId;
    // A command on another pair's referral concerns only the caller's agency.
    const inPair = pair !== undefined && (pair.from_org === org || pair.to_org === org);
    const orgs = inPair ? [pair.from_org, pair.to_org].filter((o): o is string => o !== null) : [];
    return { entityId: command.referralId, detail, orgs };
  }
  return { entityId: 'serviceId' in command ? command.serviceId : null, detail, orgs: [] };
};

/**
 * The audit entry of one command, written inside the command's own
 * transaction (#6): if it cannot be written, the command does not happen.
 */
export const commandAuditor =
  (ctx: ServerContext, request: FastifyRequest, command: OutboxCommand): CommandRecorder =>
  async (q, result) => {
    const { entityId, detail, orgs } = await entryFor(q, request, command, result);
    await auditIn(q, ctx, request, command.type, entityId, detail, orgs);
  };

/** For a command refused before any transaction (an agreement not yet accepted). */
export const auditCommand = async (
  ctx: ServerContext,
  request: FastifyRequest,
  command: OutboxCommand,
  result: CommandResult,
): Promise<void> => {
  const { entityId, detail, orgs } = await entryFor(ctx.db, request, command, result);
  await auditBy(ctx, request, command.type, entityId, detail, orgs);
};
