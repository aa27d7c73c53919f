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
  updateDeskSettingsSchema,
  type DeskSettings,
} from '#src/wire/desk-settings.ts';

/**
 * An agency's settings for its desks (#5): how many idle minutes before a
 * desk locks, and the retention rule (years after closing before a case is
 * anonymised). The lead sets them; every desk gets them with `GET /me`.
 */
export const loadDeskSettings = async (
  q: Queryable,
  organisationId: string | null,
): Promise<DeskSettings> => {
  const none = { autoLockMinutes: AUTO_LOCK_MINUTES.default, retentionYears: null };
  if (organisationId === null) return none;
  const rows = await q.query<{ auto_lock_minutes: number; retention_years: number | null }>(
    'select auto_lock_minutes, retention_years from organisations where id = $1',
    [organisationId],
  );
  const row = rows[0];
  return row === undefined
    ? none
    : { autoLockMinutes: row.auto_lock_minutes, retentionYears: row.retention_years };
};

export const deskSettingsRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.post(
    `${API}${DESK_SETTINGS_PATH}`,
    { preHandler: requirePermission('agency.settings') },
    async (request, reply) => {
      const body = parseOr400(updateDeskSettingsSchema, request.body, reply);
      if (body === null) return reply;
      const { organisationId } = userOf(request);
      if (organisationId === null) return sendError(reply, 403, 'forbidden');
      await ctx.db.tx(async (q) => {
        if (body.autoLockMinutes !== undefined) {
          await q.query('update organisations set auto_lock_minutes = $1 where id = $2', [
            body.autoLockMinutes,
            organisationId,
          ]);
        }
        if (body.retentionYears !== undefined) {
          await q.query('update organisations set retention_years = $1 where id = $2', [
            body.retentionYears,
            organisationId,
          ]);
        }
      });
      await auditBy(ctx, request, 'organisation.desk-settings', organisationId, {
        ...(body.autoLockMinutes !== undefined && { autoLockMinutes: body.autoLockMinutes }),
        ...(body.retentionYears !== undefined && { retentionYears: body.retentionYears }),
      });
      return reply.code(204).send();
    },
  );
};
