import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '#server/context.ts';
import type { Queryable } from '#server/db/db.ts';
import { loadAllServices, loadService } from '#server/directory/services.ts';
import { readForm } from '#server/public/form.ts';
import { STYLE } from '#server/public/html.ts';
import { networkName, PUBLIC_BASE, sendPage } from '#server/public/respond.ts';
import { notFoundPage, searchPage, servicePage } from '#server/public/pages.ts';
import { selfReferralRoutes } from '#server/public/self-referral-routes.ts';
import { joinRoutes } from '#server/public/join-routes.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { buildIndex, searchIndex, type DirectoryIndex } from '#src/directory/search.ts';
import { postcodeDistrict } from '#src/postcode.ts';
import { allCategories, networkCategories } from '#server/directory/taxonomy.ts';
import { issueLabelIn } from '#src/taxonomy.ts';
import { line } from '#src/wire/text.ts';

/**
 * The public directory, served by the sync server with no sign-in: search,
 * read a service, and (for services that take them) ask for help yourself.
 * Plain HTML forms: works without JavaScript, on a phone, with a screen reader.
 */
const SEARCH = { q: line(200), issue: line(40), area: line(10) };

/** One index per version of the directory: rebuilt only when a service changed. */
const directoryIndex = () => {
  let cached: { version: string; index: DirectoryIndex } | null = null;
  return async (q: Queryable): Promise<DirectoryIndex> => {
    const [row] = await q.query<{ v: string | null }>(
      `select max(seq)::text as v from changes where kind = 'service'`,
    );
    const categories = await networkCategories(q);
    const version = `${row?.v ?? '0'}/${JSON.stringify(categories)}`;
    if (cached?.version !== version) {
      cached = { version, index: buildIndex(await loadAllServices(q), issueLabelIn(categories)) };
    }
    return cached.index;
  };
};

export const publicRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  const indexOf = directoryIndex();

  app.get(`${PUBLIC_BASE}/style.css`, (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(STYLE),
  );

  app.get(PUBLIC_BASE, async (request, reply) => {
    const form = readForm(SEARCH, request.query).values;
    const name = await networkName(ctx.db);
    const today = londonDate(ctx.now());
    const searched = Object.keys(request.query ?? {}).length > 0;
    const categories = await allCategories(ctx.db);
    const issue = categories.find((c) => c.code === form.issue)?.code ?? null;
    const hits = searched
      ? searchIndex(
          await indexOf(ctx.db),
          {
            text: form.q,
            issue,
            area: form.area.trim() === '' ? null : postcodeDistrict(form.area),
          },
          today,
        )
      : null;
    return sendPage(
      reply,
      200,
      'Find help near you',
      name,
      searchPage(form, hits, today, categories),
    );
  });

  app.get(`${PUBLIC_BASE}/services/:id`, async (request, reply) => {
    const id = z.object({ id: z.uuid() }).safeParse(request.params);
    const name = await networkName(ctx.db);
    const service = id.success ? await loadService(ctx.db, id.data.id) : null;
    if (service === null) return sendPage(reply, 404, 'Page not found', name, notFoundPage());
    const categories = await allCategories(ctx.db);
    return sendPage(
      reply,
      200,
      service.name,
      name,
      servicePage(service, londonDate(ctx.now()), categories),
    );
  });

  selfReferralRoutes(app, ctx);
  // After the self-referral routes: they register the form parser this scope shares.
  joinRoutes(app, ctx);
};
