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

/**
 * The oldest commands that may go now, in the order they were made. Left
 * out: a command backing off after the network failed on it (`retry_at` in
 * the future), and every later command about the same referral or service,
 * which waits behind it so the network sees one subject's commands in the
 * order they were made; and every command about a subject with a command set
 * aside as refused or undeliverable (see `setAside`). Commands about anything
 * else are not held up.
 */
export const peekOutbox = (db: Database, limit: number, now = new Date()): OutboxCommand[] =>
  db
    .prepare<[{ now: string; limit: number }], { command: string }>(
      `SELECT o.command FROM outbox o
       WHERE NOT EXISTS (
           SELECT 1 FROM outbox_set_aside s
           WHERE s.referral_id = o.referral_id AND s.kind <> 'rejected')
         AND NOT EXISTS (
           SELECT 1 FROM outbox p
           WHERE p.referral_id = o.referral_id AND p.seq <= o.seq AND p.retry_at > @now)
       ORDER BY o.seq LIMIT @limit`,
    )
    .all({ now: now.toISOString(), limit })
    .map((r) => JSON.parse(r.command) as OutboxCommand);

/** When the next command now backing off may be tried, or null when none is. */
export const nextRetryAt = (db: Database, now: Date): Date | null => {
  const at = db
    .prepare<[string], { at: string | null }>(
      'SELECT min(retry_at) AS at FROM outbox WHERE retry_at > ?',
    )
    .get(now.toISOString())?.at;
  return at == null ? null : new Date(at);
};

/**
 * The network failed on this command (a 5xx or an answer it could not read,
 * while it answered others): count the attempt and hold it until `retryAt`.
 * Returns the attempts made so far.
 */
export const recordFailedAttempt = (db: Database, mutationId: string, retryAt: Date): number =>
  db
    .prepare<[string, string], { attempts: number }>(
      'UPDATE outbox SET attempts = attempts + 1, retry_at = ? WHERE mutation_id = ? RETURNING attempts',
    )
    .get(retryAt.toISOString(), mutationId)?.attempts ?? 0;

/**
 * Why a command was set aside: `refused`, the network refused it for good
 * (a 4xx answer: it cannot read it, or this user may not send it);
 * `rejected`, the network read it and said no (the referral moved on, the
 * service is not receiving…) and has recorded that answer; `undeliverable`,
 * the network kept failing on it (see the engine's `maxAttempts`).
 */
export type SetAsideKind = 'refused' | 'rejected' | 'undeliverable';

/**
 * Moves a command out of the line, keeping its place (`seq`) and why. What
 * comes after it about other subjects keeps flowing; later commands about
 * the same referral or service are held with it (see `peekOutbox`): they
 * were made after it and may only make sense after it (a note on a referral
 * whose sending was refused would be refused too, an "accept" after a
 * refused "acknowledge" would be refused as out of order). They go when the
 * adviser resends it, or when they discard it (then the network decides
 * about each of them, and any it refuses is set aside in its turn).
 *
 * A `rejected` command holds nothing back: the network judged it in its
 * turn, and judges each later command on its own (an "accept" after an
 * "acknowledge" that lost a race to a colleague's is still right to send).
 */
export const setAside = (
  db: Database,
  mutationId: string,
  kind: SetAsideKind,
  reason: string,
  now: Date,
): void => {
  db.prepare(
    `INSERT INTO outbox_set_aside
       (mutation_id, seq, referral_id, command, created_at, kind, reason, attempts, set_aside_at)
     SELECT mutation_id, seq, referral_id, command, created_at, ?, ?, attempts, ? FROM outbox
     WHERE mutation_id = ?`,
  ).run(kind, reason, now.toISOString(), mutationId);
  removeFromOutbox(db, mutationId);
};

export type SetAsideRow = {
  mutationId: string;
  subject: string;
  command: OutboxCommand;
  kind: SetAsideKind;
  reason: string;
  attempts: number;
  createdAt: string;
  setAsideAt: string;
  /** Later commands about the same subject, waiting for this one. */
  held: number;
};

type SetAsideSql = {
  mutation_id: string;
  referral_id: string;
  command: string;
  kind: SetAsideKind;
  reason: string;
  attempts: number;
  created_at: string;
  set_aside_at: string;
  held: number;
};

const SET_ASIDE_SELECT = `SELECT s.mutation_id, s.referral_id, s.command, s.kind, s.reason, s.attempts,
    s.created_at, s.set_aside_at,
    CASE WHEN s.kind = 'rejected' THEN 0
      ELSE (SELECT count(*) FROM outbox o WHERE o.referral_id = s.referral_id) END AS held
  FROM outbox_set_aside s`;

const fromSetAsideRow = (r: SetAsideSql): SetAsideRow => ({
  mutationId: r.mutation_id,
  subject: r.referral_id,
  command: JSON.parse(r.command) as OutboxCommand,
  kind: r.kind,
  reason: r.reason,
  attempts: r.attempts,
  createdAt: r.created_at,
  setAsideAt: r.set_aside_at,
  held: r.held,
});

/** Commands set aside, in the order they were made. */
export const listSetAside = (db: Database): SetAsideRow[] =>
  db.prepare<[], SetAsideSql>(`${SET_ASIDE_SELECT} ORDER BY s.seq`).all().map(fromSetAsideRow);

export const getSetAside = (db: Database, mutationId: string): SetAsideRow | null => {
  const row = db
    .prepare<[string], SetAsideSql>(`${SET_ASIDE_SELECT} WHERE s.mutation_id = ?`)
    .get(mutationId);
  return row === undefined ? null : fromSetAsideRow(row);
};

export const setAsideCount = (db: Database): number =>
  db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox_set_aside').get()?.n ?? 0;

/**
 * Puts a set-aside command back in the line at its old place, as `command`
 * (the adviser may have fixed its words), with its attempts reset.
 */
export const returnToOutbox = (db: Database, mutationId: string, command: OutboxCommand): void => {
  db.prepare(
    `INSERT INTO outbox (seq, mutation_id, referral_id, command, created_at)
     SELECT seq, ?, referral_id, ?, created_at FROM outbox_set_aside WHERE mutation_id = ?`,
  ).run(command.mutationId, JSON.stringify(command), mutationId);
  db.prepare('DELETE FROM outbox_set_aside WHERE mutation_id = ?').run(mutationId);
};

/** Forgets a set-aside command; what it held back goes on. */
export const discardSetAside = (db: Database, mutationId: string): void => {
  db.prepare('DELETE FROM outbox_set_aside WHERE mutation_id = ?').run(mutationId);
};

/** Forgets every set-aside command about these referrals (#5: an erasure). */
export const discardSetAsideFor = (db: Database, referralIds: readonly string[]): number =>
  db
    .prepare('DELETE FROM outbox_set_aside WHERE referral_id IN (SELECT value FROM json_each(?))')
    .run(JSON.stringify(referralIds)).changes;

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
