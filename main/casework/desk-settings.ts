import { ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import { API, meSchema } from '#src/wire/api.ts';
import type { Me } from '#src/wire/api.ts';
import { AUTO_LOCK_MINUTES } from '#src/wire/desk-settings.ts';
import type { DeskSettings } from '#src/wire/desk-settings.ts';
import { apiRequest } from '#main/account/server-call.ts';
import type { DeskClock } from '#main/casework/auto-lock.ts';

/** How often an open desk asks the server for its agency's settings again. */
export const SETTINGS_EVERY_MS = 5 * 60_000;

const DEFAULTS: DeskSettings = {
  autoLockMinutes: AUTO_LOCK_MINUTES.default,
  retentionYears: null,
};

/**
 * The agency's desk settings (#5) as this desk knows them: from sign-in
 * (`/me`), then asked again every few minutes while the desk is open, so a
 * change the lead makes elsewhere reaches it without a new sign-in. Offline,
 * the last known settings stay in force.
 */
export const deskSettingsSource = (ctx: {
  session: () => { me: Me; serverUrl: string; token: string } | null;
  clock: DeskClock;
}) => {
  /** Newer than the sign-in's, for this user: asked again, or just changed here. */
  let latest: { userId: string; settings: DeskSettings } | null = null;

  const current = (): DeskSettings => {
    const session = ctx.session();
    if (session === null) return DEFAULTS;
    if (latest !== null && latest.userId === session.me.user.id) return latest.settings;
    return session.me.desk ?? DEFAULTS;
  };

  const refresh = async (): Promise<Result<null, Reason>> => {
    const session = ctx.session();
    if (session === null) return ok(null);
    const answer = await apiRequest(`${session.serverUrl}${API}/me`, session.token, undefined);
    if (!answer.ok) return answer;
    const me = meSchema.safeParse(answer.value);
    if (me.success && me.data.desk !== undefined && ctx.session() === session) {
      latest = { userId: session.me.user.id, settings: me.data.desk };
    }
    return ok(null);
  };
  const stop = ctx.clock.every(SETTINGS_EVERY_MS, () => void refresh());

  return {
    current,
    /** The lead changed them here (the server has them): use them at once. */
    changed: (change: Partial<DeskSettings>): void => {
      const session = ctx.session();
      if (session === null) return;
      latest = { userId: session.me.user.id, settings: { ...current(), ...change } };
    },
    refresh,
    /** The session ended: the next sign-in brings fresh settings. */
    reset: (): void => {
      latest = null;
    },
    stop,
  };
};

export type DeskSettingsSource = ReturnType<typeof deskSettingsSource>;
