import type { SessionUser } from '#server/auth/sessions.ts';
import { changeTx } from '#server/changes/write.ts';
import type { Db } from '#server/db/db.ts';
import { atMostOnce, type CommandRecorder } from '#server/commands/once.ts';
import { canEditService } from '#server/directory/permissions.ts';
import type { CommandRejection, CommandResult } from '#src/wire/commands.ts';
import type { ServiceCommand } from '#src/wire/directory.ts';

export type ServiceCommandContext = { db: Db; now: () => Date };

const rejected = (c: ServiceCommand, reason: CommandRejection): CommandResult => ({
  mutationId: c.mutationId,
  status: 'rejected',
  reason,
  currentStatus: null,
});

/**
 * Applies a directory command at most once, in its own transaction: changes
 * whether a service takes referrals and its capacity, records who changed it
 * in the service's history, and tells every desk through the change feed.
 */
export const applyServiceCommand = async (
  ctx: ServiceCommandContext,
  user: SessionUser,
  c: ServiceCommand,
  /** The command's audit entry, written in the same transaction (#6). */
  record?: CommandRecorder,
): Promise<CommandResult> => {
  const at = ctx.now();
  return changeTx(
    ctx.db,
    (tx) =>
      atMostOnce(
        tx,
        user,
        c.mutationId,
        at,
        async (): Promise<CommandResult> => {
          const [service] = await tx.query<{ organisation_id: string }>(
            'select organisation_id from services where id = $1 for update',
            [c.serviceId],
          );
          if (!service) return rejected(c, 'not-found');
          if (!canEditService(user, service.organisation_id)) return rejected(c, 'forbidden');
          const { receiving, capacity } = c;
          const until = receiving.state === 'paused' ? receiving.until : null;
          const reason = receiving.state === 'receiving' ? null : receiving.reason;
          await tx.query(
            `update services set receiving_state = $2, receiving_until = $3, receiving_reason = $4,
              capacity_status = $5, capacity_places = $6, updated_at = $7
            where id = $1`,
            [
              c.serviceId,
              receiving.state,
              until,
              reason,
              capacity.status,
              capacity.places,
              at.toISOString(),
            ],
          );
          await tx.query(
            `insert into service_receiving_history (service_id, at, actor_user_id, actor_name,
              receiving_state, receiving_until, receiving_reason, capacity_status, capacity_places)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              c.serviceId,
              at.toISOString(),
              user.id,
              user.name,
              receiving.state,
              until,
              reason,
              capacity.status,
              capacity.places,
            ],
          );
          await tx.change('service', c.serviceId, null);
          return { mutationId: c.mutationId, status: 'applied' };
        },
        record,
      ),
    at,
  );
};

export type ReceivingHistoryEntry = {
  at: string;
  actorName: string;
  state: string;
  until: string | null;
  reason: string | null;
  capacityStatus: string;
  capacityPlaces: number | null;
};

/** A service's receiving history, oldest first. */
export const receivingHistory = async (
  db: Db,
  serviceId: string,
): Promise<ReceivingHistoryEntry[]> =>
  (
    await db.query<{
      at: Date | string;
      actor_name: string;
      receiving_state: string;
      receiving_until: string | null;
      receiving_reason: string | null;
      capacity_status: string;
      capacity_places: number | null;
    }>(
      `select at, actor_name, receiving_state, receiving_until::text as receiving_until,
          receiving_reason, capacity_status, capacity_places
         from service_receiving_history where service_id = $1 order by n`,
      [serviceId],
    )
  ).map((r) => ({
    at: new Date(r.at).toISOString(),
    actorName: r.actor_name,
    state: r.receiving_state,
    until: r.receiving_until,
    reason: r.receiving_reason,
    capacityStatus: r.capacity_status,
    capacityPlaces: r.capacity_places,
  }));
