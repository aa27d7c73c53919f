import type { FastifyInstance } from 'fastify';
import { auditBy } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import type { Queryable } from '#server/db/db.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { API } from '#src/wire/api.ts';
import {
  AUTO_LOCK_MINUTES,
  DESK_SETTINGS_PATH,
  setDeskSettingsSchema,
  type DeskSettings,
} from '#src/wire/desk-settings.ts';

/**
 * An agency's settings for its desks (#5): how many idle minutes before a
 * desk locks. The lead sets them; every desk gets them with `GET /me`.
 */
export const loadDeskSettings = async (
  q: Queryable,
  organisationId: string | null,
): Promise<DeskSettings> => {
  if (organisationId === null) return { autoLockMinutes: AUTO_LOCK_MINUTES.default };
  const rows = await q.query<{ auto_lock_minutes: number }>(
    'select auto_lock_minutes from organisations where id = $1',
    [organisationId],
  );
  return { autoLockMinutes: rows[0]?.auto_lock_minutes ?? AUTO_LOCK_MINUTES.default };
};

export const deskSettingsRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.post(
    `${API}${DESK_SETTINGS_PATH}`,
    { preHandler: requirePermission('agency.settings') },
    async (request, reply) => {
      const body = parseOr400(setDeskSettingsSchema, request.body, reply);
      if (body === null) return reply;
      const { organisationId } = userOf(request);
      if (organisationId === null) return sendError(reply, 403, 'forbidden');
      await ctx.db.query('update organisations set auto_lock_minutes = $1 where id = $2', [
        body.autoLockMinutes,
        organisationId,
      ]);
      await auditBy(ctx, request, 'organisation.desk-settings', organisationId, {
        autoLockMinutes: body.autoLockMinutes,
      });
      return reply.code(204).send();
    },
  );
};
