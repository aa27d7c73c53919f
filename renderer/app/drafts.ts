import { useEffect, useState } from 'react';
import type { Dispatch, SetStateAction } from 'react';
import { useSession } from '#renderer/app/session.ts';

/**
 * Half-filled forms survive the lock screen (#5).
 *
 * Locking replaces every screen with the lock screen, so no client detail
 * stays on view; without this, an adviser who stepped away mid-form would
 * come back to an empty form and type it all again. A form's fields are kept
 * here, in this window's memory only (never on disk, never sent to the
 * desk), while it is on screen. When the form goes away for any reason other
 * than locking (saved, cancelled, another screen chosen) its draft goes with
 * it, and signing out forgets every draft.
 */
const drafts = new Map<string, unknown>();

const locked = (): boolean => useSession.getState().session?.state === 'locked';

useSession.subscribe((state) => {
  if (state.session?.state === 'signed-out') drafts.clear();
});

/**
 * `useState` for a form field that should outlive locking. `key` names the
 * form and the field, and must include whatever the form is about (a client
 * or case id) so one client's draft never appears on another's form.
 */
export const useDraft = <T>(
  key: string,
  initial: T | (() => T),
): [T, Dispatch<SetStateAction<T>>] => {
  const [value, setValue] = useState<T>(() =>
    drafts.has(key)
      ? (drafts.get(key) as T)
      : typeof initial === 'function'
        ? (initial as () => T)()
        : initial,
  );
  useEffect(() => {
    drafts.set(key, value);
  }, [key, value]);
  useEffect(
    () => () => {
      if (!locked()) drafts.delete(key);
    },
    [key],
  );
  return [value, setValue];
};

/** Whether a field's draft was kept through a lock (so loaded data must not overwrite it). */
export const hasDraft = (key: string): boolean => drafts.has(key);

/** Drafts kept for a form: `draftKeys('refer', clientId)('needs')` → "refer/<id>/needs". */
export const draftKeys =
  (...scope: string[]) =>
  (field: string): string =>
    [...scope, field].join('/');
