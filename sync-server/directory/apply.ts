import type { SessionUser } from '#server/auth/sessions.ts';
import type { Db } from '#server/db/db.ts';
import type { CommandRecorder } from '#server/commands/once.ts';
import { applyServiceCommand } from '#server/directory/commands.ts';
import { applyRecordCommand } from '#server/directory/records.ts';
import { applyUpkeepCommand } from '#server/directory/upkeep.ts';
import type { Command, CommandResult, OutboxCommand } from '#src/wire/commands.ts';

/** Every command a desk's outbox carries that is not about a referral. */
export type DirectoryCommand = Exclude<OutboxCommand, Command>;

export const isDirectoryCommand = (c: OutboxCommand): c is DirectoryCommand =>
  !c.type.startsWith('referral.');

/** The directory's commands (#4), each applied at most once. */
export const applyDirectoryCommand = (
  ctx: { db: Db; now: () => Date },
  user: SessionUser,
  c: DirectoryCommand,
  /** The command's audit entry, written in the same transaction (#6). */
  record?: CommandRecorder,
): Promise<CommandResult> => {
  switch (c.type) {
    case 'service.setReceiving':
      return applyServiceCommand(ctx, user, c, record);
    case 'gap.record':
    case 'signpost.record':
      return applyRecordCommand(ctx, user, c, record);
    case 'service.update':
    case 'service.confirmReview':
    case 'service.create':
      return applyUpkeepCommand(ctx, user, c, record);
  }
};
