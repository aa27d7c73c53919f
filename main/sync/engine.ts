import { setTimeout as sleep } from 'node:timers/promises';
import type { DeskEvent, SyncStatus } from '#src/contract.ts';
import type { Database } from '#main/store/open.ts';
import { upsertService } from '#main/store/directory.ts';
import { getMeta, setMeta } from '#main/store/meta.ts';
import {
  nextRetryAt,
  outboxSize,
  peekOutbox,
  recordFailedAttempt,
  removeFromOutbox,
  setAside,
  setAsideCount,
  subjectOf,
} from '#main/store/outbox.ts';
import { isReason } from '#src/reasons.ts';
import type { CommandRejection, CommandResult, OutboxCommand } from '#src/wire/commands.ts';
import { applyServerReferral } from '#main/store/referrals.ts';
import { markCommandRefused } from '#main/directory/refusals.ts';
import type { ApiFailure, CommandsAnswer, ServerApi } from '#main/sync/server-api.ts';

/**
 * Keeps one desk in step with the network: pushes the outbox (commands are
 * idempotent by mutation id, so a retry after a lost answer is harmless),
 * pulls the change feed from the stored cursor, and listens to the server's
 * event stream so a new referral lands within about a second. Offline, it
 * retries with backoff; nothing is lost, because the outbox is in the store.
 *
 * No command may jam the outbox (#12). The server's answers are told apart
 * (`commandsVerdict` in server-api.ts): "try again later" stops the round and
 * the whole line is retried with backoff; a command refused for good, or
 * rejected by the server, is set aside with its reason (the adviser fixes
 * and resends it, or discards it) and the rest goes on; a command the server
 * fails on (5xx) while it serves everything else backs off on its own, with
 * jitter, and after `maxAttempts` is set aside as undeliverable.
 */
export type SyncOptions = {
  retryMinMs: number;
  retryMaxMs: number;
  pageSize: number;
  now: () => Date;
  /** Failed sends of one command (while the server was otherwise well) before it is set aside. */
  maxAttempts: number;
  /** In [0, 1): spreads the retries of failing commands (jitter). */
  random: () => number;
};

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  retryMinMs: 1_000,
  retryMaxMs: 30_000,
  pageSize: 200,
  now: () => new Date(),
  maxAttempts: 8,
  random: Math.random,
};

/**
 * Refusals that only say someone else moved the referral first (a race the
 * server decided). The referral page explains them; listing them under
 * "Messages not sent" as well would ask the adviser to fix what needs no fixing.
 */
const RACES: ReadonlySet<CommandRejection> = new Set(['not-allowed-now', 'already-held']);

/** A failing command's own backoff grows to this many times the line's longest. */
const COMMAND_BACKOFF_CAP = 20;

/**
 * The reason kept with a command refused for good, as a code `reasons.ts`
 * has words for: "cannot read it" (400, 413, a 4xx from something that is not
 * our server) reads as the message not being acceptable as it is.
 */
