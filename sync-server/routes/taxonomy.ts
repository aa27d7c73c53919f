import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditBy } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import { json } from '#server/db/db.ts';
import { allCategories, networkCategories } from '#server/directory/taxonomy.ts';
import { requirePermission } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { customIssueCode, ISSUE_CATEGORIES, type IssueCategory } from '#src/taxonomy.ts';
import { API } from '#src/wire/api.ts';
import { line } from '#src/wire/text.ts';

export const addCategorySchema = z.object({
  label: line(100).min(1, 'Name the category'),
});

/**
 * The network's issue categories (#4): everyone signed in reads them (the
 * desk's filters and forms use them); the coordinator adds one. A category
 * is never removed: referrals and records may use it.
 */
export const taxonomyRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(
    `${API}/issue-categories`,
    { preHandler: requirePermission('directory.read') },
    async (): Promise<{ categories: IssueCategory[] }> => ({
      categories: await allCategories(ctx.db),
    }),
  );

  app.post(
    `${API}/network/issue-categories`,
    { preHandler: requirePermission('network.settings') },
    async (request, reply) => {
      const body = parseOr400(addCategorySchema, request.body, reply);
      if (body === null) return reply;
      const code = customIssueCode(body.label);
      if (code === null) return sendError(reply, 400, 'bad-request', 'label: no letters or digits');
      const added = await ctx.db.tx(async (q) => {
        // One coordinator at a time: the list lives in the network's settings.
        await q.query('select 1 from network for update');
        const current = await networkCategories(q);
        const clash = [...ISSUE_CATEGORIES, ...current].some(
          (c) => c.code === code || c.label.toLowerCase() === body.label.toLowerCase(),
        );
        if (clash) return false;
        await q.query(`update network set settings = settings || $1::text::jsonb`, [
          json({ issueCategories: [...current, { code, label: body.label }] }),
        ]);
        return true;
      });
      if (!added) return sendError(reply, 409, 'conflict', 'category-exists');
      await auditBy(ctx, request, 'network.issue-category', null, { code });
      return reply.code(201).send({ categories: await allCategories(ctx.db) });
    },
  );
};
