import type { FastifyInstance } from 'fastify';
import { auditBy } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import { json } from '#server/db/db.ts';
import { isoOf } from '#server/db/values.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { loadNetwork } from '#server/network/load.ts';
import { newId } from '#src/ids.ts';
import { API } from '#src/wire/api.ts';
import {
  bulletinInputSchema,
  bulletinSchema,
  directorySettingsSchema,
  mayPostBulletins,
  type Bulletin,
  type DirectorySettings,
} from '#src/wire/bulletins.ts';
import { DEFAULT_REVIEW_MONTHS } from '#src/wire/service-edit.ts';

const LIMIT = 200;

type Row = {
  id: string;
  title: string;
  body: string;
  author_name: string;
  organisation_name: string | null;
  posted_at: Date | string;
};

/**
 * Bulletins and the directory's network settings (#4). Everyone signed in
 * reads the news, newest first; the coordinator (and leads, where the
 * network allows) posts it. The coordinator sets the review period and
 * whether leads may post.
 */
export const bulletinRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(
    `${API}/bulletins`,
    { preHandler: requirePermission('directory.read') },
    async (): Promise<{ bulletins: Bulletin[] }> => {
      const rows = await ctx.db.query<Row>(
        `select b.id, b.title, b.body, b.author_name, o.name as organisation_name, b.posted_at
           from bulletins b left join organisations o on o.id = b.organisation_id
          order by b.posted_at desc, b.id desc limit ${String(LIMIT)}`,
      );
      return {
        bulletins: rows.map((r) =>
          bulletinSchema.parse({
            id: r.id,
            title: r.title,
            body: r.body,
            authorName: r.author_name,
            organisationName: r.organisation_name,
            postedAt: isoOf(r.posted_at),
          }),
        ),
      };
    },
  );

  app.post(`${API}/bulletins`, async (request, reply) => {
    const input = parseOr400(bulletinInputSchema, request.body, reply);
    if (input === null) return reply;
    const user = userOf(request);
    const network = await loadNetwork(ctx.db);
    if (!network || !mayPostBulletins(user.role, network.settings)) {
      return sendError(reply, 403, 'forbidden');
    }
    const bulletin: Bulletin = {
      id: newId(),
      title: input.title,
      body: input.body,
      authorName: user.name,
      organisationName: null,
      postedAt: ctx.now().toISOString(),
    };
    await ctx.db.query(
      `insert into bulletins (id, author_user_id, author_name, organisation_id, title, body, posted_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        bulletin.id,
        user.id,
        user.name,
        user.organisationId,
        bulletin.title,
        bulletin.body,
        bulletin.postedAt,
      ],
    );
    await auditBy(ctx, request, 'bulletin.post', bulletin.id);
    const [org] =
      user.organisationId === null
        ? []
        : await ctx.db.query<{ name: string }>('select name from organisations where id = $1', [
            user.organisationId,
          ]);
    return reply.code(201).send({ ...bulletin, organisationName: org?.name ?? null });
  });

  const settingsOf = async (): Promise<DirectorySettings> => {
    const network = await loadNetwork(ctx.db);
    return {
      reviewMonths: network?.settings.reviewMonths ?? DEFAULT_REVIEW_MONTHS,
      leadsMayPostBulletins: network?.settings.leadsMayPostBulletins === true,
    };
  };

  app.get(
    `${API}/network/directory-settings`,
    { preHandler: requirePermission('directory.read') },
    settingsOf,
  );

  app.post(
    `${API}/network/directory-settings`,
    { preHandler: requirePermission('network.settings') },
    async (request, reply) => {
      const body = parseOr400(directorySettingsSchema, request.body, reply);
      if (body === null) return reply;
      await ctx.db.query(`update network set settings = settings || $1::text::jsonb`, [json(body)]);
      await auditBy(ctx, request, 'network.directory-settings', null, { ...body });
      return settingsOf();
    },
  );
};
