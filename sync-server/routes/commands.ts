import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import { userOf } from '#server/http/auth.ts';
import { parseOr400 } from '#server/http/errors.ts';
import { applyDirectoryCommand, isDirectoryCommand } from '#server/directory/apply.ts';
import { applyCommand } from '#server/referrals/commands.ts';
import { agreementMissing, agreementNeeded } from '#server/accounts/agreements.ts';
import { auditCommand, commandAuditor } from '#server/audit/commands.ts';
import { API } from '#src/wire/api.ts';
import { commandBatchSchema, type CommandResult } from '#src/wire/commands.ts';

/** POST /commands: a client's outbox, each command applied at most once, in order. */
export const commandRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.post(`${API}/commands`, async (request, reply) => {
    const batch = parseOr400(commandBatchSchema, request.body, reply);
    if (batch === null) return reply;
    const user = userOf(request);
    const results: CommandResult[] = [];
    // One after another: a later command may depend on an earlier one (send, then note).
    for (const command of batch.commands) {
      // Agreements first (issue #6). Not recorded as applied: once accepted, the retry goes through.
      if (await agreementMissing(ctx.db, user, command)) {
        const refused = agreementNeeded(command);
        results.push(refused);
        await auditCommand(ctx, request, command, refused);
        continue;
      }
      // Each command's audit entry commits with it, in its own transaction (#6).
      const record = commandAuditor(ctx, request, command);
      results.push(
        isDirectoryCommand(command)
          ? await applyDirectoryCommand(ctx, user, command, record)
          : await applyCommand(ctx, user, command, record),
      );
    }
    return { results };
  });
};
