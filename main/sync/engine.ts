import { setTimeout as sleep } from 'node:timers/promises';
import type { DeskEvent, SyncStatus } from '#src/contract.ts';
import type { Database } from '#main/store/open.ts';
import { upsertService } from '#main/store/directory.ts';
import { getMeta, setMeta } from '#main/store/meta.ts';
import { outboxSize, peekOutbox, removeFromOutbox } from '#main/store/outbox.ts';
import { applyServerReferral } from '#main/store/referrals.ts';
import { markCommandRefused } from '#main/directory/refusals.ts';
import type { ApiFailure, ServerApi } from '#main/sync/server-api.ts';

/**
 * Keeps one desk in step with the network: pushes the outbox (commands are
 * idempotent by mutation id, so a retry after a lost answer is harmless),
 * pulls the change feed from the stored cursor, and listens to the server's
 * event stream so a new referral lands within about a second. Offline, it
 * retries with backoff; nothing is lost, because the outbox is in the store.
 */
export type SyncOptions = {
  retryMinMs: number;
  retryMaxMs: number;
  pageSize: number;
  now: () => Date;
};

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  retryMinMs: 1_000,
  retryMaxMs: 30_000,
  pageSize: 200,
  now: () => new Date(),
};

const PUSH_BATCH = 50;

export type SyncEngine = {
  start(): void;
  /** Push and pull now; resolves when this round (or the one running) is done. */
  syncNow(): Promise<void>;
  status(): SyncStatus;
  stop(): Promise<void>;
};

export const createSyncEngine = (
  db: Database,
  api: ServerApi,
  ownOrganisationId: string,
  emit: (event: DeskEvent) => void,
  onSignedOut: () => void,
  options: SyncOptions = DEFAULT_SYNC_OPTIONS,
): SyncEngine => {
  let online = false;
  // Read through functions: the value changes in other callbacks while a round awaits.
  const life = { stopped: false, again: false };
  const stopped = (): boolean => life.stopped;
  const again = (): boolean => life.again;
  let running: Promise<void> | null = null;
  let retryDelay = options.retryMinMs;
  let retryTimer: NodeJS.Timeout | null = null;
  const listening = new AbortController();
  let listenLoop: Promise<void> | null = null;

  const setOnline = (value: boolean): void => {
    if (online !== value) {
      online = value;
      emit({ topics: ['sync'] });
    }
  };

  /** Returns the failure that stopped the round, or null when all went through. */
  const fail = (failure: ApiFailure): ApiFailure => {
    if (failure === 'unauthenticated') {
      life.stopped = true;
      onSignedOut();
    } else if (failure === 'server-unreachable' || failure === 'server-error') {
      setOnline(false);
    }
    return failure;
  };

  /** Refused for what it says, not for when it was sent: sending it again cannot help. */
  const unreadable = (reason: ApiFailure): boolean =>
    reason === 'invalid' || reason === 'invalid-text';

  const push = async (): Promise<ApiFailure | null> => {
    for (;;) {
      const batch = peekOutbox(db, PUSH_BATCH);
      if (batch.length === 0) return null;
      const sent = await api.sendCommands(batch);
      if (!sent.ok) {
        if (!unreadable(sent.reason) || batch.length === 1) {
          if (unreadable(sent.reason) && batch[0]) {
            // A command the server cannot read would block the outbox for
            // ever: drop it, and show the referral as refused.
            const bad = batch[0];
            db.transaction(() => {
              removeFromOutbox(db, bad.mutationId);
              markCommandRefused(db, bad, sent.reason);
            })();
            continue;
          }
          return fail(sent.reason);
        }
        // Find the unreadable one by sending the rest one at a time.
        for (const command of batch) {
          const one = await api.sendCommands([command]);
          if (!one.ok && !unreadable(one.reason)) return fail(one.reason);
          db.transaction(() => {
            removeFromOutbox(db, command.mutationId);
            if (!one.ok) markCommandRefused(db, command, one.reason);
            else if (one.value[0]?.status === 'rejected')
              markCommandRefused(db, command, one.value[0].reason);
          })();
        }
        continue;
      }
      setOnline(true);
      const byMutation = new Map(sent.value.map((r) => [r.mutationId, r]));
      db.transaction(() => {
        for (const command of batch) {
          const result = byMutation.get(command.mutationId);
          if (result === undefined) continue; // not answered: stays in the outbox
          removeFromOutbox(db, command.mutationId);
          if (result.status === 'rejected') markCommandRefused(db, command, result.reason);
        }
      })();
      emit({ topics: ['referrals', 'sync'] });
    }
  };

  const pull = async (): Promise<ApiFailure | null> => {
    for (;;) {
      const cursor = Number(getMeta(db, 'change-cursor') ?? '0');
      const page = await api.changes(cursor, options.pageSize);
      if (!page.ok) return fail(page.reason);
      setOnline(true);
      let arrived = 0;
      const topics = new Set<'referrals' | 'directory'>();
      const now = options.now();
      db.transaction(() => {
        for (const change of page.value.changes) {
          if (change.kind === 'referral') {
            if (applyServerReferral(db, change.referral, ownOrganisationId, now)) arrived += 1;
            topics.add('referrals');
          } else {
            upsertService(db, change.service);
            topics.add('directory');
          }
        }
        // The cursor moves in the same transaction as the rows it covers.
        setMeta(db, 'change-cursor', String(page.value.cursor));
        setMeta(db, 'last-synced-at', now.toISOString());
      })();
      if (topics.size > 0 || arrived > 0) {
        emit({ topics: [...topics, 'sync'], ...(arrived > 0 ? { arrived } : {}) });
      }
      if (!page.value.more) return null;
    }
  };

  const scheduleRetry = (): void => {
    if (stopped() || retryTimer !== null) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void syncNow();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, options.retryMaxMs);
  };

  const round = async (): Promise<void> => {
    do {
      life.again = false;
      const failure = (await push()) ?? (await pull());
      if (failure !== null) {
        scheduleRetry();
        return;
      }
      retryDelay = options.retryMinMs;
    } while (again() && !stopped());
  };

  const syncNow = (): Promise<void> => {
    if (stopped()) return Promise.resolve();
    if (running !== null) {
      life.again = true;
      return running;
    }
    running = round().finally(() => {
      running = null;
    });
    return running;
  };

  const listen = async (): Promise<void> => {
    let delay = options.retryMinMs;
    while (!stopped()) {
      const ended = await api.listen(
        () => {
          delay = options.retryMinMs;
          setOnline(true);
          void syncNow();
        },
        () => void syncNow(),
        listening.signal,
      );
      if (stopped() || ended === 'closed') return;
      if (ended === 'unauthenticated') {
        fail(ended);
        return;
      }
      setOnline(false);
      await sleep(delay, undefined, { signal: listening.signal }).catch(() => undefined);
      delay = Math.min(delay * 2, options.retryMaxMs);
    }
  };

  return {
    start: () => {
      listenLoop ??= listen();
      void syncNow();
    },
    syncNow,
    status: () => ({
      online,
      waiting: outboxSize(db),
      lastSyncedAt: getMeta(db, 'last-synced-at'),
    }),
    stop: async () => {
      life.stopped = true;
      listening.abort();
      if (retryTimer !== null) clearTimeout(retryTimer);
      await Promise.allSettled([running, listenLoop]);
    },
  };
};
