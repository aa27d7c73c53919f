import type { FastifyInstance } from 'fastify';
import { auditIn } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { API } from '#src/wire/api.ts';
import {
  CASE_SERIES_PATH,
  caseSeriesRequestSchema,
  seriesCode,
  type CaseSeries,
} from '#src/wire/case-series.ts';

/**
 * POST /case-series (#5): the letters for one desk store's case references,
 * unique within the caller's agency. Asking again for the same store gives
 * the same letters; the agency's row is locked while the next is chosen, so
 * two desks asking at once get different ones (on every instance).
 */
export const caseSeriesRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.post(
    `${API}${CASE_SERIES_PATH}`,
    { preHandler: requirePermission('casework.series') },
    async (request, reply) => {
      const body = parseOr400(caseSeriesRequestSchema, request.body, reply);
      if (body === null) return reply;
      const user = userOf(request);
      const organisationId = user.organisationId;
      if (organisationId === null) return sendError(reply, 403, 'forbidden');
      const answer = await ctx.db.tx(async (q): Promise<CaseSeries | 'not-yours'> => {
        await q.query('select id from organisations where id = $1 for update', [organisationId]);
        const [kept] = await q.query<{ code: string; user_id: string }>(
          'select code, user_id from case_series where organisation_id = $1 and store_id = $2',
          [organisationId, body.storeId],
        );
        if (kept !== undefined) return kept.user_id === user.id ? { code: kept.code } : 'not-yours';
        const [next] = await q.query<{ seq: number }>(
          'select coalesce(max(seq) + 1, 0)::int as seq from case_series where organisation_id = $1',
          [organisationId],
        );
        const seq = next?.seq ?? 0;
        const code = seriesCode(seq);
        await q.query(
          `insert into case_series (organisation_id, seq, code, store_id, user_id)
           values ($1, $2, $3, $4, $5)`,
          [organisationId, seq, code, body.storeId, user.id],
        );
        await auditIn(q, ctx, request, 'casework.series', body.storeId, { code }, [organisationId]);
        return { code };
      });
      if (answer === 'not-yours') return sendError(reply, 409, 'conflict');
      return answer;
    },
  );
};
