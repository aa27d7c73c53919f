import type { SessionUser } from '#server/auth/sessions.ts';
import type { Db } from '#server/db/db.ts';
import { atMostOnce, type CommandRecorder } from '#server/commands/once.ts';
import { knownIssues } from '#server/directory/taxonomy.ts';
import { can } from '#src/roles.ts';
import type { CommandRejection, CommandResult } from '#src/wire/commands.ts';
import type { GapCommand, SignpostCommand } from '#src/wire/provision.ts';

export type RecordContext = { db: Db; now: () => Date };
type RecordCommand = GapCommand | SignpostCommand;

const rejected = (c: RecordCommand, reason: CommandRejection): CommandResult => ({
  mutationId: c.mutationId,
  status: 'rejected',
  reason,
  currentStatus: null,
});

/**
 * Applies a gap-in-provision or signposting record at most once (by mutation
 * id, and by the record's own id), for the adviser's agency. Anyone who may
 * refer may record these; neither holds client data. Nothing is sent to any
 * other agency, so there is nothing for the change feed.
 */
export const applyRecordCommand = async (
  ctx: RecordContext,
  user: SessionUser,
  c: RecordCommand,
  /** The command's audit entry, written in the same transaction (#6). */
  record?: CommandRecorder,
): Promise<CommandResult> => {
  const now = ctx.now();
  const at = now.toISOString();
  return ctx.db.tx((tx) =>
    atMostOnce(
      tx,
      user,
      c.mutationId,
      now,
      async () => {
        let result: CommandResult = { mutationId: c.mutationId, status: 'applied' };
        const org = user.organisationId;
        const issues = c.type === 'gap.record' ? [c.issue] : c.issues;
        if (org === null || !can(user.role, 'referral.send')) result = rejected(c, 'forbidden');
        else if (!(await knownIssues(tx, issues))) result = rejected(c, 'not-found');
        else if (c.type === 'gap.record') {
          const [clash] = await tx.query<{ organisation_id: string }>(
            'select organisation_id from provision_gaps where id = $1',
            [c.gapId],
          );
          // Another agency's record does not exist for this one (#12).
          if (clash) result = rejected(c, clash.organisation_id === org ? 'conflict' : 'not-found');
          else {
            await tx.query(
              `insert into provision_gaps (id, organisation_id, recorded_by, recorded_by_name, issue,
              area, why, recorded_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8)`,
              [c.gapId, org, user.id, user.name, c.issue, c.area, c.why, at],
            );
          }
        } else {
          const [clash] = await tx.query<{ organisation_id: string }>(
            'select organisation_id from signposts where id = $1',
            [c.signpostId],
          );
          const [service] = await tx.query('select 1 from services where id = $1', [c.serviceId]);
          if (clash) result = rejected(c, clash.organisation_id === org ? 'conflict' : 'not-found');
          else if (!service) result = rejected(c, 'not-found');
          else {
            await tx.query(
              `insert into signposts (id, organisation_id, recorded_by, service_id, issues,
              postcode_district, recorded_at)
           values ($1, $2, $3, $4, $5::text[], $6, $7)`,
              [
                c.signpostId,
                org,
                user.id,
                c.serviceId,
                [...new Set(c.issues)],
                c.postcodeDistrict,
                at,
              ],
            );
          }
        }
        return result;
      },
      record,
    ),
  );
};
