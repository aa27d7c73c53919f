import type { SessionUser } from '#server/auth/sessions.ts';
import { json, type Queryable } from '#server/db/db.ts';
import { commandResultSchema, type CommandResult } from '#src/wire/commands.ts';

/**
 * Writes a command's audit entry inside the command's own transaction, so a
 * change and its entry commit together or not at all (#6).
 */
export type CommandRecorder = (q: Queryable, result: CommandResult) => Promise<void>;

/**
 * Applies a desk's command at most once, inside the caller's transaction `tx`
 * (DESIGN.md, "Sync protocol"): a mutation id already applied for this user
 * gives the stored answer and changes nothing; someone else's mutation id is
 * refused as not found, without saying what it did or that it exists; otherwise `apply` runs and its answer
 * is stored. Either way `record` (the audit entry) is written last, in the
 * same transaction.
 */
export const atMostOnce = async (
  tx: Queryable,
  user: SessionUser,
  mutationId: string,
  at: Date,
  apply: () => Promise<CommandResult>,
  record: CommandRecorder | undefined,
): Promise<CommandResult> => {
  const [prior] = await tx.query<{ user_id: string; result: unknown }>(
    'select user_id, result from applied_mutations where mutation_id = $1',
    [mutationId],
  );
  let result: CommandResult;
  if (prior) {
    result =
      prior.user_id === user.id
        ? commandResultSchema.parse(prior.result)
        : // Someone else's mutation id: as if unknown, so it tells nothing about it (#12).
          { mutationId, status: 'rejected', reason: 'not-found', currentStatus: null };
  } else {
    result = await apply();
    await tx.query(
      `insert into applied_mutations (mutation_id, user_id, result, applied_at)
       values ($1, $2, $3::text::jsonb, $4)`,
      [mutationId, user.id, json(result), at.toISOString()],
    );
  }
  await record?.(tx, result);
  return result;
};
