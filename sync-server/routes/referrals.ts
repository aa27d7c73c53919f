import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import { userOf } from '#server/http/auth.ts';
import { sendError } from '#server/http/errors.ts';
import { loadReferral } from '#server/referrals/view.ts';
import { isUuid } from '#src/ids.ts';
import { API } from '#src/wire/api.ts';

/**
 * GET /referrals/:id. Outside the pair of agencies it does not exist: 404,
 * not 403, so that its existence tells nothing.
 */
export const referralRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get<{ Params: { id: string } }>(`${API}/referrals/:id`, async (request, reply) => {
    const { id } = request.params;
    const org = userOf(request).organisationId;
    if (!isUuid(id) || org === null) return sendError(reply, 404, 'not-found');
    const referral = await loadReferral(ctx.db, id);
    if (!referral || (referral.from.organisationId !== org && referral.to.organisationId !== org)) {
      return sendError(reply, 404, 'not-found');
    }
    return referral;
  });
};
