import { z } from 'zod';
import { stored } from '#src/wire/text.ts';
import { isoDate, issueCategorySchema } from '#src/wire/directory.ts';

/** Settings a network agrees for all its members. */
export const networkSettingsSchema = z.object({
  /** Working days the receiver has to acknowledge a referral. */
  acknowledgeDays: z.int().min(1).max(30),
  /** Further working days, after acknowledging, to act on it. */
  actDays: z.int().min(1).max(60),
  /** Extra days the network is closed (one-off holidays, office closures). */
  closures: z.array(isoDate).max(1000),
  /**
   * Working days past its deadline after which a referral nobody answered
   * closes itself as "no response", so no referral stays in limbo. Absent:
   * the default below.
   */
  noResponseDays: z.int().min(1).max(60).optional(),
  /** Leads and coordinators must sign in with a two-factor code (issue #6). */
  requireTwoFactor: z.boolean().optional(),
  /** Months after which a service's record is due for review by its lead (#4); absent: 12. */
  reviewMonths: z.int().min(1).max(60).optional(),
  /** Organisation leads may post bulletins too, not only the coordinator (#4). */
  leadsMayPostBulletins: z.boolean().optional(),
  /** Issue categories the coordinator added to the standard list (#4). */
  issueCategories: z.array(issueCategorySchema).max(200).optional(),
  /**
   * Hours a session may go without a request from its device before the
   * server ends it (#12); absent: DEFAULT_SESSION_IDLE_HOURS. At most 14 days.
   */
  sessionIdleHours: z
    .int()
    .min(1)
    .max(14 * 24)
    .optional(),
  /**
   * Days a session lasts from its sign-in however much it is used (#12);
   * absent: DEFAULT_SESSION_MAX_DAYS. At most a year.
   */
  sessionMaxDays: z.int().min(1).max(365).optional(),
});
export type NetworkSettings = z.infer<typeof networkSettingsSchema>;

/**
 * A working day and a night: a desk left signed in overnight, or on a
 * computer shared by volunteers on different days, signs in again next time.
 */
export const DEFAULT_SESSION_IDLE_HOURS = 12;
/** A month: even a desk in use every day signs in again now and then. */
export const DEFAULT_SESSION_MAX_DAYS = 30;

const HOUR_MS = 3_600_000;

/** How long sessions last under `settings` (the defaults where it says nothing). */
export const sessionLifetimes = (
  settings: Pick<NetworkSettings, 'sessionIdleHours' | 'sessionMaxDays'> | null,
): { idleMs: number; maxMs: number } => ({
  idleMs: (settings?.sessionIdleHours ?? DEFAULT_SESSION_IDLE_HOURS) * HOUR_MS,
  maxMs: (settings?.sessionMaxDays ?? DEFAULT_SESSION_MAX_DAYS) * 24 * HOUR_MS,
});

/** Why a session has ended by its age, or null while it lives (absolute lifetime first). */
export const sessionExpiry = (
  session: { createdAt: Date; lastSeenAt: Date },
  lifetimes: { idleMs: number; maxMs: number },
  now: Date,
): 'session-expired' | 'session-idle' | null => {
  if (now.getTime() - session.createdAt.getTime() >= lifetimes.maxMs) return 'session-expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= lifetimes.idleMs) return 'session-idle';
  return null;
};

export const DEFAULT_NETWORK_SETTINGS: NetworkSettings = {
  acknowledgeDays: 3,
  actDays: 5,
  closures: [],
};

export const networkSchema = z.object({
  id: z.uuid(),
  name: stored().min(1).max(200),
  settings: networkSettingsSchema,
});
export type Network = z.infer<typeof networkSchema>;
