import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '#server/context.ts';
import { loadAllServices, loadService } from '#server/directory/services.ts';
import {
  HSDS_BASE,
  ISSUE_TAXONOMY,
  ISSUE_TERMS,
  issueTerm,
  toHsdsOrganization,
  toHsdsService,
} from '#server/hsds/map.ts';
import { sendError } from '#server/http/errors.ts';
import { networkCategories } from '#server/directory/taxonomy.ts';

/**
 * The directory as a read-only Open Referral HSDS 3.0 API under
 * `/openreferral/v3`, open to anyone (Access-Control-Allow-Origin: *, as Open
 * Referral UK asks). Lists are paged with the standard's fields.
 */
export const MAX_PER_PAGE = 500;

const pageQuery = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  per_page: z.coerce.number().int().min(1).max(MAX_PER_PAGE).catch(50),
});

/** The standard's paged list body. */
export const paged = <T>(items: readonly T[], query: unknown) => {
  const { page, per_page } = pageQuery.parse(query ?? {});
  const total = items.length;
  const totalPages = Math.max(1, Math.ceil(total / per_page));
  const contents = items.slice((page - 1) * per_page, page * per_page);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
};

const idParam = z.object({ id: z.uuid() });

export const hsdsRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.addHook('onSend', (_request, reply, payload, done) => {
    void reply.header('access-control-allow-origin', '*');
    done(null, payload);
  });

  app.get(HSDS_BASE, () => ({
    version: '3.0',
    profile: 'https://docs.openreferral.org/en/latest/hsds/',
    openapi_url:
      'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json',
  }));

  app.get(`${HSDS_BASE}/services`, async (request) =>
    paged((await loadAllServices(ctx.db)).map(toHsdsService), request.query),
  );

  app.get(`${HSDS_BASE}/services/:id`, async (request, reply) => {
    const id = idParam.safeParse(request.params);
    const service = id.success ? await loadService(ctx.db, id.data.id) : null;
    return service === null ? sendError(reply, 404, 'not-found') : toHsdsService(service);
  });

  const organizations = async () => {
    const services = await loadAllServices(ctx.db);
    const orgs = await ctx.db.query<{ id: string; name: string; description: string | null }>(
      `select id, name, details->>'description' as description from organisations
        order by name, id`,
    );
    return orgs.map((o) => ({
      ...toHsdsOrganization({ organization_id: o.id, organization_name: o.name }),
      // The lead's own words about the agency, where they have written some (#4).
      ...(o.description ? { description: o.description } : {}),
      services: services.filter((s) => s.organization_id === o.id).map(toHsdsService),
    }));
  };

  app.get(`${HSDS_BASE}/organizations`, async (request) =>
    paged(
      (await organizations()).map(({ services: _services, ...o }) => o),
      request.query,
    ),
  );

  app.get(`${HSDS_BASE}/organizations/:id`, async (request, reply) => {
    const id = idParam.safeParse(request.params);
    const org = id.success ? (await organizations()).find((o) => o.id === id.data.id) : undefined;
    return org === undefined ? sendError(reply, 404, 'not-found') : org;
  });

  app.get(`${HSDS_BASE}/taxonomies`, (request) => paged([ISSUE_TAXONOMY], request.query));
  app.get(`${HSDS_BASE}/taxonomies/:id`, (request, reply) =>
    idParam.safeParse(request.params).data?.id === ISSUE_TAXONOMY.id
      ? ISSUE_TAXONOMY
      : sendError(reply, 404, 'not-found'),
  );
  // The standard categories, then those the network's coordinator added (#4).
  const terms = async () => [
    ...ISSUE_TERMS,
    ...(await networkCategories(ctx.db)).map((c) => issueTerm(c.code, c.label)),
  ];
  app.get(`${HSDS_BASE}/taxonomy_terms`, async (request) => paged(await terms(), request.query));
  app.get(`${HSDS_BASE}/taxonomy_terms/:id`, async (request, reply) => {
    const id = idParam.safeParse(request.params).data?.id;
    return (await terms()).find((t) => t.id === id) ?? sendError(reply, 404, 'not-found');
  });
};
