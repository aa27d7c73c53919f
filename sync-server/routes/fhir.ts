import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import { auditBy } from '#server/audit/record.ts';
import { userOf } from '#server/http/auth.ts';
import { sendError } from '#server/http/errors.ts';
import { loadReferral } from '#server/referrals/view.ts';
import { isUuid } from '#src/ids.ts';
import { toFhirTask } from '#src/referral/fhir.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';

/**
 * GET /referrals/:id/fhir: the referral as an HL7 FHIR R4 Task (#3), for the
 * two agencies of the pair. Anyone else gets 404, as for the referral itself.
 * The Task carries routing metadata only (src/referral/fhir.ts).
 */
export const fhirRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get<{ Params: { id: string } }>(`${API}/referrals/:id/fhir`, async (request, reply) => {
    const { id } = request.params;
    const user = userOf(request);
    const org = user.organisationId;
    if (!isUuid(id) || org === null || !can(user.role, 'referral.read')) {
      return sendError(reply, 404, 'not-found');
    }
    const [pair] = await ctx.db.query<{ from_org: string | null; to_org: string }>(
      'select from_org, to_org from referrals where id = $1',
      [id],
    );
    if (!pair || (pair.from_org !== org && pair.to_org !== org)) {
      return sendError(reply, 404, 'not-found');
    }
    const referral = await loadReferral(ctx.db, id);
    if (!referral) return sendError(reply, 404, 'not-found');
    await auditBy(ctx, request, 'referral.fhir', id, {}, [pair.from_org, pair.to_org]);
    return reply.type('application/fhir+json').send(toFhirTask(referral));
  });
};
