import type { Channel, Handlers, Response } from '#src/contract.ts';
import { err } from '#src/result.ts';

/**
 * Keeps the desk answering while the store is closed for a rekey (#5). The
 * rekey runs on a worker thread with the desk's own connection closed, so a
 * store call cannot simply run meanwhile. While it runs:
 *   - calls that do not touch the store answer as usual (FREE);
 *   - calls that would change keys, lock or back up the store get
 *     `store-busy` at once (REFUSED), which the renderer shows in words;
 *   - every other call waits, and runs once the store is open again.
 * The rekey itself starts only after the store calls already running have
 * finished, so none of them finds its connection closed under it.
 */

/** Channels that never touch the store: answered at once, even during a rekey. */
const FREE: ReadonlySet<Channel> = new Set<Channel>([
  'session.status',
  'session.activity',
  'sync.status',
  'keys.recoveryKey',
  'security.settings',
  // Runs its own exclusive task (below): refused there when one is running.
  'keys.rekey',
]);

/** Channels whose answer is a Result, so `store-busy` is an answer they may give. */
type ResultChannel = {
  [C in Channel]: Extract<Response<C>, { ok: false }> extends never ? never : C;
}[Channel];

/** Refused during a rekey rather than kept waiting: they change keys, locking or backups. */
const REFUSED: ReadonlySet<Channel> = new Set<ResultChannel>([
  'keys.newRecoveryKey',
  'keys.changePassphrase',
  'keys.confirmRecoverySaved',
  'session.lock',
  'session.unlock',
  'session.recover',
  'backup.now',
  'session.restoreBackup',
]);

export type StoreGate = {
  /** The desk's handlers, each waiting or refused while an exclusive task runs. */
  guard: (handlers: Handlers) => Handlers;
  /**
   * Runs `task` alone: new store calls wait (or are refused), and it starts
   * once the calls in flight have finished. `busy` when one is running.
   */
  exclusive: <T>(task: () => Promise<T>) => Promise<T | 'busy'>;
  busy: () => boolean;
  /** Resolves once no exclusive task is running (for closing the desk). */
  settled: () => Promise<void>;
};

export const createStoreGate = (): StoreGate => {
  let running: Promise<unknown> | null = null;
  let inFlight = 0;
  let drained: (() => void) | null = null;

  const settled = async (): Promise<void> => {
    while (running !== null) await running.catch(() => undefined);
  };

  const leave = (): void => {
    inFlight -= 1;
    if (inFlight === 0) drained?.();
  };

  const guard = (handlers: Handlers): Handlers => {
    const guarded: Record<string, (request: never) => Promise<unknown>> = {};
    for (const channel of Object.keys(handlers) as Channel[]) {
      const handler = handlers[channel] as (request: never) => Promise<unknown>;
      if (FREE.has(channel)) {
        guarded[channel] = handler;
        continue;
      }
      guarded[channel] = async (request: never) => {
        // Checked and counted with no await between, so a rekey cannot start in the gap.
        while (running !== null) {
          if (REFUSED.has(channel)) return err('store-busy');
          await running.catch(() => undefined);
        }
        inFlight += 1;
        try {
          return await handler(request);
        } finally {
          leave();
        }
      };
    }
    // Same channels, same request and response types: each wraps its own handler.
    return guarded as unknown as Handlers;
  };

  const exclusive = async <T>(task: () => Promise<T>): Promise<T | 'busy'> => {
    if (running !== null) return 'busy';
    const run = (async () => {
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
        });
      }
      drained = null;
      return task();
    })();
    running = run;
    try {
      return await run;
    } finally {
      running = null;
    }
  };

  return { guard, exclusive, busy: () => running !== null, settled };
};
