import type { OutboxCommand } from '#src/wire/commands.ts';
import type { Database } from '#main/store/open.ts';

/**
 * Commands waiting for the server. Always enqueue inside the same transaction
 * as the local change the command carries, so neither exists without the other.
 */
export const enqueue = (db: Database, command: OutboxCommand, now: Date): void => {
  // The referral_id column holds the id of what the command is about: a
  // referral, or a service for directory commands (ids never collide).
  db.prepare(
    'INSERT INTO outbox (mutation_id, referral_id, command, created_at) VALUES (?, ?, ?, ?)',
  ).run(command.mutationId, subjectOf(command), JSON.stringify(command), now.toISOString());
};

/** The id of the referral, service or record (gap, signposting) a command is about. */
export const subjectOf = (command: OutboxCommand): string => {
  switch (command.type) {
    case 'service.setReceiving':
    case 'service.update':
    case 'service.confirmReview':
    case 'service.create':
      return command.serviceId;
    case 'gap.record':
      return command.gapId;
    case 'signpost.record':
      return command.signpostId;
    default:
      return command.referralId;
  }
};

/** The oldest waiting commands, in the order they were made. */
export const peekOutbox = (db: Database, limit: number): OutboxCommand[] =>
  db
    .prepare<[number], { command: string }>('SELECT command FROM outbox ORDER BY seq LIMIT ?')
    .all(limit)
    .map((r) => JSON.parse(r.command) as OutboxCommand);

export const removeFromOutbox = (db: Database, mutationId: string): void => {
  db.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(mutationId);
};

export const outboxSize = (db: Database): number =>
  db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox').get()?.n ?? 0;

/** Is any command for this referral (or service) still waiting? */
export const isWaiting = (db: Database, referralId: string): boolean =>
  db
    .prepare<[string], { n: number }>('SELECT count(*) AS n FROM outbox WHERE referral_id = ?')
    .get(referralId)?.n !== 0;

/** A waiting command and the referral (or service) it is about. */
export type WaitingCommand = { mutationId: string; subject: string; command: OutboxCommand };

/** Waiting commands about the given referrals, oldest first (#5: erasure). */
export const waitingFor = (db: Database, referralIds: readonly string[]): WaitingCommand[] => {
  if (referralIds.length === 0) return [];
  return db
    .prepare<[string], { mutation_id: string; referral_id: string; command: string }>(
      `SELECT mutation_id, referral_id, command FROM outbox
       WHERE referral_id IN (SELECT value FROM json_each(?)) ORDER BY seq`,
    )
    .all(JSON.stringify(referralIds))
    .map((r) => ({
      mutationId: r.mutation_id,
      subject: r.referral_id,
      command: JSON.parse(r.command) as OutboxCommand,
    }));
};

/** Replaces a waiting command with an edited one (same mutation id, same place in line). */
export const replaceWaiting = (db: Database, command: OutboxCommand): void => {
  db.prepare('UPDATE outbox SET command = ? WHERE mutation_id = ?').run(
    JSON.stringify(command),
    command.mutationId,
  );
};
