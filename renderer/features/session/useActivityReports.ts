import { useEffect } from 'react';
import { call } from '#renderer/bridge.ts';

/** What counts as using Handover, for the agency's auto-lock (#5). */
const EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
/** At most one report this often: the desk only needs to know the user is still there. */
const EVERY_MS = 5_000;

/**
 * Tells the desk the user is active, so it locks only after the agency's
 * idle minutes with no keyboard or pointer use. The desk keeps the clock and
 * does the locking; a report in the quiet window is sent at its end, so the
 * last use before going quiet is never lost.
 */
export const useActivityReports = (): void => {
  useEffect(() => {
    let lastSent = 0;
    let trailing: ReturnType<typeof setTimeout> | null = null;
    const send = (): void => {
      lastSent = Date.now();
      trailing = null;
      void call('session.activity', {});
    };
    const report = (): void => {
      const wait = lastSent + EVERY_MS - Date.now();
      if (wait <= 0) send();
      else trailing ??= setTimeout(send, wait);
    };
    const options = { capture: true, passive: true };
    for (const name of EVENTS) window.addEventListener(name, report, options);
    return () => {
      for (const name of EVENTS) window.removeEventListener(name, report, options);
      if (trailing !== null) clearTimeout(trailing);
    };
  }, []);
};
