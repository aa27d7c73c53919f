import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import { auditBy } from '#server/audit/record.ts';
import { userOf } from '#server/http/auth.ts';
import { sendError } from '#server/http/errors.ts';
import { loadReferral } from '#server/referrals/view.ts';
import { isUuid } from '#src/ids.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';

/**
 * GET /referrals/:id. Outside the pair of agencies it does not exist: 404,
 * not 403, so that its existence tells nothing.
 */
export const referralRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get<{ Params: { id: string } }>(`${API}/referrals/:id`, async (request, reply) => {
    const { id } = request.params;
    const user = userOf(request);
    const org = user.organisationId;
    // Without referral.read (coordinators, administrators) it does not exist either.
    if (!isUuid(id) || org === null || !can(user.role, 'referral.read')) {
      return sendError(reply, 404, 'not-found');
    }
    // Check the pair on the metadata before reading the payload at all.
    const [pair] = await ctx.db.query<{ from_org: string; to_org: string }>(
      'select from_org, to_org from referrals where id = $1',
      [id],
    );
    if (!pair || (pair.from_org !== org && pair.to_org !== org)) {
      return sendError(reply, 404, 'not-found');
    }
    const referral = await loadReferral(ctx.db, id);
    if (!referral) return sendError(reply, 404, 'not-found');
    await auditBy(ctx, request, 'referral.read', id, {}, [pair.from_org, pair.to_org]);
    return referral;
  });
};
