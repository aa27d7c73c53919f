import type { FastifyInstance } from 'fastify';
import { readChanges } from '#server/changes/feed.ts';
import type { ServerContext } from '#server/context.ts';
import { auditBy } from '#server/audit/record.ts';
import { userOf } from '#server/http/auth.ts';
import { parseOr400 } from '#server/http/errors.ts';
import { API, changesQuerySchema } from '#src/wire/api.ts';

/** GET /changes?after=&limit=: what the caller's organisation may see, in pages. */
export const changeRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(`${API}/changes`, async (request, reply) => {
    const query = parseOr400(changesQuerySchema, request.query, reply);
    if (query === null) return reply;
    const user = userOf(request);
    const page = await readChanges(ctx.db, user.organisationId, query.after, query.limit);
    // Each referral a desk pulls is a read of referral data: one audit entry each.
    for (const change of page.changes) {
      if (change.kind !== 'referral') continue;
      const { referral } = change;
      await auditBy(ctx, request, 'referral.read', referral.id, { via: 'change-feed' }, [
        referral.from.organisationId,
        referral.to.organisationId,
      ]);
    }
    return page;
  });
};
