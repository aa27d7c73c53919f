import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditBy } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import { canEditService } from '#server/directory/permissions.ts';
import { loadOrganisationView, saveOrganisation } from '#server/directory/organisations.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { API } from '#src/wire/api.ts';
import { organisationEditSchema } from '#src/wire/organisation-edit.ts';

const params = z.object({ id: z.uuid() });

/**
 * GET and POST /organisation-details/:id (#4): any signed-in member of the
 * network reads an agency's details; its lead (or a coordinator) changes them.
 */
export const organisationDetailRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(
    `${API}/organisation-details/:id`,
    { preHandler: requirePermission('directory.read') },
    async (request, reply) => {
      const p = params.safeParse(request.params);
      const found = p.success ? await loadOrganisationView(ctx.db, p.data.id) : null;
      return found ?? sendError(reply, 404, 'not-found');
    },
  );
  app.post(`${API}/organisation-details/:id`, async (request, reply) => {
    const p = params.safeParse(request.params);
    if (!p.success) return sendError(reply, 404, 'not-found');
    const edit = parseOr400(organisationEditSchema, request.body, reply);
    if (edit === null) return reply;
    if (!canEditService(userOf(request), p.data.id)) return sendError(reply, 403, 'forbidden');
    const saved = await saveOrganisation(ctx.db, p.data.id, edit, ctx.now());
    if (saved === null) return sendError(reply, 404, 'not-found');
    await auditBy(ctx, request, 'organisation.update', p.data.id, {}, [p.data.id]);
    return saved;
  });
};
