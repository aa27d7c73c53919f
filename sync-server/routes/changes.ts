import type { FastifyInstance } from 'fastify';
import { readChanges } from '#server/changes/feed.ts';
import type { ServerContext } from '#server/context.ts';
import { userOf } from '#server/http/auth.ts';
import { parseOr400 } from '#server/http/errors.ts';
import { API, changesQuerySchema } from '#src/wire/api.ts';

/** GET /changes?after=&limit=: what the caller's organisation may see, in pages. */
export const changeRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(`${API}/changes`, async (request, reply) => {
    const query = parseOr400(changesQuerySchema, request.query, reply);
    if (query === null) return reply;
    const user = userOf(request);
    return readChanges(ctx.db, user.organisationId, query.after, query.limit);
  });
};
