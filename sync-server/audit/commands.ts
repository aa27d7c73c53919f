import type { FastifyRequest } from 'fastify';
import type { AuditDetail } from '#server/audit/log.ts';
import { auditBy } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import { userOf } from '#server/http/auth.ts';
import type { CommandResult, OutboxCommand } from '#src/wire/commands.ts';

/**
 * Every command a desk sends, applied or refused, into the audit log: the
 * command type, the entity's id, the outcome — never the payload.
 */
export const auditCommand = async (
  ctx: ServerContext,
  request: FastifyRequest,
  command: OutboxCommand,
  result: CommandResult,
): Promise<void> => {
  const outcome: AuditDetail =
    result.status === 'applied'
      ? { outcome: 'applied' }
      : { outcome: 'rejected', reason: result.reason };
  if ('referralId' in command) {
    const [pair] = await ctx.db.query<{ from_org: string; to_org: string }>(
      'select from_org, to_org from referrals where id = $1',
      [command.referralId],
    );
    const org = userOf(request).organisationId;
    // A command on another pair's referral concerns only the caller's agency.
    const inPair = pair !== undefined && (pair.from_org === org || pair.to_org === org);
    const orgs = inPair ? [pair.from_org, pair.to_org] : [];
    await auditBy(ctx, request, command.type, command.referralId, outcome, orgs);
    return;
  }
  await auditBy(
    ctx,
    request,
    command.type,
    'serviceId' in command ? command.serviceId : null,
    outcome,
  );
};
