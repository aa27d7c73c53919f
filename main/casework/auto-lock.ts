/**
 * Locking an idle desk (#5), and braking guesses at the lock screen. Both run
 * on a `DeskClock` so tests can move time on instead of waiting for it.
 */

export type DeskClock = {
  now(): number;
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
};

export const systemClock: DeskClock = {
  now: () => Date.now(),
  every: (ms, fn) => {
    const timer = setInterval(fn, ms);
    // Never keep the process alive just to check for idleness.
    timer.unref();
    return () => {
      clearInterval(timer);
    };
  },
};

/** How often the idle time is looked at: a lock comes at most this late. */
export const IDLE_CHECK_MS = 15_000;

export type AutoLock = {
  /** The store was opened: count idle time from now. */
  start(): void;
  stop(): void;
  /** The user pressed a key or used the pointer. */
  activity(): void;
};

export const createAutoLock = (deps: {
  clock: DeskClock;
  /** The agency's period, read at each check so a change applies at once. */
  minutes: () => number;
  lock: () => Promise<void>;
}): AutoLock => {
  let last = deps.clock.now();
  let stopTimer: (() => void) | null = null;
  const stop = (): void => {
    stopTimer?.();
    stopTimer = null;
  };
  return {
    start: () => {
      stop();
      last = deps.clock.now();
      stopTimer = deps.clock.every(IDLE_CHECK_MS, () => {
        if (deps.clock.now() - last < deps.minutes() * 60_000) return;
        stop();
        void deps.lock();
      });
    },
    stop,
    activity: () => {
      last = deps.clock.now();
    },
  };
};

/** Free tries at the lock screen before each wrong one costs a wait. */
export const FREE_UNLOCK_TRIES = 5;
const FIRST_WAIT_MS = 60_000;
const LONGEST_WAIT_MS = 15 * 60_000;

/**
 * Wrong passwords or passphrases at the lock screen: five free tries, then a
 * wait that doubles with each wrong one (1, 2, 4 … up to 15 minutes). Kept in
 * memory: a restart needs a full online sign-in, which the server brakes.
 */
export const createUnlockBrake = (clock: DeskClock) => {
  let wrong = 0;
  let waitUntil = 0;
  let line: Promise<unknown> = Promise.resolve();
  return {
    /**
     * Runs one try (its `mayTry`, its check and its count) after the tries
     * before it have been counted (#12). Without this, guesses sent at the
     * same moment (web mode answers several requests at once) would all pass
     * `mayTry` before the first wrong one was counted.
     */
    one: <T>(attempt: () => Promise<T>): Promise<T> => {
      const run = line.then(attempt, attempt);
      line = run.catch(() => undefined);
      return run;
    },
    /** Whether a try may be made now. */
    mayTry: (): boolean => clock.now() >= waitUntil,
    wrong: (): void => {
      wrong += 1;
      if (wrong < FREE_UNLOCK_TRIES) return;
      const wait = Math.min(FIRST_WAIT_MS * 2 ** (wrong - FREE_UNLOCK_TRIES), LONGEST_WAIT_MS);
      waitUntil = clock.now() + wait;
    },
    reset: (): void => {
      wrong = 0;
      waitUntil = 0;
    },
  };
};
