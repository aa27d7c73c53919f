import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '#server/db/db.ts';
import { SharedListen } from '#server/db/shared-listen.ts';

/** "Something new is in the change feed": what connected clients are nudged with. */
export type ChangeNotice = { seq: number; visibleTo: readonly string[] | null };

export const NOTIFY_CHANNEL = 'handover_changes';
export const NOTIFY_CHANGES_CHANNEL_SQL = `select pg_notify('${NOTIFY_CHANNEL}', $1)`;

const wireNotice = z.object({
  origin: z.string(),
  seq: z.int(),
  visibleTo: z.array(z.string()).nullable(),
});

/**
 * One bus per database: in this process, writers publish after commit and
 * the events route hears it at once. On PostgreSQL, writers also NOTIFY in
 * their transaction, so other server instances (and the admin CLI's writes)
 * reach this instance's clients through LISTEN.
 */
export class ChangeBus {
  readonly origin = randomUUID();
  readonly #emitter = new EventEmitter();
  readonly #others: SharedListen;

  constructor(private readonly db: Db) {
    // One listener per open event stream: many is normal, not a leak.
    this.#emitter.setMaxListeners(0);
    this.#others = new SharedListen(db, NOTIFY_CHANNEL, (json) => {
      const n = wireNotice.safeParse(json);
      if (n.success && n.data.origin !== this.origin) {
        this.publish([{ seq: n.data.seq, visibleTo: n.data.visibleTo }]);
      }
    });
  }

  publish(notices: readonly ChangeNotice[]): void {
    for (const n of notices) this.#emitter.emit('change', n);
  }

  subscribe(listener: (n: ChangeNotice) => void): () => void {
    this.#emitter.on('change', listener);
    return () => this.#emitter.off('change', listener);
  }

  /** The payload a writer NOTIFYs on PostgreSQL. */
  wirePayload(n: ChangeNotice): string {
    return JSON.stringify({ origin: this.origin, seq: n.seq, visibleTo: n.visibleTo });
  }

  /**
   * Hears other processes' changes (PostgreSQL only). Every `listen` is
   * matched by one `stop`; the LISTEN connection closes with the last.
   */
  listen(): Promise<void> {
    return this.#others.listen();
  }

  stop(): Promise<void> {
    return this.#others.stop();
  }
}

const buses = new WeakMap<Db, ChangeBus>();

export const busFor = (db: Db): ChangeBus => {
  let bus = buses.get(db);
  if (!bus) {
    bus = new ChangeBus(db);
    buses.set(db, bus);
  }
  return bus;
};
