import type { DeskEvent, Handlers } from '#src/contract.ts';
import { err, ok } from '#src/result.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';
import type { Me } from '#src/wire/api.ts';
import { DESK_SETTINGS_PATH } from '#src/wire/desk-settings.ts';
import { apiRequest } from '#main/account/server-call.ts';
import type { DeskClock } from '#main/casework/auto-lock.ts';
import type { DeskSettingsSource } from '#main/casework/desk-settings.ts';
import type { Database } from '#main/store/open.ts';
import {
  lastRetentionRun,
  RETENTION_NOTICE_DAYS,
  runRetentionSchedule,
} from '#main/store/retention-schedule.ts';

export type RetentionChannel = 'retention.scheduled' | 'security.setRetention';

/** How often an open desk runs the rule (it also runs at every unlock). */
export const RETENTION_EVERY_MS = 6 * 60 * 60_000;

/**
 * The agency's retention rule on the desk (#5): the lead sets the years
 * (kept on the server, sent with `/me`); the desk lists what falls due and
 * anonymises it after the notice period — at unlock and every few hours.
 */
export const retentionFeature = (ctx: {
  session: () => { db: Database; me: Me; serverUrl: string; token: string } | null;
  clock: DeskClock;
  emit: (event: DeskEvent) => void;
  /** The agency's desk settings as this desk knows them. */
  settings: DeskSettingsSource;
}) => {
  const years = (): number | null => ctx.settings.current().retentionYears;

  const run = (apply: boolean) => {
    const session = ctx.session();
    if (session === null) return null;
    const result = runRetentionSchedule(session.db, years(), new Date(ctx.clock.now()), apply);
    if (result.ran !== null) ctx.emit({ topics: ['clients'] });
    return { session, result };
  };
  const stopTimer = ctx.clock.every(RETENTION_EVERY_MS, () => {
    run(true);
  });

  const handlers: Pick<Handlers, RetentionChannel> = {
    'retention.scheduled': () => {
      const done = run(false);
      if (done === null) return Promise.resolve(null);
      const { session, result } = done;
      return Promise.resolve({
        years: years(),
        noticeDays: RETENTION_NOTICE_DAYS,
        cases: result.listed,
        lastRun: lastRetentionRun(session.db),
        canChange: session.me.organisation !== null && can(session.me.user.role, 'agency.settings'),
      });
    },
    'security.setRetention': async ({ retentionYears }) => {
      const session = ctx.session();
      if (session === null) return err('not-signed-in');
      if (!can(session.me.user.role, 'agency.settings')) return err('not-allowed');
      const saved = await apiRequest(
        `${session.serverUrl}${API}${DESK_SETTINGS_PATH}`,
        session.token,
        { retentionYears },
      );
      if (!saved.ok) return saved;
      ctx.settings.changed({ retentionYears });
      run(false);
      return ok(null);
    },
  };

  return {
    handlers,
    /** The store was opened: run the rule (anonymising what has been listed long enough). */
    opened: (): void => {
      run(true);
    },
    stop: stopTimer,
  };
};