const refusalReason = (failure: ApiFailure): string =>
  failure === 'invalid' || failure === 'not-a-server' || !isReason(failure)
    ? 'command-unreadable'
    : failure;

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

  /** Applied: gone from the line. Rejected: set aside with the server's reason. */
  const settleAnswers = (batch: OutboxCommand[], results: CommandResult[]): void => {
    const now = options.now();
    const byMutation = new Map(results.map((r) => [r.mutationId, r]));
    db.transaction(() => {
      for (const command of batch) {
        const result = byMutation.get(command.mutationId);
        if (result === undefined) continue; // not answered: stays in the outbox
        if (result.status === 'applied') {
          removeFromOutbox(db, command.mutationId);
        } else if (RACES.has(result.reason)) {
          // A colleague or the other agency moved the referral first: the
          // referral page says who and when, and there is nothing to resend.
          removeFromOutbox(db, command.mutationId);
          markCommandRefused(db, command, result.reason);
        } else {
          // The server read it and said no, and stored that answer: sending
          // the same mutation again can only get the same answer.
          setAside(db, command.mutationId, 'rejected', result.reason, now);
          markCommandRefused(db, command, result.reason);
        }
      }
    })();
  };

  const refuse = (command: OutboxCommand, failure: ApiFailure): void => {
    const reason = refusalReason(failure);
    db.transaction(() => {
      setAside(db, command.mutationId, 'refused', reason, options.now());
      markCommandRefused(db, command, reason);
    })();
  };

  /** When a command the server has failed on `attempts` times may be tried again (with jitter). */
  const retryAt = (attempts: number): Date => {
    const grown = options.retryMinMs * 2 ** Math.min(attempts, 20);
    const delay = Math.min(grown, options.retryMaxMs * COMMAND_BACKOFF_CAP);
    return new Date(options.now().getTime() + Math.round(delay * (0.5 + options.random())));
  };

  /** Out of the line until the round has judged it (`judgeSuspects`). */
  const holdForRound = (command: OutboxCommand): void => {
    const until = options.now().getTime() + options.retryMaxMs * COMMAND_BACKOFF_CAP;
    db.prepare('UPDATE outbox SET retry_at = ? WHERE mutation_id = ?').run(
      new Date(until).toISOString(),
      command.mutationId,
    );
  };

  /**
   * Pushes the line. Commands the server failed on go in `suspects`: whether
   * that counts against them is decided when the round knows whether the
   * server is otherwise well (see `round`).
   */
  const push = async (suspects: OutboxCommand[]): Promise<ApiFailure | null> => {
    // Two commands in a row failing alone looks like the server, not them.
    let failedInARow = 0;
    // Subjects with a command just set aside or held back: their later
    // commands wait with it, so each subject's commands keep their order.
    const heldBack = new Set<string>();
    const sendAlone = async (
      command: OutboxCommand,
      answer?: CommandsAnswer,
    ): Promise<ApiFailure | null> => {
      const one = answer ?? (await api.sendCommands([command]));
      if (one.ok) {
        setOnline(true);
        failedInARow = 0;
        settleAnswers([command], one.value);
        return null;
      }
      switch (one.verdict) {
        case 'later':
        case 'signed-out':
          return fail(one.reason);
        case 'refused':
          failedInARow = 0;
          heldBack.add(subjectOf(command));
          refuse(command, one.reason);
          return null;
        case 'suspect':
          suspects.push(command);
          // Out of the line for now (its subject's later commands too).
          holdForRound(command);
          heldBack.add(subjectOf(command));
          failedInARow += 1;
          return failedInARow >= 2 ? fail(one.reason) : null;
      }
    };
    for (;;) {
      const batch = peekOutbox(db, PUSH_BATCH, options.now());
      const [first] = batch;
      if (first === undefined) return null;
      const sent = await api.sendCommands(batch);
      if (sent.ok) {
        setOnline(true);
        failedInARow = 0;
        settleAnswers(batch, sent.value);
      } else if (sent.verdict === 'later' || sent.verdict === 'signed-out') {
        return fail(sent.reason);
      } else if (batch.length === 1) {
        const stopped = await sendAlone(first, sent);
        if (stopped !== null) return stopped;
      } else {
        // One of them (or none) is the trouble: send them one at a time to
        // find out.
        for (const command of batch) {
          if (heldBack.has(subjectOf(command))) continue;
          const stopped = await sendAlone(command);
          if (stopped !== null) return stopped;
        }
      }
      emit({ topics: ['referrals', 'sync'] });
    }
  };

  /**
   * The end of a round for the commands the server failed on. When the server
   * was otherwise well (it served the change feed), the failure counts
   * against each; after `maxAttempts` it is set aside as undeliverable. When
   * it was not (an outage), nothing counts: the whole line retries later.
   */
  const judgeSuspects = (suspects: OutboxCommand[], serverWell: boolean): void => {
    if (suspects.length === 0) return;
    db.transaction(() => {
      for (const command of suspects) {
        if (!serverWell) {
          db.prepare('UPDATE outbox SET retry_at = NULL WHERE mutation_id = ?').run(
            command.mutationId,
          );
          continue;
        }
        const attempts = recordFailedAttempt(db, command.mutationId, retryAt(0));
        if (attempts === 0) continue; // no longer in the line (erased meanwhile)
        if (attempts >= options.maxAttempts) {
          setAside(db, command.mutationId, 'undeliverable', 'command-undeliverable', options.now());
          markCommandRefused(db, command, 'command-undeliverable');
        } else {
          db.prepare('UPDATE outbox SET retry_at = ? WHERE mutation_id = ?').run(
            retryAt(attempts).toISOString(),
            command.mutationId,
          );
        }
      }
    })();
    emit({ topics: ['referrals', 'sync'] });
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

  /** Wakes the engine when the next command backing off may be tried. */
  let commandTimer: NodeJS.Timeout | null = null;
  const scheduleCommandRetry = (): void => {
    if (commandTimer !== null) clearTimeout(commandTimer);
    commandTimer = null;
    const at = nextRetryAt(db, options.now());
    if (stopped() || at === null) return;
    commandTimer = setTimeout(
      () => {
        commandTimer = null;
        void syncNow();
      },
      Math.max(0, at.getTime() - options.now().getTime()),
    );
  };

  const round = async (): Promise<void> => {
    do {
      life.again = false;
      const suspects: OutboxCommand[] = [];
      const pushed = await push(suspects);
      // When the server failed on commands, the feed says whether it is
      // otherwise well (then the failures count against those commands).
      const pulled =
        pushed === null || (suspects.length > 0 && pushed !== 'unauthenticated')
          ? await pull()
          : pushed;
      const failure = pushed ?? pulled;
      judgeSuspects(suspects, pulled === null && !stopped());
      scheduleCommandRetry();
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
      setAside: setAsideCount(db),
      lastSyncedAt: getMeta(db, 'last-synced-at'),
    }),
    stop: async () => {
      life.stopped = true;
      listening.abort();
      if (retryTimer !== null) clearTimeout(retryTimer);
      if (commandTimer !== null) clearTimeout(commandTimer);
      await Promise.allSettled([running, listenLoop]);
    },
  };
};
