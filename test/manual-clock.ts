import type { DeskClock } from '#main/casework/auto-lock.ts';

/**
 * A clock that moves only when told to, for the desk's idle lock: `advance`
 * runs every timer that falls due on the way, in order, so a test says
 * "eleven minutes pass" instead of waiting for them.
 */
export type ManualClock = DeskClock & { advance(ms: number): void };

export const manualClock = (start = Date.parse('2026-11-23T09:00:00Z')): ManualClock => {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { every: number; due: number; fn: () => void }>();
  return {
    now: () => now,
    every: (ms, fn) => {
      const id = nextId++;
      timers.set(id, { every: ms, due: now + ms, fn });
      return () => {
        timers.delete(id);
      };
    },
    advance: (ms) => {
      const end = now + ms;
      for (;;) {
        let next: { id: number; due: number } | null = null;
        for (const [id, t] of timers) {
          if (t.due <= end && (next === null || t.due < next.due)) next = { id, due: t.due };
        }
        if (next === null) break;
        const timer = timers.get(next.id);
        if (timer === undefined) break;
        now = timer.due;
        timer.due += timer.every;
        timer.fn();
      }
      now = end;
    },
  };
};
