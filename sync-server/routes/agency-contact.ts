import type { FastifyInstance } from 'fastify';
import { auditBy } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import { setAgencyContact } from '#server/email/contacts.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { API } from '#src/wire/api.ts';
import {
  AGENCY_CONTACT_PATH,
  agencyContactSchema,
  type AgencyContact,
} from '#src/wire/agency-contact.ts';

/**
 * GET and PUT /agency/contact (#3): the lead reads and sets where their own
 * agency's new-referral emails go. Only their own agency: the organisation is
 * the caller's, never taken from the request.
 */
export const agencyContactRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  const path = `${API}${AGENCY_CONTACT_PATH}`;
  app.get(path, { preHandler: requirePermission('agency.settings') }, async (request, reply) => {
    const { organisationId } = userOf(request);
    if (organisationId === null) return sendError(reply, 403, 'forbidden');
    const [row] = await ctx.db.query<{ notify_email: string | null }>(
      'select notify_email from organisations where id = $1',
      [organisationId],
    );
    const contact: AgencyContact = { email: row?.notify_email ?? null };
    return contact;
  });

  app.put(path, { preHandler: requirePermission('agency.settings') }, async (request, reply) => {
    const body = parseOr400(agencyContactSchema, request.body, reply);
    if (body === null) return reply;
    const { organisationId } = userOf(request);
    if (organisationId === null) return sendError(reply, 403, 'forbidden');
    const set = await setAgencyContact(ctx.db, organisationId, body.email);
    if (!set.ok) return sendError(reply, 400, 'bad-request', set.reason);
    // The address is the agency's, not a client's; the audit notes only that it changed.
    await auditBy(ctx, request, 'organisation.contact', organisationId, {
      cleared: set.value === null,
    });
    const contact: AgencyContact = { email: set.value };
    return contact;
  });
};
