import type { Db, Queryable } from '#server/db/db.ts';
import { LOCK_CHANGES } from '#server/db/locks.ts';
import { busFor, NOTIFY_CHANGES_CHANNEL_SQL, type ChangeNotice } from '#server/changes/bus.ts';

export type ChangeKind = 'referral' | 'service';

/** A transaction that may add rows to the change feed. */
export type ChangeTx = Queryable & {
  /** Adds a change row; `visibleTo` null = every organisation on the network. */
  change(kind: ChangeKind, entityId: string, visibleTo: readonly string[] | null): Promise<number>;
};

/**
 * Runs `fn` in a transaction that first takes the change-feed lock, so change
 * rows commit in the order of their sequence numbers. After commit, the
 * changes are announced to this process's listeners (and, on PostgreSQL,
 * through NOTIFY to other instances).
 */
export const changeTx = async <T>(
  db: Db,
  fn: (tx: ChangeTx) => Promise<T>,
  at: Date = new Date(),
): Promise<T> => {
  const bus = busFor(db);
  const notices: ChangeNotice[] = [];
  const value = await db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock($1)', [LOCK_CHANGES]);
    const tx: ChangeTx = {
      query: (sql, params) => q.query(sql, params),
      change: async (kind, entityId, visibleTo) => {
        const [row] = await q.query<{ seq: number }>(
          `insert into changes (kind, entity_id, visible_to, at)
           values ($1, $2, $3::uuid[], $4) returning seq`,
          [kind, entityId, visibleTo === null ? null : [...visibleTo], at.toISOString()],
        );
        if (!row) throw new Error('insert into changes returned nothing');
        const notice = { seq: row.seq, visibleTo };
        notices.push(notice);
        if (db.kind === 'postgres') {
          await q.query(NOTIFY_CHANGES_CHANNEL_SQL, [bus.wirePayload(notice)]);
        }
        return row.seq;
      },
    };
    return fn(tx);
  });
  bus.publish(notices);
  return value;
};
