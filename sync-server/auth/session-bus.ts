import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '#server/db/db.ts';
import { SharedListen } from '#server/db/shared-listen.ts';

/**
 * "These sessions have ended": every session of a user (disabled, password
 * reset) or one session (signed out, a device signed out). The events route
 * closes the matching open streams at once, so a desk finds out without
 * waiting for its next exchange with the server.
 */
export type SessionsEnded = { userId: string } | { tokenHash: string };

export const SESSIONS_CHANNEL = 'handover_sessions';

const wire = z.object({
  origin: z.string(),
  ended: z.union([z.object({ userId: z.string() }), z.object({ tokenHash: z.string() })]),
});

/**
 * One per database, like the change bus: in this process the route hears it
 * directly; on PostgreSQL a NOTIFY reaches the other server instances (and
 * the admin tool's writes) through LISTEN. NOTIFY is sent after the change
 * committed, so no instance acts on a session that is still alive.
 */
export class SessionBus {
  readonly origin = randomUUID();
  readonly #emitter = new EventEmitter();
  readonly #others: SharedListen;

  constructor(private readonly db: Db) {
    // One listener per open event stream.
    this.#emitter.setMaxListeners(0);
    this.#others = new SharedListen(db, SESSIONS_CHANNEL, (json) => {
      const n = wire.safeParse(json);
      if (n.success && n.data.origin !== this.origin) this.#emitter.emit('ended', n.data.ended);
    });
  }

  /** Announces ended sessions here and to every other instance. */
  async ended(ended: SessionsEnded): Promise<void> {
    this.#emitter.emit('ended', ended);
    if (this.db.kind === 'postgres') {
      await this.db.query(`select pg_notify('${SESSIONS_CHANNEL}', $1)`, [
        JSON.stringify({ origin: this.origin, ended }),
      ]);
    }
  }

  subscribe(listener: (ended: SessionsEnded) => void): () => void {
    this.#emitter.on('ended', listener);
    return () => this.#emitter.off('ended', listener);
  }

  /** Hears other processes (PostgreSQL only); each `listen` is matched by one `stop`. */
  listen(): Promise<void> {
    return this.#others.listen();
  }

  stop(): Promise<void> {
    return this.#others.stop();
  }
}

const buses = new WeakMap<Db, SessionBus>();

export const sessionBusFor = (db: Db): SessionBus => {
  let bus = buses.get(db);
  if (!bus) {
    bus = new SessionBus(db);
    buses.set(db, bus);
  }
  return bus;
};
