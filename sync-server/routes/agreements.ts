import type { FastifyInstance } from 'fastify';
import { acceptAgreement, agreementsStatus } from '#server/accounts/agreements.ts';
import { auditIn } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import { userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { API } from '#src/wire/api.ts';
import { acceptAgreementSchema } from '#src/wire/accounts.ts';

/** GET /agreements (where the user and their agency stand), POST /agreements/accept. */
export const agreementRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(`${API}/agreements`, async (request) => agreementsStatus(ctx.db, userOf(request)));

  app.post(`${API}/agreements/accept`, async (request, reply) => {
    const body = parseOr400(acceptAgreementSchema, request.body, reply);
    if (body === null) return reply;
    // The acceptance and its audit entry are one transaction.
    const result = await ctx.db.tx(async (q) => {
      const accepted = await acceptAgreement(
        q,
        userOf(request),
        body.kind,
        body.version,
        ctx.now(),
      );
      if (accepted.ok) {
        await auditIn(q, ctx, request, 'agreement.accept', null, {
          kind: body.kind,
          version: body.version,
        });
      }
      return accepted;
    });
    if (!result.ok) {
      return sendError(reply, result.reason === 'forbidden' ? 403 : 409, result.reason);
    }
    return reply.code(204).send();
  });
};
